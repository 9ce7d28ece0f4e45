import { formatMoney } from './money.js';
import { percentOfAmount } from './invoice.js';
import type { Interval, Recurring } from '../schemas/common.js';
import type { CancellationReason, RetentionOffer } from '../schemas/subscription.js';

/**
 * What a merchant offers a buyer who cancels: a percentage off a number of bills — counted per billing
 * interval, so a yearly plan is not given "3 bills" (three years) when a monthly one gets three months — and
 * pauses of some months. `discount: null` offers no discount.
 */
export interface RetentionSettings {
  readonly discount: { readonly percentOff: number; readonly bills: Readonly<Record<Interval, number>> } | null;
  /** The pause lengths offered, in months: the shorter one first (at most two are offered). */
  readonly pauseMonths: readonly number[];
}

/** The default: 20% off the next 3 monthly bills (one quarterly or one yearly bill), pauses of 1 and 3 months. */
export const DEFAULT_RETENTION: RetentionSettings = { discount: { percentOff: 20, bills: { month: 3, quarter: 1, year: 1 } }, pauseMonths: [1, 3] };

type OfferKind = 'discount' | 'pause_short' | 'pause_long' | 'downgrade';

/** Which kinds of offer answer which reason: a price problem gets money, a usage problem gets time. */
export const RETENTION_OFFERS_BY_REASON: Readonly<Record<CancellationReason | 'any', readonly OfferKind[]>> = {
  too_expensive: ['discount', 'downgrade', 'pause_short'],
  unused: ['pause_short', 'pause_long', 'downgrade'],
  too_complex: ['downgrade', 'discount'],
  missing_features: ['discount'],
  switched_service: ['discount'],
  low_quality: ['discount'],
  customer_service: ['discount'],
  other: ['discount', 'pause_short'],
  any: ['discount', 'downgrade', 'pause_short', 'pause_long'],
};

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
const MONTHS: Record<Interval, number> = { month: 1, quarter: 3, year: 12 };

/** How long `bills` bills of an interval last, in English: "3 months", "1 year". */
function billsDuration(bills: number, recurring: Recurring): string {
  const months = bills * MONTHS[recurring.interval] * recurring.intervalCount;
  return months % 12 === 0 ? plural(months / 12, 'year') : plural(months, 'month');
}

/**
 * The offers made to a buyer who cancels for `reason`: no second retention discount, no pause of a paused
 * subscription, a downgrade only when there is a lower plan. With the subscription's billing interval and its
 * next bill before discounts (`nextBill`), a discount offer counts its bills in that interval and states its
 * amounts exactly (what a bill costs with it, what it saves per bill and in all). The engine and the widgets'
 * fixtures both answer with these; `title` and `description` are English for old clients, widgets word the data.
 */
export function retentionOffers(input: {
  reason: CancellationReason | 'any';
  paused: boolean;
  hasRetentionDiscount: boolean;
  lowerPlan: { id: string; name: string } | null;
  recurring?: Recurring;
  nextBill?: { currency: string; subtotal: number } | null;
  settings?: RetentionSettings;
}): RetentionOffer[] {
  const settings = input.settings ?? DEFAULT_RETENTION;
  const recurring = input.recurring ?? { interval: 'month', intervalCount: 1 };
  const base = { object: 'retention_offer' as const, percentOff: null, durationInPeriods: null, pauseMonths: null, downgradePlanId: null };
  const offers: RetentionOffer[] = [];
  for (const kind of RETENTION_OFFERS_BY_REASON[input.reason]) {
    if (kind === 'discount' && settings.discount && !input.hasRetentionDiscount) {
      const { percentOff } = settings.discount;
      const bills = settings.discount.bills[recurring.interval];
      const duration = billsDuration(bills, recurring);
      const bill = input.nextBill && input.nextBill.subtotal > 0 ? input.nextBill : null;
      const saved = bill ? percentOfAmount(bill.subtotal, percentOff) : 0;
      const amounts = bill ? { currency: bill.currency, regular: bill.subtotal, discounted: bill.subtotal - saved, savedPerBill: saved, savedTotal: saved * bills } : null;
      const money = (minor: number) => formatMoney(minor, bill!.currency, 'en');
      offers.push({
        ...base,
        id: `offer_discount_${percentOff}_${bills}`,
        type: 'discount',
        title: `${percentOff}% off for ${duration}`,
        description: amounts
          ? `Stay and pay ${money(amounts.discounted)} instead of ${money(amounts.regular)} per bill before tax: ${money(amounts.savedTotal)} saved over ${duration}.`
          : `Stay and pay ${100 - percentOff}% of your plan's price for ${duration}.`,
        percentOff,
        durationInPeriods: bills,
        ...(input.recurring ? { recurring: input.recurring } : {}),
        ...(amounts ? { amounts } : {}),
      });
    } else if ((kind === 'pause_short' || kind === 'pause_long') && !input.paused) {
      const months = settings.pauseMonths[kind === 'pause_short' ? 0 : 1];
      if (months === undefined) continue;
      offers.push({
        ...base,
        id: `offer_pause_${months}`,
        type: 'pause',
        title: `Pause for ${plural(months, 'month')}`,
        description: `Take a break: no deliveries and no bills for ${plural(months, 'month')}, then it continues by itself.`,
        pauseMonths: months,
      });
    } else if (kind === 'downgrade' && input.lowerPlan) {
      const plan = input.lowerPlan;
      offers.push({
        ...base,
        id: `offer_downgrade_${plan.id}`,
        type: 'downgrade',
        title: `Switch to ${plan.name}`,
        description: `Keep the essentials for less: move to ${plan.name} now, with a credit for the unused time of your current plan.`,
        downgradePlanId: plan.id,
        downgradePlanName: plan.name,
      });
    }
  }
  return offers;
}
