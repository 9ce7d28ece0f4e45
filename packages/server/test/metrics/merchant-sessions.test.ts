import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Metrics } from '@subkit/core';
import { hashToken } from '../../src/auth/sessions.js';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';

describe('merchant sessions (metrics:read)', () => {
  let server: TestServer;
  const sk = () => ({ token: server.config.secretKey });
  const mint = async (body: Record<string, unknown> = {}) => {
    const res = await server.request('POST', '/v1/merchant-sessions', { ...sk(), body: { scopes: ['metrics:read'], origin: TEST_ORIGIN, ...body } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { token: string; expiresAt: string; scopes: string[] };
  };
  const metrics = (token: string, origin: string | undefined = TEST_ORIGIN) =>
    server.request('GET', '/v1/metrics', { token, headers: origin ? { origin } : {} });

  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-03-01T12:00:00.000Z'));
  });
  after(() => server.close());

  it('mints a short-lived read-only token with the secret key; only its hash is stored', async () => {
    const session = await mint();
    assert.match(session.token, /^ms_test_[\w-]{40,}$/);
    assert.equal(session.expiresAt, '2027-03-01T12:15:00.000Z', '15 minutes by default');
    assert.deepEqual(session.scopes, ['metrics:read']);
    const stored = await server.db.query('SELECT 1 FROM merchant_sessions WHERE token_hash = $1', [hashToken(session.token)]);
    assert.equal(stored.rowCount, 1);
    const raw = await server.db.query("SELECT 1 FROM merchant_sessions WHERE token_hash LIKE 'ms_%'");
    assert.equal(raw.rowCount, 0);
  });

  it('reads the metrics from the admin page, and nothing else', async () => {
    const { token } = await mint();
    const res = await metrics(token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(Metrics.safeParse(res.body).success, true);
    for (const [method, path] of [
      ['GET', '/v1/companies'],
      ['GET', '/v1/events'],
      ['GET', '/v1/webhook-endpoints'],
      ['POST', '/v1/merchant-sessions'],
    ] as const) {
      const other = await server.request(method, path, { token, headers: { origin: TEST_ORIGIN }, ...(method === 'POST' ? { body: { scopes: ['metrics:read'] } } : {}) });
      assert.equal(other.status, 401, `${method} ${path}: ${JSON.stringify(other.body)}`);
    }
    for (const path of ['/v1/session', '/v1/subscriptions', '/v1/invoices']) {
      assert.equal((await server.request('GET', path, { token, headers: { origin: TEST_ORIGIN } })).status, 401, path);
    }
  });

  it('is refused from another origin, after it expires, once revoked, and in another mode', async () => {
    const { token } = await mint({ ttlSeconds: 60 });
    assert.equal((await metrics(token, 'https://evil.example')).body.error.code, 'origin_mismatch');
    const unnamed = await server.request('GET', '/v1/metrics', { token });
    assert.equal(unnamed.body.error?.code, 'origin_mismatch', 'a bound session needs the browser to name its origin');
    server.clock.advance(61);
    const expired = await metrics(token);
    assert.deepEqual([expired.status, expired.body.error.code], [401, 'session_expired']);

    const fresh = await mint();
    const revoked = await server.request('POST', '/v1/merchant-sessions/revoke', { ...sk(), body: { token: fresh.token } });
    assert.deepEqual(revoked.body, { object: 'merchant_session', revoked: true });
    assert.equal((await metrics(fresh.token)).status, 401);
    assert.equal((await server.request('POST', '/v1/merchant-sessions/revoke', { ...sk(), body: { token: 'ms_test_unknown' } })).status, 404);

    const forged = fresh.token.replace('ms_test_', 'ms_live_');
    assert.equal((await metrics(forged)).status, 401);
  });

  it('refuses bad requests to mint, and bad metrics queries (a future instant among them), with a 400 naming the field', async () => {
    for (const [body, param] of [
      [{ scopes: [] }, 'scopes'],
      [{ scopes: ['metrics:write'] }, 'scopes.0'],
      [{ scopes: 'metrics:read' }, 'scopes'],
      [{ scopes: ['metrics:read'], origin: 'https://shop.example/path' }, 'origin'],
      [{ scopes: ['metrics:read'], ttlSeconds: 7200 }, 'ttlSeconds'],
      [{ scopes: ['metrics:read'], ttlSeconds: 10 }, 'ttlSeconds'],
    ] as const) {
      const res = await server.request('POST', '/v1/merchant-sessions', { ...sk(), body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.param, param, JSON.stringify(res.body));
    }
    assert.equal((await server.request('POST', '/v1/merchant-sessions', { body: { scopes: ['metrics:read'] } })).status, 401);
    const buyer = await server.mintSession('acme-admin');
    assert.equal((await server.request('POST', '/v1/merchant-sessions', { token: buyer, body: { scopes: ['metrics:read'] } })).status, 401);
    assert.equal((await metrics(buyer)).status, 401, 'a buyer session never reads the metrics');
    for (const [query, param] of [['at=2027-03-02T00:00:00.000Z', 'at'], ['at=yesterday', 'at'], ['months=0', 'months'], ['months=37', 'months'], ['currency=euro', 'currency']] as const) {
      const res = await server.request('GET', `/v1/metrics?${query}`, sk());
      assert.deepEqual([res.status, res.body.error?.param], [400, param], `${query}: ${JSON.stringify(res.body)}`);
    }
  });
});
