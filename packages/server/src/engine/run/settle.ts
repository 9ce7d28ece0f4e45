/**
 * Recording a batch of processor answers in one transaction, set-based for the common case of the
 * billing run — a renewal or retry charge that succeeded on an open invoice: the attempts, the invoices
 * (or uncollectible) paid, subscriptions back in service and the events in a few statements for the whole batch. Every
 * other answer (a decline, an authentication, a draft's first charge, a change waiting for its invoice)
 * goes through `settleAttempt` one by one, which does the same for a succeeded charge, only slower.
 */
import { isPayable, PAYABLE_STATUSES, type InvoiceStatus, type Mode, type ProrationPolicy } from '@subkit/core';
import { recordEvents, type EventInput } from '../../db/events.js';
import type { Sql } from '../../db/types.js';
import { settleAttempt, type Settled } from '../attempts.js';
import { renderInvoices } from '../invoices.js';
import { activateAfterPayments, paymentEvent } from '../payments.js';
import type { ChargeResult } from '../processor/index.js';
import type { InvoiceRow, PaymentRow, SubscriptionRow } from '../rows.js';
import { renderSubscriptions } from '../subscriptions.js';

/** One processor answer to record. */
export interface Answer {
  readonly payment: PaymentRow;
  readonly result: ChargeResult;
}

/** Records the answers at `at` in the caller's transaction; returns what each did, in the order given (unrecorded ones left out). */
export async function settleAnswers(tx: Sql, answers: readonly Answer[], at: Date, mode: Mode, policy: ProrationPolicy): Promise<Settled[]> {
  if (answers.length === 0) return [];
  // Lock the invoices in one order (two workers settling overlapping batches never deadlock).
  const ids = [...new Set(answers.map((a) => a.payment.invoice_id).filter((id): id is string => id !== null))].sort();
  const { rows: locked } = await tx.query<{ id: string; status: InvoiceStatus; waiting: boolean }>(
    `SELECT i.id, i.status, EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = i.subscription_id AND s.pending_change->>'invoiceId' = i.id) AS waiting
       FROM invoices i WHERE i.id = ANY($1::text[]) ORDER BY i.id FOR UPDATE OF i`,
    [ids],
  );
  const plain = new Set(locked.filter((r) => isPayable(r.status) && !r.waiting).map((r) => r.id));
  const fast = answers.filter((a) => a.result.status === 'succeeded' && a.payment.invoice_id !== null && plain.has(a.payment.invoice_id));
  const fastById = new Map(fast.map((a) => [a.payment.id, a]));
  const settled = new Map<string, Settled>();

  if (fast.length > 0) {
    const { rows: payments } = await tx.query<PaymentRow>(
      `UPDATE payments p SET status = 'succeeded', processor_payment_id = v.processor_payment_id, failure_code = NULL, failure_message = NULL,
              hard_decline = false, next_action = NULL, settled_at = $3
         FROM unnest($1::text[], $2::text[]) AS v(id, processor_payment_id)
        WHERE p.id = v.id AND p.status IN ('pending', 'requires_action') RETURNING p.*`,
      [fast.map((a) => a.payment.id), fast.map((a) => a.result.processorPaymentId), at],
    );
    const { rows: invoices } = await tx.query<InvoiceRow>(
      `UPDATE invoices SET status = 'paid', amount_paid = amount_due, paid_at = $2, next_payment_attempt_at = NULL, dunning_ends_at = NULL
        WHERE id = ANY($1::text[]) AND status = ANY($3::text[]) RETURNING *`,
      [payments.map((p) => p.invoice_id), at, PAYABLE_STATUSES],
    );
    const invoiceById = new Map(invoices.map((i) => [i.id, i]));
    const activated = await activateAfterPayments(tx, invoices.map((i) => i.subscription_id).filter((id): id is string => id !== null), at);
    const activatedBy = new Map(activated.map((s) => [s.id, s]));

    const events: EventInput[] = [];
    for (const invoice of await renderInvoices(tx, invoices)) {
      events.push({ type: 'invoice.paid', mode, companyId: invoice.companyId, object: invoice, at });
    }
    // A subscription whose card invoice was paid without a status change gets its new state too: its
    // payment issue (the charge pending, or declined before a retry) is gone — its last event said otherwise.
    const settledCard = invoices.filter((i) => i.subscription_id !== null && i.collection_method === 'charge_automatically' && !activatedBy.has(i.subscription_id));
    const { rows: unchanged } = settledCard.length
      ? await tx.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = ANY($1::text[]) ORDER BY id', [[...new Set(settledCard.map((i) => i.subscription_id))]])
      : { rows: [] as SubscriptionRow[] };
    const rows = [...activated.map(({ previous: _previous, ...row }) => row), ...unchanged];
    for (const [i, object] of (await renderSubscriptions(tx, rows, policy)).entries()) {
      events.push({ type: 'subscription.updated', mode, companyId: rows[i]!.company_id, object, at });
    }
    for (const payment of payments) {
      const invoice = payment.invoice_id ? invoiceById.get(payment.invoice_id) : undefined;
      const subscriptionId = invoice?.subscription_id ?? null;
      const event = paymentEvent(payment, subscriptionId, mode, at);
      if (event) events.push(event);
      const answer = fastById.get(payment.id)!;
      const back = subscriptionId ? activatedBy.get(subscriptionId) : undefined;
      settled.set(payment.id, {
        payment,
        invoice: invoice ?? null,
        result: answer.result,
        recorded: true,
        activated: back ? { subscriptionId: back.id, companyId: back.company_id, from: back.previous, to: back.status } : null,
      });
    }
    await recordEvents(tx, events);
  }

  for (const answer of answers) {
    if (fastById.has(answer.payment.id)) continue;
    settled.set(answer.payment.id, await settleAttempt(tx, { payment: answer.payment, result: answer.result, at, mode, policy }));
  }
  return answers.map((a) => settled.get(a.payment.id)).filter((s): s is Settled => s !== undefined && s.recorded);
}
