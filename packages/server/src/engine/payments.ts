/**
 * Collecting invoices through the test-mode processor: one payments row per attempt, the invoice
 * marked paid on success, the subscription brought back to active, SCA confirmations.
 */
import type { Mode, PaymentMethod, PaymentResult } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { conflict, invalidRequest, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { recordEvent as emitEvent } from '../db/events.js';
import { markInvoicePaid, renderInvoiceSummary } from './invoices.js';
import type { ChargeOutcome } from './processor.js';
import { challengeOutcome, chargeOutcome } from './processor.js';
import type { InvoiceRow, PaymentMethodRow, PaymentRow } from './rows.js';
import { iso } from './rows.js';

/** A saved payment method as the wire shows it. */
export function renderPaymentMethod(row: PaymentMethodRow): PaymentMethod {
  return {
    id: row.id,
    object: 'payment_method',
    type: row.type,
    card:
      row.type === 'card' && row.brand && row.last4 && row.exp_month && row.exp_year
        ? { brand: row.brand, last4: row.last4, expMonth: row.exp_month, expYear: row.exp_year }
        : null,
    isDefault: row.is_default,
    createdAt: iso(row.created_at),
  };
}

/** A company's live (not removed) payment method, or 404 on `param`. */
export async function loadPaymentMethod(tx: Sql, companyId: string, id: string, param: string): Promise<PaymentMethodRow> {
  const { rows } = await tx.query<PaymentMethodRow>(
    'SELECT * FROM payment_methods WHERE id = $1 AND company_id = $2 AND detached_at IS NULL',
    [id, companyId],
  );
  const row = rows[0];
  if (!row) throw notFound('payment method', param);
  return row;
}

/** The company's default payment method, if it has one. */
export async function defaultPaymentMethod(tx: Sql, companyId: string): Promise<PaymentMethodRow | null> {
  const { rows } = await tx.query<PaymentMethodRow>(
    'SELECT * FROM payment_methods WHERE company_id = $1 AND detached_at IS NULL AND is_default ORDER BY created_at DESC LIMIT 1',
    [companyId],
  );
  return rows[0] ?? null;
}

/** Saves a card the processor accepted; the company's first one becomes its default. */
export async function insertCard(
  tx: Sql,
  input: {
    companyId: string;
    card: { processorRef: string; brand: string; last4: string; expMonth: number; expYear: number };
    makeDefault: boolean;
    at: Date;
    mode: Mode;
  },
): Promise<PaymentMethodRow> {
  const existing = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM payment_methods WHERE company_id = $1 AND detached_at IS NULL',
    [input.companyId],
  );
  const isDefault = input.makeDefault || (existing.rows[0]?.n ?? 0) === 0;
  if (isDefault) await tx.query('UPDATE payment_methods SET is_default = false WHERE company_id = $1 AND is_default', [input.companyId]);
  const { rows } = await tx.query<PaymentMethodRow>(
    `INSERT INTO payment_methods (id, company_id, type, brand, last4, exp_month, exp_year, processor_ref, is_default, created_at)
     VALUES ($1, $2, 'card', $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [newId('pm_'), input.companyId, input.card.brand, input.card.last4, input.card.expMonth, input.card.expYear, input.card.processorRef, isDefault, input.at],
  );
  const row = rows[0]!;
  await emitEvent(tx, { type: 'payment_method.attached', mode: input.mode, companyId: input.companyId, object: renderPaymentMethod(row), at: input.at });
  return row;
}

/** Puts an incomplete or past-due subscription back in service once its invoice is paid. */
export async function activateAfterPayment(tx: Sql, subscriptionId: string | null, at: Date, mode: Mode): Promise<void> {
  if (!subscriptionId) return;
  const { rows } = await tx.query<{ id: string; company_id: string; status: string }>(
    `UPDATE subscriptions
        SET status = CASE WHEN trial_end IS NOT NULL AND trial_end > $2 THEN 'trialing' ELSE 'active' END,
            version = version + 1, updated_at = $2
      WHERE id = $1 AND status IN ('incomplete', 'past_due', 'unpaid')
      RETURNING id, company_id, status`,
    [subscriptionId, at],
  );
  const row = rows[0];
  if (row) {
    await emitEvent(tx, { type: 'subscription.updated', mode, companyId: row.company_id, object: { id: row.id, status: row.status }, at });
  }
}

/** One charge attempt on an invoice, recorded whatever its outcome. */
export interface Attempt {
  readonly payment: PaymentRow;
  readonly outcome: ChargeOutcome;
  readonly invoice: InvoiceRow;
}

/**
 * Tries to collect what is left on an open invoice with a saved card: a payments row for the attempt;
 * on success the invoice is paid and its subscription active again; on failure `invoice.payment_failed`.
 */
export async function chargeInvoice(
  tx: Sql,
  input: { invoice: InvoiceRow; paymentMethod: PaymentMethodRow; firstUse: boolean; at: Date; mode: Mode; activate?: boolean },
): Promise<Attempt> {
  const { invoice, paymentMethod, at, mode } = input;
  if (invoice.status !== 'open') throw conflict('invoice_not_open', `Invoice ${invoice.number} is ${invoice.status}, not open.`);
  const amount = Math.max(0, invoice.amount_due - invoice.amount_paid);
  const outcome = chargeOutcome(paymentMethod.processor_ref ?? '', { firstUse: input.firstUse });
  const payment = await insertPayment(tx, { invoice, paymentMethodId: paymentMethod.id, amount, outcome, at });
  const updated = await settle(tx, { invoice, outcome, at, mode, activate: input.activate ?? true });
  return { payment, outcome, invoice: updated };
}

async function insertPayment(
  tx: Sql,
  input: { invoice: InvoiceRow; paymentMethodId: string | null; amount: number; outcome: ChargeOutcome; at: Date },
): Promise<PaymentRow> {
  const failed = input.outcome.status === 'failed' ? input.outcome : null;
  const { rows } = await tx.query<PaymentRow>(
    `INSERT INTO payments (id, invoice_id, company_id, amount, currency, status, payment_method_id, failure_code, failure_message, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [
      newId('pay_'),
      input.invoice.id,
      input.invoice.company_id,
      input.amount,
      input.invoice.currency,
      input.outcome.status,
      input.paymentMethodId,
      failed?.declineCode ?? null,
      failed?.message ?? null,
      input.at,
    ],
  );
  return rows[0]!;
}

async function settle(
  tx: Sql,
  input: { invoice: InvoiceRow; outcome: ChargeOutcome; at: Date; mode: Mode; activate: boolean },
): Promise<InvoiceRow> {
  const { invoice, outcome, at, mode } = input;
  if (outcome.status === 'succeeded') {
    const paid = await markInvoicePaid(tx, invoice, at, mode);
    if (input.activate) await activateAfterPayment(tx, invoice.subscription_id, at, mode);
    return paid;
  }
  if (outcome.status === 'failed') {
    await emitEvent(tx, { type: 'invoice.payment_failed', mode, companyId: invoice.company_id, object: renderInvoiceSummary(invoice), at });
  }
  return invoice;
}

/** A payment as the wire shows it. */
export function renderPaymentResult(payment: PaymentRow, subscriptionId: string | null): PaymentResult {
  return {
    object: 'payment',
    id: payment.id,
    status: payment.status === 'pending' ? 'requires_action' : payment.status,
    invoiceId: payment.invoice_id,
    subscriptionId,
    failureCode: payment.failure_code,
    failureMessage: payment.failure_message,
  };
}

/**
 * Completes a test-mode SCA challenge on a payment of the company: `approve` pays the invoice (and
 * activates its subscription), `fail` fails the payment and leaves the invoice open.
 */
export async function confirmPayment(
  tx: Sql,
  input: { companyId: string; paymentId: string; outcome: 'approve' | 'fail'; at: Date; mode: Mode },
): Promise<PaymentResult> {
  const { rows } = await tx.query<PaymentRow>('SELECT * FROM payments WHERE id = $1 AND company_id = $2 FOR UPDATE', [
    input.paymentId,
    input.companyId,
  ]);
  const payment = rows[0];
  if (!payment) throw notFound('payment', 'paymentId');
  if (payment.status !== 'requires_action') {
    throw conflict('payment_not_confirmable', `This payment is ${payment.status}; only a payment awaiting authentication can be confirmed.`);
  }
  if (!payment.invoice_id) throw invalidRequest('payment_without_invoice', 'This payment has no invoice to settle.', 'paymentId');
  const invoices = await tx.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1 FOR UPDATE', [payment.invoice_id]);
  const invoice = invoices.rows[0]!;
  let outcome = challengeOutcome(input.outcome);
  if (outcome.status === 'succeeded' && invoice.status !== 'open') {
    // Paid meanwhile by other means: approving must not collect twice.
    outcome = { status: 'failed', code: 'invoice_not_open', declineCode: 'invoice_not_open', message: `Invoice ${invoice.number} is already ${invoice.status}.`, hard: false };
  }
  const failed = outcome.status === 'failed' ? outcome : null;
  const updated = await tx.query<PaymentRow>(
    'UPDATE payments SET status = $2, failure_code = $3, failure_message = $4 WHERE id = $1 RETURNING *',
    [payment.id, outcome.status, failed?.declineCode ?? null, failed?.message ?? null],
  );
  if (invoice.status === 'open') await settle(tx, { invoice, outcome, at: input.at, mode: input.mode, activate: true });
  return renderPaymentResult(updated.rows[0]!, invoice.subscription_id);
}
