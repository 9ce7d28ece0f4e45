/**
 * An abandoned first payment expires (Stripe's `incomplete_expired`, https://docs.stripe.com/billing/subscriptions/overview):
 * a subscription still `incomplete` 23 hours after its creation — its first invoice unpaid, e.g. the bank's
 * 3-D Secure page closed unanswered — ends `incomplete_expired`. That is terminal: its open first invoice
 * is voided (with the customer credit it took given back), the attempt awaiting authentication can no
 * longer be confirmed and its charge is canceled at the processor once the expiry commits (a payment that
 * went through anyway is refunded: engine/charge-cancels.ts), nothing is billed or retried again, and the
 * company can buy the plan anew. The billing run does it in batches at that instant (the engine's clock,
 * so a test clock's advance expires them too). One whose payment still awaits the processor's answer waits for it: that answer may be paid.
 */
import { recordEvents } from '../../db/events.js';
import type { Database } from '../../db/types.js';
import { stopAwaitingAttempts } from '../attempts.js';
import { voidOpenInvoices } from '../invoices.js';
import type { SubscriptionRow } from '../rows.js';
import { renderSubscriptions } from '../subscriptions.js';
import type { RunEnv } from './env.js';
import type { BatchResult } from './renew.js';
import { reportStatusChange } from './report.js';

/** Hours an `incomplete` subscription's first invoice may stay unpaid before it expires (Stripe's window). */
export const INCOMPLETE_EXPIRY_HOURS = 23;

/** The payment of one of its invoices still awaits the processor's answer (`s` is the subscription). */
const AWAITING_PROCESSOR = `EXISTS (SELECT 1 FROM invoices i JOIN payments p ON p.invoice_id = i.id
                                     WHERE i.subscription_id = s.id AND p.status = 'pending')`;

/** The earliest instant an incomplete subscription expires, for the run's next due instant. */
export const INCOMPLETE_EXPIRY_DUE = `SELECT min(s.created_at) + make_interval(hours => ${INCOMPLETE_EXPIRY_HOURS})
  FROM subscriptions s WHERE s.status = 'incomplete' AND NOT ${AWAITING_PROCESSOR}`;

/**
 * Expires up to `limit` incomplete subscriptions created 23 hours or more before `at`, in one transaction
 * (claimed with SKIP LOCKED, as the run's other batches): `incomplete_expired`, their open invoices void,
 * `subscription.updated` and `invoice.voided` written, each status change reported. Returns how many expired,
 * and the payments whose charges to cancel at the processor once it committed.
 */
export function expireIncompleteBatch(db: Database, env: RunEnv, at: Date, limit: number): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query<{ id: string }>(
      `SELECT s.id FROM subscriptions s
        WHERE s.status = 'incomplete' AND s.created_at <= $1::timestamptz - make_interval(hours => ${INCOMPLETE_EXPIRY_HOURS})
          AND NOT ${AWAITING_PROCESSOR}
        ORDER BY s.created_at, s.id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [at, limit],
    );
    if (claimed.rows.length === 0) return { claimed: 0, attempts: [] };
    // A buyer paying now holds the invoice until their attempt is recorded: wait for it, then leave that
    // subscription to its answer (a pending attempt, visible once we hold the invoice).
    const ids = claimed.rows.map((r) => r.id);
    const { rows: open } = await tx.query<{ id: string; subscription_id: string }>(
      `SELECT id, subscription_id FROM invoices WHERE subscription_id = ANY($1::text[]) AND status = 'open' ORDER BY id FOR UPDATE`,
      [ids],
    );
    const { rows } = await tx.query<SubscriptionRow & { previous: SubscriptionRow['status'] }>(
      `UPDATE subscriptions s
          SET status = 'incomplete_expired', canceled_at = $2, ended_at = $2, version = s.version + 1, updated_at = $2
         FROM subscriptions old
        WHERE s.id = ANY($1::text[]) AND old.id = s.id AND s.status = 'incomplete' AND NOT ${AWAITING_PROCESSOR}
        RETURNING s.*, old.status AS previous`,
      [ids, at],
    );
    if (rows.length === 0) return { claimed: 0, attempts: [] };
    const expired = rows.map((r) => r.id);
    // Stripe cancels the first invoice's PaymentIntent: the bank's page answered later changes nothing. The
    // cancel is recorded here and sent after commit (engine/charge-cancels.ts), never inside this transaction.
    const cancels = await stopAwaitingAttempts(
      tx,
      { invoiceIds: open.filter((i) => expired.includes(i.subscription_id)).map((i) => i.id) },
      { code: 'invoice_voided', message: 'The invoice was voided: the subscription expired before its first payment.' },
      at,
    );
    await voidOpenInvoices(tx, { subscriptionIds: expired }, at, env.config.mode);
    const subscriptions = await renderSubscriptions(tx, rows, env.config.prorationPolicy);
    await recordEvents(
      tx,
      rows.map((row, i) => ({ type: 'subscription.updated' as const, companyId: row.company_id, mode: env.config.mode, object: subscriptions[i]!, at })),
    );
    for (const row of rows) {
      reportStatusChange(env.report, { subscriptionId: row.id, companyId: row.company_id, from: row.previous, to: row.status, at: at.toISOString() });
    }
    return { claimed: rows.length, attempts: [], cancels };
  });
}
