// A company's saved cards with Stripe: subkit decides (list, default, remove) and Stripe's customer follows,
// so the merchant's Stripe Dashboard shows the same cards and the same default.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asBuyer, expectStatus } from '../billing/helpers.js';
import { browserCard, STRIPE_CARDS, stripeCustomerOf, stripeTestBedOfSuite } from './helpers.js';

describe("saved cards with Stripe: Stripe's customer follows subkit", () => {
  const bed = stripeTestBedOfSuite();

  test('two cards saved, the second made default, the default removed: Stripe attaches, sets the default, detaches', async () => {
    const acme = await asBuyer(bed.server, 'acme-admin');
    const save = async (number: string) => {
      const res = await acme.post('/v1/payment-methods', { stripePaymentMethodId: await browserCard(bed.fake, number) });
      expectStatus(res, 200);
      assert.equal(res.body.status, 'succeeded');
      return res.body.paymentMethod as { id: string; isDefault: boolean; card: { last4: string } };
    };
    const visa = await save(STRIPE_CARDS.visa);
    const mastercard = await save(STRIPE_CARDS.mastercard);
    const customerId = (await stripeCustomerOf(bed.server, 'co_acme'))!;
    const refOf = async (id: string) => (await bed.server.db.query<{ processor_ref: string }>('SELECT processor_ref FROM payment_methods WHERE id = $1', [id])).rows[0]!.processor_ref;
    const attached = () => [...bed.fake.state.paymentMethods.values()].filter((pm) => pm.customer === customerId).map((pm) => pm.card?.last4).sort();
    const stripeDefault = () => bed.fake.state.customers.get(customerId)!.invoice_settings.default_payment_method;
    assert.deepEqual(attached(), ['4242', '4444'], 'both cards are attached to the company\'s Stripe customer');

    const listed = await acme.get('/v1/payment-methods');
    assert.deepEqual(listed.body.data.map((m: { card: { last4: string }; isDefault: boolean }) => [m.card.last4, m.isDefault]), [['4242', true], ['4444', false]]);

    expectStatus(await acme.post(`/v1/payment-methods/${mastercard.id}/default`, {}), 200);
    assert.equal(stripeDefault(), await refOf(mastercard.id), "Stripe's default is subkit's default");

    expectStatus(await acme.del(`/v1/payment-methods/${mastercard.id}`), 200);
    assert.deepEqual(attached(), ['4242'], 'the removed card is detached from the customer');
    assert.equal(stripeDefault(), await refOf(visa.id), 'the card that took over as default is Stripe\'s default too');
    const after = await acme.get('/v1/payment-methods');
    assert.deepEqual(after.body.data.map((m: { id: string; isDefault: boolean }) => [m.id, m.isDefault]), [[visa.id, true]]);
  });

  test('a card detached in the Dashboard already is still removed in subkit, and its late setup event does not bring it back', async () => {
    const globex = await asBuyer(bed.server, 'globex-admin');
    const pm = await browserCard(bed.fake, STRIPE_CARDS.visa);
    const saved = await globex.post('/v1/payment-methods', { stripePaymentMethodId: pm });
    expectStatus(saved, 200);
    await bed.stripe.paymentMethods.detach(pm);
    expectStatus(await globex.del(`/v1/payment-methods/${saved.body.paymentMethod.id}`), 200);
    // The setup's setup_intent.succeeded arrives after the removal: it must not bring the card back.
    await bed.fake.webhooks.settled();
    assert.deepEqual((await globex.get('/v1/payment-methods')).body.data, []);
  });
});
