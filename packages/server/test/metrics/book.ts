/**
 * A small book of companies over six months (January to June 2027), computed by hand. Amounts are
 * minor units (cents). The derivations are in the comments; the tests compare the engine's figures
 * with these literals, not with a second implementation.
 */
import type { Discount, PricingModel, SubscriptionItem, SubscriptionStatus } from '@subkit/core';
import type { SubscriptionState, UsageCharge } from '../../src/metrics/mrr.js';

const t = (iso: string) => Date.parse(iso);

function item(id: string, model: PricingModel, quantity = 1): SubscriptionItem {
  return { id, kind: 'plan', priceItemId: id, addOnId: null, description: id, unitLabel: null, metric: model.type === 'metered' ? 'calls' : null, quantity, model };
}
const flat = (amount: number): PricingModel => ({ type: 'flat', amount });
// Seats, graduated: the first 10 at €12.00, every further one at €10.00.
const seats: PricingModel = { type: 'graduated', tiers: [{ upTo: 10, unitAmount: 1200, flatAmount: 0 }, { upTo: null, unitAmount: 1000, flatAmount: 0 }] };
const calls: PricingModel = { type: 'metered', includedQuantity: 1000, unitAmount: 1 };
const monthly = { interval: 'month', intervalCount: 1 } as const;

function state(
  subscriptionId: string,
  companyId: string,
  at: string,
  status: SubscriptionStatus,
  items: SubscriptionItem[],
  extra: Partial<Pick<SubscriptionState, 'currency' | 'recurring' | 'discount'>> = {},
): SubscriptionState {
  return { subscriptionId, companyId, currency: 'EUR', validFrom: t(at), status, recurring: monthly, items, discount: null, ...extra };
}

const halfOff = (periodsRemaining: number): Discount => ({
  source: 'promo', code: 'HALF', percentOff: 50, amountOff: null, currency: null, duration: 'repeating', durationInPeriods: 2, periodsRemaining,
});

/** Every state of every subscription, in write order. */
export const BOOK_STATES: SubscriptionState[] = [
  // Alpha: €100.00 a month from Jan 1, upgraded to €250.00 on Mar 15 (expansion €150.00 in March).
  state('sub_a', 'co_alpha', '2027-01-01T00:00:00Z', 'active', [item('a_base', flat(10000))]),
  state('sub_a', 'co_alpha', '2027-03-15T09:00:00Z', 'active', [item('a_base', flat(25000))]),
  // Beta: 20 seats from Jan 10 = 10 × €12 + 10 × €10 = €220.00; down to 12 seats on Apr 5 = €120 + €20 = €140.00
  // (contraction €80.00); on May 10 a second subscription, quarterly €299.99 → €99.9966… a month → €100.00.
  state('sub_b', 'co_beta', '2027-01-10T00:00:00Z', 'active', [item('b_seats', seats, 20)]),
  state('sub_b', 'co_beta', '2027-04-05T00:00:00Z', 'active', [item('b_seats', seats, 12)]),
  state('sub_b2', 'co_beta', '2027-05-10T00:00:00Z', 'active', [item('b_q', flat(29999))], { recurring: { interval: 'quarter', intervalCount: 1 } }),
  // Gamma: a yearly plan of €1,000.00 from Feb 1 → €83.333… → €83.33 a month.
  state('sub_c', 'co_gamma', '2027-02-01T00:00:00Z', 'active', [item('c_year', flat(100000))], { recurring: { interval: 'year', intervalCount: 1 } }),
  // Delta: €50.00 from Jan 20, canceled Mar 31 (churn €50.00); back on Jun 3 with €60.00 (reactivation).
  state('sub_d', 'co_delta', '2027-01-20T00:00:00Z', 'active', [item('d_base', flat(5000))]),
  state('sub_d', 'co_delta', '2027-03-31T10:00:00Z', 'canceled', [item('d_base', flat(5000))]),
  state('sub_d2', 'co_delta', '2027-06-03T00:00:00Z', 'active', [item('d2_base', flat(6000))]),
  // Echo: a trial from Feb 14 (nothing), paying €80.00 from Feb 28, plus metered calls (see BOOK_USAGE).
  state('sub_e', 'co_echo', '2027-02-14T00:00:00Z', 'trialing', [item('e_base', flat(8000)), item('e_calls', calls)]),
  state('sub_e', 'co_echo', '2027-02-28T00:00:00Z', 'active', [item('e_base', flat(8000)), item('e_calls', calls)]),
  // Foxtrot: a trial from Feb 5 that ends Feb 19 without paying: never any MRR.
  state('sub_f', 'co_foxtrot', '2027-02-05T00:00:00Z', 'trialing', [item('f_base', flat(7000))]),
  state('sub_f', 'co_foxtrot', '2027-02-19T00:00:00Z', 'canceled', [item('f_base', flat(7000))]),
  // Hotel: €100.00 a month from Apr 1 at 50 % off for 2 periods. The first invoice used one; the next
  // renewal is still at half price, so MRR is €50.00; the May 1 renewal uses the last period and MRR
  // becomes €100.00 (expansion €50.00 in May).
  state('sub_h', 'co_hotel', '2027-04-01T00:00:00Z', 'active', [item('h_base', flat(10000))], { discount: halfOff(1) }),
  state('sub_h', 'co_hotel', '2027-05-01T00:00:00Z', 'active', [item('h_base', flat(10000))], { discount: null }),
  // Golf pays in dollars: $300.00 a month from Jan 1.
  state('sub_g', 'co_golf', '2027-01-01T00:00:00Z', 'active', [item('g_base', flat(30000))], { currency: 'USD' }),
];

/** Echo's usage invoices: the calls of each closed period over the 1,000 included, at €0.01. */
export const BOOK_USAGE: UsageCharge[] = [
  { subscriptionId: 'sub_e', issuedAt: t('2027-03-28T00:00:00Z'), amount: 2500 }, // 3,500 calls → €25.00: expansion €25.00 in March
  { subscriptionId: 'sub_e', issuedAt: t('2027-04-28T00:00:00Z'), amount: 1500 }, // 2,500 calls → €15.00: contraction €10.00 in April
  { subscriptionId: 'sub_e', issuedAt: t('2027-05-28T00:00:00Z'), amount: 1500 }, // the same run rate: no movement
];

/** The report's instant. */
export const BOOK_AT = t('2027-06-30T12:00:00Z');
