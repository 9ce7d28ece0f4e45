// Refunds made at Stripe, not through subkit: the merchant refunds a charge in the Stripe Dashboard. subkit's books
// (the one system of record) must show the money that left — a credit note on the invoice it paid and a refund with
// Stripe's id, sent out as subkit's own refunds are — once, however often and in whatever order Stripe's events come.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Stripe from 'stripe';
import { TEST_ORIGIN, type TestServer } from '../harness.js';
import { asBuyer, checkout, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { browserCard, chargeOfInvoice, refundInDashboard, settleRefundAtStripe, STRIPE_CARDS, startStripeTestBed, type StripeTestBed } from './helpers.js';

const STARTER = { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2 } as const;

interface Books {
  notes: { id: string; amount: number; reason: string; lines: { amount: number; text?: unknown }[] }[];
  refunds: { id: string; credit_note_id: string; amount: number; status: string; processor_refund_id: string | null }[];
}

/** The invoice's credit notes and refunds as subkit recorded them, oldest first. */
async function booksOf(server: TestServer, invoiceId: string): Promise<Books> {
  const notes = await server.db.query<Books['notes'][number]>('SELECT id, amount::int AS amount, reason, lines FROM credit_notes WHERE invoice_id = $1 ORDER BY created_at, id', [invoiceId]);
  const refunds = await server.db.query<Books['refunds'][number]>(
    'SELECT id, credit_note_id, amount::int AS amount, status, processor_refund_id FROM refunds WHERE invoice_id = $1 ORDER BY created_at, id',
    [invoiceId],
  );
  return { notes: notes.rows, refunds: refunds.rows };
}

async function balanceOf(server: TestServer, companyId: string): Promise<number> {
  const { rows } = await server.db.query<{ amount: string }>(`SELECT amount FROM company_balances WHERE company_id = $1 AND currency = 'USD'`, [companyId]);
  return Number(rows[0]?.amount ?? 0);
}

/** The outbound events about these objects (credit notes, refunds), in the order written. */
async function eventsAbout(server: TestServer, ids: readonly string[]): Promise<string[]> {
  const { rows } = await server.db.query<{ type: string }>('SELECT type FROM events WHERE object_id = ANY($1::text[]) ORDER BY sequence', [ids]);
  return rows.map((r) => r.type);
}

describe('refunds made in the Stripe Dashboard', () => {
  let bed: StripeTestBed;
  before(async () => {
    bed = await startStripeTestBed({ config: { refunds: 'card' } });
  });
  after(async () => {
    const errors = bed.server.serverErrors;
    await bed.close();
    assert.deepEqual(errors, []);
  });

  /** Starter × 2 bought by the company's admin with a Visa through Stripe: the paid invoice and the charge that paid it. */
  async function paidByCard(customerId: string) {
    const admin = await asBuyer(bed.server, customerId);
    const bought = await checkout(admin, { ...STARTER, payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.visa) } });
    assert.equal(bought.status, 'succeeded');
    await bed.fake.webhooks.settled();
    return { admin, invoiceId: bought.invoiceId, subscriptionId: bought.subscription.id as string, charge: chargeOfInvoice(bed.fake, bought.invoiceId) };
  }

  async function dashboardRefund(chargeId: string, opts: Parameters<typeof refundInDashboard>[2] = {}): Promise<Stripe.Refund> {
    const refund = await refundInDashboard(bed.fake, chargeId, opts);
    await bed.fake.webhooks.settled();
    return refund;
  }

  test('a full refund: a credit note for all of it (refunded at the processor), a succeeded refund with Stripe\'s id, the events subkit\'s own refunds send; the invoice stays paid', async () => {
    const { admin, invoiceId, charge } = await paidByCard('acme-admin');
    const balance = await balanceOf(bed.server, IDS.acme);
    const refund = await dashboardRefund(charge.id);
    assert.equal(refund.amount, charge.amount);

    const { notes, refunds } = await booksOf(bed.server, invoiceId);
    assert.equal(notes.length, 1);
    assert.deepEqual(
      [notes[0]!.amount, notes[0]!.reason, notes[0]!.lines.map((l) => [l.amount, l.text])],
      [charge.amount, 'other', [[charge.amount, { kind: 'refunded_at_processor', settlement: 'refund' }]]],
    );
    assert.deepEqual(refunds.map((r) => [r.credit_note_id, r.amount, r.status, r.processor_refund_id]), [[notes[0]!.id, charge.amount, 'succeeded', refund.id]]);
    assert.deepEqual(await eventsAbout(bed.server, [notes[0]!.id, refunds[0]!.id]), ['credit_note.created', 'refund.created', 'refund.updated']);
    assert.equal(await balanceOf(bed.server, IDS.acme), balance, 'the money went back to the card, not to the balance');

    const invoice = await admin.get(`/v1/invoices/${invoiceId}`);
    expectStatus(invoice, 200);
    assert.equal(invoice.body.status, 'paid');
    const listed = await admin.get(`/v1/credit-notes?invoiceId=${invoiceId}`);
    expectStatus(listed, 200);
    assert.deepEqual(listed.body.data.map((n: { id: string; amount: number }) => [n.id, n.amount]), [[notes[0]!.id, charge.amount]]);
    const pdf = await fetch(`${bed.server.url}/v1/invoices/${invoiceId}/pdf`, { headers: { authorization: `Bearer ${await bed.server.mintSession('acme-admin', { ttlSeconds: 600 })}`, origin: TEST_ORIGIN } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    await pdf.arrayBuffer();
  });

  test('a partial refund, then a second one: a credit note and a refund for each, adding up to what Stripe refunded', async () => {
    const { invoiceId, charge } = await paidByCard('globex-admin');
    const first = await dashboardRefund(charge.id, { amount: 1000 });
    const second = await dashboardRefund(charge.id, { amount: 2500, reason: 'duplicate' });
    assert.equal(bed.fake.state.charges.get(charge.id)!.amount_refunded, 3500);

    const { notes, refunds } = await booksOf(bed.server, invoiceId);
    assert.deepEqual(notes.map((n) => [n.amount, n.reason]), [[1000, 'other'], [2500, 'duplicate']]);
    assert.deepEqual(refunds.map((r) => [r.credit_note_id, r.amount, r.status, r.processor_refund_id]), [
      [notes[0]!.id, 1000, 'succeeded', first.id],
      [notes[1]!.id, 2500, 'succeeded', second.id],
    ]);
  });

  /**
   * A Dashboard refund of `amount` whose events are held, then delivered as `deliver` does with its refund.created and
   * charge.refunded events; returns the refund and what subkit recorded for the invoice.
   */
  async function heldDashboardRefund(invoiceId: string, chargeId: string, amount: number, deliver: (created: Stripe.Event, refunded: Stripe.Event) => Promise<void>) {
    bed.fake.webhooks.hold();
    try {
      const refund = await refundInDashboard(bed.fake, chargeId, { amount });
      const about = (id: string) => (e: Stripe.Event) => (e.data.object as { id: string }).id === id;
      await deliver(bed.fake.webhooks.eventsOf('refund.created').find(about(refund.id))!, bed.fake.webhooks.eventsOf('charge.refunded').filter(about(chargeId)).at(-1)!);
      return { refund, ...(await booksOf(bed.server, invoiceId)) };
    } finally {
      bed.fake.webhooks.release();
    }
  }

  test('events delivered again, and in the other order (charge.refunded before refund.created): recorded once', async () => {
    const { invoiceId, charge } = await paidByCard('acme-admin');
    const { refund, notes, refunds } = await heldDashboardRefund(invoiceId, charge.id, 1200, async (created, refunded) => {
      for (const event of [refunded, created, refunded, created]) assert.deepEqual(await bed.fake.webhooks.deliver(event), [200]);
    });
    assert.deepEqual(notes.map((n) => n.amount), [1200]);
    assert.deepEqual(refunds.map((r) => [r.amount, r.processor_refund_id]), [[1200, refund.id]]);
    const outcomes = await bed.server.db.query<{ type: string; outcome: string }>(
      `SELECT type, outcome FROM stripe_events WHERE object_id = ANY($1::text[]) ORDER BY received_at`,
      [[refund.id, charge.id]],
    );
    assert.deepEqual(outcomes.rows.filter((r) => r.type === 'charge.refunded' || r.type === 'refund.created'), [
      { type: 'charge.refunded', outcome: 'applied' },
      { type: 'refund.created', outcome: 'ignored' },
    ]);
  });

  // On Postgres the two deliveries really race: both find no refund, and the invoice and payment locks make the
  // second look again once the first committed.
  test('refund.created and charge.refunded delivered at once: one credit note, one refund', async () => {
    const { invoiceId, charge } = await paidByCard('globex-admin');
    const { refund, notes, refunds } = await heldDashboardRefund(invoiceId, charge.id, 900, async (created, refunded) => {
      assert.deepEqual(await Promise.all([created, refunded, created].map((e) => bed.fake.webhooks.deliver(e))), [[200], [200], [200]]);
    });
    assert.deepEqual(notes.map((n) => n.amount), [900]);
    assert.deepEqual(refunds.map((r) => [r.amount, r.processor_refund_id]), [[900, refund.id]]);
  });

  test("subkit's own refund of a credit note is not recorded a second time from Stripe's events — also when they come after a crash kept Stripe's answer from subkit", async () => {
    const { admin, invoiceId, subscriptionId } = await paidByCard('globex-admin');
    bed.server.clock.advance(600);
    expectStatus(await admin.post(`/v1/subscriptions/${subscriptionId}/cancel`, { reason: 'too_expensive', when: 'now' }), 200);
    const note = (await booksOf(bed.server, invoiceId)).notes[0]!;
    const own = (events: Stripe.Event[]) => events.filter((e) => (e.data.object as Stripe.Refund).metadata?.subkit_credit_note_id === note.id);
    bed.fake.webhooks.hold();
    try {
      const res = await admin.post(`/v1/credit-notes/${note.id}/refund`, {});
      expectStatus(res, 200);
      assert.equal(res.body.status, 'succeeded');
      // As a crash between Stripe's answer and recording it leaves the refund: pending, without Stripe's id.
      await bed.server.db.query(`UPDATE refunds SET status = 'pending', processor_refund_id = NULL WHERE credit_note_id = $1`, [note.id]);
      const [created] = own(bed.fake.webhooks.eventsOf('refund.created'));
      const refunded = bed.fake.webhooks.eventsOf('charge.refunded').at(-1)!;
      for (const event of [created!, refunded, created!]) assert.deepEqual(await bed.fake.webhooks.deliver(event), [200]);
    } finally {
      bed.fake.webhooks.release();
    }
    const stripeRefund = [...bed.fake.state.refunds.values()].find((r) => r.metadata?.subkit_credit_note_id === note.id)!;
    const { notes, refunds } = await booksOf(bed.server, invoiceId);
    assert.deepEqual(notes.map((n) => n.id), [note.id], "no credit note besides the cancellation's");
    assert.deepEqual(refunds.map((r) => [r.credit_note_id, r.amount, r.status, r.processor_refund_id]), [[note.id, note.amount, 'succeeded', stripeRefund.id]]);
  });

  test('a charge subkit does not know (made at Stripe by another integration): unknown_object, nothing recorded', async () => {
    const customer = await bed.stripe.customers.create({ name: 'Not a subkit customer' });
    const pm = await browserCard(bed.fake, STRIPE_CARDS.visa);
    const pi = await bed.stripe.paymentIntents.create({ amount: 4200, currency: 'usd', customer: customer.id, payment_method: pm, confirm: true });
    const before = Number((await bed.server.db.query<{ n: string }>('SELECT count(*) AS n FROM refunds')).rows[0]!.n);
    const refund = await dashboardRefund(pi.latest_charge as string);
    const outcomes = await bed.server.db.query<{ type: string; outcome: string }>(`SELECT type, outcome FROM stripe_events WHERE object_id = ANY($1::text[]) ORDER BY received_at`, [
      [refund.id, pi.latest_charge],
    ]);
    assert.deepEqual(outcomes.rows.filter((r) => r.type.includes('refund')), [
      { type: 'refund.created', outcome: 'unknown_object' },
      { type: 'charge.refunded', outcome: 'unknown_object' },
    ]);
    assert.equal(Number((await bed.server.db.query<{ n: string }>('SELECT count(*) AS n FROM refunds')).rows[0]!.n), before);
  });

  test('a pending refund is recorded pending, then settled by refund.updated; one that fails later puts the credit on the balance', async () => {
    const { invoiceId, charge } = await paidByCard('acme-admin');
    const pending = await dashboardRefund(charge.id, { amount: 700, status: 'pending' });
    let { refunds } = await booksOf(bed.server, invoiceId);
    assert.deepEqual(refunds.map((r) => [r.amount, r.status]), [[700, 'pending']]);
    await settleRefundAtStripe(bed.fake, pending.id, 'succeeded');
    await bed.fake.webhooks.settled();
    ({ refunds } = await booksOf(bed.server, invoiceId));
    assert.deepEqual(refunds.map((r) => [r.amount, r.status]), [[700, 'succeeded']]);
    assert.deepEqual(await eventsAbout(bed.server, [refunds[0]!.id]), ['refund.created', 'refund.updated']);

    const balance = await balanceOf(bed.server, IDS.acme);
    await settleRefundAtStripe(bed.fake, pending.id, 'failed');
    await bed.fake.webhooks.settled();
    ({ refunds } = await booksOf(bed.server, invoiceId));
    assert.deepEqual(refunds.map((r) => [r.amount, r.status]), [[700, 'failed']]);
    assert.equal(await balanceOf(bed.server, IDS.acme), balance + 700, 'the credit note stays; its credit is the company\'s, once');
  });

  test('a refund of more than the invoice has left to credit (part of it was credited to the balance before): the credit note takes what is left, the rest leaves the balance — never below zero', async () => {
    const { admin, invoiceId, subscriptionId, charge } = await paidByCard('globex-admin');
    bed.server.clock.advance(600);
    expectStatus(await admin.post(`/v1/subscriptions/${subscriptionId}/cancel`, { reason: 'too_expensive', when: 'now' }), 200);
    const unused = (await booksOf(bed.server, invoiceId)).notes[0]!;
    const balance = await balanceOf(bed.server, IDS.globex);
    assert.ok(balance >= unused.amount, 'the unused time is on the balance');

    const refund = await dashboardRefund(charge.id);
    const { notes, refunds } = await booksOf(bed.server, invoiceId);
    const total = Number((await bed.server.db.query<{ total: string }>('SELECT total FROM invoices WHERE id = $1', [invoiceId])).rows[0]!.total);
    assert.deepEqual(notes.map((n) => n.amount), [unused.amount, total - unused.amount], 'the credit notes add up to the invoice, not more');
    assert.deepEqual(refunds.map((r) => [r.credit_note_id, r.amount, r.status]), [[notes[1]!.id, refund.amount, 'succeeded']], 'the refund is what Stripe gave back');
    assert.equal(await balanceOf(bed.server, IDS.globex), balance - unused.amount, 'the unused time was paid out with the refund');
  });
});
