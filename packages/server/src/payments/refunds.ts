/**
 * Refunds: a credit note on an invoice paid by card goes back to that card instead of staying on the
 * company's balance, when the merchant's policy allows it (`SUBKIT_REFUNDS=card`) and the company's
 * billing admin asks. The credit leaves the balance and the refund is recorded (pending, keyed
 * `<credit note id>:refund`) in one transaction; then the processor is called; then its answer is
 * recorded. A refund the processor refuses puts the credit back on the balance. Asking again answers the
 * refund as it is, or re-issues a pending one with its key (the processor answers its first outcome); the
 * billing run's sweep re-issues one left unanswered too. A payment that went through after its invoice was
 * voided or paid by another attempt is refunded in full the same way (`recordLateRefund`, engine/charge-cancels.ts).
 * A refund the merchant made at the processor itself (the Stripe Dashboard) is recorded as it happened, with a
 * credit note of its own (`recordProcessorRefund`).
 */
import { formatMoney, type CreditNote, type Mode, type Refund } from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Database, Sql } from '../db/types.js';
import { recordEvent } from '../db/events.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { createCreditNote, creditedSoFar } from '../engine/credit-notes.js';
import { addCredit, creditBalance } from '../engine/invoices.js';
import { paymentProcessor, ProcessorUnavailableError, type PaymentProcessor, type RefundResult } from '../engine/processor/index.js';
import { iso, type DbTime, type InvoiceRow, type PaymentRow } from '../engine/rows.js';
import { newId } from '../ids.js';

/** A row of `refunds`. */
export interface RefundRow {
  id: string;
  company_id: string;
  credit_note_id: string;
  invoice_id: string;
  payment_id: string;
  processor: string;
  idempotency_key: string;
  processor_refund_id: string | null;
  amount: number;
  currency: string;
  status: Refund['status'];
  failure_reason: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}

/** A refund as the API shows it. */
export function renderRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    object: 'refund',
    creditNoteId: row.credit_note_id,
    invoiceId: row.invoice_id,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status,
    failureReason: row.failure_reason,
    createdAt: iso(row.created_at),
  };
}

/** Refunds a credit note of the company to the card payment of its invoice (see the module comment). */
export async function refundCreditNote(ctx: RequestContext, companyId: string, creditNoteId: string): Promise<Refund> {
  const processor = paymentProcessor(ctx.db, ctx.config);
  const found: { pending: RefundRow | null } = { pending: null };
  // A refund already settled is the answer of this transaction (it locks the credit note, so it counts as a
  // write for the request's Idempotency-Key); a pending one is answered by the transaction that records the
  // processor's outcome (idempotency/index.ts).
  const settled = await ctx.db.transaction(async (tx) => {
    const refund = await recordRefund(tx, { companyId, creditNoteId, processor: processor.name, allowed: (ctx.config.refunds ?? 'balance') === 'card', at: ctx.now(), mode: ctx.config.mode });
    if (refund.status !== 'pending') return renderRefund(refund);
    found.pending = refund;
    return null;
  });
  if (settled) return settled;
  return issueRefund(ctx.db, processor, found.pending!, { at: ctx.now, mode: ctx.config.mode });
}

async function recordRefund(tx: Sql, input: { companyId: string; creditNoteId: string; processor: string; allowed: boolean; at: Date; mode: Mode }): Promise<RefundRow> {
  const notes = await tx.query<{ id: string; invoice_id: string; amount: number; currency: string; lines: CreditNote['lines'] }>(
    'SELECT id, invoice_id, amount, currency, lines FROM credit_notes WHERE id = $1 AND company_id = $2 FOR UPDATE',
    [input.creditNoteId, input.companyId],
  );
  const note = notes.rows[0];
  if (!note) throw notFound('credit note', 'creditNoteId');
  // The merchant's policy, once the credit note is known to be the company's (an unknown id stays a 404).
  if (!input.allowed) {
    throw new ApiError('invalid_request_error', 'refunds_not_offered', "This shop keeps credit notes on your company's balance for your next invoices; it does not refund them to cards.", {
      param: 'creditNoteId',
    });
  }
  const existing = await tx.query<RefundRow>('SELECT * FROM refunds WHERE credit_note_id = $1', [note.id]);
  if (existing.rows[0]) return existing.rows[0];
  // Its credit never reached the balance: it came off what the invoice owed, or the merchant paid it back outside
  // subkit. Refunded to the card, it would be given twice.
  if (note.lines.some((line) => line.text && (line.text.settlement === 'invoice' || line.text.settlement === 'out_of_band'))) {
    throw conflict('credit_note_not_refundable', 'This credit note was not credited to your balance: it reduced what the invoice owed, or was paid back to you another way.');
  }
  const amount = Number(note.amount);
  if (amount <= 0) throw conflict('credit_note_empty', 'This credit note is for nothing: there is nothing to refund.');
  const invoice = (await tx.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [note.invoice_id])).rows[0]!;
  // The payment that paid the invoice: a card charge that went through (an invoice paid by bank transfer or from credit has none).
  // Locked, so that two credit notes of one payment refunded at once are summed one after the other: each alone may fit
  // what the card paid while both do not (an invoice paid partly from credit).
  const payments = await tx.query<PaymentRow>(
    `SELECT * FROM payments WHERE invoice_id = $1 AND status = 'succeeded' AND processor_payment_id IS NOT NULL ORDER BY attempt DESC LIMIT 1 FOR UPDATE`,
    [invoice.id],
  );
  const payment = payments.rows[0];
  if (invoice.status !== 'paid' || !payment) {
    throw conflict('credit_note_not_refundable', `Invoice ${invoice.number} was not paid by card: its credit stays on your balance.`);
  }
  if (payment.processor !== input.processor) {
    throw conflict('credit_note_not_refundable', `Invoice ${invoice.number} was paid through another payment processor: its credit stays on your balance.`);
  }
  const refunded = await tx.query<{ total: string | null }>(
    `SELECT sum(amount) AS total FROM refunds WHERE payment_id = $1 AND status <> 'failed'`,
    [payment.id],
  );
  const refundable = Number(payment.amount) - Number(refunded.rows[0]?.total ?? 0);
  if (amount > refundable) throw conflict('credit_note_not_refundable', beyondCardPayment(invoice.number ?? invoice.id, amount, Number(payment.amount), refundable, note.currency));
  // The credit leaves the balance as it goes back to the card: what later invoices used already cannot be refunded.
  if ((await creditBalance(tx, input.companyId, note.currency, { lock: true })) < amount) {
    throw conflict('credit_already_used', "This credit note's credit has been applied to later invoices already.");
  }
  await addCredit(tx, input.companyId, note.currency, -amount);
  return insertRefund(tx, { creditNoteId: note.id, payment, amount, processorRefundId: null, at: input.at, mode: input.mode });
}

/** Records a refund of a credit note to the payment of its invoice, pending (`refund.created`), keyed `<credit note id>:refund`. */
async function insertRefund(
  tx: Sql,
  input: { creditNoteId: string; payment: PaymentRow; amount: number; processorRefundId: string | null; at: Date; mode: Mode },
): Promise<RefundRow> {
  const { payment } = input;
  const inserted = await tx.query<RefundRow>(
    `INSERT INTO refunds (id, company_id, credit_note_id, invoice_id, payment_id, processor, idempotency_key, processor_refund_id, amount, currency, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $11) RETURNING *`,
    [newId('rf_'), payment.company_id, input.creditNoteId, payment.invoice_id, payment.id, payment.processor, `${input.creditNoteId}:refund`, input.processorRefundId, input.amount, payment.currency, input.at],
  );
  const row = inserted.rows[0]!;
  await recordEvent(tx, { type: 'refund.created', mode: input.mode, companyId: payment.company_id, object: renderRefund(row), at: input.at });
  return row;
}

/**
 * Why a credit note cannot go back to the card: it is for more than the card payment can still refund. That
 * is the case when the payment was refunded before, but also when the invoice was paid partly from credit
 * (the card paid less than the credit note gives back) — so the message says what the card can still take.
 */
function beyondCardPayment(invoiceNumber: string, amount: number, paid: number, refundable: number, currency: string): string {
  const money = (minor: number) => formatMoney(minor, currency, 'en');
  if (refundable <= 0) return `The card payment of invoice ${invoiceNumber} (${money(paid)}) has been refunded in full already: this credit note's credit stays on your balance.`;
  const refundedBefore = paid - refundable;
  return (
    `This credit note is for ${money(amount)}, more than the card payment of invoice ${invoiceNumber} can still refund: ` +
    `${money(refundable)} of the ${money(paid)} it paid${refundedBefore > 0 ? ` (${money(refundedBefore)} refunded already)` : ''}. Its credit stays on your balance.`
  );
}

/**
 * Calls the processor for a recorded refund and records its answer; an unknown outcome leaves it pending
 * (503, asking again re-issues it). The refund as shown is made in the recording transaction, so a request's
 * Idempotency-Key stores it with the outcome (idempotency/index.ts).
 */
export async function issueRefund(db: Database, processor: PaymentProcessor, refund: RefundRow, opts: { at: () => Date; mode: Mode }): Promise<Refund> {
  const result = await sendRefund(db, processor, refund);
  if (!result) throw new ApiError('api_error', 'processor_unavailable', 'The payment processor did not answer. The refund is recorded; ask again to complete it.', { status: 503 });
  return db.transaction(async (tx) => renderRefund(await settleRefund(tx, refund.id, result, opts.at(), opts.mode)));
}

/** The processor's answer for a recorded refund (sent with its key), or null when the outcome is unknown. */
async function sendRefund(db: Sql, processor: PaymentProcessor, refund: RefundRow): Promise<RefundResult | null> {
  const payment = (await db.query<PaymentRow>('SELECT * FROM payments WHERE id = $1', [refund.payment_id])).rows[0]!;
  try {
    return await processor.refund({
      idempotencyKey: refund.idempotency_key,
      processorPaymentId: payment.processor_payment_id!,
      amount: Number(refund.amount),
      currency: refund.currency,
      metadata: { refundId: refund.id, creditNoteId: refund.credit_note_id, invoiceId: refund.invoice_id },
    });
  } catch (err) {
    if (err instanceof ProcessorUnavailableError) return null;
    throw err;
  }
}

/**
 * Sends the recorded refunds the processor never answered — those named, or all recorded before `before`
 * (the billing run's sweep: an outcome lost to an outage or a crash) — each with its own key, and records
 * the answers. One still unanswered stays pending for the next sweep. Returns how many were answered.
 */
export async function issueUnansweredRefunds(
  db: Database,
  processor: PaymentProcessor,
  which: { readonly ids: readonly string[] } | { readonly before: Date },
  opts: { at: Date; mode: Mode },
): Promise<number> {
  if ('ids' in which && which.ids.length === 0) return 0;
  const { rows } = await db.query<RefundRow>(
    `SELECT * FROM refunds WHERE status = 'pending' AND processor_refund_id IS NULL AND processor = $1
        AND ${'ids' in which ? 'id = ANY($2::text[])' : 'created_at < $2'} ORDER BY created_at, id LIMIT 200`,
    [processor.name, 'ids' in which ? which.ids : which.before],
  );
  let answered = 0;
  for (const refund of rows) {
    const result = await sendRefund(db, processor, refund);
    if (!result) continue;
    await db.transaction((tx) => settleRefund(tx, refund.id, result, opts.at, opts.mode));
    answered += 1;
  }
  return answered;
}

/**
 * Records the full refund of a payment whose cancel came too late (engine/charge-cancels.ts): its invoice was
 * voided (the buyer finished 3-D Secure after the subscription expired), or paid by a newer attempt (the buyer
 * finished an older attempt's 3-D Secure in another tab). A credit note on the invoice documents it, and the
 * refund is recorded pending (`refund.created`), to be sent after commit. The money never reached the company's
 * balance, so nothing leaves it; a refund the processor refuses puts it there as credit (`settleRefund`).
 */
export async function recordLateRefund(tx: Sql, payment: PaymentRow, at: Date, mode: Mode): Promise<RefundRow> {
  const invoice = (await tx.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [payment.invoice_id])).rows[0]!;
  const amount = Number(payment.amount);
  const voided = invoice.status === 'void';
  const note = await createCreditNote(tx, {
    invoice,
    amount,
    reason: voided ? 'other' : 'duplicate',
    memo: voided
      ? 'Paid after this invoice was voided (what it was for expired unpaid): refunded in full.'
      : 'Paid twice: an earlier payment attempt went through after a newer one paid this invoice; the earlier one is refunded in full.',
    lines: [
      voided
        ? { description: 'Payment received after the invoice was voided', amount, text: { kind: 'late_payment', cause: 'invoice_voided', settlement: 'refund' } }
        : { description: 'Second payment of this invoice', amount, text: { kind: 'late_payment', cause: 'invoice_paid', settlement: 'refund' } },
    ],
    at,
    mode,
  });
  return insertRefund(tx, { creditNoteId: note.id, payment, amount, processorRefundId: null, at, mode });
}

/** A refund the processor reports that subkit did not ask for: the merchant refunded the charge in the Stripe Dashboard, or through Stripe's API. */
export interface ProcessorRefund {
  readonly processorRefundId: string;
  /** Minor units of the payment's currency. */
  readonly amount: number;
  /** The processor says it refunds a duplicate charge (Stripe's `reason: duplicate`). */
  readonly duplicate: boolean;
  /** Where it stands at the processor: pending ones are settled later by `settleRefund`. */
  readonly result: RefundResult;
}

/**
 * Records a refund made at the processor, outside subkit, of a payment that paid one of its invoices — what the
 * processor already did, so nothing is sent to it. A credit note on the invoice documents the refund (settled
 * `refund`, as the credit of subkit's own refunds goes back to the card) and the refund is recorded with the
 * processor's id — unique, so a replayed or second event about it finds it instead of recording it again — then
 * given the processor's status: `refund.created`, then `refund.updated` unless it is still pending. The invoice
 * stays paid, as Stripe leaves it. The caller holds the invoice and the payment locked, in that order.
 */
export async function recordProcessorRefund(tx: Sql, payment: PaymentRow, refund: ProcessorRefund, at: Date, mode: Mode): Promise<RefundRow> {
  const invoice = (await tx.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [payment.invoice_id])).rows[0]!;
  const creditable = Math.max(0, Number(invoice.total) - (await creditedSoFar(tx, invoice.id)));
  // The processor caps a refund at what the charge has not refunded, not at what subkit has not credited: a credit
  // note kept on the balance (a cancellation's unused time) already gave part of the invoice back. The credit note is
  // for what the invoice still has to credit, so its notes never add up to more than it; the rest of the refund pays
  // out credit the company holds already, so it leaves the balance as with subkit's own refunds — as much as is still
  // there. What later invoices used up cannot be taken back without a negative balance; the refund's amount, larger
  // than its credit note's, keeps what was given twice on the record.
  const amount = Math.min(refund.amount, creditable);
  const fromBalance = Math.min(refund.amount - amount, await creditBalance(tx, payment.company_id, payment.currency, { lock: true }));
  if (fromBalance > 0) await addCredit(tx, payment.company_id, payment.currency, -fromBalance);
  const note = await createCreditNote(tx, {
    invoice,
    amount,
    reason: refund.duplicate ? 'duplicate' : 'other',
    memo:
      `Refunded at the payment processor (${refund.processorRefundId}), not through subkit.` +
      (refund.amount > amount ? ` ${formatMoney(refund.amount - amount, payment.currency, 'en')} of it paid out credit this invoice had given already.` : ''),
    lines: [{ description: 'Refund to the payment method', amount, text: { kind: 'refunded_at_processor', settlement: 'refund' } }],
    at,
    mode,
  });
  const row = await insertRefund(tx, { creditNoteId: note.id, payment, amount: refund.amount, processorRefundId: refund.processorRefundId, at, mode });
  return settleRefund(tx, row.id, refund.result, at, mode);
}

/**
 * Records the processor's answer for a refund: a pending refund becomes succeeded or failed, and a
 * succeeded one may still fail later (Stripe: the card was closed meanwhile) — a failed one puts the
 * credit back on the balance, once. Any other answer leaves the refund as it is, so late, repeated or
 * reordered webhooks end in the same state.
 */
export async function settleRefund(tx: Sql, refundId: string, result: RefundResult, at: Date, mode: Mode): Promise<RefundRow> {
  const { rows } = await tx.query<RefundRow>('SELECT * FROM refunds WHERE id = $1 FOR UPDATE', [refundId]);
  const refund = rows[0]!;
  const processorRefundId = result.processorRefundId ?? refund.processor_refund_id;
  const moves = (refund.status === 'pending' && result.status !== 'pending') || (refund.status === 'succeeded' && result.status === 'failed');
  if (!moves) {
    if (refund.processor_refund_id === null && processorRefundId !== null) {
      await tx.query('UPDATE refunds SET processor_refund_id = $2, updated_at = $3 WHERE id = $1', [refund.id, processorRefundId, at]);
      return { ...refund, processor_refund_id: processorRefundId };
    }
    return refund;
  }
  const failureReason = result.status === 'failed' ? result.failureReason : null;
  const updated = await tx.query<RefundRow>(
    'UPDATE refunds SET status = $2, processor_refund_id = $3, failure_reason = $4, updated_at = $5 WHERE id = $1 RETURNING *',
    [refund.id, result.status, processorRefundId, failureReason, at],
  );
  if (result.status === 'failed') await addCredit(tx, refund.company_id, refund.currency, Number(refund.amount));
  const row = updated.rows[0]!;
  await recordEvent(tx, { type: 'refund.updated', mode, companyId: refund.company_id, object: renderRefund(row), at });
  return row;
}
