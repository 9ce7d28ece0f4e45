import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { supportedTaxIdCountries, taxIdExample, validateTaxId } from '../../src/math/index.js';

function valid(country: string, value: string, normalized: string, kind: string) {
  assert.deepEqual(validateTaxId(country, value), { ok: true, normalized, kind }, `${country} ${value}`);
}

function invalid(country: string, value: string) {
  const r = validateTaxId(country, value);
  assert.equal(r.ok, false, `${country} ${value} should be rejected`);
  if (!r.ok) {
    assert.equal(r.type, 'tax_id_error');
    assert.equal(r.code, 'invalid_format', `${country} ${value}`);
    assert.ok(r.message.length > 0);
  }
}

describe('validateTaxId: EU VAT', () => {
  const samples: [string, string, string][] = [
    ['AT', 'ATU13585627', 'ATU13585627'],
    ['BE', 'BE 0417.497.106', 'BE0417497106'],
    ['BG', '175074752', 'BG175074752'],
    ['CY', 'CY10259033P', 'CY10259033P'],
    ['CZ', 'CZ00177041', 'CZ00177041'],
    ['DE', 'de 136 695 976', 'DE136695976'],
    ['DK', 'DK13585628', 'DK13585628'],
    ['EE', 'EE100931558', 'EE100931558'],
    ['GR', 'EL094014201', 'EL094014201'],
    ['GR', 'GR 094014201', 'EL094014201'],
    ['EL', '094014201', 'EL094014201'],
    ['ES', 'ESA28015865', 'ESA28015865'],
    ['ES', 'ES12345678Z', 'ES12345678Z'],
    ['FI', 'FI20774740', 'FI20774740'],
    ['FR', 'FR 40 303 265 045', 'FR40303265045'],
    ['FR', 'FRK7399859412', 'FRK7399859412'],
    ['HR', 'HR33392005961', 'HR33392005961'],
    ['HU', 'HU12892312', 'HU12892312'],
    ['IE', 'IE6388047V', 'IE6388047V'],
    ['IE', 'IE1234567WA', 'IE1234567WA'],
    ['IT', 'IT00743110157', 'IT00743110157'],
    ['LT', 'LT119511515', 'LT119511515'],
    ['LU', 'LU15027442', 'LU15027442'],
    ['LV', 'LV40003009497', 'LV40003009497'],
    ['MT', 'MT15121333', 'MT15121333'],
    ['NL', 'NL004495445B01', 'NL004495445B01'],
    ['PL', 'PL 526-025-09-95', 'PL5260250995'],
    ['PT', 'PT501964843', 'PT501964843'],
    ['RO', 'RO18547290', 'RO18547290'],
    ['SE', 'SE556188840401', 'SE556188840401'],
    ['SI', 'SI50223054', 'SI50223054'],
    ['SK', 'SK2022749619', 'SK2022749619'],
  ];
  it('accepts and normalizes every member state', () => {
    for (const [country, value, normalized] of samples) valid(country, value, normalized, 'eu_vat');
    const covered = new Set(samples.map(([c]) => (c === 'GR' ? 'EL' : c)));
    assert.equal(covered.size, 27);
  });

  it('rejects wrong shapes', () => {
    for (const [country, value] of [
      ['AT', 'AT13585627'], ['DE', 'DE12345678'], ['DE', 'DE1234567890'], ['DE', 'FR136695976'], ['NL', 'NL004495445A01'],
      ['SE', 'SE556188840402'], ['IE', 'IE12345678'], ['CY', 'CY102590331'], ['ES', 'ESABCDEFGHI'], ['DK', ''], ['RO', 'RO0123'],
    ] as const) invalid(country, value);
  });

  it('verifies check digits where the rule is simple', () => {
    invalid('BE', 'BE0417497107');
    invalid('FR', 'FR41303265045');
    invalid('IT', 'IT00743110158');
    invalid('PL', 'PL5260250994');
  });

  it('knows the rarer shapes: old Irish numbers, 12-digit Lithuanian ones, Spanish NIE, Greek ids written GR', () => {
    valid('IE', 'IE8Z49289F', 'IE8Z49289F', 'eu_vat');
    valid('IE', 'IE1234567T', 'IE1234567T', 'eu_vat');
    valid('LT', 'LT123456789012', 'LT123456789012', 'eu_vat');
    valid('ES', 'ESX1234567L', 'ESX1234567L', 'eu_vat');
    valid('CZ', 'CZ1234567890', 'CZ1234567890', 'eu_vat');
    valid('BG', 'BG1234567890', 'BG1234567890', 'eu_vat');
    valid('RO', 'RO12', 'RO12', 'eu_vat');
    for (const [country, value] of [
      ['IE', 'IE8Z4928XF'], ['IE', 'IE8Z49289X'], ['IE', 'IEZZ49289F'], ['IE', 'IE8Z4928F'],
      ['LT', 'LT1234567890'], ['LT', 'LT12345678901X'], ['CZ', 'CZ1234567'], ['BG', 'BG12345678'], ['RO', 'RO1'],
    ] as const) invalid(country, value);
  });

  it('refuses a Spanish VAT number that is all digits (its first or last character is a letter)', () => {
    invalid('ES', 'ES123456789');
    invalid('ES', '123456789');
  });

  it('takes the GR prefix for Greece only', () => {
    invalid('DE', 'GR136695976');
    invalid('DE', 'EL136695976');
    invalid('CY', 'GR10259033P');
  });

  it('applies the Luhn rule digit by digit (Italy)', () => {
    valid('IT', 'IT12345678903', 'IT12345678903', 'eu_vat');
    invalid('IT', 'IT12345678902');
    invalid('IT', 'IT21345678903'); // two digits swapped: Luhn notices
  });
});

describe('validateTaxId: other countries', () => {
  it('GB VAT', () => {
    valid('GB', 'GB 123 4567 89', 'GB123456789', 'gb_vat');
    valid('GB', '123456789012', 'GB123456789012', 'gb_vat');
    valid('GB', 'GBGD001', 'GBGD001', 'gb_vat');
    valid('GB', 'GBHA599', 'GBHA599', 'gb_vat');
    invalid('GB', 'GBHA499');
    invalid('GB', 'GBHA59');
    invalid('GB', 'GB12345678');
    invalid('GB', 'GBGD999');
  });

  it('CH UID with its mod-11 check digit', () => {
    valid('CH', 'CHE-123.456.788', 'CHE-123.456.788', 'ch_uid');
    valid('CH', 'che123456788 mwst', 'CHE-123.456.788 MWST', 'ch_uid');
    invalid('CH', 'CHE-123.456.789');
    invalid('CH', '123.456.788');
  });

  it('NO organisation number (mod 11) with MVA', () => {
    valid('NO', 'NO 974 760 673 MVA', '974760673MVA', 'no_vat');
    valid('NO', '974760673', '974760673MVA', 'no_vat');
    invalid('NO', '974760674');
    invalid('NO', '97476067');
  });

  it('mod 11: a remainder of 0 makes the check digit 0, a remainder of 1 makes the number impossible', () => {
    valid('NO', '100791900', '100791900MVA', 'no_vat');
    valid('CH', 'CHE-100.712.710', 'CHE-100.712.710', 'ch_uid');
    invalid('NO', '100791901');
    for (let digit = 0; digit <= 9; digit += 1) {
      invalid('NO', `10055433${digit}`);
      invalid('CH', `CHE10063352${digit}`);
    }
  });

  it('US EIN', () => {
    valid('US', '12-3456789', '12-3456789', 'us_ein');
    valid('US', '123456789', '12-3456789', 'us_ein');
    invalid('US', '00-3456789');
    invalid('US', '12-345678');
  });

  it('CA business number (Luhn) with optional program account', () => {
    valid('CA', '123456782', '123456782', 'ca_bn');
    valid('CA', '123456782 RT 0001', '123456782RT0001', 'ca_bn');
    valid('CA', '046454286', '046454286', 'ca_bn');
    invalid('CA', '046454287');
    invalid('CA', '406454286');
    invalid('CA', '123456789');
    invalid('CA', '123456782XX0001');
  });

  it('AU ABN with its mod-89 checksum', () => {
    valid('AU', '51 824 753 556', '51824753556', 'au_abn');
    invalid('AU', '51 824 753 557');
    invalid('AU', '5182475355');
  });

  it('IN GSTIN, TR VKN, CN USCC, AE TRN, SA VAT', () => {
    valid('IN', '27aapfu0939f1zv', '27AAPFU0939F1ZV', 'in_gst');
    invalid('IN', '27AAPFU0939F1XV');
    valid('TR', '1234567890', '1234567890', 'tr_tin');
    invalid('TR', '123456789');
    valid('CN', '91110000802100433B', '91110000802100433B', 'cn_tin');
    invalid('CN', '9111000080210043');
    invalid('CN', '91110000802100433I');
    valid('AE', '100-1234-5670-0003', '100123456700003', 'ae_trn');
    invalid('AE', '10012345670000');
    valid('SA', '310123456700003', '310123456700003', 'sa_vat');
    invalid('SA', '410123456700003');
    invalid('SA', '310123456700001');
  });

  it('JP corporate number with its leading check digit, T-prefixed registration numbers', () => {
    valid('JP', '7000012050002', '7000012050002', 'jp_cn');
    valid('JP', 'T7000012050002', 'T7000012050002', 'jp_cn');
    invalid('JP', '8000012050002');
    invalid('JP', '700001205000');
    // Toyota: the weights 1 and 2 alternate; with a single weight its check digit would be 7, not 1.
    valid('JP', '1180301018771', '1180301018771', 'jp_cn');
    invalid('JP', '7180301018771');
    invalid('JP', 'X7000012050002');
  });

  it('lists exactly the countries that have a rule (the list lives apart from the rules)', () => {
    const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
    const withRule = letters.flatMap((a) => letters.map((b) => a + b)).filter((code) => taxIdExample(code) !== null);
    assert.deepEqual([...supportedTaxIdCountries], withRule);
  });

  it('offers, with each refusal, an example that its own rule accepts', () => {
    for (const country of supportedTaxIdCountries) {
      const refused = validateTaxId(country, '0');
      assert.ok(!refused.ok && refused.code === 'invalid_format', country);
      if (refused.ok || refused.code !== 'invalid_format') continue;
      const accepted = validateTaxId(country, refused.example);
      assert.ok(accepted.ok, `${country}: ${refused.example}`);
      assert.equal(accepted.normalized, refused.example);
    }
  });

  it('never accepts an id with one character too many, at its start or at its end', () => {
    // The longest shape of each country, so that one more digit cannot make a shorter valid shape.
    const longest: Record<string, string> = {
      BG: 'BG1234567890', CZ: 'CZ1234567890', RO: 'RO1234567897', LT: 'LT123456789012', GB: 'GB123456789012', IE: 'IE1234567WA',
    };
    for (const country of supportedTaxIdCountries) {
      const refused = validateTaxId(country, '0');
      const id = longest[country] ?? (!refused.ok && refused.code === 'invalid_format' ? refused.example : '');
      const prefix = /^[A-Z]{2}/.test(id) && country !== 'CH' && country !== 'IN' && country !== 'CN' ? id.slice(0, 2) : '';
      const national = id.slice(prefix.length);
      for (const extra of ['7', 'X']) {
        invalid(country, `${id}${extra}`);
        invalid(country, `${prefix}${extra}${national}`);
      }
    }
  });

  it('lists the supported countries in alphabetical order (for a country picker)', () => {
    assert.deepEqual([...supportedTaxIdCountries], [...supportedTaxIdCountries].sort());
    assert.equal(supportedTaxIdCountries.length, 40);
  });

  it('accepts a country code in any case and with stray spaces', () => {
    valid(' de ', '136695976', 'DE136695976', 'eu_vat');
    valid('gb', '123456789', 'GB123456789', 'gb_vat');
  });

  it('reports unsupported countries so callers can accept free text', () => {
    const r = validateTaxId('BR', '12.345.678/0001-95');
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual([r.type, r.code], ['tax_id_error', 'unsupported_country']);
    assert.ok(supportedTaxIdCountries.includes('DE'));
    assert.ok(!supportedTaxIdCountries.includes('BR'));
  });

  it('names a well-formed example of the country with a bad format, so widgets need not read the message', () => {
    const us = validateTaxId('US', '12345');
    assert.deepEqual(us.ok ? null : [us.code, 'example' in us ? us.example : null], ['invalid_format', '12-3456789']);
    const de = validateTaxId('de', 'DE12');
    assert.ok(!de.ok && de.code === 'invalid_format' && de.message.includes(`e.g. ${de.example}`));
  });
});

describe('validateTaxId: examples in errors', () => {
  it('names a full, valid example for every country with a rule', async () => {
    const { taxIdExample } = await import('../../src/math/index.js');
    for (const country of supportedTaxIdCountries) {
      const example = taxIdExample(country);
      assert.ok(example && !example.includes('…'), `${country}: ${example}`);
      assert.equal(validateTaxId(country, example).ok, true, `${country} example ${example} is valid`);
      const r = validateTaxId(country, '1');
      assert.ok(!r.ok && r.message.includes(example), `${country}: ${!r.ok && r.message}`);
    }
    assert.equal(taxIdExample('DE'), 'DE136695976');
    assert.equal(taxIdExample('ZZ'), null);
  });
});
