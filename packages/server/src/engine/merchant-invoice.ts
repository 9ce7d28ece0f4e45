/**
 * The frame of a merchant's action on one invoice (secret key: a void, a write-off, a payment received outside
 * subkit), in one transaction: the invoice locked (404 for none; a draft is nobody's invoice yet), the action's own
 * checks, a refusal (409) while a payment of it awaits the processor's answer — it is not raced —, the attempts
 * awaiting the buyer's 3-D Secure failed with `failure`, then the action; their charges are canceled at the processor
 * once it commits (one that went through anyway pays an invoice still owed, else is refunded, engine/charge-cancels.ts).
 */
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { conflict, notFound } from '../errors.js';
import { stopAwaitingAttempts } from './attempts.js';
import { cancelCharges } from './charge-cancels.js';
import { paymentProcessor } from './processor/index.js';
import type { InvoiceRow } from './rows.js';

export async function actOnInvoice<T>(
  ctx: RequestContext,
  invoiceId: string,
  action: {
    readonly failure: { code: string; message: string };
    /** Refuses (throws) what this action cannot do to the locked invoice. */
    check(tx: Sql, invoice: InvoiceRow): Promise<void>;
    act(tx: Sql, invoice: InvoiceRow, at: Date): Promise<T>;
  },
): Promise<T> {
  const at = ctx.now();
  const { mode, prorationPolicy: policy } = ctx.config;
  let cancels: string[] = [];
  // The transaction's value is the action's, so that an answer made there is stored with its effect under the
  // request's Idempotency-Key (idempotency/index.ts): a repeated request replays it.
  const result = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<InvoiceRow>(`SELECT * FROM invoices WHERE id = $1 AND status <> 'draft' FOR UPDATE`, [invoiceId]);
    const invoice = rows[0];
    if (!invoice) throw notFound('invoice', 'invoiceId');
    await action.check(tx, invoice);
    const { rows: inFlight } = await tx.query('SELECT 1 FROM payments WHERE invoice_id = $1 AND status = $2', [invoice.id, 'pending']);
    if (inFlight.length > 0) {
      throw conflict('payment_in_flight', `A payment of invoice ${invoice.number} awaits the processor's answer; try again once that answer is in.`);
    }
    cancels = await stopAwaitingAttempts(tx, { invoiceIds: [invoice.id] }, action.failure, at);
    return action.act(tx, invoice, at);
  });
  await cancelCharges(ctx.db, paymentProcessor(ctx.db, ctx.config), cancels, { at, mode, policy });
  return result;
}
