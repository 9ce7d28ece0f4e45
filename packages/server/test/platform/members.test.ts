import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../harness.js';

describe('members', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer();
  });
  beforeEach(async () => {
    admin = await server.mintSession('globex-admin');
  });
  after(() => server.close());

  const list = async () => (await server.request('GET', '/v1/members', { token: admin })).body.data as { id: string; role: string; customerId: string }[];

  it('lists the demo company with a viewer, a purchaser and a billing admin', async () => {
    const members = await list();
    assert.deepEqual(members.map((m) => [m.customerId, m.role]).sort(), [
      ['globex-admin', 'billing_admin'],
      ['globex-purchaser', 'purchaser'],
      ['globex-viewer', 'viewer'],
    ]);
  });

  it('adds, changes and removes a member', async () => {
    const added = await server.request('POST', '/v1/members', {
      token: admin,
      body: { customerId: 'globex-analyst', email: 'analyst@globex.example', name: 'Ana Lyst', role: 'viewer' },
    });
    assert.equal(added.status, 200);
    assert.equal(added.body.object, 'member');
    assert.match(added.body.id, /^mem_/);
    const duplicate = await server.request('POST', '/v1/members', {
      token: admin,
      body: { customerId: 'globex-analyst', email: 'other@globex.example', name: 'Other', role: 'viewer' },
    });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.code, 'member_exists');

    const changed = await server.request('PATCH', `/v1/members/${added.body.id}`, { token: admin, body: { role: 'purchaser' } });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.role, 'purchaser');

    const removed = await server.request('DELETE', `/v1/members/${added.body.id}`, { token: admin });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body, { id: added.body.id, object: 'member', deleted: true });
    assert.ok(!(await list()).some((m) => m.id === added.body.id));
    assert.equal((await server.request('DELETE', `/v1/members/${added.body.id}`, { token: admin })).status, 404);

    const back = await server.request('POST', '/v1/members', {
      token: admin,
      body: { customerId: 'globex-analyst', email: 'analyst@globex.example', name: 'Ana Lyst', role: 'viewer' },
    });
    assert.equal(back.status, 200, 'a removed customer can be added again');
    const events = await server.db.query<{ type: string }>("SELECT type FROM events WHERE company_id = 'co_globex' AND type LIKE 'member.%' ORDER BY created_at, id");
    assert.deepEqual(
      events.rows.map((e) => e.type),
      ['member.created', 'member.updated', 'member.removed', 'member.created'],
    );
  });

  it('the last billing admin can be neither demoted nor removed (409)', async () => {
    const demote = await server.request('PATCH', '/v1/members/mem_globex_admin', { token: admin, body: { role: 'purchaser' } });
    assert.equal(demote.status, 409);
    assert.equal(demote.body.error.type, 'conflict_error');
    assert.equal(demote.body.error.code, 'last_billing_admin');
    const remove = await server.request('DELETE', '/v1/members/mem_globex_admin', { token: admin });
    assert.equal(remove.status, 409);
    assert.equal((await list()).find((m) => m.id === 'mem_globex_admin')?.role, 'billing_admin');
  });

  it('with a second billing admin, the first may step down', async () => {
    const promote = await server.request('PATCH', '/v1/members/mem_globex_purchaser', { token: admin, body: { role: 'billing_admin' } });
    assert.equal(promote.status, 200);
    const stepDown = await server.request('PATCH', '/v1/members/mem_globex_admin', { token: admin, body: { role: 'purchaser' } });
    assert.equal(stepDown.status, 200);
    // Restore the demo roles, through the new admin.
    const newAdmin = await server.mintSession('globex-purchaser');
    assert.equal((await server.request('PATCH', '/v1/members/mem_globex_admin', { token: newAdmin, body: { role: 'billing_admin' } })).status, 200);
    assert.equal((await server.request('PATCH', '/v1/members/mem_globex_purchaser', { token: newAdmin, body: { role: 'purchaser' } })).status, 200);
  });

  it('two admins demoting each other at once: exactly one succeeds and one admin remains', async () => {
    assert.equal((await server.request('PATCH', '/v1/members/mem_globex_purchaser', { token: admin, body: { role: 'billing_admin' } })).status, 200);
    const other = await server.mintSession('globex-purchaser');
    const [a, b] = await Promise.all([
      server.request('PATCH', '/v1/members/mem_globex_purchaser', { token: admin, body: { role: 'purchaser' } }),
      server.request('PATCH', '/v1/members/mem_globex_admin', { token: other, body: { role: 'purchaser' } }),
    ]);
    // The loser is refused either by the last-admin rule (409) or, if it authenticated after the winner
    // committed, because it is no longer an admin (403). Either way one change applies.
    const statuses = [a.status, b.status].sort();
    assert.equal(statuses[0], 200);
    assert.ok(statuses[1] === 409 || statuses[1] === 403, `loser answered ${statuses[1]}`);
    const admins = await server.db.query("SELECT id FROM members WHERE company_id = 'co_globex' AND role = 'billing_admin' AND removed_at IS NULL");
    assert.equal(admins.rowCount, 1);
    // Restore: whoever is admin now makes the demo admin admin again and the purchaser a purchaser.
    const remaining = a.status === 200 ? admin : other;
    await server.request('PATCH', '/v1/members/mem_globex_admin', { token: remaining, body: { role: 'billing_admin' } });
    const restorer = await server.mintSession('globex-admin');
    assert.equal((await server.request('PATCH', '/v1/members/mem_globex_purchaser', { token: restorer, body: { role: 'purchaser' } })).status, 200);
  });

  it('the merchant adds a member to a company with its secret key', async () => {
    const res = await server.request('POST', '/v1/companies/co_globex/members', {
      token: server.config.secretKey,
      body: { customerId: 'globex-cfo', email: 'cfo@globex.example', name: 'Carla Fo', role: 'billing_admin' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.companyId, 'co_globex');
    const missing = await server.request('POST', '/v1/companies/co_nope/members', {
      token: server.config.secretKey,
      body: { customerId: 'x', email: 'x@example.com', name: 'X', role: 'viewer' },
    });
    assert.equal(missing.status, 404);
  });
});
