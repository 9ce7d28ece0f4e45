import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PriceItem, PricingModel, Tier } from '../../src/schemas/catalog.js';
import {
  modelAmount,
  monthlyEquivalent,
  monthsPerPeriod,
  type PricingError,
  quotePrice,
  savingsPercent,
  sumAmounts,
  validateTiers,
} from '../../src/math/index.js';

const tiers: Tier[] = [
  { upTo: 5, unitAmount: 1000, flatAmount: 0 },
  { upTo: 10, unitAmount: 800, flatAmount: 500 },
  { upTo: null, unitAmount: 500, flatAmount: 0 },
];
const graduated: PricingModel = { type: 'graduated', tiers };
const volume: PricingModel = { type: 'volume', tiers };

function pricingError(code: PricingError['code']) {
  return (error: unknown) => {
    assert.equal((error as PricingError).name, 'PricingError');
    assert.equal((error as PricingError).type, 'pricing_error');
    assert.equal((error as PricingError).code, code);
    return true;
  };
}

describe('modelAmount', () => {
  it('flat ignores the quantity', () => {
    const r = modelAmount({ type: 'flat', amount: 4900 }, 17);
    assert.equal(r.amount, 4900);
    assert.deepEqual(r.lines, [{ kind: 'flat', tier: null, from: 0, upTo: null, quantity: 1, unitAmount: 0, flatAmount: 4900, amount: 4900 }]);
    assert.equal(modelAmount({ type: 'flat', amount: 4900 }, 0).amount, 4900);
  });

  it('per_unit multiplies seats', () => {
    assert.equal(modelAmount({ type: 'per_unit', unitAmount: 1500 }, 3).amount, 4500);
    const zero = modelAmount({ type: 'per_unit', unitAmount: 1500 }, 0);
    assert.equal(zero.amount, 0);
    assert.equal(zero.lines[0]?.quantity, 0);
  });

  it('package charges per started block', () => {
    const m: PricingModel = { type: 'package', packageSize: 10, packageAmount: 2500 };
    assert.deepEqual(
      [0, 1, 10, 11, 20, 25].map((q) => modelAmount(m, q).amount),
      [0, 2500, 2500, 5000, 5000, 7500],
    );
    assert.equal(modelAmount(m, 25).lines[0]?.quantity, 3);
  });

  it('graduated prices each unit in its own tier, with tier flat fees once reached', () => {
    assert.deepEqual(
      [0, 1, 5, 6, 10, 11, 25].map((q) => modelAmount(graduated, q).amount),
      [0, 1000, 5000, 6300, 9500, 10000, 17000],
    );
    assert.deepEqual(modelAmount(graduated, 12).lines, [
      { kind: 'tier', tier: 0, from: 1, upTo: 5, quantity: 5, unitAmount: 1000, flatAmount: 0, amount: 5000 },
      { kind: 'tier', tier: 1, from: 6, upTo: 10, quantity: 5, unitAmount: 800, flatAmount: 500, amount: 4500 },
      { kind: 'tier', tier: 2, from: 11, upTo: null, quantity: 2, unitAmount: 500, flatAmount: 0, amount: 1000 },
    ]);
    assert.equal(modelAmount(graduated, 5).lines.length, 1);
    assert.equal(modelAmount(graduated, 0).lines.length, 0);
  });

  it('volume prices all units at the tier the total falls in', () => {
    assert.deepEqual(
      [0, 1, 5, 6, 10, 11, 25].map((q) => modelAmount(volume, q).amount),
      [0, 1000, 5000, 5300, 8500, 5500, 12500],
    );
    assert.deepEqual(modelAmount(volume, 6).lines, [
      { kind: 'tier', tier: 1, from: 6, upTo: 10, quantity: 6, unitAmount: 800, flatAmount: 500, amount: 5300 },
    ]);
  });

  it('metered charges usage beyond the allowance', () => {
    const m: PricingModel = { type: 'metered', includedQuantity: 1000, unitAmount: 2 };
    assert.deepEqual([0, 999, 1000, 1001, 1500].map((q) => modelAmount(m, q).amount), [0, 0, 0, 2, 1000]);
    assert.deepEqual(modelAmount(m, 1500).lines, [
      { kind: 'included', tier: null, from: 1, upTo: 1000, quantity: 1000, unitAmount: 0, flatAmount: 0, amount: 0 },
      { kind: 'overage', tier: null, from: 1001, upTo: null, quantity: 500, unitAmount: 2, flatAmount: 0, amount: 1000 },
    ]);
    assert.deepEqual(modelAmount(m, 10).lines.map((l) => [l.kind, l.quantity]), [['included', 10]]);
  });

  it('metered with packageSize charges per started package of overage', () => {
    const m: PricingModel = { type: 'metered', includedQuantity: 1000, unitAmount: 150, packageSize: 100 };
    assert.deepEqual([1000, 1001, 1100, 1101, 1200, 1201].map((q) => modelAmount(m, q).amount), [0, 150, 150, 300, 300, 450]);
    const none: PricingModel = { type: 'metered', includedQuantity: 0, unitAmount: 10 };
    assert.deepEqual(modelAmount(none, 5).lines.map((l) => l.kind), ['overage']);
    assert.deepEqual(modelAmount(none, 0), { amount: 0, lines: [] });
  });

  it('rejects invalid tiers', () => {
    const bad: Tier[][] = [
      [],
      [{ upTo: 5, unitAmount: 1, flatAmount: 0 }],
      [{ upTo: null, unitAmount: 1, flatAmount: 0 }, { upTo: null, unitAmount: 1, flatAmount: 0 }],
      [{ upTo: 10, unitAmount: 1, flatAmount: 0 }, { upTo: 10, unitAmount: 1, flatAmount: 0 }, { upTo: null, unitAmount: 1, flatAmount: 0 }],
      [{ upTo: 10, unitAmount: 1, flatAmount: 0 }, { upTo: 5, unitAmount: 1, flatAmount: 0 }, { upTo: null, unitAmount: 1, flatAmount: 0 }],
      [{ upTo: 0, unitAmount: 1, flatAmount: 0 }, { upTo: null, unitAmount: 1, flatAmount: 0 }],
    ];
    for (const t of bad) {
      assert.throws(() => validateTiers(t), pricingError('invalid_tiers'));
      assert.throws(() => modelAmount({ type: 'graduated', tiers: t }, 3), pricingError('invalid_tiers'));
      assert.throws(() => modelAmount({ type: 'volume', tiers: t }, 3), pricingError('invalid_tiers'));
    }
  });

  it('refuses tiers with a negative unit or flat amount (a tier must never pay the buyer)', () => {
    const negative: Tier[][] = [
      [{ upTo: 5, unitAmount: -1, flatAmount: 0 }, { upTo: null, unitAmount: 1, flatAmount: 0 }],
      [{ upTo: 5, unitAmount: 1, flatAmount: -1 }, { upTo: null, unitAmount: 1, flatAmount: 0 }],
      [{ upTo: null, unitAmount: -100, flatAmount: 0 }],
      [{ upTo: null, unitAmount: 0, flatAmount: -100 }],
    ];
    for (const t of negative) {
      assert.throws(() => validateTiers(t), pricingError('invalid_tiers'));
      assert.throws(() => modelAmount({ type: 'graduated', tiers: t }, 3), pricingError('invalid_tiers'));
    }
    assert.doesNotThrow(() => validateTiers([{ upTo: 5, unitAmount: 0, flatAmount: 0 }, { upTo: null, unitAmount: 0, flatAmount: 0 }]));
    assert.throws(() => validateTiers([{ upTo: 2.5, unitAmount: 1, flatAmount: 0 }, { upTo: null, unitAmount: 1, flatAmount: 0 }]), pricingError('invalid_tiers'));
    assert.throws(() => validateTiers([{ upTo: 5, unitAmount: 0.5, flatAmount: 0 }, { upTo: null, unitAmount: 1, flatAmount: 0 }]), { type: 'money_error' });
  });

  it('refuses a package size of 0 (or less) instead of charging infinitely many packages', () => {
    for (const size of [0, -10, 2.5]) {
      assert.throws(() => modelAmount({ type: 'package', packageSize: size, packageAmount: 2500 }, 5), pricingError('invalid_quantity'), `package ${size}`);
      assert.throws(() => modelAmount({ type: 'metered', includedQuantity: 0, unitAmount: 1, packageSize: size }, 5), pricingError('invalid_quantity'), `metered ${size}`);
    }
    assert.equal(modelAmount({ type: 'package', packageSize: 1, packageAmount: 2500 }, 3).amount, 7500);
  });

  it('names each breakdown line by what it charges', () => {
    assert.deepEqual(modelAmount({ type: 'per_unit', unitAmount: 1500 }, 3).lines, [
      { kind: 'unit', tier: null, from: 1, upTo: null, quantity: 3, unitAmount: 1500, flatAmount: 0, amount: 4500 },
    ]);
    assert.deepEqual(modelAmount({ type: 'package', packageSize: 10, packageAmount: 2500 }, 25).lines, [
      { kind: 'package', tier: null, from: 1, upTo: null, quantity: 3, unitAmount: 2500, flatAmount: 0, amount: 7500 },
    ]);
  });

  it('rejects negative or fractional quantities', () => {
    assert.throws(() => modelAmount({ type: 'per_unit', unitAmount: 1 }, -1), pricingError('invalid_quantity'));
    assert.throws(() => modelAmount({ type: 'per_unit', unitAmount: 1 }, 1.5), pricingError('invalid_quantity'));
  });

  it('throws money overflow instead of losing cents', () => {
    assert.throws(
      () => modelAmount({ type: 'per_unit', unitAmount: 2 ** 40 }, 2 ** 20),
      (e: unknown) => (e as { type: string; code: string }).type === 'money_error' && (e as { code: string }).code === 'overflow',
    );
  });
});

/** Random valid tiers: strictly ascending upTo, last open. */
const tiersArb = fc
  .array(fc.record({ step: fc.integer({ min: 1, max: 50 }), unitAmount: fc.integer({ min: 0, max: 10_000 }), flatAmount: fc.integer({ min: 0, max: 10_000 }) }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((rows) => {
    let upTo = 0;
    return rows.map((row, i): Tier => {
      upTo += row.step;
      return { upTo: i === rows.length - 1 ? null : upTo, unitAmount: row.unitAmount, flatAmount: row.flatAmount };
    });
  });

/** The tier index a given unit (1-based) falls in. */
function tierOf(t: readonly Tier[], unit: number): number {
  const index = t.findIndex((tier) => tier.upTo === null || unit <= tier.upTo);
  return index;
}

function naiveGraduated(t: readonly Tier[], q: number): number {
  let total = 0;
  const reached = new Set<number>();
  for (let unit = 1; unit <= q; unit++) {
    const i = tierOf(t, unit);
    total += t[i]?.unitAmount ?? 0;
    reached.add(i);
  }
  for (const i of reached) total += t[i]?.flatAmount ?? 0;
  return total;
}

function naiveVolume(t: readonly Tier[], q: number): number {
  if (q === 0) return 0;
  const tier = t[tierOf(t, q)];
  return q * (tier?.unitAmount ?? 0) + (tier?.flatAmount ?? 0);
}

const modelArb: fc.Arbitrary<PricingModel> = fc.oneof(
  fc.record({ type: fc.constant('flat' as const), amount: fc.integer({ min: 0, max: 10 ** 7 }) }),
  fc.record({ type: fc.constant('per_unit' as const), unitAmount: fc.integer({ min: 0, max: 10 ** 6 }) }),
  fc.record({ type: fc.constant('package' as const), packageSize: fc.integer({ min: 1, max: 100 }), packageAmount: fc.integer({ min: 0, max: 10 ** 6 }) }),
  tiersArb.map((t) => ({ type: 'graduated' as const, tiers: t })),
  tiersArb.map((t) => ({ type: 'volume' as const, tiers: t })),
  fc.record(
    {
      type: fc.constant('metered' as const),
      includedQuantity: fc.integer({ min: 0, max: 1000 }),
      unitAmount: fc.integer({ min: 0, max: 10 ** 4 }),
      packageSize: fc.integer({ min: 1, max: 100 }),
    },
    { requiredKeys: ['type', 'includedQuantity', 'unitAmount'] },
  ),
);

describe('pricing properties', () => {
  it('lines always sum to the amount and each line is quantity × unit + flat', () => {
    fc.assert(
      fc.property(modelArb, fc.integer({ min: 0, max: 5000 }), (model, q) => {
        const { amount, lines } = modelAmount(model, q);
        assert.equal(sumAmounts(lines.map((l) => l.amount)), amount);
        for (const l of lines) assert.equal(l.amount, l.quantity * l.unitAmount + l.flatAmount);
        assert.ok(amount >= 0);
      }),
    );
  });

  it('graduated agrees with a unit-by-unit reference', () => {
    fc.assert(
      fc.property(tiersArb, fc.integer({ min: 0, max: 400 }), (t, q) => {
        assert.equal(modelAmount({ type: 'graduated', tiers: t }, q).amount, naiveGraduated(t, q));
        // tier lines cover exactly q units
        assert.equal(sumAmounts(modelAmount({ type: 'graduated', tiers: t }, q).lines.map((l) => l.quantity)), q);
      }),
    );
  });

  it('volume agrees with a reference', () => {
    fc.assert(
      fc.property(tiersArb, fc.integer({ min: 0, max: 400 }), (t, q) => {
        assert.equal(modelAmount({ type: 'volume', tiers: t }, q).amount, naiveVolume(t, q));
      }),
    );
  });

  it('single-tier graduated equals volume equals per-unit plus flat', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 5 }), fc.integer({ min: 0, max: 10 ** 4 }), fc.integer({ min: 1, max: 10 ** 4 }), (unit, flat, q) => {
        const one: Tier[] = [{ upTo: null, unitAmount: unit, flatAmount: flat }];
        const expected = unit * q + flat;
        assert.equal(modelAmount({ type: 'graduated', tiers: one }, q).amount, expected);
        assert.equal(modelAmount({ type: 'volume', tiers: one }, q).amount, expected);
      }),
    );
  });
});

describe('quotePrice', () => {
  const items: PriceItem[] = [
    { id: 'pi_base', description: 'Platform fee', model: { type: 'flat', amount: 2900 } },
    { id: 'pi_seats', description: 'Seats', unitLabel: 'seat', model: { type: 'per_unit', unitAmount: 1000 } },
    { id: 'pi_hours', description: 'Service hours', metric: 'service_hours', model: { type: 'metered', includedQuantity: 10, unitAmount: 500 } },
    { id: 'pi_api', description: 'API calls', model: { type: 'metered', includedQuantity: 0, unitAmount: 1, packageSize: 1000 } },
  ];

  it('prices each item with its own quantity source', () => {
    const quote = quotePrice({ currency: 'EUR', items }, { quantity: 3, usage: { service_hours: 12, pi_api: 2500 } });
    assert.equal(quote.currency, 'EUR');
    assert.deepEqual(
      quote.items.map((i) => [i.priceItemId, i.quantity, i.amount]),
      [
        ['pi_base', 1, 2900],
        ['pi_seats', 3, 3000],
        ['pi_hours', 12, 1000],
        ['pi_api', 2500, 3],
      ],
    );
    assert.equal(quote.subtotal, 6903);
    assert.equal(quote.items[1]?.description, 'Seats');
  });

  it('treats missing usage as zero', () => {
    const quote = quotePrice({ currency: 'EUR', items }, { quantity: 1 });
    assert.equal(quote.subtotal, 3900);
    assert.equal(quote.items[2]?.quantity, 0);
  });
});

describe('intervals', () => {
  it('counts months per period', () => {
    assert.equal(monthsPerPeriod({ interval: 'month', intervalCount: 1 }), 1);
    assert.equal(monthsPerPeriod({ interval: 'quarter', intervalCount: 1 }), 3);
    assert.equal(monthsPerPeriod({ interval: 'year', intervalCount: 1 }), 12);
    assert.equal(monthsPerPeriod({ interval: 'month', intervalCount: 6 }), 6);
    assert.equal(monthsPerPeriod({ interval: 'quarter', intervalCount: 2 }), 6);
    assert.equal(monthsPerPeriod({ interval: 'year', intervalCount: 2 }), 24);
  });

  it('refuses an interval count of 0, a negative or a fractional one', () => {
    for (const intervalCount of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => monthsPerPeriod({ interval: 'month', intervalCount }), pricingError('invalid_quantity'), String(intervalCount));
      assert.throws(() => monthlyEquivalent(1000, { interval: 'year', intervalCount }), pricingError('invalid_quantity'));
    }
  });

  it('expresses period amounts per month, rounded', () => {
    const year = { interval: 'year', intervalCount: 1 } as const;
    assert.equal(monthlyEquivalent(12000, year), 1000);
    assert.equal(monthlyEquivalent(10000, year), 833);
    assert.equal(monthlyEquivalent(18, year), 2); // 1.5 rounds away from zero
    assert.equal(monthlyEquivalent(9999, { interval: 'quarter', intervalCount: 1 }), 3333);
    assert.equal(monthlyEquivalent(1000, { interval: 'month', intervalCount: 1 }), 1000);
  });

  it('reports whole percent saved against paying monthly', () => {
    const year = { interval: 'year', intervalCount: 1 } as const;
    assert.equal(savingsPercent(100000, year, 10000), 17); // 16.67 %
    assert.equal(savingsPercent(96000, year, 10000), 20);
    assert.equal(savingsPercent(27000, { interval: 'quarter', intervalCount: 1 }, 10000), 10);
    assert.equal(savingsPercent(120000, year, 10000), 0);
    assert.equal(savingsPercent(130000, year, 10000), 0);
    assert.equal(savingsPercent(0, year, 0), 0);
    assert.equal(savingsPercent(-100, year, 0), 0); // a credit against a free plan: no saving, no division by zero
    assert.equal(savingsPercent(120400, year, 10000), 0); // 0.33 % dearer rounds to 0, never to a negative saving
    assert.equal(savingsPercent(121000, year, 10000), 0);
    assert.equal(savingsPercent(119400, year, 10000), 1); // 0.5 % rounds up
  });
});
