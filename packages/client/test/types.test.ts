// Compile-time checks of the client's method types (the typecheck suite runs them), and at run time the
// same calls: the valid ones send what their types promise, the ones the types refuse are refused.
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

/** The calls the types allow, then the ones they refuse; answers in order: the allowed ones' error codes (none), the refused ones'. */
async function calls(client: SubkitClient) {
  const allowed = await Promise.all([
    client.getCatalog(),
    client.listInvoices({ query: { limit: 10, status: 'open' } }),
    client.resumeSubscription({ params: { subscriptionId: 'sub_1' } }),
    client.changeSubscription({ params: { subscriptionId: 'sub_1' }, body: { expectedVersion: 1, quantity: 2 }, idempotencyKey: 'k' }),
  ]);
  const refused = await Promise.all([
    // @ts-expect-error path params are required
    client.getSubscription(),
    // @ts-expect-error a body field of the wrong type
    client.changeSubscription({ params: { subscriptionId: 'sub_1' }, body: { expectedVersion: '1' } }),
    // @ts-expect-error the checkout body needs a payment
    client.createCheckout({ body: { planId: 'p', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 } } }),
  ]);
  // @ts-expect-error GETs take no idempotency key
  const unkeyed = await client.getCatalog({ idempotencyKey: 'k' });
  return { allowed, refused, unkeyed };
}

test('the typed methods send what their types promise, and refuse what the types refuse', async () => {
  const { client, seen } = testClient(() => json(500, {}), { retry: { retries: 0 } });
  const { allowed, refused, unkeyed } = await calls(client);
  assert.deepEqual(allowed.map((r) => r.error?.status), [500, 500, 500, 500], 'every allowed call reached the server');
  assert.deepEqual(refused.map((r) => [r.error?.type, r.error?.code]), Array(3).fill(['validation_error', 'request_invalid']));
  assert.equal(unkeyed.error?.status, 500);
  assert.deepEqual(
    seen.map((r) => `${r.method} ${r.url.pathname}${r.url.search} ${r.headers.get('idempotency-key') ?? '-'}`),
    ['GET /v1/catalog -', 'GET /v1/invoices?limit=10&status=open -', `POST /v1/subscriptions/sub_1/resume ${seen[2]!.headers.get('idempotency-key')}`, 'POST /v1/subscriptions/sub_1/change k', 'GET /v1/catalog -'],
  );
  assert.ok(seen[2]!.headers.get('idempotency-key'), 'a mutation gets a generated key');
});
