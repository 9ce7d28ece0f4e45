import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { asBuyer, CARDS, card, checkout, DAY, expectError, expectStatus, IDS, MONTHLY, starterByInvoice, YEARLY, dateAndAmountDue } from './helpers.js';

// March 2026 has 31 days: 2 678 400 seconds from Mar 1 to Apr 1.
const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
const APR_1 = '2026-04-01T00:00:00.000Z';
/** Exactly half of March remains: 15.5 days of 31. */
const MAR_16_NOON = new Date('2026-03-16T12:00:00.000Z');
/** Exactly 10 of 31 days remain. */
const MAR_22 = new Date('2026-03-22T00:00:00.000Z');

describe('subscription changes', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  /** Acme buys Starter × 5 by invoice on March 1st; returns the subscription. */
  async function starterOnMarch1(s: TestServer = server) {
    s.clock.set(MAR_1);
    const acme = await asBuyer(s, 'acme-purchaser');
    return (await checkout(acme, starterByInvoice())).subscription;
  }

  test('upgrade halfway through the period: exact credit and charge lines, the net invoiced at once', async () => {
    const sub = await starterOnMarch1();
    server.clock.set(MAR_16_NOON);
    const acme = await asBuyer(server, 'acme-purchaser');
    const change = { expectedVersion: 1, planId: IDS.growth };

    const preview = await acme.post(`/v1/subscriptions/${sub.id}/change/preview`, change);
    expectStatus(preview, 200);
    const p = preview.body;
    assert.equal(p.prorationDate, MAR_16_NOON.toISOString());
    // Half of each full-period amount: Starter 49.00 fee + 5 × 12.00 seats out, Acme's Growth 99.00 fee + 5 × 16.00 seats in.
    assert.deepEqual(
      p.prorationLines.map((l: any) => [l.kind, l.description, l.amount]),
      [
        ['credit', 'Unused time on Starter — Platform fee', -2450],
        ['credit', 'Unused time on Starter — Seats × 5', -3000],
        ['charge', 'Remaining time on Growth — Platform fee', 4950],
        ['charge', 'Remaining time on Growth — Seats (contract) × 5', 4000],
      ],
    );
    for (const line of p.prorationLines) {
      assert.equal(line.periodStart, MAR_16_NOON.toISOString());
      assert.equal(line.periodEnd, APR_1);
    }
    assert.equal(p.subtotal, 3500);
    assert.equal(p.tax, 665); // VAT 19% of 35.00
    // The tax per rate with its name and kind, so every surface says "VAT 19%"; each line's units and text as data.
    assert.deepEqual(p.taxLines, [{ name: 'VAT', percent: 19, taxableAmount: 3500, amount: 665, inclusive: false, kind: 'vat', treatment: 'standard', country: 'DE' }]);
    assert.deepEqual(
      p.prorationLines.map((l: any) => [l.text.kind, l.text.subject.name, l.quantity]),
      [
        ['unused_time', 'Platform fee', 1],
        ['unused_time', 'Seats', 5],
        ['remaining_time', 'Platform fee', 1],
        ['remaining_time', 'Seats (contract)', 5],
      ],
    );
    assert.equal(p.amountDueNow, 4165);
    assert.equal(p.creditCreated, 0);
    // Next full period on Growth: (99.00 + 80.00) × 1.19 = 213.01.
    assert.deepEqual(p.nextInvoice, { date: APR_1, total: 21301 });
    assert.equal(p.expectedVersion, 1);

    const applied = await acme.post(`/v1/subscriptions/${sub.id}/change`, change);
    expectStatus(applied, 200);
    const updated = applied.body.subscription;
    assert.equal(updated.planId, IDS.growth);
    assert.equal(updated.planName, 'Growth');
    assert.equal(updated.version, 2);
    assert.equal(updated.currentPeriodEnd, APR_1);
    assert.deepEqual(dateAndAmountDue(updated.nextInvoice), { date: APR_1, amountDue: 21301 });

    const invoice = (await acme.get(`/v1/invoices/${applied.body.invoiceId}`)).body;
    assert.equal(invoice.billingReason, 'subscription_update');
    assert.equal(invoice.status, 'open');
    assert.equal(invoice.total, 4165);
    assert.equal(invoice.poNumber, 'PO-4711');
    assert.equal(invoice.dueAt, new Date(MAR_16_NOON.getTime() + 30 * DAY).toISOString());
    assert.deepEqual(
      invoice.lines.map((l: any) => [l.type, l.amount, l.proration]),
      p.prorationLines.map((l: any) => ['proration', l.amount, true]),
    );
  });

  test('seat change with 10 of 31 days left: every line rounded on its own, lines sum to the total', async () => {
    const sub = await starterOnMarch1();
    server.clock.set(MAR_22);
    const acme = await asBuyer(server, 'acme-purchaser');
    const p = (await acme.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: 1, quantity: 8 })).body;
    // 4900 × 10/31 = 1580.65 → 1581; 6000 × 10/31 = 1935.48 → 1935; 9600 × 10/31 = 3096.77 → 3097.
    assert.deepEqual(
      p.prorationLines.map((l: any) => l.amount),
      [-1581, -1935, 1581, 3097],
    );
    assert.equal(p.subtotal, 1162);
    assert.equal(p.tax, 221); // 19% of 11.62 = 2.2078 → 2.21
    assert.equal(p.amountDueNow, 1383);
  });

  test('downgrade leaves a credit (with its tax) on the balance, applied to the next invoice', async () => {
    const fresh = await startTestServer();
    try {
      const sub = await starterOnMarch1(fresh);
      fresh.clock.set(MAR_16_NOON);
      const acme = await asBuyer(fresh, 'acme-purchaser');
      const down = await acme.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: 1, quantity: 2 });
      // −24.50 −30.00 +24.50 +12.00 = −18.00; VAT −3.42 → credit 21.42.
      assert.equal(down.body.subtotal, -1800);
      assert.equal(down.body.tax, -342);
      assert.equal(down.body.amountDueNow, 0);
      assert.equal(down.body.creditCreated, 2142);

      const applied = await acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 1, quantity: 2 });
      expectStatus(applied, 200);
      assert.equal(applied.body.invoiceId, null);
      // Starter × 2 renews at (49.00 + 24.00) × 1.19 = 86.87, minus the 21.42 credit.
      assert.deepEqual(dateAndAmountDue(applied.body.subscription.nextInvoice), { date: APR_1, amountDue: 8687 - 2142 });
      const balance = await fresh.db.query<{ amount: number }>("SELECT amount FROM company_balances WHERE company_id = 'co_acme' AND currency = 'EUR'");
      assert.equal(balance.rows[0]!.amount, 2142);
      const admin = await asBuyer(fresh, 'acme-admin');
      const notes = (await admin.get('/v1/credit-notes')).body.data;
      assert.equal(notes.length, 1);
      assert.equal(notes[0].amount, 2142);
      assert.equal(notes[0].reason, 'proration');
      assert.deepEqual(notes[0].lines[0].text, { kind: 'unused_time', cause: 'change', planName: 'Starter', quantity: 2, settlement: 'balance' });

      // Going back up to 4 seats at the same instant costs 12.00 + 2.28 VAT = 14.28, paid from the credit.
      const up = await acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 2, quantity: 4 });
      expectStatus(up, 200);
      const invoice = (await acme.get(`/v1/invoices/${up.body.invoiceId}`)).body;
      assert.equal(invoice.total, 1428);
      assert.equal(invoice.creditApplied, 1428);
      assert.equal(invoice.amountDue, 0);
      assert.equal(invoice.status, 'paid');
      // 21.42 − 14.28 = 7.14 left for the renewal of (49.00 + 48.00) × 1.19 = 115.43.
      assert.equal(up.body.subscription.nextInvoice.amountDue, 11543 - 714);
    } finally {
      await fresh.close();
    }
  });

  test('a stale expectedVersion answers 409 version_conflict and changes nothing', async () => {
    const sub = await starterOnMarch1();
    const acme = await asBuyer(server, 'acme-purchaser');
    expectStatus(await acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 1, quantity: 6 }), 200);
    const stale = await acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 1, quantity: 7 });
    expectError(stale, 409, 'version_conflict', 'expectedVersion');
    assert.equal(stale.body.error.type, 'conflict_error');
    expectError(await acme.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: 1, quantity: 7 }), 409, 'version_conflict');
    const current = (await acme.get(`/v1/subscriptions/${sub.id}`)).body;
    assert.equal(current.quantity, 6);
    assert.equal(current.version, 2);
  });

  test('race: two concurrent changes of one subscription → exactly one 200 and one 409', async () => {
    const sub = await starterOnMarch1();
    server.clock.set(MAR_16_NOON);
    const acme = await asBuyer(server, 'acme-purchaser');
    const results = await Promise.all([
      acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 1, quantity: 6 }),
      acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 1, quantity: 9 }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const loser = results.find((r) => r.status === 409)!;
    assert.equal(loser.body.error.code, 'version_conflict');
    const current = (await acme.get(`/v1/subscriptions/${sub.id}`)).body;
    assert.equal(current.version, 2);
    assert.equal(current.quantity, winner.body.subscription.quantity);
    const updates = await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM invoices WHERE subscription_id = $1 AND billing_reason = 'subscription_update'",
      [sub.id],
    );
    assert.equal(updates.rows[0]!.n, 1);
  });

  test('interval change to yearly starts a new period now: unused month credited, full year charged', async () => {
    const sub = await starterOnMarch1();
    server.clock.set(MAR_16_NOON);
    const acme = await asBuyer(server, 'acme-purchaser');
    const change = { expectedVersion: 1, recurring: YEARLY };
    const p = (await acme.post(`/v1/subscriptions/${sub.id}/change/preview`, change)).body;
    // −24.50 −30.00 for the unused half month; a year of Starter: 490.00 + 5 × 120.00 = 1090.00.
    assert.deepEqual(
      p.prorationLines.map((l: any) => [l.kind, l.amount]),
      [
        ['credit', -2450],
        ['credit', -3000],
        ['charge', 49000],
        ['charge', 60000],
      ],
    );
    assert.equal(p.subtotal, 103550);
    assert.equal(p.tax, 19675); // 19% of 1035.50 = 196.745 → 196.75 (half away from zero)
    assert.equal(p.amountDueNow, 123225);
    assert.equal(p.nextInvoice.date, '2027-03-16T12:00:00.000Z');

    const applied = (await acme.post(`/v1/subscriptions/${sub.id}/change`, change)).body;
    assert.deepEqual(applied.subscription.recurring, YEARLY);
    assert.equal(applied.subscription.billingAnchor, MAR_16_NOON.toISOString());
    assert.equal(applied.subscription.currentPeriodStart, MAR_16_NOON.toISOString());
    assert.equal(applied.subscription.currentPeriodEnd, '2027-03-16T12:00:00.000Z');
    const invoice = (await acme.get(`/v1/invoices/${applied.invoiceId}`)).body;
    assert.equal(invoice.total, 123225);
  });

  test('a change effective at the period end is scheduled: nothing charged now, the next invoice shows it', async () => {
    const sub = await starterOnMarch1();
    server.clock.set(MAR_16_NOON);
    const acme = await asBuyer(server, 'acme-purchaser');
    const change = { expectedVersion: 1, quantity: 10, effective: 'period_end' };
    const p = (await acme.post(`/v1/subscriptions/${sub.id}/change/preview`, change)).body;
    assert.deepEqual(p.prorationLines, []);
    assert.equal(p.amountDueNow, 0);
    // Starter × 10 from April: (49.00 + 120.00) × 1.19 = 201.11.
    assert.deepEqual(p.nextInvoice, { date: APR_1, total: 20111 });
    const applied = (await acme.post(`/v1/subscriptions/${sub.id}/change`, change)).body;
    assert.equal(applied.invoiceId, null);
    assert.equal(applied.subscription.quantity, 5);
    assert.equal(applied.subscription.version, 2);
    assert.deepEqual(dateAndAmountDue(applied.subscription.nextInvoice), { date: APR_1, amountDue: 20111 });
  });

  test('a card-paid upgrade is charged to the default card at once', async () => {
    server.clock.set(MAR_1);
    const globex = await asBuyer(server, 'globex-admin');
    const result = await checkout(globex, {
      planId: IDS.starter,
      currency: 'USD',
      recurring: MONTHLY,
      quantity: 2,
      payment: { method: 'card', testCard: card(CARDS.success) },
    });
    server.clock.set(MAR_16_NOON);
    const globexLater = await asBuyer(server, 'globex-purchaser');
    const applied = await globexLater.post(`/v1/subscriptions/${result.subscription.id}/change`, { expectedVersion: 1, quantity: 4 });
    expectStatus(applied, 200);
    const invoice = (await globexLater.get(`/v1/invoices/${applied.body.invoiceId}`)).body;
    // Two more seats at 13.00 for half a month; US tax exempt.
    assert.equal(invoice.total, 1300);
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.paymentAttempts[0].status, 'succeeded');
    assert.equal(invoice.paymentAttempts[0].paymentMethodId, result.subscription.defaultPaymentMethodId);
  });

  test('a trialing subscription changes without proration', async () => {
    server.clock.set(MAR_1);
    const acme = await asBuyer(server, 'acme-purchaser');
    const result = await checkout(acme, { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, payment: { method: 'invoice' } });
    assert.equal(result.subscription.status, 'trialing');
    const p = (await acme.post(`/v1/subscriptions/${result.subscription.id}/change/preview`, { expectedVersion: 1, quantity: 20 })).body;
    assert.deepEqual(p.prorationLines, []);
    assert.equal(p.amountDueNow, 0);
    const applied = (await acme.post(`/v1/subscriptions/${result.subscription.id}/change`, { expectedVersion: 1, quantity: 20 })).body;
    assert.equal(applied.invoiceId, null);
    assert.equal(applied.subscription.quantity, 20);
    assert.equal(applied.subscription.status, 'trialing');
  });

  test('changes that make no sense answer 400 on the field', async () => {
    const sub = await starterOnMarch1();
    const acme = await asBuyer(server, 'acme-purchaser');
    const url = `/v1/subscriptions/${sub.id}/change/preview`;
    expectError(await acme.post(url, { expectedVersion: 1, quantity: 5 }), 400, 'no_change');
    expectError(await acme.post(url, { expectedVersion: 1, planId: IDS.fleet }), 400, 'plan_other_product', 'planId');
    expectError(await acme.post(url, { expectedVersion: 1, planId: IDS.enterprise }), 400, 'plan_contact_sales', 'planId');
    expectError(await acme.post(url, { expectedVersion: 1, quantity: 11 }), 400, 'quantity_too_high', 'quantity');
    expectError(await acme.post(url, { expectedVersion: 1, addOns: [{ addOnId: IDS.sso }] }), 400, 'add_on_unavailable', 'addOns.0.addOnId');
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
