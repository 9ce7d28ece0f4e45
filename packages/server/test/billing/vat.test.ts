import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/config.js';
import { DEMO_SELLER_ENV } from '../../src/seed/demo-seller.js';
import { sellerSettingsFromEnv } from '../../src/seller/config.js';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { asBuyer, CARDS, card, checkout, expectStatus, IDS, MONTHLY, starterByInvoice } from './helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
const MAR_16_NOON = new Date('2026-03-16T12:00:00.000Z');
const FRENCH_BUYER = {
  companyName: 'Acme Logistique SARL',
  taxId: { country: 'FR', value: 'FR40303265045' },
  address: { line1: '12 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
};

describe('seller settings', () => {
  test('the demo seller loads: IBAN and VAT ID normalized, bank holder defaults to the legal name', () => {
    const { seller, taxOutsideEu, defaultLocale } = sellerSettingsFromEnv(DEMO_SELLER_ENV);
    assert.equal(seller?.legalName, 'Northwind Industrial Supply GmbH');
    assert.equal(seller?.vatId, 'DE136695976');
    assert.deepEqual(seller?.bank, {
      accountHolder: 'Northwind Industrial Supply GmbH',
      bankName: 'Commerzbank München',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      accountNumber: null,
      routingNumber: null,
    });
    assert.equal(taxOutsideEu, 'not_subject');
    assert.equal(defaultLocale, 'en');
  });

  test('no seller variables: no seller, and the old behaviour', () => {
    assert.equal(sellerSettingsFromEnv({}).seller, null);
  });

  test('mistakes stop the start with a message naming the variable', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ ...DEMO_SELLER_ENV, SUBKIT_SELLER_IBAN: 'DE88 3704 0044 0532 0130 00' }, /SUBKIT_SELLER_IBAN: .*check digits/],
      [{ ...DEMO_SELLER_ENV, SUBKIT_SELLER_BIC: 'NOTABIC' }, /SUBKIT_SELLER_BIC/],
      [{ ...DEMO_SELLER_ENV, SUBKIT_SELLER_VAT_ID: 'DE12345' }, /SUBKIT_SELLER_VAT_ID: .*DE136695976/],
      [{ ...DEMO_SELLER_ENV, SUBKIT_SELLER_COUNTRY: 'Germany' }, /SUBKIT_SELLER_COUNTRY/],
      [{ ...DEMO_SELLER_ENV, SUBKIT_SELLER_CITY: '' }, /SUBKIT_SELLER_CITY is not set/],
      [{ SUBKIT_SELLER_IBAN: 'DE89370400440532013000' }, /SUBKIT_SELLER_COUNTRY is not set/],
      [{ ...DEMO_SELLER_ENV, SUBKIT_SELLER_ACCOUNT_NUMBER: '12345678' }, /go together/],
      [{ ...DEMO_SELLER_ENV, SUBKIT_SELLER_COUNTRY: 'US', SUBKIT_SELLER_VAT_ID: '', SUBKIT_SELLER_ACCOUNT_NUMBER: '12345678', SUBKIT_SELLER_ROUTING_NUMBER: '026009594' }, /ROUTING_NUMBER/],
      [{ ...DEMO_SELLER_ENV, SUBKIT_SELLER_EMAIL: 'billing' }, /SUBKIT_SELLER_EMAIL/],
      [{ SUBKIT_TAX_OUTSIDE_EU: 'zero' }, /SUBKIT_TAX_OUTSIDE_EU/],
      [{ SUBKIT_DEFAULT_LOCALE: 'de' }, /SUBKIT_DEFAULT_LOCALE/],
    ];
    for (const [env, message] of bad) assert.throws(() => sellerSettingsFromEnv(env), (err: unknown) => err instanceof ConfigError && message.test(err.message), JSON.stringify(env));
  });

  test('loadConfig carries the seller settings', () => {
    const config = loadConfig({ ...DEMO_SELLER_ENV, SUBKIT_SECRET_KEY: 'sk_test_0123456789abcdefghijklmn', SUBKIT_PUBLISHABLE_KEY: 'pk_test_0123456789' });
    assert.equal(config.seller?.address.city, 'München');
    assert.equal(config.taxOutsideEu, 'not_subject');
  });
});

describe('VAT rules in checkout, changes and invoices', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: sellerSettingsFromEnv(DEMO_SELLER_ENV) });
    server.clock.set(MAR_1);
  });
  after(() => server.close());

  test('domestic B2B (Acme in Hamburg): VAT 19% with its taxable amount; the invoice keeps both parties', async () => {
    const acme = await asBuyer(server, 'acme-admin');
    const preview = (await acme.post('/v1/checkout/preview', starterByInvoice())).body;
    assert.deepEqual(preview.taxLines, [{ name: 'VAT', percent: 19, taxableAmount: 10900, amount: 2071, inclusive: false, kind: 'vat', treatment: 'standard', country: 'DE' }]);
    const { invoiceId } = await checkout(acme, starterByInvoice());
    const invoice = (await acme.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.taxTreatment, 'standard');
    assert.equal(invoice.purpose, 'purchase');
    assert.equal(invoice.seller.legalName, 'Northwind Industrial Supply GmbH');
    assert.equal(invoice.seller.bank.iban, 'DE89370400440532013000');
    assert.deepEqual(invoice.buyer, {
      name: 'Acme Logistics GmbH',
      address: { line1: 'Hafenstraße 12', city: 'Hamburg', postalCode: '20457', country: 'DE' },
      taxId: { country: 'DE', value: 'DE123456789' },
      email: 'ap@acme-logistics.example',
    });
    // A later change of the company's address does not rewrite the issued invoice.
    await server.db.query("UPDATE companies SET billing_address = jsonb_set(billing_address, '{city}', '\"Bremen\"') WHERE id = 'co_acme'");
    assert.equal((await acme.get(`/v1/invoices/${invoiceId}`)).body.buyer.address.city, 'Hamburg');
    await server.db.query("UPDATE companies SET billing_address = jsonb_set(billing_address, '{city}', '\"Hamburg\"') WHERE id = 'co_acme'");
  });

  test('a business in another EU state with its VAT ID: 0% reverse charge, the taxable amount still shown', async () => {
    const acme = await asBuyer(server, 'acme-admin');
    const preview = (await acme.post('/v1/checkout/preview', starterByInvoice({ billing: FRENCH_BUYER }))).body;
    assert.deepEqual(preview.taxLines, [{ name: 'VAT', percent: 0, taxableAmount: 10900, amount: 0, inclusive: false, kind: 'vat', treatment: 'reverse_charge', country: null }]);
    assert.equal(preview.total, 10900);
    const { invoiceId } = await checkout(acme, starterByInvoice({ billing: FRENCH_BUYER }));
    const invoice = (await acme.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.taxTreatment, 'reverse_charge');
    assert.equal(invoice.tax, 0);
    assert.deepEqual(invoice.buyer.taxId, { country: 'FR', value: 'FR40303265045' });
    // A buyer in France without any VAT ID is treated as a consumer there: the French rate.
    await server.db.query("UPDATE companies SET tax_id = NULL WHERE id = 'co_acme'");
    const consumer = (await acme.post('/v1/checkout/preview', starterByInvoice({ billing: { ...FRENCH_BUYER, taxId: undefined } }))).body;
    assert.equal(consumer.taxLines.length, 1);
    assert.equal(consumer.taxLines[0].name, 'TVA');
    assert.equal(consumer.taxLines[0].percent, 20);
    assert.equal(consumer.taxLines[0].country, 'FR');
    await server.db.query(
      `UPDATE companies SET name = 'Acme Logistics GmbH', tax_id = '{"country":"DE","value":"DE123456789"}',
         billing_address = '{"line1":"Hafenstraße 12","city":"Hamburg","postalCode":"20457","country":"DE"}' WHERE id = 'co_acme'`,
    );
  });

  test('a buyer outside the EU (Globex in the US): 0% not subject to VAT', async () => {
    const globex = await asBuyer(server, 'globex-admin');
    const body = { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 3, payment: { method: 'card', testCard: card(CARDS.success) } };
    const preview = (await globex.post('/v1/checkout/preview', body)).body;
    assert.deepEqual(
      preview.taxLines.map((t: any) => [t.name, t.percent, t.treatment, t.taxableAmount]),
      [['VAT', 0, 'not_subject', preview.subtotal]],
    );
    const { invoiceId } = await checkout(globex, body);
    assert.equal((await globex.get(`/v1/invoices/${invoiceId}`)).body.taxTreatment, 'not_subject');
  });

  test('structured texts: checkout lines, change preview lines and the change invoice say what they bill; the invoice says what it is for', async () => {
    server.clock.set(MAR_1);
    const acme = await asBuyer(server, 'acme-purchaser');
    const preview = (await acme.post('/v1/checkout/preview', starterByInvoice())).body;
    const starterSeats = { type: 'plan', planId: IDS.starter, planName: 'Starter', itemId: 'seats', name: 'Seats', unitLabel: 'seat', unitLabelPlural: 'seats' };
    const starterFee = { type: 'plan', planId: IDS.starter, planName: 'Starter', itemId: 'platform_fee', name: 'Platform fee', unitLabel: null, unitLabelPlural: null };
    assert.deepEqual(
      preview.lines.map((l: any) => l.text),
      [
        { kind: 'period', subject: starterFee },
        { kind: 'period', subject: starterSeats },
      ],
    );
    const { subscription } = await checkout(acme, starterByInvoice());
    server.clock.set(MAR_16_NOON);
    const later = await asBuyer(server, 'acme-purchaser');
    const seats = await later.post(`/v1/subscriptions/${subscription.id}/change/preview`, { expectedVersion: 1, quantity: 7 });
    expectStatus(seats, 200);
    assert.deepEqual(
      seats.body.prorationLines.map((l: any) => [l.text.kind, l.text.subject.itemId, l.amount < 0]),
      [
        ['unused_time', 'platform_fee', true],
        ['unused_time', 'seats', true],
        ['remaining_time', 'platform_fee', false],
        ['remaining_time', 'seats', false],
      ],
    );
    const applied = await later.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: 1, quantity: 7 });
    expectStatus(applied, 200);
    const invoice = (await later.get(`/v1/invoices/${applied.body.invoiceId}`)).body;
    assert.equal(invoice.purpose, 'seats');
    assert.deepEqual(
      invoice.lines.map((l: any) => [l.text.kind, l.text.subject.name, l.quantity]),
      [
        ['unused_time', 'Platform fee', 1],
        ['unused_time', 'Seats', 5],
        ['remaining_time', 'Platform fee', 1],
        ['remaining_time', 'Seats', 7],
      ],
    );
    const upgrade = await later.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: 2, planId: IDS.growth });
    expectStatus(upgrade, 200);
    assert.equal((await later.get(`/v1/invoices/${upgrade.body.invoiceId}`)).body.purpose, 'upgrade');
    const list = (await later.get(`/v1/invoices?subscriptionId=${subscription.id}`)).body.data;
    // The two changes were issued at the same instant: their order in the list is not what is tested.
    assert.deepEqual(list.map((i: any) => i.purpose).sort(), ['purchase', 'seats', 'upgrade']);
  });
});
