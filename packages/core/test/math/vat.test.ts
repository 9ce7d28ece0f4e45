import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EU_COUNTRIES, isEuCountry, vatTreatment } from '../../src/math/index.js';
import type { VatSeller } from '../../src/math/index.js';

const DE_SELLER: VatSeller = { country: 'DE', vatId: 'DE136695976', outsideEu: 'not_subject' };
const taxId = (country: string, value: string) => ({ country, value });

describe('vatTreatment', () => {
  it('domestic B2B keeps the domestic rate', () => {
    assert.deepEqual(vatTreatment(DE_SELLER, { country: 'DE', taxId: taxId('DE', 'DE123456789') }), {
      treatment: 'standard',
      reason: 'domestic',
      rateCountries: ['DE'],
    });
  });

  it('a business buyer with a VAT ID of another member state gets the reverse charge', () => {
    for (const [country, id] of [
      ['FR', 'FR40303265045'],
      ['NL', 'NL004495445B01'],
      ['GR', 'EL094014201'],
    ] as const) {
      const decision = vatTreatment(DE_SELLER, { country, taxId: taxId(country === 'GR' ? 'EL' : country, id) });
      assert.equal(decision.treatment, 'reverse_charge', country);
      assert.deepEqual(decision.rateCountries, []);
    }
  });

  it('a buyer in another member state without a VAT ID pays its own country rate, else the seller one', () => {
    assert.deepEqual(vatTreatment(DE_SELLER, { country: 'FR', taxId: null }), { treatment: 'standard', reason: 'eu_consumer', rateCountries: ['FR', 'DE'] });
  });

  it('a buyer whose VAT ID is of the seller state is a domestic sale', () => {
    assert.equal(vatTreatment(DE_SELLER, { country: 'AT', taxId: taxId('DE', 'DE123456789') }).reason, 'domestic');
  });

  it('outside the EU: not subject to VAT, or the local rates where the merchant configures them', () => {
    const us = { country: 'US', taxId: taxId('US', '12-3456789') };
    assert.deepEqual(vatTreatment(DE_SELLER, us), { treatment: 'not_subject', reason: 'outside_eu', rateCountries: [] });
    assert.deepEqual(vatTreatment({ ...DE_SELLER, outsideEu: 'local_rates' }, us), { treatment: 'standard', reason: 'outside_eu_local', rateCountries: ['US'] });
    // Switzerland and the UK are outside the EU even with a VAT number of their own.
    assert.equal(vatTreatment(DE_SELLER, { country: 'CH', taxId: taxId('CH', 'CHE-123.456.788') }).treatment, 'not_subject');
    assert.equal(vatTreatment(DE_SELLER, { country: 'GB', taxId: taxId('GB', 'GB123456789') }).treatment, 'not_subject');
  });

  it('an EU VAT ID does not make a buyer established outside the EU a reverse-charge buyer', () => {
    assert.equal(vatTreatment(DE_SELLER, { country: 'US', taxId: taxId('FR', 'FR40303265045') }).treatment, 'not_subject');
  });

  it('without an address the VAT ID state decides, and with neither the sale is domestic', () => {
    assert.equal(vatTreatment(DE_SELLER, { country: null, taxId: taxId('FR', 'FR40303265045') }).treatment, 'reverse_charge');
    assert.deepEqual(vatTreatment(DE_SELLER, { country: null, taxId: null }).rateCountries, ['DE']);
  });

  it('a seller outside the EU or without a VAT ID charges the rates of the buyer country', () => {
    const buyer = { country: 'FR', taxId: taxId('FR', 'FR40303265045') };
    assert.deepEqual(vatTreatment({ country: 'US', vatId: null, outsideEu: 'not_subject' }, buyer), { treatment: 'standard', reason: 'seller_not_eu', rateCountries: ['FR'] });
    assert.deepEqual(vatTreatment({ ...DE_SELLER, vatId: null }, buyer).rateCountries, ['FR']);
    assert.deepEqual(vatTreatment(null, buyer).rateCountries, ['FR']);
    assert.deepEqual(vatTreatment(null, { country: null, taxId: null }).rateCountries, []);
  });

  it('Greece is GR in addresses and EL in VAT IDs', () => {
    assert.equal(isEuCountry('EL'), true);
    assert.equal(isEuCountry('GR'), true);
    assert.equal(vatTreatment({ ...DE_SELLER, country: 'GR', vatId: 'EL094014201' }, { country: 'GR', taxId: taxId('EL', 'EL094014201') }).reason, 'domestic');
  });

  it('for any EU seller and buyer: reverse charge exactly when both are in different member states and the buyer has a VAT ID of a state other than the seller', () => {
    const eu = [...EU_COUNTRIES];
    const country = fc.oneof(fc.constantFrom(...eu), fc.constantFrom('US', 'CH', 'GB', 'NO', 'TR', 'CN', 'IN', 'AE'));
    fc.assert(
      fc.property(fc.constantFrom(...eu), fc.option(country, { nil: null }), fc.option(country, { nil: null }), fc.constantFrom('not_subject', 'local_rates' as const), (home, address, idCountry, outsideEu) => {
        const seller: VatSeller = { country: home, vatId: `${home}X`, outsideEu };
        const d = vatTreatment(seller, { country: address, taxId: idCountry ? taxId(idCountry, 'X') : null });
        const established = address ?? (idCountry && isEuCountry(idCountry) ? idCountry : null);
        const expectReverse = established !== null && established !== home && isEuCountry(established) && idCountry !== null && isEuCountry(idCountry) && idCountry !== home;
        assert.equal(d.treatment === 'reverse_charge', expectReverse);
        assert.equal(d.treatment === 'not_subject', established !== null && !isEuCountry(established) && outsideEu === 'not_subject');
        // A standard sale always names where its rates come from.
        if (d.treatment === 'standard') assert.ok(d.rateCountries.length > 0);
        else assert.equal(d.rateCountries.length, 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tax names', () => {
  it('takes a rate written into a name out of it, and leaves other names alone', async () => {
    const { plainTaxName } = await import('../../src/math/index.js');
    assert.equal(plainTaxName('VAT 19%'), 'VAT');
    assert.equal(plainTaxName('USt 20 %'), 'USt');
    assert.equal(plainTaxName('GST (7.5%)'), 'GST');
    assert.equal(plainTaxName('VAT'), 'VAT');
    assert.equal(plainTaxName('Sales tax (exempt)'), 'Sales tax (exempt)');
    assert.equal(plainTaxName('19%'), '19%');
  });

  it('formats a rate as a percentage in the locale', async () => {
    const { formatTaxPercent } = await import('../../src/math/index.js');
    assert.equal(formatTaxPercent(19, 'en'), '19%');
    assert.equal(formatTaxPercent(7.7, 'en'), '7.7%');
    assert.equal(formatTaxPercent(19, 'tr'), '%19');
    assert.equal(formatTaxPercent(0, 'en'), '0%');
  });
});
