/**
 * Payment methods and what a settled payment does to a subscription: saved cards, a checkout started
 * or discarded by its first charge, a subscription back in service once paid, SCA confirmations.
 */
import type { Mode, PaymentMethod, PaymentResult, ProrationPolicy } from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError, conflict, invalidRequest, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { recordEvent as emitEvent, type EventInput } from '../db/events.js';
import { nextActionOf, settleAttempt } from './attempts.js';
import { afterCancels, settleCancel, type CancelSettled } from './charge-cancels.js';
import { discardDraftInvoice } from './invoices.js';
import type { ChargeResult } from './processor/index.js';
import { paymentProcessor, ProcessorUnavailableError, TestProcessor } from './processor/index.js';
import type { InvoiceRow, PaymentMethodRow, PaymentRow, SubscriptionRow } from './rows.js';
import { iso } from './rows.js';
import { renderSubscription } from './subscriptions.js';

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

/**
 * Saves a card the processor accepted; the company's first one becomes its default. `emit: false`
 * holds back `payment_method.attached` (a checkout's card is announced once the checkout goes through).
 */
export async function insertCard(
  tx: Sql,
  input: {
    companyId: string;
    card: { processorRef: string; brand: string; last4: string; expMonth: number; expYear: number };
    makeDefault: boolean;
    at: Date;
    mode: Mode;
    emit?: boolean;
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
  if (input.emit !== false) {
    await emitEvent(tx, { type: 'payment_method.attached', mode: input.mode, companyId: input.companyId, object: renderPaymentMethod(row), at: input.at });
  }
  return row;
}

/** A subscription put back in service by a payment, with the status it had. */
export type ActivatedRow = SubscriptionRow & { previous: SubscriptionRow['status'] };

/**
 * Puts incomplete, past-due or unpaid subscriptions back in service once their invoice is paid (or a change's
 * invoice voided) — at once, unless another of a subscription's invoices is still overdue or in dunning; an unpaid
 * one once none of its invoices is open and due (those charged by card issued while it was on hold were never
 * charged: back in service, nothing would collect them; a net-terms one not due yet is collected as any other).
 * Returns the subscriptions it changed (their events are the caller's).
 */
export async function activateAfterPayments(tx: Sql, subscriptionIds: readonly string[], at: Date): Promise<ActivatedRow[]> {
  if (subscriptionIds.length === 0) return [];
  const ids = [...new Set(subscriptionIds)].sort();
  // Two invoices of one subscription paid at once (two billing admins, the manager and the history): each
  // transaction's check below would see the other's invoice still open and neither would put it back in service.
  // Locked first, the second check runs once the first committed, and sees its invoice paid (PostgreSQL reads the
  // rows committed before each statement).
  await tx.query('SELECT 1 FROM subscriptions WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [ids]);
  const { rows } = await tx.query<ActivatedRow>(
    `UPDATE subscriptions s
        SET status = CASE WHEN s.trial_end IS NOT NULL AND s.trial_end > $2 THEN 'trialing' ELSE 'active' END,
            version = s.version + 1, updated_at = $2
       FROM subscriptions old
      WHERE s.id = ANY($1::text[]) AND old.id = s.id AND s.status IN ('incomplete', 'past_due', 'unpaid')
        AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.subscription_id = s.id AND i.status = 'open'
                         AND (i.dunning_started_at IS NOT NULL OR i.overdue_at IS NOT NULL
                              OR (s.status = 'unpaid' AND (i.collection_method = 'charge_automatically' OR i.due_at <= $2))))
      RETURNING s.*, old.status AS previous`,
    [ids, at],
  );
  return rows;
}

/** A `subscription.updated` event with the subscription as it is now (a derived field of it changed). */
export async function emitSubscriptionUpdated(tx: Sql, subscriptionId: string | null, at: Date, mode: Mode, policy: ProrationPolicy): Promise<void> {
  if (!subscriptionId) return;
  const { rows } = await tx.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = $1', [subscriptionId]);
  const row = rows[0];
  if (row) await emitEvent(tx, { type: 'subscription.updated', mode, companyId: row.company_id, object: await renderSubscription(tx, row, policy), at });
}

/** `activateAfterPayments` for one subscription, with its `subscription.updated` event. */
export async function activateAfterPayment(
  tx: Sql,
  subscriptionId: string | null,
  at: Date,
  mode: Mode,
  policy: ProrationPolicy,
): Promise<{ subscriptionId: string; companyId: string; from: SubscriptionRow['status']; to: SubscriptionRow['status'] } | null> {
  if (!subscriptionId) return null;
  const [row] = await activateAfterPayments(tx, [subscriptionId], at);
  if (!row) return null;
  const { previous, ...subscription } = row;
  await emitEvent(tx, { type: 'subscription.updated', mode, companyId: row.company_id, object: await renderSubscription(tx, subscription, policy), at });
  return { subscriptionId: row.id, companyId: row.company_id, from: previous, to: row.status };
}

/**
 * A checkout's first invoice was paid or awaits authentication: the subscription starts (active once
 * paid; incomplete while the buyer authenticates) and its events go out, with the card saved for it.
 */
export async function completeCheckout(tx: Sql, invoice: InvoiceRow, payment: PaymentRow, at: Date, mode: Mode, policy: ProrationPolicy): Promise<void> {
  if (!invoice.subscription_id) return;
  const status = payment.status === 'succeeded' ? 'active' : 'incomplete';
  // The first status of a new subscription: no new version, it was never shown in another state.
  const { rows } = await tx.query<SubscriptionRow>(
    `UPDATE subscriptions SET status = CASE WHEN status = 'incomplete' THEN $2 ELSE status END WHERE id = $1 RETURNING *`,
    [invoice.subscription_id, status],
  );
  const row = rows[0];
  if (!row) return;
  if (payment.first_use && payment.payment_method_id) {
    const method = await tx.query<PaymentMethodRow>('SELECT * FROM payment_methods WHERE id = $1', [payment.payment_method_id]);
    if (method.rows[0]) {
      await emitEvent(tx, { type: 'payment_method.attached', mode, companyId: row.company_id, object: renderPaymentMethod(method.rows[0]), at });
    }
  }
  await emitEvent(tx, { type: 'subscription.created', mode, companyId: row.company_id, object: await renderSubscription(tx, row, policy), at });
}

/**
 * A checkout whose first charge was declined leaves nothing behind: its draft invoice and attempts,
 * its subscription, the card typed in for it, and the promo code redemption are removed.
 */
export async function discardCheckout(tx: Sql, invoice: InvoiceRow, payment: PaymentRow): Promise<void> {
  await discardDraftInvoice(tx, invoice);
  if (!invoice.subscription_id) return;
  const { rows } = await tx.query<SubscriptionRow>('DELETE FROM subscriptions WHERE id = $1 AND status = $2 RETURNING *', [
    invoice.subscription_id,
    'incomplete',
  ]);
  const row = rows[0];
  if (payment.first_use && payment.payment_method_id) {
    await tx.query(
      `DELETE FROM payment_methods WHERE id = $1
        AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE default_payment_method_id = $1)`,
      [payment.payment_method_id],
    );
  }
  if (row?.discount?.source === 'promo' && row.discount.code) {
    await tx.query('UPDATE promo_codes SET times_redeemed = greatest(times_redeemed - 1, 0) WHERE code = $1', [row.discount.code]);
  }
}

/** A payment as the wire shows it, with the browser's next step when it awaits authentication. */
export function renderPaymentResult(payment: PaymentRow, subscriptionId: string | null): PaymentResult {
  return {
    object: 'payment',
    id: payment.id,
    // A payment still waiting for the processor's answer is not settled: the buyer is told to authenticate or wait, never that it failed.
    status: payment.status === 'pending' ? 'requires_action' : payment.status,
    invoiceId: payment.invoice_id,
    subscriptionId,
    failureCode: payment.failure_code,
    failureMessage: payment.failure_message,
    nextAction: nextActionOf(payment),
  };
}

/**
 * Completes the authentication step of one of the company's payments and records the answer like any
 * processor answer — paid (the checkout starts, the change applies, the subscription is active again),
 * declined, or still waiting. With the test processor, its simulated bank page takes the buyer's
 * `outcome`; with Stripe, Stripe.js completed the step in the browser and the payment is read from
 * Stripe (the webhook that reports it too finds it settled and changes nothing).
 */
export async function confirmPayment(
  ctx: RequestContext,
  input: { companyId: string; paymentId: string; outcome?: 'approve' | 'fail' },
): Promise<PaymentResult> {
  const { rows } = await ctx.db.query<PaymentRow>('SELECT * FROM payments WHERE id = $1 AND company_id = $2', [input.paymentId, input.companyId]);
  const payment = rows[0];
  if (!payment) throw notFound('payment', 'paymentId');
  // A cancel of it is recorded and not answered (a newer attempt replaced it, its invoice was voided): the buyer
  // may have completed its 3-D Secure before the cancel got there, so the processor is asked as for any confirm.
  const canceling = payment.processor_cancel === 'pending' && payment.processor_payment_id !== null;
  if (!canceling && (payment.status !== 'requires_action' || !payment.processor_payment_id)) {
    // Stripe's webhook may have settled it before the browser came back: the answer is its state.
    if ((payment.status === 'succeeded' || payment.status === 'failed') && !input.outcome) return renderPaymentResult(payment, await subscriptionOf(ctx.db, payment));
    throw conflict('payment_not_confirmable', `This payment is ${payment.status}; only a payment awaiting authentication can be confirmed.`);
  }
  const processor = paymentProcessor(ctx.db, ctx.config);
  let result: ChargeResult;
  if (processor instanceof TestProcessor) {
    if (!input.outcome) throw invalidRequest('parameter_missing', "Answer the test bank's challenge: approve or fail.", 'outcome');
    result = await processor.completeChallenge(payment.processor_payment_id!, input.outcome);
  } else {
    const read = await processor.retrieveCharge(payment.processor_payment_id!).catch((err: unknown) => {
      if (err instanceof ProcessorUnavailableError) return null;
      throw err;
    });
    if (!read) throw new ApiError('api_error', 'processor_unavailable', 'The payment processor did not answer; try again in a moment.', { status: 503 });
    result = read;
  }
  const opts = { at: ctx.now(), mode: ctx.config.mode, policy: ctx.config.prorationPolicy };
  const canceled: { settled: CancelSettled | null } = { settled: null };
  // The answer is the settling transaction's result, stored with it under an Idempotency-Key (idempotency/index.ts).
  const answer = await ctx.db.transaction(async (tx) => {
    const settled = await settleAttempt(tx, { payment, result, ...opts });
    if (!settled.recorded && settled.payment.processor_cancel === 'pending' && result.status === 'succeeded') {
      // Superseded (or voided) while the buyer was at the bank's page, and paid there: the answer of the cancel,
      // settled once whoever records it first — this confirm, the cancel's own call, the webhook. It pays the
      // invoice or is refunded (engine/charge-cancels.ts), never pays it a second time.
      canceled.settled = await settleCancel(tx, payment.id, { status: 'succeeded', processorPaymentId: result.processorPaymentId }, opts);
      const now = (await tx.query<PaymentRow>('SELECT * FROM payments WHERE id = $1', [payment.id])).rows[0]!;
      return renderPaymentResult(now, await subscriptionOf(tx, now));
    }
    if (!settled.recorded && input.outcome) {
      return conflict('payment_not_confirmable', 'This payment was settled meanwhile; only a payment awaiting authentication can be confirmed.');
    }
    // Without an outcome (Stripe), a payment its webhook settled meanwhile answers with that state.
    return renderPaymentResult(settled.payment, settled.invoice?.subscription_id ?? (await subscriptionOf(tx, settled.payment)));
  });
  if (canceled.settled) await afterCancels(ctx.db, processor, [canceled.settled], opts);
  if (answer instanceof ApiError) throw answer;
  return answer;
}

/** The subscription a payment's invoice belongs to. */
async function subscriptionOf(sql: Sql, payment: PaymentRow): Promise<string | null> {
  if (!payment.invoice_id) return null;
  const { rows } = await sql.query<{ subscription_id: string | null }>('SELECT subscription_id FROM invoices WHERE id = $1', [payment.invoice_id]);
  return rows[0]?.subscription_id ?? null;
}

/** `payment.succeeded` or `payment.failed` for a settled attempt, with what a ledger books beside the wire fields. */
export async function recordPaymentEvent(tx: Sql, payment: PaymentRow, subscriptionId: string | null, mode: Mode, at: Date): Promise<void> {
  const event = paymentEvent(payment, subscriptionId, mode, at);
  if (event) await emitEvent(tx, event);
}

/** The `payment.succeeded` / `payment.failed` event of a settled payment (null for one not settled). */
export function paymentEvent(payment: PaymentRow, subscriptionId: string | null, mode: Mode, at: Date): EventInput | null {
  if (payment.status !== 'succeeded' && payment.status !== 'failed') return null;
  const object = {
    ...renderPaymentResult(payment, subscriptionId),
    amount: payment.amount,
    currency: payment.currency,
    companyId: payment.company_id,
    paymentMethodId: payment.payment_method_id,
    // How a payment the merchant recorded came (a bank transfer and its reference): what a ledger reconciles it by.
    // Only on such payments, so a processor's payment reads on the wire as it always did.
    ...(payment.received ? { received: payment.received } : {}),
    createdAt: iso(payment.created_at),
  };
  return { type: payment.status === 'succeeded' ? 'payment.succeeded' : 'payment.failed', mode, companyId: payment.company_id, object, at };
}
