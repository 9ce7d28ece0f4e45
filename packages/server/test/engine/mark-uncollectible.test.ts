// The merchant marks an open invoice uncollectible (POST /v1/invoices/:id/mark_uncollectible, secret key): bad
// debt written off, the claim kept. What it held is released as a void releases it — its dunning, a subscription
// past due or on hold, a 3-D Secure attempt — but the credit it took stays applied, what is left stays owed, and
// it can still be paid (then `paid`) or voided later.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../harness.js';
import { CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, balanceOf, cardSubscription, changeBilledByInvoice, dunnedRenewal, eventTypesOf, newCompany, plusDays as plus, renewalWithCredit } from './run-helpers.js';

describe('the merchant marks an open invoice uncollectible', () => {
  let server: TestServer;
  const merchant = (method: string, path: string) => server.request(method, path, { token: server.config.secretKey });
  const markUncollectible = (invoiceId: string) => merchant('POST', `/v1/invoices/${invoiceId}/mark_uncollectible`);
  const eventsOf = (objectId: string) => eventTypesOf(server, objectId);

  before(async () => {
    server = await startTestServer({ config: { billing: { dunningEnd: 'unpaid', retryDays: [2, 4] } } });
    server.clock.set(new Date('2027-03-01T09:00:00.000Z'));
  });
  after(() => server.close());

  test('in dunning (past due): its retries stop, the subscription is active again, and the amount stays owed; paid later by card it is paid', async () => {
    const { company, subscription, end, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 1);
    assert.ok(dunned.nextPaymentAttemptAt, 'a retry is planned');
    assert.ok(dunned.amountRemaining > 0);

    const marked = await markUncollectible(dunned.id);
    expectStatus(marked, 200);
    const { id, status, number, amountRemaining, amountDue, nextPaymentAttemptAt, dunningEndsAt } = marked.body;
    assert.deepEqual(
      { id, status, number, amountRemaining, amountDue, nextPaymentAttemptAt, dunningEndsAt },
      { id: dunned.id, status: 'uncollectible', number: dunned.number, amountRemaining: dunned.amountRemaining, amountDue: dunned.amountDue, nextPaymentAttemptAt: null, dunningEndsAt: null },
    );
    let buyer = await company.client();
    const back = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.deepEqual([back.status, back.paymentIssue], ['active', null]);
    assert.deepEqual((await eventsOf(dunned.id)).slice(-1), ['invoice.marked_uncollectible']);
    assert.deepEqual((await eventsOf(subscription.id)).slice(-1), ['subscription.updated']);

    // Past both retries (days 2 and 4) and the dunning end that would have put it on hold: nothing is tried.
    const eventsBefore = (await eventsOf(dunned.id)).length;
    const report = await advance(server, { to: plus(end, 10) });
    assert.deepEqual(report.payments.filter((p) => p.invoiceId === dunned.id), [], 'no retry of an uncollectible invoice');
    assert.equal((await eventsOf(dunned.id)).length, eventsBefore, 'no event about the invoice either');
    buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active', 'not put on hold at the dunning end');
    assert.deepEqual((await buyer.get(`/v1/invoices?status=uncollectible`)).body.data.map((i: { id: string }) => i.id), [dunned.id]);

    // Paid after all (Stripe lets an uncollectible invoice be paid): it is paid, with invoice.paid.
    const setup = await buyer.post('/v1/payment-methods', { testCard: card(CARDS.success) });
    const paid = await buyer.post(`/v1/invoices/${dunned.id}/pay`, { paymentMethodId: setup.body.paymentMethod.id });
    expectStatus(paid, 200);
    assert.equal(paid.body.status, 'succeeded');
    const now = (await buyer.get(`/v1/invoices/${dunned.id}`)).body;
    assert.deepEqual([now.status, now.amountRemaining, now.amountPaid], ['paid', 0, dunned.amountDue]);
    assert.deepEqual((await eventsOf(dunned.id)).slice(-1), ['invoice.paid']);
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
  });

  test('on hold (unpaid): marked, the subscription is back in service; a card asking for 3-D Secure pays it once the buyer approves', async () => {
    const { company, subscription, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 6);
    let buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'unpaid');
    expectStatus(await markUncollectible(dunned.id), 200);
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');

    buyer = await company.client();
    const setup = await buyer.post('/v1/payment-methods', { testCard: card(CARDS.scaAlways) });
    const paying = await buyer.post(`/v1/invoices/${dunned.id}/pay`, { paymentMethodId: setup.body.paymentMethod.id });
    expectStatus(paying, 200);
    assert.equal(paying.body.status, 'requires_action');
    assert.equal((await buyer.get(`/v1/invoices/${dunned.id}`)).body.status, 'uncollectible', 'owed until the bank answers');
    const confirmed = await buyer.post(`/v1/payments/${paying.body.id}/confirm`, { outcome: 'approve' });
    expectStatus(confirmed, 200);
    assert.equal(confirmed.body.status, 'succeeded');
    assert.equal((await buyer.get(`/v1/invoices/${dunned.id}`)).body.status, 'paid');
  });

  test('a net-terms invoice overdue: the subscription is active again and no reminder or dunning end follows', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: true, termsDays: 14 });
    let buyer = await company.client();
    const { subscription, invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'invoice' } });
    const due = (await buyer.get(`/v1/invoices/${invoiceId}`)).body.dueAt as string;
    await advance(server, { to: plus(due, 1) });
    buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'past_due');
    assert.deepEqual((await eventsOf(invoiceId)).slice(-1), ['invoice.overdue']);
    expectStatus(await markUncollectible(invoiceId), 200);
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
    // Past the grace (30 days after the due date), when the dunning end would have put it on hold (unpaid). By then
    // the next renewal is overdue in turn: that one holds it past due.
    await advance(server, { to: plus(due, 31) });
    buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'past_due');
    const overdue = (await buyer.get(`/v1/invoices?subscriptionId=${subscription.id}&status=open`)).body.data;
    assert.deepEqual(overdue.map((i: { billingReason: string; overdueAt: string | null }) => [i.billingReason, i.overdueAt !== null]), [['subscription_cycle', true]]);
    assert.deepEqual((await eventsOf(invoiceId)).slice(-1), ['invoice.marked_uncollectible'], 'no reminder of the written-off invoice');
  });

  test('the credit an invoice took stays applied; voided afterwards, it is given back and the invoice is void', async () => {
    const { company, subscription, renewal } = await renewalWithCredit(server);
    const before = await balanceOf(server, company.id);

    const marked = await markUncollectible(renewal.id);
    expectStatus(marked, 200);
    assert.deepEqual([marked.body.creditApplied, marked.body.amountRemaining], [renewal.creditApplied, renewal.amountRemaining]);
    assert.equal(await balanceOf(server, company.id), before, 'the credit stays applied');
    const subscriptionEvents = (await eventsOf(subscription.id)).length;

    // A minute later, so that the events read in the order written.
    await advance(server, { by: 'PT1M' });
    const voided = await merchant('POST', `/v1/invoices/${renewal.id}/void`);
    expectStatus(voided, 200);
    assert.deepEqual([voided.body.status, voided.body.amountRemaining], ['void', 0]);
    assert.equal(await balanceOf(server, company.id), before + renewal.creditApplied, 'voided: the credit is given back');
    assert.deepEqual((await eventsOf(renewal.id)).slice(-2), ['invoice.marked_uncollectible', 'invoice.voided']);
    assert.equal((await eventsOf(subscription.id)).length, subscriptionEvents, 'the subscription was no longer held by it');
    expectError(await markUncollectible(renewal.id), 409, 'invoice_not_open');
    expectError(await (await company.client()).post(`/v1/invoices/${renewal.id}/pay`, {}), 409, 'invoice_not_open');
  });

  test('a period written off gives no credit for its unused time: canceling now credits nothing, and the invoice stays owed', async () => {
    const { company, subscription, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 6);
    expectStatus(await markUncollectible(dunned.id), 200);
    const buyer = await company.client();
    const { version } = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    const before = await balanceOf(server, company.id);
    const notesBefore = (await buyer.get('/v1/credit-notes')).body.data.length;
    expectStatus(await buyer.post(`/v1/subscriptions/${subscription.id}/cancel`, { reason: 'too_expensive', when: 'now', expectedVersion: version }), 200);
    assert.equal(await balanceOf(server, company.id), before, 'nothing credited');
    assert.equal((await buyer.get('/v1/credit-notes')).body.data.length, notesBefore, 'no credit note');
    const owed = (await buyer.get(`/v1/invoices/${dunned.id}`)).body;
    assert.deepEqual([owed.status, owed.amountRemaining], ['uncollectible', dunned.amountRemaining]);
  });

  test("a renewal awaiting the buyer's 3-D Secure: the attempt fails, approving it afterwards takes nothing, and the invoice can be paid again", async () => {
    const { company, dunned: invoice } = await dunnedRenewal(server, CARDS.scaAlways, 1);
    const buyer = await company.client();
    const paying = await buyer.post(`/v1/invoices/${invoice.id}/pay`, {});
    expectStatus(paying, 200);
    assert.equal(paying.body.status, 'requires_action');
    expectStatus(await markUncollectible(invoice.id), 200);
    expectError(await buyer.post(`/v1/payments/${paying.body.id}/confirm`, { outcome: 'approve' }), 409, 'payment_not_confirmable');
    const after = (await buyer.get(`/v1/invoices/${invoice.id}`)).body;
    assert.equal(after.status, 'uncollectible');
    assert.ok(after.paymentAttempts.every((a: { status: string }) => a.status === 'failed'), JSON.stringify(after.paymentAttempts));
    assert.equal(after.amountRemaining, invoice.amountRemaining);
    const { rows } = await server.db.query<{ failure_code: string }>(`SELECT failure_code FROM payments WHERE id = $1`, [paying.body.id]);
    assert.equal(rows[0]!.failure_code, 'invoice_uncollectible');
  });

  test('the invoice of a change made at once is marked (it stays owed, as a renewal); the invoice a change still waits for is not', async () => {
    const { buyer, subscription, invoiceId } = await changeBilledByInvoice(server);
    const marked = await markUncollectible(invoiceId);
    expectStatus(marked, 200);
    assert.equal(marked.body.status, 'uncollectible');
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.quantity, 10, 'the change stays made');

    // A card change waiting for its 3-D Secure: the change waits for this invoice.
    const { company: other, subscription: sub } = await cardSubscription(server, CARDS.scaAlways);
    const otherBuyer = await other.client();
    const current = (await otherBuyer.get(`/v1/subscriptions/${sub.id}`)).body;
    const waiting = await otherBuyer.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: current.version, quantity: 8 });
    expectStatus(waiting, 200);
    assert.equal(waiting.body.status, 'requires_action');
    expectError(await markUncollectible(waiting.body.invoiceId), 409, 'change_pending');
    assert.equal((await otherBuyer.get(`/v1/invoices/${waiting.body.invoiceId}`)).body.status, 'open', 'nothing written');
    assert.equal((await otherBuyer.get(`/v1/subscriptions/${sub.id}`)).body.quantity, 2, 'the change still waits');
  });

  test('refused: a paid invoice, one already uncollectible, the first invoice of a subscription not started; unknown and hostile ids 404 or 400, never 500; a buyer session', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const paid = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 1, payment: { method: 'card', testCard: card(CARDS.success) } });
    expectError(await markUncollectible(paid.invoiceId), 409, 'invoice_not_open');
    const pending = await buyer.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.scaAlways) } });
    expectStatus(pending, 200);
    assert.equal(pending.body.subscription.status, 'incomplete');
    expectError(await markUncollectible(pending.body.invoiceId), 409, 'subscription_incomplete');
    expectError(await markUncollectible('in_nothing_here'), 404, 'resource_missing');
    for (const hostile of ["in_'; DROP TABLE invoices; --", '%00', 'in_' + 'x'.repeat(5000), '..%2F..%2Fetc', '%E2%80%AE']) {
      const res = await merchant('POST', `/v1/invoices/${encodeURIComponent(hostile)}/mark_uncollectible`);
      assert.ok(res.status === 404 || res.status === 400, `${hostile.slice(0, 20)}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(res.body?.error?.type, 'the error shape');
    }
    const asBuyer = await buyer.post(`/v1/invoices/${pending.body.invoiceId}/mark_uncollectible`, {});
    assert.ok(asBuyer.status === 401 || asBuyer.status === 403, `a buyer session is refused: ${asBuyer.status}`);
    assert.equal((await buyer.get(`/v1/invoices/${pending.body.invoiceId}`)).body.status, 'open', 'nothing written');

    // Marked twice: the same refusal.
    const { dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 1);
    expectStatus(await markUncollectible(dunned.id), 200);
    expectError(await markUncollectible(dunned.id), 409, 'invoice_not_open');
  });

  test("the company's audit log names the merchant for each write-off: Status open → uncollectible, then uncollectible → void", async () => {
    const { company, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 1);
    expectStatus(await markUncollectible(dunned.id), 200);
    expectStatus(await merchant('POST', `/v1/invoices/${dunned.id}/void`), 200);

    const admin = await company.client();
    const log = await admin.get(`/v1/audit-log?objectType=invoice`);
    expectStatus(log, 200);
    const entries = log.body.data.map((e: any) => [e.action, e.objectId, e.actor.type, e.actor.key, e.before, e.after]);
    assert.deepEqual(entries, [
      ['invoice.updated', dunned.id, 'merchant', null, { status: 'uncollectible' }, { status: 'void' }],
      ['invoice.updated', dunned.id, 'merchant', null, { status: 'open' }, { status: 'uncollectible' }],
    ]);
    // The merchant's own listing says which key.
    const merchantLog = await merchant('GET', `/v1/companies/${company.id}/audit-log?objectId=${dunned.id}`);
    expectStatus(merchantLog, 200);
    assert.deepEqual(merchantLog.body.data.map((e: any) => e.actor.key), [`secret_key …${server.config.secretKey.slice(-4)}`, `secret_key …${server.config.secretKey.slice(-4)}`]);
    // The billing run's retries and the renewal itself are not there: the engine acting alone is in the event log.
    const csv = await admin.get('/v1/audit-log/export.csv?objectType=invoice');
    expectStatus(csv, 200);
  });
});
