import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { CARDS, card, checkout, expectStatus, IDS, MONTHLY, YEARLY } from '../billing/helpers.js';
import { advance, newCompany, payOpenInvoices } from './run-helpers.js';

const DAY = 86_400_000;
const plus = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY).toISOString();

describe('trials', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-05-10T08:00:00.000Z'));
  });
  after(() => server.close());

  test('trial → paid: trial_will_end 3 days before, then the first period charged to the card, active', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    // Growth has a 14-day trial.
    const { subscription } = await checkout(buyer, { planId: IDS.growth, currency: 'USD', recurring: MONTHLY, quantity: 5, payment: { method: 'card', testCard: card(CARDS.success) } });
    assert.equal(subscription.status, 'trialing');
    const trialEnd = subscription.trialEnd;
    assert.equal(subscription.nextInvoice.date, trialEnd);
    const notice = await advance(server, { to: plus(trialEnd, -3) });
    const sent = notice.events.filter((e) => e.type === 'subscription.trial_will_end' && e.companyId === company.id);
    assert.deepEqual(sent.map((e) => e.at), [plus(trialEnd, -3)]);
    const conversion = await advance(server, { to: plus(trialEnd, 1) });
    assert.equal(conversion.events.filter((e) => e.type === 'subscription.trial_will_end' && e.companyId === company.id).length, 0, 'sent once');
    const invoice = conversion.invoices.find((i) => i.subscriptionId === subscription.id);
    assert.equal(invoice.periodStart, trialEnd);
    assert.equal(invoice.total, subscription.nextInvoice.total);
    // The answer shows the invoice as it is at the end of the advance: charged at once.
    assert.equal(invoice.status, 'paid', 'charged during the advance');
    const client = await company.client();
    assert.equal((await client.get(`/v1/invoices/${invoice.id}`)).body.status, 'paid');
    assert.deepEqual(conversion.statusChanges.filter((c) => c.subscriptionId === subscription.id).map((c) => [c.from, c.to, c.at]), [['trialing', 'active', trialEnd]]);
  });

  test('trial → ended: no payment method and the plan says cancel — canceled at the trial end, nothing billed', async () => {
    await server.db.query(`UPDATE plans SET trial_end_behavior = 'cancel' WHERE id = $1`, [IDS.growth]);
    try {
      const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
      const buyer = await company.client();
      const { subscription } = await checkout(buyer, { planId: IDS.growth, currency: 'USD', recurring: MONTHLY, quantity: 5, payment: { method: 'card' } });
      const report = await advance(server, { to: plus(subscription.trialEnd, 1) });
      assert.equal(report.invoices.filter((i) => i.subscriptionId === subscription.id).length, 0);
      assert.deepEqual(report.statusChanges.filter((c) => c.subscriptionId === subscription.id).map((c) => [c.to, c.at]), [['canceled', subscription.trialEnd]]);
    } finally {
      await server.db.query(`UPDATE plans SET trial_end_behavior = 'create_invoice' WHERE id = $1`, [IDS.growth]);
    }
  });

  test('trial → invoice without a card (the plan says create_invoice): past due until the buyer adds a card and pays', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    let buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.growth, currency: 'USD', recurring: MONTHLY, quantity: 5, payment: { method: 'card' } });
    const report = await advance(server, { to: plus(subscription.trialEnd, 1) });
    const invoice = report.invoices.find((i) => i.subscriptionId === subscription.id);
    assert.equal(invoice.status, 'open');
    // Day 1 of dunning fell inside the advance (still no card): the next ask is on day 3.
    assert.equal(invoice.nextPaymentAttemptAt, plus(subscription.trialEnd, 3), 'dunning asked on day 1 and asks again on day 3');
    assert.deepEqual(report.statusChanges.filter((c) => c.subscriptionId === subscription.id).map((c) => [c.from, c.to]), [['trialing', 'past_due']]);
    buyer = await company.client();
    assert.equal(await payOpenInvoices(buyer), 1);
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
  });

  test('a trial paid by invoice converts to an open invoice with net terms, active', async () => {
    const company = await newCompany(server, { country: 'DE', termsDays: 45 });
    const buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 5, payment: { method: 'invoice', poNumber: 'PO-T1' } });
    const report = await advance(server, { to: subscription.trialEnd });
    const invoice = report.invoices.find((i) => i.subscriptionId === subscription.id);
    assert.equal(invoice.collectionMethod, 'send_invoice');
    assert.equal(invoice.poNumber, 'PO-T1');
    assert.equal(invoice.dueAt, plus(subscription.trialEnd, 45));
    assert.deepEqual(report.statusChanges.filter((c) => c.subscriptionId === subscription.id).map((c) => c.to), ['active']);
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});

describe('calendar billing', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    // A $24.95 monthly plan (Kill Bill's documented example price), no tax.
    await server.db.query(`INSERT INTO plans (id, product_id, name, rank) VALUES ('plan_kb_basic', 'prod_portal', 'Basic', 0)`);
    await server.db.query(
      `INSERT INTO prices (id, plan_id, currency, interval, interval_count, items)
       VALUES ('price_kb_basic_usd_month', 'plan_kb_basic', 'USD', 'month', 1, $1)`,
      [JSON.stringify([{ id: 'base', description: 'Basic', model: { type: 'flat', amount: 2495 } }])],
    );
  });
  after(() => server.close());

  const basic = { planId: 'plan_kb_basic', currency: 'USD', recurring: MONTHLY, payment: { method: 'invoice' } } as const;

  test("Kill Bill's examples to the cent: $7.24 for 9 of 31 days and $18.30 for 22 of 30, then full periods on the 1st", async () => {
    server.clock.set(new Date('2026-08-23T00:00:00.000Z'));
    const company = await newCompany(server, { country: null, billingDay: 1 });
    let buyer = await company.client();
    const preview = await buyer.post('/v1/checkout/preview', basic);
    expectStatus(preview, 200);
    assert.equal(preview.body.total, 724);
    const august = await checkout(buyer, basic);
    const first = (await buyer.get(`/v1/invoices/${august.invoiceId}`)).body;
    assert.equal(first.total, 724, '24.95 × 9/31 = 7.2435 → 7.24');
    assert.equal(first.periodEnd, '2026-09-01T00:00:00.000Z');
    assert.equal(first.lines[0].proration, true);
    assert.equal(august.subscription.nextInvoice.date, '2026-09-01T00:00:00.000Z');
    assert.equal(august.subscription.nextInvoice.total, 2495);

    await advance(server, { to: '2026-09-09T00:00:00.000Z' });
    buyer = await company.client();
    await payOpenInvoices(buyer);
    const september = await checkout(buyer, basic);
    const second = (await buyer.get(`/v1/invoices/${september.invoiceId}`)).body;
    assert.equal(second.total, 1830, '24.95 × 22/30 = 18.2967 → 18.30');

    // Both of the company's subscriptions now bill on one invoice date, the 1st, in full.
    const report = await advance(server, { to: '2026-10-01T00:00:00.000Z' });
    const october = report.invoices.filter((i) => [august.subscription.id, september.subscription.id].includes(i.subscriptionId));
    assert.equal(october.length, 2);
    for (const invoice of october) {
      assert.equal(invoice.issuedAt, '2026-10-01T00:00:00.000Z');
      assert.equal(invoice.periodEnd, '2026-11-01T00:00:00.000Z');
      assert.equal(invoice.total, 2495);
    }
  });

  test('billing day 31: Feb 28, Mar 31, Apr 30; a yearly subscription aligns to the day too', async () => {
    await advance(server, { to: '2027-01-15T12:00:00.000Z' });
    const company = await newCompany(server, { country: null, billingDay: 31, termsDays: 120 });
    const buyer = await company.client();
    const monthly = await checkout(buyer, basic);
    assert.equal(monthly.subscription.currentPeriodEnd, '2027-01-31T00:00:00.000Z');
    const yearly = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: YEARLY, quantity: 1, payment: { method: 'invoice' } });
    assert.equal(yearly.subscription.currentPeriodEnd, '2027-01-31T00:00:00.000Z');
    const report = await advance(server, { to: '2027-04-30T00:00:00.000Z' });
    assert.deepEqual(
      report.invoices.filter((i) => i.subscriptionId === monthly.subscription.id).map((i) => i.periodStart.slice(0, 10)),
      ['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30'],
    );
    const yearInvoices = report.invoices.filter((i) => i.subscriptionId === yearly.subscription.id);
    assert.deepEqual(yearInvoices.map((i) => [i.periodStart.slice(0, 10), i.periodEnd.slice(0, 10)]), [['2027-01-31', '2028-01-31']]);
  });

  test('a trial ending between billing days: the first paid period runs to the next billing day, prorated', async () => {
    await advance(server, { to: '2027-06-03T00:00:00.000Z' });
    const company = await newCompany(server, { country: null, billingDay: 1, invoiceAllowed: true });
    const buyer = await company.client();
    // Growth: 14-day trial → ends Jun 17; first paid period Jun 17 → Jul 1 = 14 of 30 days.
    const { subscription } = await checkout(buyer, { planId: IDS.growth, currency: 'USD', recurring: MONTHLY, quantity: 5, payment: { method: 'invoice' } });
    assert.equal(subscription.trialEnd, '2027-06-17T00:00:00.000Z');
    const full = 10900 + 5 * 2100;
    assert.equal(subscription.nextInvoice.total, Math.round((full * 14) / 30));
    const report = await advance(server, { to: '2027-06-17T00:00:00.000Z' });
    const invoice = report.invoices.find((i) => i.subscriptionId === subscription.id);
    assert.equal(invoice.periodEnd, '2027-07-01T00:00:00.000Z');
    assert.equal(invoice.total, subscription.nextInvoice.total);
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
