/**
 * The engine's invoice lines and totals (engine/lines.ts) without a database: what a buyer reads on an
 * invoice line and what an accountant adds up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Discount, SubscriptionItem } from '@subkit/core';
import {
  discountsFor,
  periodLines,
  prorate,
  prorationInvoiceLines,
  proratedItems,
  signedTotals,
  totalsOf,
  usageLines,
  wireTaxLines,
} from '../../src/engine/lines.js';

function item(partial: Partial<SubscriptionItem> & Pick<SubscriptionItem, 'id' | 'model'>): SubscriptionItem {
  return {
    kind: 'plan', priceItemId: `pi_${partial.id}`, addOnId: null, description: 'Seats', unitLabel: null, metric: null, quantity: 1,
    ...partial,
  };
}

const seats = item({ id: 'si_seats', quantity: 3, model: { type: 'per_unit', unitAmount: 1500 } });
// A flat fee is billed once whatever quantity the item carries.
const platform = item({ id: 'si_platform', description: 'Platform fee', quantity: 4, model: { type: 'flat', amount: 2900 } });
const support = item({ id: 'si_support', kind: 'addon', addOnId: 'addon_support', description: 'Priority support', quantity: 2, model: { type: 'per_unit', unitAmount: 900 } });
const storage = item({
  id: 'si_storage', quantity: 12, description: 'Storage',
  model: { type: 'graduated', tiers: [{ upTo: 10, unitAmount: 100, flatAmount: 0 }, { upTo: null, unitAmount: 50, flatAmount: 0 }] },
});
const calls = item({ id: 'si_calls', description: 'API calls', metric: 'api_calls', quantity: 1, model: { type: 'metered', includedQuantity: 1000, unitAmount: 2 } });
const hours = item({ id: 'si_hours', description: 'Service hours', quantity: 1, model: { type: 'metered', includedQuantity: 0, unitAmount: 500 } });

const periodStart = new Date('2025-01-01T00:00:00Z');
const periodEnd = new Date('2025-01-31T00:00:00Z');
const halfway = new Date('2025-01-16T00:00:00Z');

const discount = (partial: Partial<Discount>): Discount => ({
  source: 'promo', code: 'SAVE', percentOff: null, amountOff: null, currency: null, duration: 'forever', durationInPeriods: null, periodsRemaining: null,
  ...partial,
});

describe('engine lines: period lines', () => {
  it('charges each licensed item in advance, named after the plan, with its unit price where it has one', () => {
    const lines = periodLines([seats, platform, support, storage, calls], { planName: 'Pro', periodStart, periodEnd });
    assert.deepEqual(
      lines.map((l) => [l.type, l.description, l.quantity, l.unitAmount, l.amount, l.proration]),
      [
        ['subscription', 'Pro — Seats', 3, 1500, 4500, false],
        ['subscription', 'Pro — Platform fee', 1, 2900, 2900, false],
        ['addon', 'Priority support', 2, 900, 1800, false],
        ['subscription', 'Pro — Storage', 12, null, 1100, false],
      ],
    );
    assert.deepEqual(lines.map((l) => [l.periodStart, l.periodEnd]), lines.map(() => ['2025-01-01T00:00:00.000Z', '2025-01-31T00:00:00.000Z']));
    assert.deepEqual(lines[3]?.tiers.map((t) => [t.quantity, t.amount]), [[10, 1000], [2, 100]]);
    assert.equal(new Set(lines.map((l) => l.id)).size, 4);
    assert.ok(lines.every((l) => l.id.startsWith('il_')));
  });

  it('shows what a trial covers at zero', () => {
    const lines = periodLines([seats, storage], { planName: 'Pro', periodStart, periodEnd, trial: true });
    assert.deepEqual(
      lines.map((l) => [l.description, l.quantity, l.unitAmount, l.amount, l.tiers.length]),
      [['Trial period — Pro — Seats', 3, 0, 0, 0], ['Trial period — Pro — Storage', 12, 0, 0, 0]],
    );
  });
});

describe('engine lines: usage lines', () => {
  it('bills metered items in arrears from the usage of their metric (or price item)', () => {
    const lines = usageLines([seats, calls, hours], { api_calls: 1500, pi_si_hours: 3 }, { planName: 'Pro', periodStart, periodEnd });
    assert.deepEqual(
      lines.map((l) => [l.type, l.description, l.quantity, l.unitAmount, l.amount, l.proration]),
      [['usage', 'Pro — API calls', 1500, null, 1000, false], ['usage', 'Pro — Service hours', 3, null, 1500, false]],
    );
    assert.deepEqual(lines[0]?.tiers.map((t) => [t.kind, t.quantity, t.amount]), [['included', 1000, 0], ['overage', 500, 1000]]);
    assert.equal(lines[1]?.periodEnd, '2025-01-31T00:00:00.000Z');
    assert.ok(lines.every((l) => l.id.startsWith('il_')));
  });

  it('counts no usage as zero', () => {
    const [line] = usageLines([hours], {}, { planName: 'Pro', periodStart, periodEnd });
    assert.deepEqual([line?.quantity, line?.amount], [0, 0]);
  });
});

describe('engine lines: proration', () => {
  it('names the items and their quantities as the proration math takes them', () => {
    assert.deepEqual(proratedItems([seats, platform, calls], 'Pro'), [
      { key: 'si_seats', description: 'Pro — Seats × 3', amount: 4500 },
      { key: 'si_platform', description: 'Pro — Platform fee', amount: 2900 },
    ]);
  });

  it('credits the unused time of the old items and charges the rest of the period on the new ones', () => {
    const upgraded = { ...seats, id: 'si_seats_pro', quantity: 5 };
    const result = prorate({
      oldItems: [seats, platform], oldPlanName: 'Starter', newItems: [upgraded, platform], newPlanName: 'Pro',
      periodStart, periodEnd, at: halfway, policy: 'second',
    });
    assert.deepEqual(
      result.lines.map((l) => [l.kind, l.description, l.quantity, l.amount, l.periodStart.toISOString(), l.periodEnd.toISOString()]),
      [
        ['credit', 'Unused time on Starter — Seats × 3', 3, -2250, '2025-01-16T00:00:00.000Z', '2025-01-31T00:00:00.000Z'],
        ['credit', 'Unused time on Starter — Platform fee', 1, -1450, '2025-01-16T00:00:00.000Z', '2025-01-31T00:00:00.000Z'],
        ['charge', 'Remaining time on Pro — Seats × 5', 5, 3750, '2025-01-16T00:00:00.000Z', '2025-01-31T00:00:00.000Z'],
        ['charge', 'Remaining time on Pro — Platform fee', 1, 1450, '2025-01-16T00:00:00.000Z', '2025-01-31T00:00:00.000Z'],
      ],
    );
    assert.equal(result.total, 1500);
  });

  it('prorates by whole days under the day policy', () => {
    const at = new Date('2025-01-16T12:00:00Z');
    const opts = { oldItems: [], oldPlanName: 'Starter', newItems: [platform], newPlanName: 'Pro', periodStart, periodEnd, at };
    assert.equal(prorate({ ...opts, policy: 'day' }).total, 1450); // 15 of 30 days
    assert.equal(prorate({ ...opts, policy: 'second' }).total, 1402); // 14.5 of 30 days
  });

  it('turns proration results into proration invoice lines', () => {
    const result = prorate({ oldItems: [seats], oldPlanName: 'Starter', newItems: [], newPlanName: 'Pro', periodStart, periodEnd, at: halfway, policy: 'second' });
    const [line] = prorationInvoiceLines(result);
    assert.deepEqual({ ...line, id: undefined }, {
      id: undefined, type: 'proration', description: 'Unused time on Starter — Seats × 3', quantity: 3, unitAmount: null, amount: -2250,
      periodStart: '2025-01-16T00:00:00.000Z', periodEnd: '2025-01-31T00:00:00.000Z', proration: true, tiers: [],
      text: { kind: 'unused_time', subject: { type: 'plan', planId: null, planName: 'Starter', itemId: 'pi_si_seats', name: 'Seats', unitLabel: null, unitLabelPlural: null } },
    });
    assert.ok(line?.id.startsWith('il_'));
  });
});

describe('engine lines: discounts and totals', () => {
  it('gives a period invoice the active discount and a proration invoice only a percentage', () => {
    const percent = discount({ percentOff: 20 });
    const fixed = discount({ amountOff: 500, currency: 'eur' });
    assert.deepEqual(discountsFor(percent, 'period'), [{ percentOff: 20, amountOff: null }]);
    assert.deepEqual(discountsFor(percent, 'proration'), [{ percentOff: 20, amountOff: null }]);
    assert.deepEqual(discountsFor(fixed, 'period'), [{ percentOff: null, amountOff: 500 }]);
    assert.deepEqual(discountsFor(fixed, 'proration'), []);
    assert.deepEqual(discountsFor(null, 'period'), []);
    assert.deepEqual(discountsFor(discount({ percentOff: 20, duration: 'repeating', durationInPeriods: 3, periodsRemaining: 0 }), 'period'), []);
    assert.deepEqual(discountsFor(discount({ percentOff: 20, duration: 'repeating', durationInPeriods: 3, periodsRemaining: 1 }), 'period'), [{ percentOff: 20, amountOff: null }]);
  });

  it('totals a period invoice with discount, tax and customer credit', () => {
    const t = totalsOf({
      lines: [{ amount: 3000 }], discounts: [{ percentOff: 10, amountOff: null }],
      taxRates: [{ id: 'txr_de', name: 'USt', percent: 19, inclusive: false }], creditBalance: 1000,
    });
    assert.deepEqual([t.subtotal, t.discountTotal, t.tax, t.total, t.creditApplied, t.amountDue], [3000, 300, 513, 3213, 1000, 2213]);
  });

  it('totals a net credit as the mirror image of the charge: 80 % of the price back, never a payment due', () => {
    const input = {
      discounts: [{ percentOff: 20, amountOff: null }],
      taxRates: [{ id: 'txr_de', name: 'USt', percent: 19, inclusive: false }],
      creditBalance: 5000,
    };
    const credit = signedTotals({ ...input, lines: [{ amount: -2250 }, { amount: 1250 }] });
    const charge = signedTotals({ ...input, lines: [{ amount: 2250 }, { amount: -1250 }] });
    assert.deepEqual(
      [credit.subtotal, credit.discountTotal, credit.exclusiveTax, credit.tax, credit.total, credit.creditApplied, credit.amountDue],
      [-1000, -200, -152, -152, -952, 0, 0],
    );
    assert.deepEqual([charge.subtotal, charge.discountTotal, charge.tax, charge.total, charge.creditApplied, charge.amountDue], [1000, 200, 152, 952, 952, 0]);
    assert.deepEqual(credit.discountLines, [{ index: 0, amount: -200 }]);
    assert.deepEqual(credit.taxLines.map((l) => [l.taxableAmount, l.amount]), [[-800, -152]]);
    // An inclusive rate is carved out of the credit the same way.
    const inclusive = signedTotals({ lines: [{ amount: -1190 }], discounts: [], taxRates: [{ id: 'txr_x', name: 'VAT', percent: 19, inclusive: true }], creditBalance: 0 });
    assert.deepEqual([inclusive.inclusiveTax, inclusive.exclusiveTax, inclusive.total], [-190, 0, -1190]);
  });

  it('never shows a negative zero on a credit', () => {
    const t = signedTotals({ lines: [{ amount: -500 }], discounts: [], taxRates: [{ id: 'txr_0', name: 'Zero', percent: 0, inclusive: false }], creditBalance: 0 });
    for (const value of [t.discountTotal, t.tax, t.inclusiveTax, t.exclusiveTax, t.taxLines[0]?.amount]) assert.ok(Object.is(value, 0), String(value));
    const zero = signedTotals({ lines: [{ amount: 500 }, { amount: -500 }], discounts: [], taxRates: [], creditBalance: 300 });
    assert.deepEqual([zero.total, zero.creditApplied, zero.amountDue], [0, 0, 0]);
  });

  it('marks on the wire which tax lines are inside the prices', () => {
    const rates = [
      { id: 'txr_in', name: 'VAT', percent: 19, inclusive: true },
      { id: 'txr_ex', name: 'Levy', percent: 10, inclusive: false },
    ];
    const t = totalsOf({ lines: [{ amount: 1190 }], discounts: [], taxRates: rates, creditBalance: 0 });
    assert.deepEqual(wireTaxLines(t, rates), [
      { name: 'VAT', percent: 19, taxableAmount: 1000, amount: 190, inclusive: true, kind: 'vat', treatment: 'standard', country: null },
      { name: 'Levy', percent: 10, taxableAmount: 1000, amount: 100, inclusive: false, kind: 'vat', treatment: 'standard', country: null },
    ]);
    assert.deepEqual(wireTaxLines(t, []).map((l) => l.inclusive), [false, false]);
  });
});
