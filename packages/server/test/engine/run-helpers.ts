import assert from 'node:assert/strict';
import type { TestServer } from '../harness.js';
import { asBuyer, buyerClient, CARDS, card, checkout, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';

/** Moves the server's test clock through POST /v1/test-clock/advance and returns what happened. */
export async function advance(server: TestServer, body: { to?: string; by?: string }) {
  const res = await server.request('POST', '/v1/test-clock/advance', { token: server.config.secretKey, body });
  expectStatus(res, 200);
  return res.body as {
    from: string;
    now: string;
    steps: number;
    invoices: any[];
    payments: any[];
    statusChanges: any[];
    events: { id: string; type: string; companyId: string | null; at: string }[];
  };
}

/** The engine's now as GET /v1/test-clock answers it. */
export async function engineNow(server: TestServer): Promise<string> {
  const res = await server.request('GET', '/v1/test-clock', { token: server.config.secretKey });
  expectStatus(res, 200);
  return res.body.now;
}

/** A buyer client minted at the engine's current now (sessions expire as the clock moves). */
export function buyer(server: TestServer, customerId: string) {
  return asBuyer(server, customerId);
}

/** A subscription's invoices, oldest first, with their lines. */
export async function invoicesOf(server: TestServer, client: Awaited<ReturnType<typeof asBuyer>>, subscriptionId: string): Promise<any[]> {
  const list = await client.get(`/v1/invoices?subscriptionId=${subscriptionId}&limit=100`);
  expectStatus(list, 200);
  const full = [];
  for (const summary of [...list.body.data].reverse()) full.push((await client.get(`/v1/invoices/${summary.id}`)).body);
  return full;
}

/** Asserts the invoice numbers are consecutive (gapless). */
export function assertGapless(numbers: readonly string[]): void {
  const n = [...numbers].map((x) => Number(x.replace(/\D/g, ''))).sort((a, b) => a - b);
  for (let i = 1; i < n.length; i += 1) assert.equal(n[i], n[i - 1]! + 1, `invoice numbers have a gap: ${n.join(', ')}`);
}

let companyCounter = 0;

/**
 * A new company with one billing admin, made through the merchant API (secret key): its own books, so
 * a scenario sees only its own subscriptions. Returns a buyer client factory minted at the engine's now.
 */
export async function newCompany(
  server: TestServer,
  opts: { country?: string | null; invoiceAllowed?: boolean; termsDays?: number; billingDay?: number | null; currency?: string } = {},
) {
  companyCounter += 1;
  const id = `co_run_${process.pid}_${companyCounter}`;
  const address = opts.country === null ? null : { line1: '1 Test Street', city: 'Testville', postalCode: '12345', country: opts.country ?? 'DE' };
  const created = await server.request('POST', '/v1/companies', {
    token: server.config.secretKey,
    body: {
      id,
      name: `Run Test ${companyCounter} Ltd`,
      billingEmail: `ap${companyCounter}@run-test.example`,
      billingAddress: address,
      invoiceAllowed: opts.invoiceAllowed ?? true,
      paymentTermsDays: opts.termsDays ?? 30,
      ...(opts.billingDay !== undefined ? { billingDay: opts.billingDay } : {}),
      ...(opts.currency ? { preferredCurrency: opts.currency } : {}),
    },
  });
  expectStatus(created, 200);
  const customerId = `${id}-admin`;
  const member = await server.request('POST', `/v1/companies/${id}/members`, {
    token: server.config.secretKey,
    body: { customerId, email: `admin${companyCounter}@run-test.example`, name: 'Robin Admin', role: 'billing_admin' },
  });
  expectStatus(member, 200);
  return {
    id,
    customerId,
    /** A buyer client minted now (call again after the clock moved). */
    client: async () => buyerClient(server, await server.mintSession(customerId, { companyId: id, ttlSeconds: 3600 })),
  };
}

/** Counts rows with a query returning `n`. */
export async function count(server: TestServer, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Pays every open invoice of the buyer's company with a (new) test card, as the buyer would: the books stay current. */
export async function payOpenInvoices(client: Awaited<ReturnType<typeof asBuyer>>): Promise<number> {
  const methods = (await client.get('/v1/payment-methods')).body.data;
  if (methods.length === 0) expectStatus(await client.post('/v1/payment-methods', { testCard: { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' } }), 200);
  const open = (await client.get('/v1/invoices?status=open&limit=100')).body.data;
  for (const invoice of open) expectStatus(await client.post(`/v1/invoices/${invoice.id}/pay`, {}), 200);
  return open.length;
}

/** A card-paid Starter subscription whose saved card is then swapped for `number` (a card that fails later). */
export async function cardSubscription(server: TestServer, number: string) {
  const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
  const buyer = await company.client();
  const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.success) } });
  const setup = await buyer.post('/v1/payment-methods', { testCard: card(number) });
  expectStatus(setup, 200);
  expectStatus(await buyer.post(`/v1/payment-methods/${setup.body.paymentMethod.id}/default`), 200);
  return { company, subscription, cardId: setup.body.paymentMethod.id as string };
}

/** The renewal invoice of a subscription at its first period end, with its attempts. */
export async function renewalInvoice(server: TestServer, company: { client: () => Promise<any> }, subscriptionId: string, periodStart: string) {
  const client = await company.client();
  const list = (await client.get(`/v1/invoices?subscriptionId=${subscriptionId}`)).body.data;
  const summary = list.find((i: any) => i.periodStart === periodStart && i.billingReason === 'subscription_cycle');
  return (await client.get(`/v1/invoices/${summary.id}`)).body;
}

/** `iso` moved by whole days. */
export const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/** The event types written for an object, oldest first (events of one instant in the order of their ids). */
export async function eventTypesOf(server: TestServer, objectId: string): Promise<string[]> {
  return (await server.db.query<{ type: string }>('SELECT type FROM events WHERE object_id = $1 ORDER BY created_at, id', [objectId])).rows.map((r) => r.type);
}

/** A company's customer credit (its balance row, 0 without one). */
export async function balanceOf(server: TestServer, companyId: string): Promise<number> {
  return (await server.db.query<{ amount: number }>('SELECT amount FROM company_balances WHERE company_id = $1', [companyId])).rows[0]?.amount ?? 0;
}

/** A card subscription whose first renewal fails with `number`, the clock `days` past that renewal: the renewal in dunning (or on hold). */
export async function dunnedRenewal(server: TestServer, number: string, days: number) {
  const { company, subscription } = await cardSubscription(server, number);
  const end = subscription.currentPeriodEnd as string;
  await advance(server, { to: plusDays(end, days) });
  return { company, subscription, end, dunned: await renewalInvoice(server, company, subscription.id, end) };
}

/**
 * A net-terms Starter subscription of 4 seats cut to 1 ten days in (the unused time credited to the balance), the
 * clock a day past its first renewal: that renewal, which took the credit.
 */
export async function renewalWithCredit(server: TestServer) {
  const company = await newCompany(server, { country: 'US', invoiceAllowed: true });
  const buyer = await company.client();
  const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 4, payment: { method: 'invoice' } });
  const { version } = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
  await advance(server, { to: plusDays(subscription.currentPeriodStart, 10) });
  expectStatus(await (await company.client()).post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: version, quantity: 1 }), 200);
  await advance(server, { to: plusDays(subscription.currentPeriodEnd, 1) });
  const renewal = await renewalInvoice(server, company, subscription.id, subscription.currentPeriodEnd);
  assert.ok(renewal.creditApplied > 0, 'the renewal took the credit');
  return { company, subscription, renewal };
}

/** A Starter subscription billed by invoice whose seats went from 2 to 10 at once: the change is made, its invoice open. */
export async function changeBilledByInvoice(server: TestServer) {
  const company = await newCompany(server, { country: 'US', invoiceAllowed: true });
  const buyer = await company.client();
  const { subscription } = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'invoice' } });
  const { version } = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
  const changed = await buyer.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: version, quantity: 10 });
  expectStatus(changed, 200);
  assert.ok(changed.body.invoiceId, 'the change is invoiced');
  return { company, buyer, subscription, invoiceId: changed.body.invoiceId as string };
}
