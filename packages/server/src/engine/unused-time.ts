/**
 * Credit for the unused time of a subscription's current period: how much (`unusedTimeCredit`, after a percentage
 * discount, tax included — none for a period written off), and where it goes — off the period's open invoice when a
 * cancellation leaves one (`creditCancellation`), else to the company balance with a credit note (`creditUnusedTime`).
 */
import type { CreditNoteText } from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { createCreditNote } from './credit-notes.js';
import { addCredit, creditOpenInvoice } from './invoices.js';
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
 * Puts a credit on the company balance (applied to its next invoices, not refunded) and documents it
 * with a credit note on the subscription's latest billed (paid or open) invoice.
 */
export async function creditUnusedTime(tx: Sql, ctx: RequestContext, row: SubscriptionRow, amount: number, cause: CreditCause, at: Date): Promise<void> {
  await addCredit(tx, row.company_id, row.currency, amount);
  const { rows } = await tx.query<InvoiceRow>(
    `SELECT * FROM invoices WHERE subscription_id = $1 AND status IN ('paid', 'open') AND total > 0 ORDER BY issued_at DESC, id DESC LIMIT 1`,
    [row.id],
  );
  const invoice = rows[0];
  if (!invoice) return;
  await createCreditNote(tx, {
    invoice,
    amount,
    reason: 'proration',
    memo: `Unused time credited to your balance: ${creditWhat(cause)}.`,
    lines: [{ description: `Unused time — ${creditWhat(cause)}`, amount, text: { kind: 'unused_time', ...cause, settlement: 'balance' } }],
    at,
    mode: ctx.config.mode,
  });
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
  if (!open) return creditUnusedTime(tx, ctx, row, amount, CANCELLATION, at);
  const reduce = Math.min(amount, Math.max(0, open.amount_due - open.amount_paid));
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
  if (amount > reduce) await addCredit(tx, row.company_id, row.currency, amount - reduce);
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
