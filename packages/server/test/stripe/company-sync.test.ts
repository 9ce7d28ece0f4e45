// A company edited by the merchant (POST /v1/companies with its id) reaches its Stripe customer at once —
// name, billing address, tax id — not only on its next payment; with Stripe out of reach the edit still
// succeeds and the next call that uses the customer sends the details.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stripeClient } from '../../src/payments/stripe/client.js';
import { stripeCustomerFor } from '../../src/payments/stripe/customers.js';
import { newCompany } from '../engine/run-helpers.js';
import { browserCard, STRIPE_CARDS, stripeCustomerOf, stripeTestBedOfSuite } from './helpers.js';

const ADDRESS = { line1: 'Rue de Rivoli 1', city: 'Paris', postalCode: '75001', country: 'FR' };

describe('a company edit reaches its Stripe customer', () => {
  const bed = stripeTestBedOfSuite();
  const merchant = (body: unknown) => bed.server.request('POST', '/v1/companies', { token: bed.server.config.secretKey, body });
  const stripeCalls = () => bed.fake.requests.filter((r) => r.path.startsWith('/v1/customers')).length;
  const taxIdsOf = (customer: string) => [...bed.fake.state.taxIds.values()].filter((t) => t.customer === customer).map((t) => [t.type, t.value]);

  /** A company that paid through Stripe once (so it has a Stripe customer), named `name`. */
  async function companyWithCustomer(name: string) {
    const company = await newCompany(bed.server, { country: 'DE' });
    assert.equal((await merchant({ id: company.id, name })).status, 200);
    const customer = await stripeCustomerFor(bed.server.db, stripeClient(bed.server.config.stripe!), company.id, new Date());
    assert.equal(bed.fake.state.customers.get(customer)!.name, name);
    return { ...company, customer };
  }

  test('name, billing address and tax id are on the Stripe customer when the edit answers; the same edit again costs no call', async () => {
    const { id, customer } = await companyWithCustomer('Wayne Freight GmbH');
    const edit = { id, name: 'Wayne Freight SAS', billingAddress: ADDRESS, taxId: { country: 'FR', value: 'FR40303265045' } };
    const res = await merchant(edit);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const inStripe = bed.fake.state.customers.get(customer)!;
    assert.equal(inStripe.name, 'Wayne Freight SAS');
    assert.deepEqual([inStripe.address?.line1, inStripe.address?.city, inStripe.address?.postal_code, inStripe.address?.country], ['Rue de Rivoli 1', 'Paris', '75001', 'FR']);
    assert.deepEqual(taxIdsOf(customer), [['eu_vat', 'FR40303265045']]);

    const before = stripeCalls();
    assert.equal((await merchant(edit)).status, 200);
    assert.equal(stripeCalls(), before, 'unchanged details are not sent again');
  });

  test('Stripe out of reach: the edit still succeeds, and the next use of the customer (a card saved) sends the details', async () => {
    const { id, customer, client } = await companyWithCustomer('Stark Freight GmbH');
    // Stripe answers 500 once: a retry would get through, so the customer keeping its old name shows one try only.
    bed.fake.inject({ method: 'POST', path: `/v1/customers/${customer}`, kind: 'api_error', times: 1 });
    const res = await merchant({ id, name: 'Stark Freight AG' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, 'Stark Freight AG');
    assert.equal((await bed.server.request('GET', `/v1/companies/${id}`, { token: bed.server.config.secretKey })).body.name, 'Stark Freight AG');
    assert.equal(bed.fake.state.customers.get(customer)!.name, 'Stark Freight GmbH', 'Stripe did not take it, and the edit did not wait on retries');

    const buyer = await client();
    const saved = await buyer.post('/v1/payment-methods', { stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.visa) });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(bed.fake.state.customers.get(customer)!.name, 'Stark Freight AG', 'sent with the next use');
  });

  test('a company that never paid through Stripe has no customer to update: the edit makes no Stripe call', async () => {
    const { id } = await newCompany(bed.server, { country: 'DE' });
    const before = stripeCalls();
    assert.equal((await merchant({ id, name: 'Oscorp Haulage Ltd', billingAddress: ADDRESS })).status, 200);
    assert.equal(stripeCalls(), before);
    assert.equal(await stripeCustomerOf(bed.server, id), undefined);
  });

  test('hostile edits answer 4xx and reach neither subkit nor Stripe', async () => {
    const { id, customer } = await companyWithCustomer('Tyrell Cargo GmbH');
    const before = stripeCalls();
    for (const body of [
      { id, name: 'Tyrell', taxId: { country: 'FR', value: 'FR123' } },
      { id, name: 42 },
      { id, name: 'Tyrell', billingAddress: { line1: 'x', city: 'y', postalCode: 'z', country: 'Atlantis' } },
      { id, name: 'x'.repeat(100_000) },
      { id: '../co_acme', name: 'Tyrell' },
      { id, name: 'Tyrell', taxId: { country: 'FR', value: { $ne: null } } },
    ]) {
      const res = await merchant(body);
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
      assert.equal(typeof res.body.error?.code, 'string');
    }
    assert.equal(stripeCalls(), before, 'no Stripe call');
    assert.equal(bed.fake.state.customers.get(customer)!.name, 'Tyrell Cargo GmbH');
    assert.equal((await bed.server.request('GET', `/v1/companies/${id}`, { token: bed.server.config.secretKey })).body.name, 'Tyrell Cargo GmbH');
  });

});
