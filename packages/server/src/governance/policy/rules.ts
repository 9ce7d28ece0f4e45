/**
 * The merchant's action policy and a subscription's commitment as rules: what buyers may do now (the
 * subscription's `actions`), and the refusal a request gets when it asks for more. Pure: the callers
 * load the policy, the commitment and the subscription.
 */
import { addPeriods, type ActionPolicy, type ActionState, type Commitment, type Recurring, type SubscriptionActions } from '@subkit/core';
import { ApiError } from '../../errors.js';

/** A subscription's contract terms as stored. */
export interface CommitmentTerms {
  readonly termEndsAt: Date | null;
  readonly minimumSeats: number | null;
  readonly downgradesAtRenewalOnly: boolean;
  readonly quoteId: string | null;
}

/** What the rules need of a subscription. */
export interface GovernedSubscription {
  readonly status: string;
  readonly quantity: number;
  readonly recurring: Recurring;
  readonly currentPeriodStart: Date;
  readonly currentPeriodEnd: Date;
  /** The plan's own minimum quantity (its quantity rule), 0 without one. */
  readonly planMinimum: number;
}

/**
 * The first instant a cancellation can take effect: the first period end on or after the term end
 * (cancellations end a period), or the current period end when the term is over or there is none.
 */
export function earliestCancelAt(sub: GovernedSubscription, terms: CommitmentTerms | null): Date {
  let end = sub.currentPeriodEnd;
  const termEnd = terms?.termEndsAt;
  if (!termEnd) return end;
  // Period ends from the current one on; 1,200 periods (100 years monthly) bound a term of at most 120 months.
  for (let n = 1; end.getTime() < termEnd.getTime() && n <= 1200; n++) end = addPeriods(sub.currentPeriodEnd, sub.recurring, n);
  return end;
}

/** Whether the commitment still binds at `now` (its term has not ended). */
function bound(terms: CommitmentTerms | null, now: Date): boolean {
  return !!terms?.termEndsAt && terms.termEndsAt.getTime() > now.getTime();
}

/** The wire commitment of a subscription. */
export function commitmentToWire(sub: GovernedSubscription, terms: CommitmentTerms | null): Commitment | null {
  if (!terms) return null;
  return {
    termEndsAt: terms.termEndsAt?.toISOString() ?? null,
    earliestCancelAt: terms.termEndsAt ? earliestCancelAt(sub, terms).toISOString() : null,
    minimumSeats: terms.minimumSeats,
    downgradesAtRenewalOnly: terms.downgradesAtRenewalOnly,
    quoteId: terms.quoteId,
  };
}

const ALLOWED: ActionState = { allowed: true, reason: null };
const BY_POLICY: ActionState = { allowed: false, reason: 'merchant_policy' };
const BY_COMMITMENT: ActionState = { allowed: false, reason: 'commitment' };

/** The fewest seats allowed: the plan's, the merchant policy's and the contract's minimum. */
export function minimumSeats(sub: GovernedSubscription, policy: ActionPolicy, terms: CommitmentTerms | null): number {
  return Math.max(sub.planMinimum, policy.minimumSeats ?? 0, terms?.minimumSeats ?? 0);
}

/** What the policy and the commitment let buyers do now (the role's permissions aside). */
export function subscriptionActions(sub: GovernedSubscription, policy: ActionPolicy, terms: CommitmentTerms | null, now: Date): SubscriptionActions {
  const committed = bound(terms, now);
  const cancelAtPeriodEndBlocked = committed && sub.currentPeriodEnd.getTime() < terms!.termEndsAt!.getTime();
  return {
    pause: policy.pause ? ALLOWED : BY_POLICY,
    skip: policy.skip ? ALLOWED : BY_POLICY,
    cancelNow: policy.cancel !== 'any' ? BY_POLICY : committed ? BY_COMMITMENT : ALLOWED,
    cancelAtPeriodEnd: policy.cancel === 'none' ? BY_POLICY : cancelAtPeriodEndBlocked ? BY_COMMITMENT : ALLOWED,
    downgradeNow:
      policy.downgrade === 'none' || policy.downgrade === 'at_renewal' ? BY_POLICY : committed && terms?.downgradesAtRenewalOnly ? BY_COMMITMENT : ALLOWED,
    downgradeAtRenewal: policy.downgrade === 'none' ? BY_POLICY : ALLOWED,
    intervalSwitch: policy.intervalSwitch ? ALLOWED : BY_POLICY,
    retentionOffers: policy.retentionOffers ? ALLOWED : BY_POLICY,
    minimumSeats: minimumSeats(sub, policy, terms),
  };
}

/** 403 for an action the merchant's policy does not give buyers. */
export function notAllowed(what: string, param?: string): ApiError {
  return new ApiError('permission_error', 'action_not_allowed', `${what} is not available for this plan; contact the merchant.`, param ? { param } : {});
}

/** 409 for an action the contract commitment does not allow before a date. */
export function committed(what: string, earliest: Date, param?: string): ApiError {
  return new ApiError(
    'conflict_error',
    'commitment_active',
    `${what} is not possible during the contract's minimum term; the earliest date is ${earliest.toISOString().slice(0, 10)} (${earliest.toISOString()}).`,
    param ? { param } : {},
  );
}

/** Throws unless the cancellation is allowed (`when` as the request gives it). */
export function checkCancel(sub: GovernedSubscription, policy: ActionPolicy, terms: CommitmentTerms | null, when: 'now' | 'period_end', now: Date): void {
  if (sub.status === 'incomplete') return; // never started: nothing to commit to
  const actions = subscriptionActions(sub, policy, terms, now);
  const state = when === 'now' ? actions.cancelNow : actions.cancelAtPeriodEnd;
  if (state.allowed) return;
  if (state.reason === 'commitment') throw committed('Canceling', earliestCancelAt(sub, terms), 'when');
  throw notAllowed(when === 'now' ? 'Canceling now' : 'Canceling', 'when');
}

/** What a change asks for, against the subscription as it is. */
export interface ChangeAsked {
  readonly downgrade: boolean;
  readonly intervalSwitch: boolean;
  readonly quantity: number | undefined;
  readonly effective: 'now' | 'period_end';
}

/** Throws unless the policy and the commitment allow the change. */
export function checkChange(sub: GovernedSubscription, policy: ActionPolicy, terms: CommitmentTerms | null, asked: ChangeAsked, now: Date): void {
  const actions = subscriptionActions(sub, policy, terms, now);
  if (asked.intervalSwitch && !actions.intervalSwitch.allowed) throw notAllowed('Switching the billing interval', 'recurring');
  if (asked.quantity !== undefined && asked.quantity < sub.quantity && asked.quantity < actions.minimumSeats) {
    const byContract = (terms?.minimumSeats ?? 0) >= actions.minimumSeats && bound(terms, now);
    throw new ApiError(
      byContract ? 'conflict_error' : 'invalid_request_error',
      byContract ? 'commitment_active' : 'below_minimum_seats',
      `At least ${actions.minimumSeats} seats are required${byContract ? ` until ${terms!.termEndsAt!.toISOString().slice(0, 10)}` : ''}.`,
      { param: 'quantity' },
    );
  }
  if (!asked.downgrade) return;
  const state = asked.effective === 'now' ? actions.downgradeNow : actions.downgradeAtRenewal;
  if (state.allowed) return;
  if (state.reason === 'commitment') {
    throw new ApiError('conflict_error', 'commitment_active', 'Under the contract a downgrade takes effect at renewal; choose the period end.', { param: 'effective' });
  }
  throw actions.downgradeAtRenewal.allowed && asked.effective === 'now'
    ? new ApiError('permission_error', 'action_not_allowed', 'A downgrade of this plan takes effect at renewal; choose the period end.', { param: 'effective' })
    : notAllowed('Downgrading', 'planId');
}
