/**
 * A change left waiting for the buyer's 3-D Secure expires (Stripe's pending updates expire after 23 hours,
 * https://docs.stripe.com/billing/subscriptions/pending-updates): while it waits, the subscription refuses any
 * other change (`change_pending`), and nothing else would ever end it — the buyer cannot fail an authentication on
 * purpose. 23 hours after its attempt was made the change is dropped, its invoice voided (the customer credit it took
 * given back) and the attempt can no longer be confirmed; its charge is canceled at the processor once that commits
 * (a payment that went through anyway is refunded in full: engine/charge-cancels.ts). An attempt whose answer the
 * processor still owes waits for it: that answer may be paid.
 */
import type { Database } from '../../db/types.js';
import { stopAwaitingAttempts } from '../attempts.js';
import { discardPendingChange } from '../pending-change.js';
import { activateAfterPayment, emitSubscriptionUpdated } from '../payments.js';
import type { InvoiceRow } from '../rows.js';
import type { RunEnv } from './env.js';
import type { BatchResult } from './renew.js';
import { reportStatusChange } from './report.js';

/** Hours a change may wait for its payment's authentication (Stripe's window). */
export const PENDING_CHANGE_EXPIRY_HOURS = 23;

/** The change's invoice (`s` is the subscription) has an attempt awaiting authentication made before `cutoff`, and none awaiting the processor. */
const waitingSince = (cutoff: string) => `EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = s.pending_change->>'invoiceId'
                                                AND p.status = 'requires_action' AND p.created_at <= ${cutoff})
   AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = s.pending_change->>'invoiceId' AND p.status = 'pending')`;

/** The earliest instant a waiting change expires, for the run's next due instant. */
export const PENDING_CHANGE_EXPIRY_DUE = `SELECT min(p.created_at) + make_interval(hours => ${PENDING_CHANGE_EXPIRY_HOURS})
  FROM subscriptions s JOIN payments p ON p.invoice_id = s.pending_change->>'invoiceId'
 WHERE s.pending_change IS NOT NULL AND p.status = 'requires_action'`;

/**
 * Expires up to `limit` changes waiting 23 hours or more before `at`, in one transaction (claimed with SKIP LOCKED,
 * as the run's other batches): each change dropped and its invoice voided, `subscription.updated` and
 * `invoice.voided` written. Returns the payments whose charges to cancel at the processor once it committed.
 */
export function expirePendingChangeBatch(db: Database, env: RunEnv, at: Date, limit: number): Promise<BatchResult> {
  const { mode, prorationPolicy: policy } = env.config;
  return db.transaction(async (tx) => {
    const cutoff = `$1::timestamptz - make_interval(hours => ${PENDING_CHANGE_EXPIRY_HOURS})`;
    const claimed = await tx.query<{ id: string; invoice_id: string }>(
      `SELECT s.id, s.pending_change->>'invoiceId' AS invoice_id FROM subscriptions s
        WHERE s.pending_change IS NOT NULL AND ${waitingSince(cutoff)}
        ORDER BY s.id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [at, limit],
    );
    if (claimed.rows.length === 0) return { claimed: 0, attempts: [] };
    // A buyer confirming now holds the invoice until the answer is recorded: wait for it, then look again.
    const { rows: invoices } = await tx.query<InvoiceRow>(
      `SELECT * FROM invoices WHERE id = ANY($1::text[]) AND status = 'open' ORDER BY id FOR UPDATE`,
      [claimed.rows.map((r) => r.invoice_id)],
    );
    const { rows: still } = await tx.query<{ id: string }>(
      `SELECT s.id FROM subscriptions s WHERE s.id = ANY($2::text[]) AND ${waitingSince(cutoff)}`,
      [at, claimed.rows.map((r) => r.id)],
    );
    const expiring = new Set(still.map((r) => r.id));
    const cancels: string[] = [];
    let expired = 0;
    for (const { id, invoice_id: invoiceId } of claimed.rows) {
      const invoice = invoices.find((i) => i.id === invoiceId);
      if (!expiring.has(id) || !invoice) continue;
      const failure = { code: 'invoice_voided', message: `The change expired: its payment was not confirmed within ${PENDING_CHANGE_EXPIRY_HOURS} hours.` };
      cancels.push(...(await stopAwaitingAttempts(tx, { invoiceIds: [invoiceId] }, failure, at)));
      await discardPendingChange(tx, invoice, { voidAt: at, mode });
      // Its invoice may have been the last one an unpaid subscription owed.
      const activated = await activateAfterPayment(tx, id, at, mode, policy);
      if (activated) reportStatusChange(env.report, { ...activated, at: at.toISOString() });
      else await emitSubscriptionUpdated(tx, id, at, mode, policy);
      expired += 1;
    }
    return { claimed: expired, attempts: [], cancels };
  });
}
