import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../harness.js';

describe('tenant isolation', () => {
  let server: TestServer;
  let acmeAdmin: string;
  let globexAdmin: string;
  before(async () => {
    server = await startTestServer();
    acmeAdmin = await server.mintSession('acme-admin');
    globexAdmin = await server.mintSession('globex-admin');
  });
  after(() => server.close());

  it("another company's member id answers 404, exactly like an id that does not exist", async () => {
    for (const id of ['mem_globex_purchaser', 'mem_nobody']) {
      const patch = await server.request('PATCH', `/v1/members/${id}`, { token: acmeAdmin, body: { role: 'viewer' } });
      assert.equal(patch.status, 404, id);
      assert.equal(patch.body.error.type, 'not_found_error');
      const del = await server.request('DELETE', `/v1/members/${id}`, { token: acmeAdmin });
      assert.equal(del.status, 404, id);
    }
    const globex = await server.request('GET', '/v1/members', { token: globexAdmin });
    const purchaser = globex.body.data.find((m: { id: string }) => m.id === 'mem_globex_purchaser');
    assert.equal(purchaser.role, 'purchaser', "Globex's member is untouched");
  });

  it("members lists show only the session's company", async () => {
    const acme = await server.request('GET', '/v1/members', { token: acmeAdmin });
    assert.ok(acme.body.data.length >= 3);
    assert.ok(acme.body.data.every((m: { companyId: string }) => m.companyId === 'co_acme'));
  });

  it('a session cannot be minted for a customer of another company', async () => {
    const res = await server.request('POST', '/v1/sessions', {
      token: server.config.secretKey,
      body: { customerId: 'globex-admin', companyId: 'co_acme' },
    });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.param, 'customerId');
  });

  it("a company's contract price is invisible to other companies", async () => {
    const globex = await server.request('GET', '/v1/catalog', { token: globexAdmin });
    const prices = globex.body.products.flatMap((p: any) => p.plans.flatMap((plan: any) => plan.prices));
    assert.ok(prices.length > 0);
    assert.ok(prices.every((p: { contract: boolean }) => p.contract === false));
  });
});
