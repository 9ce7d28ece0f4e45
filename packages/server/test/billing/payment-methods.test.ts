import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateKeys } from '../../src/auth/keys.js';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { asBuyer, CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY } from './helpers.js';

describe('payment methods', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('the first saved card becomes the default; makeDefault moves it', async () => {
    const admin = await asBuyer(server, 'globex-admin');
    const first = await admin.post('/v1/payment-methods', { testCard: card(CARDS.success) });
    expectStatus(first, 200);
    assert.equal(first.body.status, 'succeeded');
    assert.equal(first.body.paymentMethod.isDefault, true);
    const second = await admin.post('/v1/payment-methods', { testCard: { ...card('5555555555554444'), expMonth: 3, expYear: 2031 } });
    assert.equal(second.body.paymentMethod.isDefault, false);
    assert.deepEqual(second.body.paymentMethod.card, { brand: 'mastercard', last4: '4444', expMonth: 3, expYear: 2031 });
    const third = await admin.post('/v1/payment-methods', { testCard: card(CARDS.scaOnce), makeDefault: true });
    assert.equal(third.body.paymentMethod.isDefault, true);
    const list = (await admin.get('/v1/payment-methods')).body.data;
    assert.deepEqual(
      list.map((m: any) => [m.id, m.isDefault]),
      [
        [third.body.paymentMethod.id, true],
        [second.body.paymentMethod.id, false],
        [first.body.paymentMethod.id, false],
      ],
    );
    const made = await admin.post(`/v1/payment-methods/${second.body.paymentMethod.id}/default`, {});
    expectStatus(made, 200);
    assert.equal(made.body.isDefault, true);
    const after = (await admin.get('/v1/payment-methods')).body.data;
    assert.deepEqual(after.filter((m: any) => m.isDefault).map((m: any) => m.id), [second.body.paymentMethod.id]);
  });

  test('setting up a declining, unknown or expired card is refused', async () => {
    const admin = await asBuyer(server, 'globex-admin');
    const declined = await admin.post('/v1/payment-methods', { testCard: card(CARDS.insufficientFunds) });
    expectStatus(declined, 402);
    assert.equal(declined.body.error.declineCode, 'insufficient_funds');
    expectError(await admin.post('/v1/payment-methods', { testCard: card('4012888888881881') }), 402, 'card_not_test_card', 'testCard.number');
    expectError(await admin.post('/v1/payment-methods', { testCard: { ...card(CARDS.success), expYear: 2020 } }), 400, 'invalid_expiry_year', 'testCard.expYear');
    expectError(await admin.post('/v1/payment-methods', {}), 400, 'parameter_missing', 'testCard');
    expectError(await admin.post('/v1/payment-methods', { stripePaymentMethodId: 'pm_123' }), 400, 'stripe_payments_required', 'stripePaymentMethodId');
  });

  test('the card a running subscription is charged to cannot be removed until another card is the default', async () => {
    const fresh = await startTestServer();
    try {
      const admin = await asBuyer(fresh, 'globex-admin');
      const result = await checkout(admin, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: { method: 'card', testCard: card(CARDS.success) } });
      const used = result.subscription.defaultPaymentMethodId;
      expectError(await admin.del(`/v1/payment-methods/${used}`), 409, 'payment_method_in_use');

      const other = (await admin.post('/v1/payment-methods', { testCard: card('5555555555554444') })).body.paymentMethod;
      expectStatus(await admin.post(`/v1/payment-methods/${other.id}/default`, {}), 200);
      const sub = (await admin.get(`/v1/subscriptions/${result.subscription.id}`)).body;
      assert.equal(sub.defaultPaymentMethodId, other.id);

      const removed = await admin.del(`/v1/payment-methods/${used}`);
      expectStatus(removed, 200);
      assert.deepEqual(removed.body, { id: used, object: 'payment_method', deleted: true });
      assert.deepEqual((await admin.get('/v1/payment-methods')).body.data.map((m: any) => m.id), [other.id]);
      expectError(await admin.del(`/v1/payment-methods/${used}`), 404, 'resource_missing');
      expectError(await admin.del(`/v1/payment-methods/${other.id}`), 409, 'payment_method_in_use');

      // Once the subscription is canceled, its card is free to go.
      expectStatus(await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'other', when: 'now' }), 200);
      expectStatus(await admin.del(`/v1/payment-methods/${other.id}`), 200);
    } finally {
      await fresh.close();
    }
  });

  test('test cards are refused in live mode', async () => {
    // Live mode always collects with Stripe (it does not start otherwise); these keys are never called.
    const stripe = { secretKey: 'sk_live_never_called', publishableKey: 'pk_live_never_called', webhookSecret: 'whsec_never_called' };
    const live = await startTestServer({ config: { ...generateKeys('live'), payments: 'stripe', stripe } });
    try {
      assert.equal(live.config.mode, 'live');
      const admin = await asBuyer(live, 'globex-admin');
      expectError(await admin.post('/v1/payment-methods', { testCard: card(CARDS.success) }), 400, 'livemode_test_card');
      const res = await admin.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: { method: 'card', testCard: card(CARDS.success) } });
      expectError(res, 400, 'livemode_test_card', 'payment.testCard');
      assert.deepEqual((await admin.get('/v1/subscriptions')).body.data, []);
    } finally {
      await live.close();
    }
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
