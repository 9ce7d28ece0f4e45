import { HttpResponse, type HttpHandler } from 'msw';
import {
  ApiErrorBody, Invoice, type ApprovalRequest, type AuditEntry, type ApiErrorType, type Catalog, type CreditNote, type InvoiceSummary, type PaymentMethod, type Permission, type SessionInfo,
  type Subscription, type UsageSummary, type Quote, type PurchasingPolicy,
} from '@subkit/core';

/** One request the fixture server saw (tests count them and read their headers). */
export interface RecordedRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  /** The query string (`?status=open`, or ''), and its parameters. */
  search: string;
  query: Record<string, string>;
  idempotencyKey: string | null;
  authorization: string | null;
  body: unknown;
}

/** What the fixture server starts with; every field is optional. */
export interface FixtureServerOptions {
  /** The public catalog (no session). */
  catalog?: Catalog;
  /** The catalog a signed-in buyer sees (contract prices). */
  sessionCatalog?: Catalog;
  /** The buyer behind any bearer token (its permissions are enforced); `null` answers 401 to session calls. */
  session?: SessionInfo | null;
  /** The company's subscriptions (the open invoice of a past-due one is added to the invoices). */
  subscriptions?: Subscription[];
  /** The company's invoices, newest first: full invoices, or list rows (they get no lines). */
  invoices?: (Invoice | InvoiceSummary)[];
  creditNotes?: CreditNote[];
  paymentMethods?: PaymentMethod[];
  /** Usage summaries by subscription id; subscriptions without one answer 404. */
  usage?: Record<string, UsageSummary>;
  /**
   * How paying an invoice goes: the test processor succeeds; the card is `declined` (402); the payment
   * `failed` (answered, not paid); or it `requires_action` (the bank's confirmation, test-mode SCA).
   */
  payOutcome?: 'succeeded' | 'declined' | 'failed' | 'requires_action';
  /** The company's approval requests, newest first (issue #17). */
  approvals?: ApprovalRequest[];
  /** The purchasing policy: a change due above this (minor units) needs a billing admin's approval; null: none needs it. */
  approvalAbove?: number | null;
  /** The company's audit log, newest first. */
  audit?: AuditEntry[];
  /** The company's purchasing policy as the policy routes answer and save it (the default policy when absent). */
  policy?: PurchasingPolicy;
  /** The company's quotes, newest first (`<subkit-quote>`). */
  quotes?: Quote[];
}

/** The server's live state: tests change it behind a widget's back (a colleague's change, a 409). */
export interface FixtureState {
  catalog: Catalog;
  sessionCatalog: Catalog;
  session: SessionInfo | null;
  subscriptions: Subscription[];
  invoices: Invoice[];
  creditNotes: CreditNote[];
  paymentMethods: PaymentMethod[];
  usage: Record<string, UsageSummary>;
  payOutcome: NonNullable<FixtureServerOptions['payOutcome']>;
  /** Payments awaiting the bank's confirmation: the subscription or invoice each one pays. */
  pendingPayments: Map<string, { subscriptionId?: string; invoiceId?: string }>;
  approvals: ApprovalRequest[];
  approvalAbove: number | null;
  audit: AuditEntry[];
  policy: PurchasingPolicy;
  quotes: Quote[];
}

/** What every route module gets: the state, the request log and the helpers of answering like the API does. */
export interface FixtureContext {
  state: FixtureState;
  /** Records a request and answers its JSON body (undefined for a GET or no JSON). */
  record(request: Request): Promise<unknown>;
  /** True when the bearer is a session token (not a publishable key) and a buyer is behind it. */
  signedIn(request: Request): boolean;
  /** The answer to a session call without a session, or to a permission the buyer lacks; null when allowed. */
  denied(request: Request, permission?: Permission): Response | null;
  invalid(param: string, message: string): Response;
  notFound(what: string): Response;
  /** The answer to a repeated Idempotency-Key (the first answer again), or what `answer` gives, remembered. */
  idempotent(request: Request, answer: () => Response | Promise<Response>): Promise<Response>;
  /** Saves a subscription (parsed through the schema) in place of the one with its id, or adds it. */
  keep(subscription: Subscription): Subscription;
}

/** A wire error response, checked against the contract's error schema. */
export function apiError(status: number, type: ApiErrorType, code: string, message: string, extra: { param?: string; declineCode?: string } = {}) {
  const body = ApiErrorBody.parse({ error: { type, code, message, requestId: 'req_fixture', ...extra } });
  return HttpResponse.json(body, { status });
}

/** A list row as a full invoice (a row brings no lines, payment attempts or tax lines). */
export function asInvoice(invoice: Invoice | InvoiceSummary): Invoice {
  return 'lines' in invoice ? invoice : Invoice.parse({ ...invoice, lines: [], paymentAttempts: [], taxLines: [] });
}

/** The request context of the route modules. */
export function fixtureContext(state: FixtureState, requests: RecordedRequest[]): FixtureContext {
  const replays = new Map<string, Response>();
  const signedIn = (request: Request) => {
    const bearer = request.headers.get('Authorization')?.replace(/^Bearer /, '') ?? '';
    return Boolean(state.session && bearer && !bearer.startsWith('pk_'));
  };
  return {
    state,
    async record(request) {
      const url = new URL(request.url);
      const body = request.method === 'GET' ? undefined : await request.clone().json().catch(() => undefined);
      requests.push({
        method: request.method,
        path: url.pathname,
        search: url.search,
        query: Object.fromEntries(url.searchParams),
        idempotencyKey: request.headers.get('Idempotency-Key'),
        authorization: request.headers.get('Authorization'),
        body,
      });
      return body;
    },
    signedIn,
    denied(request, permission) {
      if (!signedIn(request)) return apiError(401, 'authentication_error', 'session_required', 'A buyer session is required.');
      if (permission && !state.session!.permissions.includes(permission)) return apiError(403, 'permission_error', 'permission_denied', `This needs ${permission}.`);
      return null;
    },
    invalid: (param, message) => apiError(400, 'invalid_request_error', 'parameter_invalid', message, { param }),
    notFound: (what) => apiError(404, 'not_found_error', 'resource_missing', `No such ${what}.`),
    async idempotent(request, answer) {
      const key = request.headers.get('Idempotency-Key');
      const replay = key ? replays.get(key) : undefined;
      if (replay) return replay.clone();
      const response = await answer();
      if (key) replays.set(key, response.clone());
      return response;
    },
    keep(subscription) {
      const index = state.subscriptions.findIndex((s) => s.id === subscription.id);
      if (index < 0) state.subscriptions.push(subscription);
      else state.subscriptions[index] = subscription;
      return subscription;
    },
  };
}

/** One page of a list as the API answers it. */
export function page<T>(data: T[], hasMore = false, nextCursor: string | null = null) {
  return HttpResponse.json({ object: 'list', data, hasMore, nextCursor });
}

export type { HttpHandler };
