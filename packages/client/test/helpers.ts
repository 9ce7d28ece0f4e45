import type { Catalog, InvoiceSummary, SessionInfo, Subscription } from '@subkit/core/schemas';
import { createClient, type ClientOptions } from '../src/index.js';

/** One request the fake fetch saw. */
export interface SeenRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | undefined;
}

type Reply = Response | Promise<Response> | (() => Response | Promise<Response>);
type Handler = (req: SeenRequest, index: number) => Reply;

/** A fetch that records requests and answers with `handler` (throwing rejects like a network failure). */
export function fakeFetch(handler: Handler) {
  const seen: SeenRequest[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const req: SeenRequest = {
      url: new URL(String(input)),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init.signal ?? undefined,
    };
    seen.push(req);
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const reply = handler(req, seen.length - 1);
    const res = await (typeof reply === 'function' ? reply() : reply);
    return res;
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** The server's error shape. */
export function apiError(status: number, type: string, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return json(status, { error: { type, code, message: `${code} happened`, requestId: 'req_123', ...extra } }, headers);
}

/** A client against the fake fetch whose sleeps are recorded instead of waited. */
export function testClient(handler: Handler, options: Partial<ClientOptions> = {}) {
  const { fetch, seen } = fakeFetch(handler);
  const sleeps: number[] = [];
  const client = createClient({
    baseUrl: 'https://api.example/',
    publishableKey: 'pk_test_123',
    fetch,
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  });
  return { client, seen, sleeps };
}

const T = '2026-01-01T00:00:00.000Z';

/** A schema-valid catalog with one plan priced per seat. */
export function catalog(overrides: Partial<Catalog> = {}): Catalog {
  return {
    object: 'catalog',
    merchant: { name: 'Acme Tools', mode: 'test', payments: 'test' },
    currencies: ['EUR', 'USD'],
    defaultCurrency: 'EUR',
    products: [{
      id: 'prod_fleet', name: 'Fleet', addOns: [], features: [],
      plans: [{
        id: 'plan_team', productId: 'prod_fleet', name: 'Team', recommended: true, contactSales: false, trialDays: null,
        quantity: { unitLabel: 'seat', minimum: 1, maximum: null, default: 5 }, features: [], rank: 1,
        prices: [{
          id: 'price_team_eur', planId: 'plan_team', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, contract: false,
          items: [{ id: 'pi_seats', description: 'Seats', model: { type: 'per_unit', unitAmount: 1500 } }],
        }],
      }],
    }],
    companyId: null,
    stripePublishableKey: null,
    ...overrides,
  };
}

/** A schema-valid active subscription. */
export function subscription(id: string, overrides: Partial<Subscription> = {}): Subscription {
  return {
    id, object: 'subscription', companyId: 'co_acme', status: 'active', productId: 'prod_fleet', planId: 'plan_team', planName: 'Team',
    priceId: 'price_team_eur', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 5, items: [], addOns: [],
    collectionMethod: 'send_invoice', paymentTermsDays: 30, poNumber: null, defaultPaymentMethodId: null, billingAnchor: T,
    currentPeriodStart: T, currentPeriodEnd: '2026-02-01T00:00:00.000Z', trialStart: null, trialEnd: null, cancelAtPeriodEnd: false,
    canceledAt: null, endedAt: null, cancellation: null, pause: null, skippedPeriods: [], discount: null,
    nextInvoice: { date: '2026-02-01T00:00:00.000Z', amountDue: 7500 }, version: 1, createdAt: T,
    ...overrides,
  };
}

/** A schema-valid invoice list row. */
export function invoiceSummary(id: string, overrides: Partial<InvoiceSummary> = {}): InvoiceSummary {
  return {
    id, object: 'invoice', number: `INV-${id}`, companyId: 'co_acme', subscriptionId: 'sub_1', status: 'open',
    billingReason: 'subscription_create', collectionMethod: 'send_invoice', currency: 'EUR', subtotal: 7500, discountTotal: 0,
    tax: 0, total: 7500, creditApplied: 0, amountPaid: 0, amountDue: 7500, amountRemaining: 7500, poNumber: null,
    periodStart: T, periodEnd: '2026-02-01T00:00:00.000Z', issuedAt: T, dueAt: null, paidAt: null,
    pdfUrl: `/v1/invoices/${id}/pdf`, creditNoteIds: [],
    ...overrides,
  };
}

/** A page of a list endpoint. */
export function page<T>(data: T[], nextCursor: string | null = null) {
  return { object: 'list', data, hasMore: nextCursor !== null, nextCursor };
}

/** A schema-valid session answer. */
export function sessionInfo(): SessionInfo {
  return {
    object: 'session', mode: 'test', expiresAt: '2030-01-01T00:00:00.000Z', role: 'purchaser', permissions: ['catalog:read'],
    member: { id: 'mem_1', object: 'member', companyId: 'co_acme', customerId: 'acme-purchaser', email: 'p@acme.example', name: 'Pat', role: 'purchaser', createdAt: T },
    company: {
      id: 'co_acme', object: 'company', name: 'Acme', billingEmail: null, taxId: null, billingAddress: null, paymentTermsDays: 30,
      invoiceAllowed: true, preferredCurrency: null, createdAt: T,
    },
  };
}
