import * as z from 'zod/mini';
import { AddOnSelection, Subscription } from './subscription.js';
import { InvoiceLine, InvoiceStatus } from './invoice.js';
import { TaxLine } from './texts.js';
import { NextAction, TestCard } from './payment.js';
import { PurchaseApprovalCheck } from './governance.js';
import { Address, Amount, CurrencyCode, Email, Id, Name, Recurring, TaxId, Timestamp } from './common.js';

/** How the buyer pays: by card, or by invoice with a PO number and net terms. */
export const CheckoutPayment = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('card'),
    /** A saved payment method of the company. */
    paymentMethodId: z.optional(Id),
    /** Local engine, test mode only: a documented test card. */
    testCard: z.optional(TestCard),
    /** Stripe engine: a PaymentMethod id created by the Payment Element. */
    stripePaymentMethodId: z.optional(z.string()),
  }),
  z.object({
    method: z.literal('invoice'),
    poNumber: z.optional(z.string().check(z.maxLength(64))),
    invoiceEmail: z.optional(Email),
  }),
]);
export type CheckoutPayment = z.infer<typeof CheckoutPayment>;

/** The buyer company's billing details captured at checkout. */
export const BillingDetails = z.object({
  companyName: Name,
  email: z.optional(Email),
  taxId: z.optional(TaxId),
  address: z.optional(Address),
});
export type BillingDetails = z.infer<typeof BillingDetails>;

/** What the buyer wants to buy. The preview takes the same fields with payment optional. */
export const CheckoutRequest = z.object({
  planId: Id,
  currency: CurrencyCode,
  recurring: Recurring,
  quantity: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  addOns: z.optional(z.array(AddOnSelection)),
  promoCode: z.optional(z.string().check(z.maxLength(64))),
  /** Start with the plan's trial when it has one (default true). */
  trial: z.optional(z.boolean()),
  billing: z.optional(BillingDetails),
  payment: CheckoutPayment,
});
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

/** A checkout preview request: the order without the payment step. */
export const CheckoutPreviewRequest = z.extend(CheckoutRequest, { payment: z.optional(CheckoutPayment) });
export type CheckoutPreviewRequest = z.infer<typeof CheckoutPreviewRequest>;

/** The server's order summary: what is due today and next. */
export const CheckoutPreview = z.object({
  object: z.literal('checkout_preview'),
  planId: Id,
  currency: CurrencyCode,
  recurring: Recurring,
  lines: z.array(InvoiceLine),
  subtotal: Amount,
  discountTotal: Amount,
  discount: z.nullable(
    z.object({ code: z.string(), description: z.string(), amount: Amount }),
  ),
  /** Present when a promo code was given: whether it applies, and why not. */
  promo: z.nullable(
    z.object({ code: z.string(), valid: z.boolean(), message: z.nullable(z.string()) }),
  ),
  taxLines: z.array(TaxLine),
  tax: Amount,
  total: Amount,
  amountDueToday: Amount,
  trial: z.nullable(z.object({ days: z.int(), endsAt: Timestamp })),
  nextInvoice: z.object({ date: Timestamp, total: Amount }),
  /** Net terms (days) when paying by invoice. */
  paymentTermsDays: z.nullable(z.int()),
  invoiceAllowed: z.boolean(),
  /**
   * Whether the buyer may buy this or must submit it for a billing admin's approval under the company's
   * purchasing policy (issue #17; `POST /v1/purchase-requests`). Absent from servers without governance.
   */
  approval: z.optional(PurchaseApprovalCheck),
});
export type CheckoutPreview = z.infer<typeof CheckoutPreview>;

/** The first invoice of a checkout as the success names it: its number, total, due date and PO number. */
export const CheckoutInvoice = z.object({
  id: Id,
  number: z.string(),
  status: InvoiceStatus,
  currency: CurrencyCode,
  total: Amount,
  dueAt: z.nullable(Timestamp),
  poNumber: z.nullable(z.string()),
});
export type CheckoutInvoice = z.infer<typeof CheckoutInvoice>;

/** The result of a checkout: the subscription, its first invoice, and any next step. */
export const CheckoutResult = z.object({
  object: z.literal('checkout'),
  status: z.enum(['succeeded', 'requires_action', 'failed']),
  subscription: Subscription,
  invoiceId: z.nullable(Id),
  /** The invoice the checkout issued (additive: older servers send only `invoiceId`). */
  invoice: z.optional(z.nullable(CheckoutInvoice)),
  nextAction: z.nullable(NextAction),
});
export type CheckoutResult = z.infer<typeof CheckoutResult>;
