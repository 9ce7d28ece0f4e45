/**
 * The subscription lifecycle a buyer drives: pause (until a date or indefinitely), resume, skip the
 * next period, cancel (at period end, or now with a credit for unused time), retention offers, reactivate.
 */
import { addMonths, RETENTION_OFFERS_BY_REASON, retentionOffers } from '@subkit/core';
import type {
  AcceptOfferRequest,
  CancelRequest,
  CancellationReason,
  Discount,
  EventType,
  PauseRequest,
  RetentionOffer,
  Subscription,
} from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError, conflict, invalidRequest } from '../errors.js';
import { applyChange } from './changes.js';
import { creditCancellation, unusedTimeCredit } from './unused-time.js';
import { chargeAttempts } from './run/collect.js';
import { runEnv } from './run/env.js';
import { resumeRows } from './run/renew.js';
import type { RecordedAttempt } from './run/write.js';
import { recordEvent as emitEvent } from '../db/events.js';
import { resolvePrice } from './offer.js';
import type { PlanRow, SubscriptionRow } from './rows.js';
import { recurringOf, toDate } from './rows.js';
import { article, checkVersion, loadSubscription, nextInvoiceOf, renderSubscription, requireStatus, updateSubscription } from './subscriptions.js';

type Action = (tx: Sql, row: SubscriptionRow, now: Date) => Promise<{ row: SubscriptionRow; event: EventType | null }>;

/** Runs one lifecycle action on a locked, version-checked subscription and emits its event (unless it wrote its own). */
async function act(ctx: RequestContext, companyId: string, subscriptionId: string, expectedVersion: number | undefined, action: Action): Promise<Subscription> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadSubscription(tx, companyId, subscriptionId, { lock: true });
    checkVersion(row, expectedVersion);
    const now = ctx.now();
    const result = await action(tx, row, now);
    const subscription = await renderSubscription(tx, result.row, ctx.config.prorationPolicy);
    if (result.event) await emitEvent(tx, { type: result.event, mode: ctx.config.mode, companyId, object: subscription, at: now });
    return subscription;
  });
}

function resumeDate(value: string | null | undefined, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  const date = new Date(`${value}T00:00:00.000Z`);
  if (date.getTime() <= now.getTime()) throw invalidRequest('resumes_at_in_past', 'The resume date must be in the future.', 'resumesAt');
  return date;
}

/** Pauses collection and deliveries, until `resumesAt` (a date, UTC midnight) or until resumed. */
export function pauseSubscription(ctx: RequestContext, companyId: string, subscriptionId: string, req: PauseRequest): Promise<Subscription> {
  return act(ctx, companyId, subscriptionId, req.expectedVersion, async (tx, row, now) => {
    requireStatus(row, ['active', 'trialing'], 'paused');
    const resumesAt = resumeDate(req.resumesAt, now);
    const updated = await updateSubscription(
      tx,
      row,
      { status: 'paused', pause: { pausedAt: now.toISOString(), resumesAt: resumesAt?.toISOString() ?? null } },
      now,
    );
    return { row: updated, event: 'subscription.paused' };
  });
}

function runningStatus(row: SubscriptionRow, now: Date): SubscriptionRow['status'] {
  return row.trial_end !== null && toDate(row.trial_end).getTime() > now.getTime() ? 'trialing' : 'active';
}

/**
 * Resumes a paused subscription now: inside its period it simply runs on; after a period that ended
 * while it was paused, a new period starts now and is billed (and charged) like a renewal.
 */
export async function resumeSubscription(ctx: RequestContext, companyId: string, subscriptionId: string, expectedVersion: number | undefined): Promise<Subscription> {
  const env = runEnv(ctx.db, ctx.config);
  let attempts: RecordedAttempt[] = [];
  const resumed = await act(ctx, companyId, subscriptionId, expectedVersion, async (tx, row, now) => {
    requireStatus(row, ['paused'], 'resumed');
    // The run's resume writes the row and its event (subscription.resumed), with the invoice when a new period starts.
    attempts = await resumeRows(tx, env, [{ ...row, pause_resumes_at: null }], now);
    return { row: await loadSubscription(tx, companyId, subscriptionId), event: null };
  });
  if (attempts.length === 0) return resumed;
  // A new period was charged: the answer is made where the charge's answer is recorded (idempotency/index.ts).
  const render = async (sql: Sql) => renderSubscription(sql, await loadSubscription(sql, companyId, subscriptionId), ctx.config.prorationPolicy);
  return (await chargeAttempts(env, attempts, ctx.now(), render)) ?? render(ctx.db);
}

/** Skips the next period: its start joins `skippedPeriods`, so it is neither delivered nor billed. */
export function skipNextPeriod(ctx: RequestContext, companyId: string, subscriptionId: string, expectedVersion: number | undefined): Promise<Subscription> {
  return act(ctx, companyId, subscriptionId, expectedVersion, async (tx, row, now) => {
    requireStatus(row, ['active', 'trialing'], 'skipped');
    if (row.cancel_at_period_end) throw conflict('invalid_state', 'The subscription ends at this period’s end; there is no next period to skip.');
    const next = toDate(row.current_period_end).toISOString();
    if (row.skipped_periods.includes(next)) throw conflict('already_skipped', 'The next period is already skipped.');
    const updated = await updateSubscription(tx, row, { skipped_periods: [...row.skipped_periods, next] }, now);
    return { row: updated, event: 'subscription.updated' };
  });
}

/**
 * Cancels with the buyer's reason: at the period end (default; access until then) or now, with a
 * credit for the unused time of a paid period on the company balance.
 */
export function cancelSubscription(ctx: RequestContext, companyId: string, subscriptionId: string, req: CancelRequest): Promise<Subscription> {
  return act(ctx, companyId, subscriptionId, req.expectedVersion, async (tx, row, now) => {
    // On hold (`unpaid`) too: a company must be able to leave a subscription it stopped paying for, or every period
    // issues it one more invoice. What it used stays owed.
    requireStatus(row, ['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete'], 'canceled');
    const cancellation = { reason: req.reason, feedback: req.feedback ?? null };
    // An incomplete subscription never started: there is no period end to wait for.
    if ((req.when ?? 'period_end') === 'period_end' && row.status !== 'incomplete') {
      const updated = await updateSubscription(tx, row, { cancel_at_period_end: true, canceled_at: now, cancellation }, now);
      return { row: updated, event: 'subscription.updated' };
    }
    const credit = await unusedTimeCredit(tx, ctx, row, now);
    const updated = await updateSubscription(
      tx,
      row,
      { status: 'canceled', cancel_at_period_end: false, canceled_at: now, ended_at: now, cancellation, scheduled_change: null, pending_change: null },
      now,
    );
    // Dunning stops at once: no retry of a canceled subscription's invoices.
    await tx.query(
      `UPDATE invoices SET next_payment_attempt_at = NULL, dunning_ends_at = NULL WHERE subscription_id = $1 AND status = 'open'`,
      [row.id],
    );
    if (credit > 0) await creditCancellation(tx, ctx, row, credit, now);
    return { row: updated, event: 'subscription.canceled' };
  });
}

/** Undoes a cancellation scheduled for the period end; a subscription canceled now cannot come back (409). */
export function reactivateSubscription(ctx: RequestContext, companyId: string, subscriptionId: string, expectedVersion: number | undefined): Promise<Subscription> {
  return act(ctx, companyId, subscriptionId, expectedVersion, async (tx, row, now) => {
    if (row.status === 'canceled' || row.status === 'incomplete_expired') {
      throw new ApiError('conflict_error', 'invalid_state', `${article(row.status)} subscription cannot be reactivated; start a new one.`);
    }
    if (!row.cancel_at_period_end) throw conflict('not_canceling', 'The subscription is not set to cancel.');
    const updated = await updateSubscription(tx, row, { cancel_at_period_end: false, canceled_at: null, cancellation: null }, now);
    return { row: updated, event: 'subscription.reactivated' };
  });
}

/** The next lower plan of the same product (by rank) sold in the subscription's currency and interval. */
async function lowerPlan(tx: Sql, row: SubscriptionRow): Promise<PlanRow | null> {
  const { rows } = await tx.query<PlanRow & { current_rank: number }>(
    `SELECT p.id, p.product_id, p.name, p.contact_sales, p.trial_days, p.quantity, p.rank, p.active
       FROM plans p, plans cur
      WHERE cur.id = $1 AND p.product_id = cur.product_id AND p.rank < cur.rank AND p.active AND NOT p.contact_sales
      ORDER BY p.rank DESC`,
    [row.plan_id],
  );
  for (const plan of rows) {
    const priced = await resolvePrice(tx, { planId: plan.id, companyId: row.company_id, currency: row.currency, recurring: recurringOf(row) }).then(
      () => true,
      () => false,
    );
    if (priced) return plan;
  }
  return null;
}

/** The retention offers for this subscription (core decides them; the engine knows the lower plan). */
async function offersFor(tx: Sql, ctx: RequestContext, row: SubscriptionRow, reason: CancellationReason | 'any'): Promise<RetentionOffer[]> {
  const wantsDowngrade = RETENTION_OFFERS_BY_REASON[reason].includes('downgrade');
  const plan = wantsDowngrade ? await lowerPlan(tx, row) : null;
  // A discount states its amounts on the next bill as the billing run will issue it, before discounts and tax.
  const next = RETENTION_OFFERS_BY_REASON[reason].includes('discount') ? await nextInvoiceOf(tx, row, ctx.config.prorationPolicy) : null;
  return retentionOffers({
    reason,
    paused: row.status === 'paused',
    hasRetentionDiscount: row.discount?.source === 'retention',
    lowerPlan: plan ? { id: plan.id, name: plan.name } : null,
    recurring: recurringOf(row),
    nextBill: next ? { currency: row.currency, subtotal: next.totals.subtotal } : null,
    ...(ctx.config.retention ? { settings: ctx.config.retention } : {}),
  });
}

/** Offers to keep a buyer who is about to cancel, chosen by the reason they give. */
export async function listRetentionOffers(
  ctx: RequestContext,
  companyId: string,
  subscriptionId: string,
  reason: CancellationReason | undefined,
): Promise<{ object: 'list'; data: RetentionOffer[]; hasMore: false; nextCursor: null }> {
  const row = await loadSubscription(ctx.db, companyId, subscriptionId);
  requireStatus(row, ['active', 'trialing', 'past_due', 'paused'], 'offered a retention deal');
  const data = await ctx.db.transaction((tx) => offersFor(tx, ctx, row, reason ?? 'other'));
  return { object: 'list', data, hasMore: false, nextCursor: null };
}

/** Accepts a retention offer: applies it and withdraws a pending cancellation. */
export function acceptRetentionOffer(ctx: RequestContext, companyId: string, subscriptionId: string, req: AcceptOfferRequest): Promise<Subscription> {
  return act(ctx, companyId, subscriptionId, req.expectedVersion, async (tx, row, now) => {
    requireStatus(row, ['active', 'trialing', 'past_due', 'paused'], 'offered a retention deal');
    const offer = (await offersFor(tx, ctx, row, 'any')).find((o) => o.id === req.offerId);
    if (!offer) throw invalidRequest('offer_unavailable', 'This offer is not available for this subscription.', 'offerId');
    const keep = { cancel_at_period_end: false, canceled_at: null, cancellation: null };
    if (offer.type === 'discount') {
      const discount: Discount = {
        source: 'retention',
        code: null,
        percentOff: offer.percentOff,
        amountOff: null,
        currency: null,
        duration: 'repeating',
        durationInPeriods: offer.durationInPeriods,
        periodsRemaining: offer.durationInPeriods,
      };
      return { row: await updateSubscription(tx, row, { ...keep, discount }, now), event: 'subscription.updated' };
    }
    if (offer.type === 'pause') {
      requireStatus(row, ['active', 'trialing'], 'paused');
      const resumesAt = addMonths(now, offer.pauseMonths ?? 1).toISOString();
      const updated = await updateSubscription(tx, row, { ...keep, status: 'paused', pause: { pausedAt: now.toISOString(), resumesAt } }, now);
      return { row: updated, event: 'subscription.paused' };
    }
    const changed = await applyChange(tx, ctx, row, { expectedVersion: row.version, planId: offer.downgradePlanId ?? row.plan_id, effective: 'now' });
    // A downgrade leaves a credit; one that would cost something now is not an offer to keep anyone.
    if (changed.charge) throw conflict('offer_unavailable', 'This offer would cost more now; choose another plan instead.');
    return { row: await updateSubscription(tx, changed.row, keep, now), event: 'subscription.updated' };
  });
}
