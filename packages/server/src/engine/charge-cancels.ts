/**
 * Charges canceled at the processor while they await the buyer's 3-D Secure: their invoice was voided (an
 * incomplete subscription expired: Stripe cancels the first invoice's PaymentIntent then), or a newer attempt
 * of the same invoice replaced them (`recordAttempt`: the buyer pays again, dunning retries). In the steps
 * charges take: the transaction that voids or supersedes records the cancel (`payments.processor_cancel =
 * 'pending'`); after it commits the processor is asked, with the key `<attempt's key>:cancel`; the answer is
 * recorded in a new transaction. A cancel whose answer never came is sent again by the billing run's sweep,
 * like a pending attempt.
 *
 * Too late — the buyer finished 3-D Secure before the cancel arrived — the payment either pays its invoice or
 * is given back in full (payments/refunds.ts), by the rule in `settleCancel`: one invoice never keeps two
 * captures. The merchant hears of a refund (`credit_note.created`, `refund.created`, `refund.updated`).
 */
import { isPayable, type Mode, type ProrationPolicy } from '@subkit/core';
import type { Database, Sql } from '../db/types.js';
import { issueUnansweredRefunds, recordLateRefund } from '../payments/refunds.js';
import { settlePaidInvoice, stopAwaitingAttempts } from './attempts.js';
import type { CancelChargeResult, PaymentProcessor } from './processor/index.js';
import { ProcessorUnavailableError } from './processor/index.js';
import type { InvoiceRow, PaymentRow } from './rows.js';

/** What the processor is asked, and `settleCancel` needs, besides the payment. */
export interface CancelOptions {
  readonly at: Date;
  readonly mode: Mode;
  readonly policy: ProrationPolicy;
}

/** What settling a cancel left to send once its transaction commits. */
export interface CancelSettled {
  /** False when nothing was recorded: answered already, or left pending until a newer attempt's answer is in. */
  readonly recorded: boolean;
  /** Refunds recorded (pending), to send. */
  readonly refunds: readonly string[];
  /** Newer attempts superseded in turn because this one paid the invoice: their cancels, to send. */
  readonly cancels: readonly string[];
}

const NOTHING: CancelSettled = { recorded: false, refunds: [], cancels: [] };

/** The key the processor dedupes a cancel on. */
export function cancelKey(payment: PaymentRow): string {
  return `${payment.idempotency_key}:cancel`;
}

/**
 * Records the processor's answer for a cancel, once. `canceled`: recorded, nothing else. `succeeded` — the
 * buyer completed 3-D Secure before the cancel arrived, the money is taken — decides who keeps it:
 *
 * - The invoice is still owed (open, or uncollectible: the claim was kept) and owes exactly what this payment took:
 *   the payment pays it. It is the payment
 *   the buyer meant to make (the newer attempt exists only because this one looked abandoned), and refunding it
 *   while the newer one still awaits the buyer would leave the invoice unpaid although the buyer paid it. A newer
 *   attempt awaiting authentication is superseded in turn and its charge canceled after commit; if that one went
 *   through too, its own cancel answers `succeeded` on a paid invoice and it is refunded, by this same rule.
 * - A newer attempt awaits the processor's answer (its charge in flight): the cancel is left pending. Which of the
 *   two pays is known once that answer is recorded, and the sweep asks for this cancel again after it.
 * - Otherwise (the invoice was paid by the newer attempt, voided, or owes another amount): refunded in full.
 *
 * A cancel answered already (by a concurrent sweep, the webhook or the buyer's confirm) changes nothing.
 */
export async function settleCancel(tx: Sql, paymentId: string, result: CancelChargeResult, opts: CancelOptions): Promise<CancelSettled> {
  const { at, mode, policy } = opts;
  // Invoice before payment, the order every other path locks them in (settleAttempt, the webhook's applier).
  const invoice = (
    await tx.query<InvoiceRow>('SELECT * FROM invoices WHERE id = (SELECT invoice_id FROM payments WHERE id = $1) FOR UPDATE', [paymentId])
  ).rows[0];
  const payment = (await tx.query<PaymentRow>(`SELECT * FROM payments WHERE id = $1 AND processor_cancel = 'pending' FOR UPDATE`, [paymentId])).rows[0];
  if (!payment || !invoice) return NOTHING;
  if (result.status === 'canceled') {
    await tx.query(`UPDATE payments SET processor_cancel = 'canceled' WHERE id = $1`, [payment.id]);
    return { recorded: true, refunds: [], cancels: [] };
  }
  const { rows: newer } = await tx.query<PaymentRow>(
    `SELECT * FROM payments WHERE invoice_id = $1 AND attempt > $2 AND status IN ('pending', 'requires_action') ORDER BY attempt`,
    [invoice.id, payment.attempt],
  );
  const owes = isPayable(invoice.status) && Number(payment.amount) === invoice.amount_due - invoice.amount_paid;
  if (owes && newer.some((p) => p.status === 'pending')) return NOTHING;
  if (owes) {
    const superseded = await stopAwaitingAttempts(
      tx,
      { ids: newer.map((p) => p.id) },
      { code: 'superseded', message: 'An earlier payment attempt of this invoice went through and paid it.' },
      at,
    );
    const { rows } = await tx.query<PaymentRow>(
      `UPDATE payments SET status = 'succeeded', processor_cancel = 'succeeded', failure_code = NULL, failure_message = NULL, hard_decline = false,
              next_action = NULL, settled_at = $2
        WHERE id = $1 RETURNING *`,
      [payment.id, at],
    );
    await settlePaidInvoice(tx, { invoice, payment: rows[0]!, at, mode, policy });
    return { recorded: true, refunds: [], cancels: superseded };
  }
  await tx.query(`UPDATE payments SET processor_cancel = 'succeeded' WHERE id = $1`, [payment.id]);
  return { recorded: true, refunds: [(await recordLateRefund(tx, payment, at, mode)).id], cancels: [] };
}

/** Sends what settled cancels left to send: the newer attempts' cancels, then the refunds. */
export async function afterCancels(db: Database, processor: PaymentProcessor, settled: readonly CancelSettled[], opts: CancelOptions): Promise<void> {
  await cancelCharges(
    db,
    processor,
    settled.flatMap((s) => s.cancels),
    opts,
  );
  await issueUnansweredRefunds(db, processor, { ids: settled.flatMap((s) => s.refunds) }, opts);
}

/**
 * Asks the processor to cancel the recorded cancels among `paymentIds`, records each answer, then sends what
 * the answers left to send. An unknown outcome leaves the cancel pending for the sweep.
 */
export async function cancelCharges(db: Database, processor: PaymentProcessor, paymentIds: readonly string[], opts: CancelOptions): Promise<void> {
  if (paymentIds.length === 0) return;
  const { rows } = await db.query<PaymentRow>(
    `SELECT * FROM payments WHERE id = ANY($1::text[]) AND processor_cancel = 'pending' AND processor = $2 ORDER BY id`,
    [paymentIds, processor.name],
  );
  const settled: CancelSettled[] = [];
  for (const payment of rows) {
    let result: CancelChargeResult;
    try {
      result = await processor.cancelCharge({
        idempotencyKey: cancelKey(payment),
        processorPaymentId: payment.processor_payment_id!,
        reason: payment.failure_code === 'superseded' ? 'duplicate' : 'abandoned',
      });
    } catch (err) {
      if (err instanceof ProcessorUnavailableError) continue;
      throw err;
    }
    settled.push(await db.transaction((tx) => settleCancel(tx, payment.id, result, opts)));
  }
  await afterCancels(db, processor, settled, opts);
}

/** The cancels recorded on these invoices' attempts and not answered yet (to send once their transaction committed). */
export async function pendingCancelsOf(sql: Sql, invoiceIds: readonly string[]): Promise<string[]> {
  if (invoiceIds.length === 0) return [];
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM payments WHERE invoice_id = ANY($1::text[]) AND processor_cancel = 'pending' ORDER BY id`,
    [invoiceIds],
  );
  return rows.map((r) => r.id);
}

/**
 * The sweep: cancels recorded before `before` that were never answered are sent again with their keys, and so
 * are refunds never answered. Runs at the start of each billing run, after the sweep of pending attempts (a
 * cancel waiting for a newer attempt's answer is decided once that one is settled).
 */
export async function sweepCancels(db: Database, processor: PaymentProcessor, before: Date, opts: CancelOptions): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM payments WHERE processor_cancel = 'pending' AND processor = $1 AND settled_at < $2 ORDER BY settled_at, id LIMIT 200`,
      [processor.name, before],
    );
    await cancelCharges(db, processor, rows.map((r) => r.id), opts);
    if (rows.length < 200) break;
    // Cancels the processor still could not answer stay pending: stop rather than spin on them.
    const still = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE id = ANY($1::text[]) AND processor_cancel = 'pending'`, [
      rows.map((r) => r.id),
    ]);
    if ((still.rows[0]?.n ?? 0) > 0) break;
  }
  await issueUnansweredRefunds(db, processor, { before }, opts);
}
