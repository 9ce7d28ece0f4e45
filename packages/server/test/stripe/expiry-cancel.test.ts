// An incomplete subscription that expires (23 hours with its first payment awaiting 3-D Secure) has its
// PaymentIntent canceled at Stripe after the expiry commits, as Stripe Billing does — so the buyer finishing
// 3-D Secure later is charged nothing. A cancel Stripe did not answer is sent again by the next run; a payment
// that went through anyway is refunded in full, and the subscription stays expired.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type Stripe from 'stripe';
import { expectStatus } from '../billing/helpers.js';
import { INCOMPLETE_EXPIRY_HOURS } from '../../src/engine/run/incomplete.js';
import type { PaymentRow } from '../../src/engine/rows.js';
import { advance } from '../engine/run-helpers.js';
import { authenticateInBrowser, checkoutLeftAtTheBank, stripeTestBedOfSuite } from './helpers.js';

const MINUTE = 60_000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

describe('an expired incomplete subscription’s PaymentIntent is canceled at Stripe', () => {
  const bed = stripeTestBedOfSuite();
  before(() => bed.server.clock.set(new Date('2027-06-07T08:00:00.000Z')));

  /** Starter left at the bank's 3-D Secure page: incomplete, expiring 23 hours after its creation. */
  async function abandonedCheckout() {
    const left = await checkoutLeftAtTheBank(bed);
    return { ...left, expiresAt: plus(left.createdAt, INCOMPLETE_EXPIRY_HOURS * 60 * MINUTE) };
  }

  const payment = async (id: string) => (await bed.server.db.query<PaymentRow>('SELECT * FROM payments WHERE id = $1', [id])).rows[0]!;
  const cancelCalls = (piId: string) => bed.fake.requests.filter((r) => r.method === 'POST' && r.path === `/v1/payment_intents/${piId}/cancel`);
  const stripeRefunds = (piId: string) => [...bed.fake.state.refunds.values()].filter((r) => r.payment_intent === piId);
  const balanceOf = async (companyId: string) =>
    Number((await bed.server.db.query<{ amount: string }>(`SELECT amount FROM company_balances WHERE company_id = $1 AND currency = 'USD'`, [companyId])).rows[0]?.amount ?? 0);
  const eventTypes = async (companyId: string, since: string) =>
    (await bed.server.db.query<{ type: string }>(`SELECT type FROM events WHERE company_id = $1 AND created_at >= $2 ORDER BY type`, [companyId, since])).rows.map((r) => r.type);

  /** What the bank's page answers when the buyer completes 3-D Secure now (Stripe.js), as the raw Stripe answer. */
  async function completeInBrowser(clientSecret: string) {
    return (await authenticateInBrowser(bed.fake, clientSecret)) as { status?: string; error?: { code: string } };
  }

  /** The subscription and its invoice, as the buyer sees them. */
  async function seen(company: { client: () => Promise<any> }, subscriptionId: string, invoiceId: string) {
    const buyer = await company.client();
    return { subscription: (await buyer.get(`/v1/subscriptions/${subscriptionId}`)).body, invoice: (await buyer.get(`/v1/invoices/${invoiceId}`)).body };
  }

  test('at 23 hours the PaymentIntent is canceled (abandoned) with its own key; 3-D Secure completed later fails and charges nothing', async () => {
    const { company, subscriptionId, invoiceId, paymentId, clientSecret, pi, expiresAt } = await abandonedCheckout();
    await advance(bed.server, { to: plus(expiresAt, -MINUTE) });
    assert.equal(pi.status, 'requires_action', 'nothing is canceled before the expiry');
    assert.deepEqual(cancelCalls(pi.id), []);

    await advance(bed.server, { to: expiresAt });
    assert.equal(pi.status, 'canceled');
    assert.equal(pi.cancellation_reason, 'abandoned');
    assert.deepEqual(cancelCalls(pi.id).map((r) => [r.status, r.idempotencyKey]), [[200, `${invoiceId}:attempt:1:cancel`]]);
    assert.equal((await payment(paymentId)).processor_cancel, 'canceled');
    const { subscription, invoice } = await seen(company, subscriptionId, invoiceId);
    assert.equal(subscription.status, 'incomplete_expired');
    assert.equal(invoice.status, 'void');

    const late = await completeInBrowser(clientSecret);
    assert.equal(late.error?.code, 'payment_intent_unexpected_state');
    assert.equal(pi.status, 'canceled');
    assert.equal(pi.amount_received, 0);
    assert.deepEqual(stripeRefunds(pi.id), []);
    await bed.fake.webhooks.settled();
    // A later run sends nothing more to Stripe.
    await advance(bed.server, { to: plus(expiresAt, 10 * MINUTE) });
    assert.equal(cancelCalls(pi.id).length, 1);
  });

  test('a cancel Stripe does not answer (500 on every try) stays recorded; the next run sends it again with the same key and it is canceled', async () => {
    const { company, subscriptionId, invoiceId, paymentId, pi, expiresAt } = await abandonedCheckout();
    bed.fake.inject({ method: 'POST', path: `/v1/payment_intents/${pi.id}/cancel`, kind: 'api_error', times: 3 });
    await advance(bed.server, { to: expiresAt });
    assert.equal((await seen(company, subscriptionId, invoiceId)).subscription.status, 'incomplete_expired', 'the expiry stands without Stripe');
    assert.equal(pi.status, 'requires_action');
    assert.equal((await payment(paymentId)).processor_cancel, 'pending');
    assert.deepEqual(cancelCalls(pi.id).map((r) => r.status), [500, 500, 500]);

    await advance(bed.server, { to: plus(expiresAt, 2 * MINUTE) });
    assert.equal(pi.status, 'canceled');
    assert.equal((await payment(paymentId)).processor_cancel, 'canceled');
    assert.deepEqual(cancelCalls(pi.id).map((r) => r.status), [500, 500, 500, 200]);
    assert.deepEqual([...new Set(cancelCalls(pi.id).map((r) => r.idempotencyKey))], [`${invoiceId}:attempt:1:cancel`]);
  });

  test('3-D Secure completed while the cancel was failing: payment_intent.succeeded refunds it in full; the subscription stays expired and the money nets to zero', async () => {
    const { company, subscriptionId, invoiceId, paymentId, clientSecret, pi, expiresAt } = await abandonedCheckout();
    bed.fake.inject({ method: 'POST', path: `/v1/payment_intents/${pi.id}/cancel`, kind: 'api_error', times: 3 });
    await advance(bed.server, { to: expiresAt });
    assert.equal((await payment(paymentId)).processor_cancel, 'pending');

    assert.equal((await completeInBrowser(clientSecret)).status, 'succeeded');
    await bed.fake.webhooks.settled();
    assert.equal(pi.amount_received, pi.amount);
    const refunds = stripeRefunds(pi.id);
    assert.deepEqual(refunds.map((r) => [r.amount, r.status]), [[pi.amount, 'succeeded']]);
    assert.equal(pi.amount_received - refunds.reduce((sum, r) => sum + r.amount, 0), 0, 'Stripe gave back what it took');

    const { subscription, invoice } = await seen(company, subscriptionId, invoiceId);
    assert.equal(subscription.status, 'incomplete_expired');
    assert.equal(invoice.status, 'void');
    assert.equal(invoice.amountPaid, 0);
    assert.equal(await balanceOf(company.id), 0, 'no credit is left on the balance');
    const row = (await bed.server.db.query<{ amount: string; status: string; credit_note_id: string }>('SELECT amount, status, credit_note_id FROM refunds WHERE payment_id = $1', [paymentId])).rows;
    assert.deepEqual(row.map((r) => [Number(r.amount), r.status]), [[pi.amount, 'succeeded']]);
    assert.equal((await payment(paymentId)).processor_cancel, 'succeeded');
    // The merchant hears of the refund (and of the credit note documenting it) through the events it already knows.
    assert.deepEqual(await eventTypes(company.id, expiresAt), ['credit_note.created', 'invoice.voided', 'refund.created', 'refund.updated', 'subscription.updated']);

    // The webhook answered the recorded cancel: the next run sends none, and there is one refund.
    await advance(bed.server, { to: plus(expiresAt, 2 * MINUTE) });
    assert.deepEqual(cancelCalls(pi.id).map((r) => r.status), [500, 500, 500]);
    assert.equal(stripeRefunds(pi.id).length, 1);
    assert.equal((await seen(company, subscriptionId, invoiceId)).subscription.status, 'incomplete_expired');
    const confirm = await (await company.client()).post(`/v1/payments/${paymentId}/confirm`, {});
    expectStatus(confirm, 200);
    assert.equal(confirm.body.status, 'failed', 'the browser coming back does not revive the expired subscription');
    assert.equal((await seen(company, subscriptionId, invoiceId)).subscription.status, 'incomplete_expired');
  });

  test('paid at Stripe before the expiry but never reported (webhook and browser lost): the cancel is refused, the payment refunded in full, the late webhook changes nothing', async () => {
    const { company, subscriptionId, invoiceId, paymentId, clientSecret, pi, expiresAt } = await abandonedCheckout();
    bed.fake.webhooks.hold();
    let succeeded: Stripe.Event | undefined;
    try {
      await advance(bed.server, { to: plus(expiresAt, -30 * MINUTE) });
      assert.equal((await completeInBrowser(clientSecret)).status, 'succeeded');
      succeeded = bed.fake.webhooks.eventsOf('payment_intent.succeeded').find((e) => (e.data.object as Stripe.PaymentIntent).id === pi.id);
      await advance(bed.server, { to: expiresAt });
    } finally {
      bed.fake.webhooks.release();
    }
    const refused = cancelCalls(pi.id);
    assert.deepEqual(refused.map((r) => r.status), [400]);
    assert.equal(pi.status, 'succeeded');
    assert.deepEqual(stripeRefunds(pi.id).map((r) => [r.amount, r.status]), [[pi.amount, 'succeeded']]);
    assert.equal((await payment(paymentId)).processor_cancel, 'succeeded');
    const { subscription, invoice } = await seen(company, subscriptionId, invoiceId);
    assert.equal(subscription.status, 'incomplete_expired');
    assert.equal(invoice.status, 'void');
    assert.equal(await balanceOf(company.id), 0);

    assert.ok(succeeded);
    assert.deepEqual(await bed.fake.webhooks.deliver(succeeded), [200]);
    const outcome = await bed.server.db.query<{ outcome: string }>('SELECT outcome FROM stripe_events WHERE id = $1', [succeeded.id]);
    assert.deepEqual(outcome.rows, [{ outcome: 'ignored' }]);
    assert.equal(stripeRefunds(pi.id).length, 1);
    assert.equal((await seen(company, subscriptionId, invoiceId)).subscription.status, 'incomplete_expired');
  });
});
