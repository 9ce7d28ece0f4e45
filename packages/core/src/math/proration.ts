/**
 * Proration of a mid-period change: a credit for the unused time of the old items and a charge for the
 * remaining time of the new ones, each line rounded on its own, the total the exact sum of the lines.
 */
import { checkedAmount, fromBigInt, roundDiv, sumAmounts } from './money.js';
import { daysBetween, timeOf } from './days.js';

/**
 * - `second` (default): fraction = seconds remaining / seconds in the period — Stripe's rule
 *   (https://docs.stripe.com/billing/subscriptions/prorations: 10 USD → 20 USD halfway = +5 USD).
 * - `day`: fraction = whole days remaining / days in the period, the day of the change counting as
 *   remaining — Kill Bill's rule (https://docs.killbill.io/latest/invoice_subsystem.html).
 */
export type ProrationPolicy = 'second' | 'day';

/** The period being prorated, the instant of the change and the policy. */
export type ProrationWindow = { periodStart: Date; periodEnd: Date; at: Date; policy?: ProrationPolicy };

/** An exact fraction `numerator / denominator` in [0, 1]. */
export type Fraction = { numerator: bigint; denominator: bigint };

const SECOND_MS = 1000;

/** The share of the period still ahead at `at`, clamped to [0, 1] (before the start: 1; at or after the end: 0). */
export function prorationFraction({ periodStart, periodEnd, at, policy }: ProrationWindow): Fraction {
  const start = timeOf(periodStart);
  const end = timeOf(periodEnd);
  const when = Math.min(Math.max(timeOf(at), start), end);
  let numerator: number;
  let denominator: number;
  if (policy === 'day') {
    denominator = daysBetween(periodStart, periodEnd);
    numerator = daysBetween(new Date(when), periodEnd);
  } else {
    denominator = Math.floor(end / SECOND_MS) - Math.floor(start / SECOND_MS);
    numerator = Math.floor(end / SECOND_MS) - Math.floor(when / SECOND_MS);
  }
  // A period shorter than one unit of the policy is all-or-nothing: due in full until it ends.
  if (denominator <= 0) return { numerator: when < end ? 1n : 0n, denominator: 1n };
  // `when` lies within the period, so 0 ≤ numerator ≤ denominator without clamping.
  return { numerator: BigInt(numerator), denominator: BigInt(denominator) };
}

/** `amount` (a full-period amount) times the remaining fraction, rounded half away from zero. */
export function prorateAmount(amount: number, opts: ProrationWindow): number {
  const { numerator, denominator } = prorationFraction(opts);
  return fromBigInt(roundDiv(BigInt(checkedAmount(amount)) * numerator, denominator));
}

/** An item whose full-period price is `amount` (already quantity × price, after its pricing model). */
export type ProratedItem = { key: string; description: string; amount: number };

/** A proration line: `credit` (negative, unused time of an old item) or `charge` (positive, rest of period on a new item). */
export type ProrationLine = {
  key: string;
  description: string;
  kind: 'credit' | 'charge';
  amount: number;
  /** Start of the prorated span: the change instant, clamped into the period. */
  periodStart: Date;
  periodEnd: Date;
};

/**
 * The lines of a change at `at`: one credit per old item for its unused time, one charge per new item
 * for the remaining time, zero lines left out; `total` is their exact sum (positive: the buyer owes).
 */
export function prorationLines(
  opts: ProrationWindow & { oldItems: readonly ProratedItem[]; newItems: readonly ProratedItem[] },
): { lines: ProrationLine[]; total: number } {
  const { periodStart, periodEnd, at, oldItems, newItems } = opts;
  const spanStart = new Date(Math.min(Math.max(timeOf(at), timeOf(periodStart)), timeOf(periodEnd)));
  const lines: ProrationLine[] = [];
  for (const item of oldItems) {
    const amount = -prorateAmount(item.amount, opts);
    if (amount !== 0) {
      lines.push({ key: item.key, description: item.description, kind: 'credit', amount, periodStart: new Date(spanStart), periodEnd: new Date(periodEnd.getTime()) });
    }
  }
  for (const item of newItems) {
    const amount = prorateAmount(item.amount, opts);
    if (amount !== 0) {
      lines.push({ key: item.key, description: item.description, kind: 'charge', amount, periodStart: new Date(spanStart), periodEnd: new Date(periodEnd.getTime()) });
    }
  }
  return { lines, total: sumAmounts(lines.map((l) => l.amount)) };
}
