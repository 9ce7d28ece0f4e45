/**
 * Why a card-paid invoice is still open, read from its latest payment attempt as recorded (the payments
 * row's status and failure code) — so it follows every path that records an attempt (checkout, a change,
 * pay now, the billing run's batches, dunning, Stripe's webhooks) without a second column to keep in step.
 */
import type { OpenInvoiceReason, SubscriptionPaymentIssue } from '@subkit/core';
import type { Sql } from '../db/types.js';
import type { InvoiceRow, PaymentRow } from './rows.js';

/**
 * Failure codes that mean the bank wants the card holder to authenticate: off-session nobody can
 * (`authentication_required`, https://docs.stripe.com/declines/codes), or the holder did not complete it
 * on the page (`payment_intent_authentication_failure`) — either way, paying on the page with 3-D Secure settles it.
 */
const AUTHENTICATION_CODES = new Set(['authentication_required', 'payment_intent_authentication_failure']);

/** Whether a decline's code says the bank wants the card holder to authenticate (paying on the page settles it). */
export const needsAuthentication = (failureCode: string | null | undefined): boolean => AUTHENTICATION_CODES.has(failureCode ?? '');

type LatestAttempt = Pick<PaymentRow, 'status' | 'failure_code'>;
type OpenInvoice = Pick<InvoiceRow, 'id' | 'status' | 'collection_method'>;

/** Open and collected by charging the card (an invoice paid by bank transfer is open until the transfer comes). */
const openByCard = (invoice: Omit<OpenInvoice, 'id'>) => invoice.status === 'open' && invoice.collection_method === 'charge_automatically';

/** The reason an invoice is open after its latest attempt; null when it is not open, not paid by card, or not tried yet. */
export function openReasonOf(invoice: Omit<OpenInvoice, 'id'>, latest: LatestAttempt | undefined): OpenInvoiceReason | null {
  if (!openByCard(invoice) || !latest) return null;
  switch (latest.status) {
    case 'requires_action':
      return 'authentication_required';
    case 'pending':
      return 'payment_processing';
    case 'failed':
      return needsAuthentication(latest.failure_code) ? 'authentication_required' : 'payment_failed';
    default:
      return null;
  }
}

/** The latest attempt of each invoice (by attempt number), in one query. */
async function latestAttempts(sql: Sql, invoiceIds: readonly string[]): Promise<Map<string, LatestAttempt>> {
  if (invoiceIds.length === 0) return new Map();
  const { rows } = await sql.query<LatestAttempt & { invoice_id: string }>(
    `SELECT DISTINCT ON (invoice_id) invoice_id, status, failure_code FROM payments
      WHERE invoice_id = ANY($1::text[]) ORDER BY invoice_id, attempt DESC`,
    [invoiceIds],
  );
  return new Map(rows.map((r) => [r.invoice_id, r]));
}

/** The open reasons of a page of invoices (only open card-paid ones are looked up). */
export async function openReasonsOf(sql: Sql, invoices: readonly OpenInvoice[]): Promise<Map<string, OpenInvoiceReason | null>> {
  const latest = await latestAttempts(sql, invoices.filter(openByCard).map((i) => i.id));
  return new Map(invoices.map((i) => [i.id, openReasonOf(i, latest.get(i.id))]));
}

/**
 * The subscription's open card-paid invoice that an attempt left open, newest first (a renewal the bank
 * wants authenticated, a declined retry), or null when there is none.
 */
export async function paymentIssueOf(sql: Sql, subscriptionId: string): Promise<SubscriptionPaymentIssue | null> {
  const { rows } = await sql.query<OpenInvoice>(
    `SELECT id, status, collection_method FROM invoices WHERE subscription_id = $1 AND status = 'open' AND collection_method = 'charge_automatically'
      ORDER BY issued_at DESC, id DESC`,
    [subscriptionId],
  );
  const reasons = await openReasonsOf(sql, rows);
  for (const row of rows) {
    const reason = reasons.get(row.id);
    if (reason) return { reason, invoiceId: row.id };
  }
  return null;
}
