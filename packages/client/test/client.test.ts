import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buyerEndpoints } from '@subkit/core/api';
import { createClient, getSharedClient, isSubkitError, parseRetryAfter } from '../src/index.js';
import { apiError, catalog, invoiceSummary, json, page, subscription, testClient } from './helpers.js';

const checkoutBody = {
  planId: 'plan_team', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 5,
  payment: { method: 'invoice', poNumber: 'PO-1' },
} as const;

describe('createClient: requests', () => {
  test('has one method per buyer endpoint, with the same names', () => {
    const { client } = testClient(() => json(200, {}));
    for (const name of Object.keys(buyerEndpoints)) assert.equal(typeof (client as unknown as Record<string, unknown>)[name], 'function', name);
  });

  test('GET catalog: publishable key as bearer, query serialized, locale sent, response parsed', async () => {
    const { client, seen } = testClient(() => json(200, catalog()), { locale: 'tr' });
    const result = await client.getCatalog({ query: { currency: 'EUR' } });
    assert.equal(result.ok, true);
    assert.equal(result.data?.products[0]?.plans[0]?.name, 'Team');
    const req = seen[0]!;
    assert.equal(req.method, 'GET');
    assert.equal(req.url.href, 'https://api.example/v1/catalog?currency=EUR');
    assert.equal(req.headers.get('authorization'), 'Bearer pk_test_123');
    assert.equal(req.headers.get('accept-language'), 'tr');
    assert.equal(req.headers.get('idempotency-key'), null);
  });

  test('path params are substituted and URL-encoded; numbers in queries serialized', async () => {
    const { client, seen } = testClient(() => json(200, page([invoiceSummary('in_1')])));
    await client.getSubscription({ params: { subscriptionId: 'sub/../x?y' } });
    assert.equal(seen[0]!.url.pathname, '/v1/subscriptions/sub%2F..%2Fx%3Fy');
    await client.listInvoices({ query: { limit: 10, status: 'open', cursor: 'c 1' } });
    assert.deepEqual(Object.fromEntries(seen[1]!.url.searchParams), { limit: '10', status: 'open', cursor: 'c 1' });
  });

  test('a mutation sends its JSON body with a generated Idempotency-Key (a new one per call)', async () => {
    const sub = subscription('sub_1');
    const { client, seen } = testClient(() => json(200, { object: 'checkout', status: 'succeeded', subscription: sub, invoiceId: 'in_1', nextAction: null }));
    const first = await client.createCheckout({ body: checkoutBody });
    assert.equal(first.ok, true);
    assert.equal(first.data?.subscription.id, 'sub_1');
    await client.createCheckout({ body: checkoutBody });
    assert.equal(seen[0]!.headers.get('content-type'), 'application/json');
    assert.deepEqual(seen[0]!.body, checkoutBody);
    const keys = seen.map((r) => r.headers.get('idempotency-key'));
    assert.match(keys[0]!, /^[0-9a-f-]{36}$/);
    assert.notEqual(keys[0], keys[1]);
  });

  test('a caller-given Idempotency-Key is sent as is', async () => {
    const { client, seen } = testClient(() => json(200, { id: 'pm_1', object: 'deleted', deleted: true }));
    await client.removePaymentMethod({ params: { paymentMethodId: 'pm_1' }, idempotencyKey: 'key-42' });
    assert.equal(seen[0]!.method, 'DELETE');
    assert.equal(seen[0]!.headers.get('idempotency-key'), 'key-42');
  });

  test('file downloads answer a Blob', async () => {
    const { client } = testClient(() => new Response('number,total\nINV-1,7500\n', { status: 200, headers: { 'content-type': 'text/csv' } }));
    const result = await client.exportInvoicesCsv({ query: { status: 'paid' } });
    assert.ok(result.ok);
    assert.ok(result.data instanceof Blob);
    assert.equal(await result.data.text(), 'number,total\nINV-1,7500\n');
  });
});

describe('createClient: validation', () => {
  test('an invalid request body is a validation_error naming the field, and nothing is sent', async () => {
    const { client, seen } = testClient(() => json(200, {}));
    const result = await client.createCheckout({ body: { ...checkoutBody, currency: 'euro' } });
    assert.equal(result.ok, false);
    assert.equal(result.error?.type, 'validation_error');
    assert.equal(result.error?.code, 'request_invalid');
    assert.equal(result.error?.param, 'currency');
    assert.equal(seen.length, 0);
  });

  test('a nested invalid field is named by its dot path', async () => {
    const { client, seen } = testClient(() => json(200, {}));
    const result = await client.createCheckout({
      body: { ...checkoutBody, billing: { companyName: 'Acme', taxId: { country: 'de', value: 'DE123456789' } } },
    });
    assert.equal(result.error?.param, 'billing.taxId.country');
    assert.equal(seen.length, 0);
  });

  test('invalid path params and queries are refused too', async () => {
    const { client, seen } = testClient(() => json(200, {}));
    const params = await client.getInvoice({ params: { invoiceId: '' } });
    assert.equal(params.error?.param, 'invoiceId');
    const query = await client.listInvoices({ query: { limit: 500 } });
    assert.equal(query.error?.param, 'limit');
    assert.equal(seen.length, 0);
  });

  test('a response that does not match the schema is a validation_error, never used', async () => {
    const broken = { ...catalog(), defaultCurrency: 12 };
    const { client } = testClient(() => json(200, broken, { 'request-id': 'req_9' }));
    const result = await client.getCatalog();
    assert.equal(result.ok, false);
    assert.equal(result.data, null);
    assert.equal(result.error?.type, 'validation_error');
    assert.equal(result.error?.code, 'response_invalid');
    assert.equal(result.error?.param, 'defaultCurrency');
    assert.equal(result.error?.status, 200);
    assert.equal(result.error?.requestId, 'req_9');
  });

  test('a float amount in a response is refused (money is integer minor units)', async () => {
    const { client } = testClient(() => json(200, subscription('sub_1', { nextInvoice: { date: '2026-02-01T00:00:00.000Z', amountDue: 75.5 } })));
    const result = await client.getSubscription({ params: { subscriptionId: 'sub_1' } });
    assert.equal(result.error?.type, 'validation_error');
    assert.equal(result.error?.param, 'nextInvoice.amountDue');
  });

  test('a body that is not JSON is a validation_error', async () => {
    const { client } = testClient(() => new Response('<html>oops</html>', { status: 200 }));
    const result = await client.getCatalog();
    assert.equal(result.error?.type, 'validation_error');
    assert.equal(result.error?.code, 'response_invalid');
  });
});

describe('createClient: error mapping', () => {
  const cases: [number, string, string, string][] = [
    [400, 'invalid_request_error', 'parameter_invalid', 'api_error'],
    [401, 'authentication_error', 'session_expired', 'auth_error'],
    [402, 'payment_error', 'card_declined', 'api_error'],
    [403, 'permission_error', 'forbidden', 'api_error'],
    [404, 'not_found_error', 'resource_missing', 'api_error'],
    [409, 'conflict_error', 'version_conflict', 'conflict_error'],
    [422, 'idempotency_error', 'idempotency_key_reused', 'api_error'],
    [429, 'rate_limit_error', 'rate_limited', 'rate_limited'],
    [500, 'api_error', 'internal', 'api_error'],
  ];
  for (const [status, serverType, code, type] of cases) {
    test(`${status} ${serverType} → ${type}`, async () => {
      const { client } = testClient(() => apiError(status, serverType, code, { param: 'quantity', declineCode: status === 402 ? 'insufficient_funds' : undefined }), { retry: { retries: 0 } });
      const result = await client.getSubscription({ params: { subscriptionId: 'sub_1' } });
      assert.equal(result.ok, false);
      const error = result.error!;
      assert.equal(error.type, type);
      assert.equal(error.status, status);
      assert.equal(error.code, code);
      assert.equal(error.serverType, serverType);
      assert.equal(error.param, 'quantity');
      assert.equal(error.requestId, 'req_123');
      assert.equal(error.declineCode, status === 402 ? 'insufficient_funds' : null);
      // A plain object: structured-clone and JSON safe, recognisable without instanceof.
      assert.equal(Object.getPrototypeOf(error), Object.prototype);
      assert.ok(isSubkitError(JSON.parse(JSON.stringify(error))));
    });
  }

  test("403 approval_required carries the policy's check (the checkout's approval step shows its limit)", async () => {
    const approval = { required: true, reasons: ['amount_due_now'], annualizedIncrease: 94_812, threshold: { currency: 'USD', amountDueNow: 5_000, annualizedIncrease: null } };
    const { client } = testClient(() => apiError(403, 'permission_error', 'approval_required', { approval }), { retry: { retries: 0 } });
    const result = await client.getCatalog();
    assert.equal(result.error?.code, 'approval_required');
    assert.deepEqual(result.error?.approval, approval);
    const other = await testClient(() => apiError(403, 'permission_error', 'forbidden'), { retry: { retries: 0 } }).client.getCatalog();
    assert.equal(other.error?.approval, null);
  });

  test('an error page that is not JSON still maps by status', async () => {
    const { client } = testClient(() => new Response('Bad gateway', { status: 502 }), { retry: { retries: 0 } });
    const result = await client.getCatalog();
    assert.equal(result.error?.type, 'api_error');
    assert.equal(result.error?.status, 502);
    assert.equal(result.error?.code, 'http_502');
  });

  test('a fetch failure is a network_error; calls never reject', async () => {
    const { client } = testClient(() => {
      throw new TypeError('fetch failed');
    }, { retry: { retries: 0 } });
    const result = await client.getCatalog();
    assert.equal(result.error?.type, 'network_error');
    assert.equal(result.error?.status, null);
  });
});

describe('createClient: retries', () => {
  test('in a browser, the failure step is fetched on idle after the first answer, once — a network failing later may not deliver it', async () => {
    const idle: (() => void)[] = [];
    const g = globalThis as { window?: unknown };
    g.window = { requestIdleCallback: (run: () => void) => void idle.push(run) };
    try {
      const { client } = testClient(() => json(200, catalog()));
      assert.equal((await client.getCatalog()).error, null);
      assert.equal((await client.getCatalog()).error, null);
      assert.equal(idle.length, 1);
      idle[0]!();
    } finally {
      delete g.window;
    }
  });

  test('a GET is retried on 503 up to `retries` times with growing full-jitter backoff', async () => {
    const { client, seen, sleeps } = testClient(() => apiError(503, 'api_error', 'unavailable'), { retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000 } });
    const result = await client.getCatalog();
    assert.equal(result.error?.status, 503);
    assert.equal(seen.length, 4);
    // random() = 0.5 → half of base·2^attempt.
    assert.deepEqual(sleeps, [50, 100, 200]);
  });

  test('backoff is capped by maxDelayMs and jitter spans [0, cap)', async () => {
    const randoms = [0, 0.999, 0.999];
    const { client, sleeps } = testClient(() => json(500, {}), {
      retry: { retries: 3, baseDelayMs: 1000, maxDelayMs: 1500 }, random: () => randoms.shift() ?? 0,
    });
    await client.getCatalog();
    assert.equal(sleeps[0], 0);
    assert.ok(sleeps[1]! >= 1400 && sleeps[1]! < 1500, String(sleeps[1]));
    assert.ok(sleeps[2]! >= 1400 && sleeps[2]! < 1500, String(sleeps[2]));
  });

  test('a GET recovers after a network failure and a 500', async () => {
    const { client, seen } = testClient((_, i) => {
      if (i === 0) throw new TypeError('fetch failed');
      if (i === 1) return json(500, {});
      return json(200, catalog());
    });
    const result = await client.getCatalog();
    assert.equal(result.ok, true);
    assert.equal(seen.length, 3);
  });

  test('429 honours Retry-After in seconds', async () => {
    const { client, seen, sleeps } = testClient((_, i) => (i === 0 ? apiError(429, 'rate_limit_error', 'rate_limited', {}, { 'retry-after': '3' }) : json(200, catalog())));
    const result = await client.getCatalog();
    assert.equal(result.ok, true);
    assert.equal(seen.length, 2);
    assert.deepEqual(sleeps, [3000]);
  });

  test('Retry-After as an HTTP date is honoured', async () => {
    const at = new Date(Date.now() + 4000).toUTCString();
    const { client, sleeps } = testClient((_, i) => (i === 0 ? json(503, {}, { 'retry-after': at }) : json(200, catalog())));
    await client.getCatalog();
    // HTTP dates have whole seconds: the wait is between 3 and 4 seconds, never the 150 ms backoff.
    assert.ok(sleeps[0]! > 2900 && sleeps[0]! <= 4000, String(sleeps[0]));
  });

  test('a Retry-After longer than maxDelayMs ends the retries and reports how long to wait', async () => {
    const { client, seen, sleeps } = testClient(() => apiError(429, 'rate_limit_error', 'rate_limited', {}, { 'retry-after': '120' }));
    const result = await client.getCatalog();
    assert.equal(result.error?.type, 'rate_limited');
    assert.equal(result.error?.retryAfterMs, 120_000);
    assert.equal(seen.length, 1);
    assert.deepEqual(sleeps, []);
  });

  test('parseRetryAfter reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
    assert.equal(parseRetryAfter('soon'), null);
    assert.equal(parseRetryAfter(null), null);
  });

  test('501 Not Implemented is not retried (it will not change)', async () => {
    const { client, seen } = testClient(() => apiError(501, 'api_error', 'not_implemented'));
    const result = await client.getCatalog();
    assert.equal(result.error?.status, 501);
    assert.equal(seen.length, 1);
  });

  test('400 is never retried', async () => {
    const { client, seen } = testClient(() => apiError(400, 'invalid_request_error', 'parameter_invalid'));
    await client.getCatalog();
    assert.equal(seen.length, 1);
  });

  test('a keyed mutation is retried with the SAME Idempotency-Key', async () => {
    const sub = subscription('sub_1');
    const { client, seen } = testClient((_, i) => {
      if (i === 0) throw new TypeError('socket hang up');
      if (i === 1) return apiError(503, 'api_error', 'unavailable');
      return json(200, { object: 'checkout', status: 'succeeded', subscription: sub, invoiceId: null, nextAction: null });
    });
    const result = await client.createCheckout({ body: checkoutBody });
    assert.equal(result.ok, true);
    assert.equal(seen.length, 3);
    const keys = new Set(seen.map((r) => r.headers.get('idempotency-key')));
    assert.equal(keys.size, 1);
    assert.match([...keys][0] ?? '', /^[0-9a-f-]{36}$/);
  });

  test('a mutation without a key (idempotencyKey: null) is not retried', async () => {
    const { client, seen } = testClient(() => apiError(503, 'api_error', 'unavailable'));
    const result = await client.payInvoice({ params: { invoiceId: 'in_1' }, body: {}, idempotencyKey: null });
    assert.equal(result.error?.status, 503);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.headers.get('idempotency-key'), null);
  });

  test('a mutation answered 400 or 402 is not retried', async () => {
    const { client, seen } = testClient(() => apiError(402, 'payment_error', 'card_declined'));
    await client.payInvoice({ params: { invoiceId: 'in_1' }, body: {} });
    assert.equal(seen.length, 1);
  });
});

describe('createClient: abort', () => {
  test('an already aborted signal sends nothing', async () => {
    const { client, seen } = testClient(() => json(200, catalog()));
    const result = await client.getCatalog({ signal: AbortSignal.abort() });
    assert.equal(result.error?.type, 'network_error');
    assert.equal(result.error?.code, 'aborted');
    assert.equal(seen.length, 0);
  });

  test('aborting during the request answers aborted', async () => {
    const controller = new AbortController();
    const { client, seen } = testClient((req) => new Promise<Response>((_, reject) => {
      req.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      controller.abort();
    }));
    const result = await client.getCatalog({ signal: controller.signal });
    assert.equal(result.error?.code, 'aborted');
    assert.equal(seen[0]!.signal, controller.signal);
  });

  test('aborting during the backoff stops retrying', async () => {
    const controller = new AbortController();
    const { client, seen } = testClient(() => json(503, {}), {
      sleep: async () => controller.abort(),
    });
    const result = await client.getCatalog({ signal: controller.signal });
    assert.equal(result.error?.code, 'aborted');
    assert.equal(seen.length, 1);
  });

  test('the default sleep wakes up on abort', async () => {
    const controller = new AbortController();
    const client = createClient({
      baseUrl: 'https://api.example', fetch: (async () => json(503, {}, { 'retry-after': '9' })) as typeof fetch, retry: { maxDelayMs: 60_000 },
    });
    const pending = client.getCatalog({ signal: controller.signal });
    setImmediate(() => controller.abort());
    // Without the abort this would wait 9 s and the test runner's default timeout would not save us quickly.
    const result = await pending;
    assert.equal(result.error?.code, 'aborted');
  });
});

describe('getSharedClient', () => {
  test('one client per (baseUrl, publishableKey)', () => {
    const a = getSharedClient({ baseUrl: 'https://shared.example', publishableKey: 'pk_test_a' });
    const b = getSharedClient({ baseUrl: 'https://shared.example/', publishableKey: 'pk_test_a', session: 'tok_1' });
    const c = getSharedClient({ baseUrl: 'https://shared.example', publishableKey: 'pk_test_b' });
    assert.equal(a, b);
    assert.notEqual(a, c);
    // A later widget that knows the session lends it to the shared client.
    assert.equal(a.session, 'tok_1');
  });
});
