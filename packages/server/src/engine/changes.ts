/**
 * Subscription changes (plan, seats, interval, add-ons): the exact proration preview and applying it
 * under the version guard. An upgrade is invoiced (and charged, the change waiting for the payment) at
 * once; a net credit goes to the company balance for the next invoices, never refunded; an interval
 * change starts a new period now.
 */
import { addPeriods } from '@subkit/core';
import type {
  ChangePreview,
  InvoiceLine,
  InvoiceTotals,
  NextAction,
  ProrationLine,
  SubscriptionChangeRequest,
  SubscriptionChangeResult,
  SubscriptionItem,
} from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError, conflict, invalidRequest } from '../errors.js';
import { recordEvent as emitEvent } from '../db/events.js';
import { createInvoice, creditBalance } from './invoices.js';
import { creditUnusedTime, periodWrittenOff } from './unused-time.js';
import type { ProrationResult } from './lines.js';
import { discountsFor, periodLines, prorate, prorationInvoiceLines, signedTotals, wireTaxLines } from './lines.js';
import type { ResolvedAddOn } from './offer.js';
import { addOnSummary, buildItems, loadPlan, loadPurchasablePlan, resolveAddOns, resolvePrice, resolveQuantity } from './offer.js';
import { withQuotedSeats } from '../governance/quotes/seats.js';
import { collectNow, nextActionOf, recordAttempt, type Settled } from './attempts.js';
import { defaultPaymentMethod, loadPaymentMethod } from './payments.js';
import { declineError, paymentProcessor } from './processor/index.js';
import type { ChangePatch, CompanyRow, InvoiceRow, PaymentMethodRow, PaymentRow, PendingChange, PlanRow, PriceRow, ScheduledChange, SubscriptionRow } from './rows.js';
import { recurringOf, sameRecurring, toDate } from './rows.js';
import { checkVersion, loadCompany, loadSubscription, nextInvoiceOf, planName, renderSubscription, requireStatus, updateSubscription } from './subscriptions.js';
import type { AppliedTaxRate } from './tax.js';
import { taxRatesFor } from './tax.js';
import { addOnsKey, purposeOfChange } from './purpose.js';

/** A change worked out against one version of a subscription, before anything is written. */
export interface ChangePlan {
  row: SubscriptionRow;
  company: CompanyRow;
  plan: PlanRow;
  oldPlanName: string;
  price: PriceRow;
  quantity: number;
  addOns: ResolvedAddOn[];
  items: SubscriptionItem[];
  effective: 'now' | 'period_end';
  at: Date;
  /** Set when the interval changes now: the new period starting at the change. */
  newPeriod: { start: Date; end: Date } | null;
  proration: ProrationResult | null;
  wireLines: ProrationLine[];
  invoiceLines: InvoiceLine[];
  taxRates: AppliedTaxRate[];
  totals: InvoiceTotals;
  creditCreated: number;
  /** What `now` writes on the subscription (null for a change at the period end). */
  patch: ChangePatch | null;
  /** What `period_end` schedules (null for a change now). */
  scheduled: ScheduledChange | null;
  next: { date: Date; total: number };
}

/** Works a change out against the subscription as read (governance checks its figures before a change or a request). */
export async function planChange(tx: Sql, ctx: RequestContext, row: SubscriptionRow, req: SubscriptionChangeRequest): Promise<ChangePlan> {
  requireStatus(row, ['active', 'trialing'], 'changed');
  checkVersion(row, req.expectedVersion);
  if (row.pending_change) {
    throw conflict('change_pending', 'An earlier change is waiting for its payment; complete or cancel that payment first.');
  }
  const at = ctx.now();
  const company = await loadCompany(tx, row.company_id);
  const oldPlanName = await planName(tx, row.plan_id);
  const plan = req.planId !== undefined && req.planId !== row.plan_id ? await loadPurchasablePlan(tx, req.planId) : await loadPlan(tx, row.plan_id);
  if (plan.product_id !== row.product_id) {
    throw invalidRequest('plan_other_product', `"${plan.name}" belongs to another product; start a new subscription for it.`, 'planId');
  }
  const recurring = req.recurring ?? recurringOf(row);
  const price = await resolvePrice(tx, { planId: plan.id, companyId: row.company_id, currency: row.currency, recurring });
  // A quoted subscription on a plan sold through sales keeps its quote's seat rule (governance/quotes/seats.ts).
  const quantity = resolveQuantity(await withQuotedSeats(tx, plan, row), req.quantity, { keep: row.quantity });
  const addOns = await resolveAddOns(tx, {
    plan,
    selections: req.addOns ?? row.add_ons.map((a) => ({ addOnId: a.addOnId, quantity: a.quantity })),
    currency: row.currency,
    recurring,
    planQuantity: quantity,
    dropUnavailable: req.addOns === undefined,
  });
  const unchanged =
    price.id === row.price_id &&
    quantity === row.quantity &&
    addOns.length === row.add_ons.length &&
    addOns.every((a) => row.add_ons.some((b) => b.addOnId === a.addOnId && b.quantity === a.quantity));
  if (unchanged) throw invalidRequest('no_change', 'The change leaves the subscription as it is.', 'planId');

  const items = buildItems(price, quantity, addOns);
  const effective = req.effective ?? 'now';
  const taxRates = await taxRatesFor(tx, company);
  const periodStart = toDate(row.current_period_start);
  const periodEnd = toDate(row.current_period_end);
  const intervalChange = !sameRecurring(recurring, recurringOf(row));

  let proration: ProrationResult | null = null;
  let newPeriod: ChangePlan['newPeriod'] = null;
  let invoiceLines: InvoiceLine[] = [];
  let wireLines: ProrationLine[] = [];
  // A trial has charged nothing, so there is nothing to prorate: the trial simply goes on with the new items.
  if (effective === 'now' && row.status === 'active') {
    const writtenOff = await periodWrittenOff(tx, row);
    if (intervalChange) {
      proration = prorate({ oldItems: row.items, oldPlanName, oldPlanId: row.plan_id, newItems: [], newPlanName: plan.name, newPlanId: plan.id, periodStart, periodEnd, at, policy: ctx.config.prorationPolicy });
      // A period written off (its invoice voided or uncollectible) was not paid: no credit for its unused rest.
      if (writtenOff) proration = { lines: [], total: 0 };
      newPeriod = { start: at, end: addPeriods(at, recurring, 1) };
      const fresh = periodLines(items, { planName: plan.name, planId: plan.id, periodStart: newPeriod.start, periodEnd: newPeriod.end });
      invoiceLines = [...prorationInvoiceLines(proration), ...fresh];
      wireLines = [
        ...proration.lines.map(toWire),
        ...fresh.map((l): ProrationLine => ({ description: l.description, ...(l.text ? { text: l.text } : {}), quantity: l.quantity, kind: 'charge', amount: l.amount, periodStart: l.periodStart, periodEnd: l.periodEnd })),
      ];
    } else {
      proration = prorate({ oldItems: row.items, oldPlanName, oldPlanId: row.plan_id, newItems: items, newPlanName: plan.name, newPlanId: plan.id, periodStart, periodEnd, at, policy: ctx.config.prorationPolicy });
      // Written off: what the old items covered was forgiven, so more is charged as usual (the difference) but less
      // credits nothing — a credit would pay out time nobody paid for.
      if (writtenOff && proration.total < 0) proration = { lines: [], total: 0 };
      invoiceLines = prorationInvoiceLines(proration);
      wireLines = proration.lines.map(toWire);
    }
  }
  const totals = signedTotals({
    lines: invoiceLines,
    discounts: discountsFor(row.discount, 'proration'),
    taxRates,
    creditBalance: Math.max(0, await creditBalance(tx, row.company_id, row.currency)),
  });
  const newRecurring = recurringOf(price);
  const addOnRows = addOnSummary(addOns);
  const scheduled: ScheduledChange | null =
    effective === 'period_end' ? { planId: plan.id, priceId: price.id, recurring: newRecurring, quantity, items, addOns: addOnRows } : null;
  const patch: ChangePatch | null = scheduled
    ? null
    : {
        plan_id: plan.id,
        price_id: price.id,
        interval: newRecurring.interval,
        interval_count: newRecurring.intervalCount,
        quantity,
        items,
        add_ons: addOnRows,
        scheduled_change: null,
        ...(newPeriod
          ? {
              billing_anchor: newPeriod.start.toISOString(),
              current_period_start: newPeriod.start.toISOString(),
              current_period_end: newPeriod.end.toISOString(),
              // Skips name period starts of the old schedule, which no longer exist.
              skipped_periods: [],
            }
          : {}),
      };
  // The next invoice as the billing run will issue it for the subscription as the change leaves it
  // (skipped periods, usage so far, the discount's periods, tax) — the subscription's own `nextInvoice`.
  const projected = await nextInvoiceOf(tx, scheduled ? { ...row, scheduled_change: scheduled } : { ...row, ...patch }, ctx.config.prorationPolicy);
  return {
    row,
    company,
    plan,
    oldPlanName,
    price,
    quantity,
    addOns,
    items,
    effective,
    at,
    newPeriod,
    proration,
    wireLines,
    invoiceLines,
    taxRates,
    totals,
    creditCreated: totals.total < 0 ? -totals.total : 0,
    patch,
    scheduled,
    // No invoice to come (it ends at the period end): nothing billed then.
    next: projected ? { date: projected.date, total: projected.totals.total } : { date: newPeriod?.end ?? periodEnd, total: 0 },
  };
}

function toWire(l: ProrationResult['lines'][number]): ProrationLine {
  return { description: l.description, text: l.text, quantity: l.quantity, kind: l.kind, amount: l.amount, periodStart: l.periodStart.toISOString(), periodEnd: l.periodEnd.toISOString() };
}

/** The wire preview of a worked-out change. */
export function renderPreview(change: ChangePlan): ChangePreview {
  const { totals } = change;
  return {
    object: 'change_preview',
    subscriptionId: change.row.id,
    currency: change.row.currency,
    prorationDate: change.at.toISOString(),
    prorationLines: change.wireLines,
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    taxLines: wireTaxLines(totals, change.taxRates),
    tax: totals.tax,
    amountDueNow: totals.total > 0 ? totals.amountDue : 0,
    creditCreated: change.creditCreated,
    nextInvoice: { date: change.next.date.toISOString(), total: change.next.total },
    expectedVersion: change.row.version,
    effective: change.effective,
  };
}

/** The exact effect of a change at this instant (proration lines, amount due now, credit, next invoice). Writes nothing. */
export async function previewChange(ctx: RequestContext, companyId: string, subscriptionId: string, req: SubscriptionChangeRequest): Promise<ChangePreview> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadSubscription(tx, companyId, subscriptionId);
    return renderPreview(await planChange(tx, ctx, row, req));
  });
}

/** A change applied (or waiting for its charge), with the invoice it created and the charge to issue now. */
export interface AppliedChange {
  readonly row: SubscriptionRow;
  readonly invoice: InvoiceRow | null;
  /** Set when the change waits for this charge (card-paid upgrade): issue it after the transaction commits. */
  readonly charge: { payment: PaymentRow; paymentMethod: PaymentMethodRow } | null;
}

/**
 * Applies a change in the caller's transaction, guarded by the version the buyer saw (lock the row
 * first, so of two concurrent changes the second sees the first's new version and answers 409). A
 * card-paid change that costs something now does not apply yet: it waits on the subscription with a
 * draft invoice and a recorded attempt, and applies once that charge succeeds (see `changeSubscription`).
 */
export async function applyChange(tx: Sql, ctx: RequestContext, row: SubscriptionRow, req: SubscriptionChangeRequest): Promise<AppliedChange> {
  const change = await planChange(tx, ctx, row, req);
  const { at, plan } = change;
  const mode = ctx.config.mode;
  if (change.scheduled) {
    const updated = await updateSubscription(tx, row, { scheduled_change: change.scheduled }, at);
    await emitEvent(tx, { type: 'subscription.updated', mode, companyId: row.company_id, object: await renderSubscription(tx, updated, ctx.config.prorationPolicy), at });
    return { row: updated, invoice: null, charge: null };
  }

  const patch = change.patch!;
  const charged = row.collection_method === 'charge_automatically' && change.totals.total > 0;
  const method = charged ? await chargeableMethod(tx, row) : null;

  let invoice: InvoiceRow | null = null;
  if (change.totals.total > 0) {
    invoice = await createInvoice(tx, {
      companyId: row.company_id,
      subscriptionId: row.id,
      currency: row.currency,
      billingReason: 'subscription_update',
      purpose: purposeOfChange(
        {
          planId: row.plan_id,
          rank: (await loadPlan(tx, row.plan_id)).rank,
          quantity: row.quantity,
          recurring: `${row.interval}/${row.interval_count}`,
          addOns: addOnsKey(row.add_ons),
        },
        { planId: plan.id, rank: plan.rank, quantity: change.quantity, recurring: `${recurringOf(change.price).interval}/${recurringOf(change.price).intervalCount}`, addOns: addOnsKey(addOnSummary(change.addOns)) },
      ),
      collectionMethod: row.collection_method,
      lines: change.invoiceLines,
      discounts: discountsFor(row.discount, 'proration'),
      taxRates: change.taxRates,
      poNumber: row.po_number,
      periodStart: at,
      periodEnd: change.newPeriod?.end ?? toDate(row.current_period_end),
      issuedAt: at,
      paymentTermsDays: row.payment_terms_days,
      mode,
      draft: charged,
    });
  }
  if (method && invoice?.status === 'draft') {
    const pending: PendingChange = { invoiceId: invoice.id, patch };
    const waiting = await updateSubscription(tx, row, { pending_change: pending }, at);
    const payment = await recordAttempt(tx, { invoice, paymentMethod: method, processor: paymentProcessor(ctx.db, ctx.config).name, onSession: true, firstUse: false, at });
    return { row: waiting, invoice, charge: { payment, paymentMethod: method } };
  }

  const updated = await updateSubscription(tx, row, patch, at);
  if (change.totals.total <= 0 && change.creditCreated > 0) {
    await creditUnusedTime(tx, ctx, row, change.creditCreated, { cause: 'change', planName: plan.name, quantity: change.quantity }, at);
  }
  await emitEvent(tx, { type: 'subscription.updated', mode, companyId: row.company_id, object: await renderSubscription(tx, updated, ctx.config.prorationPolicy), at });
  return { row: updated, invoice, charge: null };
}

/** The card a card-paid subscription's change is charged to; 402 `payment_method_required` without one. */
async function chargeableMethod(tx: Sql, row: SubscriptionRow): Promise<PaymentMethodRow> {
  const method = row.default_payment_method_id
    ? await loadPaymentMethod(tx, row.company_id, row.default_payment_method_id, 'paymentMethodId').catch(() => null)
    : null;
  const paymentMethod = method ?? (await defaultPaymentMethod(tx, row.company_id));
  if (!paymentMethod) {
    throw new ApiError('payment_error', 'payment_method_required', 'Add a card before changing a card-paid subscription.');
  }
  return paymentMethod;
}

/**
 * Applies a buyer's change: written in one transaction, then — for a card-paid change that costs
 * something now — charged outside it. Paid, the change applies; a card that asks for 3-D Secure answers
 * `requires_action` with the next action (the change applies once the buyer authenticates); a decline
 * discards the change and answers 402.
 */
export async function changeSubscription(
  ctx: RequestContext,
  companyId: string,
  subscriptionId: string,
  req: SubscriptionChangeRequest,
): Promise<SubscriptionChangeResult> {
  // The answer is made in the change's last transaction — its own when nothing is charged now, else the
  // one settling the charge — so an Idempotency-Key stores it with its effect (idempotency/index.ts).
  const answerOf = async (tx: Sql, applied: AppliedChange, settled: Settled | null): Promise<SubscriptionChangeResult | ApiError> => {
    if (settled?.result.status === 'failed') return declineError(settled.result);
    const nextAction: NextAction | null = settled?.result.status === 'requires_action' ? nextActionOf(settled.payment) : null;
    const row = await loadSubscription(tx, companyId, subscriptionId);
    return {
      object: 'subscription_change',
      subscription: await renderSubscription(tx, row, ctx.config.prorationPolicy),
      invoiceId: applied.invoice?.id ?? null,
      status: nextAction ? 'requires_action' : 'succeeded',
      nextAction,
    };
  };
  const applied = await ctx.db.transaction(async (tx) => {
    const change = await applyChange(tx, ctx, await loadSubscription(tx, companyId, subscriptionId, { lock: true }), req);
    return change.charge ? change : answerOf(tx, change, null);
  });
  const answer =
    'charge' in applied && applied.charge
      ? await collectNow(ctx.db, paymentProcessor(ctx.db, ctx.config), { ...applied.charge, at: ctx.now, mode: ctx.config.mode, policy: ctx.config.prorationPolicy }, (tx, settled) =>
          answerOf(tx, applied, settled),
        )
      : applied;
  if (!answer) {
    throw new ApiError('api_error', 'processor_unavailable', 'The payment processor did not answer. The change applies once the payment goes through.', {
      status: 503,
    });
  }
  if (answer instanceof ApiError) throw answer;
  return answer as SubscriptionChangeResult;
}
