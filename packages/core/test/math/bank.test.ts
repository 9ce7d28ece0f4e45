import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIban, validateAbaRouting, validateBic, validateIban } from '../../src/math/index.js';

describe('bank details', () => {
  it('accepts IBANs of several countries and normalizes them', () => {
    for (const [input, normalized] of [
      ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
      ['gb82 west 1234 5698 7654 32', 'GB82WEST12345698765432'],
      ['FR1420041010050500013M02606', 'FR1420041010050500013M02606'],
      ['NL91ABNA0417164300', 'NL91ABNA0417164300'],
      ['TR330006100519786457841326', 'TR330006100519786457841326'],
    ]) {
      assert.deepEqual(validateIban(input!), { ok: true, normalized });
    }
  });

  it('rejects wrong check digits, wrong lengths and unknown countries', () => {
    for (const bad of ['DE88 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 0', 'US12 3456 7890', 'hello', '']) {
      const r = validateIban(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.match(r.message, /IBAN/);
    }
  });

  it('prints an IBAN in groups of four', () => {
    assert.equal(formatIban('DE89370400440532013000'), 'DE89 3704 0044 0532 0130 00');
  });

  it('checks BICs', () => {
    assert.deepEqual(validateBic('cobadeffxxx'), { ok: true, normalized: 'COBADEFFXXX' });
    assert.deepEqual(validateBic('DEUTDEFF'), { ok: true, normalized: 'DEUTDEFF' });
    assert.equal(validateBic('DEUT1EFF').ok, false);
    assert.equal(validateBic('DEUTDEFFX').ok, false);
  });

  it('checks ABA routing numbers', () => {
    assert.deepEqual(validateAbaRouting('026009593'), { ok: true, normalized: '026009593' });
    assert.equal(validateAbaRouting('026009594').ok, false);
    assert.equal(validateAbaRouting('12345').ok, false);
  });
});
