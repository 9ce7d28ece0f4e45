import type { Catalog, Plan, Product, SessionInfo, Subscription } from '@subkit/core';
import { can } from './selectors.js';

/** A plan of the catalog by its id, in whichever product it is. */
export function findPlan(catalog: Catalog | null | undefined, planId: string | null | undefined): Plan | null {
  for (const product of catalog?.products ?? []) {
    const plan = product.plans.find((p) => p.id === planId);
    if (plan) return plan;
  }
  return null;
}

/** The product a subscription is of. */
export function productOf(catalog: Catalog | null | undefined, subscription: Pick<Subscription, 'productId'>): Product | null {
  return catalog?.products.find((p) => p.id === subscription.productId) ?? null;
}

/** A plan a subscription can move to, with the billing intervals it is sold at in the subscription's currency. */
export interface PlanChoice {
  plan: Plan;
  intervals: string[];
}

/** The plans a subscription can move to: sold online (not "contact sales") in its currency, in rank order. */
export function planChoices(catalog: Catalog | null | undefined, subscription: Pick<Subscription, 'productId' | 'currency'>): PlanChoice[] {
  const plans = [...(productOf(catalog, subscription)?.plans ?? [])].sort((a, b) => a.rank - b.rank);
  return plans
    .filter((plan) => !plan.contactSales)
    .map((plan) => ({
      plan,
      intervals: [...new Set(plan.prices.filter((p) => p.currency === subscription.currency && p.recurring.intervalCount === 1).map((p) => p.recurring.interval))],
    }))
    .filter((choice) => choice.intervals.length > 0);
}

/**
 * A subscription worded in the catalog's language: its plan's name, its items' descriptions and units, its
 * add-ons' names as the catalog (asked in the widget's locale) has them; what the catalog lacks stays as it is.
 */
export function inCatalogLanguage(sub: Subscription, catalog: Catalog | null | undefined): Subscription {
  const plan = findPlan(catalog, sub.planId);
  if (!plan) return sub;
  const items = new Map(plan.prices.flatMap((p) => p.items).map((i) => [i.id, i]));
  const addOns = productOf(catalog, sub)?.addOns ?? [];
  return {
    ...sub,
    planName: plan.name,
    items: sub.items.map((item) => {
      // The catalog item is the price item the subscription bills: its texts (description, units) replace the item's.
      const named = items.get(item.priceItemId);
      return named ? { ...item, ...named, id: item.id, unitLabel: named.unitLabel ?? item.unitLabel, model: item.model } : item;
    }),
    addOns: sub.addOns.map((a) => ({ ...a, name: addOns.find((x) => x.id === a.addOnId)?.name ?? a.name })),
  };
}

/** True when the buyer may change this subscription now: their role allows it and it is running and not ending. */
export function canChange(session: SessionInfo | null, catalog: Catalog | null | undefined, s: Subscription): boolean {
  return can(session, 'subscriptions:change') && (s.status === 'active' || s.status === 'trialing') && !s.cancelAtPeriodEnd && !!productOf(catalog, s);
}

/** The plans a subscription can move to under the merchant's policy (downgrades, interval switches). */
export function changeChoices(catalog: Catalog | null | undefined, subscription: Subscription): PlanChoice[] {
  const rank = findPlan(catalog, subscription.planId)?.rank ?? 0;
  // Where the merchant offers no downgrade at all, lower plans are not offered (the server would refuse them).
  const choices = planChoices(catalog, subscription).filter((c) => subscription.actions?.downgradeAtRenewal.allowed !== false || c.plan.rank >= rank);
  // The merchant's policy may keep the billing interval: only the current one is offered then.
  if (subscription.actions?.intervalSwitch.allowed !== false) return choices;
  const current = subscription.recurring.interval;
  return choices.filter((c) => c.intervals.includes(current)).map((c) => ({ ...c, intervals: [current] }));
}

/** The next bigger plan of the subscription's product it can move to, for the upgrade nudge. */
export function upgradePlan(catalog: Catalog | null | undefined, subscription: Subscription): Plan | null {
  const current = findPlan(catalog, subscription.planId);
  if (!current) return null;
  return changeChoices(catalog, subscription).find((c) => c.plan.rank > current.rank)?.plan ?? null;
}
