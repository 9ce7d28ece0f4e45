import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_SELLER_ENV } from '../../src/seed/demo-seller.js';
import { sellerSettingsFromEnv } from '../../src/seller/config.js';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { checkout, IDS, starterByInvoice } from '../billing/helpers.js';
import { advance, newCompany, payOpenInvoices } from './run-helpers.js';

const FRENCH_BUYER = {
  companyName: 'Logistique Renouvelée SARL',
  taxId: { country: 'FR', value: 'FR40303265045' },
  address: { line1: '12 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
};

describe("the billing run's renewal invoice keeps what checkout's invoice keeps", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: sellerSettingsFromEnv(DEMO_SELLER_ENV) });
    server.clock.set(new Date('2027-04-05T08:00:00.000Z'));
  });
  after(() => server.close());

  test('a French business with its VAT ID: the renewal is a renewal, reverse charged, names both parties, each line its plan', async () => {
    const company = await newCompany(server, { country: 'FR', invoiceAllowed: true });
    let buyer = await company.client();
    const { subscription, invoiceId } = await checkout(buyer, starterByInvoice({ billing: FRENCH_BUYER }));
    const first = (await buyer.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(first.taxTreatment, 'reverse_charge');
    await payOpenInvoices(buyer);
    const promised = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.nextInvoice;

    const report = await advance(server, { to: subscription.currentPeriodEnd });
    const issued = report.invoices.find((i: any) => i.subscriptionId === subscription.id);
    assert.ok(issued, 'renewed');
    buyer = await company.client();
    const renewal = (await buyer.get(`/v1/invoices/${issued.id}`)).body;
    assert.equal(renewal.purpose, 'renewal');
    assert.equal(renewal.taxTreatment, 'reverse_charge');
    assert.equal(renewal.tax, 0);
    assert.deepEqual(
      renewal.taxLines.map((t: any) => [t.percent, t.treatment, t.taxableAmount]),
      [[0, 'reverse_charge', renewal.subtotal]],
    );
    assert.deepEqual(renewal.seller, first.seller, 'the seller as checkout named it');
    assert.equal(renewal.seller.vatId, 'DE136695976');
    assert.deepEqual(renewal.buyer, first.buyer, 'the buyer as checkout named it');
    assert.deepEqual(renewal.buyer.taxId, FRENCH_BUYER.taxId);
    assert.ok(renewal.lines.length > 0);
    for (const line of renewal.lines) assert.equal(line.text?.subject?.planId, IDS.starter, `${line.description} names its plan`);
    // The promise (nextInvoice) used the same tax rules: what it said is what was billed.
    assert.equal(promised.tax, 0);
    assert.equal(renewal.total, promised.total);
  });
});
