/**
 * Expiry shared by approval requests and quotes: a row still waiting (`pending`, `open`) past its
 * `expires_at` reads as expired at once — in its status and in list filters — and the billing run marks
 * it expired in batches at that instant (the engine's clock, so a test clock's advance expires it too).
 */
import type { Sql } from '../db/types.js';
import { toDate, type DbTime } from '../engine/rows.js';

/** The tables with an expiry, and the status a row waits in. */
export const EXPIRING = { approval_requests: 'pending', quotes: 'open' } as const;
export type ExpiringTable = keyof typeof EXPIRING;

/** The status as shown at `now`: waiting past its expiry is expired even before the billing run marked it. */
export function statusAt<S extends string>(table: ExpiringTable, row: { status: S; expires_at: DbTime }, now: Date): S | 'expired' {
  return row.status === EXPIRING[table] && toDate(row.expires_at).getTime() <= now.getTime() ? 'expired' : row.status;
}

/** Adds a list's status filter to `where`/`params`, counting a row waiting past its expiry as expired. */
export function filterStatus(table: ExpiringTable, where: string[], params: unknown[], status: string | undefined, now: Date): void {
  if (!status) return;
  const waiting = EXPIRING[table];
  if (status === waiting || status === 'expired') {
    params.push(now);
    const at = `$${params.length}`;
    where.push(status === waiting ? `status = '${waiting}' AND expires_at > ${at}` : `(status = 'expired' OR (status = '${waiting}' AND expires_at <= ${at}))`);
    return;
  }
  params.push(status);
  where.push(`status = $${params.length}`);
}

/** The earliest expiry of a waiting row, for the billing run's next due instant. */
export function expiryDue(table: ExpiringTable): string {
  return `SELECT min(expires_at) FROM ${table} WHERE status = '${EXPIRING[table]}'`;
}

/** Marks up to `limit` rows waiting past `at` expired (claimed with SKIP LOCKED, as the run's other batches); their ids. */
export async function expireDue(tx: Sql, table: ExpiringTable, at: Date, limit: number): Promise<string[]> {
  const waiting = EXPIRING[table];
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE ${table} SET status = 'expired', decided_at = $1
      WHERE id IN (SELECT id FROM ${table} WHERE status = '${waiting}' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [at, limit],
  );
  return rows.map((r) => r.id);
}
