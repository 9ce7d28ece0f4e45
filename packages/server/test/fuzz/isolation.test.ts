/**
 * The isolation sweep: every buyer endpoint of core's table, called by each role of another company
 * (Globex) with the ids of Acme's objects. A path id of Acme answers 404 exactly like an id that never
 * existed (or 403 when the role may not call the endpoint at all: that check comes before any lookup);
 * no answer carries any of Acme's ids; and not one of Acme's rows changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buyerEndpoints, can, type Endpoint, type Role } from '@subkit/core';
import { TEST_ORIGIN, startTestServer, type TestServer } from '../harness.js';
import { createFixtures, type FuzzFixtures } from './fixtures.js';
import { buildPath, validParts } from './hostile.js';
import { errorOf, sendRaw } from './raw.js';

const ROLES: readonly { customerId: string; role: Role }[] = [
  { customerId: 'globex-viewer', role: 'viewer' },
  { customerId: 'globex-purchaser', role: 'purchaser' },
  { customerId: 'globex-admin', role: 'billing_admin' },
];

/** One md5 per table over the rows that belong to `companyId` (tables with a company_id column). */
async function companyRows(server: TestServer, companyId: string): Promise<Map<string, string>> {
  const { rows: tables } = await server.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'company_id' ORDER BY 1`,
  );
  const sql = tables
    .map((t) => `SELECT '${t.name}' AS name, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS hash FROM "${t.name}" r WHERE company_id = $1`)
    .join(' UNION ALL ');
  const { rows } = await server.db.query<{ name: string; hash: string }>(sql, [companyId]);
  return new Map(rows.map((r) => [r.name, r.hash]));
}

describe('isolation: another company, in every role, reaches nothing of Acme', () => {
  let server: TestServer;
  let fixtures: FuzzFixtures;
  let sessions: Record<Role, string>;
  let acmeIds: string[];
  before(async () => {
    server = await startTestServer();
    fixtures = await createFixtures(server);
    sessions = {} as Record<Role, string>;
    for (const r of ROLES) sessions[r.role] = await server.mintSession(r.customerId, { ttlSeconds: 3600 });
    // Acme's objects, and the quote the merchant made Acme (a buyer reaches it through GET /v1/session too).
    acmeIds = [...Object.values(fixtures.acme), fixtures.known.quoteId as string];
  });
  after(() => server.close());

  const endpoints = Object.entries(buyerEndpoints) as [string, Endpoint][];
  for (const [name, endpoint] of endpoints.filter(([, e]) => e.auth === 'session' || e.auth === 'publishable')) {
    it(`${endpoint.method} ${endpoint.path} (${name})`, async () => {
      const parts = validParts(endpoint, fixtures.known);
      const problems: string[] = [];
      for (const { role } of ROLES) {
        const headers = {
          authorization: `Bearer ${sessions[role]}`,
          origin: TEST_ORIGIN,
          ...(parts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        };
        const query = Object.entries(parts.query);
        const qs = query.length ? `?${query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '';
        const request = (params: Record<string, string>) => ({
          method: endpoint.method,
          path: buildPath(endpoint, params) + qs,
          headers,
          ...(parts.body !== undefined ? { body: JSON.stringify(parts.body) } : {}),
        });
        const before = await companyRows(server, 'co_acme');
        const res = await sendRaw(server.url, request(parts.params));
        const afterRows = await companyRows(server, 'co_acme');
        const label = `${role}`;
        if (res.status >= 500) problems.push(`${label}: answered ${res.status}`);
        const leaked = acmeIds.filter((id) => res.text.includes(id));
        if (leaked.length) problems.push(`${label}: the answer (${res.status}) carries Acme's ${leaked.join(', ')}`);
        const changed = [...before.keys()].filter((t) => before.get(t) !== afterRows.get(t));
        if (changed.length) problems.push(`${label}: Acme's rows changed in ${changed.join(', ')} (answer ${res.status})`);
        if (Object.keys(parts.params).length > 0) {
          const allowed = !endpoint.permission || can(role, endpoint.permission);
          if (!allowed) {
            if (res.status !== 403) problems.push(`${label}: a role without '${endpoint.permission}' got ${res.status}, not 403`);
            continue;
          }
          if (res.status !== 404) problems.push(`${label}: Acme's id answered ${res.status}, not 404: ${res.text.slice(0, 200)}`);
          // Indistinguishable from an id that never existed.
          const missing = Object.fromEntries(Object.keys(parts.params).map((k) => [k, `${k}_never_existed`]));
          const control = await sendRaw(server.url, request(missing));
          if (control.status !== res.status || errorOf(control)?.code !== errorOf(res)?.code || errorOf(control)?.message !== errorOf(res)?.message) {
            problems.push(`${label}: Acme's id answered ${res.status} ${errorOf(res)?.code} "${errorOf(res)?.message}", a missing id ${control.status} ${errorOf(control)?.code} "${errorOf(control)?.message}"`);
          }
        }
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }

  it("Acme's lists stay Acme's: Globex's filters by Acme's ids find nothing, its lists and exports name none of them", async () => {
    for (const { role } of ROLES) {
      const headers = { authorization: `Bearer ${sessions[role]}`, origin: TEST_ORIGIN };
      for (const path of [
        `/v1/invoices?subscriptionId=${fixtures.acme.subscriptionId}`,
        `/v1/credit-notes?invoiceId=${fixtures.acme.invoiceId}`,
        '/v1/subscriptions',
        '/v1/payment-methods',
        `/v1/audit-log?objectId=${fixtures.acme.subscriptionId}`,
        `/v1/audit-log?objectId=${fixtures.acme.approvalRequestId}`,
      ]) {
        const res = await sendRaw(server.url, { method: 'GET', path, headers });
        if (res.status === 403) continue;
        assert.equal(res.status, 200, `${role} ${path}: ${res.text}`);
        assert.deepEqual((res.json as { data: unknown[] }).data, [], `${role} ${path}`);
      }
      // Globex's own lists (they may hold what the sweep made Globex do) and its audit export name nothing of Acme's.
      for (const path of ['/v1/approval-requests', '/v1/quotes', '/v1/audit-log?limit=100', '/v1/audit-log/export.csv', '/v1/session']) {
        const res = await sendRaw(server.url, { method: 'GET', path, headers });
        if (res.status === 403) continue;
        assert.equal(res.status, 200, `${role} ${path}: ${res.text}`);
        assert.deepEqual(acmeIds.filter((id) => res.text.includes(id)), [], `${role} ${path}: carries Acme's ids`);
      }
    }
  });
});
