import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PricingModel, Tier } from '../../src/schemas/catalog.js';
import { PricingModel as PricingModelSchema } from '../../src/schemas/catalog.js';
import { modelAmount } from '../../src/math/pricing.js';

/** Ascending tiers, the last open-ended, amounts in minor units (up to 10,000.00 per unit). */
const tiersArb: fc.Arbitrary<Tier[]> = fc
  .array(fc.record({ width: fc.integer({ min: 1, max: 500 }), unitAmount: fc.integer({ min: 0, max: 1_000_000 }), flatAmount: fc.integer({ min: 0, max: 1_000_000 }) }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((raw) => {
    let upTo = 0;
    return raw.map((t, i) => {
      upTo += t.width;
      return { upTo: i === raw.length - 1 ? null : upTo, unitAmount: t.unitAmount, flatAmount: t.flatAmount };
    });
  });

/** The tier a unit (1-based position in the period's usage) falls in. */
function tierOf(tiers: readonly Tier[], unit: number): number {
  return tiers.findIndex((t) => t.upTo === null || unit <= t.upTo);
}

/** The oracle: unit by unit, the way a clerk would bill it. */
function byHand(tiers: readonly Tier[], mode: 'graduated' | 'volume', usage: number, included: number): number {
  let total = 0;
  if (mode === 'volume') {
    if (usage <= included) return 0;
    const tier = tiers[tierOf(tiers, usage)]!;
    for (let unit = included + 1; unit <= usage; unit += 1) total += tier.unitAmount;
    return total + tier.flatAmount;
  }
  const reached = new Set<number>();
  for (let unit = included + 1; unit <= usage; unit += 1) {
    const index = tierOf(tiers, unit);
    total += tiers[index]!.unitAmount;
    reached.add(index);
  }
  for (const index of reached) total += tiers[index]!.flatAmount;
  return total;
}

const metered = (tiers: Tier[], tiersMode: 'graduated' | 'volume', includedQuantity: number): PricingModel => ({
  type: 'metered',
  includedQuantity,
  unitAmount: 0,
  tiers,
  tiersMode,
});

describe('metered usage priced by tiers', () => {
  it('graduated: 1,250 calls, 100 included, 0–1,000 at 0.10 and beyond at 0.05 plus a 5.00 step fee', () => {
    const tiers: Tier[] = [
      { upTo: 1000, unitAmount: 10, flatAmount: 0 },
      { upTo: null, unitAmount: 5, flatAmount: 500 },
    ];
    const { amount, lines } = modelAmount(metered(tiers, 'graduated', 100), 1250);
    // 100 free, 900 × 0.10 = 90.00, 250 × 0.05 + 5.00 = 17.50.
    assert.equal(amount, 9000 + 1250 + 500);
    assert.deepEqual(
      lines.map((l) => [l.kind, l.from, l.upTo, l.quantity, l.amount]),
      [
        ['included', 1, 100, 100, 0],
        ['tier', 101, 1000, 900, 9000],
        ['tier', 1001, null, 250, 1750],
      ],
    );
  });

  it('volume: every billed unit at the rate of the tier the whole usage falls in', () => {
    const tiers: Tier[] = [
      { upTo: 1000, unitAmount: 10, flatAmount: 0 },
      { upTo: null, unitAmount: 5, flatAmount: 500 },
    ];
    assert.equal(modelAmount(metered(tiers, 'volume', 0), 1000).amount, 10_000);
    assert.equal(modelAmount(metered(tiers, 'volume', 0), 1001).amount, 1001 * 5 + 500, 'one more call moves them all to the cheaper tier');
    assert.equal(modelAmount(metered(tiers, 'volume', 100), 50).amount, 0, 'within the allowance');
  });

  it('the schema takes tiers and a mode on a metered item', () => {
    const parsed = PricingModelSchema.parse({ type: 'metered', includedQuantity: 0, unitAmount: 0, tiers: [{ upTo: null, unitAmount: 3, flatAmount: 0 }], tiersMode: 'volume' });
    assert.equal(parsed.type === 'metered' && parsed.tiersMode, 'volume');
    assert.equal(PricingModelSchema.safeParse({ type: 'metered', includedQuantity: 0, unitAmount: 0, tiersMode: 'stairs' }).success, false);
  });

  it('property: exact integer minor units equal to billing unit by unit, the lines add up, graduated never drops as usage grows', () => {
    fc.assert(
      fc.property(
        tiersArb,
        fc.constantFrom('graduated' as const, 'volume' as const),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 300 }),
        (tiers, mode, usage, included) => {
          const { amount, lines } = modelAmount(metered(tiers, mode, included), usage);
          assert.ok(Number.isSafeInteger(amount) && amount >= 0);
          assert.equal(amount, byHand(tiers, mode, usage, included));
          assert.equal(lines.reduce((sum, l) => sum + l.amount, 0), amount);
          const billed = lines.filter((l) => l.kind === 'tier').reduce((sum, l) => sum + l.quantity, 0);
          assert.equal(billed, Math.max(0, usage - included), 'every unit over the allowance billed once');
          if (mode === 'graduated') assert.ok(modelAmount(metered(tiers, mode, included), usage + 1).amount >= amount);
          // Without an allowance, a metered tiered price is the plain tiered price of the usage.
          if (included === 0) assert.equal(amount, modelAmount({ type: mode, tiers }, usage).amount);
        },
      ),
      { numRuns: 500 },
    );
  });
});
