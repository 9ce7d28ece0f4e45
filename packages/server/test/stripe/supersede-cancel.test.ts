// A buyer who pays again while an earlier attempt of the same invoice still awaits 3-D Secure (Pay now clicked
// twice, the bank's page left open in another tab): the earlier PaymentIntent is canceled at Stripe (reason
// duplicate) once the newer attempt is recorded, so finishing the old bank page later takes nothing. When it went
// through before the cancel got there, one invoice still keeps one payment: the old one pays it if the invoice is
// still open (and the newer attempt is canceled instead), else it is refunded in full.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type Stripe from 'stripe';
import { expectStatus } from '../billing/helpers.js';
import type { PaymentRow } from '../../src/engine/rows.js';
import { advance, engineNow } from '../engine/run-helpers.js';
import { authenticateInBrowser, checkoutLeftAtTheBank, paymentsOf, stripeTestBedOfSuite } from './helpers.js';

const MINUTE = 60_000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

describe('a payment attempt replaced while it awaits 3-D Secure is canceled at Stripe', () => {
  const bed = stripeTestBedOfSuite();
  before(() => bed.server.clock.set(new Date('2027-07-12T09:00:00.000Z')));

  /** Starter left at the bank's 3-D Secure page: incomplete, attempt 1 awaiting the buyer. */
  async function leftAtTheBank() {
    const { company, buyer, subscriptionId, invoiceId, paymentId, clientSecret, pi } = await checkoutLeftAtTheBank(bed);
    return { company, buyer, subscriptionId, invoiceId, first: { paymentId, clientSecret, pi } };
  }

  /** A payment awaiting 3-D Secure as the browser holds it, with its PaymentIntent at the fake. */
  function attemptOf(nextAction: { paymentId: string; clientSecret: string }) {
    const pi = bed.fake.state.paymentIntents.get(nextAction.clientSecret.split('_secret_')[0]!)!;
    assert.equal(pi.status, 'requires_action');
    return { paymentId: nextAction.paymentId, clientSecret: nextAction.clientSecret, pi };
  }

  /** Pay now in the manager: a new attempt of the invoice, which asks for 3-D Secure again. */
  async function payNow(buyer: Awaited<ReturnType<typeof leftAtTheBank>>['buyer'], invoiceId: string) {
    const res = await buyer.post(`/v1/invoices/${invoiceId}/pay`, {});
    expectStatus(res, 200);
    assert.equal(res.body.status, 'requires_action');
    return attemptOf(res.body.nextAction);
  }

  const payment = async (id: string) => (await bed.server.db.query<PaymentRow>('SELECT * FROM payments WHERE id = $1', [id])).rows[0]!;
  const cancelCalls = (piId: string) => bed.fake.requests.filter((r) => r.method === 'POST' && r.path === `/v1/payment_intents/${piId}/cancel`);
  const stripeRefunds = (piId: string) => [...bed.fake.state.refunds.values()].filter((r) => r.payment_intent === piId);
  const balanceOf = async (companyId: string) =>
    Number((await bed.server.db.query<{ amount: string }>(`SELECT amount FROM company_balances WHERE company_id = $1 AND currency = 'USD'`, [companyId])).rows[0]?.amount ?? 0);
  /** What Stripe kept of all the invoice's PaymentIntents: received minus refunded. */
  async function keptAtStripe(invoiceId: string) {
    let kept = 0;
    for (const row of await paymentsOf(bed.server, invoiceId)) {
      const pi = bed.fake.state.paymentIntents.get(row.processor_payment_id!)!;
      kept += pi.amount_received - stripeRefunds(pi.id).filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amount, 0);
    }
    return kept;
  }
  const paidEvents = async (invoiceId: string) =>
    (await bed.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'invoice.paid' AND object_id = $1`, [invoiceId])).rows[0]!.n;
  async function seen(buyer: Awaited<ReturnType<typeof leftAtTheBank>>['buyer'], subscriptionId: string, invoiceId: string) {
    return { subscription: (await buyer.get(`/v1/subscriptions/${subscriptionId}`)).body, invoice: (await buyer.get(`/v1/invoices/${invoiceId}`)).body };
  }
  const completeInBrowser = async (clientSecret: string) => (await authenticateInBrowser(bed.fake, clientSecret)) as { status?: string; error?: { code: string } };

  test('Pay now twice while the first attempt awaits 3-D Secure: each replaced PaymentIntent is canceled (duplicate, own key); finishing the old pages later takes nothing; the invoice is paid once', async () => {
    const { company, buyer, subscriptionId, invoiceId, first } = await leftAtTheBank();
    const second = await payNow(buyer, invoiceId);
    assert.equal(first.pi.status, 'canceled');
    assert.equal(first.pi.cancellation_reason, 'duplicate');
    assert.deepEqual(cancelCalls(first.pi.id).map((r) => [r.status, r.idempotencyKey]), [[200, `${invoiceId}:attempt:1:cancel`]]);
    assert.deepEqual([(await payment(first.paymentId)).failure_code, (await payment(first.paymentId)).processor_cancel], ['superseded', 'canceled']);

    const third = await payNow(buyer, invoiceId);
    assert.equal(second.pi.status, 'canceled');
    assert.deepEqual(cancelCalls(second.pi.id).map((r) => [r.status, r.idempotencyKey]), [[200, `${invoiceId}:attempt:2:cancel`]]);
    assert.equal(third.pi.status, 'requires_action');

    assert.equal((await completeInBrowser(third.clientSecret)).status, 'succeeded');
    const confirmed = await buyer.post(`/v1/payments/${third.paymentId}/confirm`, {});
    expectStatus(confirmed, 200);
    assert.equal(confirmed.body.status, 'succeeded');

    // The buyer finds the first two bank pages in old tabs and completes them: Stripe refuses, nothing is taken.
    for (const old of [first, second]) {
      assert.equal((await completeInBrowser(old.clientSecret)).error?.code, 'payment_intent_unexpected_state');
      assert.equal(old.pi.amount_received, 0);
      const back = await buyer.post(`/v1/payments/${old.paymentId}/confirm`, {});
      expectStatus(back, 200);
      assert.equal(back.body.status, 'failed');
    }
    await bed.fake.webhooks.settled();
    const { subscription, invoice } = await seen(buyer, subscriptionId, invoiceId);
    assert.equal(subscription.status, 'active');
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
    assert.equal(await keptAtStripe(invoiceId), invoice.amountDue, 'Stripe kept one invoice amount');
    assert.equal(await paidEvents(invoiceId), 1);
    assert.equal(await balanceOf(company.id), 0);
    await advance(bed.server, { to: plus(await engineNow(bed.server), 5 * MINUTE) });
    assert.equal(cancelCalls(first.pi.id).length + cancelCalls(second.pi.id).length, 2, 'a later run sends no cancel again');
  });

  test('the cancel went unanswered and the old page was finished after the newer attempt paid: the old payment is refunded in full (payment_intent.succeeded), the invoice paid once', async () => {
    const { company, buyer, subscriptionId, invoiceId, first } = await leftAtTheBank();
    bed.fake.inject({ method: 'POST', path: `/v1/payment_intents/${first.pi.id}/cancel`, kind: 'api_error', times: 3 });
    const second = await payNow(buyer, invoiceId);
    assert.equal(first.pi.status, 'requires_action', 'Stripe did not take the cancel');
    assert.equal((await payment(first.paymentId)).processor_cancel, 'pending');

    assert.equal((await completeInBrowser(second.clientSecret)).status, 'succeeded');
    expectStatus(await buyer.post(`/v1/payments/${second.paymentId}/confirm`, {}), 200);
    assert.equal((await completeInBrowser(first.clientSecret)).status, 'succeeded');
    await bed.fake.webhooks.settled();

    assert.equal(first.pi.amount_received, first.pi.amount);
    assert.deepEqual(stripeRefunds(first.pi.id).map((r) => [r.amount, r.status]), [[first.pi.amount, 'succeeded']]);
    assert.deepEqual(stripeRefunds(second.pi.id), []);
    const { subscription, invoice } = await seen(buyer, subscriptionId, invoiceId);
    assert.equal(subscription.status, 'active');
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
    assert.equal(await keptAtStripe(invoiceId), invoice.amountDue, 'received minus refunds is one invoice amount');
    assert.equal(await paidEvents(invoiceId), 1);
    assert.equal(await balanceOf(company.id), 0, 'the refund gave the second payment back; nothing is left on the balance');
    assert.deepEqual((await paymentsOf(bed.server, invoiceId)).map((p) => [p.status, p.processor_cancel]), [['failed', 'succeeded'], ['succeeded', null]]);
    const notes = (await buyer.get(`/v1/credit-notes?invoiceId=${invoiceId}`)).body.data;
    assert.deepEqual(notes.map((n: any) => [n.amount, n.reason]), [[first.pi.amount, 'duplicate']]);
    assert.deepEqual(notes[0].lines.map((l: any) => l.text), [{ kind: 'late_payment', cause: 'invoice_paid', settlement: 'refund' }], 'worded by the widgets in the buyer\'s language');

    // The next run sends the cancel no more: the webhook answered it.
    await advance(bed.server, { to: plus(await engineNow(bed.server), 2 * MINUTE) });
    assert.deepEqual(cancelCalls(first.pi.id).map((r) => r.status), [500, 500, 500]);
    assert.equal(stripeRefunds(first.pi.id).length, 1);
  });

  test('the old page finished first, while the newer attempt awaits 3-D Secure: the buyer’s confirm pays the invoice with it, the newer PaymentIntent is canceled, the late webhook changes nothing', async () => {
    const { company, buyer, subscriptionId, invoiceId, first } = await leftAtTheBank();
    bed.fake.inject({ method: 'POST', path: `/v1/payment_intents/${first.pi.id}/cancel`, kind: 'api_error', times: 3 });
    const second = await payNow(buyer, invoiceId);
    assert.equal((await payment(first.paymentId)).processor_cancel, 'pending');

    bed.fake.webhooks.hold();
    let succeeded: Stripe.Event | undefined;
    try {
      assert.equal((await completeInBrowser(first.clientSecret)).status, 'succeeded');
      succeeded = bed.fake.webhooks.eventsOf('payment_intent.succeeded').find((e) => (e.data.object as Stripe.PaymentIntent).id === first.pi.id);
      // The old tab's browser comes back while the cancel of its payment is still unanswered.
      const confirmed = await buyer.post(`/v1/payments/${first.paymentId}/confirm`, {});
      expectStatus(confirmed, 200);
      assert.deepEqual([confirmed.body.id, confirmed.body.status], [first.paymentId, 'succeeded']);
    } finally {
      bed.fake.webhooks.release();
    }
    assert.equal(second.pi.status, 'canceled');
    assert.deepEqual(cancelCalls(second.pi.id).map((r) => [r.status, r.idempotencyKey, r.params.cancellation_reason]), [[200, `${invoiceId}:attempt:2:cancel`, 'duplicate']]);
    assert.equal((await completeInBrowser(second.clientSecret)).error?.code, 'payment_intent_unexpected_state');
    const back = await buyer.post(`/v1/payments/${second.paymentId}/confirm`, {});
    expectStatus(back, 200);
    assert.equal(back.body.status, 'failed');

    assert.ok(succeeded);
    assert.deepEqual(await bed.fake.webhooks.deliver(succeeded), [200]);
    const { subscription, invoice } = await seen(buyer, subscriptionId, invoiceId);
    assert.equal(subscription.status, 'active');
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
    assert.equal(await keptAtStripe(invoiceId), invoice.amountDue);
    assert.deepEqual([...bed.fake.state.refunds.values()].filter((r) => r.payment_intent === first.pi.id || r.payment_intent === second.pi.id), []);
    assert.equal(await paidEvents(invoiceId), 1);
    assert.equal(await balanceOf(company.id), 0);
    assert.deepEqual((await paymentsOf(bed.server, invoiceId)).map((p) => [p.status, p.failure_code, p.processor_cancel]), [
      ['succeeded', null, 'succeeded'],
      ['failed', 'superseded', 'canceled'],
    ]);
    // The next run asks Stripe nothing more about either.
    await advance(bed.server, { to: plus(await engineNow(bed.server), 2 * MINUTE) });
    assert.deepEqual(cancelCalls(first.pi.id).map((r) => r.status), [500, 500, 500]);
    assert.equal(cancelCalls(second.pi.id).length, 1);
  });
});
