/**
 * Requests nobody decided expire at their `expiresAt`: the billing run (the engine's clock, so a test
 * clock's advance expires them too) marks them in batches and writes `approval_request.expired`, with the
 * engine named as the actor in the audit log.
 */
import { recordEvents } from '../../db/events.js';
import type { Database } from '../../db/types.js';
import { setActor, systemActor } from '../audit/actor.js';
import { renderRequests } from './requests.js';

/** The earliest expiry of a pending request, for the run's next due instant. */
export const APPROVAL_EXPIRY_DUE = `SELECT min(expires_at) FROM approval_requests WHERE status = 'pending'`;

/** Expires up to `limit` requests due by `at` (claimed with SKIP LOCKED, as the run's other batches). */
export async function expireApprovalBatch(
  db: Database,
  env: { config: { mode: 'test' | 'live' } },
  at: Date,
  limit: number,
): Promise<{ claimed: number; attempts: [] }> {
  return db.transaction(async (tx) => {
    await setActor(tx, systemActor(at));
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE approval_requests SET status = 'expired', decided_at = $1
        WHERE id IN (SELECT id FROM approval_requests WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [at, limit],
    );
    if (rows.length) {
      const requests = await renderRequests(tx, rows.map((r) => r.id), at);
      await recordEvents(tx, requests.map((r) => ({ type: 'approval_request.expired' as const, companyId: r.companyId, mode: env.config.mode, object: r, at })));
    }
    return { claimed: rows.length, attempts: [] };
  });
}
