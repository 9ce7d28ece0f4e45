import type { CancellationReason, RetentionOffer } from '../schemas/subscription.js';

/** The discount offered to stay: percent off for a number of billing periods. */
export const RETENTION_DISCOUNT = { percentOff: 20, periods: 3 } as const;

/** The pause lengths offered, in months. */
export const RETENTION_PAUSE_MONTHS = [1, 3] as const;

type OfferKind = 'discount' | 'pause_1' | 'pause_3' | 'downgrade';

/** Which kinds of offer answer which reason: a price problem gets money, a usage problem gets time. */
export const RETENTION_OFFERS_BY_REASON: Readonly<Record<CancellationReason | 'any', readonly OfferKind[]>> = {
  too_expensive: ['discount', 'downgrade', 'pause_1'],
  unused: ['pause_1', 'pause_3', 'downgrade'],
  too_complex: ['downgrade', 'discount'],
  missing_features: ['discount'],
  switched_service: ['discount'],
  low_quality: ['discount'],
  customer_service: ['discount'],
  other: ['discount', 'pause_1'],
  any: ['discount', 'downgrade', 'pause_1', 'pause_3'],
};

const plural = (months: number) => `${months} month${months === 1 ? '' : 's'}`;

/**
 * The offers made to a buyer who cancels for `reason`: no second retention discount, no pause of a
 * paused subscription, a downgrade only when there is a lower plan. The engine and the widgets'
 * fixtures both answer with these.
 */
export function retentionOffers(input: {
  reason: CancellationReason | 'any';
  paused: boolean;
  hasRetentionDiscount: boolean;
  lowerPlan: { id: string; name: string } | null;
}): RetentionOffer[] {
  const base = { object: 'retention_offer' as const, percentOff: null, durationInPeriods: null, pauseMonths: null, downgradePlanId: null };
  const offers: RetentionOffer[] = [];
  for (const kind of RETENTION_OFFERS_BY_REASON[input.reason]) {
    if (kind === 'discount' && !input.hasRetentionDiscount) {
      const { percentOff, periods } = RETENTION_DISCOUNT;
      offers.push({
        ...base,
        id: `offer_discount_${percentOff}_${periods}`,
        type: 'discount',
        title: `${percentOff}% off your next ${periods} bills`,
        description: `Stay and pay ${100 - percentOff}% of your plan's price for the next ${periods} billing periods.`,
        percentOff,
        durationInPeriods: periods,
      });
    } else if ((kind === 'pause_1' || kind === 'pause_3') && !input.paused) {
      const months = kind === 'pause_1' ? RETENTION_PAUSE_MONTHS[0] : RETENTION_PAUSE_MONTHS[1];
      offers.push({
        ...base,
        id: `offer_pause_${months}`,
        type: 'pause',
        title: `Pause for ${plural(months)}`,
        description: `Take a break: no deliveries and no bills for ${plural(months)}, then it continues by itself.`,
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
      });
    }
  }
  return offers;
}
