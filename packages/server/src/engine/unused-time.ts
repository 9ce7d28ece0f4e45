/**
 * Credit for the unused time of a subscription's current period: how much (`unusedTimeCredit`, after a percentage
 * discount, tax included — none for a period written off), and where it goes — off the period's open invoice when a
 * cancellation leaves one (`creditCancellation`), else to the company balance with a credit note (`creditUnusedTime`).
 */
import type { CreditNoteText } from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { createCreditNote, creditedSoFar } from './credit-notes.js';
import { addCredit, amountRemaining, creditOpenInvoice } from './invoices.js';
import { discountsFor, prorate, signedTotals } from './lines.js';
import type { InvoiceRow, SubscriptionRow } from './rows.js';
import { toDate } from './rows.js';
import { loadCompany, planName } from './subscriptions.js';
import { taxRatesFor } from './tax.js';

/** Why unused time is credited: a change (to a plan and quantity) or a cancellation — a credit note's text. */
export type CreditCause = Pick<Extract<CreditNoteText, { kind: 'unused_time' }>, 'cause' | 'planName' | 'quantity'>;
const CANCELLATION: CreditCause = { cause: 'cancellation', planName: null, quantity: null };
const creditWhat = (c: CreditCause) => (c.cause === 'cancellation' ? 'cancellation' : `Change to ${c.planName ?? ''}${(c.quantity ?? 1) > 1 ? ` × ${c.quantity}` : ''}`);

/**
 * Puts a credit on the company balance (applied to its next invoices, not refunded) and documents it with credit
 * notes on the invoices that billed the current period, newest first, each for at most what it can still credit
 * (its total less its credit notes). Before, one credit note went on the latest invoice whatever its size: a
 * cancellation after a seat upgrade credited a month of every seat against the few days' upgrade invoice, and after a
 * refund made at the processor (the Stripe Dashboard) it credited again what had been given back (helper-88's probe).
 * What the period's invoices cannot credit any more was given back already, so it is not credited. Returns the credit.
 */
export async function creditUnusedTime(tx: Sql, ctx: RequestContext, row: SubscriptionRow, amount: number, cause: CreditCause, at: Date): Promise<number> {
  const { rows } = await tx.query<InvoiceRow>(
    `SELECT * FROM invoices WHERE subscription_id = $1 AND status IN ('paid', 'open') AND total > 0 AND period_end > $2 AND period_start < $3
      ORDER BY issued_at DESC, id DESC`,
    [row.id, row.current_period_start, row.current_period_end],
  );
  let left = amount;
  for (const invoice of rows) {
    const part = Math.min(left, invoice.total - (await creditedSoFar(tx, invoice.id)));
    if (part <= 0) continue;
    await createCreditNote(tx, {
      invoice,
      amount: part,
      reason: 'proration',
      memo: `Unused time credited to your balance: ${creditWhat(cause)}.`,
      lines: [{ description: `Unused time — ${creditWhat(cause)}`, amount: part, text: { kind: 'unused_time', ...cause, settlement: 'balance' } }],
      at,
      mode: ctx.config.mode,
    });
    left -= part;
    if (left === 0) break;
  }
  const credited = amount - left;
  if (credited > 0) await addCredit(tx, row.company_id, row.currency, credited);
  return credited;
}

/**
 * Credits the unused time of a subscription canceled now. When the period's invoice is still open, the
 * credit note reduces that invoice (not below zero; fully credited, it is settled) instead of leaving a
 * balance credit while the full invoice stays due; any rest goes to the balance (Stripe's pre- and
 * post-payment credit notes, https://docs.stripe.com/invoicing/integration/programmatic-credit-notes).
 */
export async function creditCancellation(tx: Sql, ctx: RequestContext, row: SubscriptionRow, amount: number, at: Date): Promise<void> {
  const { rows } = await tx.query<InvoiceRow>(
    `SELECT * FROM invoices WHERE subscription_id = $1 AND status = 'open' AND period_start = $2
        AND billing_reason IN ('subscription_create', 'subscription_cycle')
      ORDER BY issued_at DESC LIMIT 1 FOR UPDATE`,
    [row.id, row.current_period_start],
  );
  const open = rows[0];
  if (!open) {
    await creditUnusedTime(tx, ctx, row, amount, CANCELLATION, at);
    return;
  }
  const reduce = Math.min(amount, amountRemaining(open));
  if (reduce > 0) {
    await createCreditNote(tx, {
      invoice: open,
      amount: reduce,
      reason: 'order_change',
      memo: 'Unused time of the canceled subscription, taken off this invoice.',
      lines: [{ description: 'Unused time — cancellation', amount: reduce, text: { kind: 'unused_time', ...CANCELLATION, settlement: 'invoice' } }],
      at,
      mode: ctx.config.mode,
    });
    const credited = await creditOpenInvoice(tx, open, reduce, at, ctx.config.mode);
    // Canceled, nothing retries what the period still owes.
    if (credited.status !== 'paid') await tx.query('UPDATE invoices SET next_payment_attempt_at = NULL, dunning_ends_at = NULL WHERE id = $1', [open.id]);
  }
  // The rest (what the invoice took from the balance, say) goes back there, documented like any unused time.
  if (amount > reduce) await creditUnusedTime(tx, ctx, row, amount - reduce, CANCELLATION, at);
}

/**
 * True when the invoice that billed the current period was written off by the merchant (POST /v1/invoices/:id/void
 * or /mark_uncollectible): nothing was paid for the period, so its unused rest is worth no credit — an uncollectible
 * one is still owed, and paid later it counts as paid again. (A voided change's invoice does not count: the period
 * stays billed.)
 */
export async function periodWrittenOff(tx: Sql, row: SubscriptionRow): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM invoices WHERE subscription_id = $1 AND period_start = $2 AND status IN ('void', 'uncollectible')
        AND billing_reason IN ('subscription_create', 'subscription_cycle') LIMIT 1`,
    [row.id, row.current_period_start],
  );
  return rows.length > 0;
}

/**
 * The credit (after a percentage discount, tax included) for the unused rest of the current period of a
 * subscription whose period was billed (active, or past due or unpaid with its invoice still open); 0 otherwise,
 * and 0 for a period written off (its invoice voided or uncollectible: the probe of helper-86 credited 64.00 to the
 * balance for a voided one).
 */
export async function unusedTimeCredit(tx: Sql, ctx: RequestContext, row: SubscriptionRow, at: Date): Promise<number> {
  if (row.status !== 'active' && row.status !== 'past_due' && row.status !== 'unpaid') return 0;
  if (await periodWrittenOff(tx, row)) return 0;
  const company = await loadCompany(tx, row.company_id);
  const proration = prorate({
    oldItems: row.items,
    oldPlanName: await planName(tx, row.plan_id),
    newItems: [],
    newPlanName: '',
    periodStart: toDate(row.current_period_start),
    periodEnd: toDate(row.current_period_end),
    at,
    policy: ctx.config.prorationPolicy,
  });
  const totals = signedTotals({
    lines: proration.lines,
    discounts: discountsFor(row.discount, 'proration'),
    taxRates: await taxRatesFor(tx, company),
    creditBalance: 0,
  });
  return totals.total < 0 ? -totals.total : 0;
}
