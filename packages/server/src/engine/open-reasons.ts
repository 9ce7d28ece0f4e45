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

/** A subscription's open card-paid invoice, as the issue query reads it. */
export type IssueInvoice = OpenInvoice & { readonly subscription_id: string };

/**
 * The payment issue among a subscription's open card-paid invoices, oldest first: the first one an attempt left
 * open (a renewal the bank wants authenticated, a declined retry), or null when there is none. `reasons` says why
 * each is open (`openReasonOf` of its latest attempt). Oldest first as the subscription manager names the invoice to
 * pay (the client's loadOpenInvoice): newest first, the banner's words were one invoice's (a newer renewal at 3-D
 * Secure, or one the bank was processing, with no Pay now) and its amount and Pay now another's (helper-86's probe).
 */
export function issueOf(oldestFirst: readonly Pick<IssueInvoice, 'id'>[], reasons: (id: string) => OpenInvoiceReason | null | undefined): SubscriptionPaymentIssue | null {
  for (const row of oldestFirst) {
    const reason = reasons(row.id);
    if (reason) return { reason, invoiceId: row.id };
  }
  return null;
}

/** The payment issue of each subscription (see `issueOf`), in two queries for all of them. */
export async function paymentIssuesOf(sql: Sql, subscriptionIds: readonly string[]): Promise<Map<string, SubscriptionPaymentIssue | null>> {
  const issues = new Map<string, SubscriptionPaymentIssue | null>(subscriptionIds.map((id) => [id, null]));
  if (subscriptionIds.length === 0) return issues;
  const { rows } = await sql.query<IssueInvoice>(
    `SELECT id, subscription_id, status, collection_method FROM invoices
      WHERE subscription_id = ANY($1::text[]) AND status = 'open' AND collection_method = 'charge_automatically'
      ORDER BY subscription_id, issued_at, id`,
    [subscriptionIds],
  );
  if (rows.length === 0) return issues;
  const reasons = await openReasonsOf(sql, rows);
  const bySubscription = new Map<string, IssueInvoice[]>();
  for (const row of rows) {
    const list = bySubscription.get(row.subscription_id);
    if (list) list.push(row);
    else bySubscription.set(row.subscription_id, [row]);
  }
  for (const [id, list] of bySubscription) issues.set(id, issueOf(list, (invoiceId) => reasons.get(invoiceId)));
  return issues;
}
