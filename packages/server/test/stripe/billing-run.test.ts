// The billing run charges through Stripe (the fake, over stripe-node): renewals and dunning retries are
// off-session PaymentIntents keyed by the engine's own ids (<invoice id>:attempt:<n>), Stripe's decline
// codes decide hard (never retried) or soft (retried on schedule), and a renewal the bank wants
// authenticated stays open until the buyer pays it on the page with 3-D Secure.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_CARDS } from '@subkit/fake-stripe';
import { expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, newCompany } from '../engine/run-helpers.js';
import { authenticateInBrowser, browserCard, STRIPE_CARDS, startStripeTestBed, type StripeTestBed } from './helpers.js';

const DAY = 86_400_000;
const plus = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY).toISOString();

describe('the billing run charges through Stripe', () => {
  let bed: StripeTestBed;
  before(async () => {
    bed = await startStripeTestBed();
    bed.server.clock.set(new Date('2027-03-01T09:00:00.000Z'));
  });
  after(async () => {
    const errors = [...bed.server.serverErrors];
    await bed.close();
    assert.deepEqual(errors, []);
  });

  /** A company that bought Starter monthly by card through the Payment Element (3-D Secure completed when asked). */
  async function cardSubscription(number: string) {
    const company = await newCompany(bed.server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const pm = await browserCard(bed.fake, number);
    const res = await buyer.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', stripePaymentMethodId: pm } });
    expectStatus(res, 200);
    if (res.body.status === 'requires_action') {
      await authenticateInBrowser(bed.fake, res.body.nextAction.clientSecret);
      expectStatus(await buyer.post(`/v1/payments/${res.body.nextAction.paymentId}/confirm`, {}), 200);
    }
    const subscription = (await buyer.get(`/v1/subscriptions/${res.body.subscription.id}`)).body;
    assert.equal(subscription.status, 'active');
    return { company, subscription, pm };
  }

  /** What the issuer now says about a saved card (a card reported stolen, an account without funds, funds back). */
  function issuerNowTreats(pm: string, number: keyof typeof TEST_CARDS) {
    const facts = bed.fake.state.cards.get(pm)!;
    bed.fake.state.cards.set(pm, { ...facts, spec: TEST_CARDS[number]! });
  }

  /** The renewal invoice of the period starting at `periodStart`. */
  async function renewalInvoice(company: { client: () => Promise<any> }, subscriptionId: string, periodStart: string) {
    const client = await company.client();
    const list = (await client.get(`/v1/invoices?subscriptionId=${subscriptionId}`)).body.data;
    const summary = list.find((i: any) => i.periodStart === periodStart && i.billingReason === 'subscription_cycle');
    assert.ok(summary, `a renewal invoice for ${periodStart}`);
    return (await client.get(`/v1/invoices/${summary.id}`)).body;
  }

  /** The PaymentIntent creations Stripe acted on for an invoice (a decline answers 402), in order: their keys and whether off-session. */
  const createsFor = (invoiceId: string) =>
    bed.fake.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && (r.status === 200 || r.status === 402) && !r.replayed && r.idempotencyKey?.startsWith(`${invoiceId}:`))
      .map((r) => [r.idempotencyKey, r.params.off_session ?? null]);

  test('a renewal is an off-session PaymentIntent keyed <invoice>:attempt:1 on the saved card, and pays the invoice', async () => {
    const { company, subscription, pm } = await cardSubscription(STRIPE_CARDS.visa);
    const end = subscription.currentPeriodEnd;
    await advance(bed.server, { to: end });
    const invoice = await renewalInvoice(company, subscription.id, end);
    assert.equal(invoice.status, 'paid');
    assert.deepEqual(createsFor(invoice.id), [[`${invoice.id}:attempt:1`, 'true']]);
    const [pi] = [...bed.fake.state.paymentIntents.values()].filter((p) => p.metadata.subkit_invoice_id === invoice.id);
    assert.equal(pi?.status, 'succeeded');
    assert.equal(pi?.amount, invoice.total);
    assert.equal(pi?.payment_method, pm, 'the card saved at checkout');
    assert.equal(pi?.metadata.subkit_attempt, '1');
  });

  test('a soft decline (insufficient funds) is retried on day 1 with the next key, and paid once the funds are there', async () => {
    const { company, subscription, pm } = await cardSubscription(STRIPE_CARDS.visa);
    const end = subscription.currentPeriodEnd;
    issuerNowTreats(pm, '4000000000009995');
    const renewal = await advance(bed.server, { to: end });
    const invoice = await renewalInvoice(company, subscription.id, end);
    assert.deepEqual(
      renewal.payments.filter((p) => p.invoiceId === invoice.id).map((p) => [p.attempt, p.status, p.failureCode, p.hardDecline]),
      [[1, 'failed', 'insufficient_funds', false]],
    );
    assert.equal(invoice.status, 'open');
    assert.equal(invoice.openReason, 'payment_failed');
    assert.equal(invoice.nextPaymentAttemptAt, plus(end, 1));
    assert.equal((await (await company.client()).get(`/v1/subscriptions/${subscription.id}`)).body.status, 'past_due');

    issuerNowTreats(pm, '4242424242424242');
    const retry = await advance(bed.server, { to: plus(end, 1) });
    assert.deepEqual(retry.payments.filter((p) => p.invoiceId === invoice.id).map((p) => [p.attempt, p.status]), [[2, 'succeeded']]);
    assert.deepEqual(createsFor(invoice.id), [
      [`${invoice.id}:attempt:1`, 'true'],
      [`${invoice.id}:attempt:2`, 'true'],
    ]);
    assert.equal((await renewalInvoice(company, subscription.id, end)).status, 'paid');
    assert.equal((await (await company.client()).get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
  });

  test('a hard decline (the card was reported stolen) is never retried', async () => {
    const { company, subscription, pm } = await cardSubscription(STRIPE_CARDS.visa);
    const end = subscription.currentPeriodEnd;
    issuerNowTreats(pm, '4000000000009979');
    const renewal = await advance(bed.server, { to: end });
    const invoice = await renewalInvoice(company, subscription.id, end);
    assert.deepEqual(
      renewal.payments.filter((p) => p.invoiceId === invoice.id).map((p) => [p.attempt, p.status, p.failureCode, p.hardDecline]),
      [[1, 'failed', 'stolen_card', true]],
    );
    assert.equal(invoice.nextPaymentAttemptAt, null, 'no retry planned');
    await advance(bed.server, { to: plus(end, 10) });
    assert.deepEqual(createsFor(invoice.id), [[`${invoice.id}:attempt:1`, 'true']], 'Stripe was asked once');
  });

  test('a renewal the bank wants authenticated: authentication_required (soft), the invoice stays open; the buyer pays it on the page with 3-D Secure', async () => {
    const { company, subscription } = await cardSubscription(STRIPE_CARDS.authenticateAlways);
    const end = subscription.currentPeriodEnd;
    const renewal = await advance(bed.server, { to: end });
    const invoice = await renewalInvoice(company, subscription.id, end);
    assert.deepEqual(
      renewal.payments.filter((p) => p.invoiceId === invoice.id).map((p) => [p.attempt, p.status, p.failureCode, p.hardDecline]),
      [[1, 'failed', 'authentication_required', false]],
    );
    assert.equal(invoice.status, 'open');
    assert.equal(invoice.openReason, 'authentication_required', 'the invoice says why it is open');
    const buyer = await company.client();
    const pastDue = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.equal(pastDue.status, 'past_due');
    assert.deepEqual(pastDue.paymentIssue, { reason: 'authentication_required', invoiceId: invoice.id });

    const paid = await buyer.post(`/v1/invoices/${invoice.id}/pay`, {});
    expectStatus(paid, 200);
    assert.equal(paid.body.status, 'requires_action');
    assert.equal(paid.body.nextAction.type, 'stripe_confirm');
    assert.equal((await buyer.get(`/v1/invoices/${invoice.id}`)).body.openReason, 'authentication_required', 'until the buyer authenticated');
    await authenticateInBrowser(bed.fake, paid.body.nextAction.clientSecret);
    const confirmed = await buyer.post(`/v1/payments/${paid.body.id}/confirm`, {});
    expectStatus(confirmed, 200);
    assert.equal(confirmed.body.status, 'succeeded');
    const settled = (await buyer.get(`/v1/invoices/${invoice.id}`)).body;
    assert.deepEqual([settled.status, settled.openReason], ['paid', null]);
    const active = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.deepEqual([active.status, active.paymentIssue], ['active', null]);
    // The buyer's payment was attempt 2 of the same invoice, on-session (no off_session), with its own key.
    assert.deepEqual(createsFor(invoice.id), [
      [`${invoice.id}:attempt:1`, 'true'],
      [`${invoice.id}:attempt:2`, null],
    ]);
  });
});
