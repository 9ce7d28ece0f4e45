import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, assertGapless, count, engineNow, invoicesOf, newCompany, payOpenInvoices } from './run-helpers.js';
import { asBuyer } from '../billing/helpers.js';

const byCard = { method: 'card', testCard: card(CARDS.success) } as const;

/** Strips what differs between a promise and the invoice it became (line ids). */
const amounts = (lines: any[]) => lines.map((l) => [l.type, l.description, l.quantity, l.amount, l.periodStart, l.periodEnd]);

describe('billing run: renewals over the test clock', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-01-31T10:00:00.000Z'));
  });
  after(() => server.close());

  test('the test clock: 404 in live mode, answers the engine\'s now, moves only forward', async () => {
    const now = await engineNow(server);
    assert.equal(now, '2027-01-31T10:00:00.000Z');
    expectError(await server.request('POST', '/v1/test-clock/advance', { token: server.config.secretKey, body: { to: '2020-01-01T00:00:00.000Z' } }), 400, 'clock_backwards', 'to');
    expectError(await server.request('POST', '/v1/test-clock/advance', { token: server.config.secretKey, body: { by: 'one month' } }), 400, 'parameter_invalid', 'by');
    expectError(await server.request('POST', '/v1/test-clock/advance', { token: server.config.secretKey, body: {} }), 400, 'parameter_invalid');
    expectError(await server.request('POST', '/v1/test-clock/advance', { token: server.config.secretKey, body: { by: 'P10Y' } }), 400, 'advance_too_far', 'by');
    expectError(await server.request('POST', '/v1/test-clock/advance', { token: server.config.secretKey, body: { to: 'soon' } }), 400, 'parameter_invalid', 'to');
    // A buyer session cannot move the clock.
    const company = await newCompany(server);
    const buyer = await company.client();
    expectStatus(await buyer.post('/v1/test-clock/advance', { by: 'P1D' }), 401);
    const moved = await advance(server, { by: 'PT1H' });
    assert.equal(moved.from, '2027-01-31T10:00:00.000Z');
    assert.equal(moved.now, '2027-01-31T11:00:00.000Z');
    assert.equal(await engineNow(server), '2027-01-31T11:00:00.000Z');
  });

  test('a Jan 31 anchor renews on Feb 28, then the 31st or the month end, and on Feb 29 in a leap year — each invoice charged', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: byCard });
    assert.equal(subscription.billingAnchor, '2027-01-31T11:00:00.000Z');
    assert.equal(subscription.currentPeriodEnd, '2027-02-28T11:00:00.000Z');
    const report = await advance(server, { to: '2028-03-31T12:00:00.000Z' });
    const mine = report.invoices.filter((i) => i.subscriptionId === subscription.id);
    assert.deepEqual(
      mine.map((i) => i.periodStart.slice(0, 10)),
      ['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30', '2027-07-31', '2027-08-31', '2027-09-30', '2027-10-31', '2027-11-30', '2027-12-31', '2028-01-31', '2028-02-29', '2028-03-31'],
    );
    // Starter USD: 54.00 platform fee + 2 × 13.00 seats; no tax for a US address in the demo.
    for (const invoice of mine) assert.equal(invoice.total, 8000);
    const invoices = await invoicesOf(server, await company.client(), subscription.id);
    assert.equal(invoices.length, 15);
    assert.ok(invoices.every((i) => i.status === 'paid' && i.paymentAttempts.length === 1), 'every renewal charged once');
    assert.equal(report.payments.filter((p) => mine.some((i) => i.id === p.invoiceId)).length, 14);
    assertGapless(report.invoices.map((i) => i.number));
    assert.equal(await count(server, 'SELECT count(*) AS n FROM invoices WHERE subscription_id = $1', [subscription.id]), 15);
    assert.deepEqual(server.serverErrors, []);
  });

  test('a renewal bills seats, contract price, add-ons, the discount for its periods, tax and the PO; nextInvoice promised it to the cent', async () => {
    // Acme's contract price for Growth (16.00 a seat), SSO add-on per seat, WELCOME10 (10% for 3 periods), VAT 19%, by invoice.
    const acme = await asBuyer(server, 'acme-admin');
    const { subscription } = await checkout(acme, {
      planId: IDS.growth,
      currency: 'EUR',
      recurring: MONTHLY,
      quantity: 6,
      addOns: [{ addOnId: IDS.sso }],
      promoCode: 'WELCOME10',
      trial: false,
      payment: { method: 'invoice', poNumber: 'PO-2027-77' },
    });
    let sub = subscription;
    const issued: any[] = [];
    for (let period = 1; period <= 4; period += 1) {
      const promised = sub.nextInvoice;
      const report = await advance(server, { to: promised.date });
      const invoice = report.invoices.find((i) => i.subscriptionId === sub.id);
      assert.ok(invoice, `period ${period} renewed`);
      const client = await asBuyer(server, 'acme-admin');
      const full = (await client.get(`/v1/invoices/${invoice.id}`)).body;
      assert.equal(full.total, promised.total, `period ${period}: total as promised`);
      assert.equal(full.amountDue, promised.amountDue, `period ${period}: amount due as promised`);
      assert.equal(full.tax, promised.tax);
      assert.deepEqual(amounts(full.lines), amounts(promised.lines));
      assert.equal(full.poNumber, 'PO-2027-77');
      assert.equal(full.status, 'open');
      assert.equal(full.collectionMethod, 'send_invoice');
      assert.equal(full.dueAt, new Date(new Date(full.issuedAt).getTime() + 30 * 86_400_000).toISOString());
      issued.push(full);
      // Accounts payable pays each invoice on time, so the subscription stays in good standing.
      await payOpenInvoices(client);
      sub = (await client.get(`/v1/subscriptions/${sub.id}`)).body;
    }
    // The first invoice took one of the three discounted periods; renewals 1 and 2 the other two; 3 and 4 pay full price.
    assert.deepEqual(issued.map((i) => i.discountTotal > 0), [true, true, false, false]);
    const [discounted, , full] = issued;
    assert.ok(discounted.lines.some((l: any) => l.description.includes('SSO')), 'the add-on is billed');
    assert.equal(full.subtotal, discounted.subtotal);
    assert.equal(full.tax, Math.round(full.subtotal * 0.19));
    assert.deepEqual(server.serverErrors, []);
  });

  test('a downgrade scheduled for the period end happens at renewal: the new plan billed, the promise kept', async () => {
    const company = await newCompany(server, { country: 'DE' });
    let buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 8, trial: false, payment: { method: 'invoice' } });
    const change = await buyer.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: subscription.version, planId: IDS.starter, quantity: 4, effective: 'period_end' });
    expectStatus(change, 200);
    const promised = change.body.subscription.nextInvoice;
    assert.equal(promised.date, subscription.currentPeriodEnd);
    const report = await advance(server, { to: promised.date });
    const invoice = report.invoices.find((i) => i.subscriptionId === subscription.id);
    buyer = await company.client();
    const full = (await buyer.get(`/v1/invoices/${invoice.id}`)).body;
    assert.deepEqual(amounts(full.lines), amounts(promised.lines));
    assert.equal(full.total, promised.total);
    assert.ok(full.lines.every((l: any) => l.description.startsWith('Starter')));
    const after = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.equal(after.planId, IDS.starter);
    assert.equal(after.quantity, 4);
  });

  test('cancel at period end: canceled at the period end, no renewal invoice', async () => {
    const company = await newCompany(server, { country: 'DE' });
    let buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 2, payment: { method: 'invoice' } });
    expectStatus(await buyer.post(`/v1/subscriptions/${subscription.id}/cancel`, { reason: 'unused', when: 'period_end' }), 200);
    const report = await advance(server, { to: new Date(new Date(subscription.currentPeriodEnd).getTime() + 86_400_000).toISOString() });
    assert.equal(report.invoices.filter((i) => i.subscriptionId === subscription.id).length, 0);
    assert.ok(report.statusChanges.some((c) => c.subscriptionId === subscription.id && c.to === 'canceled' && c.at === subscription.currentPeriodEnd));
    assert.ok(report.events.some((e) => e.type === 'subscription.canceled' && e.companyId === company.id));
    buyer = await company.client();
    const after = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.equal(after.status, 'canceled');
    assert.equal(after.endedAt, subscription.currentPeriodEnd);
    assert.equal(after.nextInvoice, null);
  });

  test('skip: the skipped period bills nothing and the one after renews', async () => {
    const company = await newCompany(server, { country: 'DE' });
    let buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 3, payment: { method: 'invoice' } });
    await payOpenInvoices(buyer);
    const skipped = await buyer.post(`/v1/subscriptions/${subscription.id}/skip`, {});
    expectStatus(skipped, 200);
    const firstEnd = subscription.currentPeriodEnd;
    assert.notEqual(skipped.body.nextInvoice.date, firstEnd, 'the promise moves past the skipped period');
    const report = await advance(server, { to: skipped.body.nextInvoice.date });
    const mine = report.invoices.filter((i) => i.subscriptionId === subscription.id);
    assert.deepEqual(mine.map((i) => i.periodStart), [skipped.body.nextInvoice.date]);
    assert.equal(mine[0].total, skipped.body.nextInvoice.total);
    buyer = await company.client();
    const after = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.equal(after.currentPeriodStart, skipped.body.nextInvoice.date);
  });

  test('pause until a date after the period end: nothing billed while paused, a new period and invoice on the resume date', async () => {
    const company = await newCompany(server, { country: 'DE' });
    let buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 1, payment: { method: 'invoice' } });
    await payOpenInvoices(buyer);
    const resumeDay = new Date(new Date(subscription.currentPeriodEnd).getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    const paused = await buyer.post(`/v1/subscriptions/${subscription.id}/pause`, { resumesAt: resumeDay });
    expectStatus(paused, 200);
    assert.equal(paused.body.nextInvoice.date, `${resumeDay}T00:00:00.000Z`);
    const quiet = await advance(server, { to: new Date(new Date(subscription.currentPeriodEnd).getTime() + 86_400_000).toISOString() });
    assert.equal(quiet.invoices.filter((i) => i.subscriptionId === subscription.id).length, 0);
    const report = await advance(server, { to: `${resumeDay}T12:00:00.000Z` });
    const mine = report.invoices.filter((i) => i.subscriptionId === subscription.id);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].periodStart, `${resumeDay}T00:00:00.000Z`);
    assert.equal(mine[0].total, paused.body.nextInvoice.total);
    assert.ok(report.events.some((e) => e.type === 'subscription.resumed' && e.companyId === company.id));
    buyer = await company.client();
    const after = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.equal(after.status, 'active');
    assert.equal(after.pause, null);
    assert.equal(after.currentPeriodStart, `${resumeDay}T00:00:00.000Z`);
  });

  test('an advance with an Idempotency-Key: the retry answers the same, byte for byte, and nothing advances or renews twice', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: true });
    const buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: byCard });
    const to = subscription.currentPeriodEnd;
    const key = `advance-${Date.now()}`;
    const send = () => server.request('POST', '/v1/test-clock/advance', { token: server.config.secretKey, body: { to }, headers: { 'idempotency-key': key } });
    const first = await send();
    expectStatus(first, 200);
    assert.equal(first.body.now, to);
    assert.ok(first.body.invoices.some((i: any) => i.subscriptionId === subscription.id), 'the renewal happened');
    const invoicesBefore = await count(server, 'SELECT count(*) AS n FROM invoices WHERE subscription_id = $1', [subscription.id]);
    const eventsBefore = await count(server, 'SELECT count(*) AS n FROM events');
    const again = await send();
    expectStatus(again, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body, 'the same answer');
    assert.equal(await engineNow(server), to, 'the clock did not move again');
    assert.equal(await count(server, 'SELECT count(*) AS n FROM invoices WHERE subscription_id = $1', [subscription.id]), invoicesBefore);
    assert.equal(await count(server, 'SELECT count(*) AS n FROM events'), eventsBefore, 'nothing else happened');
  });

  test('usage is billed into the period it happened in, in arrears', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: true });
    let buyer = await company.client();
    // Fleet Care: graduated per-vehicle tiers plus service hours beyond 10 included, USD 72.00 an hour.
    const { subscription } = await checkout(buyer, { planId: IDS.fleet, currency: 'USD', recurring: MONTHLY, quantity: 3, trial: false, payment: { method: 'invoice' } });
    await payOpenInvoices(buyer);
    const usage = (quantity: number, timestamp?: string) =>
      server.request('POST', '/v1/usage-records', {
        token: server.config.secretKey,
        body: { subscriptionId: subscription.id, metric: 'service_hours', quantity, ...(timestamp ? { timestamp } : {}) },
      });
    expectStatus(await usage(9), 200);
    expectStatus(await usage(4), 200);
    // The projection made at the period end bills exactly what the renewal then bills.
    const end = subscription.currentPeriodEnd;
    await advance(server, { to: new Date(new Date(end).getTime() - 1000).toISOString() });
    buyer = await company.client();
    const promised = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.nextInvoice;
    const report = await advance(server, { to: end });
    const first = report.invoices.find((i) => i.subscriptionId === subscription.id);
    buyer = await company.client();
    const invoice = (await buyer.get(`/v1/invoices/${first.id}`)).body;
    const hours = invoice.lines.find((l: any) => l.type === 'usage');
    assert.equal(hours.quantity, 13);
    assert.equal(hours.amount, 3 * 7200, '13 hours, 10 included: 3 × 72.00');
    assert.equal(hours.periodStart, subscription.currentPeriodStart);
    assert.equal(hours.periodEnd, end);
    assert.equal(invoice.total, promised.total);
    assert.deepEqual(amounts(invoice.lines), amounts(promised.lines));
    // Usage of the new period goes on the next invoice, not this one.
    expectStatus(await usage(25), 200);
    const after = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    const next = await advance(server, { to: after.nextInvoice.date });
    const second = next.invoices.find((i) => i.subscriptionId === subscription.id);
    const secondFull = (await (await company.client()).get(`/v1/invoices/${second.id}`)).body;
    assert.equal(secondFull.lines.find((l: any) => l.type === 'usage').quantity, 25);
    assert.equal(secondFull.total, after.nextInvoice.total);
  });

  test('invoice numbers stay gapless across renewals, checkouts and a declined checkout', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    expectStatus(await buyer.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: { method: 'card', testCard: card(CARDS.decline) } }), 402);
    await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: byCard });
    await advance(server, { by: 'P2M' });
    const { rows } = await server.db.query<{ number: string }>('SELECT number FROM invoices WHERE number IS NOT NULL');
    assertGapless(rows.map((r) => r.number));
    assert.equal(await count(server, "SELECT count(*) AS n FROM invoices WHERE status = 'draft'"), 0);
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
