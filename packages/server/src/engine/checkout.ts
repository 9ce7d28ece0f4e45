/**
 * Checkout: the order summary (preview) and the purchase itself — price resolution, quantity, add-ons,
 * promo code, trial, tax, then one transaction that creates the subscription and its first invoice and
 * charges the card or issues the invoice with net terms.
 */
import { addDays } from '@subkit/core';
import type {
  CheckoutPreview,
  CheckoutPreviewRequest,
  CheckoutRequest,
  CheckoutResult,
  Discount,
  InvoiceLine,
  InvoiceTotals,
  SubscriptionItem,
  TaxId,
} from '@subkit/core';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError, invalidRequest } from '../errors.js';
import { newId } from '../ids.js';
import { recordEvent as emitEvent } from '../db/events.js';
import { companyToWire } from '../handlers/platform/rows.js';
import { createInvoice, creditBalance, loadInvoice, renderInvoiceSummary } from './invoices.js';
import { discountsFor, partialPeriodLine, periodLines, totalsOf, wireTaxLines } from './lines.js';
import { firstPeriod } from './run/calendar.js';
import type { ResolvedAddOn } from './offer.js';
import { addOnSummary, buildItems, loadPlan, loadPurchasablePlan, resolveAddOns, resolvePrice, resolveQuantity } from './offer.js';
import { collectNow, nextActionOf, recordAttempt, type Settled } from './attempts.js';
import { insertCard, loadPaymentMethod } from './payments.js';
import type { AcceptedPaymentMethod, NewPaymentMethod, ProcessorName } from './processor/index.js';
import { declineError, paymentProcessor } from './processor/index.js';
import type { PromoCheck } from './promo.js';
import { checkPromo, consumeDiscountPeriod, redeemPromo } from './promo.js';
import type { CompanyRow, PaymentMethodRow, PaymentRow, PlanRow, PriceRow, SubscriptionRow } from './rows.js';
import { json } from './rows.js';
import { loadCompany, loadSubscription, renderSubscription } from './subscriptions.js';
import type { AppliedTaxRate } from './tax.js';
import { checkTaxId, taxRatesFor } from './tax.js';

/** Everything a checkout resolved before anything is written. */
export interface Order {
  company: CompanyRow;
  plan: PlanRow;
  price: PriceRow;
  quantity: number;
  addOns: ResolvedAddOn[];
  items: SubscriptionItem[];
  promo: PromoCheck | null;
  discount: Discount | null;
  taxRates: AppliedTaxRate[];
  taxId: TaxId | null;
  now: Date;
  trial: { days: number; start: Date; end: Date } | null;
  /** The first paid period: after the trial, or starting now; up to the billing day with calendar billing. */
  periodStart: Date;
  periodEnd: Date;
  /** The schedule's anchor (the billing day's, or the first paid period's start). */
  anchor: Date;
  /** A full period's lines (what renewals bill); `lines` is the first period's, prorated when it is partial. */
  fullLines: InvoiceLine[];
  lines: InvoiceLine[];
  totals: InvoiceTotals;
}

/**
 * Resolves an order against the catalog (a contact-sales plan only for an accepted quote, governance/quotes).
 * `price` bills that price instead of the one the catalog resolves: an open quote's contract price, which is
 * written only when the quote is accepted.
 */
export async function resolveOrder(
  tx: Sql,
  ctx: RequestContext,
  companyId: string,
  req: CheckoutPreviewRequest,
  opts: { contactSales?: boolean; quantity?: number; startAt?: Date; price?: PriceRow } = {},
): Promise<Order> {
  const now = ctx.now();
  const company = await loadCompany(tx, companyId);
  const plan = opts.contactSales ? await loadPlan(tx, req.planId) : await loadPurchasablePlan(tx, req.planId);
  const price = opts.price ?? (await resolvePrice(tx, { planId: plan.id, companyId, currency: req.currency, recurring: req.recurring }));
  // A quote's seats hold for a plan sold through sales, which has no quantity rule of its own.
  const quantity = opts.quantity ?? resolveQuantity(plan, req.quantity);
  const addOns = await resolveAddOns(tx, { plan, selections: req.addOns ?? [], currency: req.currency, recurring: req.recurring, planQuantity: quantity });
  const items = buildItems(price, quantity, addOns);
  const promo = req.promoCode !== undefined && req.promoCode.trim() !== '' ? await checkPromo(tx, { code: req.promoCode, planId: plan.id, currency: req.currency, now }) : null;
  const discount = promo?.valid ? promo.discount : null;
  const taxId = req.billing?.taxId ? checkTaxId(req.billing.taxId, 'billing.taxId.value') : null;
  const taxRates = await taxRatesFor(tx, company, { country: req.billing?.address?.country, taxId });
  const trialDays = req.trial !== false && plan.trial_days ? plan.trial_days : null;
  const trial = trialDays ? { days: trialDays, start: now, end: addDays(now, trialDays) } : null;
  // The first paid period: from now (or the trial's end) on the anniversary, or up to the company's billing day, prorated.
  const periodStart = trial?.end ?? opts.startAt ?? now;
  const first = firstPeriod(periodStart, req.recurring, company.billing_day, ctx.config.prorationPolicy);
  const periodEnd = first.end;
  const fullLines = periodLines(items, { planName: plan.name, planId: plan.id, periodStart, periodEnd });
  const lines = fullLines.map((l) => partialPeriodLine(l, first.fraction));
  const totals = totalsOf({
    lines,
    discounts: discountsFor(discount, 'period'),
    taxRates,
    creditBalance: Math.max(0, await creditBalance(tx, companyId, req.currency)),
  });
  return { company, plan, price, quantity, addOns, items, promo, discount, taxRates, taxId, now, trial, periodStart, periodEnd, anchor: first.anchor, fullLines, lines, totals };
}

/** The renewal total after the first paid period (the discount may have run out by then). */
function renewalTotal(order: Order): number {
  return totalsOf({
    lines: order.fullLines,
    discounts: discountsFor(consumeDiscountPeriod(order.discount), 'period'),
    taxRates: order.taxRates,
    creditBalance: 0,
  }).total;
}

/** The order summary of a checkout: lines, discount, tax, what is due today and next. Writes nothing. */
export async function previewCheckout(ctx: RequestContext, companyId: string, req: CheckoutPreviewRequest): Promise<CheckoutPreview> {
  return ctx.db.transaction(async (tx) => renderCheckoutPreview(await resolveOrder(tx, ctx, companyId, req), req));
}

/** A resolved order as its summary (what a purchase request shows its approver too, governance/approvals). */
export function renderCheckoutPreview(order: Order, req: CheckoutPreviewRequest): CheckoutPreview {
  const { totals } = order;
  return {
    object: 'checkout_preview',
    planId: order.plan.id,
    currency: req.currency,
    recurring: req.recurring,
    lines: order.lines,
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    discount: order.promo?.valid ? { code: order.promo.code, description: order.promo.description, amount: totals.discountTotal } : null,
    promo: order.promo ? { code: order.promo.code, valid: order.promo.valid, message: order.promo.valid ? null : order.promo.message } : null,
    taxLines: wireTaxLines(totals, order.taxRates),
    tax: totals.tax,
    total: totals.total,
    amountDueToday: order.trial ? 0 : totals.amountDue,
    trial: order.trial ? { days: order.trial.days, endsAt: order.trial.end.toISOString() } : null,
    nextInvoice: order.trial
      ? { date: order.trial.end.toISOString(), total: totals.total }
      : { date: order.periodEnd.toISOString(), total: renewalTotal(order) },
    paymentTermsDays: order.company.invoice_allowed ? order.company.payment_terms_days : null,
    invoiceAllowed: order.company.invoice_allowed,
  };
}

/** Who is buying. */
export interface Buyer {
  readonly companyId: string;
  readonly memberId: string;
}

/** What a quote's acceptance adds to a checkout (governance/quotes): its plan, its terms, its writes in the checkout's transaction. */
export interface CheckoutExtras {
  /** The plan may be a contact-sales plan (the quote's). */
  readonly contactSales?: boolean;
  /** The seats the quote sells (its plan may have no quantity rule). */
  readonly quantity?: number;
  /** Net terms of the invoices instead of the company's. */
  readonly paymentTermsDays?: number;
  /** A later start: the subscription's first period and its first invoice's date (the quote's start date). */
  readonly startAt?: Date;
  /** Runs first in the checkout's transaction (the quote's contract price). */
  readonly prepare?: (tx: Sql) => Promise<void>;
  /** Runs in the checkout's transaction once the subscription is written, before `subscription.created`, so its snapshot carries what it adds (the commitment). */
  readonly onCreated?: (tx: Sql, placed: { subscriptionId: string; invoiceId: string }) => Promise<void>;
  /** Runs in the checkout's transaction once the order is placed (the quote accepted). */
  readonly onPlaced?: (tx: Sql, placed: { subscriptionId: string; invoiceId: string }) => Promise<void>;
  /** The new subscription's id (a purchase request names it before it is approved). */
  readonly subscriptionId?: string;
  /** The card is charged with nobody on the page (an approved purchase request, charged to the company's default card). */
  readonly offSession?: boolean;
  /** The PO number of a card-paid order's subscription and invoices (an invoice-paid order's is its payment's). */
  readonly poNumber?: string | null;
}

/** What the checkout's first transaction wrote, and the charge it recorded (if the order needs one now). */
export interface Placed {
  subscriptionId: string;
  invoiceId: string;
  charge: { payment: PaymentRow; paymentMethod: PaymentMethodRow } | null;
}

/**
 * Buys a plan. Everything is checked and written in one transaction — by card, the first invoice as a
 * draft with a recorded attempt; then the card is charged outside it; then its answer settles the
 * checkout: paid, the subscription starts `active`; awaiting 3-D Secure, it starts `incomplete` with
 * the invoice open and a next action; declined, the checkout is discarded and the answer is a 402.
 * Pay-by-invoice issues the invoice open with net terms and the subscription starts `active`. A trial
 * charges nothing: a new card is only set up, and a trial may start without a card (the plan decides
 * at the trial's end what happens without one).
 */
export async function createCheckout(ctx: RequestContext, buyer: Buyer, req: CheckoutRequest, extras: CheckoutExtras = {}): Promise<CheckoutResult> {
  const mode = ctx.config.mode;
  const card = req.payment.method === 'card' ? req.payment : null;
  const entered: NewPaymentMethod | null =
    card?.stripePaymentMethodId !== undefined ? { stripePaymentMethodId: card.stripePaymentMethodId } : card?.testCard !== undefined ? { testCard: card.testCard } : null;
  const cardParam =
    card?.paymentMethodId !== undefined ? 'payment.paymentMethodId' : card?.stripePaymentMethodId !== undefined ? 'payment.stripePaymentMethodId' : 'payment.testCard';
  const processor = card ? paymentProcessor(ctx.db, ctx.config, cardParam) : null;
  // A card typed in now is checked by its processor before anything is written; for a trial, which
  // charges nothing yet, it is also set up now (a SetupIntent) — which may ask the buyer to authenticate.
  const newCard = processor && entered ? await processor.acceptPaymentMethod(entered, { companyId: buyer.companyId, param: cardParam, at: ctx.now(), mode }) : null;
  let setupAction: CheckoutResult['nextAction'] = null;
  if (processor && newCard && (await trialApplies(ctx, req))) {
    const setup = await processor.setupPaymentMethod({ companyId: buyer.companyId, processorRef: newCard.processorRef, idempotencyKey: setupKey(buyer.companyId, newCard.processorRef) });
    if (setup.status === 'failed') throw declineError(setup, cardParam);
    if (setup.status === 'requires_action') setupAction = { ...setup.nextAction, paymentId: null };
  }

  // The answer is made in the checkout's last transaction — the order's own when nothing is charged now,
  // else the one settling the charge — so an Idempotency-Key stores it with its effect (idempotency/index.ts).
  const answerOf = async (tx: Sql, placed: Placed, settled: Settled | null): Promise<CheckoutResult | ApiError> => {
    if (settled?.result.status === 'failed') return declineError(settled.result, cardParam);
    const nextAction = settled?.result.status === 'requires_action' ? nextActionOf(settled.payment) : setupAction;
    const subscription = await renderSubscription(tx, await loadSubscription(tx, buyer.companyId, placed.subscriptionId), ctx.config.prorationPolicy);
    // What was invoiced today, so the buyer's success can name it (number, total, due date, PO) — lane b2b.
    const { id, number, status, currency, total, dueAt, poNumber } = renderInvoiceSummary(await loadInvoice(tx, buyer.companyId, placed.invoiceId));
    const invoice = { id, number, status, currency, total, dueAt, poNumber };
    return { object: 'checkout', status: nextAction ? 'requires_action' : 'succeeded', subscription, invoiceId: placed.invoiceId, invoice, nextAction };
  };
  const placed = await ctx.db.transaction(async (tx) => {
    await extras.prepare?.(tx);
    const order = await placeOrder(tx, ctx, buyer, req, processor?.name ?? 'test', newCard, extras);
    await extras.onPlaced?.(tx, order);
    return order.charge && processor ? order : answerOf(tx, order, null);
  });
  const answer = 'charge' in placed && placed.charge && processor
    ? await collectNow(ctx.db, processor, { ...placed.charge, at: ctx.now, mode, policy: ctx.config.prorationPolicy }, (tx, settled) => answerOf(tx, placed, settled))
    : placed;
  if (!answer) throw processorUnavailable();
  if (answer instanceof ApiError) throw answer;
  return answer as CheckoutResult;
}

/** The idempotency key of setting up one card for one company: asked again, the processor answers the same setup. */
export function setupKey(companyId: string, processorRef: string): string {
  return `${companyId}:setup:${processorRef}`;
}

/** Whether the order starts with the plan's trial (read before the checkout's transaction). */
async function trialApplies(ctx: RequestContext, req: CheckoutRequest): Promise<boolean> {
  if (req.trial === false) return false;
  const { rows } = await ctx.db.query<{ trial_days: number | null }>('SELECT trial_days FROM plans WHERE id = $1', [req.planId]);
  return (rows[0]?.trial_days ?? 0) > 0;
}

/** 503 when the processor could not be reached: the attempt stays recorded and is settled later. */
function processorUnavailable(): ApiError {
  return new ApiError('api_error', 'processor_unavailable', 'The payment processor did not answer. The payment is recorded and will be completed or released shortly; check your invoices before trying again.', {
    status: 503,
  });
}

/** Checks and writes an order in the caller's transaction: the subscription, its first invoice (a draft when a card is charged now) and that charge's attempt. */
export async function placeOrder(
  tx: Sql,
  ctx: RequestContext,
  buyer: Buyer,
  req: CheckoutRequest,
  processorName: ProcessorName,
  newCard: AcceptedPaymentMethod | null,
  extras: CheckoutExtras,
): Promise<Placed> {
  const order = await resolveOrder(tx, ctx, buyer.companyId, req, extras);
  const { now, company, plan } = order;
  const mode = ctx.config.mode;
  if (order.promo && !order.promo.valid) throw invalidRequest('promo_code_invalid', order.promo.message, 'promoCode');

  // Payment first: every refusal happens before anything is written (a new card was accepted by its processor already).
  let savedMethod: PaymentMethodRow | null = null;
  const payment = req.payment;
  if (payment.method === 'card') {
    if (payment.paymentMethodId !== undefined) {
      savedMethod = await loadPaymentMethod(tx, company.id, payment.paymentMethodId, 'payment.paymentMethodId');
    } else if (!newCard && !order.trial) {
      // A trial may start without a card (Stripe's payment_method_collection: if_required); a purchase may not.
      const param = processorName === 'stripe' ? 'payment.stripePaymentMethodId' : 'payment.testCard';
      throw invalidRequest('payment_method_required', 'Enter a card or choose a saved payment method.', param);
    }
  } else if (!company.invoice_allowed) {
    throw invalidRequest('invoice_not_allowed', 'Your company cannot pay by invoice; pay by card instead.', 'payment.method');
  }

  await updateBillingDetails(tx, ctx, company, req, order.taxId, now);
  const byInvoice = payment.method === 'invoice';
  // Announced with the subscription, once the checkout goes through (a declined one removes the card again).
  if (newCard) savedMethod = await insertCard(tx, { companyId: company.id, card: newCard, makeDefault: false, at: now, mode, emit: order.trial !== null });

  const periodStart = order.trial?.start ?? order.periodStart;
  const periodEnd = order.trial?.end ?? order.periodEnd;
  const chargesNow = !byInvoice && !order.trial && order.totals.amountDue > 0;
  const row: SubscriptionRow = {
    id: extras.subscriptionId ?? newId('sub_'),
    company_id: company.id,
    created_by_member_id: buyer.memberId,
    status: order.trial ? 'trialing' : byInvoice || !chargesNow ? 'active' : 'incomplete',
    product_id: plan.product_id,
    plan_id: plan.id,
    price_id: order.price.id,
    currency: req.currency,
    interval: req.recurring.interval,
    interval_count: req.recurring.intervalCount,
    quantity: order.quantity,
    items: order.items,
    add_ons: addOnSummary(order.addOns),
    collection_method: byInvoice ? 'send_invoice' : 'charge_automatically',
    payment_terms_days: byInvoice ? (extras.paymentTermsDays ?? company.payment_terms_days) : null,
    po_number: payment.method === 'invoice' ? (payment.poNumber ?? null) : (extras.poNumber ?? null),
    default_payment_method_id: savedMethod?.id ?? null,
    billing_anchor: order.anchor,
    current_period_start: periodStart,
    current_period_end: periodEnd,
    trial_start: order.trial?.start ?? null,
    trial_end: order.trial?.end ?? null,
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    cancellation: null,
    pause: null,
    skipped_periods: [],
    // The first paid invoice uses up one period of the discount; a trial invoice does not.
    discount: order.trial ? order.discount : consumeDiscountPeriod(order.discount),
    scheduled_change: null,
    pending_change: null,
    pause_resumes_at: null,
    trial_will_end_sent_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await insertSubscription(tx, row);

  const invoice = await createInvoice(tx, {
    companyId: company.id,
    subscriptionId: row.id,
    currency: req.currency,
    billingReason: 'subscription_create',
    collectionMethod: row.collection_method,
    lines: order.trial ? periodLines(order.items, { planName: plan.name, planId: plan.id, periodStart, periodEnd, trial: true }) : order.lines,
    discounts: order.trial ? [] : discountsFor(order.discount, 'period'),
    taxRates: order.taxRates,
    poNumber: row.po_number,
    periodStart,
    periodEnd,
    // Dated when the subscription starts: now, or a quote's later start date.
    issuedAt: periodStart,
    paymentTermsDays: row.payment_terms_days,
    mode,
    draft: chargesNow,
  });
  if (order.promo?.valid && !(await redeemPromo(tx, order.promo.code))) {
    throw invalidRequest('promo_code_invalid', 'This promo code has been used up.', 'promoCode');
  }
  await extras.onCreated?.(tx, { subscriptionId: row.id, invoiceId: invoice.id });
  if (chargesNow && savedMethod) {
    const attempt = await recordAttempt(tx, { invoice, paymentMethod: savedMethod, processor: processorName, onSession: !extras.offSession, firstUse: newCard !== null, at: now });
    return { subscriptionId: row.id, invoiceId: invoice.id, charge: { payment: attempt, paymentMethod: savedMethod } };
  }
  await emitEvent(tx, { type: 'subscription.created', mode, companyId: company.id, object: await renderSubscription(tx, row, ctx.config.prorationPolicy), at: now });
  return { subscriptionId: row.id, invoiceId: invoice.id, charge: null };
}

async function insertSubscription(tx: Sql, row: SubscriptionRow): Promise<void> {
  await tx.query(
    `INSERT INTO subscriptions (id, company_id, created_by_member_id, status, product_id, plan_id, price_id, currency, interval,
       interval_count, quantity, items, add_ons, collection_method, payment_terms_days, po_number, default_payment_method_id,
       billing_anchor, current_period_start, current_period_end, trial_start, trial_end, cancel_at_period_end, skipped_periods,
       discount, version, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,false,'[]',$23,1,$24,$24)`,
    [
      row.id, row.company_id, row.created_by_member_id, row.status, row.product_id, row.plan_id, row.price_id, row.currency, row.interval,
      row.interval_count, row.quantity, json(row.items), json(row.add_ons), row.collection_method, row.payment_terms_days, row.po_number,
      row.default_payment_method_id, row.billing_anchor, row.current_period_start, row.current_period_end, row.trial_start, row.trial_end,
      row.discount === null ? null : json(row.discount), row.created_at,
    ],
  );
}

/** Stores the billing details the buyer entered on their company. */
async function updateBillingDetails(
  tx: Sql,
  ctx: RequestContext,
  company: CompanyRow,
  req: CheckoutRequest,
  taxId: TaxId | null,
  now: Date,
): Promise<void> {
  const billing = req.billing;
  const invoiceEmail = req.payment.method === 'invoice' ? req.payment.invoiceEmail : undefined;
  if (!billing && invoiceEmail === undefined) return;
  const { rows } = await tx.query<CompanyRow>(
    `UPDATE companies SET name = $2, billing_email = $3, tax_id = $4, billing_address = $5 WHERE id = $1 RETURNING *`,
    [
      company.id,
      billing?.companyName ?? company.name,
      invoiceEmail ?? billing?.email ?? company.billing_email,
      taxId ? json(taxId) : company.tax_id === null ? null : json(company.tax_id),
      billing?.address ? json(billing.address) : company.billing_address === null ? null : json(company.billing_address),
    ],
  );
  const updated = rows[0]!;
  await emitEvent(tx, {
    type: 'company.updated',
    mode: ctx.config.mode,
    companyId: company.id,
    object: companyToWire(updated),
    at: now,
  });
}
