/**
 * Metered usage: records reported by the merchant (secret key), and the buyer's view of usage so far
 * against the allowance with a straight-line projection to the period end.
 */
import { fromBigInt, roundDiv } from '@subkit/core';
import type { SubscriptionItem, UsageRecord, UsageRecordRequest, UsageSummary } from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { conflict, invalidRequest, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { discountsFor, isLicensed, itemAmount, totalsOf } from './lines.js';
import type { DbTime, SubscriptionRow } from './rows.js';
import { iso, toDate } from './rows.js';
import { loadCompany, loadSubscription } from './subscriptions.js';
import { taxRatesFor } from './tax.js';

/** One usage record as aggregation reads it (in time order, then arrival order). */
export interface UsageEntry {
  readonly metric: string;
  readonly quantity: number;
  readonly action: 'increment' | 'set';
}

/** How each metric of a subscription's metered items aggregates (`sum` unless the price says otherwise). */
export function aggregationsOf(items: readonly SubscriptionItem[]): Map<string, 'sum' | 'max' | 'last'> {
  const map = new Map<string, 'sum' | 'max' | 'last'>();
  for (const item of items) {
    if (item.model.type === 'metered') map.set(item.metric ?? item.priceItemId, item.model.aggregation ?? 'sum');
  }
  return map;
}

/**
 * A period's usage per metric from its records in order: `sum` adds increments (a `set` restarts the
 * running total from its value), `max` keeps the highest value reported, `last` the latest one
 * (Stripe's aggregate_usage sum / max / last_during_period).
 */
export function aggregateUsage(entries: Iterable<UsageEntry>, aggregations: ReadonlyMap<string, 'sum' | 'max' | 'last'>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const e of entries) {
    const how = aggregations.get(e.metric) ?? 'sum';
    const current = totals[e.metric];
    if (how === 'max') totals[e.metric] = Math.max(current ?? 0, e.quantity);
    else if (how === 'last' || e.action === 'set') totals[e.metric] = e.quantity;
    else totals[e.metric] = (current ?? 0) + e.quantity;
  }
  return totals;
}

/** A subscription's usage per metric in a period, aggregated by its items' rules. */
export async function usageTotals(
  tx: Sql,
  subscriptionId: string,
  periodStart: Date,
  periodEnd: Date,
  items: readonly SubscriptionItem[] = [],
): Promise<Record<string, number>> {
  const { rows } = await tx.query<UsageEntry>(
    `SELECT metric, quantity, action FROM usage_records
      WHERE subscription_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, seq`,
    [subscriptionId, periodStart, periodEnd],
  );
  return aggregateUsage(rows, aggregationsOf(items));
}

/** `used` scaled from the elapsed part of the period to the whole period, rounded to the nearest unit. */
export function projectUsage(used: number, periodStart: Date, periodEnd: Date, now: Date): number {
  const total = BigInt(periodEnd.getTime() - periodStart.getTime());
  const elapsed = BigInt(Math.min(Math.max(now.getTime(), periodStart.getTime()), periodEnd.getTime()) - periodStart.getTime());
  if (elapsed <= 0n || total <= 0n) return used;
  return fromBigInt(roundDiv(BigInt(used) * total, elapsed));
}

const isOverflow = (err: unknown) => (err as { type?: unknown } | null)?.type === 'money_error' && (err as { code?: unknown }).code === 'overflow';

/** `fn()`, or `fallback` when it leaves exact arithmetic. */
function unlessOverflow<T>(fn: () => T, fallback: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isOverflow(err)) return fallback();
    throw err;
  }
}

/**
 * The buyer's usage this period per metric, what it costs so far and where it is heading. A projection is a
 * forecast: when the straight line leaves exact arithmetic (a billion units in the first seconds of a month),
 * it falls back to the usage so far instead of failing the whole answer.
 */
export async function getUsage(ctx: RequestContext, companyId: string, subscriptionId: string): Promise<UsageSummary> {
  const row = await loadSubscription(ctx.db, companyId, subscriptionId);
  const start = toDate(row.current_period_start);
  const end = toDate(row.current_period_end);
  const now = ctx.now();
  const used = await usageTotals(ctx.db, row.id, start, end, row.items);
  const metered = row.items.filter((item) => !isLicensed(item));
  const metrics = metered.map((item) => {
    const metric = item.metric ?? item.priceItemId;
    const soFar = used[metric] ?? 0;
    const amountSoFar = itemAmount(item, soFar).amount;
    const projection = unlessOverflow(
      () => {
        const projected = projectUsage(soFar, start, end, now);
        return { projected, projectedAmount: itemAmount(item, projected).amount };
      },
      () => ({ projected: soFar, projectedAmount: amountSoFar }),
    );
    return {
      metric,
      description: item.description,
      unitLabel: item.unitLabel,
      used: soFar,
      included: item.model.type === 'metered' ? item.model.includedQuantity : 0,
      ...projection,
      amountSoFar,
    };
  });
  const company = await loadCompany(ctx.db, companyId);
  const taxRates = await taxRatesFor(ctx.db, company);
  // The next invoice bills this period's usage in arrears with the next period's licensed items in advance.
  const totalWith = (usageAmounts: readonly number[]) =>
    totalsOf({
      lines: [...row.items.filter(isLicensed).map((item) => ({ amount: itemAmount(item).amount })), ...usageAmounts.map((amount) => ({ amount }))],
      discounts: discountsFor(row.discount, 'period'),
      taxRates,
      creditBalance: 0,
    }).total;
  const projectedTotal = unlessOverflow(
    () => totalWith(metrics.map((m) => m.projectedAmount)),
    () => totalWith(metrics.map((m) => m.amountSoFar)),
  );
  return {
    object: 'usage_summary',
    subscriptionId: row.id,
    currency: row.currency,
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    metrics,
    projectedTotal,
  };
}

interface UsageRow {
  id: string;
  subscription_id: string;
  metric: string;
  quantity: number;
  action: 'increment' | 'set';
  ts: DbTime;
}

/**
 * Stores a usage record from the merchant: the subscription must bill the metric and be running, and
 * the timestamp (default now) must fall in its current period.
 */
export async function recordUsage(ctx: RequestContext, req: UsageRecordRequest): Promise<UsageRecord> {
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = $1', [req.subscriptionId]);
    const row = rows[0];
    if (!row) throw notFound('subscription', 'subscriptionId');
    if (!['active', 'trialing', 'past_due'].includes(row.status)) {
      throw conflict('invalid_state', `A ${row.status} subscription does not take usage.`);
    }
    const metrics = row.items.filter((item) => !isLicensed(item)).map((item) => item.metric ?? item.priceItemId);
    if (!metrics.includes(req.metric)) {
      throw invalidRequest('unknown_metric', `The subscription does not bill "${req.metric}" (it bills: ${metrics.join(', ') || 'no metered usage'}).`, 'metric');
    }
    const at = req.timestamp ? new Date(req.timestamp) : ctx.now();
    const start = toDate(row.current_period_start);
    const end = toDate(row.current_period_end);
    if (at.getTime() < start.getTime() || at.getTime() >= end.getTime()) {
      throw invalidRequest(
        'timestamp_outside_period',
        `Usage must fall in the current period (${start.toISOString()} to ${end.toISOString()}).`,
        'timestamp',
      );
    }
    const inserted = await tx.query<UsageRow>(
      `INSERT INTO usage_records (id, subscription_id, metric, quantity, action, ts, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [newId('ur_'), row.id, req.metric, req.quantity, req.action ?? 'increment', at, ctx.now()],
    );
    const record = inserted.rows[0]!;
    return {
      id: record.id,
      object: 'usage_record',
      subscriptionId: record.subscription_id,
      metric: record.metric,
      quantity: record.quantity,
      action: record.action,
      timestamp: iso(record.ts),
    };
  });
}
