import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database, Sql } from './types.js';
import { retryConflicts } from './retry.js';

export { PG_ERROR, pgErrorCode } from './codes.js';

/** Where the store lives: a Postgres server URL, or a PGlite data folder (`memory://` for a throwaway one). */
export interface OpenDatabaseOptions {
  /** A Postgres server (`postgres://…`); wins over `dataDir`. */
  readonly url?: string;
  /** A PGlite data folder, or `memory://`; the default is `memory://`. */
  readonly dataDir?: string;
  /** PGlite only: start from a `dumpDataDir` tarball instead of an empty cluster (fast test clones). */
  readonly loadDataDir?: Blob;
}

const INT8 = 20;
const NUMERIC = 1700;

/** int8 columns hold minor units and counts: numbers in JS, refusing values a double cannot hold exactly. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is outside JavaScript's safe integer range`);
  return n;
}

/** numeric columns are only percentages (tax rates, promo percent-off): a double holds them exactly enough. */
const parseNumeric = (value: string): number => Number(value);

const normalize = (result: { rows: unknown[]; rowCount?: number | null; affectedRows?: number }) => ({
  rows: result.rows,
  rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
});

/** Opens the store: a `pg` pool when `url` is given, else PGlite (`dataDir` path or `memory://`). */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  if (opts.url) return openPostgres(opts.url);
  return openPglite(opts.dataDir ?? 'memory://', opts.loadDataDir);
}

/** A PGlite-backed store; `pglite` is exposed for dumps (test clones). */
export interface PgliteDatabase extends Database {
  readonly kind: 'pglite';
  readonly pglite: PGlite;
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<PgliteDatabase> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir,
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { [INT8]: parseInt8, [NUMERIC]: parseNumeric },
  });
  const runner = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Sql => ({
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await q.query<Row>(text, params ? [...params] : undefined);
      return normalize(result) as { rows: Row[]; rowCount: number };
    },
    async exec(text: string) {
      await q.exec(text);
    },
  });
  return {
    kind: 'pglite',
    pglite,
    ...runner(pglite),
    // One connection: no two transactions race on PGlite, but the same mechanism runs them (db/retry.ts).
    transaction: (fn) => retryConflicts(() => pglite.transaction((tx) => fn(runner(tx)))),
    close: () => pglite.close(),
  };
}

/** Dumps a PGlite store's data folder (gzip tarball) so another store can start from it. */
export async function dumpPglite(db: Database): Promise<Blob> {
  if (db.kind !== 'pglite' || !('pglite' in db)) throw new TypeError('dumpPglite needs a PGlite database');
  return (db as PgliteDatabase).pglite.dumpDataDir('gzip');
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.SUBKIT_PG_POOL_MAX ?? 10),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === NUMERIC) return parseNumeric;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener Node would crash.
  // The next query gets a fresh connection, so there is nothing else to do here.
  pool.on('error', () => {});
  const runner = (q: pg.Pool | pg.PoolClient): Sql => ({
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await q.query(text, params ? [...params] : undefined);
      return normalize(result) as { rows: Row[]; rowCount: number };
    },
    async exec(text: string) {
      await q.query(text);
    },
  });
  return {
    kind: 'postgres',
    ...runner(pool),
    // A transaction Postgres aborted for a deadlock or a serialization failure is run again (db/retry.ts).
    transaction: (fn) => retryConflicts(() => transactionOnce(fn)),
    close: () => pool.end(),
  };

  /** One attempt: BEGIN … COMMIT on a client of its own, ROLLBACK when `fn` throws. */
  async function transactionOnce<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await fn(runner(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError;
      }
      throw err;
    } finally {
      // A client whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
}
