import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/auth/sessions.js';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';

describe('buyer sessions', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const mint = (body: Record<string, unknown>) => server.request('POST', '/v1/sessions', { token: server.config.secretKey, body });

  it('mints an opaque test-mode token with a 15-minute default lifetime', async () => {
    server.clock.set(new Date('2026-03-01T10:00:00.000Z'));
    try {
      const res = await mint({ customerId: 'acme-purchaser', companyId: 'co_acme', origin: TEST_ORIGIN });
      assert.equal(res.status, 200);
      assert.match(res.body.token, /^bs_test_[A-Za-z0-9_-]{43}$/);
      assert.equal(res.body.expiresAt, '2026-03-01T10:15:00.000Z');
      assert.equal(res.body.role, 'purchaser');
      assert.equal(res.body.companyId, 'co_acme');
    } finally {
      server.clock.reset();
    }
  });

  it('honours ttlSeconds within 60 s to 1 h', async () => {
    server.clock.set(new Date('2026-03-01T10:00:00.000Z'));
    try {
      const res = await mint({ customerId: 'acme-purchaser', companyId: 'co_acme', ttlSeconds: 3600 });
      assert.equal(res.body.expiresAt, '2026-03-01T11:00:00.000Z');
    } finally {
      server.clock.reset();
    }
    const tooLong = await mint({ customerId: 'acme-purchaser', companyId: 'co_acme', ttlSeconds: 86400 });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.error.param, 'ttlSeconds');
  });

  it('stores only a hash of the token', async () => {
    const res = await mint({ customerId: 'acme-viewer', companyId: 'co_acme' });
    const stored = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM buyer_sessions');
    assert.ok(stored.rows.some((r) => r.token_hash === hashToken(res.body.token)));
    assert.ok(!stored.rows.some((r) => r.token_hash.includes(res.body.token.slice(8, 30))));
  });

  it('answers 404 for a customer who is not a member, or an unknown company', async () => {
    const stranger = await mint({ customerId: 'someone-else', companyId: 'co_acme' });
    assert.equal(stranger.status, 404);
    assert.equal(stranger.body.error.param, 'customerId');
    const company = await mint({ customerId: 'acme-admin', companyId: 'co_nope' });
    assert.equal(company.status, 404);
    assert.equal(company.body.error.param, 'companyId');
  });

  it('refuses an origin that is not an origin', async () => {
    const res = await mint({ customerId: 'acme-admin', companyId: 'co_acme', origin: 'https://shop.example/path' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'origin');
  });

  it('GET /v1/session tells who the buyer is and what the role may do', async () => {
    const token = await server.mintSession('acme-purchaser');
    const res = await server.request('GET', '/v1/session', { token });
    assert.equal(res.status, 200);
    assert.equal(res.body.object, 'session');
    assert.equal(res.body.mode, 'test');
    assert.equal(res.body.member.customerId, 'acme-purchaser');
    assert.equal(res.body.member.name, 'Jonas Becker');
    assert.equal(res.body.company.name, 'Acme Logistics GmbH');
    assert.equal(res.body.company.paymentTermsDays, 30);
    assert.equal(res.body.role, 'purchaser');
    assert.ok(res.body.permissions.includes('checkout:create'));
    assert.ok(!res.body.permissions.includes('members:manage'));
    assert.ok(!res.body.permissions.includes('subscriptions:cancel'));
  });

  it('revoking an unknown token is a 404; revoking twice is fine', async () => {
    const unknown = await server.request('POST', '/v1/sessions/revoke', { token: server.config.secretKey, body: { token: 'bs_test_never' } });
    assert.equal(unknown.status, 404);
    const token = await server.mintSession('acme-viewer');
    for (let i = 0; i < 2; i++) {
      const res = await server.request('POST', '/v1/sessions/revoke', { token: server.config.secretKey, body: { token } });
      assert.equal(res.status, 200);
    }
    assert.equal((await server.request('GET', '/v1/session', { token })).status, 401);
  });

  it('a removed member is signed out of every session', async () => {
    const admin = await server.mintSession('acme-admin');
    const added = await server.request('POST', '/v1/members', {
      token: admin,
      body: { customerId: 'acme-temp', email: 'temp@acme-logistics.example', name: 'Temp Worker', role: 'purchaser' },
    });
    assert.equal(added.status, 200);
    const token = await server.mintSession('acme-temp', { companyId: 'co_acme' });
    assert.equal((await server.request('GET', '/v1/session', { token })).status, 200);
    assert.equal((await server.request('DELETE', `/v1/members/${added.body.id}`, { token: admin })).status, 200);
    assert.equal((await server.request('GET', '/v1/session', { token })).status, 401);
    const again = await server.request('POST', '/v1/sessions', { token: server.config.secretKey, body: { customerId: 'acme-temp', companyId: 'co_acme' } });
    assert.equal(again.status, 404, 'a removed member cannot get a new session');
  });
});
