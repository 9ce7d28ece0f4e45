// Refunds: a credit note on a card-paid invoice goes back to the card (SUBKIT_REFUNDS=card), asked by the
// company's billing admin — recorded on both sides (subkit's refund and balance, Stripe's Refund), once.
import assert from 'node:assert/strict';
import { formatMoney } from '@subkit/core';
import { after, before, describe, test } from 'node:test';
import type { TestServer } from '../harness.js';
import { startTestServer } from '../harness.js';
import { asBuyer, card, CARDS, checkout, expectError, expectStatus, IDS, MONTHLY, starterByInvoice } from '../billing/helpers.js';
import { browserCard, STRIPE_CARDS, startStripeTestBed, type StripeTestBed } from './helpers.js';

const STARTER = { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2 } as const;

async function balanceOf(server: TestServer, companyId: string, currency: string): Promise<number> {
  const { rows } = await server.db.query<{ amount: string }>('SELECT amount FROM company_balances WHERE company_id = $1 AND currency = $2', [companyId, currency]);
  return Number(rows[0]?.amount ?? 0);
}

/** Buys with `payment`, cancels at once (the unused time becomes a credit note on the paid invoice) and returns that credit note. */
async function creditNoteAfterCancel(server: TestServer, customerId: string, payment: unknown, currency = 'USD') {
  const admin = await asBuyer(server, customerId);
  const bought = await checkout(admin, { ...STARTER, currency, payment });
  assert.equal(bought.status, 'succeeded');
  server.clock.advance(600);
  expectStatus(await admin.post(`/v1/subscriptions/${bought.subscription.id}/cancel`, { reason: 'too_expensive', when: 'now' }), 200);
  const notes = await admin.get(`/v1/credit-notes?invoiceId=${bought.invoiceId}`);
  expectStatus(notes, 200);
  assert.equal(notes.body.data.length, 1, 'the unused time is a credit note on the paid invoice');
  return { admin, invoiceId: bought.invoiceId, note: notes.body.data[0] as { id: string; amount: number; currency: string } };
}

describe('refunds to the card with Stripe (SUBKIT_REFUNDS=card)', () => {
  let bed: StripeTestBed;
  before(async () => {
    bed = await startStripeTestBed({ config: { refunds: 'card' } });
  });
  after(async () => {
    const errors = bed.server.serverErrors.map((e) => (e as { code?: string }).code);
    await bed.close();
    // The one 503 is the test that cuts Stripe's answers; nothing else may answer 5xx.
    assert.deepEqual(errors, ['processor_unavailable']);
  });

  test("the billing admin has a credit note refunded to the card: a Stripe Refund of the invoice's PaymentIntent, the credit off the balance, once", async () => {
    const pm = await browserCard(bed.fake, STRIPE_CARDS.visa);
    const { admin, invoiceId, note } = await creditNoteAfterCancel(bed.server, 'globex-admin', { method: 'card', stripePaymentMethodId: pm });
    assert.ok(note.amount > 0);
    assert.equal(await balanceOf(bed.server, IDS.globex, 'USD'), note.amount, 'before: the credit sits on the balance');

    const purchaser = await asBuyer(bed.server, 'globex-purchaser');
    expectError(await purchaser.post(`/v1/credit-notes/${note.id}/refund`, {}), 403, 'insufficient_role');

    const res = await admin.post(`/v1/credit-notes/${note.id}/refund`, {});
    expectStatus(res, 200);
    assert.equal(res.body.status, 'succeeded');
    assert.equal(res.body.amount, note.amount);
    assert.equal(res.body.creditNoteId, note.id);
    assert.equal(await balanceOf(bed.server, IDS.globex, 'USD'), 0, 'the credit left the balance');

    const pi = [...bed.fake.state.paymentIntents.values()].find((p) => p.metadata.subkit_invoice_id === invoiceId)!;
    const refunds = () => [...bed.fake.state.refunds.values()].filter((r) => r.payment_intent === pi.id);
    assert.deepEqual(refunds().map((r) => [r.amount, r.status, r.metadata?.subkit_credit_note_id]), [[note.amount, 'succeeded', note.id]]);

    // Asked again (a double click, a retry): the same refund, no second one at Stripe.
    const again = await admin.post(`/v1/credit-notes/${note.id}/refund`, {});
    expectStatus(again, 200);
    assert.equal(again.body.id, res.body.id);
    assert.equal(refunds().length, 1);
    await bed.fake.webhooks.settled();
    const events = await bed.server.db.query<{ type: string }>(`SELECT type FROM events WHERE object_id = $1 ORDER BY sequence`, [res.body.id]);
    assert.deepEqual(events.rows.map((e) => e.type), ['refund.created', 'refund.updated']);
  });

  test('Stripe out of reach: the refund stays pending (503), its credit held; asking again issues it with its key — one Refund', async () => {
    const pm = await browserCard(bed.fake, STRIPE_CARDS.mastercard);
    const { admin, note } = await creditNoteAfterCancel(bed.server, 'acme-admin', { method: 'card', stripePaymentMethodId: pm });
    const made = () => [...bed.fake.state.refunds.values()].filter((r) => r.metadata?.subkit_credit_note_id === note.id);
    const from = bed.fake.requests.length;
    // stripe-node tries three times (two retries, same key): Stripe answers 500 each time, without acting.
    bed.fake.inject({ method: 'POST', path: '/v1/refunds', kind: 'api_error', times: 3 });
    expectError(await admin.post(`/v1/credit-notes/${note.id}/refund`, {}), 503, 'processor_unavailable');
    const pending = await bed.server.db.query<{ status: string; idempotency_key: string }>('SELECT status, idempotency_key FROM refunds WHERE credit_note_id = $1', [note.id]);
    assert.deepEqual(pending.rows, [{ status: 'pending', idempotency_key: `${note.id}:refund` }]);
    assert.equal(made().length, 0);
    assert.equal(await balanceOf(bed.server, IDS.acme, 'USD'), 0, 'the pending refund holds the credit: it cannot pay an invoice meanwhile');

    const again = await admin.post(`/v1/credit-notes/${note.id}/refund`, {});
    expectStatus(again, 200);
    assert.equal(again.body.status, 'succeeded');
    assert.equal(made().length, 1, 'one Refund at Stripe');
    const keys = bed.fake.requests.slice(from).filter((r) => r.method === 'POST' && r.path === '/v1/refunds').map((r) => r.idempotencyKey);
    assert.deepEqual([...new Set(keys)], [`${note.id}:refund`], 'every try carried the same key');
  });

  test('a refund that fails after it succeeded (refund.failed, delivered twice): failed once, the credit back on the balance once', async () => {
    const pm = await browserCard(bed.fake, STRIPE_CARDS.visa);
    const { admin, note } = await creditNoteAfterCancel(bed.server, 'acme-admin', { method: 'card', stripePaymentMethodId: pm });
    const res = await admin.post(`/v1/credit-notes/${note.id}/refund`, {});
    expectStatus(res, 200);
    assert.equal(res.body.status, 'succeeded');
    // Stripe's events about the refund's creation (refund.created, charge.refunded) are applied before it fails.
    await bed.fake.webhooks.settled();
    const before = await balanceOf(bed.server, IDS.acme, 'USD');
    const refund = [...bed.fake.state.refunds.values()].find((r) => r.metadata?.subkit_credit_note_id === note.id)!;
    // What Stripe does when the card's account was closed after the refund was accepted.
    refund.status = 'failed';
    refund.failure_reason = 'expired_or_canceled_card';
    const event = bed.fake.webhooks.emit('refund.failed', refund, null);
    const second = bed.fake.webhooks.emit('refund.updated', refund, null);
    await bed.fake.webhooks.settled();
    const row = (await bed.server.db.query<{ status: string; failure_reason: string }>('SELECT status, failure_reason FROM refunds WHERE credit_note_id = $1', [note.id])).rows[0];
    assert.deepEqual(row, { status: 'failed', failure_reason: 'expired_or_canceled_card' });
    assert.equal(await balanceOf(bed.server, IDS.acme, 'USD'), before + note.amount, 'the credit is back, once');
    const outcomes = await bed.server.db.query<{ id: string; outcome: string }>(`SELECT id, outcome FROM stripe_events WHERE object_id = $1 ORDER BY received_at`, [refund.id]);
    assert.ok(outcomes.rows.some((r) => r.id === event.id && r.outcome === 'applied'));
    assert.deepEqual(outcomes.rows.filter((r) => r.id === second.id).map((r) => r.outcome), ['ignored'], 'the second event changed nothing');
  });

  test('Stripe refuses (the payment was charged back): the refund fails and the credit goes back on the balance', async () => {
    const pm = await browserCard(bed.fake, STRIPE_CARDS.dispute);
    const { admin, note } = await creditNoteAfterCancel(bed.server, 'globex-admin', { method: 'card', stripePaymentMethodId: pm });
    await bed.fake.webhooks.settled();
    const before = await balanceOf(bed.server, IDS.globex, 'USD');
    const res = await admin.post(`/v1/credit-notes/${note.id}/refund`, {});
    expectStatus(res, 200);
    assert.equal(res.body.status, 'failed');
    assert.equal(res.body.failureReason, 'charge_disputed');
    assert.equal(await balanceOf(bed.server, IDS.globex, 'USD'), before, 'the credit is back on the balance');
  });

  test('an invoice paid by bank transfer has no card to refund to (409); another company\'s credit note is not found (404)', async () => {
    const acme = await asBuyer(bed.server, 'acme-admin');
    const { subscription, invoiceId } = await checkout(acme, starterByInvoice());
    await bed.server.db.query(`UPDATE invoices SET status = 'paid', amount_paid = amount_due, amount_due = 0 WHERE id = $1`, [invoiceId]);
    bed.server.clock.advance(600);
    expectStatus(await acme.post(`/v1/subscriptions/${subscription.id}/cancel`, { reason: 'too_expensive', when: 'now' }), 200);
    const notes = (await acme.get(`/v1/credit-notes?invoiceId=${invoiceId}`)).body.data as { id: string }[];
    assert.equal(notes.length, 1);
    expectError(await acme.post(`/v1/credit-notes/${notes[0]!.id}/refund`, {}), 409, 'credit_note_not_refundable');
    const globex = await asBuyer(bed.server, 'globex-admin');
    expectError(await globex.post(`/v1/credit-notes/${notes[0]!.id}/refund`, {}), 404, 'resource_missing');
  });
});

describe('refunds with the test processor, and the default policy', () => {
  test('SUBKIT_REFUNDS=card: a test-card payment is refunded the same way', async () => {
    const server = await startTestServer({ config: { refunds: 'card' } });
    try {
      const { admin, note } = await creditNoteAfterCancel(server, 'globex-admin', { method: 'card', testCard: card(CARDS.success) });
      const res = await admin.post(`/v1/credit-notes/${note.id}/refund`, {});
      expectStatus(res, 200);
      assert.equal(res.body.status, 'succeeded');
      assert.equal(await balanceOf(server, IDS.globex, 'USD'), 0);
    } finally {
      await server.close();
    }
  });

  test('by default (SUBKIT_REFUNDS=balance) credit stays on the balance: 400 refunds_not_offered, nothing changed', async () => {
    const server = await startTestServer();
    try {
      const { admin, note } = await creditNoteAfterCancel(server, 'globex-admin', { method: 'card', testCard: card(CARDS.success) });
      expectError(await admin.post(`/v1/credit-notes/${note.id}/refund`, {}), 400, 'refunds_not_offered', 'creditNoteId');
      expectError(await admin.post('/v1/credit-notes/cn_nonexistent/refund', {}), 404, 'resource_missing');
      assert.equal(await balanceOf(server, IDS.globex, 'USD'), note.amount);
      assert.equal((await server.db.query('SELECT 1 FROM refunds')).rowCount, 0);
    } finally {
      await server.close();
    }
  });

  test('a credit note for more than the card payment can still refund: the 409 says how much it can (paid partly from credit; refunded before)', async () => {
    const server = await startTestServer({ config: { refunds: 'card' } });
    try {
      const { admin, invoiceId, note } = await creditNoteAfterCancel(server, 'globex-admin', { method: 'card', testCard: card(CARDS.success) });
      const money = (minor: number) => formatMoney(minor, 'USD', 'en');
      const number = (await server.db.query<{ number: string }>('SELECT number FROM invoices WHERE id = $1', [invoiceId])).rows[0]!.number;
      // As when the invoice was paid partly from credit: the card paid less than this credit note gives back.
      const cardPaid = note.amount - 100;
      await server.db.query(`UPDATE payments SET amount = $2 WHERE invoice_id = $1 AND status = 'succeeded'`, [invoiceId, cardPaid]);
      const partly = await admin.post(`/v1/credit-notes/${note.id}/refund`, {});
      expectError(partly, 409, 'credit_note_not_refundable');
      // Before: "The card payment of this invoice has been refunded already." — nothing had been refunded.
      assert.equal(
        partly.body.error.message,
        `This credit note is for ${money(note.amount)}, more than the card payment of invoice ${number} can still refund: ${money(cardPaid)} of the ${money(cardPaid)} it paid. Its credit stays on your balance.`,
      );
      // Refunded in part before: the message says what is left, and what went back already.
      await server.db.query(`UPDATE payments SET amount = $2 WHERE invoice_id = $1 AND status = 'succeeded'`, [invoiceId, note.amount + 50]);
      expectStatus(await admin.post(`/v1/credit-notes/${note.id}/refund`, {}), 200);
      await server.db.query(
        `INSERT INTO credit_notes (id, number, invoice_id, company_id, currency, amount, reason, memo, lines, created_at)
         SELECT 'cn_second', number || '-2', invoice_id, company_id, currency, 80, reason, memo, lines, created_at FROM credit_notes WHERE id = $1`,
        [note.id],
      );
      await server.db.query('UPDATE company_balances SET amount = amount + 80 WHERE company_id = $1 AND currency = $2', [IDS.globex, 'USD']);
      const second = await admin.post('/v1/credit-notes/cn_second/refund', {});
      expectError(second, 409, 'credit_note_not_refundable');
      assert.equal(
        second.body.error.message,
        `This credit note is for ${money(80)}, more than the card payment of invoice ${number} can still refund: ${money(50)} of the ${money(note.amount + 50)} it paid (${money(note.amount)} refunded already). Its credit stays on your balance.`,
      );
      // All of it refunded: then "refunded already" is what is true.
      await server.db.query(`UPDATE payments SET amount = $2 WHERE invoice_id = $1 AND status = 'succeeded'`, [invoiceId, note.amount]);
      assert.equal(
        (await admin.post('/v1/credit-notes/cn_second/refund', {})).body.error.message,
        `The card payment of invoice ${number} (${money(note.amount)}) has been refunded in full already: this credit note's credit stays on your balance.`,
      );
      assert.equal(await balanceOf(server, IDS.globex, 'USD'), 80, 'the refused credit notes stay on the balance');
    } finally {
      await server.close();
    }
  });

  // Two credit notes of one card payment refunded at once must not send back more than the card paid (a payment
  // partly paid from credit has notes that together exceed it). Real concurrency needs a second connection: Postgres.
  test('two credit notes of one payment refunded at once: never more back to the card than it paid (the second is a 409)', { skip: process.env.SUBKIT_TEST_DB !== 'postgres' }, async () => {
    const server = await startTestServer({ config: { refunds: 'card' } });
    try {
      const { admin, invoiceId, note } = await creditNoteAfterCancel(server, 'globex-admin', { method: 'card', testCard: card(CARDS.success) });
      const paid = Number((await server.db.query<{ amount: string }>(`SELECT amount FROM payments WHERE invoice_id = $1 AND status = 'succeeded'`, [invoiceId])).rows[0]!.amount);
      // A second note on the same invoice, as when part of it was paid from credit: each fits what the card paid, both do not.
      const second = paid - note.amount + 1;
      await server.db.query(
        `INSERT INTO credit_notes (id, number, invoice_id, company_id, currency, amount, reason, memo, lines, created_at)
         SELECT 'cn_race_second', number || '-2', invoice_id, company_id, currency, $2, reason, memo, lines, created_at FROM credit_notes WHERE id = $1`,
        [note.id, second],
      );
      await server.db.query('UPDATE company_balances SET amount = amount + $2 WHERE company_id = $1 AND currency = $3', [IDS.globex, second, 'USD']);
      // Hold the company's balance row so that both refunds are inside their transactions at once, then let them go.
      let answers: Awaited<ReturnType<typeof admin.post>>[] = [];
      await server.db.transaction(async (tx) => {
        await tx.query('SELECT amount FROM company_balances WHERE company_id = $1 FOR UPDATE', [IDS.globex]);
        const both = Promise.all([note.id, 'cn_race_second'].map((id) => admin.post(`/v1/credit-notes/${id}/refund`, {})));
        for (let waiting = 0; waiting < 2; ) {
          await new Promise((r) => setTimeout(r, 20));
          const { rows } = await server.db.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
          waiting = Number(rows[0]!.n);
        }
        void both.then((a) => (answers = a));
      });
      while (answers.length === 0) await new Promise((r) => setTimeout(r, 20));
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [200, 409], `answers: ${JSON.stringify(answers.map((a) => a.body))}`);
      expectError(answers.find((a) => a.status === 409)!, 409, 'credit_note_not_refundable');
      const { rows } = await server.db.query<{ total: string }>(`SELECT sum(amount) AS total FROM refunds WHERE invoice_id = $1 AND status <> 'failed'`, [invoiceId]);
      assert.ok(Number(rows[0]!.total) <= paid, `refunded ${rows[0]!.total} of a ${paid} card payment`);
    } finally {
      await server.close();
    }
  });
});
