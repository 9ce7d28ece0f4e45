/**
 * Billing alignment: a subscription bills on its anniversary, or — when its company has a billing day —
 * on that day of the month, the first partial period prorated by the configured policy (Kill Bill's
 * bill-cycle day, https://docs.killbill.io/latest/userguide_subscription.html; Stripe's billing cycle
 * anchor, https://docs.stripe.com/billing/subscriptions/billing-cycle). A day the month does not have
 * falls on its last day (31 → Feb 28/29 → Mar 31).
 */
import { addPeriods, monthsPerPeriod, periodAt, prorationFraction } from '@subkit/core';
import type { Fraction, ProrationPolicy, Recurring } from '@subkit/core';

/** The first period of a schedule starting at `start`. */
export interface FirstPeriod {
  /** The schedule's anchor: every boundary is counted from it. */
  readonly anchor: Date;
  readonly end: Date;
  /** The share of a full period the first one is billed at (1/1 on the anniversary). */
  readonly fraction: Fraction;
  /** The full period the first one is part of (equal to [start, end) when it is not prorated). */
  readonly fullStart: Date;
}

const WHOLE: Fraction = { numerator: 1n, denominator: 1n };

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * An anchor whose day of the month is `billingDay` itself (not clamped), so that counting periods from it
 * lands on that day in every month that has it: the latest month of the schedule on or before `boundary`
 * that has the day, else `boundary` (a yearly schedule in February).
 */
function unclampedAnchor(boundary: Date, recurring: Recurring, billingDay: number): Date {
  const months = monthsPerPeriod(recurring);
  for (let n = 0; n <= 12; n += 1) {
    const index = boundary.getUTCFullYear() * 12 + boundary.getUTCMonth() - n * months;
    const year = Math.floor(index / 12);
    const month = index - year * 12;
    if (daysInMonth(year, month) < billingDay) continue;
    const candidate = new Date(Date.UTC(year, month, billingDay));
    if (addPeriods(candidate, recurring, n).getTime() === boundary.getTime()) return candidate;
  }
  return boundary;
}

/**
 * The first period of a subscription (or of a trial's paid part, or of a resumed pause) starting at
 * `start`: on the anniversary without a billing day; else up to the next billing day at 00:00 UTC,
 * prorated against the full period that ends there (a start exactly on the billing day is not prorated).
 */
export function firstPeriod(start: Date, recurring: Recurring, billingDay: number | null, policy: ProrationPolicy): FirstPeriod {
  if (billingDay === null) return { anchor: start, end: addPeriods(start, recurring, 1), fraction: WHOLE, fullStart: start };
  // The next occurrence of the billing day at or after the start (clamped to short months).
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth();
  let boundary = new Date(Date.UTC(year, month, Math.min(billingDay, daysInMonth(year, month))));
  if (boundary.getTime() < start.getTime()) {
    const next = new Date(Date.UTC(year, month + 1, 1));
    boundary = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), Math.min(billingDay, daysInMonth(next.getUTCFullYear(), next.getUTCMonth()))));
  }
  const anchor = unclampedAnchor(boundary, recurring, billingDay);
  if (boundary.getTime() === start.getTime()) {
    return { anchor, end: periodAt(anchor, recurring, start).end, fraction: WHOLE, fullStart: start };
  }
  const full = periodAt(anchor, recurring, new Date(boundary.getTime() - 1));
  return {
    anchor,
    end: boundary,
    fraction: prorationFraction({ periodStart: full.start, periodEnd: full.end, at: start, policy }),
    fullStart: full.start,
  };
}

/** Whether a fraction is the whole period. */
export function isWhole(fraction: Fraction): boolean {
  return fraction.numerator === fraction.denominator;
}
