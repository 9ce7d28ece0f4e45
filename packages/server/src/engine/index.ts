/**
 * The local billing engine: the pieces handlers and the (coming) billing run share. Every write takes
 * the caller's transaction (`tx`), so a run can compose them into one atomic step per subscription.
 */
export { createInvoice, addCredit, creditBalance, createCreditNote, markInvoicePaid, renderInvoice, renderInvoiceSummary } from './invoices.js';
export type { NewInvoice } from './invoices.js';
export { chargeInvoice, activateAfterPayment, defaultPaymentMethod, confirmPayment } from './payments.js';
export { chargeOutcome, setupOutcome, challengeOutcome, acceptTestCard, isHardDecline, declineError } from './processor.js';
export type { ChargeOutcome, AcceptedTestCard } from './processor.js';
export { periodLines, usageLines, prorate, discountsFor, totalsOf, signedTotals, itemAmount, isLicensed } from './lines.js';
export { consumeDiscountPeriod, discountActive } from './promo.js';
export { loadSubscription, renderSubscription, updateSubscription, nextInvoiceDate, nextInvoiceOf, loadCompany, planName } from './subscriptions.js';
export { usageTotals, projectUsage } from './usage.js';
export { taxRatesFor } from './tax.js';
export type { SubscriptionRow, InvoiceRow, PaymentRow, PaymentMethodRow, ScheduledChange } from './rows.js';
