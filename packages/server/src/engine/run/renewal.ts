/**
 * What a subscription becomes at a boundary, and the invoice it gets there — pure, so the billing run
 * and the promises made before it (`nextInvoice`, usage projections) compute it the same way.
 *
 * At a period end: a cancellation at period end ends it (usage of the closed period still billed); a
 * change scheduled for the period end applies first; a trial converts (without a payment method the
 * plan decides: end it, or invoice and let dunning ask for one); a skipped period bills no licensed
 * items; the new period is billed in advance with the closed period's usage in arrears. At the end of
 * a pause, a period that ended meanwhile restarts on the resume day.
 */
import { periodAt } from '@subkit/core';
import type { Discount, InvoiceDiscount, InvoiceLine, ProrationPolicy, Recurring, SubscriptionItem } from '@subkit/core';
import { discountsFor, partialPeriodLine, periodLines, usageLines } from '../lines.js';
import { consumeDiscountPeriod } from '../promo.js';
import type { ScheduledChange, SubscriptionAddOn, SubscriptionRow } from '../rows.js';
import { recurringOf, sameRecurring, toDate } from '../rows.js';
import type { AppliedTaxRate } from '../tax.js';
import { firstPeriod } from './calendar.js';

/** What a renewal needs besides the subscription itself. */
export interface RenewalContext {
  readonly planName: (planId: string) => string;
  readonly taxRates: readonly AppliedTaxRate[];
  /** The company's billing day (calendar billing), or null for the anniversary. */
  readonly billingDay: number | null;
  readonly policy: ProrationPolicy;
  /** The closing period's usage per metric, aggregated. */
  readonly usage: Readonly<Record<string, number>>;
  /** A card-paid subscription has a payment method to charge. */
  readonly hasPaymentMethod: boolean;
  /** The plan's rule for a trial that ends without a payment method. */
  readonly trialEndBehavior: 'create_invoice' | 'cancel';
}

/** The subscription columns a renewal writes. */
export interface RenewalPatch {
  status: SubscriptionRow['status'];
  plan_id: string;
  price_id: string;
  interval: Recurring['interval'];
  interval_count: number;
  quantity: number;
  items: SubscriptionItem[];
  add_ons: SubscriptionAddOn[];
  billing_anchor: Date;
  current_period_start: Date;
  current_period_end: Date;
  discount: Discount | null;
  scheduled_change: ScheduledChange | null;
  skipped_periods: string[];
  ended_at: Date | null;
  pause: SubscriptionRow['pause'];
  pause_resumes_at: Date | null;
}

/** The invoice a renewal issues. */
export interface RenewalInvoice {
  readonly lines: InvoiceLine[];
  readonly discounts: InvoiceDiscount[];
  readonly taxRates: readonly AppliedTaxRate[];
  /** The invoice's period: the new one (or [end, end] for a final usage invoice); unique per subscription. */
  readonly periodStart: Date;
  readonly periodEnd: Date;
}

/** What happens at one boundary. */
export interface Renewal {
  readonly outcome: 'renewed' | 'canceled' | 'trial_canceled' | 'resumed';
  /** The instant it happens: the period end, or the resume instant. */
  readonly at: Date;
  readonly patch: RenewalPatch;
  readonly invoice: RenewalInvoice | null;
  /** Card-paid, but nothing to charge: the invoice goes straight into dunning. */
  readonly missingPaymentMethod: boolean;
}

/** The state carried into the next period: the scheduled change applied, if any. */
function nextTerms(row: SubscriptionRow) {
  const change = row.scheduled_change;
  if (!change) {
    return { planId: row.plan_id, priceId: row.price_id, recurring: recurringOf(row), quantity: row.quantity, items: row.items, addOns: row.add_ons };
  }
  return { planId: change.planId, priceId: change.priceId, recurring: change.recurring, quantity: change.quantity, items: change.items, addOns: change.addOns };
}

/** Usage lines of the closing period [start, end): none for a trial, which does not bill usage (Stripe's rule). */
function arrears(row: SubscriptionRow, ctx: RenewalContext, start: Date, end: Date, trial: boolean): InvoiceLine[] {
  if (trial) return [];
  return usageLines(row.items, ctx.usage, { planName: ctx.planName(row.plan_id), planId: row.plan_id, periodStart: start, periodEnd: end });
}

const billable = (lines: readonly InvoiceLine[]) => lines.some((l) => l.amount !== 0);

/**
 * The period starting at `start` on the new terms: the same anchored schedule when nothing moved it,
 * else a new one from `start` (aligned to the billing day, the first part prorated).
 */
function periodFrom(row: SubscriptionRow, recurring: Recurring, start: Date, ctx: RenewalContext, restart: boolean) {
  if (!restart && sameRecurring(recurring, recurringOf(row))) {
    const anchor = toDate(row.billing_anchor);
    return { anchor, end: periodAt(anchor, recurring, start).end, fraction: { numerator: 1n, denominator: 1n } };
  }
  return firstPeriod(start, recurring, ctx.billingDay, ctx.policy);
}

/** Whether the trial of a subscription is over at `at`. */
function trialOverAt(row: SubscriptionRow, at: Date): boolean {
  return row.trial_end !== null && toDate(row.trial_end).getTime() <= at.getTime();
}

/**
 * What happens at a running subscription's period end (`current_period_end`): see the module comment.
 * `resumeAt` instead starts the next period later, when a pause outlasted the period.
 */
export function renewalAt(row: SubscriptionRow, ctx: RenewalContext, opts: { resumeAt?: Date } = {}): Renewal {
  const closedStart = toDate(row.current_period_start);
  const closedEnd = toDate(row.current_period_end);
  const start = opts.resumeAt ?? closedEnd;
  const wasTrial = row.status === 'trialing' || (row.status === 'paused' && row.trial_end !== null && toDate(row.trial_end).getTime() >= closedEnd.getTime());
  const usage = arrears(row, ctx, closedStart, closedEnd, wasTrial);
  const base: Omit<RenewalPatch, 'status'> = {
    plan_id: row.plan_id,
    price_id: row.price_id,
    interval: row.interval,
    interval_count: row.interval_count,
    quantity: row.quantity,
    items: row.items,
    add_ons: row.add_ons,
    billing_anchor: toDate(row.billing_anchor),
    current_period_start: closedStart,
    current_period_end: closedEnd,
    discount: row.discount,
    scheduled_change: null,
    skipped_periods: row.skipped_periods.filter((s) => new Date(s).getTime() > start.getTime()),
    ended_at: null,
    pause: null,
    pause_resumes_at: null,
  };
  if (row.cancel_at_period_end) {
    const invoice: RenewalInvoice | null = billable(usage)
      ? { lines: usage, discounts: discountsFor(row.discount, 'period'), taxRates: ctx.taxRates, periodStart: closedEnd, periodEnd: closedEnd }
      : null;
    return { outcome: 'canceled', at: closedEnd, patch: { ...base, status: 'canceled', ended_at: closedEnd }, invoice, missingPaymentMethod: false };
  }
  const converting = wasTrial && trialOverAt(row, start);
  const cardless = row.collection_method === 'charge_automatically' && !ctx.hasPaymentMethod;
  if (converting && cardless && ctx.trialEndBehavior === 'cancel') {
    return { outcome: 'trial_canceled', at: start, patch: { ...base, status: 'canceled', ended_at: start }, invoice: null, missingPaymentMethod: false };
  }

  const terms = nextTerms(row);
  const restart = opts.resumeAt !== undefined || converting;
  const period = periodFrom(row, terms.recurring, start, ctx, restart);
  const skipped = row.skipped_periods.some((s) => new Date(s).getTime() === start.getTime());
  const planName = ctx.planName(terms.planId);
  const licensed = skipped
    ? []
    : periodLines(terms.items, { planName, planId: terms.planId, periodStart: start, periodEnd: period.end }).map((l) => partialPeriodLine(l, period.fraction));
  const lines = [...licensed, ...usage];
  const invoice: RenewalInvoice | null =
    licensed.length > 0 || billable(usage)
      ? { lines, discounts: discountsFor(row.discount, 'period'), taxRates: ctx.taxRates, periodStart: start, periodEnd: period.end }
      : null;
  const status: SubscriptionRow['status'] =
    row.status === 'past_due' || row.status === 'unpaid' ? row.status : row.trial_end !== null && !trialOverAt(row, start) ? 'trialing' : 'active';
  return {
    outcome: opts.resumeAt ? 'resumed' : 'renewed',
    at: start,
    patch: {
      ...base,
      status,
      plan_id: terms.planId,
      price_id: terms.priceId,
      interval: terms.recurring.interval,
      interval_count: terms.recurring.intervalCount,
      quantity: terms.quantity,
      items: terms.items,
      add_ons: terms.addOns,
      billing_anchor: period.anchor,
      current_period_start: start,
      current_period_end: period.end,
      // A period billed for its items uses up one period of a limited discount; a skipped one does not.
      discount: licensed.length > 0 ? consumeDiscountPeriod(row.discount) : row.discount,
    },
    invoice,
    missingPaymentMethod: invoice !== null && cardless,
  };
}

/**
 * What a pause ending at `at` does: inside the period it only resumes (the period was paid); after the
 * period ended while paused, a new period starts now — on the anniversary of the resume, or up to the
 * billing day — billed with the usage the paused period still owed.
 */
export function resumeAt(row: SubscriptionRow, ctx: RenewalContext, at: Date): Renewal {
  if (at.getTime() >= toDate(row.current_period_end).getTime()) return renewalAt(row, ctx, { resumeAt: at });
  return {
    outcome: 'resumed',
    at,
    patch: {
      status: row.trial_end !== null && !trialOverAt(row, at) ? 'trialing' : 'active',
      plan_id: row.plan_id,
      price_id: row.price_id,
      interval: row.interval,
      interval_count: row.interval_count,
      quantity: row.quantity,
      items: row.items,
      add_ons: row.add_ons,
      billing_anchor: toDate(row.billing_anchor),
      current_period_start: toDate(row.current_period_start),
      current_period_end: toDate(row.current_period_end),
      discount: row.discount,
      scheduled_change: row.scheduled_change,
      skipped_periods: row.skipped_periods,
      ended_at: null,
      pause: null,
      pause_resumes_at: null,
    },
    invoice: null,
    missingPaymentMethod: false,
  };
}
