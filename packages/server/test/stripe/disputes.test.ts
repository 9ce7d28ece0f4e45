import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Stripe from 'stripe';
import { asBuyer, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { browserCard, STRIPE_CARDS, stripeTestBedOfSuite } from './helpers.js';

describe('disputes reported by Stripe', () => {
  const bed = stripeTestBedOfSuite();

  /** A checkout paid with Stripe's dispute test card (4000000000000259): charged, then disputed by the card holder. */
  async function disputedPurchase(customerId: string) {
    const buyer = await asBuyer(bed.server, customerId);
    const res = await buyer.post('/v1/checkout', {
      planId: IDS.starter,
      currency: 'EUR',
      recurring: MONTHLY,
      quantity: 1,
      payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.dispute) },
    });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'succeeded');
    await new Promise((r) => setTimeout(r, 30)); // the card holder's bank opens the dispute just after
    const pi = [...bed.fake.state.paymentIntents.values()].find((p) => p.metadata.subkit_invoice_id === res.body.invoiceId)!;
    const dispute = [...bed.fake.state.disputes.values()].find((d) => d.payment_intent === pi.id)!;
    assert.ok(dispute, 'Stripe opened a dispute');
    return { buyer, invoiceId: res.body.invoiceId as string, dispute };
  }

  const eventsOf = async (type: string, invoiceId: string) =>
    (await bed.server.db.query<{ data: any }>("SELECT data FROM events WHERE type = $1 AND data->'object'->>'id' = $2 ORDER BY created_at, id", [type, invoiceId])).rows.map((r) => r.data.object);

  test('a dispute marks the invoice and goes out as invoice.disputed; its decision as invoice.dispute_closed', async () => {
    const { buyer, invoiceId, dispute } = await disputedPurchase('acme-admin');
    await bed.fake.webhooks.settled();
    let invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.status, 'paid');
    assert.deepEqual([invoice.dispute.status, invoice.dispute.reason, invoice.dispute.amount], ['open', 'fraudulent', dispute.amount]);
    assert.equal((await eventsOf('invoice.disputed', invoiceId)).length, 1);

    await fetch(`${bed.fake.url}/_fake/disputes/${dispute.id}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bed.fake.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=lost',
    });
    await bed.fake.webhooks.settled();
    invoice = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.dispute.status, 'lost');
    assert.ok(invoice.dispute.closedAt);
    const closed = await eventsOf('invoice.dispute_closed', invoiceId);
    assert.deepEqual(closed.map((o) => o.dispute.status), ['lost']);
  });

  test('the decision arriving before the dispute itself, and each twice, leaves the same state and one event of each', async () => {
    bed.fake.webhooks.hold();
    let invoiceId: string;
    let created: Stripe.Event;
    let closed: Stripe.Event;
    try {
      const purchase = await disputedPurchase('globex-admin');
      invoiceId = purchase.invoiceId;
      await fetch(`${bed.fake.url}/_fake/disputes/${purchase.dispute.id}/close`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bed.fake.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'status=won',
      });
      created = bed.fake.webhooks.eventsOf('charge.dispute.created').find((e) => (e.data.object as Stripe.Dispute).id === purchase.dispute.id)!;
      closed = bed.fake.webhooks.eventsOf('charge.dispute.closed').find((e) => (e.data.object as Stripe.Dispute).id === purchase.dispute.id)!;
      for (const event of [closed, created, closed, created]) assert.deepEqual(await bed.fake.webhooks.deliver(event), [200]);
    } finally {
      bed.fake.webhooks.release();
    }
    const globex = await asBuyer(bed.server, 'globex-admin');
    const invoice = (await globex.get(`/v1/invoices/${invoiceId!}`)).body;
    assert.equal(invoice.dispute.status, 'won');
    assert.equal((await eventsOf('invoice.disputed', invoiceId!)).length, 1);
    assert.deepEqual((await eventsOf('invoice.dispute_closed', invoiceId!)).map((o) => o.dispute.status), ['won']);
  });
});
