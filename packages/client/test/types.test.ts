// Compile-time checks of the client's method types (the typecheck suite runs them); the runtime part only
// confirms the calls exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Catalog, Subscription } from '@subkit/core/schemas';
import type { Result, SubkitClient } from '../src/index.js';
import { json, testClient } from './helpers.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const assertType = <T extends true>(_: T) => undefined;

assertType<Equals<Awaited<ReturnType<SubkitClient['getCatalog']>>, Result<Catalog>>>(true);
assertType<Equals<Awaited<ReturnType<SubkitClient['getSubscription']>>, Result<Subscription>>>(true);
assertType<Equals<Awaited<ReturnType<SubkitClient['getInvoicePdf']>>, Result<Blob>>>(true);

function compileOnly(client: SubkitClient) {
  void client.getCatalog();
  void client.listInvoices({ query: { limit: 10, status: 'open' } });
  void client.resumeSubscription({ params: { subscriptionId: 'sub_1' } });
  void client.changeSubscription({ params: { subscriptionId: 'sub_1' }, body: { expectedVersion: 1, quantity: 2 }, idempotencyKey: 'k' });
  // @ts-expect-error path params are required
  void client.getSubscription();
  // @ts-expect-error a body field of the wrong type
  void client.changeSubscription({ params: { subscriptionId: 'sub_1' }, body: { expectedVersion: '1' } });
  // @ts-expect-error GETs take no idempotency key
  void client.getCatalog({ idempotencyKey: 'k' });
  // @ts-expect-error the checkout body needs a payment
  void client.createCheckout({ body: { planId: 'p', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 } } });
}

test('the typed methods exist at runtime', () => {
  const { client } = testClient(() => json(200, {}));
  assert.equal(typeof compileOnly, 'function');
  assert.equal(typeof client.changeSubscription, 'function');
});
