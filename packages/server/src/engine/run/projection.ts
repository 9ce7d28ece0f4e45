/**
 * The next invoice a subscription will get if nothing changes — computed by the billing run's own
 * `renewalAt`, so the promise (`nextInvoice`, the projected bill) is what the run then bills: the change
 * scheduled for the period end, the discount running out, usage so far, tax, the customer credit on file.
 */
import type { InvoiceLine, InvoiceTotals } from '@subkit/core';
import { totalsOf } from '../lines.js';
import type { SubscriptionRow } from '../rows.js';
import { toDate } from '../rows.js';
import type { RenewalContext } from './renewal.js';
import { renewalAt } from './renewal.js';

/** The next invoice: when, its lines and its totals. */
export interface ProjectedInvoice {
  readonly date: Date;
  readonly lines: InvoiceLine[];
  readonly totals: InvoiceTotals;
}

/** Whether a subscription in `status` gets a next invoice: not once ended (canceled, expired) nor before it started (incomplete). */
export function billsNext(status: SubscriptionRow['status']): boolean {
  return status !== 'canceled' && status !== 'incomplete' && status !== 'incomplete_expired';
}

/** A paused subscription as it will be once its pause ends at `resumesAt` (still in its period). */
function resumedInPeriod(row: SubscriptionRow, resumesAt: Date): SubscriptionRow {
  const trialing = row.trial_end !== null && toDate(row.trial_end).getTime() > resumesAt.getTime();
  return { ...row, status: trialing ? 'trialing' : 'active', pause: null, pause_resumes_at: null };
}

/**
 * The next invoice of a subscription, or null when none will come (see `billsNext`; ending without
 * usage to bill, paused without a resume date). `ctx.usage` is the usage so far of the current
 * period; `credit` the company's customer credit in the subscription's currency.
 */
export function projectNextInvoice(row: SubscriptionRow, ctx: RenewalContext, credit: number): ProjectedInvoice | null {
  if (!billsNext(row.status)) return null;
  let state = row;
  let resumeAt: Date | undefined;
  if (row.status === 'paused' && !row.cancel_at_period_end) {
    if (!row.pause_resumes_at) return null;
    const resumes = toDate(row.pause_resumes_at);
    if (resumes.getTime() < toDate(row.current_period_end).getTime()) state = resumedInPeriod(row, resumes);
    else resumeAt = resumes;
  }
  let context = ctx;
  // A skipped period without usage has no invoice: the next one comes a period later.
  for (let guard = 0; guard < 24; guard += 1) {
    const renewal = renewalAt(state, context, resumeAt ? { resumeAt } : {});
    if (renewal.invoice) {
      const { lines, discounts, taxRates } = renewal.invoice;
      return { date: renewal.at, lines, totals: totalsOf({ lines, discounts, taxRates, creditBalance: Math.max(0, credit) }) };
    }
    if (renewal.outcome !== 'renewed' && renewal.outcome !== 'resumed') return null;
    state = { ...state, ...renewal.patch, scheduled_change: null };
    context = { ...context, usage: {} };
    resumeAt = undefined;
  }
  return null;
}
