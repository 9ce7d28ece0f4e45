import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueAttempt, recordAttempt, settleAttempt } from '../../src/engine/attempts.js';
import { paymentProcessor } from '../../src/engine/processor/index.js';
import type { InvoiceRow, PaymentMethodRow } from '../../src/engine/rows.js';
import { asBuyer, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { authenticateInBrowser, browserCard, STRIPE_CARDS, stripeCustomerOf, stripeTestBedOfSuite } from './helpers.js';
import { advance, engineNow } from '../engine/run-helpers.js';

const GROWTH_TRIAL = { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 5 } as const;

describe('trials and changes with Stripe', () => {
  const bed = stripeTestBedOfSuite();

  /** Acme's purchaser buys Starter × 2 with a card whose bank always asks for 3-D Secure, and authenticates it. */
  async function starterOnACardThatAuthenticates() {
    const acme = await asBuyer(bed.server, 'acme-purchaser');
    const bought = await acme.post('/v1/checkout', {
      planId: IDS.starter,
      currency: 'EUR',
      recurring: MONTHLY,
      quantity: 2,
      payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.authenticateAlways) },
    });
    await authenticateInBrowser(bed.fake, bought.body.nextAction.clientSecret);
    expectStatus(await acme.post(`/v1/payments/${bought.body.nextAction.paymentId}/confirm`, {}), 200);
    return { acme, sub: (await acme.get(`/v1/subscriptions/${bought.body.subscription.id}`)).body };
  }

  test('a trial charges nothing: the card is saved with a SetupIntent for off-session use, and charged off-session later', async () => {
    const acme = await asBuyer(bed.server, 'acme-admin');
    const pm = await browserCard(bed.fake, STRIPE_CARDS.visa);
    const intentsBefore = bed.fake.state.paymentIntents.size;
    const res = await acme.post('/v1/checkout', { ...GROWTH_TRIAL, payment: { method: 'card', stripePaymentMethodId: pm } });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'succeeded');
    assert.equal(res.body.subscription.status, 'trialing');
    assert.equal(bed.fake.state.paymentIntents.size, intentsBefore, 'no PaymentIntent during a trial');
    const [setup, ...more] = [...bed.fake.state.setupIntents.values()].filter((si) => si.payment_method === pm);
    assert.equal(more.length, 0);
    assert.deepEqual([setup!.status, setup!.usage, setup!.customer], ['succeeded', 'off_session', await stripeCustomerOf(bed.server, 'co_acme')]);
    assert.equal(bed.fake.state.paymentMethods.get(pm)?.customer, setup!.customer);

    // The trial ends: what the billing run does with the invoice it opens — charge the saved card off-session.
    const invoice = await openInvoiceFor(res.body.subscription.id);
    const method = (await bed.server.db.query<PaymentMethodRow>('SELECT * FROM payment_methods WHERE id = $1', [res.body.subscription.defaultPaymentMethodId])).rows[0]!;
    assert.equal(method.processor_ref, pm);
    const processor = paymentProcessor(bed.server.db, bed.server.config);
    const payment = await bed.server.db.transaction((tx) => recordAttempt(tx, { invoice, paymentMethod: method, processor: 'stripe', onSession: false, firstUse: false, at: new Date() }));
    const result = await issueAttempt(processor, payment, method);
    assert.equal(result?.status, 'succeeded');
    const settled = await bed.server.db.transaction((tx) => settleAttempt(tx, { payment, result: result!, at: new Date(), mode: 'test', policy: bed.server.config.prorationPolicy }));
    assert.equal(settled.invoice?.status, 'paid');
  });

  /** An open invoice of the subscription, as the billing run would issue at the trial's end (made here directly). */
  async function openInvoiceFor(subscriptionId: string): Promise<InvoiceRow> {
    const { rows } = await bed.server.db.query<InvoiceRow>(
      `UPDATE invoices SET status = 'open', total = 4900, amount_due = 4900, number = coalesce(number, 'TRIAL-END-' || id)
        WHERE subscription_id = $1 RETURNING *`,
      [subscriptionId],
    );
    assert.equal(rows.length, 1);
    return rows[0]!;
  }

  test('a trial with a card whose bank wants 3-D Secure for the setup answers a next action with the SetupIntent', async () => {
    const globex = await asBuyer(bed.server, 'globex-admin');
    const pm = await browserCard(bed.fake, STRIPE_CARDS.authenticateOnce);
    const res = await globex.post('/v1/checkout', { ...GROWTH_TRIAL, currency: 'USD', payment: { method: 'card', stripePaymentMethodId: pm } });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'requires_action');
    assert.equal(res.body.subscription.status, 'trialing');
    assert.equal(res.body.nextAction.type, 'stripe_confirm');
    assert.equal(res.body.nextAction.paymentId, null);
    assert.match(res.body.nextAction.clientSecret, /^seti_\w+_secret_/);
    assert.equal((await authenticateInBrowser(bed.fake, res.body.nextAction.clientSecret)).status, 'succeeded');
    await bed.fake.webhooks.settled();
    const saved = (await globex.get('/v1/payment-methods')).body.data.filter((m: any) => m.card.last4 === '3155');
    assert.equal(saved.length, 1, 'the card saved with the trial, once');
  });

  test('a trial with a card that cannot be set up answers 402 and starts nothing', async () => {
    const globex = await asBuyer(bed.server, 'globex-purchaser');
    const before = (await globex.get('/v1/subscriptions')).body.data.length;
    const res = await globex.post('/v1/checkout', { ...GROWTH_TRIAL, currency: 'USD', payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.declined) } });
    expectError(res, 402, 'card_declined', 'payment.stripePaymentMethodId');
    assert.equal((await globex.get('/v1/subscriptions')).body.data.length, before);
  });

  test('a change that charges now with a card that asks for 3-D Secure answers a next action and applies once the buyer authenticates', async () => {
    const { acme, sub } = await starterOnACardThatAuthenticates();
    assert.equal(sub.status, 'active');

    const res = await acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 6 });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'requires_action');
    assert.equal(res.body.nextAction.type, 'stripe_confirm');
    assert.equal(res.body.subscription.quantity, 2, 'not applied while the payment waits');
    await authenticateInBrowser(bed.fake, res.body.nextAction.clientSecret);
    const confirmed = await acme.post(`/v1/payments/${res.body.nextAction.paymentId}/confirm`, {});
    assert.equal(confirmed.body.status, 'succeeded');
    assert.equal((await acme.get(`/v1/subscriptions/${sub.id}`)).body.quantity, 6);
    assert.equal((await acme.get(`/v1/invoices/${res.body.invoiceId}`)).body.status, 'paid');
  });

  test('a change left at the bank for 23 hours expires: its PaymentIntent is canceled (abandoned), finishing the page later takes nothing', async () => {
    const { acme, sub } = await starterOnACardThatAuthenticates();
    const res = await acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 6 });
    assert.equal(res.body.status, 'requires_action');
    const pi = bed.fake.state.paymentIntents.get(res.body.nextAction.clientSecret.split('_secret_')[0])!;

    await advance(bed.server, { to: new Date(Date.parse(await engineNow(bed.server)) + 23 * 3_600_000 + 60_000).toISOString() });
    assert.deepEqual([pi.status, pi.cancellation_reason], ['canceled', 'abandoned']);
    const buyer = await asBuyer(bed.server, 'acme-purchaser');
    assert.equal((await buyer.get(`/v1/invoices/${res.body.invoiceId}`)).body.status, 'void');
    const late = (await authenticateInBrowser(bed.fake, res.body.nextAction.clientSecret)) as { status?: string };
    assert.notEqual(late.status, 'succeeded', 'the bank page finished later takes nothing');
    assert.equal(pi.amount_received ?? 0, 0);
    assert.equal((await buyer.get(`/v1/subscriptions/${sub.id}`)).body.quantity, 2);
  });

  test('a change at the bank whose invoice the merchant voids: the change is dropped and its PaymentIntent canceled (abandoned); finishing the page later takes nothing', async () => {
    const { acme, sub } = await starterOnACardThatAuthenticates();
    const res = await acme.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 6 });
    assert.equal(res.body.status, 'requires_action');
    const pi = bed.fake.state.paymentIntents.get(res.body.nextAction.clientSecret.split('_secret_')[0])!;
    const voided = await bed.server.request('POST', `/v1/invoices/${res.body.invoiceId}/void`, { token: bed.server.config.secretKey });
    expectStatus(voided, 200);
    assert.equal(voided.body.status, 'void');
    assert.deepEqual([pi.status, pi.cancellation_reason], ['canceled', 'abandoned']);
    const late = (await authenticateInBrowser(bed.fake, res.body.nextAction.clientSecret)) as { status?: string };
    assert.notEqual(late.status, 'succeeded', 'the bank page finished later takes nothing');
    assert.equal(pi.amount_received ?? 0, 0);
    const after = (await acme.get(`/v1/subscriptions/${sub.id}`)).body;
    assert.deepEqual([after.quantity, after.status], [2, 'active'], 'the change is dropped');
    // Another change is possible again (a waiting change had refused it: change_pending).
    expectStatus(await acme.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: after.version, quantity: 3 }), 200);
  });
});
