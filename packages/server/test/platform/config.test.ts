import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeys } from '../../src/auth/keys.js';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  const keys = generateKeys('test');
  const env = { SUBKIT_SECRET_KEY: keys.secretKey, SUBKIT_PUBLISHABLE_KEY: keys.publishableKey };

  it('builds a test-mode local-engine config with sensible defaults', () => {
    const config = loadConfig(env);
    assert.equal(config.mode, 'test');
    assert.equal(config.engine, 'local');
    assert.equal(config.sessionTtlSeconds, 900);
    assert.deepEqual(config.currencies, ['EUR', 'USD']);
    assert.equal(config.defaultCurrency, 'EUR');
    assert.deepEqual(config.allowedOrigins, []);
  });

  it('reads origins, currencies, TTL and proration from the environment', () => {
    const config = loadConfig({
      ...env,
      SUBKIT_ALLOWED_ORIGINS: 'https://shop.example, http://localhost:5173',
      SUBKIT_CURRENCIES: 'usd,eur,gbp',
      SUBKIT_SESSION_TTL_SECONDS: '600',
      SUBKIT_PRORATION: 'day',
    });
    assert.deepEqual(config.allowedOrigins, ['https://shop.example', 'http://localhost:5173']);
    assert.deepEqual(config.currencies, ['USD', 'EUR', 'GBP']);
    assert.equal(config.defaultCurrency, 'USD');
    assert.equal(config.sessionTtlSeconds, 600);
    assert.equal(config.prorationPolicy, 'day');
  });

  it('refuses missing, mismatched or malformed settings with a message naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /SUBKIT_SECRET_KEY/],
      [{ SUBKIT_SECRET_KEY: keys.secretKey }, /SUBKIT_PUBLISHABLE_KEY/],
      [{ ...env, SUBKIT_PUBLISHABLE_KEY: generateKeys('live').publishableKey }, /same mode/],
      [{ ...env, SUBKIT_SECRET_KEY: 'sk_test_short' }, /too short/],
      [{ ...env, SUBKIT_ENGINE: 'chargebee' }, /SUBKIT_ENGINE/],
      [{ ...env, SUBKIT_ENGINE: 'stripe' }, /STRIPE_SECRET_KEY/],
      [{ ...env, SUBKIT_ALLOWED_ORIGINS: 'shop.example' }, /SUBKIT_ALLOWED_ORIGINS/],
      [{ ...env, SUBKIT_SESSION_TTL_SECONDS: '10' }, /SUBKIT_SESSION_TTL_SECONDS/],
      [{ ...env, SUBKIT_DEFAULT_CURRENCY: 'JPY' }, /SUBKIT_DEFAULT_CURRENCY/],
    ];
    for (const [vars, message] of cases) assert.throws(() => loadConfig(vars), (err: unknown) => err instanceof ConfigError && message.test(err.message));
  });

  it('takes live mode from live keys', () => {
    const live = generateKeys('live');
    assert.equal(loadConfig({ SUBKIT_SECRET_KEY: live.secretKey, SUBKIT_PUBLISHABLE_KEY: live.publishableKey }).mode, 'live');
  });
});
