/**
 * The merchant's per-plan action policy and a subscription's commitment (issue #17): the subscription
 * answer says what buyers may do and why not, and the server refuses the rest with a clear 4xx.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { asBuyer, checkout, expectError, expectStatus, IDS, starterByInvoice, YEARLY } from '../billing/helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
const MAR_16 = new Date('2026-03-16T12:00:00.000Z');

describe('governance: action policy and commitments', () => {
  const suite = testServerOfSuite();
  const merchant = (method: string, path: string, body?: unknown) => suite.server.request(method, path, { token: suite.server.config.secretKey, ...(body === undefined ? {} : { body }) });

  async function starter() {
    suite.server.clock.set(MAR_1);
    const sub = (await checkout(await asBuyer(suite.server, 'acme-purchaser'), starterByInvoice())).subscription;
    suite.server.clock.set(MAR_16);
    return { sub, purchaser: await asBuyer(suite.server, 'acme-purchaser'), admin: await asBuyer(suite.server, 'acme-admin') };
  }

  test('a plan without a policy allows everything; the answer says so', async () => {
    const policy = await merchant('GET', `/v1/plans/${IDS.starter}/action-policy`);
    expectStatus(policy, 200);
    assert.equal(policy.body.updatedAt, null);
    assert.equal(policy.body.cancel, 'any');
    const { sub, purchaser } = await starter();
    const got = await purchaser.get(`/v1/subscriptions/${sub.id}`);
    expectStatus(got, 200);
    assert.deepEqual(got.body.actions.cancelNow, { allowed: true, reason: null });
    assert.equal(got.body.actions.minimumSeats, 1);
    assert.equal(got.body.commitment, null);
    expectError(await merchant('GET', '/v1/plans/plan_nope/action-policy'), 404, 'resource_missing', 'planId');
  });

  test('the merchant narrows Starter: forbidden actions are refused (403/400) and marked in the answer', async () => {
    const set = await merchant('POST', `/v1/plans/${IDS.starter}/action-policy`, {
      pause: false, cancel: 'period_end', downgrade: 'at_renewal', intervalSwitch: false, minimumSeats: 3, retentionOffers: false,
    });
    expectStatus(set, 200);
    assert.equal(set.body.skip, true, 'fields not sent keep their value');
    const { sub, purchaser, admin } = await starter();

    const got = await purchaser.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual(got.body.actions.pause, { allowed: false, reason: 'merchant_policy' });
    assert.deepEqual(got.body.actions.skip, { allowed: true, reason: null });
    assert.deepEqual(got.body.actions.cancelNow, { allowed: false, reason: 'merchant_policy' });
    assert.deepEqual(got.body.actions.cancelAtPeriodEnd, { allowed: true, reason: null });
    assert.deepEqual(got.body.actions.downgradeNow, { allowed: false, reason: 'merchant_policy' });
    assert.deepEqual(got.body.actions.downgradeAtRenewal, { allowed: true, reason: null });
    assert.deepEqual(got.body.actions.intervalSwitch, { allowed: false, reason: 'merchant_policy' });
    assert.equal(got.body.actions.minimumSeats, 3);

    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/pause`, {}), 403, 'action_not_allowed');
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'unused', when: 'now' }), 403, 'action_not_allowed', 'when');
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: 1, recurring: YEARLY }), 403, 'action_not_allowed', 'recurring');
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 1, quantity: 2 }), 400, 'below_minimum_seats', 'quantity');
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 1, quantity: 4 }), 403, 'action_not_allowed', 'effective');
    const offers = await admin.get(`/v1/subscriptions/${sub.id}/retention-offers?reason=too_expensive`);
    expectStatus(offers, 200);
    assert.deepEqual(offers.body.data, [], 'retention offers are off for this plan');
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/retention-offers/accept`, { offerId: 'offer_pause_1' }), 403, 'action_not_allowed', 'offerId');

    // What is allowed still works, and nothing refused changed the subscription.
    assert.equal((await purchaser.get(`/v1/subscriptions/${sub.id}`)).body.version, 1);
    const scheduled = await purchaser.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 1, quantity: 4, effective: 'period_end' });
    expectStatus(scheduled, 200);
    const canceled = await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'unused' });
    expectStatus(canceled, 200);
    assert.equal(canceled.body.cancelAtPeriodEnd, true);
    assert.equal(canceled.body.actions.cancelAtPeriodEnd.allowed, true);

    // Back to the default for the other tests.
    expectStatus(await merchant('POST', `/v1/plans/${IDS.starter}/action-policy`, { pause: true, cancel: 'any', downgrade: 'any', intervalSwitch: true, minimumSeats: null, retentionOffers: true }), 200);
  });

  test('the merchant API refuses a malformed policy with 400 and changes nothing', async () => {
    expectError(await merchant('POST', `/v1/plans/${IDS.starter}/action-policy`, { cancel: 'sometimes' }), 400, 'parameter_invalid');
    expectError(await merchant('POST', `/v1/plans/${IDS.starter}/action-policy`, { minimumSeats: 1e20 }), 400, 'parameter_invalid');
    expectError(await merchant('POST', `/v1/plans/${IDS.starter}/action-policy`, '{"pause":'), 400, 'invalid_json');
    const res = await suite.server.request('POST', `/v1/plans/${IDS.starter}/action-policy`, { token: suite.server.config.secretKey, body: 'pause=false', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 415);
    assert.equal((await merchant('GET', `/v1/plans/${IDS.starter}/action-policy`)).body.pause, true);
  });

  test('a 12-month commitment: cancel refused with the earliest date, seats held, downgrades at renewal', async () => {
    const { sub, purchaser, admin } = await starter();
    const set = await merchant('POST', `/v1/subscriptions/${sub.id}/commitment`, { termMonths: 12, minimumSeats: 5, downgradesAtRenewalOnly: true });
    expectStatus(set, 200);
    assert.deepEqual(set.body.commitment, {
      termEndsAt: '2027-03-01T00:00:00.000Z', earliestCancelAt: '2027-03-01T00:00:00.000Z', minimumSeats: 5, downgradesAtRenewalOnly: true, quoteId: null,
    });
    const got = await admin.get(`/v1/subscriptions/${sub.id}`);
    assert.deepEqual(got.body.actions.cancelNow, { allowed: false, reason: 'commitment' });
    assert.deepEqual(got.body.actions.cancelAtPeriodEnd, { allowed: false, reason: 'commitment' });
    assert.deepEqual(got.body.actions.downgradeNow, { allowed: false, reason: 'commitment' });
    assert.equal(got.body.actions.minimumSeats, 5);

    const refused = await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'too_expensive' });
    expectError(refused, 409, 'commitment_active', 'when');
    assert.match(refused.body.error.message, /2027-03-01/);
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'too_expensive', when: 'now' }), 409, 'commitment_active', 'when');
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: got.body.version, quantity: 4, effective: 'period_end' }), 409, 'commitment_active', 'quantity');
    expectStatus(await purchaser.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: got.body.version, quantity: 6 }), 200);
  });

  test('unknown subscription for a commitment is a 404; a term over 120 months a 400', async () => {
    expectError(await merchant('POST', '/v1/subscriptions/sub_nope/commitment', { termMonths: 12 }), 404, 'resource_missing', 'subscriptionId');
    const { sub } = await starter();
    expectError(await merchant('POST', `/v1/subscriptions/${sub.id}/commitment`, { termMonths: 121 }), 400, 'parameter_invalid');
  });

  test('after the term, cancel at the period end is allowed again', async () => {
    const { sub, admin } = await starter();
    expectStatus(await merchant('POST', `/v1/subscriptions/${sub.id}/commitment`, { termMonths: 2 }), 200);
    const before = await admin.get(`/v1/subscriptions/${sub.id}`);
    assert.equal(before.body.commitment.earliestCancelAt, '2026-05-01T00:00:00.000Z');
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'unused' }), 409, 'commitment_active', 'when');
    // The last period of the term: the cancellation takes effect exactly at the term end.
    const advanced = await merchant('POST', '/v1/test-clock/advance', { to: '2026-04-02T00:00:00.000Z' });
    expectStatus(advanced, 200);
    const admin2 = await asBuyer(suite.server, 'acme-admin');
    const during = await admin2.get(`/v1/subscriptions/${sub.id}`);
    assert.equal(during.body.currentPeriodEnd, '2026-05-01T00:00:00.000Z');
    assert.deepEqual(during.body.actions.cancelAtPeriodEnd, { allowed: true, reason: null });
    assert.deepEqual(during.body.actions.cancelNow, { allowed: false, reason: 'commitment' });
    const canceled = await admin2.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'unused' });
    expectStatus(canceled, 200);
    assert.equal(canceled.body.cancelAtPeriodEnd, true);
  });
});
