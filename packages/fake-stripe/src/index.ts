/**
 * A local fake of the slice of Stripe's API that subkit uses, for tests: stripe-node talks to it over
 * real HTTP (`host`, `port`, `protocol: 'http'`), it answers with Stripe's object and error shapes, the
 * documented test cards behave as Stripe documents, and its events reach webhook endpoints signed the
 * way Stripe signs them. It is not Stripe: only what subkit calls is there, in test mode semantics.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Account } from './account.js';
import { armGather, createFakeServer, type ArmedGather, type Fault, type Gather, type LoggedRequest } from './server.js';
import { FakeState } from './state.js';
import { stripeJsStandIn } from './stripe-js.js';
import { Webhooks } from './webhooks.js';

export type { Fault, Gather, LoggedRequest } from './server.js';
export type { Delivery, DeliverOptions } from './webhooks.js';
export { TEST_CARDS, TEST_TOKENS } from './cards.js';
export type { FakeState } from './state.js';

/** Options of a fake Stripe account. */
export interface FakeStripeOptions {
  /** Default: a fresh `sk_test_…` (an `sk_live_…` key makes a live-mode account where test cards decline). */
  secretKey?: string;
  publishableKey?: string;
  /** The signing secret of webhook endpoints (`whsec_…`). */
  webhookSecret?: string;
  /** Default: a free port on 127.0.0.1. */
  port?: number;
}

/** A running fake Stripe. */
export interface FakeStripe {
  /** e.g. `http://127.0.0.1:43117` */
  readonly url: string;
  readonly secretKey: string;
  readonly publishableKey: string;
  readonly webhookSecret: string;
  /** What stripe-node needs to talk to the fake instead of api.stripe.com. */
  readonly stripeNodeConfig: { host: string; port: number; protocol: 'http' };
  /** Every object of the account. */
  readonly state: FakeState;
  /** Events and their delivery to webhook endpoints. */
  readonly webhooks: Webhooks;
  /** Every request answered, in order. */
  readonly requests: LoggedRequest[];
  /** Arms a fault for the next matching request. */
  inject(fault: Fault): void;
  /** Holds the next `count` matching requests until all of them arrived, then answers them (requests that really race). */
  gather(gather: Gather): void;
  close(): Promise<void>;
}

const random = (n: number) => randomBytes(n).toString('hex');

/** Starts a fake Stripe account on 127.0.0.1. */
export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? `sk_test_fake_${random(12)}`;
  const livemode = secretKey.startsWith('sk_live_');
  const publishableKey = options.publishableKey ?? `pk_${livemode ? 'live' : 'test'}_fake_${random(12)}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${random(16)}`;
  const state = new FakeState(livemode);
  const webhooks = new Webhooks(state, webhookSecret);
  const account: Account = { state, webhooks, later: (task) => setImmediate(task) };
  const requests: LoggedRequest[] = [];
  const faults: Fault[] = [];
  const gathers: ArmedGather[] = [];
  let url = '';
  const server = createFakeServer(
    account,
    { secretKey, publishableKey },
    requests,
    faults,
    {
      '/v3': { contentType: 'text/javascript; charset=utf-8', body: () => stripeJsStandIn(url) },
      '/v3/': { contentType: 'text/javascript; charset=utf-8', body: () => stripeJsStandIn(url) },
    },
    gathers,
  );
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    secretKey,
    publishableKey,
    webhookSecret,
    stripeNodeConfig: { host: '127.0.0.1', port, protocol: 'http' },
    state,
    webhooks,
    requests,
    inject: (fault) => void faults.push({ ...fault }),
    gather: (gather) => void gathers.push(armGather(gather)),
    async close() {
      await webhooks.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
