import { html } from 'lit';
import { formatTaxPercent, type Recurring, type RetentionOffer } from '@subkit/core';
import { money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import type { SubscriptionManagerStrings } from '../locales/subscription-manager.js';
import { fillParts, type Part } from '../templates/parts.js';

const MONTHS: Record<Recurring['interval'], number> = { month: 1, quarter: 3, year: 12 };

/** How long `bills` bills of this interval last, in the locale's words: "3 months", "1 year". */
export function billsDuration(bills: number, recurring: Recurring, locale: string): string {
  const months = bills * MONTHS[recurring.interval] * recurring.intervalCount;
  const [value, unit] = months % 12 === 0 ? [months / 12, 'year'] : [months, 'month'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

const monthsDuration = (months: number, locale: string) => billsDuration(months, { interval: 'month', intervalCount: 1 }, locale);

/**
 * A retention offer in the widget's language, from its data: the title and the sentence under it, the plan name
 * isolated. An offer without its data (an older server) keeps the server's own words.
 */
export function offerText(offer: RetentionOffer, s: SubscriptionManagerStrings, locale: string): { title: Part[]; plainTitle: string; description: Part[] } {
  const keep = { title: [offer.title], plainTitle: offer.title, description: [offer.description] };
  if (offer.type === 'discount') {
    const amounts = offer.amounts;
    if (offer.percentOff === null || offer.durationInPeriods === null || !offer.recurring || !amounts) return keep;
    const values = { percent: formatTaxPercent(offer.percentOff, locale), duration: billsDuration(offer.durationInPeriods, offer.recurring, locale) };
    const amount = (minor: number) => html`<bdi>${money(minor, amounts.currency, locale)}</bdi>`;
    return {
      title: [format(s.offerDiscountTitle, values)],
      plainTitle: format(s.offerDiscountTitle, values),
      description: fillParts(s.offerDiscountBody, { ...values, discounted: amount(amounts.discounted), regular: amount(amounts.regular), saved: amount(amounts.savedTotal) }),
    };
  }
  if (offer.type === 'pause') {
    if (offer.pauseMonths === null) return keep;
    const duration = monthsDuration(offer.pauseMonths, locale);
    return { title: [format(s.offerPauseTitle, { duration })], plainTitle: format(s.offerPauseTitle, { duration }), description: [format(s.offerPauseBody, { duration })] };
  }
  const plan = offer.downgradePlanName;
  if (!plan) return keep;
  const name = html`<bdi>${plan}</bdi>`;
  return { title: fillParts(s.offerDowngradeTitle, { plan: name }), plainTitle: format(s.offerDowngradeTitle, { plan }), description: fillParts(s.offerDowngradeBody, { plan: name }) };
}
