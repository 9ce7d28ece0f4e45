// An attempt awaiting 3-D Secure that a newer attempt of its invoice replaces (Pay now again, a dunning retry)
// is canceled at the processor after the newer one is recorded — here the test processor, whose books say what
// the bank's page would still answer. One that went through anyway pays the invoice if it is still open, else it
// is refunded in full: the invoice keeps one payment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ProcessorUnavailableError, TestProcessor, usePaymentProcessor } from '../../src/engine/processor/index.js';
import type { PaymentRow } from '../../src/engine/rows.js';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, count, newCompany } from './run-helpers.js';

const DAY = 86_400_000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

describe('a superseded attempt awaiting 3-D Secure is canceled at the processor', () => {
  let server: TestServer;
  /** While set, the processor does not answer cancels, or charges (an outage): they stay recorded for the sweep. */
  let cancelsDown = false;
  let chargesDown = false;
  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-08-02T08:00:00.000Z'));
    // A TestProcessor still, so the buyer's confirm answers its bank page as it would.
    const processor = new (class extends TestProcessor {
      override async cancelCharge(request: Parameters<TestProcessor['cancelCharge']>[0]) {
        if (cancelsDown) throw new ProcessorUnavailableError('connection reset');
        return super.cancelCharge(request);
      }
      override async charge(request: Parameters<TestProcessor['charge']>[0]) {
        if (chargesDown) throw new ProcessorUnavailableError('connection reset');
        return super.charge(request);
      }
    })(server.db);
    usePaymentProcessor(server.db, processor);
  });
  after(() => server.close());

  const paymentRow = async (id: string) => (await server.db.query<PaymentRow>('SELECT * FROM payments WHERE id = $1', [id])).rows[0]!;
  /** What the test processor's books say of a payment's charge. */
  const booked = async (id: string) =>
    (
      await server.db.query<{ status: string; code: string | null }>(
        `SELECT c.result->>'status' AS status, c.result->>'code' AS code FROM payments p JOIN test_processor_charges c ON c.id = p.processor_payment_id WHERE p.id = $1`,
        [id],
      )
    ).rows[0];
  /** Money the processor kept for an invoice: its charges that went through, minus the refunds that did. */
  const kept = (invoiceId: string) =>
    count(
      server,
      `SELECT (coalesce((SELECT sum(c.amount) FROM payments p JOIN test_processor_charges c ON c.id = p.processor_payment_id
                          WHERE p.invoice_id = $1 AND c.result->>'status' = 'succeeded'), 0)
             - coalesce((SELECT sum(amount) FROM refunds WHERE invoice_id = $1 AND status = 'succeeded'), 0))::int AS n`,
      [invoiceId],
    );
  const balance = (companyId: string) => count(server, 'SELECT coalesce(sum(amount), 0)::int AS n FROM company_balances WHERE company_id = $1', [companyId]);
  const paidEvents = (invoiceId: string) => count(server, `SELECT count(*)::int AS n FROM events WHERE type = 'invoice.paid' AND object_id = $1`, [invoiceId]);

  /** A Starter checkout by a card whose bank always asks for 3-D Secure, left at the bank's page: incomplete. */
  async function leftAtTheBank() {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const started = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 1, payment: { method: 'card', testCard: card(CARDS.scaAlways) } });
    assert.equal(started.status, 'requires_action');
    return { company, buyer, subscriptionId: started.subscription.id as string, invoiceId: started.invoiceId as string, first: started.nextAction.paymentId as string };
  }

  async function payNow(buyer: any, invoiceId: string): Promise<string> {
    const res = await buyer.post(`/v1/invoices/${invoiceId}/pay`, {});
    expectStatus(res, 200);
    assert.equal(res.body.status, 'requires_action');
    return res.body.nextAction.paymentId;
  }

  test('Pay now while the first attempt awaits: its charge is canceled in the processor’s books, its bank page can no longer approve it, the newer one pays the invoice once', async () => {
    const { company, buyer, subscriptionId, invoiceId, first } = await leftAtTheBank();
    const second = await payNow(buyer, invoiceId);
    assert.deepEqual(await booked(first), { status: 'failed', code: 'payment_intent_canceled' });
    assert.deepEqual([(await paymentRow(first)).failure_code, (await paymentRow(first)).processor_cancel], ['superseded', 'canceled']);
    expectError(await buyer.post(`/v1/payments/${first}/confirm`, { outcome: 'approve' }), 409, 'payment_not_confirmable');

    expectStatus(await buyer.post(`/v1/payments/${second}/confirm`, { outcome: 'approve' }), 200);
    assert.equal((await buyer.get(`/v1/subscriptions/${subscriptionId}`)).body.status, 'active');
    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
    assert.equal(await kept(invoiceId), invoice.amountDue);
    assert.equal(await paidEvents(invoiceId), 1);
    assert.equal(await balance(company.id), 0);
  });

  test('the cancel went unanswered; the newer attempt paid, then the old page was approved: the confirm answers failed and the old charge is refunded in full', async () => {
    const { company, buyer, subscriptionId, invoiceId, first } = await leftAtTheBank();
    cancelsDown = true;
    let second: string;
    try {
      second = await payNow(buyer, invoiceId);
    } finally {
      cancelsDown = false;
    }
    assert.equal((await paymentRow(first)).processor_cancel, 'pending');
    assert.equal((await booked(first))?.status, 'requires_action', 'the processor never heard of the cancel');
    expectStatus(await buyer.post(`/v1/payments/${second}/confirm`, { outcome: 'approve' }), 200);

    // The old tab: the bank's page approves the first charge while its cancel is still unanswered.
    const late = await buyer.post(`/v1/payments/${first}/confirm`, { outcome: 'approve' });
    expectStatus(late, 200);
    assert.equal(late.body.status, 'failed', 'it did not pay the invoice a second time');
    assert.equal((await booked(first))?.status, 'succeeded');
    const refunds = await server.db.query<{ amount: string; status: string }>('SELECT amount, status FROM refunds WHERE payment_id = $1', [first]);
    const amount = Number((await paymentRow(first)).amount);
    assert.deepEqual(refunds.rows.map((r) => [Number(r.amount), r.status]), [[amount, 'succeeded']]);
    assert.equal((await paymentRow(first)).processor_cancel, 'succeeded');

    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
    assert.equal(await kept(invoiceId), invoice.amountDue, 'taken twice, given back once');
    assert.equal(await paidEvents(invoiceId), 1);
    assert.equal(await balance(company.id), 0);
    assert.equal((await buyer.get(`/v1/subscriptions/${subscriptionId}`)).body.status, 'active');
    // A second confirm, and the next runs, change nothing.
    expectError(await buyer.post(`/v1/payments/${first}/confirm`, { outcome: 'approve' }), 409, 'payment_not_confirmable');
    await advance(server, { by: 'PT5M' });
    assert.equal(await count(server, 'SELECT count(*)::int AS n FROM refunds WHERE payment_id = $1', [first]), 1);
  });

  test('a dunning retry supersedes the page the buyer left open; the old page approved before the retry’s cancel arrived pays the still-open invoice, and subscription is active again', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.success) } });
    const setup = await buyer.post('/v1/payment-methods', { testCard: card(CARDS.scaAlways) });
    expectStatus(setup, 200);
    expectStatus(await buyer.post(`/v1/payment-methods/${setup.body.paymentMethod.id}/default`), 200);
    // The renewal wants 3-D Secure off-session: past due, retried on day 1.
    await advance(server, { to: subscription.currentPeriodEnd });
    const open = (await (await company.client()).get(`/v1/invoices?subscriptionId=${subscription.id}&status=open`)).body.data;
    assert.equal(open.length, 1);
    const invoiceId: string = open[0].id;
    let client = await company.client();
    const onPage = await payNow(client, invoiceId);

    // The buyer approves on the bank's page but the answer never reaches subkit; the day-1 retry replaces the attempt.
    const payment = await paymentRow(onPage);
    assert.equal((await new TestProcessor(server.db).completeChallenge(payment.processor_payment_id!, 'approve')).status, 'succeeded');
    await advance(server, { to: plus(subscription.currentPeriodEnd, DAY) });

    const attempts = (await server.db.query<PaymentRow>('SELECT * FROM payments WHERE invoice_id = $1 ORDER BY attempt', [invoiceId])).rows;
    assert.deepEqual(attempts.map((a) => [a.status, a.failure_code, a.processor_cancel]), [
      ['failed', 'authentication_required', null],
      ['succeeded', null, 'succeeded'],
      ['failed', 'authentication_required', null],
    ]);
    client = await company.client();
    const invoice = (await client.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
    assert.equal((await client.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
    assert.equal(await kept(invoiceId), invoice.amountDue);
    assert.equal(await count(server, 'SELECT count(*)::int AS n FROM refunds WHERE invoice_id = $1', [invoiceId]), 0);
    assert.equal(await paidEvents(invoiceId), 1);
    // No more retries for a paid invoice.
    await advance(server, { to: plus(subscription.currentPeriodEnd, 8 * DAY) });
    assert.equal(await count(server, 'SELECT count(*)::int AS n FROM payments WHERE invoice_id = $1', [invoiceId]), 3);
  });

  test('the old page approved while the newer attempt’s charge has no answer yet: nothing is decided until that answer is in; then the old payment pays and the newer one is canceled', async () => {
    const { company, buyer, subscriptionId, invoiceId, first } = await leftAtTheBank();
    cancelsDown = true;
    chargesDown = true;
    try {
      const res = await buyer.post(`/v1/invoices/${invoiceId}/pay`, {});
      expectStatus(res, 503);
    } finally {
      cancelsDown = false;
      chargesDown = false;
    }
    const [, second] = (await server.db.query<PaymentRow>('SELECT * FROM payments WHERE invoice_id = $1 ORDER BY attempt', [invoiceId])).rows;
    assert.deepEqual([second!.status, (await paymentRow(first)).processor_cancel], ['pending', 'pending']);

    // Which attempt pays depends on the newer one's answer, unknown yet: the old one's success is left undecided.
    const late = await buyer.post(`/v1/payments/${first}/confirm`, { outcome: 'approve' });
    expectStatus(late, 200);
    assert.equal((await booked(first))?.status, 'succeeded');
    assert.equal((await paymentRow(first)).processor_cancel, 'pending');
    assert.equal((await buyer.get(`/v1/invoices/${invoiceId}`)).body.status, 'open');

    // The run re-issues the newer charge (3-D Secure asked again), then sends the cancel: the old payment pays.
    await advance(server, { by: 'PT2M' });
    const rows = (await server.db.query<PaymentRow>('SELECT * FROM payments WHERE invoice_id = $1 ORDER BY attempt', [invoiceId])).rows;
    assert.deepEqual(rows.map((r) => [r.status, r.failure_code, r.processor_cancel]), [
      ['succeeded', null, 'succeeded'],
      ['failed', 'superseded', 'canceled'],
    ]);
    assert.deepEqual(await booked(second!.id), { status: 'failed', code: 'payment_intent_canceled' });
    const client = await company.client();
    const invoice = (await client.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
    assert.equal((await client.get(`/v1/subscriptions/${subscriptionId}`)).body.status, 'active');
    assert.equal(await kept(invoiceId), invoice.amountDue);
    assert.equal(await count(server, 'SELECT count(*)::int AS n FROM refunds WHERE invoice_id = $1', [invoiceId]), 0);
    assert.equal(await balance(company.id), 0);
  });
});
