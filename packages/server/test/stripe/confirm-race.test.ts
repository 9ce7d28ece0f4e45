// The buyer's browser confirms a payment at the moment Stripe's payment_intent.succeeded webhook settles
// it. Both settle one payment of one invoice and both take the invoice's row before the payment's, so on a
// Postgres server the second waits for the first instead of deadlocking (when the webhook took the payment
// first, Postgres aborted one of them and the retry cost a second). The second finds the payment settled:
// the confirm answers the settled payment (200, succeeded), the webhook is acknowledged, the invoice is paid once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { newCompany } from '../engine/run-helpers.js';
import type { TestResponse } from '../harness.js';
import { authenticateInBrowser, browserCard, STRIPE_CARDS, startStripeTestBed, type StripeTestBed } from './helpers.js';

const onPostgres = process.env.SUBKIT_TEST_DB === 'postgres';

describe('confirm and webhook settle one payment at the same moment', () => {
  let bed: StripeTestBed;
  before(async () => {
    bed = await startStripeTestBed();
  });
  after(async () => {
    const errors = [...bed.server.serverErrors];
    await bed.close();
    assert.deepEqual(errors, []);
  });

  /** Sessions of this test database waiting on a row lock, until there are `n` of them. */
  async function lockWaiters(n: number): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const { rows } = await bed.server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0]!.n >= n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.fail(`${n} transactions never waited on a lock`);
  }

  /** Deadlocks Postgres detected in this test database (its statistics arrive within a second or so). */
  const deadlocks = async () =>
    (await bed.server.db.query<{ n: number }>('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]!.n;

  test('the confirm answers the settled payment, the webhook is acknowledged, the invoice is paid once', async () => {
    const company = await newCompany(bed.server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const pm = await browserCard(bed.fake, STRIPE_CARDS.authenticateAlways);
    const started = await buyer.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', stripePaymentMethodId: pm } });
    expectStatus(started, 200);
    assert.equal(started.body.status, 'requires_action');
    const { paymentId, clientSecret } = started.body.nextAction;
    const invoiceId: string = started.body.invoiceId;
    const pi = clientSecret.split('_secret_')[0];

    // The buyer authenticates; Stripe's event is held so that the test lets it go at the chosen moment.
    bed.fake.webhooks.hold();
    await authenticateInBrowser(bed.fake, clientSecret);
    bed.fake.webhooks.release();
    const event = bed.fake.webhooks.eventsOf('payment_intent.succeeded').find((e) => (e.data.object as { id: string }).id === pi)!;
    assert.ok(event, 'Stripe recorded payment_intent.succeeded');

    let confirming: Promise<TestResponse>;
    let delivering: Promise<number[]>;
    if (onPostgres) {
      // The invoice row is held while the confirm (first) and the webhook (second) queue up behind it. Let
      // go: had the webhook taken the payment row first, it and the confirm would deadlock every time.
      const deadlocksBefore = await deadlocks();
      let held!: () => void;
      let unlock!: () => void;
      const locked = new Promise<void>((r) => (held = r));
      const holder = bed.server.db.transaction(async (tx) => {
        await tx.query('SELECT id FROM invoices WHERE id = $1 FOR UPDATE', [invoiceId]);
        held();
        await new Promise<void>((r) => (unlock = r));
      });
      await locked;
      confirming = buyer.post(`/v1/payments/${paymentId}/confirm`, {});
      await lockWaiters(1);
      delivering = bed.fake.webhooks.deliver(event.id);
      await lockWaiters(2);
      unlock();
      await holder;
      await Promise.all([confirming, delivering]);
      // Postgres reports its statistics within a second or so of a transaction's end.
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(await deadlocks(), deadlocksBefore, 'no deadlock: both took the invoice before the payment');
    } else {
      // One connection: the two transactions cannot interleave, but both racers read the payment
      // unsettled — Stripe answers neither before both asked — and then settle it.
      bed.fake.gather({ method: 'GET', path: `/v1/payment_intents/${pi}`, count: 2 });
      confirming = buyer.post(`/v1/payments/${paymentId}/confirm`, {});
      delivering = bed.fake.webhooks.deliver(event.id);
    }

    const [confirmed, statuses] = await Promise.all([confirming, delivering]);
    expectStatus(confirmed, 200);
    assert.deepEqual([confirmed.body.id, confirmed.body.status, confirmed.body.invoiceId], [paymentId, 'succeeded', invoiceId]);
    assert.deepEqual(statuses, [200], 'the webhook was acknowledged, not refused with 409');
    const recorded = await bed.server.db.query<{ outcome: string }>('SELECT outcome FROM stripe_events WHERE id = $1', [event.id]);
    assert.equal(recorded.rowCount, 1, 'the event is recorded once');

    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
    const payments = await bed.server.db.query<{ id: string; status: string }>('SELECT id, status FROM payments WHERE invoice_id = $1 ORDER BY attempt', [invoiceId]);
    assert.deepEqual(payments.rows, [{ id: paymentId, status: 'succeeded' }]);
    const events = await bed.server.db.query<{ type: string }>(
      `SELECT type FROM events WHERE type IN ('payment.succeeded', 'invoice.paid', 'subscription.created') AND object_id IN ($1, $2, $3) ORDER BY type`,
      [paymentId, invoiceId, started.body.subscription.id],
    );
    assert.deepEqual(events.rows.map((e) => e.type), ['invoice.paid', 'payment.succeeded', 'subscription.created'], 'each event once');
    const subscription = (await buyer.get(`/v1/subscriptions/${started.body.subscription.id}`)).body;
    assert.equal(subscription.status, 'active');
  });
});
