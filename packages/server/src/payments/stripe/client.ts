/** The stripe-node client of a deployment's Stripe account. */
import Stripe from 'stripe';
import type { StripeSettings } from '../../context.js';

/** The Stripe API version subkit is written against (stripe-node's own, so its types describe the answers). */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

const clients = new WeakMap<StripeSettings, Stripe>();

/**
 * The stripe-node client for `settings` (one per settings object). It retries network failures twice
 * with the same idempotency key, so a lost answer never becomes a second charge; `apiBase` points it at
 * a local fake in tests.
 */
export function stripeClient(settings: StripeSettings): Stripe {
  let client = clients.get(settings);
  if (!client) {
    const base = settings.apiBase ? new URL(settings.apiBase) : null;
    const protocol = base?.protocol === 'http:' ? 'http' : 'https';
    client = new Stripe(settings.secretKey, {
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: 2,
      timeout: 30_000,
      telemetry: false,
      appInfo: { name: 'subkit' },
      ...(base ? { host: base.hostname, port: Number(base.port || (protocol === 'http' ? 80 : 443)), protocol } : {}),
    });
    clients.set(settings, client);
  }
  return client;
}
