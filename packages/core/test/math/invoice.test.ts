import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { invoiceTotals, sumAmounts } from '../../src/math/index.js';

const lines = (...amounts: number[]) => amounts.map((amount) => ({ amount }));

describe('invoiceTotals', () => {
  it('sums lines when there is nothing else', () => {
    const t = invoiceTotals({ lines: lines(1000, 2000) });
    assert.deepEqual(t, {
      subtotal: 3000, discountLines: [], discountTotal: 0, taxLines: [], tax: 0, inclusiveTax: 0, exclusiveTax: 0,
      total: 3000, creditApplied: 0, amountDue: 3000,
    });
  });

  it('applies percent and amount discounts in order, never below zero', () => {
    assert.equal(invoiceTotals({ lines: lines(3000), discounts: [{ percentOff: 10, amountOff: null }] }).total, 2700);
    const capped = invoiceTotals({ lines: lines(3000), discounts: [{ percentOff: null, amountOff: 5000 }] });
    assert.deepEqual([capped.discountTotal, capped.total, capped.amountDue], [3000, 0, 0]);
    const stacked = invoiceTotals({ lines: lines(3000), discounts: [{ percentOff: 50, amountOff: null }, { percentOff: null, amountOff: 1000 }, { percentOff: 100, amountOff: null }] });
    assert.deepEqual(stacked.discountLines, [{ index: 0, amount: 1500 }, { index: 1, amount: 1000 }, { index: 2, amount: 500 }]);
    assert.equal(stacked.total, 0);
  });

  it('rounds percentages on integers, never floats', () => {
    // 12.5 % of 999 = 124.875 → 125
    assert.equal(invoiceTotals({ lines: lines(999), discounts: [{ percentOff: 12.5, amountOff: null }] }).discountTotal, 125);
    // 8.875 % of 10000 = 887.5 exactly → 888 (half away from zero)
    assert.equal(invoiceTotals({ lines: lines(10000), taxRates: [{ id: 'ny', name: 'NY', percent: 8.875 }] }).tax, 888);
    assert.equal(invoiceTotals({ lines: lines(100000), taxRates: [{ id: 'ch', name: 'MWST', percent: 7.7 }] }).tax, 7700);
    // 7 % of 100000 as a float is 7000.000000000001 (0.07 × 100000); the integer path is exact
    assert.equal(invoiceTotals({ lines: lines(100000), taxRates: [{ id: 'x', name: 'x', percent: 7 }] }).tax, 7000);
    // 0.0001 % is the finest step: 1 % of a millionth
    assert.equal(invoiceTotals({ lines: lines(10 ** 12), taxRates: [{ id: 'x', name: 'x', percent: 0.0001 }] }).tax, 10 ** 6);
  });

  it('discounts only the positive subtotal', () => {
    const t = invoiceTotals({ lines: lines(-500, 200), discounts: [{ percentOff: 50, amountOff: null }] });
    assert.deepEqual([t.subtotal, t.discountTotal, t.total, t.amountDue], [-300, 0, -300, 0]);
    assert.deepEqual(t.discountLines, [{ index: 0, amount: 0 }]);
  });

  it('adds exclusive tax on the discounted amount', () => {
    const t = invoiceTotals({ lines: lines(3000), discounts: [{ percentOff: 10, amountOff: null }], taxRates: [{ id: 'de', name: 'USt', percent: 19 }] });
    assert.deepEqual(t.taxLines, [{ id: 'de', name: 'USt', percent: 19, taxableAmount: 2700, amount: 513 }]);
    assert.deepEqual([t.tax, t.exclusiveTax, t.inclusiveTax, t.total], [513, 513, 0, 3213]);
  });

  it('carves inclusive tax out of the price', () => {
    const t = invoiceTotals({ lines: lines(1200), taxRates: [{ id: 'uk', name: 'VAT', percent: 20, inclusive: true }] });
    assert.deepEqual(t.taxLines, [{ id: 'uk', name: 'VAT', percent: 20, taxableAmount: 1000, amount: 200 }]);
    assert.deepEqual([t.tax, t.inclusiveTax, t.exclusiveTax, t.total], [200, 200, 0, 1200]);
    // 19 % included in 999: 999 × 19 / 119 = 159.50… → 160
    assert.equal(invoiceTotals({ lines: lines(999), taxRates: [{ id: 'de', name: 'USt', percent: 19, inclusive: true }] }).tax, 160);
  });

  it('carves the inclusive rate out first and adds the exclusive one on the net price', () => {
    // 1190 with 19 % inside it is 1000 net + 190 VAT; a 10 % exclusive levy on the net adds 100.
    const t = invoiceTotals({
      lines: lines(1190),
      taxRates: [{ id: 'de', name: 'USt', percent: 19, inclusive: true }, { id: 'levy', name: 'Levy', percent: 10 }],
    });
    assert.deepEqual(t.taxLines.map((l) => [l.id, l.taxableAmount, l.amount]), [['de', 1000, 190], ['levy', 1000, 100]]);
    assert.deepEqual([t.inclusiveTax, t.exclusiveTax, t.tax, t.total, t.amountDue], [190, 100, 290, 1290, 1290]);
    // Two inclusive rates share the carve-out: 1300 = 1000 × (1 + 20 % + 10 %).
    const two = invoiceTotals({
      lines: lines(1300),
      taxRates: [{ id: 'a', name: 'A', percent: 20, inclusive: true }, { id: 'b', name: 'B', percent: 10, inclusive: true }],
    });
    assert.deepEqual(two.taxLines.map((l) => l.amount), [200, 100]);
    assert.deepEqual([two.inclusiveTax, two.exclusiveTax, two.total], [300, 0, 1300]);
  });

  it('accepts a 0 % tax rate and a 0 % or 0-amount discount as no change', () => {
    const t = invoiceTotals({
      lines: lines(2500),
      discounts: [{ percentOff: 0, amountOff: null }, { percentOff: null, amountOff: 0 }, { percentOff: null, amountOff: null }],
      taxRates: [{ id: 'zero', name: 'Zero-rated', percent: 0 }, { id: 'zi', name: 'Zero incl.', percent: 0, inclusive: true }],
    });
    assert.deepEqual(t.discountLines, [{ index: 0, amount: 0 }, { index: 1, amount: 0 }, { index: 2, amount: 0 }]);
    assert.deepEqual(t.taxLines.map((l) => [l.taxableAmount, l.amount]), [[2500, 0], [2500, 0]]);
    assert.deepEqual([t.discountTotal, t.tax, t.total, t.amountDue], [0, 0, 2500, 2500]);
  });

  it('takes a percentage of what earlier discounts left, and a fixed amount as it is', () => {
    const t = invoiceTotals({ lines: lines(10000), discounts: [{ percentOff: null, amountOff: 2000 }, { percentOff: 25, amountOff: null }] });
    assert.deepEqual(t.discountLines.map((d) => d.amount), [2000, 2000]);
    assert.equal(t.total, 6000);
    // percentOff wins when both are set
    assert.equal(invoiceTotals({ lines: lines(10000), discounts: [{ percentOff: 10, amountOff: 5000 }] }).discountTotal, 1000);
  });

  it('applies customer credit up to the total', () => {
    const tax = [{ id: 'de', name: 'USt', percent: 19 }];
    const big = invoiceTotals({ lines: lines(2700), taxRates: tax, creditBalance: 5000 });
    assert.deepEqual([big.total, big.creditApplied, big.amountDue], [3213, 3213, 0]);
    const small = invoiceTotals({ lines: lines(2700), taxRates: tax, creditBalance: 1000 });
    assert.deepEqual([small.creditApplied, small.amountDue], [1000, 2213]);
    const negative = invoiceTotals({ lines: lines(-800), creditBalance: 1000 });
    assert.deepEqual([negative.total, negative.creditApplied, negative.amountDue], [-800, 0, 0]);
    const owed = invoiceTotals({ lines: lines(1000), creditBalance: -500 });
    assert.deepEqual([owed.creditApplied, owed.amountDue], [0, 1000]);
    const exact = invoiceTotals({ lines: lines(1000), creditBalance: 1000 });
    assert.deepEqual([exact.creditApplied, exact.amountDue], [1000, 0]);
  });

  it('rejects impossible percentages', () => {
    assert.throws(() => invoiceTotals({ lines: lines(100), discounts: [{ percentOff: 101, amountOff: null }] }), { code: 'invalid_amount' });
    assert.throws(() => invoiceTotals({ lines: lines(100), taxRates: [{ id: 'x', name: 'x', percent: -1 }] }), { code: 'invalid_amount' });
    assert.throws(() => invoiceTotals({ lines: lines(100), discounts: [{ percentOff: -0.0001, amountOff: null }] }), { code: 'invalid_amount' });
    assert.throws(() => invoiceTotals({ lines: lines(100), discounts: [{ percentOff: Number.NaN, amountOff: null }] }), { code: 'invalid_amount' });
    assert.throws(() => invoiceTotals({ lines: lines(100), taxRates: [{ id: 'x', name: 'x', percent: Infinity }] }), { code: 'invalid_amount' });
    assert.throws(() => invoiceTotals({ lines: lines(100), taxRates: [{ id: 'x', name: 'x', percent: 1000.0001 }] }), { code: 'invalid_amount' });
    assert.equal(invoiceTotals({ lines: lines(100), taxRates: [{ id: 'x', name: 'x', percent: 1000 }] }).tax, 1000);
    assert.equal(invoiceTotals({ lines: lines(100), discounts: [{ percentOff: 100, amountOff: null }] }).total, 0);
  });

  it('refuses a negative fixed discount instead of adding to the bill', () => {
    assert.throws(() => invoiceTotals({ lines: lines(1000), discounts: [{ percentOff: null, amountOff: -500 }] }), { type: 'money_error', code: 'invalid_amount' });
    assert.throws(() => invoiceTotals({ lines: lines(1000), discounts: [{ percentOff: null, amountOff: 1.5 }] }), { type: 'money_error', code: 'invalid_amount' });
  });

  it('everything sums exactly (property)', () => {
    const discountArb = fc.oneof(
      fc.record({ percentOff: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 10_000), amountOff: fc.constant(null) }),
      fc.record({ percentOff: fc.constant(null), amountOff: fc.integer({ min: 0, max: 10 ** 7 }) }),
    );
    const rateArb = fc.record({
      id: fc.string({ maxLength: 3 }),
      name: fc.string({ maxLength: 3 }),
      percent: fc.integer({ min: 0, max: 300_000 }).map((n) => n / 10_000),
      inclusive: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -(10 ** 8), max: 10 ** 9 }), { maxLength: 10 }),
        fc.array(discountArb, { maxLength: 3 }),
        fc.array(rateArb, { maxLength: 3 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        (amounts, discounts, taxRates, creditBalance) => {
          const t = invoiceTotals({ lines: lines(...amounts), discounts, taxRates, creditBalance });
          assert.equal(t.subtotal, sumAmounts(amounts));
          assert.equal(t.discountTotal, sumAmounts(t.discountLines.map((d) => d.amount)));
          assert.ok(t.discountTotal >= 0 && t.discountTotal <= Math.max(0, t.subtotal));
          assert.equal(t.tax, sumAmounts(t.taxLines.map((l) => l.amount)));
          assert.equal(t.tax, t.inclusiveTax + t.exclusiveTax);
          assert.equal(t.total, t.subtotal - t.discountTotal + t.exclusiveTax);
          assert.ok(t.amountDue >= 0 && t.creditApplied >= 0 && t.creditApplied <= creditBalance);
          assert.equal(t.amountDue + t.creditApplied, Math.max(0, t.total));
        },
      ),
    );
  });
});
