/**
 * Payment attempts, in three steps that never hold a transaction open across the processor:
 * 1. `recordAttempt` (in the caller's transaction): the next attempt of an invoice, status `pending`,
 *    with its idempotency key `<invoice id>:attempt:<n>`;
 * 2. `issueAttempt` (no transaction): the charge, with that key;
 * 3. `settleAttempt` (a new transaction): the answer recorded, the invoice settled by what it was for.
 * An attempt still pending after a crash is re-issued with its own key (`pendingAttempts`), never replaced.
 */
import type { Mode, NextAction, ProrationPolicy } from '@subkit/core';
import type { Database, Sql } from '../db/types.js';
import { conflict } from '../errors.js';
import { newId } from '../ids.js';
import { recordEvent as emitEvent } from '../db/events.js';
import { discardDraftInvoice, finalizeInvoice, markInvoicePaid, renderInvoice } from './invoices.js';
import { applyPendingChange, discardPendingChange } from './pending-change.js';
import type { ChargeRequest, ChargeResult, PaymentProcessor, ProcessorName } from './processor/index.js';
import { ProcessorUnavailableError } from './processor/index.js';
import type { InvoiceRow, PaymentMethodRow, PaymentRow } from './rows.js';
import { activateAfterPayment, completeCheckout, discardCheckout, emitSubscriptionUpdated, recordPaymentEvent } from './payments.js';
import { needsAuthentication } from './open-reasons.js';

/** The key the processor dedupes an attempt on. */
export function attemptKey(invoiceId: string, attempt: number): string {
  return `${invoiceId}:attempt:${attempt}`;
}

/** An invoice's attempt that is still waiting (for the processor, or for the buyer's authentication), if any. */
export async function openAttempt(tx: Sql, invoiceId: string): Promise<PaymentRow | null> {
  const { rows } = await tx.query<PaymentRow>(
    `SELECT * FROM payments WHERE invoice_id = $1 AND status IN ('pending', 'requires_action') ORDER BY attempt DESC LIMIT 1`,
    [invoiceId],
  );
  return rows[0] ?? null;
}

/**
 * Records the next attempt on an invoice (lock the invoice row first): what is left to pay, charged to
 * `paymentMethod`. An attempt still awaiting the processor's answer answers 409 instead of a second one;
 * one awaiting the buyer's authentication is superseded: its charge is canceled at the processor once the
 * caller's transaction committed (`cancelCharges`, engine/charge-cancels.ts; the billing run's sweep sends a
 * cancel no one sent), so the buyer finishing its 3-D Secure in an old tab is not charged a second time.
 */
export async function recordAttempt(
  tx: Sql,
  input: { invoice: InvoiceRow; paymentMethod: PaymentMethodRow; processor: ProcessorName; onSession: boolean; firstUse: boolean; at: Date },
): Promise<PaymentRow> {
  const { invoice, paymentMethod } = input;
  const open = await openAttempt(tx, invoice.id);
  if (open?.status === 'pending') {
    throw conflict('payment_in_progress', `A payment of invoice ${invoice.number ?? invoice.id} is being processed; check it again in a moment.`);
  }
  if (open) await stopAwaitingAttempts(tx, { ids: [open.id] }, { code: 'superseded', message: 'A newer payment attempt replaced this one.' }, input.at);
  const { rows: last } = await tx.query<{ n: number }>('SELECT coalesce(max(attempt), 0)::int AS n FROM payments WHERE invoice_id = $1', [invoice.id]);
  const attempt = (last[0]?.n ?? 0) + 1;
  const { rows } = await tx.query<PaymentRow>(
    `INSERT INTO payments (id, invoice_id, company_id, amount, currency, status, payment_method_id, attempt, idempotency_key, processor,
       on_session, first_use, created_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
    [
      newId('pay_'),
      invoice.id,
      invoice.company_id,
      Math.max(0, invoice.amount_due - invoice.amount_paid),
      invoice.currency,
      paymentMethod.id,
      attempt,
      attemptKey(invoice.id, attempt),
      input.processor,
      input.onSession,
      input.firstUse,
      input.at,
    ],
  );
  return rows[0]!;
}

/** What the processor is asked for a recorded attempt. */
export function chargeRequest(payment: PaymentRow, paymentMethod: PaymentMethodRow): ChargeRequest {
  return {
    idempotencyKey: payment.idempotency_key,
    amount: payment.amount,
    currency: payment.currency,
    companyId: payment.company_id,
    paymentMethod: { id: paymentMethod.id, processorRef: paymentMethod.processor_ref ?? '' },
    onSession: payment.on_session,
    firstUse: payment.first_use,
    description: `Invoice ${payment.invoice_id}`,
    metadata: { invoiceId: payment.invoice_id ?? '', attempt: payment.attempt },
  };
}

/**
 * Sends a recorded attempt to the processor, outside any transaction. Resolves the processor's answer,
 * or null when the outcome is unknown (the attempt stays pending and is re-issued later with its key).
 */
export async function issueAttempt(processor: PaymentProcessor, payment: PaymentRow, paymentMethod: PaymentMethodRow): Promise<ChargeResult | null> {
  try {
    return await processor.charge(chargeRequest(payment, paymentMethod));
  } catch (err) {
    if (err instanceof ProcessorUnavailableError) return null;
    throw err;
  }
}

/** What settling an attempt did. */
export interface Settled {
  readonly payment: PaymentRow;
  /** The invoice after settling; null when a declined draft was discarded. */
  readonly invoice: InvoiceRow | null;
  readonly result: ChargeResult;
  /** False when another process had already recorded this attempt's answer (nothing was done twice). */
  readonly recorded: boolean;
  /** The subscription back in service because this payment settled its invoice. */
  readonly activated?: { subscriptionId: string; companyId: string; from: string; to: string } | null;
}

/**
 * Fails the attempts awaiting the buyer's 3-D Secure that can no longer pay (`failure`: superseded by a newer
 * attempt, their invoice voided …) and records their charges' cancels, sent to the processor once the transaction
 * commits (engine/charge-cancels.ts). Returns the ids of the attempts it failed.
 */
export async function stopAwaitingAttempts(
  tx: Sql,
  which: { ids: readonly string[] } | { invoiceIds: readonly string[] },
  failure: { code: string; message: string },
  at: Date,
): Promise<string[]> {
  const [column, ids] = 'ids' in which ? ['id', which.ids] : ['invoice_id', which.invoiceIds];
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE payments SET status = 'failed', failure_code = $2, failure_message = $3, next_action = NULL, settled_at = $4,
            processor_cancel = CASE WHEN processor_payment_id IS NULL THEN NULL ELSE 'pending' END
      WHERE ${column} = ANY($1::text[]) AND status = 'requires_action' RETURNING id`,
    [ids, failure.code, failure.message, at],
  );
  return rows.map((r) => r.id);
}

/**
 * Records the processor's answer for an attempt and settles its invoice by what the invoice is for:
 * paid (a draft is numbered first; a checkout's subscription starts, a pending change applies, a
 * past-due subscription is active again); awaiting authentication (a draft is numbered and opened);
 * declined (a draft is discarded with its checkout or change; an open invoice gets `invoice.payment_failed`).
 * Idempotent: an attempt already settled is left as it is.
 */
export async function settleAttempt(tx: Sql, input: { payment: PaymentRow; result: ChargeResult; at: Date; mode: Mode; policy: ProrationPolicy }): Promise<Settled> {
  const { result, at, mode, policy } = input;
  const { rows: invoices } = await tx.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1 FOR UPDATE', [input.payment.invoice_id]);
  const failed = result.status === 'failed' ? result : null;
  const { rows } = await tx.query<PaymentRow>(
    `UPDATE payments SET status = $2, processor_payment_id = $3, failure_code = $4, failure_message = $5, hard_decline = $6,
            next_action = $7, settled_at = CASE WHEN $2 = 'requires_action' THEN NULL ELSE $8::timestamptz END
      WHERE id = $1 AND status IN ('pending', 'requires_action') RETURNING *`,
    [
      input.payment.id,
      result.status,
      result.processorPaymentId,
      failed?.declineCode ?? null,
      failed?.message ?? null,
      failed?.hard ?? false,
      result.status === 'requires_action' ? JSON.stringify(result.nextAction) : null,
      at,
    ],
  );
  const payment = rows[0];
  let invoice = invoices[0] ?? null;
  if (!payment || !invoice) {
    // Recorded meanwhile by another path (a network processor's webhook can beat the caller): its state counts.
    const current = await tx.query<PaymentRow>('SELECT * FROM payments WHERE id = $1', [input.payment.id]);
    return { payment: current.rows[0] ?? input.payment, invoice, result, recorded: false };
  }
  let activated: Settled['activated'] = null;

  if (result.status === 'succeeded') {
    ({ invoice, activated } = await settlePaidInvoice(tx, { invoice, payment, at, mode, policy }));
  } else if (result.status === 'requires_action') {
    const wasDraft = invoice.status === 'draft';
    invoice = await finalizeInvoice(tx, invoice, mode);
    if (invoice.billing_reason === 'subscription_create' && wasDraft) await completeCheckout(tx, invoice, payment, at, mode, policy);
  } else if (invoice.status === 'draft' && invoice.billing_reason === 'subscription_create' && !payment.on_session && needsAuthentication(payment.failure_code)) {
    // An approved purchase charged with nobody on the page (governance/approvals/purchase.ts) that the bank
    // wants authenticated: it stands, its invoice open as a renewal's and the subscription incomplete until
    // paid on the page — whoever records the answer (the approval or Stripe's webhook).
    invoice = await finalizeInvoice(tx, invoice, mode);
    await completeCheckout(tx, invoice, payment, at, mode, policy);
    await emitEvent(tx, { type: 'invoice.payment_failed', mode, companyId: invoice.company_id, object: await renderInvoice(tx, invoice), at });
    await recordPaymentEvent(tx, payment, invoice.subscription_id, mode, at);
  } else if (invoice.status === 'draft') {
    if (invoice.billing_reason === 'subscription_create') await discardCheckout(tx, invoice, payment);
    else await discardPendingChange(tx, invoice);
    await discardDraftInvoice(tx, invoice);
    invoice = null;
  } else {
    await emitEvent(tx, { type: 'invoice.payment_failed', mode, companyId: invoice.company_id, object: await renderInvoice(tx, invoice), at });
    await recordPaymentEvent(tx, payment, invoice.subscription_id, mode, at);
    // A change waiting for this invoice cannot go ahead once its authentication failed.
    invoice = await discardPendingChange(tx, invoice, { voidAt: at, mode });
    // Its invoice voided may have been the last one an unpaid subscription owed.
    if (invoice.status === 'void') activated = await activateAfterPayment(tx, invoice.subscription_id, at, mode, policy);
  }
  return { payment, invoice, result, recorded: true, activated };
}

/**
 * What a payment that went through does to its invoice (locked by the caller): a draft is numbered, the
 * invoice is paid, and what it was for follows — a checkout's subscription starts, a pending change applies,
 * a past-due or incomplete subscription is active again; `payment.succeeded` is written.
 */
export async function settlePaidInvoice(
  tx: Sql,
  input: { invoice: InvoiceRow; payment: PaymentRow; at: Date; mode: Mode; policy: ProrationPolicy },
): Promise<{ invoice: InvoiceRow; activated: Settled['activated'] }> {
  const { payment, at, mode, policy } = input;
  const wasDraft = input.invoice.status === 'draft';
  let invoice = await finalizeInvoice(tx, input.invoice, mode);
  invoice = await markInvoicePaid(tx, invoice, at, mode);
  if (invoice.billing_reason === 'subscription_create' && wasDraft) await completeCheckout(tx, invoice, payment, at, mode, policy);
  const activated = await followSettledInvoice(tx, { invoice, wasDraft, at, mode, policy });
  await recordPaymentEvent(tx, payment, invoice.subscription_id, mode, at);
  return { invoice, activated };
}

/**
 * What follows an invoice once nothing is owed on it (paid, or credited in full by the merchant): a change waiting
 * for it applies, a subscription it held past due, on hold or incomplete is back in service unless another invoice
 * still holds it. Returns the subscription put back in service, if any.
 */
export async function followSettledInvoice(
  tx: Sql,
  input: { invoice: InvoiceRow; wasDraft: boolean; at: Date; mode: Mode; policy: ProrationPolicy },
): Promise<Settled['activated']> {
  const { invoice, wasDraft, at, mode, policy } = input;
  const changed = await applyPendingChange(tx, invoice, at, mode, policy);
  const activated = await activateAfterPayment(tx, invoice.subscription_id, at, mode, policy);
  // Paid without a change or a status change (a renewal the bank wanted authenticated, paid on the page):
  // the subscription's payment issue is gone, and its event says so (settle.ts does the same for the run).
  if (!wasDraft && !changed && !activated && invoice.collection_method === 'charge_automatically') {
    await emitSubscriptionUpdated(tx, invoice.subscription_id, at, mode, policy);
  }
  return activated;
}

/**
 * Issues a recorded attempt, then settles it: the whole round trip for a buyer who waits for the answer.
 * `finish` runs in the settling transaction and what it returns is the result: a request's answer made
 * there is stored with the settlement under the request's Idempotency-Key (idempotency/index.ts).
 */
export async function collectNow<T = Settled>(
  db: Database,
  processor: PaymentProcessor,
  input: { payment: PaymentRow; paymentMethod: PaymentMethodRow; at: () => Date; mode: Mode; policy: ProrationPolicy },
  finish?: (tx: Sql, settled: Settled) => Promise<T>,
): Promise<T | null> {
  const result = await issueAttempt(processor, input.payment, input.paymentMethod);
  if (!result) return null;
  return db.transaction(async (tx) => {
    const settled = await settleAttempt(tx, { payment: input.payment, result, at: input.at(), mode: input.mode, policy: input.policy });
    return finish ? finish(tx, settled) : (settled as T);
  });
}

/** The browser's next step for an attempt awaiting authentication. */
export function nextActionOf(payment: PaymentRow): NextAction | null {
  if (payment.status !== 'requires_action' || !payment.next_action) return null;
  return { type: payment.next_action.type, paymentId: payment.id, clientSecret: payment.next_action.clientSecret };
}

/** Attempts recorded before `before` that never got their answer (a crash between call and answer): re-issue them. */
export async function pendingAttempts(db: Sql, before: Date, limit = 100): Promise<PaymentRow[]> {
  const { rows } = await db.query<PaymentRow>(
    `SELECT * FROM payments WHERE status = 'pending' AND created_at < $1 ORDER BY created_at, id LIMIT $2`,
    [before, limit],
  );
  return rows;
}
