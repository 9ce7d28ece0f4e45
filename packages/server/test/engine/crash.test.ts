// Crash safety and concurrency of the billing run (issue #10), on the suite's database (PGlite, or the
// Postgres server of SUBKIT_TEST_DATABASE_URL): a worker process SIGKILLed in the middle of its charges
// and run again, and two workers at once (two processes on Postgres; two runs in one process on PGlite,
// whose database has one connection). After each: every due subscription renewed once — no duplicate
// and no missing invoice — each card invoice charged exactly once (one processor charge per invoice, the
// re-issued attempt answered from the processor's books), invoice numbers without a gap, one
// invoice.created event per invoice.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { generateKeys } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import type { Database } from '../../src/db/types.js';
import { runBilling, runEnv } from '../../src/engine/run/index.js';
import { seedDueSubscriptions } from '../../bench/due.js';
import { openTestDatabase, pgliteDump } from '../harness.js';

const AT = new Date('2027-06-01T00:00:00.000Z');
const MINUTE = 60_000;
const COUNT = 160;
const onPostgres = process.env.SUBKIT_TEST_DB === 'postgres';
const config = loadConfig({}, { ...generateKeys('test'), allowedOrigins: ['http://crash.local'] });

/** Where a worker process finds the database. */
type Target = { url: string } | { dataDir: string };

/** A fresh database with N subscriptions due at AT; PGlite in a data folder a child process can open. */
async function dueDatabase(): Promise<{ target: Target; open: () => Promise<Database>; drop: () => Promise<void>; count: number; byCard: number }> {
  if (onPostgres) {
    const { db, drop, url } = await openTestDatabase();
    const seeded = await seedDueSubscriptions(db, config, { count: COUNT, at: AT });
    await db.close();
    return { target: { url: url! }, open: () => openDatabase({ url: url! }), drop, count: seeded.count, byCard: seeded.byCard };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'subkit-crash-'));
  const db = await openDatabase({ dataDir, loadDataDir: await pgliteDump() });
  const seeded = await seedDueSubscriptions(db, config, { count: COUNT, at: AT });
  await db.close();
  return {
    target: { dataDir },
    open: () => openDatabase({ dataDir }),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    count: seeded.count,
    byCard: seeded.byCard,
  };
}

const WORKER = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));

interface WorkerOptions {
  until: Date;
  batchSize: number;
  dieAfterCharges?: number;
  delayMs?: number;
}

interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  charged: string[];
  out: string;
  err: string;
}

/** Starts a worker process; `done` resolves its exit signal and the keys it charged. With `together` it waits for `go()` once `ready`. */
function spawnWorker(target: Target, opts: WorkerOptions & { together?: boolean }) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify({ ...target, ...opts, until: opts.until.toISOString() })], {
    stdio: [opts.together ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let isReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    if (/^ready$/m.test(out)) isReady();
  });
  child.stderr!.on('data', (chunk) => (err += chunk));
  const done = new Promise<WorkerExit>((resolve) => {
    child.on('close', (code, signal) => {
      isReady();
      resolve({ code, signal, charged: [...out.matchAll(/^charge (\S+)$/gm)].map((m) => m[1]!), out, err });
    });
  });
  return { ready, go: () => child.stdin?.end('go\n'), done };
}

/** Runs a worker process to its end (or its death). */
function worker(target: Target, opts: WorkerOptions): Promise<WorkerExit> {
  return spawnWorker(target, opts).done;
}

/** Runs worker processes that start their runs at the same instant (each waits until all have booted). */
async function workersTogether(target: Target, opts: WorkerOptions, n: number): Promise<WorkerExit[]> {
  const workers = Array.from({ length: n }, () => spawnWorker(target, { ...opts, together: true }));
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  return Promise.all(workers.map((w) => w.done));
}

/** The books after the runs: what a crash or a race could have broken. */
async function assertBooks(db: Database, expected: { count: number; byCard: number }) {
  const one = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: number }>(sql, params)).rows[0]!.n);
  // Every due subscription renewed exactly once.
  assert.equal(await one(`SELECT count(*)::int AS n FROM subscriptions WHERE current_period_start = $1`, [AT]), expected.count, 'every subscription is in its new period');
  assert.equal(
    await one(`SELECT count(*)::int AS n FROM invoices WHERE billing_reason = 'subscription_cycle' AND period_start = $1`, [AT]),
    expected.count,
    'one renewal invoice per subscription: none missing, none twice',
  );
  assert.equal(
    await one(`SELECT count(*)::int AS n FROM (SELECT subscription_id FROM invoices WHERE billing_reason = 'subscription_cycle' GROUP BY subscription_id, period_start HAVING count(*) > 1) d`),
    0,
  );
  // Card invoices: one attempt each, succeeded, paid; the processor charged each once.
  const card = await db.query<{ id: string; status: string; amount_due: number; attempts: number; succeeded: number; charges: number }>(
    `SELECT i.id, i.status, i.amount_due,
            (SELECT count(*)::int FROM payments p WHERE p.invoice_id = i.id) AS attempts,
            (SELECT count(*)::int FROM payments p WHERE p.invoice_id = i.id AND p.status = 'succeeded' AND p.amount = i.amount_due) AS succeeded,
            (SELECT count(*)::int FROM test_processor_charges c WHERE c.idempotency_key LIKE i.id || ':%') AS charges
       FROM invoices i WHERE i.billing_reason = 'subscription_cycle' AND i.period_start = $1 AND i.collection_method = 'charge_automatically'`,
    [AT],
  );
  assert.equal(card.rows.length, expected.byCard);
  const wrong = card.rows.filter((r) => r.status !== 'paid' || r.attempts !== 1 || r.succeeded !== 1 || r.charges !== 1);
  assert.deepEqual(wrong, [], 'each card invoice: one attempt, succeeded, one processor charge, paid');
  // Gapless numbers over every invoice of the merchant.
  const numbers = (await db.query<{ number: string }>(`SELECT number FROM invoices`)).rows.map((r) => Number(r.number.replace(/\D/g, ''))).sort((a, b) => a - b);
  assert.equal(numbers.at(-1)! - numbers[0]! + 1, numbers.length, 'invoice numbers have no gap');
  // One created event per invoice (a rolled-back batch left none behind).
  assert.equal(
    await one(`SELECT count(*)::int AS n FROM (SELECT object_id FROM events WHERE type = 'invoice.created' GROUP BY 1 HAVING count(*) > 1) d`),
    0,
    'no invoice.created twice',
  );
  assert.equal(
    await one(`SELECT count(*)::int AS n FROM invoices i WHERE i.period_start = $1 AND billing_reason = 'subscription_cycle'
                AND NOT EXISTS (SELECT 1 FROM events e WHERE e.type = 'invoice.created' AND e.object_id = i.id)`, [AT]),
    0,
    'every renewal invoice has its event',
  );
}

describe(`billing run crash safety and concurrency (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups) await c();
  });

  test('a worker SIGKILLed between a charge and its answer, then run again: every renewal once, every card charged once', { timeout: 10 * MINUTE }, async () => {
    const due = await dueDatabase();
    cleanups.push(due.drop);
    const killed = await worker(due.target, { until: new Date(AT.getTime() + 2 * MINUTE), batchSize: 20, dieAfterCharges: 7 });
    assert.equal(killed.signal, 'SIGKILL', `the worker died mid-run: ${killed.err}`);
    assert.ok(killed.charged.length >= 7 && killed.charged.length < due.byCard, `killed after ${killed.charged.length} of ${due.byCard} charges`);
    const db = await due.open();
    try {
      const renewed = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM subscriptions WHERE current_period_start = $1`, [AT])).rows[0]!.n);
      assert.ok(renewed > 0 && renewed < due.count, `the crash left the run half done (${renewed} of ${due.count})`);
      const pending = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE status = 'pending'`)).rows[0]!.n);
      assert.ok(pending > 0, 'attempts recorded but unanswered');
    } finally {
      await db.close();
    }
    // A later run (past the minute after which an unanswered attempt counts as lost) finishes the work.
    const rerun = await worker(due.target, { until: new Date(AT.getTime() + 10 * MINUTE), batchSize: 20 });
    assert.equal(rerun.code, 0, rerun.err);
    // The re-issued attempts keep their keys: no key of the first worker is charged under another.
    const keys = [...killed.charged, ...rerun.charged];
    assert.ok(keys.every((k) => k.endsWith(':attempt:1')), 'only first attempts');
    const after = await due.open();
    try {
      await assertBooks(after, due);
    } finally {
      await after.close();
    }
  });

  test('two workers at once share the run: every renewal once, every card charged once', { timeout: 10 * MINUTE }, async () => {
    const due = await dueDatabase();
    cleanups.push(due.drop);
    const until = new Date(AT.getTime() + 2 * MINUTE);
    if (onPostgres) {
      // Both processes boot, then start together (a loaded machine boots one much later than the other);
      // charges slow enough that neither can finish before the other has claimed (each runs two batches at once).
      const [a, b] = await workersTogether(due.target, { until, batchSize: 10, delayMs: 40 }, 2);
      assert.ok(a && b);
      assert.equal(a.code, 0, a.err);
      assert.equal(b.code, 0, b.err);
      assert.ok(a.charged.length > 0 && b.charged.length > 0, `both workers charged (${a.charged.length} and ${b.charged.length})`);
      assert.equal(new Set([...a.charged, ...b.charged]).size, a.charged.length + b.charged.length, 'no invoice charged by both');
    } else {
      // PGlite has one connection: two runs in one process interleave their batches on it.
      const db = await due.open();
      try {
        const [a, b] = [runEnv(db, config), runEnv(db, config)];
        await Promise.all([runBilling(a, { until, batchSize: 10 }), runBilling(b, { until, batchSize: 10 })]);
        assert.equal(a.report.renewals + b.report.renewals, due.count, `renewals split ${a.report.renewals} + ${b.report.renewals}`);
        assert.ok(a.report.renewals > 0 && b.report.renewals > 0, 'both runs took batches');
      } finally {
        await db.close();
      }
    }
    const db = await due.open();
    try {
      await assertBooks(db, due);
    } finally {
      await db.close();
    }
  });
});
