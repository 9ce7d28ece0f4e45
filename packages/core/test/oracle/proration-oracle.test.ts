/**
 * Worked proration examples from public billing documentation. Only the figures are taken from the
 * sources (cited per row); amounts are in cents. Where a source states "halfway" or "N days used",
 * the row picks concrete UTC dates that match it and says so.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prorationLines, type ProrationPolicy } from '../../src/math/index.js';

type OracleRow = {
  name: string;
  source: string;
  policy: ProrationPolicy;
  periodStart: string;
  periodEnd: string;
  at: string;
  old: number[];
  next: number[];
  expectedLines: number[];
  expectedTotal: number;
};

const rows: OracleRow[] = [
  {
    // 10 USD/month → 20 USD/month halfway through the period: −5 USD unused time, +10 USD remaining time, +5 USD net.
    name: 'Stripe: 10 → 20 USD halfway',
    source: 'https://docs.stripe.com/billing/subscriptions/prorations',
    policy: 'second',
    periodStart: '2025-01-01T00:00:00Z', periodEnd: '2025-01-31T00:00:00Z', at: '2025-01-16T00:00:00Z', // halfway
    old: [1000], next: [2000],
    expectedLines: [-500, 1000], expectedTotal: 500,
  },
  {
    // $10/mo → $20/mo halfway through the month: $5 credit, $10 charge, $5 billed.
    name: 'Recurly: $10 → $20 halfway',
    source: 'https://docs.recurly.com/upgrades-downgrades',
    policy: 'second',
    periodStart: '2024-04-01T00:00:00Z', periodEnd: '2024-05-01T00:00:00Z', at: '2024-04-16T00:00:00Z', // halfway (15 of 30 days)
    old: [1000], next: [2000],
    expectedLines: [-500, 1000], expectedTotal: 500,
  },
  {
    // A $10 user added halfway through June is charged $5 for the rest of the month.
    name: 'Recurly: $10 seat added mid-June',
    source: 'https://support.recurly.com/hc/en-us/articles/360029630811-How-Is-My-MRR-Affected-When-I-Add-a-User-Mid-Month',
    policy: 'day',
    periodStart: '2024-06-01T00:00:00Z', periodEnd: '2024-07-01T00:00:00Z', at: '2024-06-16T00:00:00Z', // 15 of 30 days left
    old: [], next: [1000],
    expectedLines: [500], expectedTotal: 500,
  },
  {
    // $20/month → $50/month halfway through the cycle: charged $15.
    name: 'Autumn: $20 → $50 halfway',
    source: 'https://docs.useautumn.com/documentation/modelling-pricing/proration',
    policy: 'second',
    periodStart: '2024-09-01T00:00:00Z', periodEnd: '2024-10-01T00:00:00Z', at: '2024-09-16T00:00:00Z', // halfway
    old: [2000], next: [5000],
    expectedLines: [-1000, 2500], expectedTotal: 1500,
  },
  {
    // $12/mo → $24/mo one week into a four-week cycle: $9 unused credit, $18 for the new plan (calculated to the second).
    name: 'Baremetrics: $12 → $24 a week in',
    source: 'https://changelog.baremetrics.com/api---proration-charge-fixes-ymQbm',
    policy: 'second',
    periodStart: '2015-02-01T00:00:00Z', periodEnd: '2015-03-01T00:00:00Z', at: '2015-02-08T00:00:00Z', // 21 of 28 days left
    old: [1200], next: [2400],
    expectedLines: [-900, 1800], expectedTotal: 900,
  },
  {
    // Change to a $9.95/month plan on 2012-05-02 in the 2012-05-01 → 2012-06-01 period: RECURRING item of $9.63
    // (2012-05-02 → 2012-06-01). 9.95 × 30/31 = 9.629 → 9.63. The doc's credit side is capped by an earlier
    // item adjustment, so only the charge is an oracle here.
    name: 'Kill Bill: $9.95 plan from 2012-05-02',
    source: 'https://docs.killbill.io/latest/invoice_subsystem.html',
    policy: 'day',
    periodStart: '2012-05-01T00:00:00Z', periodEnd: '2012-06-01T00:00:00Z', at: '2012-05-02T00:37:59Z',
    old: [], next: [995],
    expectedLines: [963], expectedTotal: 963,
  },
  {
    // $60/month → $30/month on 21 Apr 2012 (period 1 Apr → 1 May, 20 days used, 10 left): $20 unused, $10 for the
    // remaining 10 days, $10 net credit.
    name: 'Chargebee: $60 → $30 on 21 Apr',
    source: 'https://www.chargebee.com/docs/proration-old.html',
    policy: 'day',
    periodStart: '2012-04-01T00:00:00Z', periodEnd: '2012-05-01T00:00:00Z', at: '2012-04-21T00:00:00Z',
    old: [6000], next: [3000],
    expectedLines: [-2000, 1000], expectedTotal: -1000,
  },
  {
    // Quantity 3 → 2 at $30 each (period 1 Apr → 1 May 2013) after 10 days of use: $60 prorated back, $40 for two
    // units over the remaining 20 days, $20 net credit. The doc counts 10 days used through "10 Apr", i.e. the
    // change takes effect at the start of 11 Apr.
    name: 'Chargebee: 3 → 2 seats at $30 after 10 days',
    source: 'https://www.chargebee.com/docs/proration-old.html',
    policy: 'day',
    periodStart: '2013-04-01T00:00:00Z', periodEnd: '2013-05-01T00:00:00Z', at: '2013-04-11T00:00:00Z',
    old: [9000], next: [6000],
    expectedLines: [-6000, 4000], expectedTotal: -2000,
  },
  {
    // $30 standard → $60 premium (per month) after 15 of 30 days in September: $15 of the first payment unused,
    // extra payment of $15 (INSTANT_PRORATED_CHARGE: 15 days × $2/day − $15).
    name: 'Samsung IAP: $30 → $60 after 15 days',
    source: 'https://developer.samsung.com/iap/subscription-guide/manage-subscription-plan/examples.html',
    policy: 'day',
    periodStart: '2024-09-01T00:00:00Z', periodEnd: '2024-10-01T00:00:00Z', at: '2024-09-16T00:00:00Z', // 15 days used
    old: [3000], next: [6000],
    expectedLines: [-1500, 3000], expectedTotal: 1500,
  },
];

describe('proration oracle (public documentation)', () => {
  for (const row of rows) {
    it(`${row.name} (${row.policy})`, () => {
      const result = prorationLines({
        periodStart: new Date(row.periodStart),
        periodEnd: new Date(row.periodEnd),
        at: new Date(row.at),
        policy: row.policy,
        oldItems: row.old.map((amount, i) => ({ key: `old${i}`, description: 'old', amount })),
        newItems: row.next.map((amount, i) => ({ key: `new${i}`, description: 'new', amount })),
      });
      assert.deepEqual(result.lines.map((l) => l.amount), row.expectedLines, row.source);
      assert.equal(result.total, row.expectedTotal, row.source);
    });
  }

  it('the Kill Bill row depends on the policy: by the second it would be $9.62', () => {
    // Our own figure, not from the source: (30 days − 37 min 59 s) / 31 days × 995 = 962.07 → 962.
    const result = prorationLines({
      periodStart: new Date('2012-05-01T00:00:00Z'),
      periodEnd: new Date('2012-06-01T00:00:00Z'),
      at: new Date('2012-05-02T00:37:59Z'),
      policy: 'second',
      oldItems: [],
      newItems: [{ key: 'blowdart', description: 'blowdart-monthly', amount: 995 }],
    });
    assert.equal(result.total, 962);
  });
});
