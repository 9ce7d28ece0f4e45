import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { upsertCompany } from '../../src/handlers/platform/companies.js';
import { startTestServer, type TestServer } from '../harness.js';

describe('Idempotency-Key', () => {
  let server: TestServer;
  let failNext = 0;
  let gate: { entered: () => void; release: Promise<void> } | undefined;
  before(async () => {
    server = await startTestServer({
      handlers: {
        // The real handler, with switches: fail like a crashed dependency, or hold still until the test lets go.
        upsertCompany: async (ctx, input) => {
          if (gate) {
            const g = gate;
            gate = undefined;
            g.entered();
            await g.release;
          }
          if (failNext > 0) {
            failNext--;
            throw new Error('simulated outage');
          }
          return upsertCompany(ctx, input);
        },
      },
    });
  });
  after(() => server.close());

  const companiesNamed = async (name: string) =>
    (await server.db.query<{ id: string }>('SELECT id FROM companies WHERE name = $1', [name])).rows.map((r) => r.id);
  const post = (body: unknown, key?: string, token = server.config.secretKey) =>
    server.request('POST', '/v1/companies', { token, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });

  it('without a key, two identical POSTs create two objects (the control case)', async () => {
    const name = `Control ${randomUUID()}`;
    await post({ name });
    await post({ name });
    assert.equal((await companiesNamed(name)).length, 2);
  });

  it('replays the first response for the same key and body, marked Idempotent-Replayed', async () => {
    const name = `Initech ${randomUUID()}`;
    const key = randomUUID();
    const first = await post({ name, paymentTermsDays: 45 }, key);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    // Key order of the JSON does not make it another request.
    const second = await post({ paymentTermsDays: 45, name }, key);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(second.body, first.body);
    assert.deepEqual(await companiesNamed(name), [first.body.id]);
  });

  it('the same key with a different body is a 422 idempotency_error and changes nothing', async () => {
    const name = `Umbrella ${randomUUID()}`;
    const key = randomUUID();
    assert.equal((await post({ name }, key)).status, 200);
    const other = await post({ name: `${name} Ltd` }, key);
    assert.equal(other.status, 422);
    assert.equal(other.body.error.type, 'idempotency_error');
    assert.equal(other.body.error.param, 'Idempotency-Key');
    assert.equal((await companiesNamed(`${name} Ltd`)).length, 0);
  });

  it('the same key on another endpoint is a 422 too', async () => {
    const key = randomUUID();
    assert.equal((await post({ name: `Hooli ${randomUUID()}` }, key)).status, 200);
    const res = await server.request('POST', '/v1/sessions', {
      token: server.config.secretKey,
      body: { customerId: 'acme-admin', companyId: 'co_acme' },
      headers: { 'idempotency-key': key },
    });
    assert.equal(res.status, 422);
  });

  it('concurrent duplicates never make a second object: one runs, the others wait their turn (409) or replay it', async () => {
    const name = `Soylent ${randomUUID()}`;
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => post({ name }, key)));
    const statuses = results.map((r) => r.status);
    assert.ok(statuses.every((s) => s === 200 || s === 409), `statuses ${statuses}`);
    for (const r of results.filter((r) => r.status === 409)) assert.equal(r.body.error.code, 'idempotency_key_in_use');
    const ids = new Set(results.filter((r) => r.status === 200).map((r) => r.body.id));
    assert.equal(ids.size, 1, 'every success names the same company');
    assert.deepEqual(await companiesNamed(name), [...ids]);
    const retry = await post({ name }, key);
    assert.equal(retry.status, 200);
    assert.deepEqual([retry.body.id], [...ids]);
  });

  it('a duplicate that arrives while the first is still running gets 409 idempotency_key_in_use, then the replay', async () => {
    const name = `Cyberdyne ${randomUUID()}`;
    const key = randomUUID();
    let release!: () => void;
    const entered = new Promise<void>((resolve) => {
      gate = { entered: resolve, release: new Promise<void>((r) => (release = r)) };
    });
    const first = post({ name }, key);
    await entered;
    const duplicate = await post({ name }, key);
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.type, 'conflict_error');
    assert.equal(duplicate.body.error.code, 'idempotency_key_in_use');
    release();
    const done = await first;
    assert.equal(done.status, 200);
    const replay = await post({ name }, key);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body.id, done.body.id);
    assert.equal((await companiesNamed(name)).length, 1);
  });

  it('a failed (5xx) first attempt releases the key, so the retry runs', async () => {
    const name = `Vandelay ${randomUUID()}`;
    const key = randomUUID();
    failNext = 1;
    const failed = await post({ name }, key);
    assert.equal(failed.status, 500);
    server.serverErrors.length = 0;
    assert.equal((await companiesNamed(name)).length, 0);
    const retry = await post({ name }, key);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get('idempotent-replayed'), null);
    assert.equal((await companiesNamed(name)).length, 1);
  });

  it('a 4xx answer is stored and replayed like a success', async () => {
    const key = randomUUID();
    const body = { customerId: 'ghost', email: 'ghost@example.com', name: 'Ghost', role: 'viewer' };
    const first = await server.request('POST', '/v1/companies/co_missing/members', { token: server.config.secretKey, body, headers: { 'idempotency-key': key } });
    assert.equal(first.status, 404);
    const again = await server.request('POST', '/v1/companies/co_missing/members', { token: server.config.secretKey, body, headers: { 'idempotency-key': key } });
    assert.equal(again.status, 404);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
  });

  it('keys belong to one caller: two buyers may use the same key for their own requests', async () => {
    const key = randomUUID();
    const acme = await server.mintSession('acme-admin');
    const globex = await server.mintSession('globex-admin');
    const member = (customerId: string) => ({ customerId, email: `${customerId}@example.com`, name: 'Same Key', role: 'viewer' });
    const a = await server.request('POST', '/v1/members', { token: acme, body: member('same-key-a'), headers: { 'idempotency-key': key } });
    const g = await server.request('POST', '/v1/members', { token: globex, body: member('same-key-a'), headers: { 'idempotency-key': key } });
    assert.equal(a.status, 200);
    assert.equal(g.status, 200);
    assert.equal(g.headers.get('idempotent-replayed'), null);
    assert.notEqual(a.body.id, g.body.id);
    assert.equal(a.body.companyId, 'co_acme');
    assert.equal(g.body.companyId, 'co_globex');
  });

  it('a malformed key is a 400 on Idempotency-Key', async () => {
    const res = await post({ name: 'Too long' }, 'k'.repeat(256));
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'Idempotency-Key');
  });
});
