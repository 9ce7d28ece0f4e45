/**
 * Checkout: the order summary (preview) and the purchase itself — price resolution, quantity, add-ons,
 * promo code, trial, tax, then one transaction that creates the subscription and its first invoice and
 * charges the card or issues the invoice with net terms.
 */
import { addDays, addPeriods } from '@subkit/core';
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
import { invalidRequest } from '../errors.js';
import { newId } from '../ids.js';
import { recordEvent as emitEvent } from '../db/events.js';
import { createInvoice, creditBalance } from './invoices.js';
import { discountsFor, periodLines, totalsOf, wireTaxLines } from './lines.js';
import type { ResolvedAddOn } from './offer.js';
import { addOnSummary, buildItems, loadPurchasablePlan, resolveAddOns, resolvePrice, resolveQuantity } from './offer.js';
import { chargeInvoice, insertCard, loadPaymentMethod } from './payments.js';
import type { AcceptedTestCard } from './processor.js';
import { acceptTestCard, assertTestMode, declineError, setupOutcome } from './processor.js';
import type { PromoCheck } from './promo.js';
import { checkPromo, consumeDiscountPeriod, redeemPromo } from './promo.js';
import type { CompanyRow, PaymentMethodRow, PlanRow, PriceRow, SubscriptionRow } from './rows.js';
import { json } from './rows.js';
import { loadCompany, renderSubscription } from './subscriptions.js';
import type { AppliedTaxRate } from './tax.js';
import { checkTaxId, taxRatesFor } from './tax.js';

/** Everything a checkout resolved before anything is written. */
interface Order {
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
  /** The first paid period: after the trial, or starting now. */
  periodStart: Date;
  periodEnd: Date;
  lines: InvoiceLine[];
  totals: InvoiceTotals;
}

async function resolveOrder(tx: Sql, ctx: RequestContext, companyId: string, req: CheckoutPreviewRequest): Promise<Order> {
  const now = ctx.now();
  const company = await loadCompany(tx, companyId);
  const plan = await loadPurchasablePlan(tx, req.planId);
  const price = await resolvePrice(tx, { planId: plan.id, companyId, currency: req.currency, recurring: req.recurring });
  const quantity = resolveQuantity(plan, req.quantity);
  const addOns = await resolveAddOns(tx, { plan, selections: req.addOns ?? [], currency: req.currency, recurring: req.recurring, planQuantity: quantity });
  const items = buildItems(price, quantity, addOns);
  const promo = req.promoCode !== undefined && req.promoCode.trim() !== '' ? await checkPromo(tx, { code: req.promoCode, planId: plan.id, currency: req.currency, now }) : null;
  const discount = promo?.valid ? promo.discount : null;
  const taxId = req.billing?.taxId ? checkTaxId(req.billing.taxId, 'billing.taxId.value') : null;
  const taxRates = await taxRatesFor(tx, req.billing?.address?.country ?? company.billing_address?.country);
  const trialDays = req.trial !== false && plan.trial_days ? plan.trial_days : null;
  const trial = trialDays ? { days: trialDays, start: now, end: addDays(now, trialDays) } : null;
  const periodStart = trial?.end ?? now;
  const periodEnd = addPeriods(periodStart, req.recurring, 1);
  const lines = periodLines(items, { planName: plan.name, periodStart, periodEnd });
  const totals = totalsOf({
    lines,
    discounts: discountsFor(discount, 'period'),
    taxRates,
    creditBalance: Math.max(0, await creditBalance(tx, companyId, req.currency)),
  });
  return { company, plan, price, quantity, addOns, items, promo, discount, taxRates, taxId, now, trial, periodStart, periodEnd, lines, totals };
}

/** The renewal total after the first paid period (the discount may have run out by then). */
function renewalTotal(order: Order): number {
  return totalsOf({
    lines: order.lines,
    discounts: discountsFor(consumeDiscountPeriod(order.discount), 'period'),
    taxRates: order.taxRates,
    creditBalance: 0,
  }).total;
}

/** The order summary of a checkout: lines, discount, tax, what is due today and next. Writes nothing. */
export async function previewCheckout(ctx: RequestContext, companyId: string, req: CheckoutPreviewRequest): Promise<CheckoutPreview> {
  return ctx.db.transaction(async (tx) => {
    const order = await resolveOrder(tx, ctx, companyId, req);
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
  });
}

/** Who is buying. */
export interface Buyer {
  readonly companyId: string;
  readonly memberId: string;
}

/**
 * Buys a plan in one transaction. A card is charged for the first invoice now: a decline answers 402
 * and leaves nothing behind; SCA leaves the subscription `incomplete` with the invoice open and a next
 * action. Pay-by-invoice issues the invoice open with net terms and the subscription starts `active`.
 */
export async function createCheckout(ctx: RequestContext, buyer: Buyer, req: CheckoutRequest): Promise<CheckoutResult> {
  return ctx.db.transaction(async (tx) => {
    const order = await resolveOrder(tx, ctx, buyer.companyId, req);
    const { now, company, plan } = order;
    const mode = ctx.config.mode;
    if (order.promo && !order.promo.valid) throw invalidRequest('promo_code_invalid', order.promo.message, 'promoCode');

    // Payment first: every refusal happens before anything is written.
    let savedMethod: PaymentMethodRow | null = null;
    let newCard: AcceptedTestCard | null = null;
    const payment = req.payment;
    if (payment.method === 'card') {
      if (payment.stripePaymentMethodId !== undefined) {
        throw invalidRequest('stripe_engine_required', 'Stripe payment methods need the Stripe engine.', 'payment.stripePaymentMethodId');
      }
      assertTestMode(ctx.config, payment.paymentMethodId !== undefined ? 'payment.paymentMethodId' : 'payment.testCard');
      if (payment.paymentMethodId !== undefined) savedMethod = await loadPaymentMethod(tx, company.id, payment.paymentMethodId, 'payment.paymentMethodId');
      else if (payment.testCard !== undefined) newCard = acceptTestCard(ctx.config, payment.testCard, now, 'payment.testCard');
      else throw invalidRequest('payment_method_required', 'Enter a card or choose a saved payment method.', 'payment.testCard');
      if (newCard && order.trial) {
        // A trial charges nothing yet, but the card is still set up now, like a SetupIntent.
        const setup = setupOutcome(newCard.processorRef);
        if (setup.status === 'failed') throw declineError(setup, 'payment.testCard');
      }
    } else if (!company.invoice_allowed) {
      throw invalidRequest('invoice_not_allowed', 'Your company cannot pay by invoice; pay by card instead.', 'payment.method');
    }

    await updateBillingDetails(tx, ctx, company, req, order.taxId, now);
    if (newCard) savedMethod = await insertCard(tx, { companyId: company.id, card: newCard, makeDefault: false, at: now, mode });

    const byInvoice = payment.method === 'invoice';
    const periodStart = order.trial?.start ?? now;
    const periodEnd = order.trial?.end ?? order.periodEnd;
    const row: SubscriptionRow = {
      id: newId('sub_'),
      company_id: company.id,
      created_by_member_id: buyer.memberId,
      status: order.trial ? 'trialing' : byInvoice ? 'active' : 'incomplete',
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
      payment_terms_days: byInvoice ? company.payment_terms_days : null,
      po_number: payment.method === 'invoice' ? (payment.poNumber ?? null) : null,
      default_payment_method_id: savedMethod?.id ?? null,
      billing_anchor: order.periodStart,
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
      lines: order.trial ? periodLines(order.items, { planName: plan.name, periodStart, periodEnd, trial: true }) : order.lines,
      discounts: order.trial ? [] : discountsFor(order.discount, 'period'),
      taxRates: order.taxRates,
      poNumber: row.po_number,
      periodStart,
      periodEnd,
      issuedAt: now,
      paymentTermsDays: row.payment_terms_days,
      mode,
    });
    if (order.promo?.valid && !(await redeemPromo(tx, order.promo.code))) {
      throw invalidRequest('promo_code_invalid', 'This promo code has been used up.', 'promoCode');
    }

    let status: CheckoutResult['status'] = 'succeeded';
    let nextAction: CheckoutResult['nextAction'] = null;
    let current = row;
    if (!byInvoice && savedMethod) {
      if (invoice.status === 'open') {
        const attempt = await chargeInvoice(tx, { invoice, paymentMethod: savedMethod, firstUse: newCard !== null, at: now, mode, activate: false });
        if (attempt.outcome.status === 'failed') throw declineError(attempt.outcome, newCard ? 'payment.testCard' : 'payment.paymentMethodId');
        if (attempt.outcome.status === 'requires_action') {
          status = 'requires_action';
          nextAction = { type: 'sca_challenge', paymentId: attempt.payment.id, clientSecret: null };
        }
      }
      if (status === 'succeeded' && row.status === 'incomplete') current = await setInitialStatus(tx, row, 'active');
    }

    const subscription = await renderSubscription(tx, current);
    await emitEvent(tx, { type: 'subscription.created', mode, companyId: company.id, object: subscription, at: now });
    return { object: 'checkout', status, subscription, invoiceId: invoice.id, nextAction };
  });
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

/** The status a subscription starts in once its first payment went through (same transaction: no new version). */
async function setInitialStatus(tx: Sql, row: SubscriptionRow, status: SubscriptionRow['status']): Promise<SubscriptionRow> {
  const { rows } = await tx.query<SubscriptionRow>('UPDATE subscriptions SET status = $2 WHERE id = $1 RETURNING *', [row.id, status]);
  return rows[0]!;
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
    object: { id: updated.id, name: updated.name, billingEmail: updated.billing_email, taxId: updated.tax_id, billingAddress: updated.billing_address },
    at: now,
  });
}
