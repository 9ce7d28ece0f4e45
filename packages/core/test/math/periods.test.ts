import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, addMonths, addPeriods, daysBetween, periodAt, prorationFraction } from '../../src/math/index.js';

const month = { interval: 'month', intervalCount: 1 } as const;
const quarter = { interval: 'quarter', intervalCount: 1 } as const;
const year = { interval: 'year', intervalCount: 1 } as const;
const iso = (d: Date) => d.toISOString();
const utc = (s: string) => new Date(s);

describe('addPeriods', () => {
  it('clamps a Jan 31 anchor to month ends over 14 months, across a leap February', () => {
    const anchor = utc('2024-01-31T00:00:00.000Z');
    const boundaries = Array.from({ length: 15 }, (_, n) => iso(addPeriods(anchor, month, n)).slice(0, 10));
    assert.deepEqual(boundaries, [
      '2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30', '2024-07-31',
      '2024-08-31', '2024-09-30', '2024-10-31', '2024-11-30', '2024-12-31', '2025-01-31', '2025-02-28', '2025-03-31',
    ]);
  });

  it('uses Feb 28 in a common year and does not drift after it', () => {
    const anchor = utc('2023-01-31T00:00:00.000Z');
    assert.equal(iso(addPeriods(anchor, month, 1)), '2023-02-28T00:00:00.000Z');
    assert.equal(iso(addPeriods(anchor, month, 2)), '2023-03-31T00:00:00.000Z');
    const the30th = utc('2023-01-30T00:00:00.000Z');
    assert.equal(iso(addPeriods(the30th, month, 1)), '2023-02-28T00:00:00.000Z');
    assert.equal(iso(addPeriods(the30th, month, 2)), '2023-03-30T00:00:00.000Z');
  });

  it('keeps a Feb 29 yearly anchor on Feb 28 until the next leap year', () => {
    const anchor = utc('2024-02-29T12:00:00.000Z');
    assert.deepEqual(
      [1, 2, 3, 4, 100].map((n) => iso(addPeriods(anchor, year, n))),
      ['2025-02-28T12:00:00.000Z', '2026-02-28T12:00:00.000Z', '2027-02-28T12:00:00.000Z', '2028-02-29T12:00:00.000Z', '2124-02-29T12:00:00.000Z'],
    );
    // 2100 is not a leap year
    assert.equal(iso(addPeriods(anchor, year, 76)), '2100-02-28T12:00:00.000Z');
  });

  it('handles quarters, multi-month intervals and negative counts', () => {
    const anchor = utc('2023-11-30T00:00:00.000Z');
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => iso(addPeriods(anchor, quarter, n)).slice(0, 10)),
      ['2024-02-29', '2024-05-30', '2024-08-30', '2024-11-30'],
    );
    assert.equal(iso(addPeriods(utc('2024-01-31T00:00:00Z'), { interval: 'month', intervalCount: 2 }, 1)), '2024-03-31T00:00:00.000Z');
    assert.equal(iso(addPeriods(utc('2024-03-31T00:00:00Z'), month, -1)), '2024-02-29T00:00:00.000Z');
    assert.equal(iso(addPeriods(utc('2024-01-15T00:00:00Z'), month, -1)), '2023-12-15T00:00:00.000Z');
  });

  it('keeps the time of day to the millisecond, whatever local DST does', () => {
    assert.equal(iso(addPeriods(utc('2024-01-31T13:45:10.123Z'), month, 1)), '2024-02-29T13:45:10.123Z');
    // US DST starts 2024-03-10; a UTC period is still exactly one calendar month.
    assert.equal(iso(addPeriods(utc('2024-03-10T07:30:00.000Z'), month, 1)), '2024-04-10T07:30:00.000Z');
    assert.equal(iso(addPeriods(utc('2024-10-27T01:30:00.000Z'), month, 1)), '2024-11-27T01:30:00.000Z');
  });
});

describe('periodAt', () => {
  const anchor = utc('2024-01-31T00:00:00.000Z');

  it('finds the period containing an instant, start inclusive, end exclusive', () => {
    const p = periodAt(anchor, month, utc('2024-03-15T12:00:00Z'));
    assert.deepEqual([iso(p.start), iso(p.end), p.index], ['2024-02-29T00:00:00.000Z', '2024-03-31T00:00:00.000Z', 1]);
    const atBoundary = periodAt(anchor, month, utc('2024-03-31T00:00:00.000Z'));
    assert.equal(atBoundary.index, 2);
    assert.equal(iso(atBoundary.start), '2024-03-31T00:00:00.000Z');
    const justBefore = periodAt(anchor, month, utc('2024-03-30T23:59:59.999Z'));
    assert.equal(justBefore.index, 1);
    const first = periodAt(anchor, month, anchor);
    assert.deepEqual([first.index, iso(first.end)], [0, '2024-02-29T00:00:00.000Z']);
  });

  it('counts backwards before the anchor', () => {
    const p = periodAt(anchor, month, utc('2024-01-15T00:00:00Z'));
    assert.deepEqual([iso(p.start), iso(p.end), p.index], ['2023-12-31T00:00:00.000Z', '2024-01-31T00:00:00.000Z', -1]);
  });

  it('works for yearly periods', () => {
    const p = periodAt(utc('2024-02-29T00:00:00Z'), year, utc('2026-03-01T00:00:00Z'));
    assert.deepEqual([iso(p.start), iso(p.end), p.index], ['2026-02-28T00:00:00.000Z', '2027-02-28T00:00:00.000Z', 2]);
  });

  it('always contains the instant (property)', () => {
    const dateArb = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }).map((t) => new Date(t));
    const recurringArb = fc.record({ interval: fc.constantFrom('month' as const, 'quarter' as const, 'year' as const), intervalCount: fc.integer({ min: 1, max: 36 }) });
    fc.assert(
      fc.property(dateArb, recurringArb, dateArb, (a, r, at) => {
        const p = periodAt(a, r, at);
        assert.ok(p.start.getTime() <= at.getTime() && at.getTime() < p.end.getTime());
        assert.equal(p.start.getTime(), addPeriods(a, r, p.index).getTime());
        assert.equal(p.end.getTime(), addPeriods(a, r, p.index + 1).getTime());
      }),
    );
  });
});

describe('days', () => {
  it('adds 24-hour UTC days', () => {
    assert.equal(iso(addDays(utc('2024-02-28T10:00:00Z'), 1)), '2024-02-29T10:00:00.000Z');
    assert.equal(iso(addDays(utc('2024-03-01T10:00:00Z'), -1)), '2024-02-29T10:00:00.000Z');
  });
  it('counts calendar days between UTC dates', () => {
    assert.equal(daysBetween(utc('2024-01-01T00:00:00Z'), utc('2025-01-01T00:00:00Z')), 366);
    assert.equal(daysBetween(utc('2023-01-01T00:00:00Z'), utc('2024-01-01T00:00:00Z')), 365);
    assert.equal(daysBetween(utc('2024-02-28T23:00:00Z'), utc('2024-03-01T01:00:00Z')), 2);
    assert.equal(daysBetween(utc('2024-03-01T01:00:00Z'), utc('2024-02-28T23:00:00Z')), -2);
    assert.equal(daysBetween(utc('2024-05-02T00:37:59Z'), utc('2024-06-01T00:00:00Z')), 30);
  });
});

describe('refusals', () => {
  const bad = new Date(Number.NaN);
  const ok = utc('2024-01-31T00:00:00Z');
  it('refuses an invalid Date anywhere instead of computing a NaN period', () => {
    assert.throws(() => addMonths(bad, 1), RangeError);
    assert.throws(() => addPeriods(bad, month, 1), RangeError);
    assert.throws(() => periodAt(bad, month, ok), RangeError);
    assert.throws(() => periodAt(ok, month, bad), RangeError);
    assert.throws(() => addDays(bad, 1), RangeError);
    assert.throws(() => daysBetween(bad, ok), RangeError);
    assert.throws(() => daysBetween(ok, bad), RangeError);
    assert.throws(() => prorationFraction({ periodStart: bad, periodEnd: ok, at: ok }), RangeError);
    assert.throws(() => prorationFraction({ periodStart: ok, periodEnd: bad, at: ok }), RangeError);
    assert.throws(() => prorationFraction({ periodStart: ok, periodEnd: ok, at: bad }), RangeError);
  });
  it('refuses fractional months and days instead of landing between boundaries', () => {
    assert.throws(() => addMonths(ok, 1.5), RangeError);
    assert.throws(() => addMonths(ok, Number.NaN), RangeError);
    assert.throws(() => addDays(ok, 0.5), RangeError);
    assert.throws(() => addDays(ok, Infinity), RangeError);
  });
  it('moves across many years in both directions', () => {
    assert.equal(iso(addMonths(utc('2024-01-31T00:00:00Z'), 1201)), '2124-02-29T00:00:00.000Z');
    assert.equal(iso(addMonths(utc('2024-03-31T00:00:00Z'), -25)), '2022-02-28T00:00:00.000Z');
    assert.equal(iso(addMonths(utc('2024-12-15T00:00:00Z'), 1)), '2025-01-15T00:00:00.000Z');
    assert.equal(iso(addMonths(utc('2024-01-15T00:00:00Z'), -13)), '2022-12-15T00:00:00.000Z');
  });
});
