import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { prorateAmount, prorationFraction, prorationLines, sumAmounts, type ProratedItem } from '../../src/math/index.js';

const utc = (s: string) => new Date(s);
const jan = { periodStart: utc('2025-01-01T00:00:00Z'), periodEnd: utc('2025-01-31T00:00:00Z') }; // 30 days

describe('prorationFraction', () => {
  it('by the second: seconds remaining over seconds in the period', () => {
    const f = prorationFraction({ ...jan, at: utc('2025-01-16T00:00:00Z') });
    assert.deepEqual(f, { numerator: 1_296_000n, denominator: 2_592_000n });
    const g = prorationFraction({ ...jan, at: utc('2025-01-30T23:59:59Z'), policy: 'second' });
    assert.deepEqual(g, { numerator: 1n, denominator: 2_592_000n });
  });

  it('by the day: days remaining (the change day included) over days in the period', () => {
    const f = prorationFraction({ periodStart: utc('2012-05-01T00:00:00Z'), periodEnd: utc('2012-06-01T00:00:00Z'), at: utc('2012-05-02T00:37:59Z'), policy: 'day' });
    assert.deepEqual(f, { numerator: 30n, denominator: 31n });
    const leap = prorationFraction({ periodStart: utc('2024-02-01T00:00:00Z'), periodEnd: utc('2024-03-01T00:00:00Z'), at: utc('2024-02-15T18:00:00Z'), policy: 'day' });
    assert.deepEqual(leap, { numerator: 15n, denominator: 29n });
  });

  it('clamps to [0, 1]', () => {
    assert.deepEqual(prorationFraction({ ...jan, at: utc('2024-12-01T00:00:00Z') }), { numerator: 2_592_000n, denominator: 2_592_000n });
    assert.deepEqual(prorationFraction({ ...jan, at: utc('2025-02-15T00:00:00Z') }), { numerator: 0n, denominator: 2_592_000n });
    assert.deepEqual(prorationFraction({ ...jan, at: utc('2025-02-15T00:00:00Z'), policy: 'day' }), { numerator: 0n, denominator: 30n });
    const empty = { periodStart: jan.periodStart, periodEnd: jan.periodStart, at: jan.periodStart };
    assert.deepEqual(prorationFraction(empty), { numerator: 0n, denominator: 1n });
    // Shorter than one unit of the policy: all or nothing.
    const short = { periodStart: utc('2025-01-01T10:00:00.000Z'), periodEnd: utc('2025-01-01T10:00:00.500Z') };
    assert.deepEqual(prorationFraction({ ...short, at: short.periodStart }), { numerator: 1n, denominator: 1n });
    assert.deepEqual(prorationFraction({ ...short, at: short.periodEnd }), { numerator: 0n, denominator: 1n });
  });
});

describe('prorateAmount', () => {
  it('rounds each amount half away from zero', () => {
    // 2000 × 1/3 = 666.67 → 667; 1000 × 1/3 = 333.33 → 333
    const third = { periodStart: utc('2025-01-01T00:00:00Z'), periodEnd: utc('2025-01-31T00:00:00Z'), at: utc('2025-01-21T00:00:00Z') };
    assert.equal(prorateAmount(2000, third), 667);
    assert.equal(prorateAmount(1000, third), 333);
    assert.equal(prorateAmount(-1000, third), -333);
    // 1 cent over half a period = 0.5 → 1
    assert.equal(prorateAmount(1, { ...jan, at: utc('2025-01-16T00:00:00Z') }), 1);
    assert.equal(prorateAmount(1, { ...jan, at: utc('2025-01-16T00:00:01Z') }), 0);
  });

  it('differs between policies when the change is mid-day', () => {
    const window = { ...jan, at: utc('2025-01-16T12:00:00Z') };
    assert.equal(prorateAmount(3000, { ...window, policy: 'second' }), 1450); // 14.5 of 30 days
    assert.equal(prorateAmount(3000, { ...window, policy: 'day' }), 1500); // 15 of 30 days
  });
});

describe('prorationLines', () => {
  it('credits the old items and charges the new ones', () => {
    const r = prorationLines({
      ...jan,
      at: utc('2025-01-16T00:00:00Z'),
      oldItems: [{ key: 'base', description: 'Starter', amount: 1000 }],
      newItems: [{ key: 'base', description: 'Pro', amount: 2000 }],
    });
    assert.deepEqual(
      r.lines.map((l) => [l.kind, l.key, l.description, l.amount, l.periodStart.toISOString(), l.periodEnd.toISOString()]),
      [
        ['credit', 'base', 'Starter', -500, '2025-01-16T00:00:00.000Z', '2025-01-31T00:00:00.000Z'],
        ['charge', 'base', 'Pro', 1000, '2025-01-16T00:00:00.000Z', '2025-01-31T00:00:00.000Z'],
      ],
    );
    assert.equal(r.total, 500);
  });

  it('rounds per line, so the total is the sum of the rounded lines', () => {
    const third = { periodStart: utc('2025-01-01T00:00:00Z'), periodEnd: utc('2025-01-31T00:00:00Z'), at: utc('2025-01-21T00:00:00Z') };
    const seats = [1, 2, 3].map((n) => ({ key: `seat${n}`, description: `Seat ${n}`, amount: 1000 }));
    const r = prorationLines({ ...third, oldItems: [], newItems: seats });
    assert.deepEqual(r.lines.map((l) => l.amount), [333, 333, 333]);
    assert.equal(r.total, 999);
  });

  it('skips zero lines and returns nothing once the period is over', () => {
    const r = prorationLines({
      ...jan,
      at: utc('2025-01-16T00:00:00Z'),
      oldItems: [{ key: 'free', description: 'Free', amount: 0 }],
      newItems: [{ key: 'pro', description: 'Pro', amount: 2000 }],
    });
    assert.deepEqual(r.lines.map((l) => l.key), ['pro']);
    const over = prorationLines({ ...jan, at: jan.periodEnd, oldItems: [{ key: 'a', description: 'A', amount: 1000 }], newItems: [{ key: 'b', description: 'B', amount: 5000 }] });
    assert.deepEqual(over, { lines: [], total: 0 });
  });
});

const itemsArb = fc.array(
  fc.record({ key: fc.string({ maxLength: 4 }), description: fc.string({ maxLength: 8 }), amount: fc.integer({ min: 0, max: 10 ** 9 }) }),
  { maxLength: 6 },
);
const windowArb = fc
  .tuple(
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2080, 0, 1) }),
    fc.integer({ min: 1, max: 400 * 86_400_000 }),
    fc.double({ min: -0.2, max: 1.2, noNaN: true }),
    fc.constantFrom('second' as const, 'day' as const),
  )
  .map(([start, length, position, policy]) => ({
    periodStart: new Date(start),
    periodEnd: new Date(start + length),
    at: new Date(start + Math.round(length * position)),
    policy,
  }));

describe('proration properties', () => {
  it('lines sum exactly to the total and have the right signs', () => {
    fc.assert(
      fc.property(windowArb, itemsArb, itemsArb, (w, oldItems, newItems) => {
        const r = prorationLines({ ...w, oldItems, newItems });
        assert.equal(sumAmounts(r.lines.map((l) => l.amount)), r.total);
        for (const l of r.lines) {
          assert.ok(l.kind === 'credit' ? l.amount < 0 : l.amount > 0);
          assert.ok(l.periodStart.getTime() >= w.periodStart.getTime() && l.periodEnd.getTime() === w.periodEnd.getTime());
        }
      }),
    );
  });

  it('prorating a whole period gives the full price, and no time left gives 0', () => {
    fc.assert(
      fc.property(windowArb, fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (w, amount) => {
        assert.equal(prorateAmount(amount, { ...w, at: w.periodStart }), amount);
        assert.equal(prorateAmount(amount, { ...w, at: w.periodEnd }), 0);
        const part = prorateAmount(amount, w);
        assert.ok(part >= 0 && part <= amount);
      }),
    );
  });

  it('upgrade then downgrade at the same instant nets to exactly zero', () => {
    fc.assert(
      fc.property(windowArb, itemsArb, itemsArb, (w, a, b) => {
        const up = prorationLines({ ...w, oldItems: a, newItems: b });
        const down = prorationLines({ ...w, oldItems: b, newItems: a });
        assert.equal(up.total + down.total, 0);
      }),
    );
  });

  it('is monotonic: a later change never leaves more to charge', () => {
    fc.assert(
      fc.property(windowArb, fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 * 86_400_000 }), (w, amount, later) => {
        const now = prorateAmount(amount, w);
        const after = prorateAmount(amount, { ...w, at: new Date(w.at.getTime() + later) });
        assert.ok(after <= now);
      }),
    );
  });
});

export type { ProratedItem };
