/**
 * The merchant writes off an invoice (secret key), in Stripe's two ways:
 *
 * - **void** (https://docs.stripe.com/api/invoices/void) an open or uncollectible invoice: nothing is owed on it any
 *   more — an invoice issued in error, a settlement agreed outside subkit. Final: the invoice stays in the history,
 *   numbered, marked void; the customer credit it took is given back and a change waiting for it is dropped.
 * - **mark uncollectible** (https://docs.stripe.com/api/invoices/mark_uncollectible) an open invoice: bad debt
 *   written off for the books, the claim kept. The credit it took stays applied, what is left stays owed
 *   (`amountRemaining`), and it can still be paid (Pay now, a charge that goes through late: then `paid`) or voided.
 *
 * Either way, what the invoice held is released in the same transaction: its dunning stops, an attempt awaiting the
 * buyer's 3-D Secure fails (its charge canceled at the processor once this commits; one that went through anyway
 * pays an invoice still owed, else is refunded in full, engine/charge-cancels.ts), and a subscription it held past
 * due or on hold is back in service unless another invoice still holds it. An attempt the processor has not
 * answered yet is not raced: 409 until its answer is in. Neither is allowed for the first invoice of a subscription
 * that has not started (it expires by itself). The invoice of a change already made (billed by invoice, it applied
 * at once) is not voided (409): the subscription would keep it unpaid — marked uncollectible it stays owed, as a
 * renewal does. The invoice a change still waits for is not marked uncollectible (409): the change would wait for a
 * payment nobody asks for; voided, the change is dropped with it.
 */
import type { Invoice } from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { recordEvent } from '../db/events.js';
import { conflict } from '../errors.js';
import { loadInvoice, renderInvoice, voidOpenInvoices } from './invoices.js';
import { actOnInvoice } from './merchant-invoice.js';
import { activateAfterPayment, emitSubscriptionUpdated } from './payments.js';
import { discardPendingChange } from './pending-change.js';
import type { InvoiceRow } from './rows.js';

/** How an invoice is written off: which statuses it may be in, what is refused, and what is done to it. */
interface WriteOff {
  readonly from: readonly InvoiceRow['status'][];
  readonly verb: string;
  readonly failure: { code: string; message: string };
  /** Refuses (throws) what this way cannot write off among invoices that passed the common checks; `waitedFor`: a change waits for it. */
  refuse(invoice: InvoiceRow, waitedFor: boolean): void;
  /** The invoice's new state and its event. */
  apply(tx: Sql, invoice: InvoiceRow, at: Date, ctx: RequestContext): Promise<InvoiceRow>;
}

const VOID: WriteOff = {
  from: ['open', 'uncollectible'],
  verb: 'voided',
  failure: { code: 'invoice_voided', message: 'The merchant voided this invoice.' },
  refuse(invoice, waitedFor) {
    // Its change is made (billed by invoice, it applied at once): voided, the subscription would keep what nobody
    // paid for — and a cancellation would credit its unused time (helper-87's probe: a year's credit). A change
    // still waiting for its payment is dropped with it.
    if (invoice.billing_reason === 'subscription_update' && !waitedFor) {
      throw conflict('change_applied', `Invoice ${invoice.number} bills a change already made to the subscription; it cannot be voided.`);
    }
  },
  async apply(tx, invoice, at, ctx) {
    await discardPendingChange(tx, invoice);
    const [voided] = await voidOpenInvoices(tx, { ids: [invoice.id] }, at, ctx.config.mode);
    return voided!;
  },
};

const UNCOLLECTIBLE: WriteOff = {
  from: ['open'],
  verb: 'marked uncollectible',
  failure: { code: 'invoice_uncollectible', message: 'The merchant marked this invoice uncollectible.' },
  refuse(invoice, waitedFor) {
    if (waitedFor) {
      throw conflict('change_pending', `A change of the subscription waits for invoice ${invoice.number}; void it instead, and the change is dropped with it.`);
    }
  },
  async apply(tx, invoice, at, ctx) {
    const { rows } = await tx.query<InvoiceRow>(
      `UPDATE invoices SET status = 'uncollectible', next_payment_attempt_at = NULL, dunning_ends_at = NULL WHERE id = $1 RETURNING *`,
      [invoice.id],
    );
    const marked = rows[0]!;
    await recordEvent(tx, { type: 'invoice.marked_uncollectible', mode: ctx.config.mode, companyId: marked.company_id, object: await renderInvoice(tx, marked), at });
    return marked;
  },
};

/** Voids an open or uncollectible invoice (POST /v1/invoices/:id/void). */
export const voidInvoice = (ctx: RequestContext, invoiceId: string): Promise<Invoice> => writeOff(ctx, invoiceId, VOID);

/** Marks an open invoice uncollectible (POST /v1/invoices/:id/mark_uncollectible). */
export const markInvoiceUncollectible = (ctx: RequestContext, invoiceId: string): Promise<Invoice> => writeOff(ctx, invoiceId, UNCOLLECTIBLE);

async function writeOff(ctx: RequestContext, invoiceId: string, how: WriteOff): Promise<Invoice> {
  const { mode, prorationPolicy: policy } = ctx.config;
  return actOnInvoice(ctx, invoiceId, {
    failure: how.failure,
    async check(tx, invoice) {
      if (!how.from.includes(invoice.status)) {
        throw conflict('invoice_not_open', `Invoice ${invoice.number} is ${invoice.status}; only an ${how.from.join(' or ')} invoice can be ${how.verb}.`);
      }
      if (invoice.billing_reason === 'subscription_create' && invoice.subscription_id) {
        const { rows: subscriptions } = await tx.query<{ status: string }>('SELECT status FROM subscriptions WHERE id = $1', [invoice.subscription_id]);
        // Written off, nothing would ever start it, and nothing would end it: it expires by itself 23 hours after checkout.
        if (subscriptions[0]?.status === 'incomplete') {
          throw conflict('subscription_incomplete', `Invoice ${invoice.number} is the first payment of a subscription that has not started; it expires by itself 23 hours after checkout.`);
        }
      }
      const { rows: waiting } = await tx.query(`SELECT 1 FROM subscriptions WHERE id = $1 AND pending_change->>'invoiceId' = $2`, [invoice.subscription_id, invoice.id]);
      how.refuse(invoice, waiting.length > 0);
    },
    async act(tx, invoice, at) {
      await how.apply(tx, invoice, at, ctx);
      // Back in service when this was what held it; else its derived fields (payment issue, next invoice) changed. An
      // uncollectible invoice held nothing any more.
      if (invoice.status === 'open' && !(await activateAfterPayment(tx, invoice.subscription_id, at, mode, policy))) {
        await emitSubscriptionUpdated(tx, invoice.subscription_id, at, mode, policy);
      }
      return renderInvoice(tx, await loadInvoice(tx, invoice.company_id, invoice.id));
    },
  });
}
