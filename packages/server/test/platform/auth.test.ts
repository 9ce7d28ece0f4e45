import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OTHER_ALLOWED_ORIGIN, startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';
import { errorOf, sendRaw } from '../fuzz/raw.js';

describe('authentication', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  describe('publishable endpoints (catalog)', () => {
    it('refuse a call without credentials', async () => {
      const res = await server.request('GET', '/v1/catalog');
      assert.equal(res.status, 401);
      assert.equal(res.body.error.type, 'authentication_error');
    });
    it('refuse a wrong publishable key', async () => {
      const res = await server.request('GET', '/v1/catalog', { token: 'pk_test_not_the_key' });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'invalid_api_key');
    });
    it('accept the publishable key as a bearer token or as the Publishable-Key header', async () => {
      const bearer = await server.request('GET', '/v1/catalog', { token: server.config.publishableKey });
      assert.equal(bearer.status, 200);
      const header = await server.request('GET', '/v1/catalog', { headers: { 'publishable-key': server.config.publishableKey } });
      assert.equal(header.status, 200);
      assert.equal(header.body.companyId, null);
    });
    it('accept a buyer session and shape the catalog for its company', async () => {
      const token = await server.mintSession('acme-viewer');
      const res = await server.request('GET', '/v1/catalog', { token });
      assert.equal(res.status, 200);
      assert.equal(res.body.companyId, 'co_acme');
    });
  });

  describe('secret-key endpoints', () => {
    it('refuse no key, a wrong key and the publishable key', async () => {
      for (const token of [undefined, `${server.config.secretKey}x`, 'sk_test_short', server.config.publishableKey]) {
        const res = await server.request('GET', '/v1/companies', token ? { token } : {});
        assert.equal(res.status, 401, `token ${token?.slice(0, 8)}`);
      }
    });
    it('refuse a buyer session token: buyers cannot mint sessions', async () => {
      const token = await server.mintSession('acme-admin');
      const res = await server.request('POST', '/v1/sessions', { token, body: { customerId: 'acme-admin', companyId: 'co_acme' } });
      assert.equal(res.status, 401);
    });
    it('accept the secret key', async () => {
      const res = await server.request('GET', '/v1/companies', { token: server.config.secretKey });
      assert.equal(res.status, 200);
    });
  });

  describe('session endpoints', () => {
    it('refuse the publishable key alone', async () => {
      const res = await server.request('GET', '/v1/session', { token: server.config.publishableKey });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'session_required');
    });
    it('refuse the secret key', async () => {
      const res = await server.request('GET', '/v1/session', { token: server.config.secretKey });
      assert.equal(res.status, 401);
    });
    it('refuse a made-up token', async () => {
      const res = await server.request('GET', '/v1/session', { token: 'bs_test_thisWasNeverMinted' });
      assert.equal(res.status, 401);
    });
    it('refuse an expired session, and accept it just before', async () => {
      const token = await server.mintSession('acme-purchaser', { ttlSeconds: 60 });
      server.clock.advance(59);
      try {
        assert.equal((await server.request('GET', '/v1/session', { token })).status, 200);
        server.clock.advance(2);
        const res = await server.request('GET', '/v1/session', { token });
        assert.equal(res.status, 401);
        assert.equal(res.body.error.code, 'session_expired');
      } finally {
        server.clock.reset();
      }
    });
    it('refuse a revoked session', async () => {
      const token = await server.mintSession('acme-purchaser');
      assert.equal((await server.request('GET', '/v1/session', { token })).status, 200);
      const revoke = await server.request('POST', '/v1/sessions/revoke', { token: server.config.secretKey, body: { token } });
      assert.equal(revoke.status, 200);
      assert.deepEqual(revoke.body, { object: 'buyer_session', revoked: true });
      const res = await server.request('GET', '/v1/session', { token });
      assert.equal(res.status, 401);
      const catalog = await server.request('GET', '/v1/catalog', { token });
      assert.equal(catalog.status, 401, 'a revoked session is refused on publishable endpoints too');
    });
    it('refuse a session used from another origin than it was minted for', async () => {
      const token = await server.mintSession('acme-purchaser', { origin: TEST_ORIGIN });
      const same = await server.request('GET', '/v1/session', { token, headers: { origin: TEST_ORIGIN } });
      assert.equal(same.status, 200);
      for (const origin of [OTHER_ALLOWED_ORIGIN, 'https://evil.example']) {
        const res = await server.request('GET', '/v1/session', { token, headers: { origin } });
        assert.equal(res.status, 401, origin);
        assert.equal(res.body.error.code, 'origin_mismatch');
      }
    });
    it('refuse a bound session when the request names no origin, unless the browser vouches it is same-origin', async () => {
      const token = await server.mintSession('acme-purchaser', { origin: TEST_ORIGIN });
      // node:http sends the Host header as given (fetch would not).
      const call = (headers: Record<string, string>) => sendRaw(server.url, { method: 'GET', path: '/v1/session', headers: { authorization: `Bearer ${token}`, ...headers } });
      const bare = await call({});
      assert.equal(bare.status, 401, 'a script elsewhere cannot use a copied token by leaving Origin out');
      assert.equal(errorOf(bare)?.code, 'origin_required');
      // A same-origin GET carries no Origin; the browser's fetch metadata and the Host name the storefront.
      assert.equal((await call({ 'sec-fetch-site': 'same-origin', host: 'shop.example' })).status, 200);
      assert.equal((await call({ 'sec-fetch-site': 'same-origin', host: 'evil.example' })).status, 401);
      assert.equal((await call({ 'sec-fetch-site': 'cross-site', host: 'shop.example' })).status, 401);
    });
    it('a session minted without an origin is the merchant\'s server-to-server session: no Origin needed', async () => {
      const token = await server.mintSession('acme-purchaser', { origin: null });
      const res = await fetch(`${server.url}/v1/session`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
    });
    it('a revocation applies to the very next request, though session look-ups are remembered', async () => {
      const token = await server.mintSession('acme-viewer');
      for (let i = 0; i < 3; i++) assert.equal((await server.request('GET', '/v1/session', { token })).status, 200);
      assert.equal((await server.request('POST', '/v1/sessions/revoke', { token: server.config.secretKey, body: { token } })).status, 200);
      assert.equal((await server.request('GET', '/v1/catalog', { token })).status, 401);
    });
    it('accept "Bearer" case-insensitively and refuse other schemes', async () => {
      const token = await server.mintSession('acme-viewer');
      assert.equal((await server.request('GET', '/v1/session', { headers: { authorization: `bearer ${token}`, origin: TEST_ORIGIN } })).status, 200);
      assert.equal((await server.request('GET', '/v1/session', { headers: { authorization: `Basic ${token}` } })).status, 401);
    });
  });
});
