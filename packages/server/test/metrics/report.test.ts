import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CurrencyMetrics, ReportingMetrics } from '@subkit/core';
import { convertAmount } from '../../src/metrics/fx.js';
import { monthMovements, monthWindows, ratio, type Point } from '../../src/metrics/movements.js';
import { stateMrr } from '../../src/metrics/mrr.js';
import { metricsReport } from '../../src/metrics/report.js';
import { BOOK_AT, BOOK_STATES, BOOK_USAGE } from './book.js';

const report = (at = BOOK_AT, months = 6) =>
  metricsReport({ states: BOOK_STATES, usage: BOOK_USAGE, at, months, reporting: { currency: 'EUR', rates: { USD: '0.92' } } });
const eur = (r = report()) => r.currencies.find((c) => c.currency === 'EUR')!;
const pick = (m: CurrencyMetrics['months'][number]) => [
  m.month, m.startMrr, m.newMrr, m.expansionMrr, m.contractionMrr, m.churnedMrr, m.reactivationMrr, m.endMrr,
];

describe('metrics of the hand-computed six-month book', () => {
  it('headline figures at June 30, 12:00 match to the cent', () => {
    const e = eur();
    assert.equal(CurrencyMetrics.safeParse(e).success, true);
    // Alpha 250.00 + Beta 140.00 + 100.00 + Gamma 83.33 + Delta 60.00 + Echo 80.00 + 15.00 usage + Hotel 100.00
    assert.equal(e.mrr, 82833);
    assert.equal(e.arr, 993996);
    assert.equal(e.activeSubscriptions, 7);
    assert.equal(e.activeCompanies, 6);
    assert.equal(e.arpa, 13806, '828.33 / 6 = 138.055 → 138.06');
    assert.equal(e.trialingSubscriptions, 0);
    assert.deepEqual(e.trialConversion, { ended: 2, converted: 1, rate: 0.5 }, 'Echo converted, Foxtrot did not');
  });

  it('monthly movements: new, expansion, contraction, churned, reactivation', () => {
    //                    month      start   new    exp    contr  churn  react  end
    assert.deepEqual(eur().months.map(pick), [
      ['2027-01', 0, 37000, 0, 0, 0, 0, 37000], // Alpha 100, Beta 220, Delta 50
      ['2027-02', 37000, 16333, 0, 0, 0, 0, 53333], // Gamma 83.33, Echo 80
      ['2027-03', 53333, 0, 17500, 0, 5000, 0, 65833], // Alpha +150, Echo usage +25; Delta −50
      ['2027-04', 65833, 5000, 0, 9000, 0, 0, 61833], // Hotel 50; Beta −80, Echo usage −10
      ['2027-05', 61833, 0, 15000, 0, 0, 0, 76833], // Hotel's discount ends +50, Beta's quarterly +100
      ['2027-06', 76833, 0, 0, 0, 0, 6000, 82833], // Delta is back
    ]);
    const june = eur().months.at(-1)!;
    assert.equal(june.partial, true);
    assert.equal(june.reactivatedCompanies, 1);
    assert.equal(eur().months[0]!.newCompanies, 3);
    assert.ok(eur().months.every((m) => m.netNewMrr === m.endMrr - m.startMrr));
  });

  it('logo churn, revenue churn and net revenue retention per month', () => {
    const rates = eur().months.map((m) => [m.month, m.startCompanies, m.churnedCompanies, m.logoChurnRate, m.revenueChurnRate, m.netRevenueRetention]);
    assert.deepEqual(rates, [
      ['2027-01', 0, 0, null, null, null],
      ['2027-02', 3, 0, 0, 0, 1],
      ['2027-03', 5, 1, 0.2, ratio(5000, 53333), ratio(65833, 53333)], // Delta lost; the others grew
      ['2027-04', 4, 0, 0, ratio(9000, 65833), ratio(25000 + 14000 + 8333 + 9500, 65833)],
      ['2027-05', 5, 0, 0, 0, ratio(76833, 61833)],
      ['2027-06', 5, 0, 0, 0, 1],
    ]);
    assert.equal(ratio(5000, 53333), 0.0938);
  });

  it('monthly cohorts of companies and revenue', () => {
    const cohorts = eur().cohorts.map((c) => [c.cohort, c.companies, c.periods.map((p) => [p.companies, p.mrr])]);
    assert.deepEqual(cohorts, [
      ['2027-01', 3, [[3, 37000], [3, 37000], [2, 47000], [2, 39000], [2, 49000], [3, 55000]]],
      ['2027-02', 2, [[2, 16333], [2, 18833], [2, 17833], [2, 17833], [2, 17833]]],
      ['2027-04', 1, [[1, 5000], [1, 10000], [1, 10000]]],
    ]);
  });

  it('each currency on its own, and the reporting currency at the merchant’s rates, stated as such', () => {
    const r = report();
    assert.deepEqual(r.currencies.map((c) => [c.currency, c.mrr]), [['EUR', 82833], ['USD', 30000]]);
    const reporting = r.reporting!;
    assert.equal(ReportingMetrics.safeParse(reporting).success, true);
    assert.equal(reporting.currency, 'EUR');
    assert.deepEqual(reporting.rates, [{ currency: 'USD', rate: '0.92' }]);
    assert.deepEqual(reporting.missingRates, []);
    assert.equal(reporting.mrr, 82833 + 27600, 'Golf’s $300.00 at 0.92 = €276.00');
    assert.equal(reporting.months[0]!.newMrr, 37000 + 27600);
    assert.equal(reporting.activeCompanies, 7);
    const withoutRate = metricsReport({ states: BOOK_STATES, usage: BOOK_USAGE, at: BOOK_AT, months: 6, reporting: { currency: 'EUR', rates: {} } });
    assert.deepEqual(withoutRate.reporting!.missingRates, ['USD']);
    assert.equal(withoutRate.reporting!.mrr, 82833);
  });

  it('MRR at any instant: an hour before and after Delta’s cancellation', () => {
    assert.equal(eur(report(Date.parse('2027-03-31T09:00:00Z'), 1)).mrr, 25000 + 22000 + 8333 + 5000 + 10500);
    assert.equal(eur(report(Date.parse('2027-03-31T10:00:00Z'), 1)).mrr, 25000 + 22000 + 8333 + 10500);
  });

  it('a past month’s figures stay as they were when later history is added', () => {
    const before = eur().months;
    const later = metricsReport({
      states: [
        ...BOOK_STATES,
        { ...BOOK_STATES[0]!, validFrom: Date.parse('2027-07-02T00:00:00Z'), status: 'canceled' },
        { ...BOOK_STATES[2]!, validFrom: Date.parse('2027-07-05T00:00:00Z'), items: [{ ...BOOK_STATES[2]!.items[0]!, quantity: 40 }] },
      ],
      usage: [...BOOK_USAGE, { subscriptionId: 'sub_e', issuedAt: Date.parse('2027-07-28T00:00:00Z'), amount: 90000 }],
      at: Date.parse('2027-07-31T00:00:00Z'),
      months: 7,
      reporting: null,
    });
    assert.deepEqual(later.currencies.find((c) => c.currency === 'EUR')!.months.slice(0, 5), before.slice(0, 5));
    assert.equal(later.reporting, null);
  });
});

describe('metrics of a first payment that never came', () => {
  it('an incomplete subscription that expired (incomplete_expired) adds no MRR, ARR, active subscription, churn or cohort', () => {
    const base = BOOK_STATES[0]!;
    const abandoned = [
      { ...base, subscriptionId: 'sub_x', companyId: 'co_xray', validFrom: Date.parse('2027-03-10T08:00:00Z'), status: 'incomplete' as const },
      { ...base, subscriptionId: 'sub_x', companyId: 'co_xray', validFrom: Date.parse('2027-03-11T07:00:00Z'), status: 'incomplete_expired' as const },
    ];
    const withAbandoned = metricsReport({ states: [...BOOK_STATES, ...abandoned], usage: BOOK_USAGE, at: BOOK_AT, months: 6, reporting: { currency: 'EUR', rates: { USD: '0.92' } } });
    assert.deepEqual(withAbandoned, report());
    assert.deepEqual([stateMrr(abandoned[0]!, 0), stateMrr(abandoned[1]!, 0)], [0, 0]);
  });
});

describe('metrics math', () => {
  it('normalises quarterly and yearly prices to a month and rounds once per subscription', () => {
    const base = BOOK_STATES[4]!; // Beta's quarterly €299.99
    assert.equal(stateMrr(base, 0), 10000);
    assert.equal(stateMrr({ ...base, recurring: { interval: 'year', intervalCount: 1 } }, 0), 2500);
    assert.equal(stateMrr({ ...base, recurring: { interval: 'month', intervalCount: 2 } }, 0), 15000, '299.99 / 2 = 149.995 → 150.00');
    assert.equal(stateMrr({ ...base, status: 'trialing' }, 0), 0);
    assert.equal(stateMrr({ ...base, status: 'paused' }, 0), 0);
    assert.equal(stateMrr({ ...base, status: 'past_due' }, 0), 10000, 'past due still counts until it ends');
  });

  it('converts exactly between currencies of different minor units', () => {
    assert.equal(convertAmount(30000, 'USD', 'EUR', '0.92'), 27600);
    assert.equal(convertAmount(1000, 'JPY', 'EUR', '0.0061'), 610, '¥1,000 → €6.10');
    assert.equal(convertAmount(12345, 'EUR', 'JPY', '163.42'), 20174, '€123.45 → ¥20,174 (20,174.199)');
    assert.equal(convertAmount(1000, 'EUR', 'KWD', '0.335'), 3350, '€10.00 → 3.350 KWD');
    assert.equal(convertAmount(5, 'USD', 'EUR', '0.9'), 5, '4.5 cents → 5');
    assert.throws(() => convertAmount(100, 'USD', 'EUR', '-1'));
    assert.throws(() => convertAmount(100, 'USD', 'EUR', '1e3'));
  });

  it('months are UTC calendar months ending with the running one', () => {
    const windows = monthWindows(Date.parse('2028-03-01T00:00:00Z'), 3);
    assert.deepEqual(windows.map((w) => [w.month, new Date(w.start).toISOString(), w.partial]), [
      ['2028-01', '2028-01-01T00:00:00.000Z', false],
      ['2028-02', '2028-02-01T00:00:00.000Z', false],
      ['2028-03', '2028-03-01T00:00:00.000Z', true],
    ]);
    assert.equal(new Date(windows[1]!.end).toISOString(), '2028-03-01T00:00:00.000Z', 'leap February ends on the 29th');
  });

  it('for any history, a month’s start plus its movements is its end, and one month’s end the next one’s start', () => {
    const series = fc.array(
      fc.array(fc.record({ day: fc.integer({ min: 0, max: 200 }), mrr: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000_000 })) }), { maxLength: 12 }),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(series, (companies) => {
        const start = Date.parse('2027-01-01T00:00:00Z');
        const points: Point[][] = companies.map((steps) => {
          const byDay = new Map(steps.map((s) => [s.day, s.mrr]));
          return [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, mrr]) => ({ at: start + day * 86_400_000, mrr }));
        });
        const windows = monthWindows(start + 200 * 86_400_000, 7);
        let previousEnd: number | undefined;
        for (const w of windows) {
          const m = monthMovements(points, w);
          assert.equal(m.startMrr + m.newMrr + m.expansionMrr + m.reactivationMrr - m.contractionMrr - m.churnedMrr, m.endMrr);
          if (previousEnd !== undefined) assert.equal(m.startMrr, previousEnd);
          assert.ok(m.lostMrr >= 0 && m.lostMrr <= m.startMrr, 'S never loses more than it had');
          assert.ok(m.retainedMrr >= m.startMrr - m.lostMrr, 'what S kept is at least its start less its losses');
          previousEnd = m.endMrr;
        }
      }),
      { numRuns: 300 },
    );
  });
});

