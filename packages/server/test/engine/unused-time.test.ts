// Where the credit for unused time is documented: against the invoices that billed the period, newest first, none
// for more than it can still credit. One credit note had gone on the latest invoice whatever its size.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../harness.js';
import { CARDS, expectStatus } from '../billing/helpers.js';
import { advance, cardSubscription, plusDays } from './run-helpers.js';

describe('unused time credited against the period\'s invoices', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-03-01T09:00:00.000Z'));
  });
  after(() => server.close());

  const balanceOf = async (companyId: string) =>
    Number((await server.db.query<{ amount: number }>('SELECT amount FROM company_balances WHERE company_id = $1', [companyId])).rows[0]?.amount ?? 0);

  test('canceled after a seat upgrade: the upgrade invoice is credited in full, the period invoice the rest; no note exceeds its invoice', async () => {
    const { company, subscription } = await cardSubscription(server, CARDS.success);
    await advance(server, { to: plusDays(subscription.currentPeriodStart, 20) });
    let buyer = await company.client();
    const { version, quantity } = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    const upgraded = await buyer.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: version, quantity: quantity + 1 });
    expectStatus(upgraded, 200);
    await advance(server, { to: plusDays(subscription.currentPeriodStart, 22) });
    buyer = await company.client();
    const current = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    const before = await balanceOf(company.id);
    const canceled = await buyer.post(`/v1/subscriptions/${subscription.id}/cancel`, { reason: 'too_expensive', when: 'now', expectedVersion: current.version });
    expectStatus(canceled, 200);
    const credit = (await balanceOf(company.id)) - before;
    assert.ok(credit > 0, 'the unused time is credited');

    const invoices = (await buyer.get(`/v1/invoices?subscriptionId=${subscription.id}`)).body.data as { id: string; total: number; billingReason: string }[];
    const notes = (await buyer.get('/v1/credit-notes?limit=100')).body.data as { invoiceId: string; amount: number }[];
    const creditedOn = (id: string) => notes.filter((n) => n.invoiceId === id).reduce((sum, n) => sum + n.amount, 0);
    const upgrade = invoices.find((i) => i.billingReason === 'subscription_update')!;
    const period = invoices.find((i) => i.billingReason === 'subscription_create')!;
    assert.ok(credit > upgrade.total, `the credit (${credit}) is more than the upgrade invoice (${upgrade.total})`);
    assert.equal(creditedOn(upgrade.id), upgrade.total, 'the newest invoice credited in full');
    assert.equal(creditedOn(period.id), credit - upgrade.total, 'the period invoice the rest');
    for (const invoice of invoices) assert.ok(creditedOn(invoice.id) <= invoice.total, `${invoice.billingReason}: ${creditedOn(invoice.id)} ≤ ${invoice.total}`);
  });
});
