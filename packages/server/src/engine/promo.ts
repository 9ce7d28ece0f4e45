import type { Discount } from '@subkit/core';
import type { Sql } from '../db/types.js';
import type { DbTime } from './rows.js';
import { toDate } from './rows.js';

interface PromoRow {
  code: string;
  description: string;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_in_periods: number | null;
  max_redemptions: number | null;
  times_redeemed: number;
  expires_at: DbTime | null;
  plan_ids: string[] | null;
  active: boolean;
}

/** A promo code checked against an order: the discount it gives, or why it does not apply. */
export type PromoCheck =
  | { readonly valid: true; readonly code: string; readonly description: string; readonly discount: Discount }
  | { readonly valid: false; readonly code: string; readonly message: string };

/** Checks a promo code (case-insensitive) for a plan and currency at an instant. Never throws for a bad code. */
export async function checkPromo(tx: Sql, input: { code: string; planId: string; currency: string; now: Date }): Promise<PromoCheck> {
  const code = input.code.trim().toUpperCase();
  const { rows } = await tx.query<PromoRow>('SELECT * FROM promo_codes WHERE code = $1', [code]);
  const promo = rows[0];
  const invalid = (message: string): PromoCheck => ({ valid: false, code, message });
  if (!promo || !promo.active) return invalid('This promo code does not exist.');
  if (promo.expires_at !== null && toDate(promo.expires_at).getTime() <= input.now.getTime()) return invalid('This promo code has expired.');
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) {
    return invalid('This promo code has been used up.');
  }
  if (promo.plan_ids !== null && promo.plan_ids.length > 0 && !promo.plan_ids.includes(input.planId)) {
    return invalid('This promo code does not apply to this plan.');
  }
  if (promo.amount_off !== null && promo.percent_off === null && promo.currency !== input.currency) {
    return invalid(`This promo code is only valid for payments in ${promo.currency ?? 'another currency'}.`);
  }
  const periods = promo.duration === 'once' ? 1 : promo.duration === 'repeating' ? (promo.duration_in_periods ?? 1) : null;
  return {
    valid: true,
    code,
    description: promo.description,
    discount: {
      source: 'promo',
      code,
      percentOff: promo.percent_off,
      amountOff: promo.percent_off === null ? promo.amount_off : null,
      currency: promo.percent_off === null ? promo.currency : null,
      duration: promo.duration,
      durationInPeriods: promo.duration === 'repeating' ? periods : null,
      periodsRemaining: periods,
    },
  };
}

/**
 * Counts one redemption; false when a concurrent checkout took the last one (the guard is in the
 * UPDATE itself, so two checkouts cannot both take it).
 */
export async function redeemPromo(tx: Sql, code: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE promo_codes SET times_redeemed = times_redeemed + 1
      WHERE code = $1 AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)`,
    [code],
  );
  return rowCount === 1;
}

/** Whether a discount still applies to the next billing period. */
export function discountActive(discount: Discount | null): discount is Discount {
  return discount !== null && (discount.periodsRemaining === null || discount.periodsRemaining > 0);
}

/** The discount after one billing period consumed it (`null` once it has run out). */
export function consumeDiscountPeriod(discount: Discount | null): Discount | null {
  if (!discount || discount.periodsRemaining === null) return discount;
  const left = discount.periodsRemaining - 1;
  return left > 0 ? { ...discount, periodsRemaining: left } : null;
}
