/**
 * B2B buying governance, the rules part (issue #17): the merchant's per-plan self-service action policy,
 * a subscription's contract commitment, what a subscription's buyers may do now and why not, and the
 * approval check a change preview carries. Imports nothing of subscription.ts, which embeds these.
 */
import * as z from 'zod/mini';
import { Amount, CurrencyCode, Id, Timestamp } from './common.js';

const Seats = z.int().check(z.minimum(1), z.maximum(1_000_000));

/**
 * The self-service actions buyers have on subscriptions of one plan, as the merchant configures them.
 * The server enforces it; the subscription's `actions` tell widgets what to show.
 */
export const ActionPolicy = z.object({
  pause: z.boolean(),
  skip: z.boolean(),
  /** `any`: now or at the period end; `period_end`: only at the period end; `none`: buyers cannot cancel themselves. */
  cancel: z.enum(['any', 'period_end', 'none']),
  /** A move to a lower plan or fewer seats: `any` time, only `at_renewal` (scheduled for the period end), or `none`. */
  downgrade: z.enum(['any', 'at_renewal', 'none']),
  /** Whether buyers may switch the billing interval (monthly ↔ yearly). */
  intervalSwitch: z.boolean(),
  /** The fewest seats buyers may go down to; null: the plan's own minimum. */
  minimumSeats: z.nullable(Seats),
  /** Whether a buyer who cancels is offered retention deals. */
  retentionOffers: z.boolean(),
});
export type ActionPolicy = z.infer<typeof ActionPolicy>;

/** Every action allowed: what a plan without a policy of its own has. */
export const DEFAULT_ACTION_POLICY: ActionPolicy = {
  pause: true,
  skip: true,
  cancel: 'any',
  downgrade: 'any',
  intervalSwitch: true,
  minimumSeats: null,
  retentionOffers: true,
};

/** A plan's action policy as the merchant API shows it. */
export const PlanActionPolicy = z.extend(ActionPolicy, {
  object: z.literal('action_policy'),
  planId: Id,
  /** Null while the plan has the default (everything allowed). */
  updatedAt: z.nullable(Timestamp),
});
export type PlanActionPolicy = z.infer<typeof PlanActionPolicy>;

/** Sets some fields of a plan's action policy (the rest keep their value). */
export const ActionPolicyUpdate = z.partial(ActionPolicy);
export type ActionPolicyUpdate = z.infer<typeof ActionPolicyUpdate>;

/** A subscription's contract terms (from an accepted quote, or set by the merchant). */
export const Commitment = z.object({
  /** The end of the minimum term: no cancellation takes effect before it. */
  termEndsAt: z.nullable(Timestamp),
  /** The first instant a cancellation can take effect: the first period end on or after the term end. */
  earliestCancelAt: z.nullable(Timestamp),
  /** The fewest seats during the contract. */
  minimumSeats: z.nullable(Seats),
  /** Lower plans and fewer seats only at renewal (scheduled for the period end). */
  downgradesAtRenewalOnly: z.boolean(),
  /** The accepted quote the terms come from. */
  quoteId: z.nullable(Id),
});
export type Commitment = z.infer<typeof Commitment>;

/** The merchant sets (or clears, with all fields null/false) a subscription's contract terms. */
export const CommitmentRequest = z.object({
  /** Minimum term counted from the subscription's start, in months (1–120); null: none. */
  termMonths: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(120)))),
  minimumSeats: z.optional(z.nullable(Seats)),
  downgradesAtRenewalOnly: z.optional(z.boolean()),
});
export type CommitmentRequest = z.infer<typeof CommitmentRequest>;

/** Why an action is not available: the merchant's policy for the plan, or the contract commitment. */
export const ActionBlockReason = z.enum(['merchant_policy', 'commitment']);
export type ActionBlockReason = z.infer<typeof ActionBlockReason>;

/** One action: allowed, or not and why. */
export const ActionState = z.object({ allowed: z.boolean(), reason: z.nullable(ActionBlockReason) });
export type ActionState = z.infer<typeof ActionState>;

/**
 * What the merchant's policy and the contract let a subscription's buyers do (roles aside: the session's
 * permissions say that). Widgets show only what is allowed, and the commitment instead of a failing button.
 */
export const SubscriptionActions = z.object({
  pause: ActionState,
  skip: ActionState,
  cancelNow: ActionState,
  cancelAtPeriodEnd: ActionState,
  /** A lower plan or fewer seats, effective now. */
  downgradeNow: ActionState,
  /** A lower plan or fewer seats, scheduled for the period end. */
  downgradeAtRenewal: ActionState,
  intervalSwitch: ActionState,
  retentionOffers: ActionState,
  /** The fewest seats allowed now (the plan's, the policy's and the contract's minimum). */
  minimumSeats: z.int().check(z.minimum(0)),
});
export type SubscriptionActions = z.infer<typeof SubscriptionActions>;

/** Why a change needs a billing admin's approval under the company's purchasing policy. */
export const ApprovalReason = z.enum(['amount_due_now', 'annualized_increase', 'no_threshold']);
export type ApprovalReason = z.infer<typeof ApprovalReason>;

/** Whether the caller may confirm a change or must request approval, with the figures the policy compared. */
export const ApprovalCheck = z.object({
  required: z.boolean(),
  reasons: z.array(ApprovalReason),
  /** What the change adds per year at list/contract prices before tax (negative for a decrease). */
  annualizedIncrease: Amount,
});
export type ApprovalCheck = z.infer<typeof ApprovalCheck>;

/**
 * The check of a new purchase (a checkout's preview, its 403 `approval_required`): for a purchase the
 * `annualizedIncrease` is its yearly price, and `threshold` the company's limits in its currency that were
 * compared — null when the role needs approval for anything that costs, no limit being set in that currency.
 */
export const PurchaseApprovalCheck = z.extend(ApprovalCheck, {
  threshold: z.nullable(z.object({ currency: CurrencyCode, amountDueNow: z.nullable(Amount), annualizedIncrease: z.nullable(Amount) })),
});
export type PurchaseApprovalCheck = z.infer<typeof PurchaseApprovalCheck>;
