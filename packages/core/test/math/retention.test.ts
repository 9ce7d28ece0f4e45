import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { retentionOffers } from '../../src/math/retention.js';

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
});
