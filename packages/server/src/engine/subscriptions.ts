/**
 * Subscriptions as stored and as the wire shows them: company-scoped loading, the optimistic version
 * guard (the one write path: `updateSubscription`), and the next invoice a subscription will get.
 */
import type { ProrationPolicy, Subscription, SubscriptionPaymentIssue } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { ApiError, invalidRequest, notFound } from '../errors.js';
import { creditBalance } from './invoices.js';
import type { CompanyRow, SubscriptionRow } from './rows.js';
import { iso, isoOrNull, json, recurringOf } from './rows.js';
import { keysetPage } from '../http/pagination.js';
import type { BatchData } from './run/context.js';
import { loadBatchData, loadPeriodUsage, renewalContext } from './run/context.js';
import type { ProjectedInvoice } from './run/projection.js';
import { billsNext, projectNextInvoice } from './run/projection.js';
import { paymentIssuesOf } from './open-reasons.js';
import { governSubscriptions } from '../governance/policy/store.js';

/** A company, or 404. */
export async function loadCompany(tx: Sql, companyId: string): Promise<CompanyRow> {
  const { rows } = await tx.query<CompanyRow>('SELECT * FROM companies WHERE id = $1', [companyId]);
  const row = rows[0];
  if (!row) throw notFound('company');
  return row;
}

/** A plan's display name. */
export async function planName(tx: Sql, planId: string): Promise<string> {
  const { rows } = await tx.query<{ name: string }>('SELECT name FROM plans WHERE id = $1', [planId]);
  return rows[0]?.name ?? planId;
}

/**
 * A subscription of the company, or 404 (another company's id answers exactly like a missing one).
 * `lock` takes the row lock so concurrent changes of one subscription queue up behind each other.
 */
export async function loadSubscription(tx: Sql, companyId: string, id: string, opts: { lock?: boolean } = {}): Promise<SubscriptionRow> {
  const { rows } = await tx.query<SubscriptionRow>(
    `SELECT * FROM subscriptions WHERE id = $1 AND company_id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
    [id, companyId],
  );
  const row = rows[0];
  if (!row) throw notFound('subscription', 'subscriptionId');
  return row;
}

/** The 409 a stale `expectedVersion` answers. */
export function versionConflict(current: number): ApiError {
  return new ApiError(
    'conflict_error',
    'version_conflict',
    `The subscription changed meanwhile (it is at version ${current}); reload it and try again.`,
    { param: 'expectedVersion' },
  );
}

/** Throws 409 `version_conflict` unless the buyer saw the current version (no version given: no guard). */
export function checkVersion(row: SubscriptionRow, expected: number | undefined): void {
  if (expected !== undefined && expected !== row.version) throw versionConflict(row.version);
}

/** "An unpaid", "A past due": a status as a sentence names it. */
export function article(status: SubscriptionRow['status']): string {
  const words = status.replace(/_/g, ' ');
  return `${/^[aeiou]/.test(words) ? 'An' : 'A'} ${words}`;
}

/** Throws 409 `invalid_state` unless the subscription is in one of the states. */
export function requireStatus(row: SubscriptionRow, allowed: readonly SubscriptionRow['status'][], action: string): void {
  if (!allowed.includes(row.status)) {
    throw new ApiError('conflict_error', 'invalid_state', `${article(row.status)} subscription cannot be ${action}.`);
  }
}

const JSON_COLUMNS = new Set<keyof SubscriptionRow>(['items', 'add_ons', 'cancellation', 'pause', 'skipped_periods', 'discount', 'scheduled_change', 'pending_change']);

/**
 * Writes changed columns and bumps the version, only if the row is still at the version it was read
 * at (`UPDATE … WHERE id = $1 AND version = $2`): 0 rows means someone else changed it → 409.
 */
export async function updateSubscription(
  tx: Sql,
  row: SubscriptionRow,
  patch: Partial<Omit<SubscriptionRow, 'id' | 'version' | 'company_id'>>,
  at: Date,
): Promise<SubscriptionRow> {
  const sets: string[] = [];
  const params: unknown[] = [row.id, row.version];
  // The run finds pauses that end by this column: it follows `pause.resumesAt`.
  if ('pause' in patch && !('pause_resumes_at' in patch)) {
    patch = { ...patch, pause_resumes_at: patch.pause?.resumesAt ? new Date(patch.pause.resumesAt) : null };
  }
  for (const [key, value] of Object.entries(patch) as [keyof SubscriptionRow, unknown][]) {
    params.push(JSON_COLUMNS.has(key) && value !== null ? json(value) : value);
    sets.push(`${key} = $${params.length}`);
  }
  params.push(at);
  sets.push(`updated_at = $${params.length}`, 'version = version + 1');
  const { rows } = await tx.query<SubscriptionRow>(
    `UPDATE subscriptions SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING *`,
    params,
  );
  const updated = rows[0];
  if (!updated) {
    const current = await tx.query<{ version: number }>('SELECT version FROM subscriptions WHERE id = $1', [row.id]);
    throw versionConflict(current.rows[0]?.version ?? row.version);
  }
  return updated;
}

/**
 * The next invoice if nothing changes, as the billing run will issue it (run/projection.ts): usage so
 * far of the current period, the change scheduled for its end, the discount's remaining periods, the
 * billing country's tax, the company's customer credit.
 */
export async function nextInvoiceOf(tx: Sql, row: SubscriptionRow, policy: ProrationPolicy): Promise<ProjectedInvoice | null> {
  if (!billsNext(row.status)) return null;
  const data = await loadBatchData(tx, [row], policy);
  return projectNextInvoice(row, renewalContext(data, row), await creditBalance(tx, row.company_id, row.currency));
}

/** A subscription as the wire shows it, from its row, its plan's name and its projected next invoice. */
export function subscriptionToWire(row: SubscriptionRow, planName: string, next: ProjectedInvoice | null): Subscription {
  return {
    id: row.id,
    object: 'subscription',
    companyId: row.company_id,
    status: row.status,
    productId: row.product_id,
    planId: row.plan_id,
    planName,
    priceId: row.price_id,
    currency: row.currency,
    recurring: recurringOf(row),
    quantity: row.quantity,
    items: row.items,
    addOns: row.add_ons,
    collectionMethod: row.collection_method,
    paymentTermsDays: row.payment_terms_days,
    poNumber: row.po_number,
    defaultPaymentMethodId: row.default_payment_method_id,
    billingAnchor: iso(row.billing_anchor),
    currentPeriodStart: iso(row.current_period_start),
    currentPeriodEnd: iso(row.current_period_end),
    trialStart: isoOrNull(row.trial_start),
    trialEnd: isoOrNull(row.trial_end),
    cancelAtPeriodEnd: row.cancel_at_period_end,
    canceledAt: isoOrNull(row.canceled_at),
    endedAt: isoOrNull(row.ended_at),
    cancellation: row.cancellation,
    pause: row.pause,
    skippedPeriods: row.skipped_periods,
    discount: row.discount,
    nextInvoice: next
      ? {
          date: iso(next.date),
          amountDue: next.totals.amountDue,
          subtotal: next.totals.subtotal,
          discountTotal: next.totals.discountTotal,
          tax: next.totals.tax,
          total: next.totals.total,
          creditApplied: next.totals.creditApplied,
          lines: next.lines,
        }
      : null,
    version: row.version,
    createdAt: iso(row.created_at),
  };
}

/** What a billing run's batch holds already when it renders its subscriptions (see `renderSubscriptions`). */
export interface KnownRenderData {
  /** The batch's data (run/context.ts) for these rows: its usage (of the closed periods) is not used. */
  readonly data: BatchData;
  /** Each subscription's payment issue, with the invoices the batch is about to write taken into account. */
  readonly paymentIssues: ReadonlyMap<string, SubscriptionPaymentIssue | null>;
}

/** The customer credit of each (company, currency) of the rows, keyed by `creditKey`. */
async function creditBalances(tx: Sql, rows: readonly SubscriptionRow[]): Promise<Map<string, number>> {
  const credits = new Map<string, number>();
  if (rows.length === 0) return credits;
  const { rows: found } = await tx.query<{ company_id: string; currency: string; amount: number }>(
    `SELECT b.company_id, b.currency, b.amount FROM company_balances b
       JOIN (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS p(company_id, currency) ON b.company_id = p.company_id AND b.currency = p.currency`,
    [rows.map((r) => r.company_id), rows.map((r) => r.currency)],
  );
  for (const r of found) credits.set(creditKey(r.company_id, r.currency), r.amount);
  return credits;
}

const creditKey = (companyId: string, currency: string) => `${companyId}\u0000${currency}`;

/**
 * Subscriptions as the wire shows them, every answer and every event alike: the next invoice (projected
 * as the run bills it, with the merchant's proration policy, the usage so far and the customer credit),
 * the open invoice a payment attempt left open (why: e.g. authentication needed), and what its buyers may
 * do under the merchant's policy and its contract (governance). A handful of queries for all of them: the
 * billing run renders its batches' events here, handing in what it has loaded (`known`).
 */
export async function renderSubscriptions(
  tx: Sql,
  rows: readonly SubscriptionRow[],
  policy: ProrationPolicy,
  known?: KnownRenderData,
): Promise<Subscription[]> {
  if (rows.length === 0) return [];
  const projected = rows.filter((r) => billsNext(r.status));
  const data = known ? { ...known.data, usage: await loadPeriodUsage(tx, projected) } : await loadBatchData(tx, rows, policy);
  const credits = await creditBalances(tx, projected);
  const issues = known?.paymentIssues ?? (await paymentIssuesOf(tx, rows.map((r) => r.id)));
  const wires = rows.map((row) => {
    const next = projectNextInvoice(row, renewalContext(data, row), credits.get(creditKey(row.company_id, row.currency)) ?? 0);
    return { ...subscriptionToWire(row, data.plans.get(row.plan_id)?.name ?? row.plan_id, next), paymentIssue: issues.get(row.id) ?? null };
  });
  return governSubscriptions(tx, wires);
}

/** One subscription as the wire shows it (`renderSubscriptions`). */
export async function renderSubscription(tx: Sql, row: SubscriptionRow, policy: ProrationPolicy): Promise<Subscription> {
  const [subscription] = await renderSubscriptions(tx, [row], policy);
  return subscription!;
}

/** The company's subscriptions, newest first, keyset-paged, optionally by status. */
export async function listSubscriptions(
  db: Sql,
  companyId: string,
  query: { limit?: number | undefined; cursor?: string | undefined; status?: SubscriptionRow['status'] | undefined },
  policy: ProrationPolicy,
): Promise<{ object: 'list'; data: Subscription[]; hasMore: boolean; nextCursor: string | null }> {
  const where = ['company_id = $1'];
  const params: unknown[] = [companyId];
  if (query.status) {
    params.push(query.status);
    where.push(`status = $${params.length}`);
  }
  const { rows: page, hasMore, nextCursor } = await keysetPage<SubscriptionRow>(db, {
    table: 'subscriptions', column: 'created_at', where, params, limit: query.limit, cursor: query.cursor,
  });
  return { object: 'list', data: await renderSubscriptions(db, page, policy), hasMore, nextCursor };
}
