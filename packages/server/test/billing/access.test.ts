import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { asBuyer, CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY, starterByInvoice } from './helpers.js';

describe('billing roles and company scoping', () => {
  let server: TestServer;
  let subId: string;
  let invoiceId: string;
  let paymentMethodId: string;
  before(async () => {
    server = await startTestServer();
    const admin = await asBuyer(server, 'acme-admin');
    const result = await checkout(admin, starterByInvoice());
    subId = result.subscription.id;
    invoiceId = result.invoiceId;
    paymentMethodId = (await admin.post('/v1/payment-methods', { testCard: card(CARDS.success) })).body.paymentMethod.id;
  });
  after(() => server.close());

  /** Every guarded billing call against Acme's objects, with the role that may make it. */
  const calls = () =>
    [
      ['checkout', 'purchaser', 'POST', '/v1/checkout', starterByInvoice()],
      ['checkout preview', 'purchaser', 'POST', '/v1/checkout/preview', starterByInvoice()],
      ['change preview', 'purchaser', 'POST', `/v1/subscriptions/${subId}/change/preview`, { expectedVersion: 1, quantity: 6 }],
      ['change', 'purchaser', 'POST', `/v1/subscriptions/${subId}/change`, { expectedVersion: 99, quantity: 6 }],
      ['pause', 'purchaser', 'POST', `/v1/subscriptions/${subId}/pause`, { expectedVersion: 99 }],
      ['skip', 'purchaser', 'POST', `/v1/subscriptions/${subId}/skip`, { expectedVersion: 99 }],
      ['pay invoice', 'purchaser', 'POST', `/v1/invoices/${invoiceId}/pay`, { paymentMethodId: 'pm_missing' }],
      ['cancel', 'billing_admin', 'POST', `/v1/subscriptions/${subId}/cancel`, { expectedVersion: 99, reason: 'other' }],
      ['retention offers', 'billing_admin', 'GET', `/v1/subscriptions/${subId}/retention-offers`, undefined],
      ['reactivate', 'billing_admin', 'POST', `/v1/subscriptions/${subId}/reactivate`, { expectedVersion: 99 }],
      ['set up card', 'billing_admin', 'POST', '/v1/payment-methods', { testCard: card(CARDS.decline) }],
      ['default card', 'billing_admin', 'POST', `/v1/payment-methods/${paymentMethodId}/default`, {}],
      ['remove card', 'billing_admin', 'DELETE', '/v1/payment-methods/pm_missing', undefined],
    ] as const;
  const RANK = { viewer: 0, purchaser: 1, billing_admin: 2 } as const;

  for (const [customer, role] of [
    ['acme-viewer', 'viewer'],
    ['acme-purchaser', 'purchaser'],
    ['acme-admin', 'billing_admin'],
  ] as const) {
    test(`${role}: 403 exactly where the role falls short`, async () => {
      const client = await asBuyer(server, customer);
      for (const [name, needed, method, path, body] of calls()) {
        const res = method === 'GET' ? await client.get(path) : method === 'DELETE' ? await client.del(path) : await client.post(path, body);
        if (RANK[role] < RANK[needed]) {
          expectError(res, 403, 'insufficient_role');
        } else {
          // Allowed: whatever the answer (the bodies above are built to fail safely), it is not a permission error.
          assert.notEqual(res.status, 403, `${role} may ${name}: ${JSON.stringify(res.body)}`);
          assert.notEqual(res.status, 500, `${role} ${name}: ${JSON.stringify(res.body)}`);
        }
      }
    });
  }

  test('a viewer can read subscriptions, invoices, the PDF, payment methods and usage', async () => {
    const viewer = await asBuyer(server, 'acme-viewer');
    for (const path of ['/v1/subscriptions', `/v1/subscriptions/${subId}`, '/v1/invoices', `/v1/invoices/${invoiceId}`, `/v1/invoices/${invoiceId}/pdf`, '/v1/invoices/export.csv', '/v1/payment-methods', `/v1/subscriptions/${subId}/usage`, '/v1/credit-notes']) {
      expectStatus(await viewer.get(path), 200);
    }
  });

  test("another company's subscription, invoice, payment method and payment answer 404, and its lists stay empty", async () => {
    const globex = await asBuyer(server, 'globex-admin');
    const notFound = [
      await globex.get(`/v1/subscriptions/${subId}`),
      await globex.get(`/v1/subscriptions/${subId}/usage`),
      await globex.get(`/v1/subscriptions/${subId}/retention-offers`),
      await globex.post(`/v1/subscriptions/${subId}/change/preview`, { expectedVersion: 1, quantity: 6 }),
      await globex.post(`/v1/subscriptions/${subId}/change`, { expectedVersion: 1, quantity: 6 }),
      await globex.post(`/v1/subscriptions/${subId}/pause`, {}),
      await globex.post(`/v1/subscriptions/${subId}/cancel`, { reason: 'other', when: 'now' }),
      await globex.get(`/v1/invoices/${invoiceId}`),
      await globex.get(`/v1/invoices/${invoiceId}/pdf`),
      await globex.post(`/v1/invoices/${invoiceId}/pay`, {}),
      await globex.post(`/v1/payment-methods/${paymentMethodId}/default`, {}),
      await globex.del(`/v1/payment-methods/${paymentMethodId}`),
    ];
    for (const res of notFound) expectError(res, 404, 'resource_missing');
    assert.deepEqual((await globex.get('/v1/subscriptions')).body.data, []);
    assert.deepEqual((await globex.get('/v1/invoices')).body.data, []);
    assert.deepEqual((await globex.get('/v1/payment-methods')).body.data, []);
    assert.equal((await globex.get('/v1/invoices/export.csv')).body.split('\r\n').filter((l: string) => l).length, 1);
    // Acme's subscription is untouched.
    const acme = await asBuyer(server, 'acme-viewer');
    const sub = (await acme.get(`/v1/subscriptions/${subId}`)).body;
    assert.equal(sub.status, 'active');
    assert.equal(sub.quantity, 5);
  });

  test("confirming another company's payment answers 404", async () => {
    const globex = await asBuyer(server, 'globex-admin');
    const sca = await checkout(globex, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, payment: { method: 'card', testCard: card(CARDS.scaAlways) } });
    const acme = await asBuyer(server, 'acme-admin');
    expectError(await acme.post(`/v1/payments/${sca.nextAction.paymentId}/confirm`, { outcome: 'approve' }), 404, 'resource_missing');
  });

  test('usage records need the secret key, not a buyer session', async () => {
    const admin = await asBuyer(server, 'acme-admin');
    const res = await admin.post('/v1/usage-records', { subscriptionId: subId, metric: 'service_hours', quantity: 1 });
    assert.ok(res.status === 401 || res.status === 403, `status ${res.status}`);
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
