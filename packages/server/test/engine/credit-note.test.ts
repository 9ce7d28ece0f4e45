// The merchant forgives part of an invoice with a credit note (POST /v1/invoices/:id/credit-notes, secret key): a
// service credit, a pricing error, a duplicate line. Before, only the engine wrote credit notes (unused time, late
// payments, refunds); the invoice of a change already made could be neither voided nor reduced.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../harness.js';
import { CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, balanceOf, changeBilledByInvoice, count, dunnedRenewal, eventTypesOf, newCompany, plusDays as plus, renewalInvoice } from './run-helpers.js';

describe('the merchant issues a credit note on an invoice', () => {
  let server: TestServer;
  const credit = (invoiceId: string, body: unknown, headers?: Record<string, string>) =>
    server.request('POST', `/v1/invoices/${invoiceId}/credit-notes`, { token: server.config.secretKey, body, ...(headers ? { headers } : {}) });
  const notesOf = (invoiceId: string) => count(server, 'SELECT count(*)::int AS n FROM credit_notes WHERE invoice_id = $1', [invoiceId]);
  const paymentsOf = (invoiceId: string) => count(server, 'SELECT count(*)::int AS n FROM payments WHERE invoice_id = $1', [invoiceId]);
  const serviceCredit = (amount: number, extra: Record<string, unknown> = {}) => ({ lines: [{ description: 'Service credit: outage on 3 March', amount }], reason: 'product_unsatisfactory', ...extra });

  before(async () => {
    server = await startTestServer({ config: { refunds: 'card', billing: { dunningEnd: 'unpaid', retryDays: [2, 4] } } });
    server.clock.set(new Date('2027-03-01T09:00:00.000Z'));
  });
  after(() => server.close());

  test('part of an open net-terms invoice: what remains drops, it stays open and due as before; more than remains is refused, nothing written; a repeated key replays the note', async () => {
    const company = await newCompany(server, { country: 'US', termsDays: 14 });
    const buyer = await company.client();
    const { invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'invoice' } });
    const issued = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.ok(issued.amountRemaining > 500, JSON.stringify(issued));

    const key = { 'idempotency-key': `cn-partial-${invoiceId}` };
    const body = { lines: [{ description: '  Duplicate seat  ', amount: 300 }, { description: 'Pricing error', amount: 200 }], reason: 'duplicate', memo: 'Seat billed twice in February.' };
    const note = await credit(invoiceId, body, key);
    expectStatus(note, 200);
    assert.deepEqual(
      [note.body.object, note.body.invoiceId, note.body.amount, note.body.reason, note.body.memo, note.body.currency],
      ['credit_note', invoiceId, 500, 'duplicate', 'Seat billed twice in February.', 'USD'],
    );
    assert.deepEqual(note.body.lines, [
      { description: 'Duplicate seat', amount: 300, text: { kind: 'adjustment', settlement: 'invoice' } },
      { description: 'Pricing error', amount: 200, text: { kind: 'adjustment', settlement: 'invoice' } },
    ]);
    const now = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual(
      [now.status, now.amountRemaining, now.amountDue, now.total, now.dueAt, now.creditNoteIds],
      ['open', issued.amountRemaining - 500, issued.amountDue - 500, issued.total, issued.dueAt, [note.body.id]],
    );
    assert.deepEqual((await eventTypesOf(server, note.body.id)), ['credit_note.created']);
    assert.equal(await balanceOf(server, company.id), 0, 'nothing to the balance');

    const replay = await credit(invoiceId, body, key);
    expectStatus(replay, 200);
    assert.equal(replay.body.id, note.body.id, 'the same note, replayed');
    assert.equal(await notesOf(invoiceId), 1);

    const tooMuch = await credit(invoiceId, serviceCredit(now.amountRemaining + 1));
    expectError(tooMuch, 400, 'amount_too_large', 'lines');
    assert.match(tooMuch.body.error.message, new RegExp(`\\$${(now.amountRemaining / 100).toFixed(2).replace('.', '\\.')}`), tooMuch.body.error.message);
    expectError(await credit(invoiceId, serviceCredit(1, { creditTo: 'balance' })), 400, 'credit_to_unpaid', 'creditTo');
    assert.equal(await notesOf(invoiceId), 1, 'nothing written');
    assert.equal((await buyer.get(`/v1/invoices/${invoiceId}`)).body.amountRemaining, now.amountRemaining);
  });

  test('the invoice of a change already made (billed by invoice), credited in full: paid without a payment, the change stays, nothing owed', async () => {
    const { buyer, subscription, invoiceId } = await changeBilledByInvoice(server);
    expectError(await server.request('POST', `/v1/invoices/${invoiceId}/void`, { token: server.config.secretKey }), 409, 'change_applied');
    const owed = (await buyer.get(`/v1/invoices/${invoiceId}`)).body.amountRemaining as number;
    assert.ok(owed > 0);

    expectStatus(await credit(invoiceId, { lines: [{ description: 'Seats added by mistake', amount: owed }], reason: 'order_change' }), 200);
    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountRemaining, invoice.paymentAttempts, invoice.nextPaymentAttemptAt ?? null], ['paid', 0, [], null]);
    assert.ok(invoice.paidAt);
    assert.equal(await paymentsOf(invoiceId), 0, 'no payment row: nothing was paid');
    // The clock stood still since the invoice was issued: its events share one instant, so they are counted, not ordered.
    assert.equal((await eventTypesOf(server, invoiceId)).filter((t) => t === 'invoice.paid').length, 1);
    assert.equal(await count(server, `SELECT count(*)::int AS n FROM events WHERE type = 'payment.succeeded' AND data->'object'->>'invoiceId' = $1`, [invoiceId]), 0);
    const after = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.deepEqual([after.status, after.quantity], ['active', 10]);
    // Paid in full by credit: a further credit note has nothing left to take off, and goes to the balance only up to the total.
    expectError(await credit(invoiceId, serviceCredit(invoice.total + 1)), 400, 'amount_too_large', 'lines');
  });

  test('an overdue net-terms invoice holding its subscription past due, credited in full: active again, no more reminders', async () => {
    const company = await newCompany(server, { country: 'DE', termsDays: 14 });
    let buyer = await company.client();
    const { subscription, invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 2, payment: { method: 'invoice' } });
    const issued = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    await advance(server, { to: plus(issued.dueAt, 3) });
    buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'past_due');

    expectStatus(await credit(invoiceId, serviceCredit(issued.amountRemaining)), 200);
    const now = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([now.status, now.amountRemaining], ['paid', 0]);
    const sub = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.deepEqual([sub.status, sub.paymentIssue ?? null], ['active', null]);
    const backInService = `SELECT count(*)::int AS n FROM events WHERE object_id = $1 AND type = 'subscription.updated' AND data->'object'->>'status' = 'active'`;
    assert.ok((await count(server, backInService, [subscription.id])) >= 1, 'subscription.updated says it is active');
    const quiet = await advance(server, { to: plus(issued.dueAt, 20) });
    assert.deepEqual(quiet.statusChanges.filter((c: { subscriptionId: string }) => c.subscriptionId === subscription.id), []);
  });

  test('a card renewal in dunning, credited in part: still past due, and the next retry charges what remains', async () => {
    const { company, subscription, end, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 1);
    assert.ok(dunned.nextPaymentAttemptAt, 'a retry is planned');
    expectStatus(await credit(dunned.id, serviceCredit(400)), 200);
    const buyer = await company.client();
    const now = (await buyer.get(`/v1/invoices/${dunned.id}`)).body;
    assert.deepEqual([now.status, now.amountRemaining, now.nextPaymentAttemptAt], ['open', dunned.amountRemaining - 400, dunned.nextPaymentAttemptAt]);
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'past_due');
    const retried = await advance(server, { to: plus(end, 3) });
    const retry = retried.payments.filter((p: { invoiceId: string }) => p.invoiceId === dunned.id);
    assert.equal(retry.length, 1, JSON.stringify(retried.payments));
    const { rows } = await server.db.query<{ amount: number }>('SELECT amount FROM payments WHERE invoice_id = $1 ORDER BY attempt DESC LIMIT 1', [dunned.id]);
    assert.equal(Number(rows[0]!.amount), dunned.amountRemaining - 400, 'the retry charges what remains');
  });

  test('a paid invoice credited to the balance: the next renewal takes the credit, and the billing admin may have it on the card', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const { subscription, invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.success) } });
    const paid = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(paid.status, 'paid');

    const note = await credit(invoiceId, serviceCredit(300, { creditTo: 'balance', memo: null }));
    expectStatus(note, 200);
    assert.deepEqual([note.body.memo, note.body.lines[0].text], [null, { kind: 'adjustment', settlement: 'balance' }]);
    assert.equal(await balanceOf(server, company.id), 300);
    expectError(await credit(invoiceId, serviceCredit(paid.total - 300 + 1)), 400, 'amount_too_large', 'lines');
    assert.equal(await balanceOf(server, company.id), 300, 'nothing written');

    await advance(server, { to: plus(subscription.currentPeriodEnd, 1) });
    const renewal = await renewalInvoice(server, company, subscription.id, subscription.currentPeriodEnd);
    assert.deepEqual([renewal.creditApplied, renewal.amountDue], [300, renewal.total - 300]);
    assert.equal(await balanceOf(server, company.id), 0);

    // A second credit note of the first invoice, to the balance, then refunded to the card at the buyer's request.
    const second = await credit(invoiceId, serviceCredit(200));
    expectStatus(second, 200);
    const refund = await (await company.client()).post(`/v1/credit-notes/${second.body.id}/refund`, {});
    expectStatus(refund, 200);
    assert.equal(refund.body.amount, 200);
  });

  test('a paid invoice credited out of band: nothing moves, and the note cannot be refunded to the card again', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const { invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.success) } });
    const note = await credit(invoiceId, serviceCredit(250, { creditTo: 'out_of_band', memo: 'Refunded by bank transfer, ref 4411.' }));
    expectStatus(note, 200);
    assert.deepEqual(note.body.lines[0].text, { kind: 'adjustment', settlement: 'out_of_band' });
    assert.equal(await balanceOf(server, company.id), 0);
    assert.equal((await buyer.get(`/v1/invoices/${invoiceId}`)).body.status, 'paid');
    expectError(await (await company.client()).post(`/v1/credit-notes/${note.body.id}/refund`, {}), 409, 'credit_note_not_refundable');
  });

  test('refused: a void invoice (409), an unknown id (404), a buyer session, hostile bodies (400, never 500), nothing written', async () => {
    const company = await newCompany(server, { country: 'US', termsDays: 14 });
    const buyer = await company.client();
    const { invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'invoice' } });
    const before = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;

    const asBuyer = await buyer.post(`/v1/invoices/${invoiceId}/credit-notes`, serviceCredit(100));
    assert.ok(asBuyer.status === 401 || asBuyer.status === 403, `a buyer session is refused: ${asBuyer.status}`);
    expectError(await credit('in_does_not_exist', serviceCredit(100)), 404, 'resource_missing');

    const line = (amount: unknown, description: unknown = 'Credit') => ({ lines: [{ description, amount }], reason: 'other' });
    const hostile: unknown[] = [
      line(0), line(-100), line(1.5), line(1e300), line('100'), line(100, ''), line(100, '   '), line(100, 'x'.repeat(201)), line(100, 42),
      { lines: Array.from({ length: 21 }, () => ({ description: 'Credit', amount: 1 })), reason: 'other' },
      { lines: [], reason: 'other' },
      { ...line(100), reason: 'proration' },
      { ...line(100), memo: 'm'.repeat(501) },
      { ...line(100), creditTo: 'card' },
      { reason: 'other' },
      'lines',
      [line(100)],
    ];
    for (const body of hostile) {
      const res = await credit(invoiceId, body);
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.status} ${JSON.stringify(res.body)}`);
    }
    assert.equal(await notesOf(invoiceId), 0, 'nothing written');
    assert.equal((await buyer.get(`/v1/invoices/${invoiceId}`)).body.amountRemaining, before.amountRemaining);

    // Voided with a key, twice (the merchant's retry): the same answer replayed, stored with its effect.
    const voidOnce = () => server.request('POST', `/v1/invoices/${invoiceId}/void`, { token: server.config.secretKey, headers: { 'idempotency-key': `void-${invoiceId}` } });
    const voided = await voidOnce();
    expectStatus(voided, 200);
    const again = await voidOnce();
    assert.deepEqual([again.status, again.body], [200, voided.body]);
    expectError(await credit(invoiceId, serviceCredit(100)), 409, 'invoice_void');
    assert.equal(await notesOf(invoiceId), 0);
  });
});
