/** Reads the engine's history for the metrics: subscription versions and the usage invoices billed. */
import type { Discount, Interval, SubscriptionItem, SubscriptionStatus } from '@subkit/core';
import type { Sql } from '../db/types.js';
import type { SubscriptionState, UsageCharge } from './mrr.js';

/**
 * Every subscription state that took effect up to `until`, in write order, and every usage charge
 * issued up to then. Rows written later (a later instant of the test clock) never change the result.
 */
export async function loadHistory(sql: Sql, until: Date): Promise<{ states: SubscriptionState[]; usage: UsageCharge[] }> {
  const versions = await sql.query<{
    subscription_id: string;
    company_id: string;
    currency: string;
    valid_from: Date;
    status: SubscriptionStatus;
    interval: Interval;
    interval_count: number;
    items: SubscriptionItem[];
    discount: Discount | null;
  }>(
    `SELECT subscription_id, company_id, currency, valid_from, status, interval, interval_count, items, discount
       FROM subscription_versions WHERE valid_from <= $1 ORDER BY valid_from, id`,
    [until],
  );
  // Usage billed sets the metered run rate whether or not it was collected (MRR is a run rate, not cash): an open or
  // uncollectible invoice billed it, the claim stands; a void one billed nothing.
  const invoices = await sql.query<{ subscription_id: string; issued_at: Date; lines: { type: string; amount: number }[] }>(
    `SELECT subscription_id, issued_at, lines FROM invoices
      WHERE subscription_id IS NOT NULL AND issued_at <= $1 AND status IN ('open', 'paid', 'uncollectible')
        AND lines @> '[{"type": "usage"}]'
      ORDER BY issued_at, id`,
    [until],
  );
  return {
    states: versions.rows.map((v) => ({
      subscriptionId: v.subscription_id,
      companyId: v.company_id,
      currency: v.currency,
      validFrom: v.valid_from.getTime(),
      status: v.status,
      recurring: { interval: v.interval, intervalCount: v.interval_count },
      items: v.items,
      discount: v.discount,
    })),
    usage: invoices.rows.map((i) => ({
      subscriptionId: i.subscription_id,
      issuedAt: i.issued_at.getTime(),
      amount: i.lines.filter((l) => l.type === 'usage').reduce((sum, l) => sum + l.amount, 0),
    })),
  };
}
