import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { asBuyer, CARDS, card, checkout, DAY, expectError, expectStatus, IDS, MONTHLY, starterByInvoice, dateAndAmountDue } from './helpers.js';

const START = new Date('2026-03-01T09:00:00.000Z');

describe('checkout', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.clock.set(START);
  });
  after(() => server.close());

  // Starter EUR monthly, 5 seats: platform fee 49.00 + 5 × 12.00 = 109.00; Acme is in DE → VAT 19% = 20.71.
  const STARTER_5 = { subtotal: 10900, tax: 2071, total: 12971 };

  test('preview shows lines, tax and what is due today, and writes nothing', async () => {
    const acme = await asBuyer(server, 'acme-purchaser');
    const res = await acme.post('/v1/checkout/preview', starterByInvoice());
    expectStatus(res, 200);
    const p = res.body;
    assert.deepEqual(
      p.lines.map((l: any) => [l.description, l.quantity, l.amount]),
      [
        ['Starter — Platform fee', 1, 4900],
        ['Starter — Seats', 5, 6000],
      ],
    );
    assert.equal(p.subtotal, STARTER_5.subtotal);
    assert.deepEqual(p.taxLines, [{ name: 'VAT', percent: 19, taxableAmount: 10900, amount: 2071, inclusive: false, kind: 'vat', treatment: 'standard', country: 'DE' }]);
    assert.equal(p.total, STARTER_5.total);
    assert.equal(p.amountDueToday, STARTER_5.total);
    assert.equal(p.nextInvoice.date, '2026-04-01T09:00:00.000Z');
    assert.equal(p.nextInvoice.total, STARTER_5.total);
    assert.equal(p.invoiceAllowed, true);
    assert.equal(p.paymentTermsDays, 30);
    const subs = await acme.get('/v1/subscriptions');
    assert.equal(subs.body.data.length, 0);
  });

  test('pay by invoice with a PO number: active subscription, open invoice due in 30 days carrying the PO', async () => {
    const acme = await asBuyer(server, 'acme-purchaser');
    const result = await checkout(acme, starterByInvoice());
    assert.equal(result.status, 'succeeded');
    assert.equal(result.nextAction, null);
    const sub = result.subscription;
    assert.equal(sub.status, 'active');
    assert.equal(sub.collectionMethod, 'send_invoice');
    assert.equal(sub.poNumber, 'PO-4711');
    assert.equal(sub.paymentTermsDays, 30);
    assert.equal(sub.quantity, 5);
    assert.equal(sub.currentPeriodStart, START.toISOString());
    assert.equal(sub.currentPeriodEnd, '2026-04-01T09:00:00.000Z');
    assert.equal(sub.version, 1);
    assert.deepEqual(dateAndAmountDue(sub.nextInvoice), { date: '2026-04-01T09:00:00.000Z', amountDue: STARTER_5.total });

    const invoice = (await acme.get(`/v1/invoices/${result.invoiceId}`)).body;
    assert.equal(invoice.status, 'open');
    assert.match(invoice.number, /^INV-\d{6}$/);
    assert.equal(invoice.poNumber, 'PO-4711');
    assert.equal(invoice.collectionMethod, 'send_invoice');
    assert.equal(invoice.issuedAt, START.toISOString());
    assert.equal(invoice.dueAt, new Date(START.getTime() + 30 * DAY).toISOString());
    assert.equal(invoice.total, STARTER_5.total);
    assert.equal(invoice.amountDue, STARTER_5.total);
    assert.equal(invoice.amountRemaining, STARTER_5.total);
    assert.deepEqual(invoice.paymentAttempts, []);

    const events = await server.db.query<{ type: string }>("SELECT type FROM events WHERE company_id = 'co_acme' ORDER BY created_at, id");
    const types = events.rows.map((e) => e.type);
    for (const t of ['subscription.created', 'invoice.created', 'invoice.finalized']) assert.ok(types.includes(t), `${t} emitted`);
  });

  test('checkout stores the billing details on the company, normalizing the tax id', async () => {
    const acme = await asBuyer(server, 'acme-admin');
    await checkout(
      acme,
      starterByInvoice({
        billing: {
          companyName: 'Acme Logistics GmbH',
          email: 'billing@acme-logistics.example',
          taxId: { country: 'DE', value: 'de 123 456 789' },
          address: { line1: 'Hafenstraße 14', city: 'Hamburg', postalCode: '20457', country: 'DE' },
        },
      }),
    );
    const session = (await acme.get('/v1/session')).body;
    assert.deepEqual(session.company.taxId, { country: 'DE', value: 'DE123456789' });
    assert.equal(session.company.billingAddress.line1, 'Hafenstraße 14');
    assert.equal(session.company.billingEmail, 'billing@acme-logistics.example');
  });

  test('an invalid tax id answers 400 on billing.taxId.value; an unsupported country is taken as entered', async () => {
    const acme = await asBuyer(server, 'acme-admin');
    const bad = await acme.post('/v1/checkout', starterByInvoice({ billing: { companyName: 'Acme', taxId: { country: 'DE', value: 'DE12' } } }));
    expectError(bad, 400, 'tax_id_invalid', 'billing.taxId.value');
    const preview = await acme.post('/v1/checkout/preview', starterByInvoice({ billing: { companyName: 'Acme', taxId: { country: 'DE', value: '12' } } }));
    expectError(preview, 400, 'tax_id_invalid', 'billing.taxId.value');
    const other = await acme.post('/v1/checkout/preview', starterByInvoice({ billing: { companyName: 'Acme', taxId: { country: 'ZZ', value: 'anything-7' } } }));
    expectStatus(other, 200);
  });

  test('card: 4242 charges the first invoice now; the card is saved as the default', async () => {
    const globex = await asBuyer(server, 'globex-admin');
    const result = await checkout(globex, {
      planId: IDS.starter,
      currency: 'USD',
      recurring: MONTHLY,
      quantity: 2,
      payment: { method: 'card', testCard: card(CARDS.success) },
    });
    assert.equal(result.status, 'succeeded');
    assert.equal(result.subscription.status, 'active');
    assert.equal(result.subscription.collectionMethod, 'charge_automatically');
    const invoice = (await globex.get(`/v1/invoices/${result.invoiceId}`)).body;
    // USD Starter: 54.00 + 2 × 13.00 = 80.00; US sales tax exempt (0%).
    assert.equal(invoice.total, 8000);
    assert.equal(invoice.status, 'paid');
    assert.deepEqual(result.invoice, { id: invoice.id, number: invoice.number, status: 'paid', currency: 'USD', total: 8000, dueAt: invoice.dueAt, poNumber: null });
    assert.equal(invoice.amountPaid, 8000);
    assert.equal(invoice.paymentAttempts.length, 1);
    assert.equal(invoice.paymentAttempts[0].status, 'succeeded');
    const methods = (await globex.get('/v1/payment-methods')).body.data;
    assert.equal(methods.length, 1);
    assert.deepEqual(methods[0].card, { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 });
    assert.equal(methods[0].isDefault, true);
    assert.equal(result.subscription.defaultPaymentMethodId, methods[0].id);
  });

  for (const [name, number, declineCode] of [
    ['generic decline', CARDS.decline, 'generic_decline'],
    ['insufficient funds', CARDS.insufficientFunds, 'insufficient_funds'],
    ['hard decline', CARDS.fraudulent, 'fraudulent'],
  ] as const) {
    test(`card: ${name} answers 402 with its decline code and leaves nothing behind`, async () => {
      const fresh = await startTestServer();
      try {
        const globex = await asBuyer(fresh, 'globex-admin');
        const res = await globex.post('/v1/checkout', {
          planId: IDS.starter,
          currency: 'USD',
          recurring: MONTHLY,
          quantity: 2,
          payment: { method: 'card', testCard: card(number) },
        });
        expectStatus(res, 402);
        assert.equal(res.body.error.type, 'payment_error');
        assert.equal(res.body.error.declineCode, declineCode);
        assert.equal((await globex.get('/v1/subscriptions')).body.data.length, 0);
        assert.equal((await globex.get('/v1/invoices')).body.data.length, 0);
        assert.equal((await globex.get('/v1/payment-methods')).body.data.length, 0);
        const counts = await fresh.db.query<{ n: number }>(
          "SELECT (SELECT count(*) FROM subscriptions) + (SELECT count(*) FROM invoices) + (SELECT count(*) FROM payments) + (SELECT count(*) FROM events WHERE type LIKE 'subscription.%') AS n",
        );
        assert.equal(Number(counts.rows[0]!.n), 0);
      } finally {
        await fresh.close();
      }
    });
  }

  test('card: a number that is not a documented test card answers 402 card_not_test_card', async () => {
    const globex = await asBuyer(server, 'globex-admin');
    const res = await globex.post('/v1/checkout', {
      planId: IDS.starter,
      currency: 'USD',
      recurring: MONTHLY,
      payment: { method: 'card', testCard: card('4111111111111111') },
    });
    expectError(res, 402, 'card_not_test_card', 'payment.testCard.number');
  });

  test('card: SCA leaves the subscription incomplete until the challenge is approved', async () => {
    const globex = await asBuyer(server, 'globex-admin');
    const body = { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 1, payment: { method: 'card', testCard: card(CARDS.scaOnce) } };
    const result = await checkout(globex, body);
    assert.equal(result.status, 'requires_action');
    assert.equal(result.subscription.status, 'incomplete');
    assert.equal(result.nextAction.type, 'sca_challenge');
    const invoice = (await globex.get(`/v1/invoices/${result.invoiceId}`)).body;
    assert.equal(invoice.status, 'open');

    const confirmed = await globex.post(`/v1/payments/${result.nextAction.paymentId}/confirm`, { outcome: 'approve' });
    expectStatus(confirmed, 200);
    assert.equal(confirmed.body.status, 'succeeded');
    assert.equal(confirmed.body.subscriptionId, result.subscription.id);
    assert.equal((await globex.get(`/v1/subscriptions/${result.subscription.id}`)).body.status, 'active');
    assert.equal((await globex.get(`/v1/invoices/${result.invoiceId}`)).body.status, 'paid');

    const again = await globex.post(`/v1/payments/${result.nextAction.paymentId}/confirm`, { outcome: 'approve' });
    expectError(again, 409, 'payment_not_confirmable');

    // A failed challenge leaves it incomplete with the invoice still open.
    const second = await checkout(globex, { ...body, payment: { method: 'card', testCard: card(CARDS.scaAlways) } });
    const failed = await globex.post(`/v1/payments/${second.nextAction.paymentId}/confirm`, { outcome: 'fail' });
    expectStatus(failed, 200);
    assert.equal(failed.body.status, 'failed');
    assert.equal((await globex.get(`/v1/subscriptions/${second.subscription.id}`)).body.status, 'incomplete');
    assert.equal((await globex.get(`/v1/invoices/${second.invoiceId}`)).body.status, 'open');
  });

  test('promo code: a valid one discounts the preview and the invoice; an unknown one is flagged, and refused at checkout', async () => {
    const acme = await asBuyer(server, 'acme-purchaser');
    const preview = (await acme.post('/v1/checkout/preview', starterByInvoice({ promoCode: 'welcome10' }))).body;
    // 10% of 109.00 = 10.90 off; VAT 19% of 98.10 = 18.639 → 18.64; total 116.74.
    assert.deepEqual(preview.promo, { code: 'WELCOME10', valid: true, message: null });
    assert.equal(preview.discountTotal, 1090);
    assert.equal(preview.discount.amount, 1090);
    assert.equal(preview.tax, 1864);
    assert.equal(preview.total, 11674);
    // Repeating for 3 periods: the second period is still discounted.
    assert.equal(preview.nextInvoice.total, 11674);

    const result = await checkout(acme, starterByInvoice({ promoCode: 'WELCOME10' }));
    const invoice = (await acme.get(`/v1/invoices/${result.invoiceId}`)).body;
    assert.equal(invoice.discountTotal, 1090);
    assert.equal(invoice.total, 11674);
    // The result names today's invoice as the buyer's success shows it: number, total, due date, PO.
    assert.deepEqual(result.invoice, { id: invoice.id, number: invoice.number, status: 'open', currency: 'EUR', total: 11674, dueAt: invoice.dueAt, poNumber: invoice.poNumber });
    assert.match(result.invoice.number, /^INV-/);
    assert.ok(result.invoice.dueAt);
    assert.equal(result.subscription.discount.code, 'WELCOME10');
    assert.equal(result.subscription.discount.periodsRemaining, 2);

    const bad = (await acme.post('/v1/checkout/preview', starterByInvoice({ promoCode: 'NOPE' }))).body;
    assert.equal(bad.promo.valid, false);
    assert.match(bad.promo.message, /does not exist/);
    assert.equal(bad.discountTotal, 0);
    assert.equal(bad.total, STARTER_5.total);
    expectError(await acme.post('/v1/checkout', starterByInvoice({ promoCode: 'NOPE' })), 400, 'promo_code_invalid', 'promoCode');
  });

  test('an expired promo code is reported as expired', async () => {
    await server.db.query(
      "INSERT INTO promo_codes (code, description, percent_off, duration, expires_at) VALUES ('OLD20', 'Old', 20, 'once', '2026-01-01T00:00:00Z') ON CONFLICT DO NOTHING",
    );
    const acme = await asBuyer(server, 'acme-purchaser');
    const preview = (await acme.post('/v1/checkout/preview', starterByInvoice({ promoCode: 'OLD20' }))).body;
    assert.equal(preview.promo.valid, false);
    assert.match(preview.promo.message, /expired/);
  });

  test('trial: nothing is due today, the subscription is trialing and the first bill comes when the trial ends', async () => {
    const acme = await asBuyer(server, 'acme-purchaser');
    const body = { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, payment: { method: 'card', testCard: card(CARDS.success) } };
    const preview = (await acme.post('/v1/checkout/preview', body)).body;
    const trialEnd = new Date(START.getTime() + 14 * DAY).toISOString();
    // Acme's contract price: 99.00 + 10 seats × 16.00 = 259.00, VAT 49.21.
    assert.equal(preview.total, 30821);
    assert.equal(preview.amountDueToday, 0);
    assert.deepEqual(preview.trial, { days: 14, endsAt: trialEnd });
    assert.deepEqual(preview.nextInvoice, { date: trialEnd, total: 30821 });

    const result = await checkout(acme, body);
    assert.equal(result.subscription.status, 'trialing');
    assert.equal(result.subscription.trialEnd, trialEnd);
    assert.deepEqual(dateAndAmountDue(result.subscription.nextInvoice), { date: trialEnd, amountDue: 30821 });
    const invoice = (await acme.get(`/v1/invoices/${result.invoiceId}`)).body;
    assert.equal(invoice.total, 0);
    assert.equal(invoice.status, 'paid');
    assert.deepEqual(invoice.paymentAttempts, []);

    const noTrial = (await acme.post('/v1/checkout/preview', { ...body, trial: false })).body;
    assert.equal(noTrial.trial, null);
    assert.equal(noTrial.amountDueToday, 30821);
  });

  test('contract price for Acme, public price for Globex', async () => {
    const body = { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 5, trial: false };
    const acme = (await (await asBuyer(server, 'acme-purchaser')).post('/v1/checkout/preview', body)).body;
    const globex = (await (await asBuyer(server, 'globex-purchaser')).post('/v1/checkout/preview', body)).body;
    assert.equal(acme.subtotal, 9900 + 5 * 1600);
    assert.equal(globex.subtotal, 9900 + 5 * 1900);
  });

  test('add-ons: allowed ones are billed (per-seat follows the quantity), others answer 400', async () => {
    const acme = await asBuyer(server, 'acme-purchaser');
    const preview = await acme.post('/v1/checkout/preview', {
      planId: IDS.growth,
      currency: 'EUR',
      recurring: MONTHLY,
      quantity: 6,
      trial: false,
      addOns: [{ addOnId: IDS.sso, quantity: 99 }, { addOnId: IDS.storage, quantity: 25 }],
    });
    expectStatus(preview, 200);
    const lines = preview.body.lines.map((l: any) => [l.description, l.quantity, l.amount]);
    assert.deepEqual(lines.slice(2), [
      ['SSO', 6, 6 * 400],
      ['Extra storage', 25, 3 * 1500],
    ]);
    const storage = preview.body.lines[3];
    assert.deepEqual(storage.tiers.map((t: any) => [t.kind, t.quantity, t.unitAmount, t.amount]), [['package', 3, 1500, 4500]]);

    const ssoOnStarter = await acme.post('/v1/checkout/preview', { ...starterByInvoice(), addOns: [{ addOnId: IDS.sso }] });
    expectError(ssoOnStarter, 400, 'add_on_unavailable', 'addOns.0.addOnId');
  });

  test('bad orders answer 400 on the offending field', async () => {
    const acme = await asBuyer(server, 'acme-purchaser');
    expectError(await acme.post('/v1/checkout', starterByInvoice({ planId: IDS.enterprise, quantity: undefined })), 400, 'plan_contact_sales', 'planId');
    expectError(await acme.post('/v1/checkout', starterByInvoice({ quantity: 11 })), 400, 'quantity_too_high', 'quantity');
    expectError(await acme.post('/v1/checkout', starterByInvoice({ currency: 'JPY' })), 400, 'price_unavailable', 'currency');
    expectError(await acme.post('/v1/checkout', starterByInvoice({ recurring: { interval: 'quarter', intervalCount: 1 } })), 400, 'price_unavailable', 'recurring');
    expectError(await acme.post('/v1/checkout', starterByInvoice({ planId: 'plan_nope' })), 404, 'resource_missing', 'planId');
    const globex = await asBuyer(server, 'globex-purchaser');
    expectError(
      await globex.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: { method: 'invoice' } }),
      400,
      'invoice_not_allowed',
      'payment.method',
    );
    expectError(
      await globex.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: { method: 'card' } }),
      400,
      'payment_method_required',
      'payment.testCard',
    );
  });

  test('a double-submitted checkout with one Idempotency-Key creates one subscription', async () => {
    const fresh = await startTestServer();
    try {
      const acme = await asBuyer(fresh, 'acme-purchaser');
      const headers = { 'idempotency-key': 'checkout-double-submit-1' };
      const [a, b] = await Promise.all([acme.post('/v1/checkout', starterByInvoice(), headers), acme.post('/v1/checkout', starterByInvoice(), headers)]);
      const statuses = [a.status, b.status].sort();
      assert.ok(statuses[0] === 200, `one succeeds: ${statuses}`);
      assert.ok(statuses[1] === 200 || statuses[1] === 409, `the other replays or is told to wait: ${statuses}`);
      if (a.status === 200 && b.status === 200) assert.equal(a.body.subscription.id, b.body.subscription.id);
      const replay = await acme.post('/v1/checkout', starterByInvoice(), headers);
      expectStatus(replay, 200);
      const subs = (await acme.get('/v1/subscriptions')).body.data;
      assert.equal(subs.length, 1);
      assert.equal(replay.body.subscription.id, subs[0].id);
      const invoices = await fresh.db.query<{ n: number }>('SELECT count(*)::int AS n FROM invoices');
      assert.equal(invoices.rows[0]!.n, 1);
    } finally {
      await fresh.close();
    }
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
