/**
 * The hand-computed book again, this time lived through the engine: companies buy, upgrade, downgrade,
 * cancel and come back, a trial converts, a yearly plan, metered service hours — each at its instant of
 * the test clock, with every renewal of six months run by the engine on the way. GET /v1/metrics must
 * then give the figures computed by hand below from the demo catalog's prices (EUR, net of tax):
 *
 *   Starter €49.00 + €12.00 a seat a month (a year costs ten months); Growth €99.00 + €19.00 a seat;
 *   Fleet Care €89.00 a vehicle (first 10) a month, service hours beyond 10 at €65.00.
 *
 *   Alpha   Jan 1  Starter, 3 seats            €85.00
 *           Mar 15 → Growth, 5 seats           €194.00   (expansion €109.00)
 *   Beta    Jan 10 Starter, 8 seats            €145.00
 *           Apr 5  → 4 seats                   €97.00    (contraction €48.00)
 *   Gamma   Feb 1  Starter yearly, 2 seats     €730.00 a year → €60.83
 *   Delta   Jan 20 Starter, 1 seat             €61.00
 *           Mar 31 canceled now                          (churn €61.00)
 *           Jun 3  Starter, 2 seats            €73.00    (reactivation)
 *   Echo    Feb 14 Growth, 5 seats, 14-day trial (nothing until it converts)
 *           Feb 28 trial converts              €194.00   (new)
 *   Foxtrot Mar 1  Fleet Care, 3 vehicles      €267.00
 *           14 hours in March → Apr 1 renewal bills 4 × €65.00: run rate €260.00 (expansion)
 *           12 hours in April → May 1 renewal bills 2 × €65.00: €130.00     (contraction €130.00)
 *           12 hours in May   → Jun 1: the same run rate                      (no movement)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Metrics } from '@subkit/core';
import { ratio } from '../../src/metrics/movements.js';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';

const CARD = { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' };
const MONTHLY = { interval: 'month', intervalCount: 1 } as const;
const AT = '2027-06-30T12:00:00.000Z';

describe('metrics of a book lived through the engine (test clock, renewals, changes, usage)', () => {
  let server: TestServer;
  let metrics: Metrics;
  const sk = () => ({ token: server.config.secretKey });
  let keys = 0;

  async function merchant(method: string, path: string, body?: unknown) {
    const res = await server.request(method, path, { ...sk(), ...(body === undefined ? {} : { body }) });
    assert.ok(res.status === 200, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function advanceTo(iso: string): Promise<void> {
    await merchant('POST', '/v1/test-clock/advance', { to: iso });
  }

  /** A new company with a billing admin, and a buyer client for it. */
  async function company(id: string, name: string) {
    await merchant('POST', '/v1/companies', { id, name });
    await merchant('POST', `/v1/companies/${id}/members`, { customerId: `${id}-admin`, email: `admin@${id.replaceAll('_', '-')}.example`, name: 'Admin', role: 'billing_admin' });
    const call = async (method: string, path: string, body?: unknown) => {
      // A session minted at the engine's now: one from an earlier instant has expired as the clock moved.
      const token = await server.mintSession(`${id}-admin`, { companyId: id, ttlSeconds: 3600 });
      const res = await server.request(method, path, { token, headers: { origin: TEST_ORIGIN, 'idempotency-key': `book-${keys++}` }, ...(body === undefined ? {} : { body }) });
      assert.ok(res.status === 200, `${name}: ${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    return {
      buy: async (order: Record<string, unknown>) => (await call('POST', '/v1/checkout', { currency: 'EUR', recurring: MONTHLY, payment: { method: 'card', testCard: CARD }, trial: false, ...order })).subscription,
      change: async (subscriptionId: string, change: Record<string, unknown>) => {
        const current = await call('GET', `/v1/subscriptions/${subscriptionId}`);
        return call('POST', `/v1/subscriptions/${subscriptionId}/change`, { expectedVersion: current.version, effective: 'now', ...change });
      },
      cancelNow: (subscriptionId: string) => call('POST', `/v1/subscriptions/${subscriptionId}/cancel`, { reason: 'too_expensive', when: 'now' }),
    };
  }

  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-01-01T00:00:00.000Z'));
    const alpha = await company('co_bk_alpha', 'Alpha');
    const beta = await company('co_bk_beta', 'Beta');
    const gamma = await company('co_bk_gamma', 'Gamma');
    const delta = await company('co_bk_delta', 'Delta');
    const echo = await company('co_bk_echo', 'Echo');
    const foxtrot = await company('co_bk_foxtrot', 'Foxtrot');

    const a = await alpha.buy({ planId: 'plan_portal_starter', quantity: 3 });
    await advanceTo('2027-01-10T00:00:00.000Z');
    const b = await beta.buy({ planId: 'plan_portal_starter', quantity: 8 });
    await advanceTo('2027-01-20T00:00:00.000Z');
    const d = await delta.buy({ planId: 'plan_portal_starter', quantity: 1 });
    await advanceTo('2027-02-01T00:00:00.000Z');
    await gamma.buy({ planId: 'plan_portal_starter', quantity: 2, recurring: { interval: 'year', intervalCount: 1 } });
    await advanceTo('2027-02-14T00:00:00.000Z');
    const e = await echo.buy({ planId: 'plan_portal_growth', quantity: 5, trial: true });
    assert.equal(e.status, 'trialing');
    await advanceTo('2027-03-01T00:00:00.000Z'); // Echo's trial ended on Feb 28 and converted on the way
    const f = await foxtrot.buy({ planId: 'plan_fleet_care', quantity: 3 });
    await merchant('POST', '/v1/usage-records', { subscriptionId: f.id, metric: 'service_hours', quantity: 14, timestamp: '2027-03-20T00:00:00.000Z' });
    await advanceTo('2027-03-15T09:00:00.000Z');
    await alpha.change(a.id, { planId: 'plan_portal_growth', quantity: 5 });
    await advanceTo('2027-03-31T10:00:00.000Z');
    await delta.cancelNow(d.id);
    await advanceTo('2027-04-05T00:00:00.000Z'); // Foxtrot renewed on Apr 1 with 14 hours
    await beta.change(b.id, { quantity: 4 });
    await merchant('POST', '/v1/usage-records', { subscriptionId: f.id, metric: 'service_hours', quantity: 12, timestamp: '2027-04-20T00:00:00.000Z' });
    await advanceTo('2027-05-10T00:00:00.000Z');
    await merchant('POST', '/v1/usage-records', { subscriptionId: f.id, metric: 'service_hours', quantity: 12, timestamp: '2027-05-20T00:00:00.000Z' });
    await advanceTo('2027-06-03T00:00:00.000Z');
    await delta.buy({ planId: 'plan_portal_starter', quantity: 2 });
    await advanceTo(AT);
    metrics = await merchant('GET', `/v1/metrics?months=6&currency=EUR`);
  });
  after(() => server.close());

  const eur = () => metrics.currencies.find((c) => c.currency === 'EUR')!;

  it('answers the metrics schema at the test clock’s instant', () => {
    assert.equal(Metrics.safeParse(metrics).success, true);
    assert.equal(metrics.at, AT);
    assert.deepEqual(metrics.currencies.map((c) => c.currency), ['EUR']);
  });

  it('headline figures match the hand-computed book to the cent', () => {
    const e = eur();
    assert.equal(e.mrr, 19400 + 9700 + 6083 + 7300 + 19400 + 39700);
    assert.equal(e.arr, e.mrr * 12);
    assert.equal(e.activeSubscriptions, 6);
    assert.equal(e.activeCompanies, 6);
    assert.equal(e.arpa, 16931, '€1,015.83 / 6 = €169.305 → €169.31');
    assert.deepEqual(e.trialConversion, { ended: 1, converted: 1, rate: 1 });
  });

  it('monthly movements match', () => {
    //                                     month      start   new    exp    contr  churn  react  end
    assert.deepEqual(
      eur().months.map((m) => [m.month, m.startMrr, m.newMrr, m.expansionMrr, m.contractionMrr, m.churnedMrr, m.reactivationMrr, m.endMrr]),
      [
        ['2027-01', 0, 29100, 0, 0, 0, 0, 29100],
        ['2027-02', 29100, 25483, 0, 0, 0, 0, 54583],
        ['2027-03', 54583, 26700, 10900, 0, 6100, 0, 86083],
        ['2027-04', 86083, 0, 26000, 4800, 0, 0, 107283],
        ['2027-05', 107283, 0, 0, 13000, 0, 0, 94283],
        ['2027-06', 94283, 0, 0, 0, 0, 7300, 101583],
      ],
    );
  });

  it('churn and retention rates match', () => {
    assert.deepEqual(
      eur().months.map((m) => [m.month, m.logoChurnRate, m.revenueChurnRate, m.netRevenueRetention]),
      [
        ['2027-01', null, null, null],
        ['2027-02', 0, 0, 1],
        ['2027-03', 0.2, ratio(6100, 54583), ratio(59383, 54583)],
        ['2027-04', 0, ratio(4800, 86083), ratio(107283, 86083)],
        ['2027-05', 0, ratio(13000, 107283), ratio(94283, 107283)],
        ['2027-06', 0, 0, 1],
      ],
    );
  });

  it('cohorts match', () => {
    assert.deepEqual(
      eur().cohorts.map((c) => [c.cohort, c.companies, c.periods.map((p) => [p.companies, p.mrr])]),
      [
        ['2027-01', 3, [[3, 29100], [3, 29100], [2, 33900], [2, 29100], [2, 29100], [3, 36400]]],
        ['2027-02', 2, [[2, 25483], [2, 25483], [2, 25483], [2, 25483], [2, 25483]]],
        ['2027-03', 1, [[1, 26700], [1, 52700], [1, 39700], [1, 39700]]],
      ],
    );
  });

  it('a past month does not change when today’s data does', async () => {
    const before = eur().months.slice(0, 5);
    await server.request('POST', '/v1/companies', { ...sk(), body: { id: 'co_bk_late', name: 'Late' } });
    const again = await merchant('GET', `/v1/metrics?months=6&currency=EUR&at=${AT}`);
    assert.deepEqual(again.currencies[0].months.slice(0, 5), before);
    const earlier = await merchant('GET', '/v1/metrics?months=3&currency=EUR&at=2027-03-31T09:00:00.000Z');
    assert.equal(earlier.currencies[0].mrr, 19400 + 14500 + 6083 + 6100 + 19400 + 26700, 'MRR an hour before Delta canceled');
  });
});
