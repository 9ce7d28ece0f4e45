/**
 * Charges canceled at the processor once their invoice is voided (an incomplete subscription expired:
 * Stripe cancels the first invoice's PaymentIntent then), in the steps charges take: the expiry records the
 * cancel (`payments.processor_cancel = 'pending'`) in its own transaction; after it commits the processor
 * is asked, with the key `<attempt's key>:cancel`; the answer is recorded in a new transaction. A cancel
 * whose answer never came is sent again by the billing run's sweep, like a pending attempt.
 *
 * Too late — the buyer finished 3-D Secure before the cancel arrived, or the processor reports the payment
 * succeeded — the money is given back in full (payments/refunds.ts) and the merchant hears of it
 * (`credit_note.created`, `refund.created`, `refund.updated`). The subscription stays expired.
 */
import type { Mode } from '@subkit/core';
import type { Database, Sql } from '../db/types.js';
import { issueUnansweredRefunds, recordLateRefund } from '../payments/refunds.js';
import type { CancelChargeResult, PaymentProcessor } from './processor/index.js';
import { ProcessorUnavailableError } from './processor/index.js';
import type { PaymentRow } from './rows.js';

/** The key the processor dedupes a cancel on. */
export function cancelKey(payment: PaymentRow): string {
  return `${payment.idempotency_key}:cancel`;
}

/**
 * Records the processor's answer for a cancel, once: `canceled`, or `succeeded` with the payment's full
 * refund recorded (pending, to send after commit). Returns the refund's id when one was recorded. A cancel
 * answered already (by a concurrent sweep, or by the webhook that reported the payment) changes nothing.
 */
export async function settleCancel(tx: Sql, paymentId: string, result: CancelChargeResult, at: Date, mode: Mode): Promise<string | null> {
  // Invoice before payment, the order every other path locks them in (settleAttempt, the webhook's applier).
  await tx.query('SELECT id FROM invoices WHERE id = (SELECT invoice_id FROM payments WHERE id = $1) FOR UPDATE', [paymentId]);
  const { rows } = await tx.query<PaymentRow>(
    `UPDATE payments SET processor_cancel = $2 WHERE id = $1 AND processor_cancel = 'pending' RETURNING *`,
    [paymentId, result.status],
  );
  const payment = rows[0];
  if (!payment || result.status !== 'succeeded') return null;
  return (await recordLateRefund(tx, payment, at, mode)).id;
}

/**
 * Asks the processor to cancel the recorded cancels among `paymentIds`, records each answer, then sends the
 * refunds of those that had gone through. An unknown outcome leaves the cancel pending for the sweep.
 */
export async function cancelCharges(db: Database, processor: PaymentProcessor, paymentIds: readonly string[], opts: { at: Date; mode: Mode }): Promise<void> {
  if (paymentIds.length === 0) return;
  const { rows } = await db.query<PaymentRow>(
    `SELECT * FROM payments WHERE id = ANY($1::text[]) AND processor_cancel = 'pending' AND processor = $2 ORDER BY id`,
    [paymentIds, processor.name],
  );
  const refunds: string[] = [];
  for (const payment of rows) {
    let result: CancelChargeResult;
    try {
      result = await processor.cancelCharge({ idempotencyKey: cancelKey(payment), processorPaymentId: payment.processor_payment_id! });
    } catch (err) {
      if (err instanceof ProcessorUnavailableError) continue;
      throw err;
    }
    const refund = await db.transaction((tx) => settleCancel(tx, payment.id, result, opts.at, opts.mode));
    if (refund) refunds.push(refund);
  }
  await issueUnansweredRefunds(db, processor, { ids: refunds }, opts);
}

/**
 * The sweep: cancels recorded before `before` that were never answered are sent again with their keys, and so
 * are refunds never answered. Runs at the start of each billing run, beside the sweep of pending attempts.
 */
export async function sweepCancels(db: Database, processor: PaymentProcessor, before: Date, opts: { at: Date; mode: Mode }): Promise<void> {
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
