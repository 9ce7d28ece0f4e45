/**
 * The merchant records that an invoice was paid outside subkit (secret key): the buyer's accounts payable sent the
 * bank transfer the invoice asks for, a cheque came. Before, nothing could settle an invoice billed for bank
 * transfer but a card payment on the page: a net-terms invoice paid by wire went overdue, into dunning, and held its
 * subscription past due or on hold. As Stripe's `paid_out_of_band` (https://docs.stripe.com/api/invoices/pay), the
 * invoice is paid in full — a part payment would leave it open with nobody to collect the rest.
 *
 * In one transaction it is a payment like a card's that went through (`settlePaidInvoice`): the invoice is paid,
 * its dunning stops, a waiting change applies, a subscription past due, on hold or not started is back in service
 * unless another invoice still holds it, and `payment.succeeded` goes out with how the money came and its reference.
 * An attempt awaiting the buyer's 3-D Secure fails and its charge is canceled once this commits; one that went
 * through anyway is refunded in full (engine/charge-cancels.ts). One the processor has not answered yet is not
 * raced: 409 until its answer is in.
 */
import { formatMoney, isPayable, type Invoice, type RecordInvoicePaymentRequest } from '@subkit/core';
import type { RequestContext } from '../context.js';
import { conflict, invalidRequest } from '../errors.js';
import { newId } from '../ids.js';
import { settlePaidInvoice } from './attempts.js';
import { amountRemaining, renderInvoice } from './invoices.js';
import { actOnInvoice } from './merchant-invoice.js';
import type { PaymentRow } from './rows.js';

export async function recordInvoicePayment(ctx: RequestContext, invoiceId: string, input: RecordInvoicePaymentRequest): Promise<Invoice> {
  const { mode, prorationPolicy: policy } = ctx.config;
  return actOnInvoice(ctx, invoiceId, {
    failure: { code: 'paid_outside', message: 'The invoice was paid another way meanwhile.' },
    async check(_tx, invoice) {
      if (!isPayable(invoice.status)) {
        throw conflict('invoice_not_open', `Invoice ${invoice.number} is ${invoice.status}; only an open invoice can be paid.`);
      }
      const remaining = amountRemaining(invoice);
      if (input.amount !== undefined && input.amount !== remaining) {
        throw invalidRequest(
          'amount_mismatch',
          `Invoice ${invoice.number} has ${formatMoney(remaining, invoice.currency)} left to pay, not ${formatMoney(input.amount, invoice.currency)}: a payment is recorded for what remains, in full.`,
          'amount',
        );
      }
    },
    async act(tx, invoice, at) {
      const { rows: last } = await tx.query<{ n: number }>('SELECT coalesce(max(attempt), 0)::int AS n FROM payments WHERE invoice_id = $1', [invoice.id]);
      const attempt = (last[0]?.n ?? 0) + 1;
      const received = { method: input.method ?? 'bank_transfer', reference: input.reference?.trim() || null };
      const { rows: payments } = await tx.query<PaymentRow>(
        `INSERT INTO payments (id, invoice_id, company_id, amount, currency, status, attempt, idempotency_key, processor, on_session, created_at, settled_at, received)
         VALUES ($1, $2, $3, $4, $5, 'succeeded', $6, $7, 'outside', false, $8, $8, $9) RETURNING *`,
        [newId('pay_'), invoice.id, invoice.company_id, amountRemaining(invoice), invoice.currency, attempt, `${invoice.id}:received:${attempt}`, at, JSON.stringify(received)],
      );
      const settled = await settlePaidInvoice(tx, { invoice, payment: payments[0]!, at, mode, policy });
      return renderInvoice(tx, settled.invoice);
    },
  });
}
