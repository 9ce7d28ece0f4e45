import Stripe from 'stripe';
import { startFakeStripe, type FakeStripe } from '@subkit/fake-stripe';
import type { ServerConfig } from '../../src/context.js';
import { STRIPE_WEBHOOK_PATH } from '../../src/payments/stripe/webhook-route.js';
import { startTestServer, type TestServer } from '../harness.js';

/** A subkit test server collecting payments with Stripe, where "Stripe" is the local fake it started. */
export interface StripeTestBed {
  readonly server: TestServer;
  readonly fake: FakeStripe;
  /** stripe-node pointed at the fake, for a test to look at Stripe's side. */
  readonly stripe: Stripe;
  close(): Promise<void>;
}

/** The Stripe settings for a fake account. */
export function stripeSettingsOf(fake: FakeStripe): NonNullable<ServerConfig['stripe']> {
  return { secretKey: fake.secretKey, publishableKey: fake.publishableKey, webhookSecret: fake.webhookSecret, apiBase: fake.url };
}

/** Starts the fake Stripe and a subkit server configured with `SUBKIT_PAYMENTS=stripe` against it; the fake's events reach the server's webhook route. */
export async function startStripeTestBed(opts: { webhooks?: boolean } = {}): Promise<StripeTestBed> {
  const fake = await startFakeStripe();
  const server = await startTestServer({ config: { payments: 'stripe', stripe: stripeSettingsOf(fake) } });
  if (opts.webhooks !== false) fake.webhooks.addEndpoint(server.url + STRIPE_WEBHOOK_PATH);
  const stripe = new Stripe(fake.secretKey, { ...fake.stripeNodeConfig, maxNetworkRetries: 0 });
  return {
    server,
    fake,
    stripe,
    async close() {
      await fake.close();
      await server.close();
    },
  };
}
