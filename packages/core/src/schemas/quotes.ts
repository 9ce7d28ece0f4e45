/**
 * Quotes for "contact sales" plans (issue #17): the merchant's sales team creates one for a company
 * (contract prices, seats, term, payment terms, expiry); the company's billing admin sees it with the
 * exact first invoice and accepts it — which creates the subscription with those prices and terms — or
 * declines it. An accepted quote is immutable and linked from its subscription (`commitment.quoteId`).
 */
import * as z from 'zod/mini';
import { PriceItem } from './catalog.js';
import { Amount, CurrencyCode, Id, ListQuery, MerchantId, Quantity, Recurring, Timestamp } from './common.js';
import { InvoiceLine } from './invoice-line.js';
import { LocaleQuery, TaxLine } from './texts.js';
import { ApprovalPerson } from './approvals.js';

/** Where a quote stands. */
export const QuoteStatus = z.enum(['open', 'accepted', 'declined', 'expired', 'canceled']);
export type QuoteStatus = z.infer<typeof QuoteStatus>;

/** The invoice accepting the quote issues now, exactly. */
export const QuoteFirstInvoice = z.object({
  lines: z.array(InvoiceLine),
  subtotal: Amount,
  taxLines: z.array(TaxLine),
  tax: Amount,
  total: Amount,
  /** After the company's credit balance. */
  amountDue: Amount,
  /** The invoice's date: the subscription's start (acceptance, or the quote's later start date). */
  issuedAt: Timestamp,
  periodStart: Timestamp,
  periodEnd: Timestamp,
  /** When it is due under the quote's payment terms. */
  dueAt: Timestamp,
});
export type QuoteFirstInvoice = z.infer<typeof QuoteFirstInvoice>;

/** A quote for one company. */
export const Quote = z.object({
  id: Id,
  object: z.literal('quote'),
  companyId: Id,
  status: QuoteStatus,
  planId: Id,
  planName: z.string(),
  currency: CurrencyCode,
  recurring: Recurring,
  /** The contract prices. */
  items: z.array(PriceItem),
  quantity: Quantity,
  /** Minimum term in months from acceptance; null: none. */
  termMonths: z.nullable(z.int()),
  minimumSeats: z.nullable(z.int()),
  downgradesAtRenewalOnly: z.boolean(),
  /** Net terms of its invoices, in days. */
  paymentTermsDays: z.int(),
  /** When the subscription starts and its first invoice is dated; null: on acceptance. */
  startAt: z.nullable(Timestamp),
  note: z.nullable(z.string()),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  /** While open: the first invoice accepting it now issues (null once decided). */
  firstInvoice: z.nullable(QuoteFirstInvoice),
  acceptedBy: z.nullable(ApprovalPerson),
  decidedAt: z.nullable(Timestamp),
  declineReason: z.nullable(z.string()),
  /** The subscription the accepted quote created. */
  subscriptionId: z.nullable(Id),
});
export type Quote = z.infer<typeof Quote>;

/** The merchant's sales team creates a quote (secret key). */
export const QuoteCreateRequest = z.object({
  companyId: MerchantId,
  planId: Id,
  currency: CurrencyCode,
  recurring: Recurring,
  items: z.array(PriceItem).check(z.minLength(1), z.maxLength(20)),
  quantity: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  termMonths: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(120)))),
  minimumSeats: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(1_000_000)))),
  downgradesAtRenewalOnly: z.optional(z.boolean()),
  paymentTermsDays: z.optional(z.int().check(z.minimum(0), z.maximum(120))),
  note: z.optional(z.string().check(z.maxLength(2000))),
  expiresAt: Timestamp,
  /** A later start (within a year): the subscription starts then and its first invoice is dated then. */
  startAt: z.optional(Timestamp),
});
export type QuoteCreateRequest = z.infer<typeof QuoteCreateRequest>;

/** The billing admin accepts, optionally with their PO number for its invoices. */
export const QuoteAcceptRequest = z.object({ poNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) });

/** The billing admin declines, optionally saying why. */
export const QuoteDeclineRequest = z.object({ reason: z.optional(z.string().check(z.maxLength(2000))) });

/** Filters of a quote list. */
export const QuoteListQuery = z.extend(ListQuery, { status: z.optional(QuoteStatus) });
/** The buyer's quotes: their plan's name and price items in `locale` (else Accept-Language) where the merchant has texts. */
export const BuyerQuoteListQuery = z.extend(QuoteListQuery, LocaleQuery.shape);
