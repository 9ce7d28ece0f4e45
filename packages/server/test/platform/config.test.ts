import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeys } from '../../src/auth/keys.js';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  const keys = generateKeys('test');
  const env = { SUBKIT_SECRET_KEY: keys.secretKey, SUBKIT_PUBLISHABLE_KEY: keys.publishableKey };

  it('builds a test-mode config with sensible defaults (payments by the test processor)', () => {
    const config = loadConfig(env);
    assert.equal(config.mode, 'test');
    assert.equal(config.payments, 'test');
    assert.equal(config.stripe, undefined);
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
      [{ ...env, SUBKIT_PAYMENTS: 'paypal' }, /SUBKIT_PAYMENTS/],
      [{ ...env, SUBKIT_ALLOWED_ORIGINS: 'shop.example' }, /SUBKIT_ALLOWED_ORIGINS/],
      [{ ...env, SUBKIT_SESSION_TTL_SECONDS: '10' }, /SUBKIT_SESSION_TTL_SECONDS/],
      [{ ...env, SUBKIT_DEFAULT_CURRENCY: 'JPY' }, /SUBKIT_DEFAULT_CURRENCY/],
    ];
    for (const [vars, message] of cases) assert.throws(() => loadConfig(vars), (err: unknown) => err instanceof ConfigError && message.test(err.message));
  });

  const stripeTest = { STRIPE_SECRET_KEY: 'sk_test_51AbcdEfgh', STRIPE_PUBLISHABLE_KEY: 'pk_test_51AbcdEfgh', STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef' };
  const stripeLive = { STRIPE_SECRET_KEY: 'rk_live_51AbcdEfgh', STRIPE_PUBLISHABLE_KEY: 'pk_live_51AbcdEfgh', STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef' };
  const live = generateKeys('live');
  const liveEnv = { SUBKIT_SECRET_KEY: live.secretKey, SUBKIT_PUBLISHABLE_KEY: live.publishableKey };

  it('takes live mode from live keys, where payments default to Stripe', () => {
    const config = loadConfig({ ...liveEnv, ...stripeLive });
    assert.equal(config.mode, 'live');
    assert.equal(config.payments, 'stripe');
    assert.deepEqual(config.stripe, { secretKey: stripeLive.STRIPE_SECRET_KEY, publishableKey: stripeLive.STRIPE_PUBLISHABLE_KEY, webhookSecret: stripeLive.STRIPE_WEBHOOK_SECRET });
  });

  it('collects with Stripe in test mode when SUBKIT_PAYMENTS=stripe, pointed at STRIPE_API_BASE when given', () => {
    const config = loadConfig({ ...env, ...stripeTest, SUBKIT_PAYMENTS: 'stripe', STRIPE_API_BASE: 'http://127.0.0.1:12111' });
    assert.equal(config.payments, 'stripe');
    assert.equal(config.stripe?.apiBase, 'http://127.0.0.1:12111');
    assert.equal(config.stripe?.webhookSecret, stripeTest.STRIPE_WEBHOOK_SECRET);
  });

  it('does not start live mode without Stripe, nor with the test processor, nor with Stripe keys of the other mode', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [liveEnv, /STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET/],
      [{ ...liveEnv, SUBKIT_PAYMENTS: 'test' }, /refused in live mode/],
      [{ ...liveEnv, ...stripeTest }, /test key but subkit runs in live mode/],
      [{ ...liveEnv, ...stripeLive, STRIPE_PUBLISHABLE_KEY: 'pk_test_51AbcdEfgh' }, /STRIPE_PUBLISHABLE_KEY is a test key/],
      [{ ...liveEnv, ...stripeLive, STRIPE_API_BASE: 'http://127.0.0.1:12111' }, /STRIPE_API_BASE/],
      [{ ...liveEnv, ...stripeLive, STRIPE_WEBHOOK_SECRET: '' }, /STRIPE_WEBHOOK_SECRET/],
    ];
    for (const [vars, message] of cases) {
      assert.throws(() => loadConfig(vars), (err: unknown) => err instanceof ConfigError && message.test(err.message), `expected ${message}`);
    }
  });

  it('checks the shape of each Stripe setting and names the variable', () => {
    const stripeEnv = { ...env, SUBKIT_PAYMENTS: 'stripe' };
    const cases: [Record<string, string>, RegExp][] = [
      [stripeEnv, /needs STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET/],
      [{ ...stripeEnv, ...stripeTest, STRIPE_SECRET_KEY: 'pk_test_51AbcdEfgh' }, /STRIPE_SECRET_KEY must be a Stripe secret key/],
      [{ ...stripeEnv, ...stripeTest, STRIPE_PUBLISHABLE_KEY: 'sk_test_51AbcdEfgh' }, /STRIPE_PUBLISHABLE_KEY must be/],
      [{ ...stripeEnv, ...stripeTest, STRIPE_WEBHOOK_SECRET: 'secret' }, /STRIPE_WEBHOOK_SECRET must be/],
      [{ ...stripeEnv, ...stripeTest, STRIPE_API_BASE: 'localhost:12111' }, /STRIPE_API_BASE must be an origin/],
    ];
    for (const [vars, message] of cases) {
      assert.throws(() => loadConfig(vars), (err: unknown) => err instanceof ConfigError && message.test(err.message), `expected ${message}`);
    }
  });

  it('reads the retention offers a merchant makes, and names the variable of a bad one', () => {
    assert.equal(loadConfig(env).retention, undefined);
    const config = loadConfig({ ...env, SUBKIT_RETENTION_DISCOUNT_PERCENT: '15', SUBKIT_RETENTION_DISCOUNT_BILLS: 'month=6', SUBKIT_RETENTION_PAUSE_MONTHS: '2' });
    assert.deepEqual(config.retention, { discount: { percentOff: 15, bills: { month: 6, quarter: 1, year: 1 } }, pauseMonths: [2] });
    assert.equal(loadConfig({ ...env, SUBKIT_RETENTION_DISCOUNT_PERCENT: '0' }).retention?.discount, null);
    for (const [name, value] of [
      ['SUBKIT_RETENTION_DISCOUNT_PERCENT', '120'],
      ['SUBKIT_RETENTION_DISCOUNT_BILLS', 'week=2'],
      ['SUBKIT_RETENTION_PAUSE_MONTHS', '3,1'],
    ] as const) {
      assert.throws(() => loadConfig({ ...env, [name]: value }), (err: unknown) => err instanceof ConfigError && err.message.startsWith(name));
    }
  });

  it('refuses the removed SUBKIT_ENGINE with what to do instead', () => {
    for (const value of ['local', 'stripe']) {
      assert.throws(() => loadConfig({ ...env, SUBKIT_ENGINE: value }), (err: unknown) => err instanceof ConfigError && /SUBKIT_ENGINE is gone.*SUBKIT_PAYMENTS=stripe/.test(err.message));
    }
  });
});
