import * as z from 'zod/mini';
import { CollectionMethod } from './subscription.js';
import { Amount, CurrencyCode, Id, IsoDate, ListQuery, NonNegativeAmount, Timestamp } from './common.js';
import { InvoiceLine } from './invoice-line.js';
import { InvoiceParty, SellerProfile } from './seller.js';
import { OpenInvoiceReason } from './open-reason.js';
import { CreditNoteText, InvoicePurpose, TaxLine, TaxTreatment } from './texts.js';

export { InvoiceLine, TierBreakdownLine } from './invoice-line.js';

/** Invoice lifecycle (Stripe's): draft → open → paid, or void / uncollectible. */
export const InvoiceStatus = z.enum(['draft', 'open', 'paid', 'void', 'uncollectible']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;


/** A try to collect payment for an invoice. */
export const PaymentAttempt = z.object({
  id: Id,
  at: Timestamp,
  amount: NonNegativeAmount,
  status: z.enum(['succeeded', 'failed', 'requires_action', 'pending']),
  paymentMethodId: z.nullable(Id),
  failureCode: z.nullable(z.string()),
  failureMessage: z.nullable(z.string()),
  /** When dunning will try again; null when it will not. */
  nextRetryAt: z.nullable(Timestamp),
});
export type PaymentAttempt = z.infer<typeof PaymentAttempt>;

/** A chargeback on an invoice's payment: open until the card network decides, then won or lost. */
export const InvoiceDispute = z.object({
  id: Id,
  status: z.enum(['open', 'won', 'lost']),
  /** The card network's reason as Stripe reports it (`fraudulent`, `product_not_received`, …). */
  reason: z.string(),
  amount: NonNegativeAmount,
  createdAt: Timestamp,
  closedAt: z.nullable(Timestamp),
});
export type InvoiceDispute = z.infer<typeof InvoiceDispute>;

/** An invoice of a company. */
export const Invoice = z.object({
  id: Id,
  object: z.literal('invoice'),
  number: z.string(),
  companyId: Id,
  subscriptionId: z.nullable(Id),
  status: InvoiceStatus,
  billingReason: z.enum(['subscription_create', 'subscription_cycle', 'subscription_update', 'manual']),
  collectionMethod: CollectionMethod,
  currency: CurrencyCode,
  lines: z.array(InvoiceLine),
  subtotal: Amount,
  discountTotal: NonNegativeAmount,
  taxLines: z.array(TaxLine),
  tax: Amount,
  total: Amount,
  creditApplied: NonNegativeAmount,
  amountPaid: NonNegativeAmount,
  amountDue: NonNegativeAmount,
  amountRemaining: NonNegativeAmount,
  poNumber: z.nullable(z.string()),
  periodStart: Timestamp,
  periodEnd: Timestamp,
  issuedAt: Timestamp,
  dueAt: z.nullable(Timestamp),
  paidAt: z.nullable(Timestamp),
  /** When dunning charges the invoice again; null when no retry is planned. */
  nextPaymentAttemptAt: z.optional(z.nullable(Timestamp)),
  /** When a net-terms invoice became overdue (unpaid after its due date); null while it is not. */
  overdueAt: z.optional(z.nullable(Timestamp)),
  /** When the subscription ends (the merchant's policy) if the invoice is still unpaid; null when it will not. */
  dunningEndsAt: z.optional(z.nullable(Timestamp)),
  /** Why a card-paid invoice is still open after its latest payment attempt (`authentication_required`: the buyer pays it on the page); null otherwise. */
  openReason: z.optional(z.nullable(OpenInvoiceReason)),
  paymentAttempts: z.array(PaymentAttempt),
  /** Relative URL of the PDF (needs the same session). */
  pdfUrl: z.string(),
  creditNoteIds: z.array(Id),
  /** What the invoice is for: a purchase, a renewal, an upgrade, more seats… */
  purpose: z.optional(InvoicePurpose),
  /** `reverse_charge` or `not_subject` when the invoice carries no VAT for that reason. */
  taxTreatment: z.optional(TaxTreatment),
  /** The seller as the invoice names it (legal name, address, VAT ID, bank details). */
  seller: z.optional(z.nullable(SellerProfile)),
  /** The buyer as it was when the invoice was issued. */
  buyer: z.optional(z.nullable(InvoiceParty)),
  /** A chargeback the card holder opened on the invoice's payment (card payments through Stripe). */
  dispute: z.optional(z.nullable(InvoiceDispute)),
});
export type Invoice = z.infer<typeof Invoice>;

/** Invoice list summary row: everything but the lines and the parties (lists stay light). */
export const InvoiceSummary = z.omit(Invoice, { lines: true, paymentAttempts: true, taxLines: true, seller: true, buyer: true });
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

/** Filters of the invoice list. */
/** Filters of the invoice list and of the CSV export. */
export const InvoiceFilters = z.object({
  status: z.optional(InvoiceStatus),
  subscriptionId: z.optional(Id),
  /** Issued on or after this date. */
  from: z.optional(IsoDate),
  /** Issued on or before this date. */
  to: z.optional(IsoDate),
});
export type InvoiceFilters = z.infer<typeof InvoiceFilters>;

/** The invoice list's query: the filters and cursor paging. */
export const InvoiceListQuery = z.extend(ListQuery, InvoiceFilters.shape);
export type InvoiceListQuery = z.infer<typeof InvoiceListQuery>;

/** The merchant's list of a company's invoices: the buyer's filters, and the invoice number a bank transfer quotes. */
export const CompanyInvoiceListQuery = z.extend(InvoiceListQuery, { number: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) });
export type CompanyInvoiceListQuery = z.infer<typeof CompanyInvoiceListQuery>;

/** Pay an open invoice with a saved payment method (default one when omitted). */
export const PayInvoiceRequest = z.object({ paymentMethodId: z.optional(Id) });
export type PayInvoiceRequest = z.infer<typeof PayInvoiceRequest>;

/**
 * The merchant records that an invoice was paid outside subkit — the buyer's accounts payable sent a bank transfer, a
 * cheque came — and so pays what remains of it (Stripe's `paid_out_of_band`). Recorded in full, never in part.
 */
export const RecordInvoicePaymentRequest = z.object({
  /** How the money came; `bank_transfer` when omitted. */
  method: z.optional(z.enum(['bank_transfer', 'check', 'cash', 'other'])),
  /** The bank's reference or remittance text, for reconciliation (it goes out with `payment.succeeded`). */
  reference: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  /** What was received: when given, it must be what remains to pay — a guard against booking a transfer on the wrong invoice. */
  amount: z.optional(z.int().check(z.minimum(1))),
});
export type RecordInvoicePaymentRequest = z.infer<typeof RecordInvoicePaymentRequest>;

/** Why the merchant forgives part of an invoice (Stripe's credit note reasons). */
export const CreditNoteRequestReason = z.enum(['duplicate', 'order_change', 'product_unsatisfactory', 'other']);

/**
 * The merchant forgives part of an invoice (a service credit, a pricing error, a duplicate line) with a credit note
 * (Stripe's POST /v1/credit_notes). On an open or uncollectible invoice it reduces what is owed (at most what remains;
 * nothing left, the invoice is paid). On a paid one it goes to the company's balance (`creditTo: balance`, the
 * default) or was paid back outside subkit (`out_of_band`); an invoice's credit notes never exceed its total.
 */
export const CreateCreditNoteRequest = z.object({
  lines: z.array(z.object({
    /** The merchant's words for the line, shown to the buyer as written. */
    description: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    /** What the line forgives, in minor units, tax included. */
    amount: z.int().check(z.minimum(1)),
  })).check(z.minLength(1), z.maxLength(20)),
  reason: CreditNoteRequestReason,
  memo: z.optional(z.nullable(z.string().check(z.maxLength(500)))),
  /** Where the credit of a paid invoice goes; not for an invoice still owed (its credit reduces what is owed). */
  creditTo: z.optional(z.enum(['balance', 'out_of_band'])),
});
export type CreateCreditNoteRequest = z.infer<typeof CreateCreditNoteRequest>;

/** A credit note reducing an invoice (refund or credit to balance). */
export const CreditNote = z.object({
  id: Id,
  object: z.literal('credit_note'),
  number: z.string(),
  invoiceId: Id,
  companyId: Id,
  currency: CurrencyCode,
  amount: NonNegativeAmount,
  reason: z.enum(['duplicate', 'order_change', 'product_unsatisfactory', 'proration', 'other']),
  memo: z.nullable(z.string()),
  createdAt: Timestamp,
  /** Each line's `description` is English; `text` says the same as data for widgets to word in their locale. */
  lines: z.array(z.object({ description: z.string(), amount: NonNegativeAmount, text: z.optional(CreditNoteText) })),
});
export type CreditNote = z.infer<typeof CreditNote>;
