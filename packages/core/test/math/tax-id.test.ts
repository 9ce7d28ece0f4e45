import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { supportedTaxIdCountries, validateTaxId } from '../../src/math/index.js';

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
});

describe('validateTaxId: other countries', () => {
  it('GB VAT', () => {
    valid('GB', 'GB 123 4567 89', 'GB123456789', 'gb_vat');
    valid('GB', '123456789012', 'GB123456789012', 'gb_vat');
    valid('GB', 'GBGD001', 'GBGD001', 'gb_vat');
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

  it('US EIN', () => {
    valid('US', '12-3456789', '12-3456789', 'us_ein');
    valid('US', '123456789', '12-3456789', 'us_ein');
    invalid('US', '00-3456789');
    invalid('US', '12-345678');
  });

  it('CA business number (Luhn) with optional program account', () => {
    valid('CA', '123456782', '123456782', 'ca_bn');
    valid('CA', '123456782 RT 0001', '123456782RT0001', 'ca_bn');
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
