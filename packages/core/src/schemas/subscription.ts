import * as z from 'zod/mini';
import { Discount, PricingModel } from './catalog.js';
import { Amount, CurrencyCode, Id, IsoDate, Quantity, Recurring, Timestamp } from './common.js';
import { NextAction } from './payment.js';
import { InvoiceLine } from './invoice-line.js';
import { LineText, TaxLine } from './texts.js';
import { SubscriptionPaymentIssue } from './open-reason.js';
import { ApprovalCheck, Commitment, SubscriptionActions } from './governance.js';

/**
 * The subscription lifecycle: incomplete → trialing → active → past_due → (paused) → canceled/unpaid.
 * An `incomplete` one whose first invoice is not paid within 23 hours ends `incomplete_expired`
 * (Stripe's status: terminal, its first invoice void, never billed again).
 */
export const SubscriptionStatus = z.enum(['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'paused', 'canceled', 'unpaid']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;

/** How invoices of a subscription get paid. */
export const CollectionMethod = z.enum(['charge_automatically', 'send_invoice']);
export type CollectionMethod = z.infer<typeof CollectionMethod>;

/** One billed component of a subscription (a price item of the plan, or an add-on). */
export const SubscriptionItem = z.object({
  id: Id,
  kind: z.enum(['plan', 'addon']),
  /** The price item id (plan items) or add-on price id (add-ons). */
  priceItemId: Id,
  addOnId: z.nullable(Id),
  description: z.string(),
  unitLabel: z.nullable(z.string()),
  /** Several units, e.g. "seats", when the price item names it. */
  unitLabelPlural: z.optional(z.string()),
  metric: z.nullable(z.string()),
  quantity: Quantity,
  model: PricingModel,
});
export type SubscriptionItem = z.infer<typeof SubscriptionItem>;

/** An add-on chosen on a subscription or in a checkout. */
export const AddOnSelection = z.object({
  addOnId: Id,
  quantity: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
});
export type AddOnSelection = z.infer<typeof AddOnSelection>;

/** Why a buyer cancels; feeds churn analytics and the retention offer. */
export const CancellationReason = z.enum([
  'too_expensive',
  'missing_features',
  'switched_service',
  'unused',
  'customer_service',
  'too_complex',
  'low_quality',
  'other',
]);
export type CancellationReason = z.infer<typeof CancellationReason>;

/** A subscription of a company to a plan. `version` guards concurrent changes. */
export const Subscription = z.object({
  id: Id,
  object: z.literal('subscription'),
  companyId: Id,
  status: SubscriptionStatus,
  productId: Id,
  planId: Id,
  planName: z.string(),
  priceId: Id,
  currency: CurrencyCode,
  recurring: Recurring,
  /** The plan quantity (seats, units). */
  quantity: Quantity,
  items: z.array(SubscriptionItem),
  addOns: z.array(z.object({ addOnId: Id, name: z.string(), quantity: Quantity })),
  collectionMethod: CollectionMethod,
  paymentTermsDays: z.nullable(z.int()),
  poNumber: z.nullable(z.string()),
  defaultPaymentMethodId: z.nullable(Id),
  billingAnchor: Timestamp,
  currentPeriodStart: Timestamp,
  currentPeriodEnd: Timestamp,
  trialStart: z.nullable(Timestamp),
  trialEnd: z.nullable(Timestamp),
  cancelAtPeriodEnd: z.boolean(),
  canceledAt: z.nullable(Timestamp),
  endedAt: z.nullable(Timestamp),
  cancellation: z.nullable(z.object({ reason: CancellationReason, feedback: z.nullable(z.string()) })),
  pause: z.nullable(z.object({ pausedAt: Timestamp, resumesAt: z.nullable(Timestamp) })),
  /** Period starts that will not be billed (skipped deliveries). */
  skippedPeriods: z.array(Timestamp),
  discount: z.nullable(Discount),
  /**
   * The next invoice if nothing changes, as the billing run will issue it: the change scheduled for the
   * period end, the discount running out, usage so far, tax and customer credit. Null when none will come.
   */
  nextInvoice: z.nullable(
    z.object({
      date: Timestamp,
      amountDue: Amount,
      subtotal: z.optional(Amount),
      discountTotal: z.optional(Amount),
      tax: z.optional(Amount),
      total: z.optional(Amount),
      creditApplied: z.optional(Amount),
      /** What will be billed: the new period's items in advance, the closing period's usage in arrears. */
      lines: z.optional(z.array(InvoiceLine)),
    }),
  ),
  /** The open invoice a payment attempt left open and why, e.g. a renewal that needs the buyer's authentication; null when none. */
  paymentIssue: z.optional(z.nullable(SubscriptionPaymentIssue)),
  version: z.int().check(z.minimum(1)),
  createdAt: Timestamp,
  /** What the merchant's action policy and the contract let buyers do now, and why not (issue #17). */
  actions: z.optional(SubscriptionActions),
  /** The contract terms (minimum term, seat minimum, downgrades at renewal), null without any. */
  commitment: z.optional(z.nullable(Commitment)),
});
export type Subscription = z.infer<typeof Subscription>;

/** What a buyer changes on a subscription; omitted fields keep their value. */
export const SubscriptionChangeRequest = z.object({
  /** The version the buyer saw; a stale one answers 409. */
  expectedVersion: z.int().check(z.minimum(1)),
  planId: z.optional(Id),
  recurring: z.optional(Recurring),
  quantity: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  addOns: z.optional(z.array(AddOnSelection)),
  /** `now` prorates and charges; `period_end` schedules the change for renewal. */
  effective: z.optional(z.enum(['now', 'period_end'])),
});
export type SubscriptionChangeRequest = z.infer<typeof SubscriptionChangeRequest>;

/** One line of a change preview or invoice that prorates. */
export const ProrationLine = z.object({
  description: z.string(),
  /** The line's text as data (`unused_time` / `remaining_time`) for widgets to word in their locale. */
  text: z.optional(LineText),
  /** The units the line bills (seats of the item), for "Unused time on Starter — Seats × 5". */
  quantity: z.optional(Quantity),
  kind: z.enum(['credit', 'charge']),
  amount: Amount,
  periodStart: Timestamp,
  periodEnd: Timestamp,
});
export type ProrationLine = z.infer<typeof ProrationLine>;

/** The exact effect of a change before it is applied. */
export const ChangePreview = z.object({
  object: z.literal('change_preview'),
  subscriptionId: Id,
  currency: CurrencyCode,
  /** The instant the proration was computed for; apply uses the same rule at its own instant. */
  prorationDate: Timestamp,
  prorationLines: z.array(ProrationLine),
  subtotal: Amount,
  discountTotal: Amount,
  /** The tax per rate, named with its rate on every surface ("VAT 19%"); `tax` is their sum. */
  taxLines: z.optional(z.array(TaxLine)),
  tax: Amount,
  /** What is charged (or invoiced) right away; 0 for downgrades, which leave a credit. */
  amountDueNow: Amount,
  /** Credit left on the company's balance when the change nets negative. */
  creditCreated: Amount,
  nextInvoice: z.object({ date: Timestamp, total: Amount }),
  expectedVersion: z.int(),
  effective: z.enum(['now', 'period_end']),
  /** Whether the caller may confirm this change or must request a billing admin's approval (issue #17). */
  approval: z.optional(ApprovalCheck),
});
export type ChangePreview = z.infer<typeof ChangePreview>;

/** Pause collection and deliveries, optionally until a date. */
export const PauseRequest = z.object({
  expectedVersion: z.optional(z.int()),
  resumesAt: z.optional(z.nullable(IsoDate)),
});
export type PauseRequest = z.infer<typeof PauseRequest>;

/** Skip the next period (no delivery, no charge). */
export const SkipRequest = z.object({ expectedVersion: z.optional(z.int()) });

/** Resume or reactivate: no body fields besides the version guard. */
export const VersionGuardRequest = z.object({ expectedVersion: z.optional(z.int()) });

/** Cancel a subscription now or at the period end, with the buyer's reason. */
export const CancelRequest = z.object({
  expectedVersion: z.optional(z.int()),
  reason: CancellationReason,
  feedback: z.optional(z.string().check(z.maxLength(2000))),
  /** `period_end` (default) keeps access until the paid period ends. */
  when: z.optional(z.enum(['period_end', 'now'])),
});
export type CancelRequest = z.infer<typeof CancelRequest>;

/** An offer made to keep a buyer who is about to cancel. */
export const RetentionOffer = z.object({
  id: Id,
  object: z.literal('retention_offer'),
  type: z.enum(['discount', 'pause', 'downgrade']),
  title: z.string(),
  description: z.string(),
  percentOff: z.nullable(z.number()),
  durationInPeriods: z.nullable(z.int()),
  pauseMonths: z.nullable(z.int()),
  downgradePlanId: z.nullable(Id),
  /** The plan a downgrade moves to, by the merchant's name. */
  downgradePlanName: z.optional(z.string()),
  /** The billing interval a discount's bills (`durationInPeriods`) are counted in: 3 monthly bills are 3 months. */
  recurring: z.optional(Recurring),
  /**
   * What a discount is worth at today's prices, exactly, before tax: the next bill without and with it, what it
   * saves per bill and over all its bills. Widgets word the offer from these.
   */
  amounts: z.optional(
    z.object({ currency: CurrencyCode, regular: Amount, discounted: Amount, savedPerBill: Amount, savedTotal: Amount }),
  ),
});
export type RetentionOffer = z.infer<typeof RetentionOffer>;

/** Query of the retention offers for a reason. */
export const RetentionOffersQuery = z.object({ reason: z.optional(CancellationReason) });

/** Accept one retention offer instead of canceling. */
export const AcceptOfferRequest = z.object({ offerId: Id, expectedVersion: z.optional(z.int()) });
export type AcceptOfferRequest = z.infer<typeof AcceptOfferRequest>;

/** The result of a change: the updated subscription and the invoice it created, if any. */
export const SubscriptionChangeResult = z.object({
  object: z.literal('subscription_change'),
  subscription: Subscription,
  invoiceId: z.nullable(Id),
  /**
   * `requires_action`: the card asks for 3-D Secure; the change applies once `nextAction` is completed
   * (until then the subscription is unchanged). Absent or `succeeded`: the change has applied.
   */
  status: z.optional(z.enum(['succeeded', 'requires_action'])),
  nextAction: z.optional(z.nullable(NextAction)),
});
export type SubscriptionChangeResult = z.infer<typeof SubscriptionChangeResult>;

/** Filters of the subscriptions list. */
export const SubscriptionListQuery = z.object({
  status: z.optional(SubscriptionStatus),
});
