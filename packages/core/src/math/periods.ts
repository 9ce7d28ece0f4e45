/**
 * Billing periods on UTC instants. Boundaries are always counted from the anchor (never from the
 * previous boundary), so a Jan 31 anchor gives Feb 28/29, Mar 31, Apr 30 — the short month does not
 * drag later periods to the 28th. DST never moves a period because nothing here uses local time.
 */
import type { Recurring } from '../schemas/common.js';
import { timeOf } from './days.js';
import { monthsPerPeriod } from './months.js';

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** `anchor` moved by a whole number of calendar months, clamped to the month's last day, time of day kept. */
export function addMonths(anchor: Date, months: number): Date {
  timeOf(anchor);
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  // Month indexes beyond 0..11 roll over into other years (Date.UTC and setUTCFullYear normalize them).
  const year = anchor.getUTCFullYear();
  const monthIndex = anchor.getUTCMonth() + months;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, monthIndex));
  const result = new Date(0);
  result.setUTCFullYear(year, monthIndex, day);
  result.setUTCHours(anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds());
  return result;
}

/** The `n`-th period boundary after `anchor` (negative `n`: before it), counted from the anchor with month-end clamping. */
export function addPeriods(anchor: Date, recurring: Recurring, n: number): Date {
  return addMonths(anchor, monthsPerPeriod(recurring) * n);
}

/** A billing period: `start` inclusive, `end` exclusive; `index` 0 is the period starting at the anchor. */
export type BillingPeriod = { start: Date; end: Date; index: number };

/** The period of an anchored schedule that contains `at` (works before the anchor too, with negative indexes). */
export function periodAt(anchor: Date, recurring: Recurring, at: Date): BillingPeriod {
  timeOf(anchor);
  const atTime = timeOf(at);
  const months = monthsPerPeriod(recurring);
  const monthDiff =
    (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
  // Boundary `guess` falls in at's calendar month or earlier and the next one in a later month, so at most
  // one step back is needed: when that boundary is later in at's own month than at.
  const guess = Math.floor(monthDiff / months);
  const index = addPeriods(anchor, recurring, guess).getTime() > atTime ? guess - 1 : guess;
  return { start: addPeriods(anchor, recurring, index), end: addPeriods(anchor, recurring, index + 1), index };
}
