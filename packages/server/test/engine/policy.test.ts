import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { CARDS, card, checkout, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, newCompany } from './run-helpers.js';

const YEARLY = { interval: 'year', intervalCount: 1 } as const;
const amounts = (lines: any[]) => lines.map((l) => [l.description, l.quantity, l.amount, l.periodStart, l.periodEnd]);

describe("nextInvoice under the merchant's proration policy (by the day)", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { prorationPolicy: 'day' } });
    server.clock.set(new Date('2027-03-10T09:30:00.000Z'));
  });
  after(() => server.close());

  test('a yearly switch at a 09:30 period end, aligned to the billing day set meanwhile: the promise and the invoice prorate the same way', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    let buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: { method: 'card', testCard: card(CARDS.success) } });
    // The finance team moves the company to one invoice date, the 1st: the next new period is aligned to it.
    const moved = await server.request('POST', '/v1/companies', { token: server.config.secretKey, body: { id: company.id, name: 'Aligned Ltd', billingDay: 1 } });
    expectStatus(moved, 200);
    const change = await buyer.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: subscription.version, recurring: YEARLY, effective: 'period_end' });
    expectStatus(change, 200);
    // The period ends on April 10 at 09:30; the yearly period then runs to May 1, prorated by whole days.
    buyer = await company.client();
    const promised = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.nextInvoice;
    const listed = (await buyer.get('/v1/subscriptions')).body.data.find((s: any) => s.id === subscription.id).nextInvoice;
    assert.deepEqual(amounts(listed.lines), amounts(promised.lines), 'the list promises what the subscription does');
    assert.equal(listed.total, promised.total);
    assert.equal(promised.date, subscription.currentPeriodEnd);
    const report = await advance(server, { to: subscription.currentPeriodEnd });
    const issued = report.invoices.find((i: any) => i.subscriptionId === subscription.id);
    buyer = await company.client();
    const invoice = (await buyer.get(`/v1/invoices/${issued.id}`)).body;
    assert.equal(invoice.lines[0].periodEnd, '2027-05-01T00:00:00.000Z', 'aligned to the billing day');
    assert.deepEqual(amounts(invoice.lines), amounts(promised.lines));
    assert.equal(invoice.total, promised.total);
  });
});
