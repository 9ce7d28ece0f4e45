/**
 * Pricing models: how a price item turns a quantity (seats, units, usage) into an amount, with one
 * breakdown line per tier used so widgets can show the arithmetic.
 */
import type { PriceItem, PricingModel, Tier } from '../schemas/catalog.js';
import type { Recurring } from '../schemas/common.js';
import { checkedAmount, fromBigInt, multiplyAmount, roundDiv, sumAmounts } from './money.js';
import { PricingError, monthsPerPeriod } from './months.js';

export { PricingError, monthsPerPeriod } from './months.js';

/** One line of a price breakdown: a flat fee, a unit charge, packages, one tier, an allowance or an overage. */
export type TierLine = {
  kind: 'flat' | 'unit' | 'package' | 'tier' | 'included' | 'overage';
  /** Index into the model's `tiers` (0-based) for tiered models, else `null`. */
  tier: number | null;
  /** First unit this line covers (1-based; 0 for a flat fee). */
  from: number;
  /** Last unit this line can cover, `null` when open-ended. */
  upTo: number | null;
  /** Units charged on this line; for `package` (and packaged overage) lines, the number of started packages. */
  quantity: number;
  /** Amount per unit (or per package), minor units. */
  unitAmount: number;
  /** Fixed amount of this line, minor units. */
  flatAmount: number;
  /** `quantity × unitAmount + flatAmount`, minor units. */
  amount: number;
};

/** Throws `PricingError('invalid_tiers')` unless tiers are non-empty, `upTo` strictly ascending, and only the last open. */
export function validateTiers(tiers: readonly Tier[]): void {
  if (tiers.length === 0) throw new PricingError('invalid_tiers', 'a tiered price needs at least one tier');
  let previous = 0;
  tiers.forEach((tier, index) => {
    const last = index === tiers.length - 1;
    if (last) {
      if (tier.upTo !== null) throw new PricingError('invalid_tiers', 'the last tier must be open-ended (upTo: null)');
    } else {
      const upTo = tier.upTo ?? Number.NaN;
      if (!Number.isSafeInteger(upTo) || upTo <= previous) {
        throw new PricingError(
          'invalid_tiers',
          tier.upTo === null ? `only the last tier may be open-ended (tier ${index})` : `tier ${index} upTo must be an integer above ${previous}`,
        );
      }
      previous = upTo;
    }
    checkedAmount(tier.unitAmount);
    checkedAmount(tier.flatAmount);
    if (tier.unitAmount < 0 || tier.flatAmount < 0) {
      throw new PricingError('invalid_tiers', `tier ${index} amounts must not be negative`);
    }
  });
}

function checkQuantity(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new PricingError('invalid_quantity', `quantity must be a non-negative integer, got ${quantity}`);
  }
  return quantity;
}

function startedBlocks(units: number, size: number): number {
  if (!Number.isSafeInteger(size) || size < 1) throw new PricingError('invalid_quantity', `package size must be ≥ 1, got ${size}`);
  return Math.ceil(units / size);
}

/** A breakdown line, its fields in `TierLine`'s order; the amount is `quantity × unitAmount + flatAmount`. */
function line(
  kind: TierLine['kind'],
  tier: number | null,
  from: number,
  upTo: number | null,
  quantity: number,
  unitAmount: number,
  flatAmount: number,
): TierLine {
  return { kind, tier, from, upTo, quantity, unitAmount, flatAmount, amount: sumAmounts([multiplyAmount(unitAmount, quantity), flatAmount]) };
}

/**
 * Usage priced by tiers (Stripe's metered price with `billing_scheme: tiered`): tier bounds count units
 * of the period's whole usage `q`, the first `included` units are free. Graduated: each billed unit at the
 * rate of the tier it falls in, a tier's flat fee once any billed unit falls in it. Volume: every billed
 * unit at the rate of the tier the whole usage falls in, plus that tier's flat fee.
 */
function meteredTierLines(tiers: readonly Tier[], mode: 'graduated' | 'volume', q: number, included: number): TierLine[] {
  const lines: TierLine[] = [];
  let lower = 0;
  for (const [index, tier] of tiers.entries()) {
    const upper = tier.upTo ?? q;
    if (mode === 'volume') {
      if (q <= upper) {
        lines.push(line('tier', index, included + 1, tier.upTo, q - included, tier.unitAmount, tier.flatAmount));
        break;
      }
    } else {
      const from = Math.max(lower, included);
      const billed = Math.min(q, upper) - from;
      if (billed > 0) {
        lines.push(line('tier', index, from + 1, tier.upTo, billed, tier.unitAmount, tier.flatAmount));
      }
      if (q <= upper) break;
    }
    lower = upper;
  }
  return lines;
}

/**
 * The amount of one pricing model at a quantity (usage for metered), with its breakdown lines.
 * Zero quantity costs nothing for every model except `flat`; tiered models then have no lines.
 */
export function modelAmount(model: PricingModel, quantity: number): { amount: number; lines: TierLine[] } {
  const q = checkQuantity(quantity);
  const lines: TierLine[] = [];
  switch (model.type) {
    case 'flat':
      lines.push(line('flat', null, 0, null, 1, 0, checkedAmount(model.amount)));
      break;
    case 'per_unit':
      lines.push(line('unit', null, 1, null, q, model.unitAmount, 0));
      break;
    case 'package':
      lines.push(line('package', null, 1, null, startedBlocks(q, model.packageSize), model.packageAmount, 0));
      break;
    case 'graduated': {
      validateTiers(model.tiers);
      let lower = 0;
      for (const [index, tier] of model.tiers.entries()) {
        if (q <= lower) break;
        const used = Math.min(q, tier.upTo ?? q) - lower;
        lines.push(line('tier', index, lower + 1, tier.upTo, used, tier.unitAmount, tier.flatAmount));
        lower = tier.upTo ?? q;
      }
      break;
    }
    case 'volume': {
      validateTiers(model.tiers);
      if (q === 0) break;
      let lower = 0;
      for (const [index, tier] of model.tiers.entries()) {
        if (tier.upTo === null || q <= tier.upTo) {
          lines.push(line('tier', index, lower + 1, tier.upTo, q, tier.unitAmount, tier.flatAmount));
          break;
        }
        lower = tier.upTo;
      }
      break;
    }
    case 'metered': {
      const included = checkQuantity(model.includedQuantity);
      if (included > 0) {
        lines.push(line('included', null, 1, included, Math.min(q, included), 0, 0));
      }
      const overage = Math.max(0, q - included);
      if (overage > 0 && model.tiers) {
        validateTiers(model.tiers);
        lines.push(...meteredTierLines(model.tiers, model.tiersMode ?? 'graduated', q, included));
      } else if (overage > 0) {
        const charged = model.packageSize === undefined ? overage : startedBlocks(overage, model.packageSize);
        lines.push(line('overage', null, included + 1, null, charged, model.unitAmount, 0));
      }
      break;
    }
  }
  return { amount: sumAmounts(lines.map((l) => l.amount)), lines };
}

/** One priced item of a quote. */
export type QuoteItem = { priceItemId: string; description: string; quantity: number; amount: number; lines: TierLine[] };

/** What a price costs for a period at a quantity and usage: one entry per price item and their sum. */
export type PriceQuote = { currency: string; subtotal: number; items: QuoteItem[] };

/**
 * Quotes every item of a price: flat items count 1, metered items take `usage[metric ?? id]` (0 when
 * absent), all others take `input.quantity` (the seats/units the buyer chose).
 */
export function quotePrice(
  price: { currency: string; items: readonly PriceItem[] },
  input: { quantity: number; usage?: Readonly<Record<string, number>> },
): PriceQuote {
  const items = price.items.map((item): QuoteItem => {
    const quantity =
      item.model.type === 'flat' ? 1 : item.model.type === 'metered' ? (input.usage?.[item.metric ?? item.id] ?? 0) : input.quantity;
    const { amount, lines } = modelAmount(item.model, quantity);
    return { priceItemId: item.id, description: item.description, quantity, amount, lines };
  });
  return { currency: price.currency, subtotal: sumAmounts(items.map((i) => i.amount)), items };
}

/** A period amount expressed per month, rounded half away from zero (e.g. 12000/year → 1000/month). */
export function monthlyEquivalent(amount: number, recurring: Recurring): number {
  return fromBigInt(roundDiv(BigInt(checkedAmount(amount)), BigInt(monthsPerPeriod(recurring))));
}

/**
 * Whole percent saved by paying `periodAmount` per period instead of `baselineMonthlyAmount` every month
 * for as long (rounded to nearest, half up); 0 when it saves nothing.
 */
export function savingsPercent(periodAmount: number, periodRecurring: Recurring, baselineMonthlyAmount: number): number {
  const full = BigInt(checkedAmount(baselineMonthlyAmount)) * BigInt(monthsPerPeriod(periodRecurring));
  const paid = BigInt(checkedAmount(periodAmount));
  if (full <= 0n) return 0;
  return Math.max(0, Number(roundDiv((full - paid) * 100n, full)));
}
