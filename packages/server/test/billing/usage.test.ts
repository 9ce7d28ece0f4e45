import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { asBuyer, checkout, expectError, expectStatus, IDS, MONTHLY, starterByInvoice } from './helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
/** 10 of March's 31 days have passed. */
const MAR_11 = new Date('2026-03-11T00:00:00.000Z');

describe('usage', () => {
  let server: TestServer;
  let fleetId: string;
  before(async () => {
    server = await startTestServer();
    server.clock.set(MAR_1);
    const acme = await asBuyer(server, 'acme-purchaser');
    // Fleet Care, 12 vehicles, monthly, no trial: 10 service hours included, 65.00 per extra hour.
    const result = await checkout(acme, { planId: IDS.fleet, currency: 'EUR', recurring: MONTHLY, quantity: 12, trial: false, payment: { method: 'invoice' } });
    fleetId = result.subscription.id;
    const invoice = (await acme.get(`/v1/invoices/${result.invoiceId}`)).body;
    // Graduated: 10 × 89.00 + 2 × 79.00 = 1048.00 billed in advance; hours are billed in arrears, not now.
    assert.equal(invoice.subtotal, 104800);
    assert.deepEqual(invoice.lines[0].tiers.map((t: any) => [t.tier, t.quantity, t.unitAmount, t.amount]), [
      [0, 10, 8900, 89000],
      [1, 2, 7900, 15800],
    ]);
  });
  after(() => server.close());

  const record = (body: Record<string, unknown>) =>
    server.request('POST', '/v1/usage-records', { token: server.config.secretKey, body, headers: { 'idempotency-key': `usage-${Math.random()}` } });

  test('usage so far, a straight-line projection and the projected bill', async () => {
    server.clock.set(MAR_11);
    expectStatus(await record({ subscriptionId: fleetId, metric: 'service_hours', quantity: 3, timestamp: '2026-03-02T10:00:00.000Z' }), 200);
    const second = await record({ subscriptionId: fleetId, metric: 'service_hours', quantity: 5 });
    expectStatus(second, 200);
    assert.equal(second.body.timestamp, MAR_11.toISOString());
    assert.equal(second.body.action, 'increment');

    const acme = await asBuyer(server, 'acme-viewer');
    const usage = await acme.get(`/v1/subscriptions/${fleetId}/usage`);
    expectStatus(usage, 200);
    const [hours] = usage.body.metrics;
    assert.equal(hours.metric, 'service_hours');
    assert.equal(hours.used, 8);
    assert.equal(hours.included, 10);
    // 8 hours in 10 of 31 days → 24.8 → 25 by the period end; 15 over the allowance × 65.00.
    assert.equal(hours.projected, 25);
    assert.equal(hours.amountSoFar, 0);
    assert.equal(hours.projectedAmount, 97500);
    // Next invoice: 1048.00 vehicles + 975.00 hours = 2023.00, VAT 19% 384.37 → 2407.37.
    assert.equal(usage.body.projectedTotal, 240737);
  });

  test('a "set" record replaces the running total', async () => {
    expectStatus(await record({ subscriptionId: fleetId, metric: 'service_hours', quantity: 12, action: 'set' }), 200);
    const acme = await asBuyer(server, 'acme-viewer');
    const [hours] = (await acme.get(`/v1/subscriptions/${fleetId}/usage`)).body.metrics;
    assert.equal(hours.used, 12);
    assert.equal(hours.amountSoFar, 2 * 6500);
  });

  test('usage for an unknown metric, outside the period or of a missing subscription is refused', async () => {
    expectError(await record({ subscriptionId: fleetId, metric: 'fuel_litres', quantity: 1 }), 400, 'unknown_metric', 'metric');
    expectError(await record({ subscriptionId: fleetId, metric: 'service_hours', quantity: 1, timestamp: '2026-02-27T00:00:00.000Z' }), 400, 'timestamp_outside_period', 'timestamp');
    expectError(await record({ subscriptionId: fleetId, metric: 'service_hours', quantity: 1, timestamp: '2026-04-01T00:00:00.000Z' }), 400, 'timestamp_outside_period', 'timestamp');
    expectError(await record({ subscriptionId: 'sub_missing', metric: 'service_hours', quantity: 1 }), 404, 'resource_missing', 'subscriptionId');
    expectStatus(await record({ subscriptionId: fleetId, metric: 'service_hours', quantity: -1 }), 400);
  });

  test('a subscription without metered items reports no metrics', async () => {
    const acme = await asBuyer(server, 'acme-purchaser');
    const sub = (await checkout(acme, starterByInvoice())).subscription;
    const usage = (await acme.get(`/v1/subscriptions/${sub.id}/usage`)).body;
    assert.deepEqual(usage.metrics, []);
    // Starter × 5 renews at 129.71.
    assert.equal(usage.projectedTotal, 12971);
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
