/**
 * How long a billing period is, and the pricing error it throws: a module of its own, so code that only
 * counts periods (periods.ts; the widgets' date math) does not bring the pricing models with it. pricing.ts
 * re-exports both.
 */
import type { Recurring } from '../schemas/common.js';

/** What went wrong with a pricing model or its input. Check `type`, not `instanceof`. */
export class PricingError extends Error {
  readonly type = 'pricing_error' as const;
  readonly code: 'invalid_tiers' | 'invalid_quantity';

  constructor(code: 'invalid_tiers' | 'invalid_quantity', message: string) {
    super(message);
    this.name = 'PricingError';
    this.code = code;
  }
}

const MONTHS: Readonly<Record<Recurring['interval'], number>> = { month: 1, quarter: 3, year: 12 };

/** How many calendar months one billing period spans (month 1, quarter 3, year 12, × intervalCount). */
export function monthsPerPeriod(recurring: Recurring): number {
  const count = recurring.intervalCount;
  if (!Number.isSafeInteger(count) || count < 1) throw new PricingError('invalid_quantity', `intervalCount must be ≥ 1, got ${count}`);
  return MONTHS[recurring.interval] * count;
}
