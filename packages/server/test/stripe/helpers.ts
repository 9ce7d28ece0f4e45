import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import Stripe from 'stripe';
import { startFakeStripe, type FakeStripe } from '@subkit/fake-stripe';
import type { ServerConfig } from '../../src/context.js';
import type { PaymentRow } from '../../src/engine/rows.js';
import { STRIPE_WEBHOOK_PATH } from '../../src/payments/stripe/webhook-route.js';
import { startTestServer, type TestServer } from '../harness.js';
import { expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { newCompany } from '../engine/run-helpers.js';

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

/**
 * A describe block's test bed: started before its tests and closed after them, where none of its requests may
 * have answered 5xx. The returned object is filled in `before`.
 */
export function stripeTestBedOfSuite(): StripeTestBed {
  const bed = {} as { -readonly [K in keyof StripeTestBed]: StripeTestBed[K] };
  before(async () => {
    Object.assign(bed, await startStripeTestBed());
  });
  after(async () => {
    assert.deepEqual(bed.server.serverErrors, []);
    await bed.close();
  });
  return bed;
}

/** Starts the fake Stripe and a subkit server configured with `SUBKIT_PAYMENTS=stripe` against it; the fake's events reach the server's webhook route. */
export async function startStripeTestBed(opts: { webhooks?: boolean; config?: Partial<ServerConfig> } = {}): Promise<StripeTestBed> {
  const fake = await startFakeStripe();
  const server = await startTestServer({ config: { ...opts.config, payments: 'stripe', stripe: stripeSettingsOf(fake) } });
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


/** What Stripe.js does with the card the buyer typed into the Payment Element: a PaymentMethod, made with the publishable key. */
export async function browserCard(fake: FakeStripe, number: string): Promise<string> {
  const res = await fetch(`${fake.url}/v1/payment_methods`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ type: 'card', 'card[number]': number, 'card[exp_month]': '12', 'card[exp_year]': '2034', 'card[cvc]': '123' }).toString(),
  });
  const body = (await res.json()) as { id?: string; error?: unknown };
  assert.ok(body.id, `Stripe.js could not create the PaymentMethod: ${JSON.stringify(body)}`);
  return body.id;
}

/** What Stripe.js's handleNextAction does after the buyer passed (or failed) 3-D Secure on the bank's page. */
export async function authenticateInBrowser(fake: FakeStripe, clientSecret: string, outcome: 'approve' | 'fail' = 'approve'): Promise<{ status: string }> {
  const id = clientSecret.split('_secret_')[0]!;
  const kind = id.startsWith('seti_') ? 'setup_intents' : 'payment_intents';
  const res = await fetch(`${fake.url}/_fake/${kind}/${id}/authenticate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: clientSecret, outcome }).toString(),
  });
  return (await res.json()) as { status: string };
}

/** Documented test card numbers (https://docs.stripe.com/testing). */
export const STRIPE_CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  stolen: '4000000000009979',
  lost: '4000000000009987',
  authenticateOnce: '4000002500003155',
  authenticateAlways: '4000002760003184',
  attachThenDecline: '4000000000000341',
  dispute: '4000000000000259',
} as const;

/** The payments rows of an invoice, in attempt order. */
export async function paymentsOf(server: TestServer, invoiceId: string): Promise<PaymentRow[]> {
  return (await server.db.query<PaymentRow>('SELECT * FROM payments WHERE invoice_id = $1 ORDER BY attempt', [invoiceId])).rows;
}

/** The Stripe customer subkit made for a company. */
export async function stripeCustomerOf(server: TestServer, companyId: string): Promise<string | undefined> {
  return (await server.db.query<{ customer_id: string }>('SELECT customer_id FROM stripe_customers WHERE company_id = $1', [companyId])).rows[0]?.customer_id;
}

/**
 * Starter bought by a new US company with a card whose bank always asks for 3-D Secure, the challenge left
 * open: the subscription incomplete, its first attempt's PaymentIntent awaiting the buyer at the fake.
 */
export async function checkoutLeftAtTheBank(bed: StripeTestBed) {
  const company = await newCompany(bed.server, { country: 'US', invoiceAllowed: false });
  const buyer = await company.client();
  const pm = await browserCard(bed.fake, STRIPE_CARDS.authenticateAlways);
  const res = await buyer.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 1, payment: { method: 'card', stripePaymentMethodId: pm } });
  expectStatus(res, 200);
  assert.equal(res.body.status, 'requires_action');
  const clientSecret: string = res.body.nextAction.clientSecret;
  const pi = bed.fake.state.paymentIntents.get(clientSecret.split('_secret_')[0]!)!;
  assert.equal(pi.status, 'requires_action');
  return {
    company,
    buyer,
    subscriptionId: res.body.subscription.id as string,
    createdAt: res.body.subscription.createdAt as string,
    invoiceId: res.body.invoiceId as string,
    paymentId: res.body.nextAction.paymentId as string,
    clientSecret,
    pi,
  };
}

/** What the fake answers to one of its `/_fake/…` routes, called with the secret key (the merchant's Dashboard). */
async function dashboard<T>(fake: FakeStripe, path: string, params: Record<string, string>): Promise<T> {
  const res = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const body = (await res.json()) as T & { error?: unknown };
  assert.equal(res.status, 200, `the fake refused ${path}: ${JSON.stringify(body)}`);
  return body;
}

/** The merchant refunds a charge in the Stripe Dashboard, not through subkit (all of what is left when no amount is given). */
export function refundInDashboard(fake: FakeStripe, chargeId: string, opts: { amount?: number; status?: 'pending'; reason?: Stripe.Refund.Reason } = {}): Promise<Stripe.Refund> {
  const params: Record<string, string> = {};
  if (opts.amount !== undefined) params.amount = String(opts.amount);
  if (opts.status) params.status = opts.status;
  if (opts.reason) params.reason = opts.reason;
  return dashboard(fake, `/_fake/charges/${chargeId}/refund`, params);
}

/** The card network's later answer to a refund: a pending one goes through, or one fails (the card was closed). */
export function settleRefundAtStripe(fake: FakeStripe, refundId: string, status: 'succeeded' | 'failed'): Promise<Stripe.Refund> {
  return dashboard(fake, `/_fake/refunds/${refundId}/settle`, { status });
}

/** The charge that paid a subkit invoice at the fake. */
export function chargeOfInvoice(fake: FakeStripe, invoiceId: string): Stripe.Charge {
  const pi = [...fake.state.paymentIntents.values()].find((p) => p.metadata.subkit_invoice_id === invoiceId && p.status === 'succeeded');
  assert.ok(pi?.latest_charge, `no succeeded PaymentIntent of invoice ${invoiceId}`);
  return fake.state.charges.get(pi.latest_charge as string)!;
}
