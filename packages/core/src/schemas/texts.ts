import * as z from 'zod/mini';
import { Amount, Id, Quantity } from './common.js';

/** `?locale=` of endpoints that answer in a language (a BCP 47 tag such as `ar` or `zh-CN`; else Accept-Language). */
export const LocaleQuery = z.object({
  locale: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, 'must be a language tag such as en, ar or zh-CN'))),
});
export type LocaleQuery = z.infer<typeof LocaleQuery>;

/**
 * What a line bills: a price item of a plan, or an add-on. Names are the merchant's data, in the locale the
 * response was asked for where the catalog has a translation; widgets put them into sentences of their own.
 */
export const LineSubject = z.object({
  /** `plan` for a price item of the plan, `addon` for an add-on. */
  type: z.enum(['plan', 'addon']),
  planId: z.nullable(Id),
  planName: z.nullable(z.string()),
  /** The price item id (plan items) or the add-on id. */
  itemId: Id,
  /** The price item's or the add-on's name, e.g. "Seats", "Platform fee", "Priority support". */
  name: z.string(),
  unitLabel: z.nullable(z.string()),
  unitLabelPlural: z.nullable(z.string()),
});
export type LineSubject = z.infer<typeof LineSubject>;

/**
 * A line's text as data, so every surface words it in its own language (the line's `description` keeps the
 * English sentence for old clients, CSV and logs). The line's own `quantity`, `periodStart` and `periodEnd`
 * complete it.
 * - `period`: the charge of a period, e.g. "Starter — Seats".
 * - `trial`: the same during a free trial, at zero.
 * - `usage`: metered usage of the period, billed in arrears; `included` units were free.
 * - `unused_time`: the credit for the unused time of an item a change replaced ("Unused time on …").
 * - `remaining_time`: the charge for the rest of the period on the new item ("Remaining time on …").
 * - `custom`: a text the merchant wrote (printed as it is).
 */
export const LineText = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('period'), subject: LineSubject }),
  z.object({ kind: z.literal('trial'), subject: LineSubject }),
  z.object({ kind: z.literal('usage'), subject: LineSubject, included: z.nullable(Quantity) }),
  z.object({ kind: z.literal('unused_time'), subject: LineSubject }),
  z.object({ kind: z.literal('remaining_time'), subject: LineSubject }),
  z.object({ kind: z.literal('custom'), text: z.string() }),
]);
export type LineText = z.infer<typeof LineText>;
export type LineTextKind = LineText['kind'];

/** Which tax a tax line is: value-added tax, a US-style sales tax, a goods-and-services tax, or another. */
export const TaxKind = z.enum(['vat', 'sales_tax', 'gst', 'other']);
export type TaxKind = z.infer<typeof TaxKind>;

/**
 * How a tax line came about: `standard` (the configured rate), `reverse_charge` (0%, the business buyer in
 * another EU state accounts for the VAT), `not_subject` (0%, outside the scope of EU VAT).
 */
export const TaxTreatment = z.enum(['standard', 'reverse_charge', 'not_subject']);
export type TaxTreatment = z.infer<typeof TaxTreatment>;

/** What an invoice is for, so history and PDF can say it: a purchase, a renewal, an upgrade, more seats… */
export const InvoicePurpose = z.enum([
  'purchase',
  'renewal',
  'upgrade',
  'downgrade',
  'seats',
  'add_ons',
  'billing_period',
  'change',
  'usage',
  'manual',
]);
export type InvoicePurpose = z.infer<typeof InvoicePurpose>;

/**
 * A tax line of an invoice or a preview: `name` is the tax's own name ("VAT", "USt"), shown with its rate
 * ("VAT 19%"); a 0% line of a reverse charge or a sale outside the scope of VAT says so in `treatment`.
 */
export const TaxLine = z.object({
  name: z.string(),
  percent: z.number().check(z.minimum(0), z.maximum(100)),
  taxableAmount: Amount,
  amount: Amount,
  inclusive: z.boolean(),
  kind: z.optional(TaxKind),
  treatment: z.optional(TaxTreatment),
  /** The country whose rate this is (ISO 3166-1), when there is one. */
  country: z.optional(z.nullable(z.string())),
});
export type TaxLine = z.infer<typeof TaxLine>;

/**
 * A credit note line as data, worded by the widgets in their locale:
 * - `unused_time`: the unused time of a subscription credited after a `change` (to `planName` × `quantity`) or a
 *   `cancellation`; `settlement` says where the credit went — the company's balance, or off the invoice the note reduces;
 * - `late_payment`: a payment that went through too late, refunded in full to where it came from (`settlement:
 *   refund`) — after its invoice was voided (`invoice_voided`: the bank's 3-D Secure page finished after the
 *   subscription expired unpaid), or after a newer attempt had paid the invoice (`invoice_paid`: an older attempt's
 *   page finished in another tab);
 * - `refunded_at_processor`: a refund made at the payment processor, not through subkit (the merchant refunded the
 *   charge in the Stripe Dashboard), recorded as it happened (`settlement: refund`);
 * - `adjustment`: part of an invoice the merchant forgave (POST /v1/invoices/:id/credit-notes), in the merchant's own
 *   words (the line's `description`): taken off what the invoice still owed (`invoice`), credited to the company's
 *   balance (`balance`), or paid back outside subkit (`out_of_band`).
 */
export const CreditNoteText = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('unused_time'),
    cause: z.enum(['change', 'cancellation']),
    planName: z.nullable(z.string()),
    quantity: z.nullable(Quantity),
    settlement: z.enum(['balance', 'invoice']),
  }),
  z.object({ kind: z.literal('late_payment'), cause: z.enum(['invoice_voided', 'invoice_paid']), settlement: z.literal('refund') }),
  z.object({ kind: z.literal('refunded_at_processor'), settlement: z.literal('refund') }),
  z.object({ kind: z.literal('adjustment'), settlement: z.enum(['invoice', 'balance', 'out_of_band']) }),
]);
export type CreditNoteText = z.infer<typeof CreditNoteText>;
