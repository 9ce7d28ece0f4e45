/**
 * The audit log (issue #17): changes to members, payment methods and subscriptions are recorded in the
 * transaction of the change with who (member and role, or the merchant's key), when, and before/after;
 * billing admins page and export it, the merchant lists it; the billing run on its own is not an actor.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { asBuyer, card, CARDS, checkout, expectError, expectStatus, MONTHLY } from '../billing/helpers.js';

interface Entry {
  action: string;
  objectType: string;
  objectId: string;
  at: string;
  actor: { type: string; memberId: string | null; name: string | null; role: string | null; key: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

describe('governance: audit log', () => {
  const suite = testServerOfSuite();
  const as = async (customerId: string) => suite.server.mintSession(customerId, { ttlSeconds: 3600 });
  const call = (token: string, method: string, path: string, body?: unknown) => suite.server.request(method, path, { token, ...(body === undefined ? {} : { body }) });

  test('members, payment methods and subscriptions: who, when, before and after; the billing run is no actor', async () => {
    suite.server.clock.set(new Date('2026-05-04T10:00:00.000Z'));
    const admin = await as('globex-admin');
    const added = await call(admin, 'POST', '/v1/members', { customerId: 'globex-analyst', email: 'analyst@globex.example', name: 'Ana Lyst', role: 'viewer' });
    expectStatus(added, 200);
    suite.server.clock.set(new Date('2026-05-04T10:05:00.000Z'));
    expectStatus(await call(admin, 'PATCH', `/v1/members/${added.body.id}`, { role: 'purchaser' }), 200);
    const merchantAdded = await suite.server.request('POST', '/v1/companies/co_globex/members', {
      token: suite.server.config.secretKey, body: { customerId: 'globex-cfo', email: 'cfo@globex.example', name: 'Carla Fo', role: 'billing_admin' },
    });
    expectStatus(merchantAdded, 200);
    const buyer = await asBuyer(suite.server, 'globex-admin');
    const sub = (await checkout(buyer, { planId: 'plan_portal_starter', currency: 'USD', recurring: MONTHLY, quantity: 3, payment: { method: 'card', testCard: card(CARDS.success) } })).subscription;
    // The renewal by the billing run is the engine's: not in the audit log (its events are in the event log).
    expectStatus(await suite.server.request('POST', '/v1/test-clock/advance', { token: suite.server.config.secretKey, body: { by: 'P1M' } }), 200);

    const log = await call(await as('globex-admin'), 'GET', '/v1/audit-log?limit=100');
    expectStatus(log, 200);
    const entries = (log.body.data as Entry[]).slice().reverse();
    const member = entries.filter((e) => e.objectId === added.body.id);
    assert.deepEqual(member.map((e) => [e.action, e.at, e.actor.name, e.actor.role]), [
      ['member.created', '2026-05-04T10:00:00.000Z', 'Dana Whitfield', 'billing_admin'],
      ['member.updated', '2026-05-04T10:05:00.000Z', 'Dana Whitfield', 'billing_admin'],
    ]);
    assert.equal(member[0]!.after!.email, 'analyst@globex.example');
    assert.deepEqual([member[1]!.before, member[1]!.after], [{ role: 'viewer' }, { role: 'purchaser' }]);
    assert.match(member[0]!.requestId ?? '', /^req_/);
    const byMerchant = entries.find((e) => e.objectId === merchantAdded.body.id)!;
    assert.equal(byMerchant.actor.type, 'merchant');
    // A buyer sees the merchant's change as the merchant's, never which of the merchant's credentials made it.
    assert.deepEqual(byMerchant.actor, { type: 'merchant', memberId: null, name: null, role: null, key: null });
    assert.doesNotMatch(JSON.stringify(log.body), /secret_key|merchant_session/);
    const card_ = entries.find((e) => e.objectType === 'payment_method' && e.action === 'payment_method.created')!;
    assert.equal(card_.after!.last4, '4242');
    assert.equal('processorRef' in card_.after!, false, 'processor references stay out of the log');
    const subEntries = entries.filter((e) => e.objectId === sub.id);
    assert.ok(subEntries.length >= 1 && subEntries.every((e) => e.actor.type === 'member'), JSON.stringify(subEntries.map((e) => [e.action, e.actor.type])));
    assert.ok(!subEntries.some((e) => e.action === 'subscription.updated' && e.after && 'currentPeriodStart' in e.after), 'the renewal is not audited');
    const renewed = await call(await as('globex-admin'), 'GET', `/v1/subscriptions/${sub.id}`);
    assert.equal(renewed.body.currentPeriodStart, '2026-06-04T10:05:00.000Z', 'the renewal did happen');

    // Paged: every entry once, in order.
    const pages: Entry[] = [];
    let cursor: string | null = null;
    const token = await as('globex-admin');
    do {
      const page = await call(token, 'GET', `/v1/audit-log?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expectStatus(page, 200);
      pages.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(pages.map((e) => e.action + e.objectId), (log.body.data as Entry[]).map((e) => e.action + e.objectId));

    // Another company's log holds none of it; the merchant lists it per company.
    const acme = await call(await as('acme-admin'), 'GET', '/v1/audit-log?limit=100');
    assert.ok(!(acme.body.data as Entry[]).some((e) => e.objectId === added.body.id));
    const merchant = await suite.server.request('GET', `/v1/companies/co_globex/audit-log?objectType=member&limit=100`, { token: suite.server.config.secretKey });
    expectStatus(merchant, 200);
    assert.equal((merchant.body.data as Entry[]).length, 3);
    // The merchant's own listing names the key by its last characters.
    const ownChange = (merchant.body.data as Entry[]).find((e) => e.objectId === merchantAdded.body.id)!;
    assert.equal(ownChange.actor.key, `secret_key …${suite.server.config.secretKey.slice(-4)}`);

    // CSV for the company's records.
    const csv = await call(token, 'GET', '/v1/audit-log/export.csv?objectType=member');
    expectStatus(csv, 200);
    const lines = (csv.body as string).trim().split('\r\n');
    assert.equal(lines[0], 'id,at,actor_type,member_id,member_name,role,key,action,object_type,object_id,before,after,request_id');
    assert.equal(lines.length, 4);
    assert.ok(lines.some((l) => l.includes('member.updated') && l.includes('"{""role"":""viewer""}"')));
    const merchantLine = lines.find((l) => l.includes(merchantAdded.body.id) && l.includes('member.created'))!;
    assert.match(merchantLine, /,merchant,,,,,member\.created,/, 'the CSV names the merchant without its key');
  });

  test('hostile queries are 400s, roles below billing admin 403s, unknown companies 404s', async () => {
    const admin = await as('globex-admin');
    expectError(await call(admin, 'GET', '/v1/audit-log?cursor=bm9wZQ'), 400, 'invalid_cursor', 'cursor');
    expectError(await call(admin, 'GET', `/v1/audit-log?cursor=${Buffer.from('["2026-01-01 00:00:00+00","x"]').toString('base64url')}`), 400, 'invalid_cursor', 'cursor');
    expectError(await call(admin, 'GET', '/v1/audit-log?limit=100000'), 400, 'parameter_invalid');
    expectError(await call(admin, 'GET', '/v1/audit-log?since=yesterday'), 400, 'parameter_invalid');
    expectError(await call(admin, 'GET', '/v1/audit-log?objectType=credit_note'), 400, 'parameter_invalid');
    expectError(await call(admin, 'GET', '/v1/audit-log/export.csv?limit=5'), 400, 'parameter_unknown');
    expectError(await call(await as('globex-purchaser'), 'GET', '/v1/audit-log'), 403, 'insufficient_role');
    expectError(await suite.server.request('GET', '/v1/companies/co_nope/audit-log', { token: suite.server.config.secretKey }), 404, 'resource_missing', 'companyId');
    expectError(await suite.server.request('GET', '/v1/companies/a%2Fb/audit-log', { token: suite.server.config.secretKey }), 400, 'parameter_invalid');
  });
});
