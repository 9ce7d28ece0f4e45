// An abandoned first payment (Stripe's `incomplete_expired`): a subscription still `incomplete` 23 hours
// after its creation ends, its first invoice void — on the engine's clock, so the test clock expires it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EVENTS_WITH_DATA } from '../../src/db/events.js';
import { runEnv } from '../../src/engine/run/env.js';
import { expireIncompleteBatch, INCOMPLETE_EXPIRY_HOURS } from '../../src/engine/run/incomplete.js';
import { TestProcessor } from '../../src/engine/processor/index.js';
import type { PaymentRow } from '../../src/engine/rows.js';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, count, newCompany } from './run-helpers.js';

const HOUR = 3_600_000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
const onPostgres = process.env.SUBKIT_TEST_DB === 'postgres';

async function paymentRow(server: TestServer, id: string): Promise<PaymentRow> {
  return (await server.db.query<PaymentRow>('SELECT * FROM payments WHERE id = $1', [id])).rows[0]!;
}

/** A Starter checkout by a card whose bank always asks for 3-D Secure, left unanswered: incomplete, its invoice open. */
async function abandonedCheckout(server: TestServer) {
  const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
  const buyer = await company.client();
  const started = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 1, payment: { method: 'card', testCard: card(CARDS.scaAlways) } });
  assert.equal(started.status, 'requires_action');
  assert.equal(started.subscription.status, 'incomplete');
  return { company, subscription: started.subscription, invoiceId: started.invoiceId, paymentId: started.nextAction.paymentId as string };
}

describe('an incomplete subscription expires 23 hours after its creation', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-05-03T10:15:00.000Z'));
  });
  after(() => server.close());

  test('abandoned 3-D Secure: incomplete at 22h59m; at 23h incomplete_expired, its invoice void, events and a report line; a second run does nothing more', async () => {
    assert.equal(INCOMPLETE_EXPIRY_HOURS, 23);
    const { company, subscription, invoiceId, paymentId } = await abandonedCheckout(server);
    const expiresAt = plus(subscription.createdAt, 23 * HOUR);

    const before = await advance(server, { to: plus(expiresAt, -60_000) });
    assert.deepEqual(before.statusChanges.filter((c) => c.subscriptionId === subscription.id), []);
    let buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'incomplete');
    assert.equal((await buyer.get(`/v1/invoices/${invoiceId}`)).body.status, 'open');

    const report = await advance(server, { to: expiresAt });
    assert.deepEqual(report.statusChanges.filter((c) => c.subscriptionId === subscription.id), [
      { subscriptionId: subscription.id, companyId: company.id, from: 'incomplete', to: 'incomplete_expired', at: expiresAt },
    ]);
    const events = report.events.filter((e) => e.companyId === company.id);
    assert.deepEqual(events.map((e) => [e.type, e.at]).sort(), [['invoice.voided', expiresAt], ['subscription.updated', expiresAt]]);
    const { rows } = await server.db.query<{ type: string; object_id: string; status: string }>(
      `SELECT type, data->'object'->>'id' AS object_id, data->'object'->>'status' AS status FROM ${EVENTS_WITH_DATA} WHERE id = ANY($1::text[]) ORDER BY type`,
      [events.map((e) => e.id)],
    );
    assert.deepEqual(rows, [
      { type: 'invoice.voided', object_id: invoiceId, status: 'void' },
      { type: 'subscription.updated', object_id: subscription.id, status: 'incomplete_expired' },
    ]);

    buyer = await company.client();
    const expired = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.equal(expired.status, 'incomplete_expired');
    assert.equal(expired.version, subscription.version + 1);
    assert.equal(expired.endedAt, expiresAt);
    assert.equal(expired.canceledAt, expiresAt);
    assert.equal(expired.nextInvoice, null);
    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.status, 'void');
    assert.equal(invoice.nextPaymentAttemptAt, null);
    assert.equal(invoice.dunningEndsAt, null);
    // The bank's page answered now changes nothing, and the void invoice cannot be paid.
    assert.deepEqual(invoice.paymentAttempts.map((a: any) => [a.status, a.failureCode]), [['failed', 'invoice_voided']]);
    expectError(await buyer.post(`/v1/payments/${paymentId}/confirm`, { outcome: 'approve' }), 409, 'payment_not_confirmable');
    expectError(await buyer.post(`/v1/invoices/${invoiceId}/pay`, {}), 409, 'invoice_not_open');
    // The processor's own books agree: the charge was canceled once the expiry committed, so its challenge can no longer be approved.
    const charge = await server.db.query<{ processor_cancel: string; status: string }>(
      `SELECT p.processor_cancel, c.result->>'status' AS status FROM payments p JOIN test_processor_charges c ON c.id = p.processor_payment_id WHERE p.id = $1`,
      [paymentId],
    );
    assert.deepEqual(charge.rows, [{ processor_cancel: 'canceled', status: 'failed' }]);
    assert.equal((await new TestProcessor(server.db).completeChallenge((await paymentRow(server, paymentId)).processor_payment_id!, 'approve')).status, 'failed');

    // A month on: no renewal, no retry, no second expiry, nothing more written for it.
    const later = await advance(server, { to: plus(expiresAt, 40 * 24 * HOUR) });
    assert.deepEqual(later.statusChanges.filter((c) => c.subscriptionId === subscription.id), []);
    assert.deepEqual(later.events.filter((e) => e.companyId === company.id), []);
    assert.equal(await count(server, 'SELECT count(*)::int AS n FROM invoices WHERE subscription_id = $1', [subscription.id]), 1);
    assert.equal((await (await company.client()).get(`/v1/subscriptions/${subscription.id}`)).body.version, expired.version);
  });

  test('approved on the bank page but never reported before 23 hours: the cancel finds it paid, it is refunded in full, and the subscription stays expired', async () => {
    const { company, subscription, invoiceId, paymentId } = await abandonedCheckout(server);
    const expiresAt = plus(subscription.createdAt, INCOMPLETE_EXPIRY_HOURS * HOUR);
    const payment = await paymentRow(server, paymentId);
    assert.equal((await new TestProcessor(server.db).completeChallenge(payment.processor_payment_id!, 'approve')).status, 'succeeded');
    const report = await advance(server, { to: expiresAt });
    assert.deepEqual(report.statusChanges.filter((c) => c.subscriptionId === subscription.id).map((c) => c.to), ['incomplete_expired']);

    const refunds = await server.db.query<{ amount: string; status: string; credit_note_id: string }>('SELECT amount, status, credit_note_id FROM refunds WHERE payment_id = $1', [paymentId]);
    assert.deepEqual(refunds.rows.map((r) => [Number(r.amount), r.status]), [[Number(payment.amount), 'succeeded']]);
    assert.equal((await paymentRow(server, paymentId)).processor_cancel, 'succeeded');
    const buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'incomplete_expired');
    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.status, 'void');
    const notes = (await buyer.get(`/v1/credit-notes?invoiceId=${invoiceId}`)).body.data;
    assert.deepEqual(notes.map((n: any) => [n.id, n.amount]), [[refunds.rows[0]!.credit_note_id, Number(payment.amount)]]);
    // Worded by the widgets in the buyer's language from its data: a payment after the void, refunded in full.
    assert.deepEqual(notes[0].lines.map((l: any) => l.text), [{ kind: 'late_payment', cause: 'invoice_voided', settlement: 'refund' }]);
    const balance = await count(server, `SELECT coalesce(sum(amount), 0)::int AS n FROM company_balances WHERE company_id = $1`, [company.id]);
    assert.equal(balance, 0, 'the refund gave the money back; nothing is left on the balance');
    const types = await server.db.query<{ type: string }>(`SELECT type FROM events WHERE company_id = $1 AND type LIKE 'refund.%' ORDER BY sequence, type`, [company.id]);
    assert.deepEqual(types.rows.map((r) => r.type), ['refund.created', 'refund.updated']);

    // Later runs refund nothing more.
    await advance(server, { to: plus(expiresAt, 10 * 60_000) });
    assert.equal(await count(server, 'SELECT count(*)::int AS n FROM refunds WHERE payment_id = $1', [paymentId]), 1);
  });

  test('paid on the bank page before 23 hours: active, and it never expires', async () => {
    const { company, subscription, invoiceId, paymentId } = await abandonedCheckout(server);
    await advance(server, { to: plus(subscription.createdAt, 22 * HOUR) });
    let buyer = await company.client();
    const confirmed = await buyer.post(`/v1/payments/${paymentId}/confirm`, { outcome: 'approve' });
    expectStatus(confirmed, 200);
    assert.equal(confirmed.body.status, 'succeeded');
    const report = await advance(server, { to: plus(subscription.createdAt, 48 * HOUR) });
    assert.deepEqual(report.statusChanges.filter((c) => c.subscriptionId === subscription.id), []);
    buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
    assert.equal((await buyer.get(`/v1/invoices/${invoiceId}`)).body.status, 'paid');
  });

  test('an expired subscription cannot be canceled, changed, paused, resumed or reactivated (409), and the plan can be bought again', async () => {
    const { company, subscription } = await abandonedCheckout(server);
    await advance(server, { to: plus(subscription.createdAt, INCOMPLETE_EXPIRY_HOURS * HOUR) });
    const buyer = await company.client();
    const expired = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.equal(expired.status, 'incomplete_expired');
    const id = subscription.id;
    const version = expired.version;
    for (const [path, body] of [
      ['cancel', { reason: 'unused', when: 'now', expectedVersion: version }],
      ['cancel', { reason: 'unused', expectedVersion: version }],
      ['change', { expectedVersion: version, quantity: 2 }],
      ['change/preview', { expectedVersion: version, quantity: 2 }],
      ['pause', { expectedVersion: version }],
      ['resume', { expectedVersion: version }],
      ['skip', { expectedVersion: version }],
      ['reactivate', { expectedVersion: version }],
    ] as const) {
      const res = await buyer.post(`/v1/subscriptions/${id}/${path}`, body);
      assert.equal(res.status, 409, `${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_state', `${path}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await buyer.get(`/v1/subscriptions?status=incomplete_expired`)).body.data.map((s: any) => s.id).join(), id);

    // Its card is not held by it: a new default leaves the expired subscription as it was, and the card can be removed.
    const methods = (await buyer.get('/v1/payment-methods')).body.data;
    const other = await buyer.post('/v1/payment-methods', { testCard: card(CARDS.success) });
    expectStatus(other, 200);
    expectStatus(await buyer.post(`/v1/payment-methods/${other.body.paymentMethod.id}/default`), 200);
    assert.equal((await buyer.get(`/v1/subscriptions/${id}`)).body.version, version);
    for (const method of methods) expectStatus(await buyer.del(`/v1/payment-methods/${method.id}`), 200);

    const again = await checkout(buyer, {
      planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 1, payment: { method: 'card', paymentMethodId: other.body.paymentMethod.id },
    });
    assert.equal(again.status, 'succeeded');
    assert.equal(again.subscription.status, 'active');
    assert.notEqual(again.subscription.id, id);
  });

  test('a payment still awaiting the processor holds the expiry until its answer', async () => {
    const { company, subscription, paymentId } = await abandonedCheckout(server);
    await server.db.query(`UPDATE payments SET status = 'pending' WHERE id = $1`, [paymentId]);
    const at = new Date(plus(subscription.createdAt, INCOMPLETE_EXPIRY_HOURS * HOUR));
    const env = runEnv(server.db, server.config);
    assert.equal((await expireIncompleteBatch(server.db, env, at, 10)).claimed, 0);
    await server.db.query(`UPDATE payments SET status = 'failed' WHERE id = $1`, [paymentId]);
    const batch = await expireIncompleteBatch(server.db, env, at, 10);
    assert.ok(batch.claimed >= 1);
    assert.ok(env.report.statusChanges.some((c) => c.subscriptionId === subscription.id && c.to === 'incomplete_expired'));
    assert.equal((await (await company.client()).get(`/v1/subscriptions/${subscription.id}`)).body.status, 'incomplete_expired');
  });

  test('on PostgreSQL: the batch claims with SKIP LOCKED — a subscription another transaction holds is left, not waited for', { skip: !onPostgres }, async () => {
    const { subscription } = await abandonedCheckout(server);
    const at = new Date(plus(subscription.createdAt, INCOMPLETE_EXPIRY_HOURS * HOUR));
    const env = runEnv(server.db, server.config);
    await server.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM subscriptions WHERE id = $1 FOR UPDATE', [subscription.id]);
      // Another connection of the pool: without SKIP LOCKED it would wait until this transaction ends.
      const waited = new Promise((_, reject) => setTimeout(() => reject(new Error('the batch waited for a row another transaction holds')), 5000).unref());
      await Promise.race([expireIncompleteBatch(server.db, env, at, 1000), waited]);
      const { rows } = await server.db.query<{ status: string }>('SELECT status FROM subscriptions WHERE id = $1', [subscription.id]);
      assert.equal(rows[0]!.status, 'incomplete');
    });
    assert.equal((await expireIncompleteBatch(server.db, env, at, 1000)).claimed, 1);
    assert.ok(env.report.statusChanges.some((c) => c.subscriptionId === subscription.id && c.to === 'incomplete_expired'));
  });
});
