import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stripeClient } from '../../src/payments/stripe/client.js';
import { stripeCustomerFor, stripeTaxIdOf } from '../../src/payments/stripe/customers.js';
import { startStripeTestBed, type StripeTestBed } from './helpers.js';

describe('Stripe customers of companies', () => {
  let bed: StripeTestBed;
  before(async () => {
    bed = await startStripeTestBed({ webhooks: false });
  });
  after(() => bed.close());


  test('a company gets one Stripe customer, with its billing details and tax id, however many first uses race', async () => {
    const stripe = stripeClient(bed.server.config.stripe!);
    const at = new Date();
    // Stripe answers none of the three creations before all three asked: each racer found no customer
    // stored, so all of them race to create one (without this, under load the first could store its
    // customer before the last one looked, and fewer would race).
    bed.fake.gather({ method: 'POST', path: /^\/v1\/customers$/, count: 3 });
    const ids = await Promise.all([1, 2, 3].map(() => stripeCustomerFor(bed.server.db, stripe, 'co_acme', at)));
    assert.equal(new Set(ids).size, 1);
    const creations = bed.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers');
    assert.equal(creations.length, 3, 'each racer asked');
    assert.equal(new Set(creations.map((r) => r.idempotencyKey)).size, 1, 'with one idempotency key');
    assert.equal(creations.filter((r) => !r.replayed).length, 1, 'Stripe acted on one, replayed the others');
    assert.equal(bed.fake.state.customers.size, 1, 'Stripe made one customer');
    const customer = bed.fake.state.customers.get(ids[0]!)!;
    const company = (await bed.server.db.query<any>('SELECT * FROM companies WHERE id = $1', ['co_acme'])).rows[0];
    assert.equal(customer.name, company.name);
    assert.equal(customer.email, company.billing_email);
    assert.equal(customer.metadata.subkit_company_id, 'co_acme');
    assert.equal(customer.address?.country, company.billing_address.country);
    assert.equal(customer.address?.postal_code, company.billing_address.postalCode);
    const taxIds = [...bed.fake.state.taxIds.values()].filter((t) => t.customer === customer.id);
    assert.deepEqual(
      taxIds.map((t) => [t.type, t.value]),
      [[stripeTaxIdOf(company.tax_id)!.type, stripeTaxIdOf(company.tax_id)!.value]],
    );
  });

  test('unchanged details cost no call; changed ones are sent, and a new tax id replaces the old one', async () => {
    const stripe = stripeClient(bed.server.config.stripe!);
    const at = new Date();
    const id = await stripeCustomerFor(bed.server.db, stripe, 'co_acme', at);
    const before = bed.fake.requests.length;
    assert.equal(await stripeCustomerFor(bed.server.db, stripe, 'co_acme', at), id);
    assert.equal(bed.fake.requests.length, before, 'no Stripe call when nothing changed');

    await bed.server.db.query(`UPDATE companies SET name = 'Acme Logistics SE', billing_email = 'ap@acme.example', tax_id = $2 WHERE id = $1`, [
      'co_acme',
      JSON.stringify({ country: 'FR', value: 'FR40303265045' }),
    ]);
    await stripeCustomerFor(bed.server.db, stripe, 'co_acme', at);
    const customer = bed.fake.state.customers.get(id)!;
    assert.equal(customer.name, 'Acme Logistics SE');
    assert.equal(customer.email, 'ap@acme.example');
    const taxIds = [...bed.fake.state.taxIds.values()].filter((t) => t.customer === id);
    assert.deepEqual(
      taxIds.map((t) => [t.type, t.value]),
      [['eu_vat', 'FR40303265045']],
    );

    await bed.server.db.query('UPDATE companies SET tax_id = NULL WHERE id = $1', ['co_acme']);
    await stripeCustomerFor(bed.server.db, stripe, 'co_acme', at);
    assert.equal([...bed.fake.state.taxIds.values()].filter((t) => t.customer === id).length, 0);
  });

  test("Stripe's tax id types follow the company's country and format", () => {
    assert.deepEqual(stripeTaxIdOf({ country: 'DE', value: 'de 123 456 789' }), { type: 'eu_vat', value: 'DE123456789' });
    assert.deepEqual(stripeTaxIdOf({ country: 'GB', value: '123456789' }), { type: 'gb_vat', value: 'GB123456789' });
    assert.deepEqual(stripeTaxIdOf({ country: 'US', value: '12-3456789' }), { type: 'us_ein', value: '12-3456789' });
    assert.equal(stripeTaxIdOf({ country: 'DE', value: '12' }), null, 'an invalid id is not sent');
    assert.equal(stripeTaxIdOf({ country: 'ZZ', value: '12345' }), null, 'nor one Stripe has no type for');
    assert.equal(stripeTaxIdOf(null), null);
  });
});
