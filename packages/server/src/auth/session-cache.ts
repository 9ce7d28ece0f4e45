/**
 * A short-lived, per-process memory of session look-ups, so a widget's burst of calls (catalog, session,
 * subscriptions, invoices) does not read the same session row for each.
 *
 * The bound on revocation (and on a role change or a member's removal, which count the same):
 * - in the process that made the change, at once: every such change bumps the store's revocation epoch
 *   (`forgetSessions`), and an entry remembered under an older epoch is never used — nor stored, when a
 *   look-up started before the bump;
 * - in any other process (several Express processes behind a load balancer), within `SESSION_CACHE_MS`
 *   of the change's COMMIT: an entry older than that is read again.
 * Expiry, origin and mode are checked on every request against the remembered row, never cached.
 */
import type { Database, Sql } from '../db/types.js';

/** How long a looked-up session row may be served from memory: the revocation bound across processes. */
export const SESSION_CACHE_MS = 1000;
/** A process remembers at most this many sessions; beyond it the memory starts afresh. */
const CACHE_LIMIT = 10_000;

interface Remembered<Row> {
  readonly row: Row;
  readonly epoch: number;
  readonly at: number;
}

interface StoreSessions {
  epoch: number;
  readonly rows: Map<string, Remembered<unknown>>;
}

const stores = new WeakMap<object, StoreSessions>();

function sessionsOf(sql: Sql): StoreSessions {
  const key = (sql as Partial<Database>).store ?? sql;
  let entry = stores.get(key);
  if (!entry) stores.set(key, (entry = { epoch: 0, rows: new Map() }));
  return entry;
}

/**
 * The session row for a token hash: from memory when read less than `SESSION_CACHE_MS` ago under the
 * current revocation epoch, else from `read` (a missing row is never remembered).
 */
export async function cachedSessionRow<Row>(sql: Sql, tokenHash: string, read: () => Promise<Row | undefined>): Promise<Row | undefined> {
  const sessions = sessionsOf(sql);
  // Wall-clock time on purpose: a test clock moved by months must not keep or flush entries.
  const now = Date.now();
  const hit = sessions.rows.get(tokenHash);
  if (hit && hit.epoch === sessions.epoch && now - hit.at < SESSION_CACHE_MS) return hit.row as Row;
  const epoch = sessions.epoch;
  const row = await read();
  if (row !== undefined && sessions.epoch === epoch) {
    if (sessions.rows.size >= CACHE_LIMIT) sessions.rows.clear();
    sessions.rows.set(tokenHash, { row, epoch, at: now });
  }
  return row;
}

/**
 * Bumps the store's revocation epoch: no session remembered so far is used again. Call after COMMIT of
 * anything that ends a session or changes what it may do (revocation, role change, member removal).
 */
export function forgetSessions(sql: Sql): void {
  const sessions = sessionsOf(sql);
  sessions.epoch++;
  sessions.rows.clear();
}
