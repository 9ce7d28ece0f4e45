import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { asBuyer, checkout, expectError, expectStatus, IDS, MONTHLY, starterByInvoice } from './helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
const MAR_16_NOON = new Date('2026-03-16T12:00:00.000Z');
const APR_1 = '2026-04-01T00:00:00.000Z';

describe('subscription lifecycle', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  async function starter(body: Record<string, unknown> = {}) {
    server.clock.set(MAR_1);
    const acme = await asBuyer(server, 'acme-purchaser');
    const sub = (await checkout(acme, starterByInvoice(body))).subscription;
    server.clock.set(MAR_16_NOON);
    return { sub, purchaser: await asBuyer(server, 'acme-purchaser'), admin: await asBuyer(server, 'acme-admin') };
  }

  async function growth() {
    server.clock.set(MAR_1);
    const acme = await asBuyer(server, 'acme-purchaser');
    const sub = (await checkout(acme, { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, trial: false, payment: { method: 'invoice' } })).subscription;
    server.clock.set(MAR_16_NOON);
    return { sub, purchaser: await asBuyer(server, 'acme-purchaser'), admin: await asBuyer(server, 'acme-admin') };
  }

  async function balance(): Promise<number> {
    const { rows } = await server.db.query<{ amount: number }>("SELECT amount FROM company_balances WHERE company_id = 'co_acme' AND currency = 'EUR'");
    return rows[0]?.amount ?? 0;
  }

  test('pause indefinitely stops the next invoice; resume brings it back', async () => {
    const { sub, purchaser } = await starter();
    const paused = await purchaser.post(`/v1/subscriptions/${sub.id}/pause`, { expectedVersion: 1 });
    expectStatus(paused, 200);
    assert.equal(paused.body.status, 'paused');
    assert.deepEqual(paused.body.pause, { pausedAt: MAR_16_NOON.toISOString(), resumesAt: null });
    assert.equal(paused.body.nextInvoice, null);
    assert.equal(paused.body.version, 2);

    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/pause`, {}), 409, 'invalid_state');
    const resumed = await purchaser.post(`/v1/subscriptions/${sub.id}/resume`, { expectedVersion: 2 });
    expectStatus(resumed, 200);
    assert.equal(resumed.body.status, 'active');
    assert.equal(resumed.body.pause, null);
    assert.equal(resumed.body.nextInvoice.date, APR_1);
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/resume`, {}), 409, 'invalid_state');
  });

  test('pause until a date; a date in the past answers 400 on resumesAt', async () => {
    const { sub, purchaser } = await starter();
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/pause`, { resumesAt: '2026-03-01' }), 400, 'resumes_at_in_past', 'resumesAt');
    const paused = await purchaser.post(`/v1/subscriptions/${sub.id}/pause`, { resumesAt: '2026-05-01' });
    expectStatus(paused, 200);
    assert.equal(paused.body.pause.resumesAt, '2026-05-01T00:00:00.000Z');
  });

  test('skip the next period: the next bill moves one period on; skipping twice answers 409', async () => {
    const { sub, purchaser } = await starter();
    const skipped = await purchaser.post(`/v1/subscriptions/${sub.id}/skip`, { expectedVersion: 1 });
    expectStatus(skipped, 200);
    assert.deepEqual(skipped.body.skippedPeriods, [APR_1]);
    assert.equal(skipped.body.nextInvoice.date, '2026-05-01T00:00:00.000Z');
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/skip`, {}), 409, 'already_skipped');
  });

  test('cancel at period end keeps it running until then; reactivate undoes it', async () => {
    const { sub, admin } = await starter();
    const canceled = await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { expectedVersion: 1, reason: 'unused', feedback: 'We closed the Bremen site.' });
    expectStatus(canceled, 200);
    assert.equal(canceled.body.status, 'active');
    assert.equal(canceled.body.cancelAtPeriodEnd, true);
    assert.deepEqual(canceled.body.cancellation, { reason: 'unused', feedback: 'We closed the Bremen site.' });
    assert.equal(canceled.body.nextInvoice, null);

    const reactivated = await admin.post(`/v1/subscriptions/${sub.id}/reactivate`, { expectedVersion: 2 });
    expectStatus(reactivated, 200);
    assert.equal(reactivated.body.cancelAtPeriodEnd, false);
    assert.equal(reactivated.body.cancellation, null);
    assert.equal(reactivated.body.nextInvoice.date, APR_1);
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/reactivate`, {}), 409, 'not_canceling');
  });

  test('cancel now ends it and credits the unused half month with its VAT; it cannot be reactivated or paused', async () => {
    const { sub, admin, purchaser } = await starter();
    const before = await balance();
    const canceled = await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'too_expensive', when: 'now' });
    expectStatus(canceled, 200);
    assert.equal(canceled.body.status, 'canceled');
    assert.equal(canceled.body.endedAt, MAR_16_NOON.toISOString());
    assert.equal(canceled.body.nextInvoice, null);
    // Half of (49.00 + 60.00) = 54.50, plus 19% VAT 10.355 → 10.36: 64.86 credited — against the period's invoice,
    // still open (net terms), which is reduced by a credit note instead of leaving a balance credit beside it.
    const invoice = (await admin.get(`/v1/invoices?subscriptionId=${sub.id}`)).body.data[0];
    assert.equal(invoice.amountDue, 12971 - 6486);
    assert.equal(invoice.creditNoteIds.length, 1);
    assert.equal(invoice.status, 'open');
    // The credit note says what it credits as data, for widgets to word in their language.
    const [note] = (await admin.get(`/v1/credit-notes?invoiceId=${invoice.id}`)).body.data;
    assert.deepEqual(note.lines.map((l: any) => l.text), [{ kind: 'unused_time', cause: 'cancellation', planName: null, quantity: null, settlement: 'invoice' }]);
    assert.equal((await balance()) - before, 0);

    expectError(await admin.post(`/v1/subscriptions/${sub.id}/reactivate`, {}), 409, 'invalid_state');
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/pause`, {}), 409, 'invalid_state');
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'other' }), 409, 'invalid_state');
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: 2, quantity: 3 }), 409, 'invalid_state');
  });

  test('retention offers vary by reason; the lowest plan gets no downgrade offer', async () => {
    const { sub, admin } = await growth();
    const offers = async (id: string, reason: string) =>
      (await admin.get(`/v1/subscriptions/${id}/retention-offers?reason=${reason}`)).body.data.map((o: any) => o.id);
    assert.deepEqual(await offers(sub.id, 'too_expensive'), ['offer_discount_20_3', `offer_downgrade_${IDS.starter}`, 'offer_pause_1']);
    assert.deepEqual(await offers(sub.id, 'unused'), ['offer_pause_1', 'offer_pause_3', `offer_downgrade_${IDS.starter}`]);
    assert.deepEqual(await offers(sub.id, 'missing_features'), ['offer_discount_20_3']);
    const low = await starter();
    assert.deepEqual(await offers(low.sub.id, 'too_expensive'), ['offer_discount_20_3', 'offer_pause_1']);
    const list = (await admin.get(`/v1/subscriptions/${sub.id}/retention-offers?reason=too_expensive`)).body.data;
    assert.equal(list[0].type, 'discount');
    assert.equal(list[0].percentOff, 20);
    assert.equal(list[0].durationInPeriods, 3);
    assert.equal(list[1].downgradePlanId, IDS.starter);
  });

  test('a discount offer states its exact amounts on the next bill and counts its bills in the billing interval', async () => {
    const { sub, admin } = await starter();
    const [monthly] = (await admin.get(`/v1/subscriptions/${sub.id}/retention-offers?reason=missing_features`)).body.data;
    // Starter at 49.00 + 60.00 = 109.00 before tax; 20% of it is 21.80, three bills save 65.40.
    assert.deepEqual(monthly.amounts, { currency: 'EUR', regular: 10900, discounted: 8720, savedPerBill: 2180, savedTotal: 6540 });
    assert.deepEqual(monthly.recurring, { interval: 'month', intervalCount: 1 });
    assert.equal(monthly.title, '20% off for 3 months');
    // A yearly plan gets one bill (a year), not three years.
    server.clock.set(MAR_1);
    const acme = await asBuyer(server, 'acme-purchaser');
    const yearly = (await checkout(acme, starterByInvoice({ recurring: { interval: 'year', intervalCount: 1 } }))).subscription;
    const [offer] = (await admin.get(`/v1/subscriptions/${yearly.id}/retention-offers?reason=missing_features`)).body.data;
    assert.equal(offer.id, 'offer_discount_20_1');
    assert.equal(offer.durationInPeriods, 1);
    assert.equal(offer.title, '20% off for 1 year');
    assert.equal(offer.amounts.savedTotal, offer.amounts.savedPerBill);
    assert.equal(offer.amounts.savedPerBill, Math.round(offer.amounts.regular / 5));
    const accepted = await admin.post(`/v1/subscriptions/${yearly.id}/retention-offers/accept`, { offerId: 'offer_discount_20_1' });
    expectStatus(accepted, 200);
    assert.equal(accepted.body.discount.periodsRemaining, 1);
  });

  test('accepting the discount offer keeps the subscription and takes 20% off the next 3 bills', async () => {
    const { sub, admin } = await starter();
    const canceling = (await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'too_expensive' })).body;
    assert.equal(canceling.cancelAtPeriodEnd, true);
    const accepted = await admin.post(`/v1/subscriptions/${sub.id}/retention-offers/accept`, { offerId: 'offer_discount_20_3', expectedVersion: canceling.version });
    expectStatus(accepted, 200);
    assert.equal(accepted.body.status, 'active');
    assert.equal(accepted.body.cancelAtPeriodEnd, false);
    assert.equal(accepted.body.discount.source, 'retention');
    assert.equal(accepted.body.discount.percentOff, 20);
    assert.equal(accepted.body.discount.periodsRemaining, 3);
    // (49.00 + 60.00) × 0.8 = 87.20, VAT 16.568 → 16.57: 103.77.
    assert.equal(accepted.body.nextInvoice.amountDue, 10377);
    // Offered once: a second discount is not offered again.
    const again = (await admin.get(`/v1/subscriptions/${sub.id}/retention-offers?reason=too_expensive`)).body.data.map((o: any) => o.id);
    assert.ok(!again.includes('offer_discount_20_3'));
  });

  test('with 20% off, canceling now credits 80% of the unused time', async () => {
    const { sub, admin } = await starter();
    expectStatus(await admin.post(`/v1/subscriptions/${sub.id}/retention-offers/accept`, { offerId: 'offer_discount_20_3' }), 200);
    const before = await balance();
    // Paid already: the credit for the unused time goes to the balance.
    const invoice = (await admin.get(`/v1/invoices?subscriptionId=${sub.id}`)).body.data[0];
    expectStatus(await admin.post('/v1/payment-methods', { testCard: { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' } }), 200);
    expectStatus(await admin.post(`/v1/invoices/${invoice.id}/pay`, {}), 200);
    expectStatus(await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'too_expensive', when: 'now' }), 200);
    // Half of 109.00 = 54.50, less 20% = 43.60, plus 19% VAT 8.284 → 8.28: 51.88.
    assert.equal((await balance()) - before, 5188);
  });

  test('accepting the pause offer pauses for 3 months', async () => {
    const { sub, admin } = await starter();
    const accepted = await admin.post(`/v1/subscriptions/${sub.id}/retention-offers/accept`, { offerId: 'offer_pause_3' });
    expectStatus(accepted, 200);
    assert.equal(accepted.body.status, 'paused');
    assert.equal(accepted.body.pause.resumesAt, '2026-06-16T12:00:00.000Z');
  });

  test('accepting the downgrade offer moves to the next lower plan now, with a credit for the difference', async () => {
    const { sub, admin } = await growth();
    const before = await balance();
    const accepted = await admin.post(`/v1/subscriptions/${sub.id}/retention-offers/accept`, { offerId: `offer_downgrade_${IDS.starter}` });
    expectStatus(accepted, 200);
    assert.equal(accepted.body.planId, IDS.starter);
    assert.equal(accepted.body.quantity, 10);
    assert.equal(accepted.body.status, 'active');
    // Half a month of Growth (99.00 + 10 × 16.00) out, of Starter (49.00 + 10 × 12.00) in: −45.00 net, −8.55 VAT.
    assert.equal((await balance()) - before, 5355);
  });

  test('an offer that is not on the list answers 400 on offerId', async () => {
    const { sub, admin } = await starter();
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/retention-offers/accept`, { offerId: 'offer_free_forever' }), 400, 'offer_unavailable', 'offerId');
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/retention-offers/accept`, { offerId: 'offer_downgrade_plan_portal_starter' }), 400, 'offer_unavailable', 'offerId');
  });

  test('lifecycle calls honour the version guard', async () => {
    const { sub, purchaser } = await starter();
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/pause`, { expectedVersion: 7 }), 409, 'version_conflict');
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/skip`, { expectedVersion: 7 }), 409, 'version_conflict');
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
