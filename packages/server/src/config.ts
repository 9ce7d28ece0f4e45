import type { Mode } from '@subkit/core';
import { modeOfKey } from './auth/keys.js';
import type { ServerConfig } from './context.js';

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
 * SUBKIT_ENGINE (local | stripe), SUBKIT_MERCHANT_NAME, SUBKIT_SESSION_TTL_SECONDS, SUBKIT_DEFAULT_CURRENCY,
 * SUBKIT_CURRENCIES, SUBKIT_PRORATION (second | day), SUBKIT_CATALOG_CACHE_SECONDS, and STRIPE_SECRET_KEY / STRIPE_PUBLISHABLE_KEY /
 * STRIPE_WEBHOOK_SECRET for the stripe engine. `overrides` win over the environment.
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

  const engine = env.SUBKIT_ENGINE ?? 'local';
  if (engine !== 'local' && engine !== 'stripe') throw new ConfigError(`SUBKIT_ENGINE must be "local" or "stripe", got "${engine}".`);
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

  let stripe: ServerConfig['stripe'];
  if (engine === 'stripe') {
    const sk = env.STRIPE_SECRET_KEY;
    const pk = env.STRIPE_PUBLISHABLE_KEY;
    if (!sk || !pk) throw new ConfigError('SUBKIT_ENGINE=stripe needs STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY.');
    stripe = { secretKey: sk, publishableKey: pk, ...(env.STRIPE_WEBHOOK_SECRET ? { webhookSecret: env.STRIPE_WEBHOOK_SECRET } : {}) };
  }

  return {
    merchantName: env.SUBKIT_MERCHANT_NAME ?? 'Northwind Industrial Supply',
    mode,
    secretKey,
    publishableKey,
    allowedOrigins: origins,
    engine,
    sessionTtlSeconds: integer(env, 'SUBKIT_SESSION_TTL_SECONDS', 900, 60, 3600),
    catalogCacheSeconds: integer(env, 'SUBKIT_CATALOG_CACHE_SECONDS', 5, 0, 3600),
    defaultCurrency,
    currencies,
    prorationPolicy: proration,
    ...(stripe ? { stripe } : {}),
    ...overrides,
  };
}
