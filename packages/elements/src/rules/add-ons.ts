import type { AddOn, Catalog, Recurring } from '@subkit/core';

/** An add-on a plan can be bought with, and its price in the chosen currency and billing interval. */
export interface OfferedAddOn {
  addOn: AddOn;
  price: AddOn['prices'][number];
}

/**
 * The add-ons sold with a plan in a currency and billing interval, in catalog order: the engine refuses
 * any other (`add_on_unavailable`), so widgets neither show nor keep them.
 */
export function addOnsFor(catalog: Catalog | null, planId: string | null, currency: string, recurring: Recurring): OfferedAddOn[] {
  const product = catalog?.products.find((p) => p.plans.some((plan) => plan.id === planId));
  return (product?.addOns ?? []).flatMap((addOn) => {
    const price = addOn.prices.find(
      (p) => p.currency === currency && p.recurring.interval === recurring.interval && p.recurring.intervalCount === recurring.intervalCount,
    );
    return price && planId && (addOn.planIds.length === 0 || addOn.planIds.includes(planId)) ? [{ addOn, price }] : [];
  });
}
