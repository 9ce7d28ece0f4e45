import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Stripe from 'stripe';
import { issueAttempt, settleAttempt } from '../../src/engine/attempts.js';
import { paymentProcessor } from '../../src/engine/processor/index.js';
import type { PaymentMethodRow } from '../../src/engine/rows.js';
import { asBuyer, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { authenticateInBrowser, browserCard, paymentsOf, STRIPE_CARDS, startStripeTestBed, stripeCustomerOf, type StripeTestBed } from './helpers.js';

const STARTER = { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2 } as const;

describe('checkout by card with Stripe', () => {
  let bed: StripeTestBed;
  before(async () => {
    bed = await startStripeTestBed();
  });
  after(async () => {
    // The one 503 is the test that takes Stripe away; nothing else may answer 5xx.
    assert.deepEqual(bed.server.serverErrors.map((e) => (e as { code?: string }).code), ['processor_unavailable']);
    await bed.close();
  });

  const intentsOf = (invoiceId: string) => [...bed.fake.state.paymentIntents.values()].filter((pi) => pi.metadata.subkit_invoice_id === invoiceId);

  test('the first invoice is paid by a PaymentIntent confirmed with the card from the Payment Element, and the card is saved for renewals', async () => {
    const globex = await asBuyer(bed.server, 'globex-admin');
    const pm = await browserCard(bed.fake, STRIPE_CARDS.visa);
    const res = await globex.post('/v1/checkout', { ...STARTER, payment: { method: 'card', stripePaymentMethodId: pm } });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'succeeded');
    assert.equal(res.body.nextAction, null);
    assert.equal(res.body.subscription.status, 'active');
    const invoice = (await globex.get(`/v1/invoices/${res.body.invoiceId}`)).body;
    assert.equal(invoice.status, 'paid');

    const [pi, ...others] = intentsOf(invoice.id);
    assert.equal(others.length, 0, 'one PaymentIntent for the invoice');
    assert.equal(pi!.status, 'succeeded');
    assert.equal(pi!.amount, invoice.amountDue);
    assert.equal(pi!.currency, 'usd');
    assert.equal(pi!.customer, await stripeCustomerOf(bed.server, 'co_globex'));
    assert.equal(pi!.setup_future_usage, 'off_session', 'the card typed in is saved for the renewals it pays');
    assert.equal(pi!.metadata.subkit_idempotency_key, `${invoice.id}:attempt:1`);
    const create = bed.fake.requests.find((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.params.metadata && (r.params.metadata as Record<string, string>).subkit_invoice_id === invoice.id);
    assert.equal(create?.idempotencyKey, `${invoice.id}:attempt:1`, 'Stripe dedupes the charge on our attempt key');
    assert.equal(bed.fake.state.paymentMethods.get(pm)?.customer, pi!.customer, "the card is attached to the company's Stripe customer");

    const [payment] = await paymentsOf(bed.server, invoice.id);
    assert.deepEqual([payment!.processor, payment!.processor_payment_id, payment!.status], ['stripe', pi!.id, 'succeeded']);
    const methods = (await globex.get('/v1/payment-methods')).body.data;
    assert.deepEqual(
      methods.map((m: any) => [m.id, m.card.brand, m.card.last4, m.isDefault]),
      [[res.body.subscription.defaultPaymentMethodId, 'visa', '4242', true]],
    );
    // Stripe's webhook reports what is already recorded: acknowledged, nothing done twice.
    await bed.fake.webhooks.settled();
    const recorded = await bed.server.db.query<{ outcome: string }>("SELECT outcome FROM stripe_events WHERE type = 'payment_intent.succeeded' AND object_id = $1", [pi!.id]);
    assert.deepEqual(recorded.rows.map((r) => r.outcome), ['ignored']);
  });

  test('a declined card answers 402 with Stripe\'s decline code and leaves no subscription, invoice or card behind', async () => {
    const acme = await asBuyer(bed.server, 'acme-admin');
    const before = (await acme.get('/v1/subscriptions')).body.data.length;
    for (const [number, declineCode] of [
      [STRIPE_CARDS.insufficientFunds, 'insufficient_funds'],
      [STRIPE_CARDS.stolen, 'stolen_card'],
    ] as const) {
      const res = await acme.post('/v1/checkout', { ...STARTER, currency: 'EUR', payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, number) } });
      expectError(res, 402, 'card_declined', 'payment.stripePaymentMethodId');
      assert.equal(res.body.error.declineCode, declineCode);
    }
    assert.equal((await acme.get('/v1/subscriptions')).body.data.length, before);
    assert.equal((await acme.get('/v1/payment-methods')).body.data.length, 0);
    // Stripe's payment_intent.payment_failed for each decline arrives after the 402: acknowledged. Waiting for
    // them also keeps them from landing in the next tests' requests for the same company (on PostgreSQL one
    // could meet a later checkout's transaction: the cause of that test's flake under load).
    await bed.fake.webhooks.settled();
    const failed = bed.fake.webhooks.eventsOf('payment_intent.payment_failed').map((e) => e.id);
    assert.equal(failed.length, 2);
    assert.deepEqual(bed.fake.webhooks.deliveries.filter((d) => failed.includes(d.eventId)).map((d) => d.status), [200, 200]);
  });

  test('a card that asks for 3-D Secure answers a next action; once the buyer completes it, confirming settles the checkout', async () => {
    const acme = await asBuyer(bed.server, 'acme-admin');
    bed.fake.webhooks.hold();
    try {
      const res = await acme.post('/v1/checkout', {
        ...STARTER,
        currency: 'EUR',
        payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.authenticateAlways) },
      });
      expectStatus(res, 200);
      assert.equal(res.body.status, 'requires_action');
      assert.equal(res.body.subscription.status, 'incomplete');
      const { nextAction } = res.body;
      assert.equal(nextAction.type, 'stripe_confirm');
      assert.match(nextAction.clientSecret, /^pi_\w+_secret_\w+$/);
      assert.match(nextAction.paymentId, /^pay_/);
      const pi = bed.fake.state.paymentIntents.get(nextAction.clientSecret.split('_secret_')[0])!;
      assert.equal(pi.status, 'requires_action');

      assert.equal((await authenticateInBrowser(bed.fake, nextAction.clientSecret)).status, 'succeeded');
      const confirmed = await acme.post(`/v1/payments/${nextAction.paymentId}/confirm`, {});
      expectStatus(confirmed, 200);
      assert.equal(confirmed.body.status, 'succeeded');
      assert.equal((await acme.get(`/v1/subscriptions/${res.body.subscription.id}`)).body.status, 'active');
      assert.equal((await acme.get(`/v1/invoices/${res.body.invoiceId}`)).body.status, 'paid');
      // The webhook arrives after the browser: it finds the payment settled.
      for (const event of bed.fake.webhooks.eventsOf('payment_intent.succeeded').filter((e) => (e.data.object as Stripe.PaymentIntent).id === pi.id)) {
        assert.deepEqual(await bed.fake.webhooks.deliver(event), [200]);
      }
      const outcomes = await bed.server.db.query<{ outcome: string }>('SELECT outcome FROM stripe_events WHERE object_id = $1 AND type = $2', [pi.id, 'payment_intent.succeeded']);
      assert.deepEqual(outcomes.rows.map((r) => r.outcome), ['ignored']);
      // Confirming again answers the state, and nothing is charged twice.
      assert.equal((await acme.post(`/v1/payments/${nextAction.paymentId}/confirm`, {})).body.status, 'succeeded');
      assert.equal(intentsOf(res.body.invoiceId).length, 1);
    } finally {
      bed.fake.webhooks.release();
    }
  });

  test('when the webhook arrives before the browser comes back, it settles the checkout by itself', async () => {
    await bed.fake.webhooks.settled();
    const acme = await asBuyer(bed.server, 'acme-purchaser');
    const res = await acme.post('/v1/checkout', {
      planId: IDS.consumables,
      currency: 'EUR',
      recurring: MONTHLY,
      payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.authenticateOnce) },
    });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'requires_action');
    await authenticateInBrowser(bed.fake, res.body.nextAction.clientSecret);
    await bed.fake.webhooks.settled();
    assert.equal((await acme.get(`/v1/subscriptions/${res.body.subscription.id}`)).body.status, 'active');
    const [payment] = await paymentsOf(bed.server, res.body.invoiceId);
    assert.equal(payment!.status, 'succeeded');
    // The browser's confirmation afterwards just reads the result.
    const confirmed = await acme.post(`/v1/payments/${res.body.nextAction.paymentId}/confirm`, {});
    assert.equal(confirmed.body.status, 'succeeded');
  });

  test('failing 3-D Secure leaves the invoice open and the subscription incomplete; the payment reads as failed', async () => {
    const acme = await asBuyer(bed.server, 'acme-admin');
    const res = await acme.post('/v1/checkout', {
      ...STARTER,
      currency: 'EUR',
      payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.authenticateAlways) },
    });
    await authenticateInBrowser(bed.fake, res.body.nextAction.clientSecret, 'fail');
    await bed.fake.webhooks.settled();
    const confirmed = await acme.post(`/v1/payments/${res.body.nextAction.paymentId}/confirm`, {});
    expectStatus(confirmed, 200);
    assert.equal(confirmed.body.status, 'failed');
    assert.equal(confirmed.body.failureCode, 'authentication_failure');
    assert.equal((await acme.get(`/v1/subscriptions/${res.body.subscription.id}`)).body.status, 'incomplete');
    assert.equal((await acme.get(`/v1/invoices/${res.body.invoiceId}`)).body.status, 'open');
  });

  test('what the buyer sends is checked before Stripe is asked to charge: unknown, foreign or malformed ids, test cards', async () => {
    const globex = await asBuyer(bed.server, 'globex-purchaser');
    const acmeCustomerCard = await browserCard(bed.fake, STRIPE_CARDS.visa);
    const acmeCustomer = await stripeCustomerOf(bed.server, 'co_acme');
    await bed.stripe.paymentMethods.attach(acmeCustomerCard, { customer: acmeCustomer! });
    const charges = bed.fake.state.paymentIntents.size;
    const cases: [unknown, number, string, string][] = [
      [{ stripePaymentMethodId: 'pm_doesNotExist123' }, 400, 'payment_method_invalid', 'payment.stripePaymentMethodId'],
      [{ stripePaymentMethodId: acmeCustomerCard }, 400, 'payment_method_invalid', 'payment.stripePaymentMethodId'],
      [{ stripePaymentMethodId: 'card_../../v1/customers' }, 400, 'payment_method_invalid', 'payment.stripePaymentMethodId'],
      [{ testCard: { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' } }, 400, 'test_card_not_accepted', 'payment.testCard'],
      [{}, 400, 'payment_method_required', 'payment.stripePaymentMethodId'],
    ];
    for (const [card, status, code, param] of cases) {
      expectError(await globex.post('/v1/checkout', { ...STARTER, payment: { method: 'card', ...(card as object) } }), status, code, param);
    }
    assert.equal(bed.fake.state.paymentIntents.size, charges, 'nothing was charged');
  });

  test('Stripe unreachable: checkout answers 503 and the recorded attempt is charged once when re-issued', async () => {
    const globex = await asBuyer(bed.server, 'globex-purchaser');
    const pm = await browserCard(bed.fake, STRIPE_CARDS.mastercard);
    bed.fake.inject({ method: 'POST', path: '/v1/payment_intents', kind: 'api_error', times: 3 });
    const res = await globex.post('/v1/checkout', { ...STARTER, quantity: 3, payment: { method: 'card', stripePaymentMethodId: pm } });
    expectError(res, 503, 'processor_unavailable');
    const pending = (await bed.server.db.query<any>("SELECT * FROM payments WHERE status = 'pending' AND company_id = 'co_globex'")).rows;
    assert.equal(pending.length, 1);
    assert.equal(intentsOf(pending[0].invoice_id).length, 0, 'Stripe answered 500 without charging');

    // The sweep re-issues the attempt with its key; Stripe is back.
    const method = (await bed.server.db.query<PaymentMethodRow>('SELECT * FROM payment_methods WHERE id = $1', [pending[0].payment_method_id])).rows[0]!;
    const processor = paymentProcessor(bed.server.db, bed.server.config);
    const result = await issueAttempt(processor, pending[0], method);
    assert.equal(result?.status, 'succeeded');
    assert.equal((await issueAttempt(processor, pending[0], method))?.status, 'succeeded', 'a second re-issue is replayed');
    await bed.server.db.transaction((tx) => settleAttempt(tx, { payment: pending[0], result: result!, at: new Date(), mode: 'test', policy: bed.server.config.prorationPolicy }));
    assert.equal(intentsOf(pending[0].invoice_id).length, 1, 'one PaymentIntent, however often the attempt was issued');
    const subscriptions = (await globex.get('/v1/subscriptions')).body.data.filter((s: any) => s.quantity === 3);
    assert.deepEqual(subscriptions.map((s: any) => s.status), ['active']);
  });
});
