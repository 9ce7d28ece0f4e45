// A transaction Postgres aborts for a deadlock (40P01) or a serialization failure (40001) runs again,
// bounded and with jitter, through the one mechanism every transaction shares (db/retry.ts); what a
// lost attempt wrote is rolled back, what it put in memory is rewound, and a client sees 409
// concurrent_update only once the attempts have run out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_RETRY, isRetryableConflict, retryConflicts, retryDelay, rewindingDatabase } from '../../src/db/retry.js';
import { pgErrorCode } from '../../src/db/codes.js';
import type { Database } from '../../src/db/types.js';
import { handlers as builtIn } from '../../src/handlers/index.js';
import { openTestDatabase, startTestServer, type TestServer } from '../harness.js';

/** An error as pg and PGlite raise it for `code`. */
const pgError = (code: string) => Object.assign(new Error(`SQLSTATE ${code}`), { code });
const onPostgres = process.env.SUBKIT_TEST_DB === 'postgres';

describe('retryConflicts', () => {
  test('runs again after 40001 and 40P01 only, at most `attempts` times in all', async () => {
    for (const code of ['40001', '40P01']) {
      let calls = 0;
      const value = await retryConflicts(async () => {
        calls += 1;
        if (calls < 3) throw pgError(code);
        return 'done';
      });
      assert.deepEqual([value, calls], ['done', 3], code);
    }
    let calls = 0;
    await assert.rejects(
      retryConflicts(async () => {
        calls += 1;
        throw pgError('40001');
      }),
      (err: any) => err.code === '40001',
    );
    assert.equal(calls, DEFAULT_RETRY.attempts, 'the last conflict is thrown once the attempts ran out');
    for (const err of [pgError('23505'), pgError('40000'), new Error('boom')]) {
      let once = 0;
      await assert.rejects(retryConflicts(async () => ++once && Promise.reject(err)), err);
      assert.equal(once, 1, `${(err as any).code ?? 'plain'} is not retried`);
    }
    assert.deepEqual([isRetryableConflict(null), isRetryableConflict({ code: 40001 })], [false, false]);
  });

  test('waits a jittered, growing, capped time between attempts', () => {
    const policy = { attempts: 9, baseDelayMs: 10, maxDelayMs: 50 };
    assert.deepEqual([1, 2, 3, 4, 8].map((n) => retryDelay({ ...policy, random: () => 0.999 }, n)), [9, 19, 39, 49, 49]);
    assert.deepEqual([1, 4].map((n) => retryDelay({ ...policy, random: () => 0 }, n)), [0, 0]);
    const seen = new Set(Array.from({ length: 50 }, () => retryDelay(policy, 3)));
    assert.ok(seen.size > 5 && [...seen].every((d) => d >= 0 && d < 40), 'spread over 0..40 ms');
  });
});

describe('Database.transaction retries a lost race', () => {
  let db: Database;
  let drop: () => Promise<void>;
  before(async () => ({ db, drop } = await openTestDatabase()));
  after(async () => {
    await db.close();
    await drop();
  });
  const name = async () => (await db.query<{ name: string }>(`SELECT name FROM companies WHERE id = 'co_acme'`)).rows[0]!.name;

  test('a lost attempt is rolled back and the next one commits once', async () => {
    const before = await name();
    let calls = 0;
    const result = await db.transaction(async (tx) => {
      calls += 1;
      await tx.query(`UPDATE companies SET name = name || '+' WHERE id = 'co_acme'`);
      if (calls < 3) throw pgError(calls === 1 ? '40P01' : '40001');
      return calls;
    });
    assert.equal(result, 3);
    assert.equal(await name(), `${before}+`, 'the two lost attempts left nothing');
    await db.query(`UPDATE companies SET name = $1 WHERE id = 'co_acme'`, [before]);
  });

  test('memory a transaction fills is rewound before each attempt (rewindingDatabase)', async () => {
    const seen: number[] = [];
    const view = rewindingDatabase(db, () => seen.length, (mark) => void (seen.length = mark));
    seen.push(0);
    let calls = 0;
    await view.transaction(async () => {
      calls += 1;
      seen.push(calls);
      if (calls < 2) throw pgError('40P01');
    });
    assert.deepEqual(seen, [0, 2], 'the lost attempt’s entry is gone, the kept one stays');
    assert.equal(view.store, db);
  });

  test('a real deadlock between two transactions: Postgres aborts one, it runs again, both commit', { skip: !onPostgres && 'PGlite has one connection: no two transactions wait on each other' }, async () => {
    await db.query(`UPDATE companies SET billing_email = billing_email WHERE id IN ('co_acme', 'co_globex')`);
    let calls = 0;
    let arrived = 0;
    const lost: string[] = [];
    let release!: () => void;
    const bothLocked = new Promise<void>((resolve) => (release = resolve));
    // Each locks one row, waits until the other locked the other one, then asks for it: a deadlock on the first attempt.
    const crossing = (first: string, second: string) =>
      db.transaction(async (tx) => {
        calls += 1;
        try {
          await tx.query(`UPDATE companies SET name = name WHERE id = $1`, [first]);
          if (calls <= 2 && ++arrived === 2) release();
          await Promise.race([bothLocked, new Promise((r) => setTimeout(r, 5_000))]);
          await tx.query(`UPDATE companies SET name = name WHERE id = $1`, [second]);
          return first;
        } catch (err) {
          lost.push(`${first}: ${pgErrorCode(err) ?? String(err)}`);
          throw err;
        }
      });
    assert.deepEqual(await Promise.all([crossing('co_acme', 'co_globex'), crossing('co_globex', 'co_acme')]), ['co_acme', 'co_globex']);
    // Postgres breaks the cycle by aborting one of the two. Once in a CI run under heavy load a fourth attempt ran
    // (2026-12-02, cause not seen): every attempt lost must be a deadlock, and each ran again — nothing else.
    assert.ok(lost.length >= 1 && lost.every((l) => l.endsWith(': 40P01')), `attempts lost: ${lost.join('; ') || 'none'}`);
    assert.equal(calls, 2 + lost.length, 'each lost attempt ran once more, and only those');
  });
});

describe('a client sees 409 concurrent_update only after the attempts ran out', () => {
  let server: TestServer;
  let failures = 0;
  let calls = 0;
  before(async () => {
    server = await startTestServer({
      handlers: {
        // Minting a session, preceded by a write that loses `failures` races.
        createSession: async (ctx, input) => {
          await ctx.db.transaction(async (tx) => {
            calls += 1;
            await tx.query(`UPDATE companies SET name = name || '+' WHERE id = 'co_acme'`);
            if (calls <= failures) throw pgError('40001');
          });
          return builtIn.createSession!(ctx, input);
        },
      },
    });
  });
  after(async () => {
    assert.deepEqual(server.serverErrors, []);
    await server.close();
  });
  const mint = () => server.request('POST', '/v1/sessions', { token: server.config.secretKey, body: { customerId: 'acme-admin', companyId: 'co_acme' } });
  const name = async () => (await server.db.query<{ name: string }>(`SELECT name FROM companies WHERE id = 'co_acme'`)).rows[0]!.name;

  test('lost races within the attempts: 200, written once', async () => {
    const before = await name();
    [calls, failures] = [0, DEFAULT_RETRY.attempts - 1];
    const res = await mint();
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(calls, DEFAULT_RETRY.attempts);
    assert.equal(await name(), `${before}+`);
  });

  test('every attempt lost: 409 concurrent_update, nothing written', async () => {
    const before = await name();
    [calls, failures] = [0, Number.POSITIVE_INFINITY];
    const res = await mint();
    assert.equal(res.status, 409);
    assert.deepEqual([res.body.error.type, res.body.error.code], ['conflict_error', 'concurrent_update']);
    assert.equal(calls, DEFAULT_RETRY.attempts);
    assert.equal(await name(), before);
  });
});
