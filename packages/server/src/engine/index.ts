/**
 * The local billing engine: the pieces handlers and the (coming) billing run share. Every write takes
 * the caller's transaction (`tx`), so a run can compose them into one atomic step per subscription.
 */
export { createInvoice, addCredit, creditBalance, markInvoicePaid, renderInvoice, renderInvoiceSummary } from './invoices.js';
export { createCreditNote } from './credit-notes.js';
export type { NewInvoice } from './invoices.js';
export { activateAfterPayment, defaultPaymentMethod, confirmPayment } from './payments.js';
export { attemptKey, recordAttempt, issueAttempt, settleAttempt, collectNow, pendingAttempts, openAttempt, nextActionOf } from './attempts.js';
export type { Settled } from './attempts.js';
export {
  paymentProcessor,
  usePaymentProcessor,
  TestProcessor,
  ProcessorUnavailableError,
  chargeOutcome,
  setupOutcome,
  challengeOutcome,
  acceptTestCard,
  isHardDecline,
  declineError,
} from './processor/index.js';
export type { PaymentProcessor, ChargeRequest, ChargeResult, SetupRequest, SetupResult, ProcessorName, ChargeOutcome, AcceptedTestCard } from './processor/index.js';
export { periodLines, usageLines, prorate, discountsFor, totalsOf, signedTotals, itemAmount, isLicensed } from './lines.js';
export { consumeDiscountPeriod, discountActive } from './promo.js';
export { loadSubscription, renderSubscription, subscriptionToWire, updateSubscription, nextInvoiceOf, loadCompany, planName } from './subscriptions.js';
export { usageTotals, projectUsage } from './usage.js';
export { taxRatesFor } from './tax.js';
export type { SubscriptionRow, InvoiceRow, PaymentRow, PaymentMethodRow, ScheduledChange } from './rows.js';
