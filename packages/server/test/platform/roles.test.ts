import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buyerEndpoints, can, type Endpoint, type Role } from '@subkit/core';
import { startTestServer, type TestServer } from '../harness.js';

const ROLES: Role[] = ['viewer', 'purchaser', 'billing_admin'];
const CUSTOMER: Record<Role, string> = { viewer: 'acme-viewer', purchaser: 'acme-purchaser', billing_admin: 'acme-admin' };

describe('role matrix', () => {
  let server: TestServer;
  const tokens = {} as Record<Role, string>;
  before(async () => {
    server = await startTestServer();
    for (const role of ROLES) tokens[role] = await server.mintSession(CUSTOMER[role]);
  });
  after(() => server.close());

  for (const [name, endpoint] of Object.entries(buyerEndpoints) as [string, Endpoint][]) {
    if (!endpoint.permission) continue;
    const permission = endpoint.permission;
    it(`${name} (${permission}): only roles that grant it get past the permission check`, async () => {
      // Ids that exist nowhere: a role that may call gets 4xx/501 from the handler, never 403, and nothing changes.
      const path = endpoint.path.replace(/:(\w+)/g, 'does_not_exist');
      for (const role of ROLES) {
        const res = await server.request(endpoint.method, path, { token: tokens[role], ...(endpoint.method === 'GET' ? {} : { body: {} }) });
        if (can(role, permission)) {
          assert.notEqual(res.status, 403, `${role} may ${permission}`);
          assert.ok(res.status < 500 || res.status === 501, `${role} ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
        } else {
          assert.equal(res.status, 403, `${role} may not ${permission}`);
          assert.equal(res.body.error.type, 'permission_error');
        }
      }
    });
  }

  it('a viewer cannot add a member; a billing admin can', async () => {
    const member = { customerId: 'acme-new-buyer', email: 'new.buyer@acme-logistics.example', name: 'New Buyer', role: 'purchaser' };
    const viewer = await server.request('POST', '/v1/members', { token: tokens.viewer, body: member });
    assert.equal(viewer.status, 403);
    const purchaser = await server.request('POST', '/v1/members', { token: tokens.purchaser, body: member });
    assert.equal(purchaser.status, 403);
    const list = await server.request('GET', '/v1/members', { token: tokens.billing_admin });
    assert.ok(!list.body.data.some((m: { customerId: string }) => m.customerId === member.customerId), 'refused calls added nobody');
    const admin = await server.request('POST', '/v1/members', { token: tokens.billing_admin, body: member });
    assert.equal(admin.status, 200);
    assert.equal(admin.body.role, 'purchaser');
    assert.equal(admin.body.companyId, 'co_acme');
  });

  it('a role change applies to sessions already minted', async () => {
    const token = await server.mintSession('acme-viewer');
    assert.equal((await server.request('GET', '/v1/members', { token })).status, 403);
    const promote = await server.request('PATCH', '/v1/members/mem_acme_viewer', { token: tokens.billing_admin, body: { role: 'billing_admin' } });
    assert.equal(promote.status, 200);
    try {
      assert.equal((await server.request('GET', '/v1/members', { token })).status, 200);
    } finally {
      const demote = await server.request('PATCH', '/v1/members/mem_acme_viewer', { token: tokens.billing_admin, body: { role: 'viewer' } });
      assert.equal(demote.status, 200);
    }
    assert.equal((await server.request('GET', '/v1/members', { token })).status, 403);
  });
});
