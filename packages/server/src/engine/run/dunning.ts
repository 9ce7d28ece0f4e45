/**
 * Dunning and overdue invoices. A failed off-session charge puts the subscription `past_due` and plans
 * the next retry on the merchant's schedule (days after the first failure, default 1, 3, 5, 7); a hard
 * decline is never retried; when the last retry fails — or a hard-declined or overdue invoice's grace
 * ends — the subscription ends `canceled` or `unpaid` per the merchant's policy. A net-terms invoice past
 * its due date is `invoice.overdue` and its subscription `past_due`, with a longer grace. Paying the
 * invoice ends it all (attempts.ts). Retries stop at once when the subscription is canceled.
 */
import { addDays } from '@subkit/core';
import type { Mode } from '@subkit/core';
import { recordEvent, recordEvents } from '../../db/events.js';
import type { Database, Sql } from '../../db/types.js';
import { renderInvoices } from '../invoices.js';
import type { InvoiceRow, PaymentMethodRow, SubscriptionRow } from '../rows.js';
import { toDate } from '../rows.js';
import { renderSubscription } from '../subscriptions.js';
import { openAttempt, recordAttempt } from '../attempts.js';
import { pendingCancelsOf } from '../charge-cancels.js';
import type { RunEnv } from './env.js';
import { reportStatusChange } from './report.js';
import type { BillingSettings } from './settings.js';
import type { RecordedAttempt } from './write.js';
import type { BatchResult } from './renew.js';

/** The next retry after a failure at `at`, on the schedule counted from the first failure; null after the last. */
export function nextRetryAt(settings: BillingSettings, startedAt: Date, at: Date): Date | null {
  for (const days of settings.retryDays) {
    const retry = addDays(startedAt, days);
    if (retry.getTime() > at.getTime()) return retry;
  }
  return null;
}

/** The end of a card invoice's dunning: the day of the last retry. */
function scheduleEnd(settings: BillingSettings, startedAt: Date): Date {
  return addDays(startedAt, settings.retryDays.at(-1) ?? 0);
}

/** Puts a running subscription `past_due` (an unpaid invoice), with its event. */
async function markPastDue(tx: Sql, subscriptionId: string | null, at: Date, mode: Mode, env: RunEnv): Promise<void> {
  if (!subscriptionId) return;
  const { rows } = await tx.query<SubscriptionRow & { previous: string }>(
    `UPDATE subscriptions s SET status = 'past_due', version = s.version + 1, updated_at = $2
       FROM subscriptions old WHERE s.id = $1 AND old.id = s.id AND s.status IN ('active', 'trialing')
     RETURNING s.*, old.status AS previous`,
    [subscriptionId, at],
  );
  const row = rows[0];
  if (!row) return;
  reportStatusChange(env.report, { subscriptionId: row.id, companyId: row.company_id, from: row.previous, to: 'past_due', at: at.toISOString() });
  await recordEvent(tx, { type: 'subscription.updated', mode, companyId: row.company_id, object: await renderSubscription(tx, row, env.config.prorationPolicy), at });
}

/**
 * Ends a subscription whose invoice stayed unpaid (`canceled` or `unpaid` per the merchant's policy) and
 * stops the dunning of all its open invoices.
 */
export async function endForNonPayment(tx: Sql, env: RunEnv, subscriptionId: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE invoices SET next_payment_attempt_at = NULL, dunning_ends_at = NULL WHERE subscription_id = $1 AND status = 'open'`,
    [subscriptionId],
  );
  const end = env.settings.dunningEnd;
  const { rows } = await tx.query<SubscriptionRow & { previous: string }>(
    `UPDATE subscriptions s
        SET status = $3, ended_at = CASE WHEN $3 = 'canceled' THEN $2::timestamptz ELSE s.ended_at END,
            canceled_at = CASE WHEN $3 = 'canceled' THEN $2::timestamptz ELSE s.canceled_at END,
            cancellation = CASE WHEN $3 = 'canceled' THEN '{"reason":"other","feedback":"Ended after failed payments."}'::jsonb ELSE s.cancellation END,
            version = s.version + 1, updated_at = $2
       FROM subscriptions old
      WHERE s.id = $1 AND old.id = s.id AND s.status IN ('past_due', 'active', 'trialing')
      RETURNING s.*, old.status AS previous`,
    [subscriptionId, at, end],
  );
  const row = rows[0];
  if (!row) return;
  reportStatusChange(env.report, { subscriptionId: row.id, companyId: row.company_id, from: row.previous, to: end, at: at.toISOString() });
  const object = await renderSubscription(tx, row, env.config.prorationPolicy);
  await recordEvent(tx, { type: end === 'canceled' ? 'subscription.canceled' : 'subscription.updated', mode: env.config.mode, companyId: row.company_id, object, at });
}

/**
 * After an off-session charge (or a retry without any card) failed at `at`: the subscription is
 * `past_due`; a soft decline gets the next retry of the schedule, a hard one none; after the last retry
 * the end policy applies at once. `hard` declines wait for the schedule's end, so a new card can still save it.
 */
export async function afterFailedCollection(tx: Sql, env: RunEnv, invoice: InvoiceRow, failure: { hard: boolean }, at: Date): Promise<void> {
  const startedAt = invoice.dunning_started_at ? toDate(invoice.dunning_started_at) : at;
  const subscription = invoice.subscription_id
    ? (await tx.query<{ status: string }>('SELECT status FROM subscriptions WHERE id = $1', [invoice.subscription_id])).rows[0]
    : undefined;
  if (subscription && (subscription.status === 'canceled' || subscription.status === 'unpaid')) {
    await tx.query('UPDATE invoices SET next_payment_attempt_at = NULL, dunning_ends_at = NULL WHERE id = $1', [invoice.id]);
    return;
  }
  const next = failure.hard ? null : nextRetryAt(env.settings, startedAt, at);
  await tx.query(
    `UPDATE invoices SET dunning_started_at = $2, next_payment_attempt_at = $3, dunning_ends_at = $4 WHERE id = $1`,
    [invoice.id, startedAt, next, next || failure.hard ? scheduleEnd(env.settings, startedAt) : null],
  );
  await markPastDue(tx, invoice.subscription_id, at, env.config.mode, env);
  if (!next && !failure.hard && invoice.subscription_id) await endForNonPayment(tx, env, invoice.subscription_id, at);
}

/** The card an invoice is retried with: its subscription's, else the company's default. */
async function retryMethod(tx: Sql, invoice: InvoiceRow): Promise<PaymentMethodRow | null> {
  const { rows } = await tx.query<PaymentMethodRow>(
    `SELECT pm.* FROM payment_methods pm
      WHERE pm.detached_at IS NULL AND pm.company_id = $1
        AND (pm.id = (SELECT default_payment_method_id FROM subscriptions WHERE id = $2) OR pm.is_default)
      ORDER BY (pm.id = (SELECT default_payment_method_id FROM subscriptions WHERE id = $2)) DESC NULLS LAST, pm.created_at DESC LIMIT 1`,
    [invoice.company_id, invoice.subscription_id],
  );
  return rows[0] ?? null;
}

/** Records the retries due by `at` (up to `limit` invoices); the attempts are charged after commit. */
export function retryBatch(db: Database, env: RunEnv, at: Date, limit: number): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<InvoiceRow>(
      `SELECT * FROM invoices WHERE status = 'open' AND next_payment_attempt_at IS NOT NULL AND next_payment_attempt_at <= $1
        ORDER BY next_payment_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [at, limit],
    );
    const attempts: RecordedAttempt[] = [];
    for (const invoice of rows) {
      // Cleared now; the attempt's answer plans the next one.
      await tx.query('UPDATE invoices SET next_payment_attempt_at = NULL WHERE id = $1', [invoice.id]);
      if ((await openAttempt(tx, invoice.id))?.status === 'pending') continue;
      const method = await retryMethod(tx, invoice);
      if (!method) {
        await afterFailedCollection(tx, env, invoice, { hard: false }, at);
        continue;
      }
      const payment = await recordAttempt(tx, { invoice, paymentMethod: method, processor: env.processor.name, onSession: false, firstUse: false, at });
      attempts.push({ payment, paymentMethod: method });
    }
    // An attempt the buyer left at the bank's page is superseded by the retry: canceled once the retry is charged.
    return { claimed: rows.length, attempts, cancels: await pendingCancelsOf(tx, attempts.map((a) => a.payment.invoice_id!)) };
  });
}

/** Notices net-terms invoices past their due date by `at`: `invoice.overdue`, the subscription `past_due`, the grace set. */
export function overdueBatch(db: Database, env: RunEnv, at: Date, limit: number): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<InvoiceRow>(
      `UPDATE invoices SET overdue_at = $1, dunning_started_at = coalesce(dunning_started_at, due_at),
              dunning_ends_at = due_at + make_interval(days => $2)
        WHERE id IN (SELECT id FROM invoices
                      WHERE status = 'open' AND collection_method = 'send_invoice' AND overdue_at IS NULL AND due_at <= $1
                      ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [at, env.settings.invoiceGraceDays, limit],
    );
    const whole = await renderInvoices(tx, rows);
    await recordEvents(
      tx,
      whole.map((invoice) => ({ type: 'invoice.overdue' as const, companyId: invoice.companyId, mode: env.config.mode, object: invoice, at })),
    );
    for (const invoice of rows) await markPastDue(tx, invoice.subscription_id, at, env.config.mode, env);
    return { claimed: rows.length, attempts: [] };
  });
}

/** Applies the end policy to subscriptions whose invoice's grace ended by `at` unpaid (none awaiting a charge's answer). */
export function dunningEndBatch(db: Database, env: RunEnv, at: Date, limit: number): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<InvoiceRow>(
      `SELECT * FROM invoices i WHERE status = 'open' AND dunning_ends_at IS NOT NULL AND dunning_ends_at <= $1
          AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id AND p.status = 'pending')
        ORDER BY dunning_ends_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [at, limit],
    );
    for (const invoice of rows) {
      await tx.query('UPDATE invoices SET next_payment_attempt_at = NULL, dunning_ends_at = NULL WHERE id = $1', [invoice.id]);
      if (invoice.subscription_id) await endForNonPayment(tx, env, invoice.subscription_id, at);
    }
    return { claimed: rows.length, attempts: [] };
  });
}
