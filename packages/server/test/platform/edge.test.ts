/**
 * The request rules at the edge (issue #11), each as a client meets it: the five reproductions of the issue
 * answer 4xx, bodies must be JSON within limits, merchant ids follow one pattern, the CSV export refuses
 * paging it does not do, and every answer carries the security headers.
 */
import assert from 'node:assert/strict';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createSubkitRouter } from '../../src/app.js';
import { asBuyer, checkout, expectError, expectStatus, IDS, MONTHLY, starterByInvoice } from '../billing/helpers.js';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';
import { sendRaw } from '../fuzz/raw.js';

describe('the edge: request rules', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer();
    admin = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
  });
  after(() => server.close());

  const authed = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${admin}`, origin: TEST_ORIGIN, ...extra });
  const errorOf = (res: { json: unknown }) => (res.json as { error: { type: string; code: string; param?: string; message: string } }).error;

  describe('the five reproductions of issue #11 answer 4xx', () => {
    it('1. a malformed percent-escape in a path id is a 400, with or without credentials', async () => {
      for (const path of ['/v1/invoices/%ZZ', '/v1/subscriptions/sub_%', '/v1/payment-methods/%E0%A4%A/default']) {
        for (const headers of [{}, authed()]) {
          const res = await sendRaw(server.url, { method: path.endsWith('default') ? 'POST' : 'GET', path, headers });
          assert.equal(res.status, 400, `${path}: ${res.text}`);
          assert.equal(errorOf(res).code, 'path_invalid');
          assert.equal(errorOf(res).type, 'invalid_request_error');
        }
      }
      assert.deepEqual(server.serverErrors, []);
    });

    it('2. a corrupt Content-Encoding is a 400; a well-compressed body is read', async () => {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const res = await sendRaw(server.url, {
          method: 'POST', path: '/v1/checkout/preview', headers: authed({ 'content-type': 'application/json', 'content-encoding': encoding }), body: 'not compressed',
        });
        assert.equal(res.status, 400, `${encoding}: ${res.text}`);
        assert.equal(errorOf(res).code, 'body_encoding_invalid');
      }
      const body = JSON.stringify({ planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 5 });
      for (const [encoding, compress] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
        const res = await sendRaw(server.url, {
          method: 'POST', path: '/v1/checkout/preview', headers: authed({ 'content-type': 'application/json', 'content-encoding': encoding }), body: compress(body),
        });
        assert.equal(res.status, 200, `${encoding}: ${res.text}`);
      }
    });

    it('3. JSON nested 5,000 deep is a 400 (with or without an Idempotency-Key); 32 levels are the limit', async () => {
      for (const key of [undefined, 'deep-key-1']) {
        const res = await sendRaw(server.url, {
          method: 'POST', path: '/v1/checkout', headers: authed({ 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }),
          body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
        });
        assert.equal(res.status, 400, res.text);
        assert.equal(errorOf(res).code, 'body_too_deep');
      }
      const at32 = await sendRaw(server.url, {
        method: 'POST', path: '/v1/checkout', headers: authed({ 'content-type': 'application/json' }), body: `{"planId":${'['.repeat(31)}1${']'.repeat(31)}}`,
      });
      assert.equal(errorOf(at32).code, 'parameter_invalid', '32 levels pass the depth rule and reach validation');
      assert.equal(errorOf(at32).param, 'planId');
    });

    it('4. a contract price beyond exact totals is refused when created, and an order too large for exact totals is a 400', async () => {
      const contract = (unitAmount: number) =>
        server.request('POST', '/v1/contract-prices', {
          token: server.config.secretKey,
          body: {
            companyId: 'co_acme', planId: IDS.growth, currency: 'EUR', recurring: MONTHLY,
            items: [{ id: 'seats', description: 'Seats', unitLabel: 'seat', model: { type: 'per_unit', unitAmount } }],
          },
        });
      const refused = await contract(Number.MAX_SAFE_INTEGER);
      expectError(refused, 400, 'amount_too_large', 'items.0.model');
      // Growth's smallest order is 5 seats: 5 × 2^51 is past 2^53.
      expectError(await contract(2 ** 51), 400, 'amount_too_large', 'items.0.model');
      // Fine for the smallest order, too much for Growth's largest (250 seats × 2^46 is past 2^53).
      expectStatus(await contract(2 ** 46), 200);
      const acme = await asBuyer(server, 'acme-purchaser');
      const preview = await acme.post('/v1/checkout/preview', { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 250 });
      expectError(preview, 400, 'amount_too_large');
      const buy = await acme.post('/v1/checkout', { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 250, payment: { method: 'invoice' } });
      expectError(buy, 400, 'amount_too_large');
      expectStatus(await contract(1_000), 200);
      assert.deepEqual(server.serverErrors, []);
    });

    it('5. usage whose straight-line projection leaves exact arithmetic still answers: the projection falls back to the usage so far', async () => {
      server.clock.set(new Date('2026-05-01T00:00:00.000Z'));
      const acme = await asBuyer(server, 'acme-purchaser');
      const { subscription } = await checkout(acme, { planId: IDS.fleet, currency: 'EUR', recurring: MONTHLY, quantity: 12, trial: false, payment: { method: 'invoice' } });
      server.clock.advance(1);
      const record = await server.request('POST', '/v1/usage-records', {
        token: server.config.secretKey, body: { subscriptionId: subscription.id, metric: 'service_hours', quantity: 1_000_000_000 },
      });
      expectStatus(record, 200);
      const usage = await acme.get(`/v1/subscriptions/${subscription.id}/usage`);
      expectStatus(usage, 200);
      const [hours] = usage.body.metrics;
      assert.equal(hours.used, 1_000_000_000);
      assert.equal(hours.projected, 1_000_000_000, 'no extrapolation when it cannot be exact');
      assert.equal(hours.projectedAmount, hours.amountSoFar);
      // (1e9 − 10 included) × 65.00 = 64,999,999,350.00 so far.
      assert.equal(hours.amountSoFar, 6_499_999_935_000);
      server.clock.reset();
      assert.deepEqual(server.serverErrors, []);
    });
  });

  describe('bodies', () => {
    it('a write whose body is not application/json is a 415, and nothing happens: pay keeps the chosen method, pause keeps its guard', async () => {
      const acme = await asBuyer(server, 'acme-admin');
      const { subscription, invoiceId } = await checkout(acme, starterByInvoice());
      for (const [path, type] of [
        [`/v1/invoices/${invoiceId}/pay`, 'text/plain'],
        [`/v1/subscriptions/${subscription.id}/pause`, 'text/plain;charset=utf-8'],
        [`/v1/subscriptions/${subscription.id}/pause`, 'application/x-www-form-urlencoded'],
      ] as const) {
        const res = await sendRaw(server.url, { method: 'POST', path, headers: authed({ 'content-type': type }), body: '{"expectedVersion":999}' });
        assert.equal(res.status, 415, `${path} ${type}: ${res.text}`);
        assert.equal(errorOf(res).code, 'unsupported_media_type');
      }
      const noType = await sendRaw(server.url, { method: 'POST', path: `/v1/subscriptions/${subscription.id}/pause`, headers: authed(), body: '{}' });
      assert.equal(noType.status, 415);
      assert.equal((await acme.get(`/v1/invoices/${invoiceId}`)).body.status, 'open');
      assert.equal((await acme.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
    });

    it('a body over 1 MiB is a 413, also when it only grows that large once inflated', async () => {
      const big = `{"planId":"${'x'.repeat(1_100_000)}"}`;
      for (const [headers, body] of [
        [{ 'content-type': 'application/json' }, big],
        [{ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(big)],
      ] as const) {
        const res = await sendRaw(server.url, { method: 'POST', path: '/v1/checkout/preview', headers: authed(headers), body });
        assert.equal(res.status, 413);
        assert.equal(errorOf(res).code, 'body_too_large');
      }
    });

    it('a NUL byte or an unpaired surrogate is a 400 naming the field; a field the endpoint does not know is a 400 too', async () => {
      const acme = await asBuyer(server, 'acme-admin');
      const nul = await acme.post('/v1/members', { customerId: 'x', email: 'x@example.com', name: 'A\u0000B', role: 'viewer' });
      expectError(nul, 400, 'parameter_invalid', 'name');
      assert.match(nul.body.error.message, /NUL/);
      const surrogate = await acme.post('/v1/checkout/preview', { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, promoCode: '\ud800' });
      expectError(surrogate, 400, 'parameter_invalid', 'promoCode');
      const misspelt = await acme.post('/v1/checkout/preview', { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantitty: 7 });
      expectError(misspelt, 400, 'parameter_unknown', 'quantitty');
      const nested = await acme.post('/v1/checkout/preview', { planId: IDS.starter, currency: 'EUR', recurring: { ...MONTHLY, anchor: 1 } });
      expectError(nested, 400, 'parameter_unknown', 'recurring.anchor');
      const unknownQuery = await acme.get('/v1/invoices?limt=5');
      expectError(unknownQuery, 400, 'parameter_unknown', 'limt');
    });

    it('?limit=1e309 says what is wrong with limit, not that it is missing', async () => {
      const acme = await asBuyer(server, 'acme-admin');
      const res = await acme.get('/v1/invoices?limit=1e309');
      expectError(res, 400, 'parameter_invalid', 'limit');
      assert.doesNotMatch(res.body.error.message, /required/);
    });
  });

  describe('merchant-chosen ids', () => {
    it('follow [A-Za-z0-9_.:-]{1,128}; anything else is refused, never stored changed', async () => {
      for (const id of ['../../etc/passwd', 'co\r\nX-Injected: 1', 'co_\u202eevil', 'co_\ud800', 'co acme', 'ü', '', 'x'.repeat(129)]) {
        const res = await server.request('POST', '/v1/companies', { token: server.config.secretKey, body: { id, name: 'Hostile' } });
        expectError(res, 400, 'parameter_invalid', 'id');
      }
      const ok = await server.request('POST', '/v1/companies', { token: server.config.secretKey, body: { id: 'crm:4711.eu-west_1', name: 'Fine' } });
      expectStatus(ok, 200);
      assert.equal(ok.body.id, 'crm:4711.eu-west_1');
      const member = await server.request('POST', '/v1/companies/crm:4711.eu-west_1/members', {
        token: server.config.secretKey, body: { customerId: 'user/1', email: 'u@example.com', name: 'U', role: 'viewer' },
      });
      expectError(member, 400, 'parameter_invalid', 'customerId');
      const { rows } = await server.db.query("SELECT count(*)::int AS n FROM companies WHERE name = 'Hostile'");
      assert.equal(rows[0]!.n, 0);
    });
  });

  describe('the CSV export', () => {
    it('refuses limit and cursor (it does not page) and honours its filters', async () => {
      const acme = await asBuyer(server, 'acme-admin');
      expectError(await acme.get('/v1/invoices/export.csv?cursor=garbage'), 400, 'parameter_unknown', 'cursor');
      expectError(await acme.get('/v1/invoices/export.csv?limit=5'), 400, 'parameter_unknown', 'limit');
      const csv = await acme.get('/v1/invoices/export.csv?status=open');
      expectStatus(csv, 200);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    });
  });

  describe('headers', () => {
    it('every answer: nosniff, no-referrer, no X-Powered-By; /v1 answers no-store, without an ETag', async () => {
      for (const [path, headers] of [
        ['/healthz', {}],
        ['/v1/catalog', { authorization: `Bearer ${server.config.publishableKey}` }],
        ['/v1/session', authed()],
        ['/v1/session', {}],
        ['/v1/nope', {}],
      ] as const) {
        const res = await sendRaw(server.url, { method: 'GET', path, headers });
        assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
        assert.equal(res.headers['referrer-policy'], 'no-referrer', path);
        assert.equal(res.headers['x-powered-by'], undefined, path);
        if (path.startsWith('/v1')) assert.equal(res.headers['cache-control'], 'no-store', path);
        assert.equal(res.headers.etag, undefined, path);
      }
    });

    it('the router drops X-Powered-By even in a host app that left it on', async () => {
      const app = express();
      app.use(createSubkitRouter({ db: server.db, config: server.config }));
      const listener = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => listener.once('listening', resolve));
      try {
        const res = await sendRaw(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`, { method: 'GET', path: '/healthz' });
        assert.equal(res.status, 200);
        assert.equal(res.headers['x-powered-by'], undefined);
      } finally {
        listener.closeAllConnections();
        await new Promise((resolve) => listener.close(resolve));
      }
    });
  });
});
