/**
 * Requests nobody decided expire at their `expiresAt`: the billing run (the engine's clock, so a test
 * clock's advance expires them too) marks them in batches and writes `approval_request.expired`, with the
 * engine named as the actor in the audit log.
 */
import { recordEvents } from '../../db/events.js';
import type { Database } from '../../db/types.js';
import { setActor, systemActor } from '../audit/actor.js';
import { expireDue, expiryDue } from '../expiry.js';
import { renderRequests } from './requests.js';

/** The earliest expiry of a pending request, for the run's next due instant. */
export const APPROVAL_EXPIRY_DUE = expiryDue('approval_requests');

/** Expires up to `limit` requests due by `at` (claimed with SKIP LOCKED, as the run's other batches). */
export async function expireApprovalBatch(
  db: Database,
  env: { config: { mode: 'test' | 'live' } },
  at: Date,
  limit: number,
): Promise<{ claimed: number; attempts: [] }> {
  return db.transaction(async (tx) => {
    await setActor(tx, systemActor(at));
    const ids = await expireDue(tx, 'approval_requests', at, limit);
    if (ids.length) {
      const requests = await renderRequests(tx, ids, at);
      await recordEvents(tx, requests.map((r) => ({ type: 'approval_request.expired' as const, companyId: r.companyId, mode: env.config.mode, object: r, at })));
    }
    return { claimed: ids.length, attempts: [] };
  });
}
