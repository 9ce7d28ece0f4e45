// The fake Stripe the payment tests run against, checked through stripe-node itself: if it drifted from
// Stripe's documented behaviour, every Stripe test built on it would prove less.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import { startFakeStripe, type FakeStripe } from '@subkit/fake-stripe';

/** A fetch answer's JSON, loosely typed for assertions. */
const json = (res: Response): Promise<any> => res.json();

describe('the fake Stripe (through stripe-node)', () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  let customer: string;
  before(async () => {
    fake = await startFakeStripe();
    stripe = new Stripe(fake.secretKey, { ...fake.stripeNodeConfig, maxNetworkRetries: 0 });
    customer = (await stripe.customers.create({ name: 'Cards' })).id;
  });
  after(() => fake.close());

  async function cardError(promise: Promise<unknown>): Promise<Stripe.errors.StripeCardError> {
    try {
      await promise;
    } catch (err) {
      assert.ok(err instanceof Stripe.errors.StripeCardError, `expected a card error, got ${String(err)}`);
      return err;
    }
    assert.fail('expected a card error');
  }

  const offSession = (paymentMethod: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
    stripe.paymentIntents.create({ amount: 2500, currency: 'eur', customer, payment_method: paymentMethod, confirm: true, off_session: true, ...extra });

  test('each documented decline card fails with its code, leaving the PaymentIntent awaiting a new payment method', async () => {
    const table: [string, string, string][] = [
      ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
      ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
      ['pm_card_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
      ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
      ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
      ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error'],
      ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent'],
    ];
    for (const [token, code, declineCode] of table) {
      const err = await cardError(offSession(token));
      assert.equal(err.statusCode, 402);
      assert.equal(err.code, code, token);
      assert.equal(err.decline_code, declineCode, token);
      assert.equal(err.payment_intent?.status, 'requires_payment_method');
      assert.equal(err.payment_intent?.last_payment_error?.decline_code, declineCode);
      const charge = fake.state.charges.get(err.payment_intent!.latest_charge as string)!;
      assert.equal(charge.status, 'failed');
    }
  });

  test('4000000000000341 attaches to a customer, then every charge fails', async () => {
    const pm = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    assert.equal(pm.customer, customer);
    const err = await cardError(offSession(pm.id));
    assert.equal(err.decline_code, 'generic_decline');
    const setupRefused = await cardError(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer }));
    assert.equal(setupRefused.decline_code, 'generic_decline');
  });

  test('4000002500003155 asks for 3-D Secure once; set up for later, off-session charges go through', async () => {
    const setup = await stripe.setupIntents.create({ customer, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, usage: 'off_session' });
    assert.equal(setup.status, 'requires_action');
    assert.equal(setup.next_action?.type, 'use_stripe_sdk');
    const authenticated = await fetch(`${fake.url}/_fake/setup_intents/${setup.id}/authenticate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_secret=${setup.client_secret}&outcome=approve`,
    });
    assert.equal((await json(authenticated)).status, 'succeeded');
    const pm = setup.payment_method as string;
    assert.equal((await offSession(pm)).status, 'succeeded');
    const onSession = await stripe.paymentIntents.create({ amount: 2500, currency: 'eur', customer, payment_method: pm, confirm: true });
    assert.equal(onSession.status, 'requires_action');
  });

  test('4000002760003184 always asks: off-session it fails with authentication_required, on-session it waits for the buyer', async () => {
    const pm = (await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer })).id;
    const err = await cardError(offSession(pm));
    assert.equal(err.code, 'authentication_required');
    assert.equal(err.payment_intent?.status, 'requires_payment_method');
    const retried = await stripe.paymentIntents.confirm(err.payment_intent!.id, { payment_method: pm });
    assert.equal(retried.status, 'requires_action');
    const failed = await fetch(`${fake.url}/_fake/payment_intents/${retried.id}/authenticate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=fail',
    });
    const body = await json(failed);
    assert.equal(body.status, 'requires_payment_method');
    assert.equal(body.last_payment_error.code, 'payment_intent_authentication_failure');
  });

  test('cancel: with one of Stripe\'s reasons; a succeeded or canceled intent is refused (payment_intent_unexpected_state, the intent in the error)', async () => {
    const pm = (await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer })).id;
    const open = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer, payment_method: pm, confirm: true, use_stripe_sdk: true });
    assert.equal(open.status, 'requires_action');
    await assert.rejects(stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'bored' as 'abandoned' }), (err: any) => err.statusCode === 400 && err.param === 'cancellation_reason');
    const canceled = await stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'abandoned' });
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.cancellation_reason, 'abandoned');
    assert.equal(typeof canceled.canceled_at, 'number');
    assert.deepEqual(fake.webhooks.eventsOf('payment_intent.canceled').map((e) => (e.data.object as Stripe.PaymentIntent).id).slice(-1), [open.id]);
    await assert.rejects(stripe.paymentIntents.cancel(open.id), (err: any) => err.code === 'payment_intent_unexpected_state' && err.raw.payment_intent?.status === 'canceled');

    const paid = await offSession('pm_card_visa');
    assert.equal(paid.status, 'succeeded');
    await assert.rejects(
      stripe.paymentIntents.cancel(paid.id),
      (err: any) =>
        err.statusCode === 400 && err.code === 'payment_intent_unexpected_state' && /status of succeeded/.test(err.message) && err.raw.payment_intent?.id === paid.id,
    );
    assert.equal((await stripe.paymentIntents.retrieve(paid.id)).status, 'succeeded');
  });

  test('4000000000000259 is charged, then disputed', async () => {
    const pi = await offSession('pm_card_createDispute');
    assert.equal(pi.status, 'succeeded');
    await new Promise((r) => setTimeout(r, 20));
    const dispute = fake.webhooks.eventsOf('charge.dispute.created').at(-1)?.data.object as Stripe.Dispute;
    assert.equal(dispute.payment_intent, pi.id);
    assert.equal(fake.state.charges.get(pi.latest_charge as string)?.disputed, true);
  });

  test('a refund in the Dashboard: refund.created, then charge.refunded with the new amount_refunded and no refunds list (API ≥ 2022-11-15); listed by charge; settled later', async () => {
    const pi = await offSession('pm_card_visa');
    const charge = pi.latest_charge as string;
    const dashboard = (path: string, params: Record<string, string>) =>
      fetch(`${fake.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${fake.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() }).then(json);
    const first: Stripe.Refund = await dashboard(`/_fake/charges/${charge}/refund`, { amount: '1000' });
    assert.deepEqual([first.object, first.amount, first.status, first.payment_intent, first.metadata], ['refund', 1000, 'succeeded', pi.id, {}]);
    const pending: Stripe.Refund = await dashboard(`/_fake/charges/${charge}/refund`, { status: 'pending' });
    assert.deepEqual([pending.amount, pending.status], [1500, 'pending'], 'what is left, pending');
    const refunded = fake.webhooks.eventsOf('charge.refunded').filter((e) => (e.data.object as Stripe.Charge).id === charge);
    assert.deepEqual(refunded.map((e) => [(e.data.object as Stripe.Charge).amount_refunded, (e.data.object as Stripe.Charge).refunded, 'refunds' in e.data.object]), [[1000, false, false], [2500, true, false]]);
    assert.deepEqual(fake.webhooks.eventsOf('refund.created').slice(-2).map((e) => (e.data.object as Stripe.Refund).id), [first.id, pending.id]);
    assert.deepEqual((await stripe.refunds.list({ charge })).data.map((r) => r.id), [pending.id, first.id], 'newest first');
    assert.equal((await dashboard(`/_fake/charges/${charge}/refund`, {})).error.code, 'charge_already_refunded');

    await dashboard(`/_fake/refunds/${pending.id}/settle`, { status: 'succeeded' });
    assert.equal((await stripe.refunds.retrieve(pending.id)).status, 'succeeded');
    await dashboard(`/_fake/refunds/${first.id}/settle`, { status: 'failed' });
    assert.deepEqual(fake.webhooks.eventsOf('refund.failed').map((e) => (e.data.object as Stripe.Refund).id), [first.id]);
    assert.equal((await stripe.charges.retrieve(charge)).amount_refunded, 1500, 'a failed refund is no longer refunded');
  });

  test('an idempotency key replays the first answer and refuses other parameters', async () => {
    const key = `attempt-${Date.now()}`;
    const a = await stripe.paymentIntents.create({ amount: 2500, currency: 'eur', customer, payment_method: 'pm_card_visa', confirm: true, off_session: true }, { idempotencyKey: key });
    const b = await stripe.paymentIntents.create({ amount: 2500, currency: 'eur', customer, payment_method: 'pm_card_visa', confirm: true, off_session: true }, { idempotencyKey: key });
    assert.equal(a.id, b.id);
    assert.equal([...fake.state.charges.values()].filter((c) => c.payment_intent === a.id).length, 1);
    await assert.rejects(
      stripe.paymentIntents.create({ amount: 9900, currency: 'eur', customer, payment_method: 'pm_card_visa', confirm: true, off_session: true }, { idempotencyKey: key }),
      (err: Stripe.errors.StripeError) => err.type === 'StripeIdempotencyError',
    );
  });

  test('an answer lost on the way back is retried by stripe-node with the same key: one charge', async () => {
    const retrying = new Stripe(fake.secretKey, { ...fake.stripeNodeConfig, maxNetworkRetries: 2 });
    fake.inject({ method: 'POST', path: '/v1/payment_intents', kind: 'drop_response' });
    const pi = await retrying.paymentIntents.create(
      { amount: 4200, currency: 'eur', customer, payment_method: 'pm_card_visa', confirm: true, off_session: true },
      { idempotencyKey: `lost-${Date.now()}` },
    );
    assert.equal(pi.status, 'succeeded');
    const tries = fake.requests.filter((r) => r.path === '/v1/payment_intents' && r.params.amount === '4200');
    assert.deepEqual(
      tries.map((r) => [r.status, r.replayed]),
      [
        [0, false],
        [200, true],
      ],
      'the first answer was cut, the retry was replayed',
    );
    assert.equal([...fake.state.paymentIntents.values()].filter((p) => p.amount === 4200).length, 1);
  });

  test('card numbers are taken from Stripe.js (publishable key) only; a live-mode account declines test cards', async () => {
    const body = 'type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034&card[cvc]=123';
    const asServer = await fetch(`${fake.url}/v1/payment_methods`, { method: 'POST', headers: { authorization: `Bearer ${fake.secretKey}` }, body });
    assert.equal(asServer.status, 400);
    const asBrowser = await fetch(`${fake.url}/v1/payment_methods`, { method: 'POST', headers: { authorization: `Bearer ${fake.publishableKey}` }, body });
    assert.equal((await json(asBrowser)).card.last4, '4242');
    const wrongNumber = await fetch(`${fake.url}/v1/payment_methods`, { method: 'POST', headers: { authorization: `Bearer ${fake.publishableKey}` }, body: body.replace('4242424242424242', '4242424242424241') });
    assert.equal((await json(wrongNumber)).error.code, 'incorrect_number');

    const live = await startFakeStripe({ secretKey: `sk_live_fake_${Date.now()}` });
    try {
      const liveStripe = new Stripe(live.secretKey, { ...live.stripeNodeConfig, maxNetworkRetries: 0 });
      const liveCustomer = (await liveStripe.customers.create({})).id;
      const err = await cardError(liveStripe.paymentIntents.create({ amount: 2500, currency: 'eur', customer: liveCustomer, payment_method: 'pm_card_visa', confirm: true }));
      assert.equal(err.decline_code, 'live_mode_test_card');
    } finally {
      await live.close();
    }
  });

  test('gather: matching requests are answered only once all of them arrived', async () => {
    fake.gather({ method: 'GET', path: /^\/v1\/customers\/cus_/, count: 2 });
    let first = false;
    const one = stripe.customers.retrieve(customer).then(() => (first = true));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(first, false, 'held while alone');
    await Promise.all([one, stripe.customers.retrieve(customer)]);
    assert.equal(first, true);
    await stripe.customers.retrieve(customer);
  });
});
