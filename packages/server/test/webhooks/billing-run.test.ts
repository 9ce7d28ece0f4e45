/**
 * The billing run's changes reach the merchant's ERP: renewals, dunning and overdue net-terms invoices
 * write their events in the run's own transactions, and the delivery worker sends them — signed, each
 * object's events numbered in order, each with the object's full snapshot — to a real receiving server.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Invoice, PaymentResult, Subscription, WebhookEvent } from '@subkit/core';
import { engineClock } from '../../src/engine/run/clock.js';
import { createWebhookWorker, verifyWebhook, type WebhookWorker } from '../../src/webhooks/index.js';
import { CARDS, card, checkout, expectStatus, IDS, MONTHLY, starterByInvoice } from '../billing/helpers.js';
import { advance, newCompany } from '../engine/run-helpers.js';
import { startTestServer, type TestServer } from '../harness.js';
import { startReceiver, type Receiver } from './receiver.js';

const DAY = 86_400_000;
/** A payment event's object: the wire payment, and the amount a ledger books. */
const payment = (object: unknown) => ({ ...PaymentResult.parse(object), amount: (object as { amount: number }).amount });
const plus = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY).toISOString();

describe('webhooks of the billing run (renewals, dunning, overdue)', () => {
  let server: TestServer;
  let receiver: Receiver;
  let worker: WebhookWorker;
  let secret: string;
  let now: () => Date;

  /** Delivers everything pending and answers the verified events of one company, in delivery order. */
  async function delivered(companyId: string): Promise<WebhookEvent[]> {
    while ((await worker.runOnce()).attempted > 0);
    return receiver.received
      .map((r) => verifyWebhook(r.rawBody, r.headers['subkit-signature'] as string, secret, { toleranceSeconds: 300 }))
      .filter((e) => e.companyId === companyId);
  }

  /** The types of one object's events, put in order by their sequence numbers. */
  const ofObject = (events: WebhookEvent[], id: string) =>
    events.filter((e) => (e.data.object as { id?: string }).id === id).sort((a, b) => a.sequence - b.sequence);

  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-03-01T09:00:00.000Z'));
    // The worker runs on the engine's clock, as npm start's does: events of a moved test clock are due at once.
    now = engineClock(server.db, server.config, server.clock.now);
  });
  after(() => server.close());
  beforeEach(async () => {
    receiver = await startReceiver();
    worker = createWebhookWorker({ db: server.db, config: server.config, clock: now, random: () => 0.5 });
    await server.db.query('UPDATE webhook_endpoints SET deleted_at = now() WHERE deleted_at IS NULL');
    const res = await server.request('POST', '/v1/webhook-endpoints', { token: server.config.secretKey, body: { url: receiver.url } });
    expectStatus(res, 200);
    secret = res.body.secret;
  });
  afterEach(async () => {
    await worker.stop();
    await receiver.close();
  });

  it('a renewal charged by card: invoice.created, finalized, paid, payment.succeeded and subscription.updated, each with its whole object', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const { subscription } = await checkout(await company.client(), { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.success) } });
    const start = (await delivered(company.id)).length;

    await advance(server, { to: subscription.currentPeriodEnd });
    const fresh = (await delivered(company.id)).slice(start);
    const renewal = fresh.find((e) => e.type === 'invoice.created')!;
    assert.ok(renewal, `an invoice.created: ${fresh.map((e) => e.type).join(', ')}`);
    const invoice = Invoice.parse(renewal.data.object);
    assert.equal(invoice.billingReason, 'subscription_cycle');
    assert.equal(invoice.subscriptionId, subscription.id);
    assert.equal(invoice.periodStart, subscription.currentPeriodEnd);

    const invoiceEvents = ofObject(fresh, invoice.id);
    assert.deepEqual(invoiceEvents.map((e) => e.type), ['invoice.created', 'invoice.finalized', 'invoice.paid']);
    const paid = Invoice.parse(invoiceEvents.at(-1)!.data.object);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amountPaid, paid.total, 'the paid snapshot carries the amount paid');
    assert.deepEqual(invoiceEvents.map((e) => e.sequence), [1, 2, 3], 'one invoice, numbered from 1');

    const succeeded = fresh.find((e) => e.type === 'payment.succeeded');
    assert.ok(succeeded, 'payment.succeeded');
    const paymentObject = payment(succeeded.data.object);
    assert.equal(paymentObject.amount, paid.total);
    assert.equal(paymentObject.invoiceId, invoice.id);

    // The renewal (its charge pending), then the charge's answer: the payment issue gone.
    const subscriptionEvents = ofObject(fresh, subscription.id);
    assert.deepEqual(subscriptionEvents.map((e) => e.type), ['subscription.updated', 'subscription.updated']);
    const [renewed, charged] = subscriptionEvents.map((e) => Subscription.parse(e.data.object));
    assert.equal(renewed!.currentPeriodStart, subscription.currentPeriodEnd, 'the snapshot is the renewed subscription');
    assert.equal(renewed!.paymentIssue?.reason, 'payment_processing');
    assert.deepEqual([charged!.currentPeriodStart, charged!.paymentIssue], [subscription.currentPeriodEnd, null]);
    assert.ok(subscriptionEvents[0]!.sequence > 1, 'after the checkout’s own events of the subscription');
    for (const e of fresh) assert.equal(WebhookEvent.safeParse(e).success, true, e.type);
  });

  it('dunning: a declined renewal sends payment.failed, invoice.payment_failed and past_due; the last failed retry sends subscription.canceled', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.success) } });
    const setup = await buyer.post('/v1/payment-methods', { testCard: card(CARDS.attachThenDecline) });
    expectStatus(setup, 200);
    expectStatus(await buyer.post(`/v1/payment-methods/${setup.body.paymentMethod.id}/default`), 200);
    const start = (await delivered(company.id)).length;

    const end = subscription.currentPeriodEnd;
    await advance(server, { to: end });
    let events = (await delivered(company.id)).slice(start);
    const invoiceId = (events.find((e) => e.type === 'invoice.created')!.data.object as { id: string }).id;
    assert.deepEqual(ofObject(events, invoiceId).map((e) => e.type), ['invoice.created', 'invoice.finalized', 'invoice.payment_failed']);
    const failed = events.filter((e) => e.type === 'payment.failed').map((e) => payment(e.data.object));
    assert.deepEqual(failed.map((p) => [p.invoiceId, p.status, p.failureCode]), [[invoiceId, 'failed', 'generic_decline']]);
    const pastDue = ofObject(events, subscription.id).map((e) => Subscription.parse(e.data.object).status);
    assert.equal(pastDue.at(-1), 'past_due', `the subscription's last snapshot: ${pastDue.join(' → ')}`);

    const seen = events.length + start;
    await advance(server, { to: plus(end, 10) });
    events = (await delivered(company.id)).slice(seen);
    assert.equal(events.filter((e) => e.type === 'payment.failed').length, 4, 'the retries of days 1, 3, 5 and 7');
    const last = ofObject(events, subscription.id).at(-1)!;
    assert.equal(last.type, 'subscription.canceled');
    assert.equal(Subscription.parse(last.data.object).status, 'canceled');
  });

  it('net terms: an invoice past its due date sends invoice.overdue and its subscription past_due', async () => {
    const company = await newCompany(server, { invoiceAllowed: true, termsDays: 14 });
    const buyer = await company.client();
    const { subscription, invoiceId } = await checkout(buyer, starterByInvoice());
    const invoice = Invoice.parse((await buyer.get(`/v1/invoices/${invoiceId}`)).body);
    assert.ok(invoice.dueAt, 'a net-terms invoice has a due date');
    const start = (await delivered(company.id)).length;
    await advance(server, { to: plus(invoice.dueAt!, 1) });
    const events = (await delivered(company.id)).slice(start);
    const overdue = events.find((e) => e.type === 'invoice.overdue');
    assert.ok(overdue, `invoice.overdue: ${events.map((e) => e.type).join(', ')}`);
    assert.equal(Invoice.parse(overdue.data.object).id, invoice.id);
    assert.equal(Invoice.parse(overdue.data.object).status, 'open');
    const states = ofObject(events, subscription.id).map((e) => Subscription.parse(e.data.object).status);
    assert.equal(states.at(-1), 'past_due');
  });
});
