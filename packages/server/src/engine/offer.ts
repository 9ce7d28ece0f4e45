/**
 * What a buyer buys: the plan, the price that applies to their company, the quantity, the add-ons —
 * resolved from the catalog tables and turned into subscription items.
 */
import type { AddOnSelection, PricingModel, Recurring, SubscriptionItem } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { invalidRequest, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { PlanRow, PriceRow, SubscriptionAddOn } from './rows.js';

/** An active plan, or 404 (param `planId`). */
export async function loadPlan(tx: Sql, planId: string, param = 'planId'): Promise<PlanRow> {
  const { rows } = await tx.query<PlanRow>(
    'SELECT id, product_id, name, contact_sales, trial_days, quantity, rank, active FROM plans WHERE id = $1',
    [planId],
  );
  const plan = rows[0];
  if (!plan || !plan.active) throw notFound('plan', param);
  return plan;
}

/** A plan that can be bought online: contact-sales plans answer 400. */
export async function loadPurchasablePlan(tx: Sql, planId: string, param = 'planId'): Promise<PlanRow> {
  const plan = await loadPlan(tx, planId, param);
  if (plan.contact_sales) {
    throw invalidRequest('plan_contact_sales', `"${plan.name}" is sold through sales; contact the merchant for a quote.`, param);
  }
  return plan;
}

/**
 * The price of a plan for a company: its contract price first, else the public price, for the
 * currency and billing schedule asked for; 400 (param `recurring` or `currency`) when there is none.
 */
export async function resolvePrice(
  tx: Sql,
  input: { planId: string; companyId: string; currency: string; recurring: Recurring },
): Promise<PriceRow> {
  const { rows } = await tx.query<PriceRow>(
    `SELECT id, plan_id, currency, interval, interval_count, items, company_id FROM prices
      WHERE plan_id = $1 AND active AND (company_id IS NULL OR company_id = $2)
      ORDER BY (company_id IS NULL), created_at DESC`,
    [input.planId, input.companyId],
  );
  const inCurrency = rows.filter((r) => r.currency === input.currency);
  const match = inCurrency.find((r) => r.interval === input.recurring.interval && r.interval_count === input.recurring.intervalCount);
  if (match) return match;
  if (inCurrency.length === 0) {
    throw invalidRequest('price_unavailable', `This plan is not sold in ${input.currency}.`, 'currency');
  }
  throw invalidRequest('price_unavailable', 'This plan is not sold with that billing interval.', 'recurring');
}

/** The plan quantity to bill: the plan's rule decides the default and the bounds; plans without a rule bill 1. */
export function resolveQuantity(plan: PlanRow, requested: number | undefined, opts: { keep?: number; param?: string } = {}): number {
  const param = opts.param ?? 'quantity';
  const rule = plan.quantity;
  if (!rule) {
    if (requested !== undefined && requested !== 1) {
      throw invalidRequest('quantity_not_allowed', `"${plan.name}" is not sold by quantity.`, param);
    }
    return 1;
  }
  if (requested === undefined) {
    const kept = opts.keep ?? rule.default;
    return Math.min(Math.max(kept, rule.minimum), rule.maximum ?? Number.MAX_SAFE_INTEGER);
  }
  if (requested < rule.minimum) {
    throw invalidRequest('quantity_too_low', `"${plan.name}" needs at least ${rule.minimum} ${rule.unitLabel}.`, param);
  }
  if (rule.maximum !== null && requested > rule.maximum) {
    throw invalidRequest('quantity_too_high', `"${plan.name}" allows at most ${rule.maximum} ${rule.unitLabel}.`, param);
  }
  return requested;
}

/** An add-on chosen for a plan, priced in the subscription's currency and schedule. */
export interface ResolvedAddOn {
  readonly addOnId: string;
  readonly name: string;
  readonly quantityMode: 'single' | 'per_seat' | 'quantity';
  readonly quantity: number;
  readonly priceId: string;
  readonly model: PricingModel;
}

interface AddOnRow {
  id: string;
  product_id: string;
  name: string;
  quantity_mode: 'single' | 'per_seat' | 'quantity';
  plan_ids: string[];
}

/**
 * Checks add-on selections against a plan: each must exist, be allowed for the plan and have a price
 * in the currency and schedule. `per_seat` add-ons follow the plan quantity, `single` ones count 1.
 * With `dropUnavailable`, add-ons the plan does not offer are left out instead of refused (a plan change).
 */
export async function resolveAddOns(
  tx: Sql,
  input: {
    plan: PlanRow;
    selections: readonly AddOnSelection[];
    currency: string;
    recurring: Recurring;
    planQuantity: number;
    dropUnavailable?: boolean;
  },
): Promise<ResolvedAddOn[]> {
  const seen = new Set<string>();
  const resolved: ResolvedAddOn[] = [];
  for (const [index, selection] of input.selections.entries()) {
    const param = `addOns.${index}.addOnId`;
    if (seen.has(selection.addOnId)) throw invalidRequest('duplicate_add_on', 'Each add-on can be chosen once.', param);
    seen.add(selection.addOnId);
    const { rows } = await tx.query<AddOnRow>('SELECT id, product_id, name, quantity_mode, plan_ids FROM add_ons WHERE id = $1', [
      selection.addOnId,
    ]);
    const addOn = rows[0];
    if (!addOn) throw notFound('add-on', param);
    const allowed =
      addOn.product_id === input.plan.product_id && (addOn.plan_ids.length === 0 || addOn.plan_ids.includes(input.plan.id));
    const prices = await tx.query<{ id: string; model: PricingModel }>(
      'SELECT id, model FROM add_on_prices WHERE add_on_id = $1 AND currency = $2 AND interval = $3 AND interval_count = $4',
      [addOn.id, input.currency, input.recurring.interval, input.recurring.intervalCount],
    );
    const price = prices.rows[0];
    if (!allowed || !price) {
      if (input.dropUnavailable) continue;
      throw invalidRequest(
        'add_on_unavailable',
        allowed ? `"${addOn.name}" is not sold in ${input.currency} with that billing interval.` : `"${addOn.name}" is not available for "${input.plan.name}".`,
        param,
      );
    }
    let quantity = 1;
    if (addOn.quantity_mode === 'per_seat') quantity = input.planQuantity;
    else if (addOn.quantity_mode === 'quantity') quantity = selection.quantity ?? 1;
    else if (selection.quantity !== undefined && selection.quantity !== 1) {
      throw invalidRequest('quantity_not_allowed', `"${addOn.name}" is either on or off.`, `addOns.${index}.quantity`);
    }
    resolved.push({ addOnId: addOn.id, name: addOn.name, quantityMode: addOn.quantity_mode, quantity, priceId: price.id, model: price.model });
  }
  return resolved;
}

/** The billed components of a subscription: the price's items at the plan quantity, then the add-ons. */
export function buildItems(price: PriceRow, quantity: number, addOns: readonly ResolvedAddOn[]): SubscriptionItem[] {
  const planItems = price.items.map(
    (item): SubscriptionItem => ({
      id: newId('si_'),
      kind: 'plan',
      priceItemId: item.id,
      addOnId: null,
      description: item.description,
      unitLabel: item.unitLabel ?? null,
      ...(item.unitLabelPlural ? { unitLabelPlural: item.unitLabelPlural } : {}),
      metric: item.model.type === 'metered' ? (item.metric ?? item.id) : null,
      quantity: item.model.type === 'flat' ? 1 : item.model.type === 'metered' ? 0 : quantity,
      model: item.model,
    }),
  );
  const addOnItems = addOns.map(
    (a): SubscriptionItem => ({
      id: newId('si_'),
      kind: 'addon',
      priceItemId: a.priceId,
      addOnId: a.addOnId,
      description: a.name,
      unitLabel: null,
      metric: null,
      quantity: a.model.type === 'flat' ? 1 : a.quantity,
      model: a.model,
    }),
  );
  return [...planItems, ...addOnItems];
}

/** The add-on summary stored on the subscription. */
export function addOnSummary(addOns: readonly ResolvedAddOn[]): SubscriptionAddOn[] {
  return addOns.map((a) => ({ addOnId: a.addOnId, name: a.name, quantity: a.quantity }));
}
