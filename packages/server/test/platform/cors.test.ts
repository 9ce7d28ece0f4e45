import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';

describe('CORS', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('an allowed origin gets its origin back, the exposed Request-Id header and no credentials', async () => {
    const res = await server.request('GET', '/v1/catalog', { token: server.config.publishableKey, headers: { origin: TEST_ORIGIN } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), TEST_ORIGIN);
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /Request-Id/);
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    assert.match(res.headers.get('vary') ?? '', /Origin/);
  });

  it('another origin gets no CORS headers, so the browser blocks the response', async () => {
    const res = await server.request('GET', '/v1/catalog', { token: server.config.publishableKey, headers: { origin: 'https://evil.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('a preflight from an allowed origin lists the methods and headers the widgets use', async () => {
    const res = await server.request('OPTIONS', '/v1/checkout', {
      headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, idempotency-key, content-type' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), TEST_ORIGIN);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'idempotency-key', 'content-type']) assert.ok(allowed.includes(header), header);
  });

  it('a preflight from another origin is not allowed', async () => {
    const res = await server.request('OPTIONS', '/v1/checkout', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    assert.equal(res.headers.get('access-control-allow-methods'), null);
  });
});
