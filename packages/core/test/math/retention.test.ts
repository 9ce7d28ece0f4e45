import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { retentionOffers } from '../../src/math/retention.js';
import { CancellationReason, RetentionOffer } from '../../src/schemas/index.js';

const lower = { id: 'plan_starter', name: 'Starter' };

describe('retention offers', () => {
  it('answers a price complaint with money first: discount, downgrade, a short pause', () => {
    const offers = retentionOffers({ reason: 'too_expensive', paused: false, hasRetentionDiscount: false, lowerPlan: lower });
    assert.deepEqual(offers.map((o) => o.id), ['offer_discount_20_3', 'offer_downgrade_plan_starter', 'offer_pause_1']);
    assert.equal(offers[0]!.percentOff, 20);
    assert.equal(offers[0]!.durationInPeriods, 3);
    assert.equal(offers[1]!.downgradePlanId, 'plan_starter');
    assert.equal(offers[2]!.pauseMonths, 1);
  });

  it('answers "unused" with time: pauses of 1 and 3 months, then a downgrade', () => {
    const offers = retentionOffers({ reason: 'unused', paused: false, hasRetentionDiscount: false, lowerPlan: lower });
    assert.deepEqual(offers.map((o) => o.type), ['pause', 'pause', 'downgrade']);
    assert.equal(offers[1]!.title, 'Pause for 3 months');
  });

  it('never offers a second retention discount, a pause of a paused subscription, or a downgrade without a lower plan', () => {
    assert.deepEqual(retentionOffers({ reason: 'too_expensive', paused: true, hasRetentionDiscount: true, lowerPlan: null }), []);
    assert.deepEqual(retentionOffers({ reason: 'missing_features', paused: false, hasRetentionDiscount: true, lowerPlan: lower }), []);
  });

  it('answers every reason with its own offers, in order', () => {
    const expected: Record<CancellationReason | 'any', string[]> = {
      too_expensive: ['offer_discount_20_3', 'offer_downgrade_plan_starter', 'offer_pause_1'],
      unused: ['offer_pause_1', 'offer_pause_3', 'offer_downgrade_plan_starter'],
      too_complex: ['offer_downgrade_plan_starter', 'offer_discount_20_3'],
      missing_features: ['offer_discount_20_3'],
      switched_service: ['offer_discount_20_3'],
      low_quality: ['offer_discount_20_3'],
      customer_service: ['offer_discount_20_3'],
      other: ['offer_discount_20_3', 'offer_pause_1'],
      any: ['offer_discount_20_3', 'offer_downgrade_plan_starter', 'offer_pause_1', 'offer_pause_3'],
    };
    assert.deepEqual(new Set(Object.keys(expected)), new Set([...CancellationReason.options, 'any']));
    for (const [reason, ids] of Object.entries(expected)) {
      const offers = retentionOffers({ reason: reason as CancellationReason | 'any', paused: false, hasRetentionDiscount: false, lowerPlan: lower });
      assert.deepEqual(offers.map((o) => o.id), ids, reason);
      for (const offer of offers) assert.deepEqual(RetentionOffer.parse(offer), offer, `${reason}: ${offer.id} is a valid wire object`);
    }
  });

  it('states exactly what each offer gives: 80 % of the price for 3 bills, 1 month or 3 months off, the lower plan', () => {
    const [discount, downgrade, pause1, pause3] = retentionOffers({ reason: 'any', paused: false, hasRetentionDiscount: false, lowerPlan: lower });
    assert.deepEqual(discount, {
      object: 'retention_offer', id: 'offer_discount_20_3', type: 'discount',
      title: '20% off for 3 months',
      description: "Stay and pay 80% of your plan's price for 3 months.",
      percentOff: 20, durationInPeriods: 3, pauseMonths: null, downgradePlanId: null,
    });
    assert.deepEqual(downgrade, {
      object: 'retention_offer', id: 'offer_downgrade_plan_starter', type: 'downgrade',
      title: 'Switch to Starter',
      description: 'Keep the essentials for less: move to Starter now, with a credit for the unused time of your current plan.',
      percentOff: null, durationInPeriods: null, pauseMonths: null, downgradePlanId: 'plan_starter', downgradePlanName: 'Starter',
    });
    assert.deepEqual(pause1, {
      object: 'retention_offer', id: 'offer_pause_1', type: 'pause',
      title: 'Pause for 1 month',
      description: 'Take a break: no deliveries and no bills for 1 month, then it continues by itself.',
      percentOff: null, durationInPeriods: null, pauseMonths: 1, downgradePlanId: null,
    });
    assert.equal(pause3?.title, 'Pause for 3 months');
    assert.equal(pause3?.description, 'Take a break: no deliveries and no bills for 3 months, then it continues by itself.');
    assert.equal(pause3?.pauseMonths, 3);
  });

  it('counts a discount in bills of the billing interval and states its amounts exactly', () => {
    const offer = (recurring: { interval: 'month' | 'quarter' | 'year'; intervalCount: number }, subtotal: number) =>
      retentionOffers({ reason: 'missing_features', paused: false, hasRetentionDiscount: false, lowerPlan: null, recurring, nextBill: { currency: 'EUR', subtotal } })[0]!;
    const monthly = offer({ interval: 'month', intervalCount: 1 }, 10900);
    assert.deepEqual(monthly.amounts, { currency: 'EUR', regular: 10900, discounted: 8720, savedPerBill: 2180, savedTotal: 6540 });
    assert.equal(monthly.description, 'Stay and pay €87.20 instead of €109.00 per bill before tax: €65.40 saved over 3 months.');
    const yearly = offer({ interval: 'year', intervalCount: 1 }, 118_801);
    // One yearly bill, not three years; 20% of 1,188.01 is 237.602 → 237.60, rounded as invoices round.
    assert.equal(yearly.durationInPeriods, 1);
    assert.equal(yearly.title, '20% off for 1 year');
    assert.deepEqual(yearly.amounts, { currency: 'EUR', regular: 118_801, discounted: 95_041, savedPerBill: 23_760, savedTotal: 23_760 });
    assert.equal(offer({ interval: 'quarter', intervalCount: 1 }, 3000).title, '20% off for 3 months');
    assert.equal(offer({ interval: 'month', intervalCount: 1 }, 0).amounts, undefined, 'nothing to save on a free bill');
  });

  it('follows the merchant\'s settings: percent, bills per interval, pauses, or no discount at all', () => {
    const settings = { discount: { percentOff: 15, bills: { month: 6, quarter: 2, year: 1 } }, pauseMonths: [2] };
    const offers = retentionOffers({ reason: 'any', paused: false, hasRetentionDiscount: false, lowerPlan: null, recurring: { interval: 'quarter', intervalCount: 1 }, settings });
    assert.deepEqual(offers.map((o) => o.id), ['offer_discount_15_2', 'offer_pause_2']);
    assert.equal(offers[0]!.title, '15% off for 6 months');
    const none = retentionOffers({ reason: 'missing_features', paused: false, hasRetentionDiscount: false, lowerPlan: null, settings: { discount: null, pauseMonths: [] } });
    assert.deepEqual(none, []);
  });
});

