// The merchant records that an invoice was paid outside subkit (POST /v1/invoices/:id/payments, secret key): the
// buyer's accounts payable sent the bank transfer the invoice asks for. Before, only a card payment on the page could
// settle an invoice, so a net-terms invoice paid by wire went overdue, into dunning, and on hold.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../harness.js';
import { CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, cardSubscription, newCompany, renewalInvoice } from './run-helpers.js';

const DAY = 86_400_000;
const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

describe('the merchant records a payment received outside subkit', () => {
  let server: TestServer;
  const merchant = (path: string, body: unknown = {}) => server.request('POST', path, { token: server.config.secretKey, body });
  /** The events written for an object, oldest first, with their data. */
  const eventsOf = async (objectId: string) =>
    (await server.db.query<{ type: string; data: { object: Record<string, unknown> } }>('SELECT type, data FROM events WHERE object_id = $1 ORDER BY created_at, id', [objectId])).rows;

  before(async () => {
    server = await startTestServer({ config: { billing: { dunningEnd: 'unpaid', retryDays: [2, 4] } } });
    server.clock.set(new Date('2027-03-01T09:00:00.000Z'));
  });
  after(() => server.close());

  test('a net-terms invoice paid by bank transfer after its due date: paid, the subscription active again, the transfer on the wire with its reference', async () => {
    const company = await newCompany(server, { country: 'DE', termsDays: 14 });
    let buyer = await company.client();
    const { subscription, invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 2, payment: { method: 'invoice', poNumber: 'PO-77' } });
    const issued = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    await advance(server, { to: plus(issued.dueAt, 3) });
    buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'past_due');

    const recorded = await merchant(`/v1/invoices/${invoiceId}/payments`, { method: 'bank_transfer', reference: '  SEPA 2027-03-18 PO-77  ', amount: issued.amountRemaining });
    expectStatus(recorded, 200);
    assert.deepEqual([recorded.body.status, recorded.body.amountRemaining, recorded.body.amountPaid], ['paid', 0, issued.amountDue]);
    assert.ok(recorded.body.paidAt, 'paid at the clock');
    assert.deepEqual(
      recorded.body.paymentAttempts.map((a: { status: string; amount: number; paymentMethodId: string | null }) => [a.status, a.amount, a.paymentMethodId]),
      [['succeeded', issued.amountDue, null]],
    );
    const subscriptionNow = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.deepEqual([subscriptionNow.status, subscriptionNow.paymentIssue ?? null], ['active', null]);
    assert.deepEqual((await eventsOf(invoiceId)).map((e) => e.type).slice(-1), ['invoice.paid']);
    const payment = (await eventsOf(recorded.body.paymentAttempts[0].id)).find((e) => e.type === 'payment.succeeded');
    assert.ok(payment, 'payment.succeeded for the ledger');
    assert.deepEqual(
      [payment.data.object.amount, payment.data.object.invoiceId, payment.data.object.received],
      [issued.amountDue, invoiceId, { method: 'bank_transfer', reference: 'SEPA 2027-03-18 PO-77' }],
    );
    // The buyer's admin sees who marked it paid: the merchant (a card payment is not in the audit log, only the event log).
    const log = await buyer.get(`/v1/audit-log?objectType=invoice&objectId=${invoiceId}`);
    expectStatus(log, 200);
    assert.deepEqual(log.body.data.map((e: any) => [e.action, e.actor.type, e.before, e.after]), [['invoice.updated', 'merchant', { status: 'open' }, { status: 'paid' }]]);
    // Recorded twice (a reconciliation run repeated): refused, nothing written.
    expectError(await merchant(`/v1/invoices/${invoiceId}/payments`), 409, 'invoice_not_open');
    assert.equal((await buyer.get(`/v1/invoices/${invoiceId}`)).body.paymentAttempts.length, 1);
    // Paid: no reminder, nothing happens to the subscription until the next invoice falls due.
    const quiet = await advance(server, { to: plus(issued.dueAt, 25) });
    assert.deepEqual(quiet.statusChanges.filter((c) => c.subscriptionId === subscription.id), []);
    assert.deepEqual(quiet.events.filter((e) => e.companyId === company.id && e.type === 'invoice.overdue'), []);
  });

  test('a card renewal in dunning, paid by transfer instead: the retries stop and the subscription is active again', async () => {
    const { company, subscription } = await cardSubscription(server, CARDS.attachThenDecline);
    const end = subscription.currentPeriodEnd;
    await advance(server, { to: plus(end, 1) });
    const dunned = await renewalInvoice(server, company, subscription.id, end);
    assert.ok(dunned.nextPaymentAttemptAt, 'a retry is planned');
    const recorded = await merchant(`/v1/invoices/${dunned.id}/payments`, { method: 'check' });
    expectStatus(recorded, 200);
    assert.deepEqual([recorded.body.status, recorded.body.nextPaymentAttemptAt], ['paid', null]);
    // The webhook too: invoice.paid had announced the retry it no longer makes (its dunning was cleared after the event).
    const paidEvent = (await eventsOf(dunned.id)).find((e) => e.type === 'invoice.paid');
    assert.deepEqual([paidEvent?.data.object.nextPaymentAttemptAt, paidEvent?.data.object.dunningEndsAt], [null, null]);
    let buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
    const later = await advance(server, { to: plus(end, 10) });
    assert.deepEqual(later.payments.filter((p) => p.invoiceId === dunned.id), [], 'no retry of a paid invoice');
    buyer = await company.client();
    const attempts = (await buyer.get(`/v1/invoices/${dunned.id}`)).body.paymentAttempts as { status: string }[];
    assert.deepEqual(attempts.map((a) => a.status).slice(-1), ['succeeded']);
    // Only the merchant's hand is audited: the card payments of the checkout and the run are not.
    const log = await buyer.get(`/v1/audit-log?objectType=invoice`);
    assert.deepEqual(log.body.data.map((e: any) => [e.objectId, e.after]), [[dunned.id, { status: 'paid' }]]);
  });

  test('an invoice written off as uncollectible whose transfer comes after all: paid, in full', async () => {
    const { company, subscription } = await cardSubscription(server, CARDS.attachThenDecline);
    const end = subscription.currentPeriodEnd;
    await advance(server, { to: plus(end, 1) });
    const dunned = await renewalInvoice(server, company, subscription.id, end);
    expectStatus(await merchant(`/v1/invoices/${dunned.id}/mark_uncollectible`), 200);
    const recorded = await merchant(`/v1/invoices/${dunned.id}/payments`, { amount: dunned.amountRemaining, reference: 'late wire' });
    expectStatus(recorded, 200);
    assert.deepEqual([recorded.body.status, recorded.body.amountRemaining], ['paid', 0]);
  });

  test('a change waiting for its payment (the bank wants 3-D Secure) applies once its invoice is paid by transfer; the 3-D Secure page then takes nothing', async () => {
    const { company, subscription } = await cardSubscription(server, CARDS.scaAlways);
    const buyer = await company.client();
    const { version, quantity } = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    const changed = await buyer.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: version, quantity: quantity + 3 });
    expectStatus(changed, 200);
    const waiting = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.equal(waiting.quantity, quantity, 'not applied while it awaits the bank');
    const invoiceId = waiting.pendingChange?.invoiceId ?? changed.body.invoiceId;
    assert.ok(invoiceId, JSON.stringify(changed.body));
    const attempt = (await buyer.get(`/v1/invoices/${invoiceId}`)).body.paymentAttempts.at(-1);
    assert.equal(attempt.status, 'requires_action');

    expectStatus(await merchant(`/v1/invoices/${invoiceId}/payments`, { reference: 'wire 4411' }), 200);
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.quantity, quantity + 3, 'the change applied');
    expectError(await buyer.post(`/v1/payments/${attempt.id}/confirm`, { outcome: 'approve' }), 409, 'payment_not_confirmable');
    const kept = await server.db.query<{ n: number }>(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM payments WHERE invoice_id = $1 AND (status = 'succeeded' OR processor_cancel = 'succeeded'))
            - (SELECT coalesce(sum(amount), 0) FROM refunds WHERE invoice_id = $1 AND status <> 'failed') AS n`,
      [invoiceId],
    );
    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(Number(kept.rows[0]!.n), invoice.amountDue, 'paid once: by the transfer');
  });

  test("reconciling a bank statement: the merchant finds the open invoice by the number the transfer quotes, in that company's invoices only", async () => {
    const company = await newCompany(server, { country: 'DE' });
    const other = await newCompany(server, { country: 'DE' });
    const buyer = await company.client();
    const { invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 3, payment: { method: 'invoice' } });
    const { number, amountRemaining } = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    const list = (companyId: string, query: string) => server.request('GET', `/v1/companies/${companyId}/invoices?${query}`, { token: server.config.secretKey });

    const found = await list(company.id, `number=${number}&status=open`);
    expectStatus(found, 200);
    assert.deepEqual(found.body.data.map((i: { id: string; amountRemaining: number }) => [i.id, i.amountRemaining]), [[invoiceId, amountRemaining]]);
    expectStatus(await merchant(`/v1/invoices/${invoiceId}/payments`, { amount: amountRemaining, reference: number }), 200);
    assert.deepEqual((await list(company.id, `number=${number}&status=open`)).body.data, [], 'paid: no longer open');
    assert.equal((await list(company.id, `number=${number}`)).body.data[0].status, 'paid');
    // Another company's list does not show it; an unknown company is a 404; a buyer session may not list.
    assert.deepEqual((await list(other.id, `number=${number}`)).body.data, []);
    expectError(await list('co_nobody_here', ''), 404, 'resource_missing');
    const asBuyer = await buyer.get(`/v1/companies/${company.id}/invoices`);
    assert.ok(asBuyer.status === 401 || asBuyer.status === 403, `a buyer session is refused: ${asBuyer.status}`);
  });

  test('refused, and nothing written: an amount that is not what remains, a void or paid invoice, an unknown id, a buyer session, a bad body', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: true });
    const buyer = await company.client();
    const { invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 1, payment: { method: 'invoice' } });
    const open = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    const short = await merchant(`/v1/invoices/${invoiceId}/payments`, { amount: open.amountRemaining - 1 });
    expectError(short, 400, 'amount_mismatch', 'amount');
    assert.match(short.body.error.message, /left to pay/);
    for (const body of [{ method: 'bitcoin' }, { amount: 0 }, { amount: 1.5 }, { amount: 1e300 }, { reference: 'x'.repeat(201) }, { amount: '100' }]) {
      const res = await merchant(`/v1/invoices/${invoiceId}/payments`, body);
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 60)}: ${res.status}`);
    }
    const asBuyer = await buyer.post(`/v1/invoices/${invoiceId}/payments`, {});
    assert.ok(asBuyer.status === 401 || asBuyer.status === 403, `a buyer session is refused: ${asBuyer.status}`);
    expectError(await merchant('/v1/invoices/in_nothing_here/payments'), 404, 'resource_missing');
    const still = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([still.status, still.paymentAttempts.length], ['open', 0], 'nothing written');

    const paid = await checkout(buyer, { planId: IDS.growth, currency: 'USD', recurring: MONTHLY, quantity: 5, payment: { method: 'card', testCard: card(CARDS.success) } });
    expectError(await merchant(`/v1/invoices/${paid.invoiceId}/payments`), 409, 'invoice_not_open');
    expectStatus(await merchant(`/v1/invoices/${invoiceId}/void`), 200);
    expectError(await merchant(`/v1/invoices/${invoiceId}/payments`), 409, 'invoice_not_open');
  });
});
