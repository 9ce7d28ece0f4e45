/**
 * A change that charges now waits on its subscription until its invoice is paid (Stripe's pending
 * updates, https://docs.stripe.com/billing/subscriptions/pending-updates): the subscription keeps its
 * items meanwhile, the change applies when the payment succeeds (at once, or after the buyer's
 * authentication), and a decline or a failed authentication discards it.
 */
import type { Mode, ProrationPolicy } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { recordEvent as emitEvent } from '../db/events.js';
import { voidOpenInvoices } from './invoices.js';
import type { InvoiceRow, SubscriptionRow } from './rows.js';
import { renderSubscription, updateSubscription } from './subscriptions.js';

async function subscriptionWaitingFor(tx: Sql, invoice: InvoiceRow): Promise<SubscriptionRow | null> {
  if (!invoice.subscription_id) return null;
  const { rows } = await tx.query<SubscriptionRow>(
    `SELECT * FROM subscriptions WHERE id = $1 AND pending_change->>'invoiceId' = $2 FOR UPDATE`,
    [invoice.subscription_id, invoice.id],
  );
  return rows[0] ?? null;
}

/** Applies the change that waited for this (now paid) invoice, if one did; returns whether one did. */
export async function applyPendingChange(tx: Sql, invoice: InvoiceRow, at: Date, mode: Mode, policy: ProrationPolicy): Promise<boolean> {
  const row = await subscriptionWaitingFor(tx, invoice);
  const pending = row?.pending_change;
  if (!row || !pending) return false;
  const updated = await updateSubscription(tx, row, { ...pending.patch, pending_change: null }, at);
  await emitEvent(tx, { type: 'subscription.updated', mode, companyId: row.company_id, object: await renderSubscription(tx, updated, policy), at });
  return true;
}

/**
 * Drops the change that waited for this invoice (its payment was declined or not authenticated). With
 * `voidAt`, the change's invoice (already numbered, awaiting authentication) is voided too and the
 * credit it took is given back. Returns the invoice as it is now.
 */
export async function discardPendingChange(tx: Sql, invoice: InvoiceRow, opts: { voidAt?: Date; mode?: Mode } = {}): Promise<InvoiceRow> {
  const row = await subscriptionWaitingFor(tx, invoice);
  if (!row) return invoice;
  await tx.query('UPDATE subscriptions SET pending_change = NULL WHERE id = $1', [row.id]);
  if (!opts.voidAt || invoice.status !== 'open') return invoice;
  const [voided] = await voidOpenInvoices(tx, { ids: [invoice.id] }, opts.voidAt, opts.mode ?? 'test');
  return voided ?? invoice;
}
