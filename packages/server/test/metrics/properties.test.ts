/**
 * Properties of the metrics report over arbitrary books: any companies, subscriptions, prices, billing
 * intervals, currencies and status changes over a year. The hand-computed book (report.test.ts) pins the
 * figures; these pin the rules that must hold for every book.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SubscriptionItem, SubscriptionStatus } from '@subkit/core';
import { convertAmount } from '../../src/metrics/fx.js';
import type { SubscriptionState } from '../../src/metrics/mrr.js';
import { metricsReport } from '../../src/metrics/report.js';

const START = Date.parse('2027-01-01T00:00:00Z');
const DAY = 86_400_000;
const AT = START + 364 * DAY + 12 * 3_600_000;

const flatItem = (amount: number, quantity: number): SubscriptionItem => ({
  id: 'item', kind: 'plan', priceItemId: 'item', addOnId: null, description: 'Plan', unitLabel: null, metric: null, quantity,
  model: { type: 'per_unit', unitAmount: amount },
});

/** One subscription: its company, currency, interval, and its states (day, status, unit price, seats). */
const subscription = fc.record({
  company: fc.integer({ min: 0, max: 5 }),
  currency: fc.constantFrom('EUR', 'USD', 'JPY'),
  interval: fc.constantFrom('month' as const, 'quarter' as const, 'year' as const),
  steps: fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 364 }),
      status: fc.constantFrom<SubscriptionStatus>('active', 'active', 'past_due', 'trialing', 'paused', 'canceled'),
      amount: fc.integer({ min: 0, max: 500_000 }),
      seats: fc.integer({ min: 1, max: 50 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

type Subscription = typeof subscription extends fc.Arbitrary<infer T> ? T : never;

function statesOf(book: Subscription[]): SubscriptionState[] {
  return book
    .flatMap((sub, i) =>
      [...new Map(sub.steps.map((s) => [s.day, s])).values()].map((step) => ({
        subscriptionId: `sub_${i}`,
        companyId: `co_${sub.company}`,
        currency: sub.currency,
        validFrom: START + step.day * DAY,
        status: step.status,
        recurring: { interval: sub.interval, intervalCount: 1 },
        items: [flatItem(step.amount, step.seats)],
        discount: null,
      })),
    )
    .sort((a, b) => a.validFrom - b.validFrom);
}

describe('metrics report properties (fast-check)', () => {
  it('for any book: whole minor units, ARR = 12 × MRR, each month balances, months chain, and the last month ends at the MRR', () => {
    fc.assert(
      fc.property(fc.array(subscription, { minLength: 1, maxLength: 8 }), (book) => {
        const report = metricsReport({ states: statesOf(book), usage: [], at: AT, months: 12, reporting: null });
        for (const c of report.currencies) {
          assert.ok(Number.isSafeInteger(c.mrr) && c.mrr >= 0);
          assert.equal(c.arr, c.mrr * 12);
          let previousEnd = 0;
          for (const m of c.months) {
            for (const amount of [m.newMrr, m.expansionMrr, m.contractionMrr, m.churnedMrr, m.reactivationMrr]) assert.ok(Number.isSafeInteger(amount) && amount >= 0);
            assert.equal(m.startMrr, previousEnd, `${m.month} starts where the month before ended`);
            assert.equal(m.startMrr + m.newMrr + m.expansionMrr + m.reactivationMrr - m.contractionMrr - m.churnedMrr, m.endMrr, m.month);
            for (const rate of [m.logoChurnRate, m.revenueChurnRate]) assert.ok(rate === null || (rate >= 0 && rate <= 1));
            previousEnd = m.endMrr;
          }
          assert.equal(c.months.at(-1)!.endMrr, c.mrr, 'the running month ends at the MRR of the report’s instant');
          assert.equal(
            c.cohorts.reduce((n, cohort) => n + cohort.companies, 0),
            c.months.reduce((n, m) => n + m.newCompanies, 0),
            'every company that first paid in the year is in exactly one cohort',
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the reporting currency at rate 1 for every currency is the sum of the currencies, month by month', () => {
    fc.assert(
      fc.property(fc.array(subscription, { minLength: 1, maxLength: 8 }), (book) => {
        const states = statesOf(book).map((s) => ({ ...s, currency: s.currency === 'JPY' ? 'GBP' : s.currency }));
        const report = metricsReport({ states, usage: [], at: AT, months: 12, reporting: { currency: 'EUR', rates: { USD: '1', GBP: '1' } } });
        const sum = (pick: (c: (typeof report.currencies)[number]) => number) => report.currencies.reduce((n, c) => n + pick(c), 0);
        assert.equal(report.reporting!.mrr, sum((c) => c.mrr));
        report.reporting!.months.forEach((m, i) => {
          assert.equal(m.endMrr, sum((c) => c.months[i]!.endMrr), m.month);
          // Movements are per company: a company paying in two currencies nets them, so only the ends must add up.
        });
        assert.deepEqual(report.reporting!.missingRates, []);
      }),
      { numRuns: 150 },
    );
  });

  it('conversion: rate 1 between same-exponent currencies is the identity; it never moves an amount by more than half a minor unit from the exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 4, max: 9 }), (amount, digits, scale) => {
        assert.equal(convertAmount(amount, 'USD', 'EUR', '1'), amount);
        const padded = String(digits).padStart(scale + 1, '0');
        const rate = scale ? `${padded.slice(0, -scale)}.${padded.slice(-scale)}` : padded;
        const converted = convertAmount(amount, 'USD', 'EUR', rate);
        // Exact: amount × digits / 10^scale, compared in integers.
        const exact = BigInt(amount) * BigInt(digits);
        const twice = BigInt(converted) * 2n * 10n ** BigInt(scale);
        const diff = twice - exact * 2n;
        assert.ok(diff <= 10n ** BigInt(scale) && diff >= -(10n ** BigInt(scale)), `${amount} × ${rate} → ${converted}`);
      }),
      { numRuns: 500 },
    );
  });
});
