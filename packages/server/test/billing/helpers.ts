import assert from 'node:assert/strict';
import type { TestResponse, TestServer } from '../harness.js';
import { TEST_ORIGIN } from '../harness.js';

/** Documented test cards (Stripe's numbers) the test-mode processor knows. */
export const CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expired: '4000000000000069',
  scaOnce: '4000002500003155',
  scaAlways: '4000002760003184',
  fraudulent: '4100000000000019',
  attachThenDecline: '4000000000000341',
} as const;

/** A test card body with a future expiry. */
export function card(number: string) {
  return { number, expMonth: 12, expYear: 2034, cvc: '123' };
}

/** Demo ids used across the billing tests. */
export const IDS = {
  acme: 'co_acme',
  globex: 'co_globex',
  starter: 'plan_portal_starter',
  growth: 'plan_portal_growth',
  enterprise: 'plan_portal_enterprise',
  fleet: 'plan_fleet_care',
  consumables: 'plan_consumables',
  sso: 'addon_sso',
  prioritySupport: 'addon_priority_support',
  storage: 'addon_extra_storage',
} as const;

export const MONTHLY = { interval: 'month', intervalCount: 1 } as const;
export const YEARLY = { interval: 'year', intervalCount: 1 } as const;

let keyCounter = 0;

/** A client for one buyer: every mutation carries a fresh Idempotency-Key unless one is given. */
export function buyerClient(server: TestServer, token: string) {
  const call = <B = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse<B>> => {
    const h: Record<string, string> = { origin: TEST_ORIGIN, ...headers };
    if (method !== 'GET' && !('idempotency-key' in h)) h['idempotency-key'] = `test-${process.pid}-${Date.now()}-${keyCounter++}`;
    return server.request<B>(method, path, { token, ...(body === undefined ? {} : { body }), headers: h });
  };
  return {
    get: <B = any>(path: string) => call<B>('GET', path),
    post: <B = any>(path: string, body: unknown = {}, headers?: Record<string, string>) => call<B>('POST', path, body, headers),
    del: <B = any>(path: string) => call<B>('DELETE', path),
  };
}

/** A buyer client for a demo customer id (e.g. `acme-purchaser`), minted at the server's current clock. */
export async function asBuyer(server: TestServer, customerId: string) {
  return buyerClient(server, await server.mintSession(customerId, { ttlSeconds: 3600 }));
}

/** Asserts an HTTP status, showing the body when it differs. */
export function expectStatus(res: TestResponse, status: number): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

/** Asserts an API error: status, type/code and (optionally) the offending field. */
export function expectError(res: TestResponse, status: number, code: string, param?: string): void {
  expectStatus(res, status);
  assert.equal(res.body.error.code, code, JSON.stringify(res.body));
  if (param !== undefined) assert.equal(res.body.error.param, param, JSON.stringify(res.body));
}

/** A checkout body for the Starter plan, paid by invoice. */
export function starterByInvoice(extra: Record<string, unknown> = {}) {
  return {
    planId: IDS.starter,
    currency: 'EUR',
    recurring: MONTHLY,
    quantity: 5,
    payment: { method: 'invoice', poNumber: 'PO-4711' },
    ...extra,
  };
}

/** Checks out and returns the subscription and first invoice id (fails the test on a non-200). */
export async function checkout(client: ReturnType<typeof buyerClient>, body: unknown) {
  const res = await client.post('/v1/checkout', body);
  expectStatus(res, 200);
  return res.body as { status: string; subscription: any; invoiceId: string; invoice: any; nextAction: any };
}

/** Days as milliseconds. */
export const DAY = 86_400_000;

/** The date and amount due of a subscription's `nextInvoice` (which also carries its lines and totals). */
export function dateAndAmountDue(next: { date: string; amountDue: number } | null) {
  return next === null ? null : { date: next.date, amountDue: next.amountDue };
}
