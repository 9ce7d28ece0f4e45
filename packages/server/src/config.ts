import type { Mode } from '@subkit/core';
import { modeOfKey } from './auth/keys.js';
import type { ServerConfig, StripeSettings } from './context.js';
import { RATE_PATTERN, type ReportingSettings } from './metrics/fx.js';
import { sellerSettingsFromEnv } from './seller/config.js';
import { retentionSettingsFromEnv } from './seller/retention.js';

/** A configuration mistake, reported before the server starts. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  return n;
}

/**
 * Builds the deployment's settings from the environment:
 * SUBKIT_SECRET_KEY, SUBKIT_PUBLISHABLE_KEY (a pair of one mode), SUBKIT_ALLOWED_ORIGINS (comma-separated),
 * SUBKIT_MERCHANT_NAME, SUBKIT_SESSION_TTL_SECONDS, SUBKIT_DEFAULT_CURRENCY, SUBKIT_CURRENCIES,
 * SUBKIT_PRORATION (second | day), SUBKIT_CATALOG_CACHE_SECONDS, SUBKIT_REPORTING_CURRENCY and
 * SUBKIT_EXCHANGE_RATES (metrics in one currency), SUBKIT_REFUNDS (balance | card), and what collects payments:
 * SUBKIT_PAYMENTS (`test`, the default in test mode; `stripe`, the default and the only choice in live mode)
 * with STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET (and STRIPE_API_BASE for a
 * local fake in tests); the seller identity (SUBKIT_SELLER_*, SUBKIT_TAX_OUTSIDE_EU, SUBKIT_DEFAULT_LOCALE: see
 * seller/config.ts). `overrides` win over the environment; the payment settings are checked after them.
 * Retention offers: SUBKIT_RETENTION_DISCOUNT_PERCENT, SUBKIT_RETENTION_DISCOUNT_BILLS, SUBKIT_RETENTION_PAUSE_MONTHS
 * (seller/retention.ts). For billing over time: SUBKIT_DUNNING_RETRY_DAYS (e.g. `1,3,5,7`), SUBKIT_DUNNING_END (canceled | unpaid)
 * and SUBKIT_INVOICE_GRACE_DAYS.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const secretKey = overrides.secretKey ?? env.SUBKIT_SECRET_KEY;
  const publishableKey = overrides.publishableKey ?? env.SUBKIT_PUBLISHABLE_KEY;
  if (!secretKey) throw new ConfigError('SUBKIT_SECRET_KEY is not set (an sk_test_… or sk_live_… key).');
  if (!publishableKey) throw new ConfigError('SUBKIT_PUBLISHABLE_KEY is not set (a pk_test_… or pk_live_… key).');
  const mode: Mode | undefined = modeOfKey(secretKey);
  if (!mode || !secretKey.startsWith('sk_')) throw new ConfigError('SUBKIT_SECRET_KEY must start with sk_test_ or sk_live_.');
  if (modeOfKey(publishableKey) !== mode || !publishableKey.startsWith('pk_')) {
    throw new ConfigError(`SUBKIT_PUBLISHABLE_KEY must be a pk_${mode}_… key of the same mode as the secret key.`);
  }
  if (secretKey.length < 24) throw new ConfigError('SUBKIT_SECRET_KEY is too short to be secret (at least 24 characters).');

  if (env.SUBKIT_ENGINE !== undefined) {
    throw new ConfigError(
      'SUBKIT_ENGINE is gone: subkit\'s engine is always the system of record. Remove it; to collect payments with Stripe set SUBKIT_PAYMENTS=stripe and the STRIPE_* keys.',
    );
  }
  const proration = env.SUBKIT_PRORATION ?? 'second';
  if (proration !== 'second' && proration !== 'day') throw new ConfigError(`SUBKIT_PRORATION must be "second" or "day", got "${proration}".`);
  const currencies = list(env.SUBKIT_CURRENCIES ?? 'EUR,USD').map((c) => c.toUpperCase());
  for (const c of currencies) if (!/^[A-Z]{3}$/.test(c)) throw new ConfigError(`SUBKIT_CURRENCIES has "${c}", not an ISO 4217 code.`);
  const defaultCurrency = (env.SUBKIT_DEFAULT_CURRENCY ?? currencies[0] ?? 'EUR').toUpperCase();
  if (!currencies.includes(defaultCurrency)) throw new ConfigError(`SUBKIT_DEFAULT_CURRENCY ${defaultCurrency} is not in SUBKIT_CURRENCIES.`);
  const origins = list(env.SUBKIT_ALLOWED_ORIGINS);
  for (const o of origins) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) throw new ConfigError(`SUBKIT_ALLOWED_ORIGINS has "${o}", not an origin like https://shop.example.`);
  }

  const reporting = reportingOf(env, currencies);
  const retryDays = env.SUBKIT_DUNNING_RETRY_DAYS === undefined ? undefined : list(env.SUBKIT_DUNNING_RETRY_DAYS).map(Number);
  if (retryDays && (retryDays.length > 10 || retryDays.some((d, i) => !Number.isInteger(d) || d < 1 || d > 90 || (i > 0 && d <= retryDays[i - 1]!)))) {
    throw new ConfigError(`SUBKIT_DUNNING_RETRY_DAYS must be up to 10 rising whole days from 1 to 90 (e.g. 1,3,5,7), got "${env.SUBKIT_DUNNING_RETRY_DAYS}".`);
  }
  const dunningEnd = env.SUBKIT_DUNNING_END;
  if (dunningEnd !== undefined && dunningEnd !== 'canceled' && dunningEnd !== 'unpaid') {
    throw new ConfigError(`SUBKIT_DUNNING_END must be "canceled" or "unpaid", got "${dunningEnd}".`);
  }
  const billing: NonNullable<ServerConfig['billing']> = {
    ...(retryDays ? { retryDays } : {}),
    ...(dunningEnd ? { dunningEnd: dunningEnd as 'canceled' | 'unpaid' } : {}),
    ...(env.SUBKIT_INVOICE_GRACE_DAYS !== undefined ? { invoiceGraceDays: integer(env, 'SUBKIT_INVOICE_GRACE_DAYS', 30, 0, 365) } : {}),
  };

  const refunds = env.SUBKIT_REFUNDS ?? 'balance';
  if (refunds !== 'balance' && refunds !== 'card') throw new ConfigError(`SUBKIT_REFUNDS must be "balance" or "card", got "${refunds}".`);
  const payments = overrides.payments ?? paymentsOf(env, mode);
  const stripe = payments === 'stripe' ? (overrides.stripe ?? stripeSettingsOf(env)) : undefined;
  if (stripe) checkStripeSettings(stripe, mode);

  // Seller identity and tax settings (lane b2b): checked here so a bad IBAN or VAT ID stops the start.
  const sellerSettings = sellerSettingsFromEnv(env);
  const retentionSettings = retentionSettingsFromEnv(env);

  return {
    merchantName: env.SUBKIT_MERCHANT_NAME ?? 'Northwind Industrial Supply',
    mode,
    secretKey,
    publishableKey,
    allowedOrigins: origins,
    sessionTtlSeconds: integer(env, 'SUBKIT_SESSION_TTL_SECONDS', 900, 60, 3600),
    catalogCacheSeconds: integer(env, 'SUBKIT_CATALOG_CACHE_SECONDS', 5, 0, 3600),
    defaultCurrency,
    currencies,
    prorationPolicy: proration,
    ...(reporting ? { reporting } : {}),
    ...(Object.keys(billing).length > 0 ? { billing } : {}),
    ...sellerSettings,
    ...retentionSettings,
    refunds,
    ...overrides,
    payments,
    ...(stripe ? { stripe } : {}),
  };
}

/**
 * SUBKIT_REPORTING_CURRENCY (e.g. EUR) and SUBKIT_EXCHANGE_RATES (`USD=0.92,GBP=1.17`: units of the
 * reporting currency per unit of each other one). The metrics state these rates; they are never fetched.
 */
function reportingOf(env: Env, currencies: readonly string[]): ReportingSettings | undefined {
  const currency = env.SUBKIT_REPORTING_CURRENCY?.trim().toUpperCase();
  if (!currency) {
    if (env.SUBKIT_EXCHANGE_RATES) throw new ConfigError('SUBKIT_EXCHANGE_RATES needs SUBKIT_REPORTING_CURRENCY, the currency they convert into.');
    return undefined;
  }
  if (!/^[A-Z]{3}$/.test(currency)) throw new ConfigError(`SUBKIT_REPORTING_CURRENCY must be an ISO 4217 code, got "${currency}".`);
  const rates: Record<string, string> = {};
  for (const entry of list(env.SUBKIT_EXCHANGE_RATES)) {
    const match = /^([A-Za-z]{3})=(\S+)$/.exec(entry);
    if (!match || !RATE_PATTERN.test(match[2]!) || Number(match[2]) <= 0) {
      throw new ConfigError(`SUBKIT_EXCHANGE_RATES has "${entry}"; write CUR=rate, e.g. USD=0.92 (a positive decimal).`);
    }
    rates[match[1]!.toUpperCase()] = match[2]!;
  }
  const missing = currencies.filter((c) => c !== currency && !(c in rates));
  if (missing.length > 0) throw new ConfigError(`SUBKIT_EXCHANGE_RATES has no rate into ${currency} for ${missing.join(', ')}.`);
  return { currency, rates };
}

function paymentsOf(env: Env, mode: Mode): ServerConfig['payments'] {
  const payments = env.SUBKIT_PAYMENTS ?? (mode === 'live' ? 'stripe' : 'test');
  if (payments !== 'test' && payments !== 'stripe') throw new ConfigError(`SUBKIT_PAYMENTS must be "test" or "stripe", got "${payments}".`);
  if (payments === 'test' && mode === 'live') {
    throw new ConfigError('SUBKIT_PAYMENTS=test is refused in live mode: the test processor takes only test cards. Set SUBKIT_PAYMENTS=stripe with the STRIPE_* keys.');
  }
  return payments;
}

function stripeSettingsOf(env: Env): StripeSettings {
  const missing = ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET'].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(
      `Collecting payments with Stripe needs ${missing.join(', ')} (Stripe Dashboard → Developers → API keys, and the signing secret of the webhook endpoint).`,
    );
  }
  return {
    secretKey: env.STRIPE_SECRET_KEY!,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY!,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET!,
    ...(env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {}),
  };
}

/** Stripe's keys must be of subkit's mode: live subkit never charges through a test account, and the reverse. */
function checkStripeSettings(stripe: StripeSettings, mode: Mode): void {
  const secret = /^(sk|rk)_(test|live)_\S{8,}$/.exec(stripe.secretKey);
  if (!secret) throw new ConfigError('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_…, sk_live_…) or restricted key (rk_…).');
  if (secret[2] !== mode) throw new ConfigError(`STRIPE_SECRET_KEY is a ${secret[2]} key but subkit runs in ${mode} mode: use Stripe's ${mode} keys.`);
  const publishable = /^pk_(test|live)_\S{8,}$/.exec(stripe.publishableKey);
  if (!publishable) throw new ConfigError('STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key (pk_test_… or pk_live_…).');
  if (publishable[1] !== mode) throw new ConfigError(`STRIPE_PUBLISHABLE_KEY is a ${publishable[1]} key but subkit runs in ${mode} mode.`);
  if (!/^whsec_\S{8,}$/.test(stripe.webhookSecret)) throw new ConfigError('STRIPE_WEBHOOK_SECRET must be the endpoint\'s signing secret (whsec_…).');
  if (stripe.apiBase !== undefined) {
    if (mode === 'live') throw new ConfigError('STRIPE_API_BASE is for tests against a local fake; live mode always talks to api.stripe.com.');
    if (!/^https?:\/\/[^/\s]+$/.test(stripe.apiBase)) throw new ConfigError(`STRIPE_API_BASE must be an origin like http://127.0.0.1:12111, got "${stripe.apiBase}".`);
  }
}
