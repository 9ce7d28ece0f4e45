/**
 * Crash safety of Idempotency-Keys (issue #10): the answer is stored in the transaction of the effect, so
 * a request that dies after COMMIT — before its answer leaves, or while it is still on its way — is
 * replayed byte for byte by the retry, never run twice. On PostgreSQL the process is really killed
 * (SIGKILL) after COMMIT; on both databases the death is simulated in-process.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { createSubkitApp } from '../../src/app.js';
import { recordEvent } from '../../src/db/events.js';
import type { Sql } from '../../src/db/types.js';
import { upsertCompany } from '../../src/handlers/platform/companies.js';
import type { Handlers } from '../../src/handlers/types.js';
import { asBuyer, IDS, MONTHLY } from '../billing/helpers.js';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';
import { sendRaw } from '../fuzz/raw.js';

/** What the overridden handler does after the real one committed. */
let afterCommit: (() => Promise<void>) | undefined;
/** Held before the real handler runs, until released. */
let beforeEffect: { entered: () => void; release: Promise<void> } | undefined;

const crashingUpsert: Handlers['upsertCompany'] = async (ctx, input) => {
  const gate = beforeEffect;
  beforeEffect = undefined;
  if (gate) {
    gate.entered();
    await gate.release;
  }
  const company = await upsertCompany(ctx, input);
  const then = afterCommit;
  afterCommit = undefined;
  await then?.();
  return company;
};

/** A write step whose result is not the endpoint's answer (like recording a charge attempt before calling a processor). */
const stepThenFail: Handlers['upsertCompany'] = async (ctx, input) => {
  await ctx.db.transaction((tx: Sql) =>
    recordEvent(tx, { type: 'company.updated', companyId: null, mode: 'test', object: { id: `step_${randomUUID()}`, object: 'company' }, at: new Date() }),
  );
  void input;
  throw new Error('the process failed between two steps');
};

describe('Idempotency-Key: crash after COMMIT', () => {
  let server: TestServer;
  let step: TestServer;
  before(async () => {
    server = await startTestServer({ handlers: { upsertCompany: crashingUpsert } });
    step = await startTestServer({ handlers: { upsertCompany: stepThenFail } });
  });
  after(async () => {
    await server.close();
    await step.close();
  });

  const companiesNamed = async (s: TestServer, name: string) => (await s.db.query<{ id: string }>('SELECT id FROM companies WHERE name = $1', [name])).rows;
  const post = (s: TestServer, name: string, key: string) =>
    sendRaw(s.url, {
      method: 'POST',
      path: '/v1/companies',
      headers: { authorization: `Bearer ${s.config.secretKey}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ name, paymentTermsDays: 45 }),
    });

  it('a request that fails after its effect committed is replayed by the retry, not run again', async () => {
    const name = `Crash ${randomUUID()}`;
    const key = randomUUID();
    afterCommit = async () => {
      throw new Error('the process died after COMMIT');
    };
    const first = await post(server, name, key);
    assert.equal(first.status, 500);
    server.serverErrors.length = 0;
    const [company] = await companiesNamed(server, name);
    assert.ok(company, 'the effect committed');
    const retry = await post(server, name, key);
    assert.equal(retry.status, 200, retry.text);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal((retry.json as { id: string }).id, company.id);
    assert.equal((await companiesNamed(server, name)).length, 1, 'one company, not two');
  });

  it('while the first answer is still on its way, a retry already replays it (the answer committed with the effect)', async () => {
    const name = `Slow ${randomUUID()}`;
    const key = randomUUID();
    let release!: () => void;
    let committed!: () => void;
    const effectDone = new Promise<void>((resolve) => (committed = resolve));
    afterCommit = () => {
      committed();
      return new Promise<void>((resolve) => (release = resolve));
    };
    const first = post(server, name, key);
    await effectDone;
    const retry = await post(server, name, key);
    assert.equal(retry.status, 200, retry.text);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    release();
    const original = await first;
    assert.equal(original.status, 200);
    assert.equal(retry.text, original.text, 'the replay is the same bytes as the first answer');
    assert.equal((await companiesNamed(server, name)).length, 1);
  });

  it('a claim abandoned before any effect is taken over after a minute; the late original then cannot commit', async () => {
    const name = `Abandoned ${randomUUID()}`;
    const key = randomUUID();
    let release!: () => void;
    const entered = new Promise<void>((resolve) => {
      beforeEffect = { entered: resolve, release: new Promise<void>((r) => (release = r)) };
    });
    const first = post(server, name, key);
    await entered;
    assert.equal((await post(server, name, key)).status, 409, 'still running: the duplicate waits its turn');
    await server.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '2 minutes' WHERE key = $1`, [key]);
    const takeover = await post(server, name, key);
    assert.equal(takeover.status, 200, takeover.text);
    assert.equal(takeover.headers['idempotent-replayed'], undefined, 'the retry ran');
    release();
    const late = await first;
    assert.equal(late.status, 409, late.text);
    assert.equal((late.json as { error: { code: string } }).error.code, 'idempotency_key_in_use');
    assert.deepEqual((await companiesNamed(server, name)).map((c) => c.id), [(takeover.json as { id: string }).id], 'the late original wrote nothing');
    const replay = await post(server, name, key);
    assert.equal(replay.text, takeover.text);
  });

  it('a key whose first step committed is never run again, even after a minute: the retry gets 409', async () => {
    const key = randomUUID();
    const first = await post(step, 'Stepper', key);
    assert.equal(first.status, 500);
    step.serverErrors.length = 0;
    await step.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '2 minutes' WHERE key = $1`, [key]);
    const retry = await post(step, 'Stepper', key);
    assert.equal(retry.status, 409, retry.text);
    const { rows } = await step.db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE object_id LIKE 'step_%'");
    assert.equal(rows[0]!.n, 1, 'the step ran once');
  });

  it('five concurrent checkouts with one key buy one subscription; the others replay it or are told to wait', async () => {
    const acme = await asBuyer(server, 'acme-purchaser');
    const key = `checkout-${randomUUID()}`;
    const before = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM subscriptions WHERE company_id = 'co_acme'");
    const order = { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 5, payment: { method: 'invoice', poNumber: 'PO-RACE' } };
    const results = await Promise.all(Array.from({ length: 5 }, () => acme.post('/v1/checkout', order, { 'idempotency-key': key })));
    const statuses = results.map((r) => r.status).sort();
    assert.ok(statuses.every((s) => s === 200 || s === 409), `statuses ${statuses}`);
    for (const r of results.filter((r) => r.status === 409)) assert.equal(r.body.error.code, 'idempotency_key_in_use');
    const ids = new Set(results.filter((r) => r.status === 200).map((r) => r.body.subscription.id));
    assert.equal(ids.size, 1, 'every success names the same subscription');
    const afterCount = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM subscriptions WHERE company_id = 'co_acme'");
    assert.equal(afterCount.rows[0]!.n, before.rows[0]!.n + 1);
    assert.equal(results.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null).length, 1, 'exactly one ran');
  });

  it('on PostgreSQL: a server killed (SIGKILL) right after COMMIT; a new server replays the answer', { skip: process.env.SUBKIT_TEST_DB !== 'postgres' }, async () => {
    const url = server.databaseUrl!;
    const child = fork(fileURLToPath(new URL('./crash-server.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, CRASH_DATABASE_URL: url, CRASH_SECRET_KEY: server.config.secretKey, CRASH_PUBLISHABLE_KEY: server.config.publishableKey },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`crash server exited early (${code})`)));
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const name = `Killed ${randomUUID()}`;
    const key = randomUUID();
    const request = {
      method: 'POST',
      path: '/v1/companies',
      headers: { authorization: `Bearer ${server.config.secretKey}`, 'content-type': 'application/json', 'idempotency-key': key, origin: TEST_ORIGIN },
      body: JSON.stringify({ name }),
    };
    await assert.rejects(sendRaw(`http://127.0.0.1:${port}`, request), 'the connection dies with the process');
    assert.equal(await exited, 'SIGKILL');
    assert.equal((await companiesNamed(server, name)).length, 1, 'the effect had committed');
    // A fresh server process (here: this one's app) over the same database takes the retry.
    const app = createSubkitApp({ db: server.db, config: server.config });
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    try {
      const retry = await sendRaw(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`, request);
      assert.equal(retry.status, 200, retry.text);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal((await companiesNamed(server, name)).length, 1, 'not run again');
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
