/**
 * Monthly recurring revenue of one subscription over time, from the engine's history. Pure.
 *
 * MRR is the run rate the subscription's current state promises (Lago, ChartMogul and Stripe's
 * analytics define it so; it is not what was invoiced): the licensed items at their quantities and tiers
 * as the next renewal bills them, plus metered items at the run rate of the last closed period (the
 * usage of the latest invoice that billed usage), less the discount that still applies to the next
 * renewal (a repeating discount stops counting once its periods are used; a one-time discount never
 * counts), tax excluded, normalised to one month (a quarter ÷ 3, a year ÷ 12) and rounded to the minor
 * unit per subscription — so totals are sums of whole amounts. Only active and past-due subscriptions
 * count; trials, pauses and ended subscriptions are 0.
 */
import { invoiceTotals, monthlyEquivalent, type Discount, type Recurring, type SubscriptionItem, type SubscriptionStatus } from '@subkit/core';
import { discountsFor, isLicensed, itemAmount } from '../engine/lines.js';

/** The state a subscription was in from `validFrom` on (one row of `subscription_versions`). */
export interface SubscriptionState {
  readonly subscriptionId: string;
  readonly companyId: string;
  readonly currency: string;
  /** Epoch milliseconds. */
  readonly validFrom: number;
  readonly status: SubscriptionStatus;
  readonly recurring: Recurring;
  readonly items: readonly SubscriptionItem[];
  readonly discount: Discount | null;
}

/** Usage a subscription was billed for one closed period; it sets the metered run rate from `issuedAt` on. */
export interface UsageCharge {
  readonly subscriptionId: string;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  /** The usage lines' sum, before invoice-level discounts and tax. */
  readonly amount: number;
}

/** Statuses whose subscriptions bring in recurring revenue. */
export const REVENUE_STATUSES: ReadonlySet<SubscriptionStatus> = new Set(['active', 'past_due']);

/** One step of a subscription's MRR: from `at` on it brings in `mrr`, in `status`. */
export interface MrrStep {
  readonly at: number;
  readonly mrr: number;
  readonly status: SubscriptionStatus;
}

/** The MRR of one state with a metered run rate (usage per period). */
export function stateMrr(state: SubscriptionState, usagePerPeriod: number): number {
  if (!REVENUE_STATUSES.has(state.status)) return 0;
  const licensed = state.items.filter(isLicensed).map((item) => ({ amount: itemAmount(item).amount }));
  const totals = invoiceTotals({ lines: [...licensed, { amount: usagePerPeriod }], discounts: discountsFor(state.discount, 'period') });
  return monthlyEquivalent(totals.subtotal - totals.discountTotal, state.recurring);
}

/**
 * The MRR steps of one subscription up to `until` (inclusive): a step at each new state and at each
 * invoice that changed the metered run rate. `states` and `usage` belong to this subscription.
 */
export function subscriptionSteps(states: readonly SubscriptionState[], usage: readonly UsageCharge[], until: number): MrrStep[] {
  const ordered = states.filter((s) => s.validFrom <= until);
  const charges = usage.filter((u) => u.issuedAt <= until).sort((a, b) => a.issuedAt - b.issuedAt);
  const instants = [...new Set([...ordered.map((s) => s.validFrom), ...charges.map((c) => c.issuedAt)])].sort((a, b) => a - b);
  const steps: MrrStep[] = [];
  let stateIndex = -1;
  let chargeIndex = -1;
  for (const at of instants) {
    // Several states at one instant: the last written wins (the input keeps write order within an instant).
    while (stateIndex + 1 < ordered.length && ordered[stateIndex + 1]!.validFrom <= at) stateIndex++;
    while (chargeIndex + 1 < charges.length && charges[chargeIndex + 1]!.issuedAt <= at) chargeIndex++;
    const state = ordered[stateIndex];
    if (!state) continue;
    const mrr = stateMrr(state, charges[chargeIndex]?.amount ?? 0);
    const last = steps.at(-1);
    if (last && last.mrr === mrr && last.status === state.status) continue;
    steps.push({ at, mrr, status: state.status });
  }
  return steps;
}

/** The step in effect at `at` (the last one at or before it), if any. */
export function stepAt<S extends { at: number }>(steps: readonly S[], at: number): S | undefined {
  let found: S | undefined;
  for (const step of steps) {
    if (step.at > at) break;
    found = step;
  }
  return found;
}
