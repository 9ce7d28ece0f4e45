/**
 * Purchase requests (issue #17): a member whose purchase the company's purchasing policy does not let
 * them make alone submits it for a billing admin's approval instead of buying. It is an approval request
 * of kind `purchase` (listed, shown and decided with the change requests); approving it buys exactly what
 * was shown — by invoice with the PO number, or on the company's default card charged off-session.
 */
import * as z from 'zod/mini';
import { CurrencyCode, Email, Id, Recurring } from './common.js';
import { AddOnSelection } from './subscription.js';
import { BillingDetails } from './checkout.js';

/** What a purchase request buys, as the requester configured it. */
export const PurchaseDetails = z.object({
  planId: Id,
  currency: CurrencyCode,
  recurring: Recurring,
  quantity: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  addOns: z.optional(z.array(AddOnSelection).check(z.maxLength(50))),
  promoCode: z.optional(z.string().check(z.maxLength(64))),
  /** Start with the plan's trial when it has one (default true). */
  trial: z.optional(z.boolean()),
  billing: z.optional(BillingDetails),
  /** `card`: the company's default card, charged when approved; `invoice`: net terms, with the PO number. */
  paymentMethod: z.enum(['card', 'invoice']),
  invoiceEmail: z.optional(Email),
});
export type PurchaseDetails = z.infer<typeof PurchaseDetails>;

/**
 * How a purchase request pays, as its approval request shows it (`ApprovalRequest.purchase`); the plan,
 * interval, seats and add-ons are in its `change`, the billing details stay on the request.
 */
export const PurchaseTerms = z.object({
  paymentMethod: z.enum(['card', 'invoice']),
  promoCode: z.optional(z.string()),
  trial: z.optional(z.boolean()),
});
export type PurchaseTerms = z.infer<typeof PurchaseTerms>;

/** `POST /v1/purchase-requests`: the purchase, a PO number and a note for the approver. */
export const PurchaseRequestCreate = z.extend(PurchaseDetails, {
  poNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  note: z.optional(z.string().check(z.maxLength(2000))),
});
export type PurchaseRequestCreate = z.infer<typeof PurchaseRequestCreate>;
