import type { AddOn, Catalog, Recurring } from '@subkit/core';
import { count, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { unitFor, type UnitLabels } from '../locales/plural.js';

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

/** The strings an add-on's price label needs. */
export interface AddOnPriceStrings {
  addOnPerSeat: string;
  addOnPerUnit: string;
  addOnEach: string;
  addOnPerPackage: string;
  addOnFrom: string;
  addOnPer_month: string;
  addOnPer_quarter: string;
  addOnPer_year: string;
}

/**
 * An add-on's list price per period: a per-seat one per unit of the plan ("per seat", "per vehicle" — as
 * the catalog names the plan's unit), one bought in any number per its own unit ("per tracker", "per 10 GB"),
 * else `each`; tiered prices "from" their lowest unit price. The checkout's rule: the manager's copy had said
 * "per seat" for every per-seat add-on, even on a plan sold per vehicle.
 */
export function addOnPriceLabel(addOn: AddOn, price: OfferedAddOn['price'], planUnits: UnitLabels | null, strings: AddOnPriceStrings, locale: string): string {
  const s = strings;
  const m = price.model;
  const labels = addOn.quantityMode === 'per_seat' ? planUnits : addOn;
  const unit = labels?.unitLabel;
  const cost = (amount: number) => money(amount, price.currency, locale);
  const per = (amount: number) =>
    format(unit ? s.addOnPerUnit : addOn.quantityMode === 'per_seat' ? s.addOnPerSeat : s.addOnEach, { price: cost(amount), unit: unit ?? '' });
  const amount =
    m.type === 'flat'
      ? cost(m.amount)
      : m.type === 'package'
        ? unit
          ? format(s.addOnPerUnit, { price: cost(m.packageAmount), unit: `${count(m.packageSize, locale)} ${unitFor(m.packageSize, labels!, locale)}` })
          : format(s.addOnPerPackage, { price: cost(m.packageAmount), size: count(m.packageSize, locale) })
        : m.type === 'graduated' || m.type === 'volume'
          ? format(s.addOnFrom, { price: per(Math.min(...m.tiers.map((t) => t.unitAmount))) })
          : per(m.unitAmount);
  return format((s as unknown as Record<string, string>)[`addOnPer_${price.recurring.interval}`] ?? '{price}', { price: amount });
}
