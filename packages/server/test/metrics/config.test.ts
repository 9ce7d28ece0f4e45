import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeys } from '../../src/auth/keys.js';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('reporting currency settings', () => {
  const env = { ...(() => { const k = generateKeys('test'); return { SUBKIT_SECRET_KEY: k.secretKey, SUBKIT_PUBLISHABLE_KEY: k.publishableKey }; })() };

  it('reads the reporting currency and the merchant’s rates', () => {
    const config = loadConfig({ ...env, SUBKIT_REPORTING_CURRENCY: 'eur', SUBKIT_EXCHANGE_RATES: 'USD=0.92, gbp=1.1705' });
    assert.deepEqual(config.reporting, { currency: 'EUR', rates: { USD: '0.92', GBP: '1.1705' } });
    assert.equal(loadConfig(env).reporting, undefined, 'none unless configured');
  });

  it('refuses rates without a currency, malformed rates, and a currency the shop sells in without a rate', () => {
    for (const [extra, message] of [
      [{ SUBKIT_EXCHANGE_RATES: 'USD=0.92' }, /needs SUBKIT_REPORTING_CURRENCY/],
      [{ SUBKIT_REPORTING_CURRENCY: 'EURO' }, /ISO 4217/],
      [{ SUBKIT_REPORTING_CURRENCY: 'EUR', SUBKIT_EXCHANGE_RATES: 'USD:0.92' }, /CUR=rate/],
      [{ SUBKIT_REPORTING_CURRENCY: 'EUR', SUBKIT_EXCHANGE_RATES: 'USD=-1' }, /CUR=rate/],
      [{ SUBKIT_REPORTING_CURRENCY: 'EUR', SUBKIT_EXCHANGE_RATES: 'USD=0' }, /CUR=rate/],
      [{ SUBKIT_REPORTING_CURRENCY: 'EUR', SUBKIT_EXCHANGE_RATES: 'USD=1e3' }, /CUR=rate/],
      [{ SUBKIT_REPORTING_CURRENCY: 'EUR' }, /no rate into EUR for USD/],
    ] as const) {
      assert.throws(() => loadConfig({ ...env, ...extra }), (err: unknown) => err instanceof ConfigError && message.test(err.message), JSON.stringify(extra));
    }
  });
});
