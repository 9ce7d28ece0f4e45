// An invoice the merchant marks uncollectible while the buyer is at the bank's 3-D Secure page, with Stripe: the
// attempt's PaymentIntent is canceled (abandoned). When the buyer completed the page before the cancel got there,
// the money pays the invoice — written off, it was still owed — instead of being refunded as for a void invoice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkout, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { newCompany } from '../engine/run-helpers.js';
import { authenticateInBrowser, browserCard, paymentsOf, STRIPE_CARDS, stripeTestBedOfSuite } from './helpers.js';

describe('an invoice marked uncollectible while its payment awaits 3-D Secure at Stripe', () => {
  const bed = stripeTestBedOfSuite();

  test('the cancel fails, the buyer completes the page: payment_intent.succeeded pays the uncollectible invoice, nothing is refunded', async () => {
    const company = await newCompany(bed.server, { country: 'US', invoiceAllowed: true });
    const buyer = await company.client();
    const { invoiceId } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'invoice' } });
    const pm = await browserCard(bed.fake, STRIPE_CARDS.authenticateAlways);
    let setup = await buyer.post('/v1/payment-methods', { stripePaymentMethodId: pm });
    expectStatus(setup, 200);
    if (setup.body.status === 'requires_action') {
      await authenticateInBrowser(bed.fake, setup.body.clientSecret);
      setup = await buyer.post('/v1/payment-methods', { stripePaymentMethodId: pm });
    }
    const paying = await buyer.post(`/v1/invoices/${invoiceId}/pay`, { paymentMethodId: setup.body.paymentMethod.id });
    expectStatus(paying, 200);
    assert.equal(paying.body.status, 'requires_action');
    const { clientSecret } = paying.body.nextAction;
    const pi = bed.fake.state.paymentIntents.get(clientSecret.split('_secret_')[0])!;

    bed.fake.inject({ method: 'POST', path: `/v1/payment_intents/${pi.id}/cancel`, kind: 'api_error', times: 3 });
    const marked = await bed.server.request('POST', `/v1/invoices/${invoiceId}/mark_uncollectible`, { token: bed.server.config.secretKey });
    expectStatus(marked, 200);
    assert.equal(marked.body.status, 'uncollectible');
    assert.equal((await paymentsOf(bed.server, invoiceId)).at(-1)!.processor_cancel, 'pending');

    assert.equal(((await authenticateInBrowser(bed.fake, clientSecret)) as { status?: string }).status, 'succeeded');
    await bed.fake.webhooks.settled();
    const invoice = (await (await company.client()).get(`/v1/invoices/${invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid, invoice.amountRemaining], ['paid', pi.amount, 0]);
    assert.deepEqual([...bed.fake.state.refunds.values()].filter((r) => r.payment_intent === pi.id), [], 'nothing refunded');
    const last = (await paymentsOf(bed.server, invoiceId)).at(-1)!;
    assert.deepEqual([last.status, last.processor_cancel], ['succeeded', 'succeeded']);
  });
});
