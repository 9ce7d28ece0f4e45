/**
 * The merchant forgives part of an invoice with a credit note (secret key; Stripe's POST /v1/credit_notes,
 * https://docs.stripe.com/api/credit_notes/create): a service credit, a pricing error, a duplicate line — also on the
 * invoice of a change already made, which cannot be voided.
 *
 * - An invoice still owed (open or uncollectible): the credit comes off what remains (a pre-payment credit note),
 *   never more. Nothing left, the invoice is paid without a payment — nothing was paid, so no payment row and no
 *   `payment.succeeded`, but `invoice.paid` — and what it was for follows as after a payment: its dunning stops, a
 *   waiting change applies, a subscription it held past due, on hold or incomplete is back in service. Something
 *   left, it stays owed as it was (due date, dunning): the next retry charges what remains.
 * - A paid invoice: the credit goes to the company's balance for its next invoices (`creditTo: balance`; its billing
 *   admin may then ask for it on the card, POST /v1/credit-notes/:id/refund, where the shop allows) or was paid back
 *   outside subkit (`out_of_band`: nothing moves here).
 *
 * An invoice's credit notes never exceed its total. A void invoice owes nothing and has nothing to credit (409).
 */
import { formatMoney, isPayable, type CreateCreditNoteRequest, type CreditNote, type CreditNoteText } from '@subkit/core';
import type { RequestContext } from '../context.js';
import { conflict, invalidRequest } from '../errors.js';
import { followSettledInvoice } from './attempts.js';
import { createCreditNote, creditedSoFar } from './credit-notes.js';
import { addCredit, amountRemaining, creditOpenInvoice } from './invoices.js';
import { actOnInvoice } from './merchant-invoice.js';
import { emitSubscriptionUpdated } from './payments.js';

type Settlement = Extract<CreditNoteText, { kind: 'adjustment' }>['settlement'];

/** Issues the merchant's credit note on an invoice (POST /v1/invoices/:id/credit-notes). */
export async function issueCreditNote(ctx: RequestContext, invoiceId: string, input: CreateCreditNoteRequest): Promise<CreditNote> {
  const { mode, prorationPolicy: policy } = ctx.config;
  const amount = input.lines.reduce((sum, line) => sum + line.amount, 0);
  return actOnInvoice(ctx, invoiceId, {
    // An attempt awaiting 3-D Secure is for the amount owed before the credit: finished, it would charge more than
    // remains. It fails even when something is still owed; the buyer pays the rest anew (Pay now, or the next retry).
    failure: { code: 'invoice_credited', message: 'The merchant credited this invoice; pay what remains of it anew.' },
    async check(tx, invoice) {
      if (invoice.status === 'void') throw conflict('invoice_void', `Invoice ${invoice.number} is void: nothing is owed on it, and there is nothing to credit.`);
      const owed = isPayable(invoice.status);
      if (owed && input.creditTo !== undefined) {
        throw invalidRequest('credit_to_unpaid', `Invoice ${invoice.number} is still owed: the credit comes off what remains, it goes nowhere else. Send creditTo for a paid invoice only.`, 'creditTo');
      }
      const uncredited = invoice.total - (await creditedSoFar(tx, invoice.id));
      const most = Math.max(0, owed ? Math.min(uncredited, amountRemaining(invoice)) : uncredited);
      if (amount > most) {
        const what = owed ? 'left to pay' : 'not credited yet';
        throw invalidRequest('amount_too_large', `Invoice ${invoice.number} has ${formatMoney(most, invoice.currency)} ${what}: its credit note can be for at most that much.`, 'lines');
      }
    },
    async act(tx, invoice, at) {
      const settlement: Settlement = isPayable(invoice.status) ? 'invoice' : (input.creditTo ?? 'balance');
      const note = await createCreditNote(tx, {
        invoice,
        amount,
        reason: input.reason,
        memo: input.memo || null,
        lines: input.lines.map((line) => ({ description: line.description, amount: line.amount, text: { kind: 'adjustment', settlement } })),
        at,
        mode,
      });
      if (settlement === 'balance') await addCredit(tx, invoice.company_id, invoice.currency, amount);
      if (settlement !== 'invoice') return note;
      const credited = await creditOpenInvoice(tx, invoice, amount, at, mode);
      if (credited.status === 'paid') {
        await followSettledInvoice(tx, { invoice: credited, wasDraft: false, at, mode, policy });
      } else if (invoice.status === 'open') {
        // Still owed: an attempt awaiting 3-D Secure may have failed above, so its payment issue changed.
        await emitSubscriptionUpdated(tx, invoice.subscription_id, at, mode, policy);
      }
      return note;
    },
  });
}
