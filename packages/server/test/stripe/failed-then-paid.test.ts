// A payment subkit recorded as failed whose PaymentIntent goes through later: the bank's 3-D Secure failed (the
// PaymentIntent is back to requires_payment_method), and the buyer's browser, which still holds its client secret,
// confirms it again with another card through Stripe.js. The money is taken at Stripe; subkit must not keep it
// silently with the invoice still owed. One invoice keeps one payment: it pays the invoice when the invoice is still
// open and owes that amount, else it is refunded in full (engine/charge-cancels.ts, as for a cancel answered late).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { expectStatus } from '../billing/helpers.js';
import { authenticateInBrowser, browserCard, checkoutLeftAtTheBank, paymentsOf, STRIPE_CARDS, stripeTestBedOfSuite } from './helpers.js';

describe('a failed payment whose PaymentIntent is confirmed again in the browser', () => {
  const bed = stripeTestBedOfSuite();
  before(() => bed.server.clock.set(new Date('2027-08-02T09:00:00.000Z')));

  /** What Stripe.js's confirmPayment does with the client secret and a card typed into the Payment Element. */
  async function confirmInBrowser(clientSecret: string, card: string) {
    const id = clientSecret.split('_secret_')[0]!;
    const res = await fetch(`${bed.fake.url}/v1/payment_intents/${id}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bed.fake.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: clientSecret, payment_method: await browserCard(bed.fake, card) }).toString(),
    });
    return (await res.json()) as { status?: string; error?: unknown };
  }

  test('3-D Secure failed, then the same PaymentIntent paid with another card: it pays the still-open invoice and the subscription starts; Stripe keeps one invoice amount', async () => {
    const { buyer, subscriptionId, invoiceId, paymentId, clientSecret, pi } = await checkoutLeftAtTheBank(bed);
    assert.equal((await authenticateInBrowser(bed.fake, clientSecret, 'fail')).status, 'requires_payment_method');
    const failed = await buyer.post(`/v1/payments/${paymentId}/confirm`, {});
    expectStatus(failed, 200);
    assert.equal(failed.body.status, 'failed');

    assert.equal((await confirmInBrowser(clientSecret, STRIPE_CARDS.visa)).status, 'succeeded');
    await bed.fake.webhooks.settled();
    assert.equal(pi.amount_received, pi.amount);
    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue], 'the money Stripe took paid the invoice');
    assert.equal((await buyer.get(`/v1/subscriptions/${subscriptionId}`)).body.status, 'active');
    assert.deepEqual((await paymentsOf(bed.server, invoiceId)).map((p) => p.status), ['succeeded']);
  });

  test('…and when a newer attempt had paid the invoice meanwhile: the late one is refunded in full, the invoice paid once', async () => {
    const { buyer, invoiceId, paymentId, clientSecret, pi } = await checkoutLeftAtTheBank(bed);
    await authenticateInBrowser(bed.fake, clientSecret, 'fail');
    expectStatus(await buyer.post(`/v1/payments/${paymentId}/confirm`, {}), 200);
    // Pay now with a card that needs no authentication: the invoice is paid.
    const card = await buyer.post('/v1/payment-methods', { stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.visa) });
    expectStatus(card, 200);
    const paid = await buyer.post(`/v1/invoices/${invoiceId}/pay`, { paymentMethodId: card.body.paymentMethod.id });
    expectStatus(paid, 200);
    assert.equal(paid.body.status, 'succeeded');

    assert.equal((await confirmInBrowser(clientSecret, STRIPE_CARDS.mastercard)).status, 'succeeded');
    await bed.fake.webhooks.settled();
    const refunds = [...bed.fake.state.refunds.values()].filter((r) => r.payment_intent === pi.id);
    assert.deepEqual(refunds.map((r) => [r.amount, r.status]), [[pi.amount, 'succeeded']], 'the late payment is given back in full');
    const invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid], ['paid', invoice.amountDue]);
  });
});
