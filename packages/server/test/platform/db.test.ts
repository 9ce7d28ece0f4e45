import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import type { Database } from '../../src/db/types.js';
import { newId } from '../../src/ids.js';
import { seedDemo } from '../../src/seed/demo.js';
import { openTestDatabase } from '../harness.js';

describe(`database (${process.env.SUBKIT_TEST_DB === 'postgres' ? 'PostgreSQL server' : 'PGlite'})`, () => {
  let db: Database;
  let drop: () => Promise<void>;
  let url: string | undefined;
  before(async () => {
    ({ db, drop, url } = await openTestDatabase({ empty: true }));
  });
  after(async () => {
    await db.close();
    await drop();
  });

  it('migrates an empty database concurrently from two callers, applying each file exactly once', async () => {
    // On a server: a second pool, like a second process starting at the same time.
    const other = url ? await openDatabase({ url }) : db;
    try {
      const [a, b] = await Promise.all([migrate(db), migrate(other)]);
      const versions = listMigrations().map((m) => m.version);
      assert.deepEqual([...a, ...b].sort(), versions.sort());
      const recorded = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(recorded.rows.map((r) => r.version), versions);
      assert.deepEqual(await migrate(db), [], 'a second start applies nothing');
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('a failing migration leaves nothing behind and is not recorded', async () => {
    await assert.rejects(migrate(db, [{ version: '999_broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM half_done;' }]));
    const table = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    assert.equal(table.rowCount, 0);
    const recorded = await db.query("SELECT 1 FROM schema_migrations WHERE version = '999_broken'");
    assert.equal(recorded.rowCount, 0);
  });

  it('seeding twice keeps one copy of the demo data', async () => {
    await seedDemo(db);
    const first = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM prices) + (SELECT count(*) FROM members) AS n');
    await seedDemo(db);
    const second = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM prices) + (SELECT count(*) FROM members) AS n');
    assert.deepEqual(second.rows, first.rows);
    assert.ok(first.rows[0]!.n > 20);
  });

  it('returns bigint as safe JS numbers, numeric percentages as numbers, timestamptz as Date, jsonb parsed', async () => {
    const res = await db.query<{ amount: number; percent: number; at: Date; doc: unknown; n: number }>(
      `SELECT 9007199254740991::bigint AS amount, 19.5000::numeric(7,4) AS percent,
              '2026-01-31T23:59:59.123Z'::timestamptz AS at, '{"a":[1,"x"]}'::jsonb AS doc, count(*) AS n FROM companies`,
    );
    const row = res.rows[0]!;
    assert.equal(row.amount, Number.MAX_SAFE_INTEGER);
    assert.equal(row.percent, 19.5);
    assert.ok(row.at instanceof Date);
    assert.equal(row.at.toISOString(), '2026-01-31T23:59:59.123Z');
    assert.deepEqual(row.doc, { a: [1, 'x'] });
    assert.equal(typeof row.n, 'number');
  });

  it('refuses a bigint beyond the safe integer range instead of rounding it', async () => {
    await assert.rejects(db.query('SELECT 9007199254740993::bigint AS b'), /safe integer/);
  });

  it('round-trips jsonb parameters passed as JSON text, and arrays as Postgres arrays', async () => {
    const res = await db.query<{ doc: unknown; ids: string[] }>('SELECT $1::jsonb AS doc, $2::text[] AS ids', [JSON.stringify([{ x: 1 }]), ['a', 'b']]);
    assert.deepEqual(res.rows[0], { doc: [{ x: 1 }], ids: ['a', 'b'] });
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const id = newId('co_');
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO companies (id, name) VALUES ($1, 'Committed')", [id]);
    });
    const failed = newId('co_');
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO companies (id, name) VALUES ($1, 'Rolled back')", [failed]);
        throw new Error('abort');
      }),
      /abort/,
    );
    const rows = await db.query<{ id: string }>('SELECT id FROM companies WHERE id = ANY($1::text[])', [[id, failed]]);
    assert.deepEqual(rows.rows.map((r) => r.id), [id]);
    assert.equal(rows.rowCount, 1);
  });

  it('newId makes prefixed, 24-character base62, unique ids', () => {
    const ids = Array.from({ length: 5000 }, () => newId('sub_'));
    for (const id of ids.slice(0, 50)) assert.match(id, /^sub_[0-9A-Za-z]{24}$/);
    assert.equal(new Set(ids).size, ids.length);
  });
});
