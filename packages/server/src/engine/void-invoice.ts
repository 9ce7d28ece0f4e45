/**
 * The merchant voids an open invoice (secret key): nothing is owed on it any more — a debt written off, an
 * invoice issued in error, a settlement agreed outside subkit. Final, as Stripe's void
 * (https://docs.stripe.com/api/invoices/void): the invoice stays in the history, numbered, marked void.
 *
 * What the invoice held is released in the same transaction: its dunning stops, the customer credit it took is
 * given back, an attempt awaiting the buyer's 3-D Secure fails (its charge canceled at the processor once this
 * commits; one that went through anyway is refunded in full, engine/charge-cancels.ts), a change waiting for it is
 * dropped, and a subscription it held past due or on hold is back in service unless another invoice still holds it.
 * An attempt the processor has not answered yet is not raced: 409 until its answer is in. The invoice of a change
 * already made (billed by invoice, it applied at once) is not voided (409): the subscription would keep it unpaid.
 */
import type { Invoice } from '@subkit/core';
import type { RequestContext } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { stopAwaitingAttempts } from './attempts.js';
import { cancelCharges } from './charge-cancels.js';
import { loadInvoice, renderInvoice, voidOpenInvoices } from './invoices.js';
import { activateAfterPayment, emitSubscriptionUpdated } from './payments.js';
import { discardPendingChange } from './pending-change.js';
import { paymentProcessor } from './processor/index.js';
import type { InvoiceRow } from './rows.js';

export async function voidInvoice(ctx: RequestContext, invoiceId: string): Promise<Invoice> {
  const at = ctx.now();
  const { mode, prorationPolicy: policy } = ctx.config;
  const { invoice, cancels } = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<InvoiceRow>(`SELECT * FROM invoices WHERE id = $1 AND status <> 'draft' FOR UPDATE`, [invoiceId]);
    const invoice = rows[0];
    if (!invoice) throw notFound('invoice', 'invoiceId');
    if (invoice.status !== 'open') throw conflict('invoice_not_open', `Invoice ${invoice.number} is ${invoice.status}; only an open invoice can be voided.`);
    if (invoice.billing_reason === 'subscription_create' && invoice.subscription_id) {
      const { rows: subscriptions } = await tx.query<{ status: string }>('SELECT status FROM subscriptions WHERE id = $1', [invoice.subscription_id]);
      // Voided, nothing would ever start it, and nothing would end it: it expires by itself 23 hours after checkout.
      if (subscriptions[0]?.status === 'incomplete') {
        throw conflict('subscription_incomplete', `Invoice ${invoice.number} is the first payment of a subscription that has not started; it expires by itself 23 hours after checkout.`);
      }
    }
    if (invoice.billing_reason === 'subscription_update') {
      const { rows: waiting } = await tx.query(`SELECT 1 FROM subscriptions WHERE id = $1 AND pending_change->>'invoiceId' = $2`, [invoice.subscription_id, invoice.id]);
      // Its change is made (billed by invoice, it applied at once): voided, the subscription would keep what nobody
      // paid for — and a cancellation would credit its unused time (helper-87's probe: a year's credit). A change
      // still waiting for its payment is dropped with it.
      if (waiting.length === 0) {
        throw conflict('change_applied', `Invoice ${invoice.number} bills a change already made to the subscription; it cannot be voided.`);
      }
    }
    const { rows: inFlight } = await tx.query('SELECT 1 FROM payments WHERE invoice_id = $1 AND status = $2', [invoice.id, 'pending']);
    if (inFlight.length > 0) {
      throw conflict('payment_in_flight', `A payment of invoice ${invoice.number} awaits the processor's answer; void it once that answer is in.`);
    }
    const failure = { code: 'invoice_voided', message: 'The merchant voided this invoice.' };
    const cancels = await stopAwaitingAttempts(tx, { invoiceIds: [invoice.id] }, failure, at);
    await discardPendingChange(tx, invoice);
    const [voided] = await voidOpenInvoices(tx, { ids: [invoice.id] }, at, mode);
    // Back in service when this was what held it; else its derived fields (payment issue, next invoice) changed.
    if (!(await activateAfterPayment(tx, invoice.subscription_id, at, mode, policy))) await emitSubscriptionUpdated(tx, invoice.subscription_id, at, mode, policy);
    return { invoice: voided!, cancels };
  });
  await cancelCharges(ctx.db, paymentProcessor(ctx.db, ctx.config), cancels, { at, mode, policy });
  return renderInvoice(ctx.db, await loadInvoice(ctx.db, invoice.company_id, invoice.id));
}
