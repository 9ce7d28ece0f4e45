import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  ApiErrorBody,
  CheckoutPreviewRequest,
  CheckoutRequest,
  ConfirmPaymentRequest,
  validateTaxId,
  type ApiErrorType,
  type Catalog,
  type CheckoutResult,
  type InvoiceSummary,
  type SessionInfo,
  type Subscription,
} from '@subkit/core';
import {
  FixtureRequestError,
  TEST_CARDS,
  acmeCatalog,
  catalog as publicCatalog,
  checkoutResultFor,
  paymentResultFor,
  previewFor,
  purchaserSession,
  teamSubscription,
} from './fixtures/index.js';

/**
 * msw handlers of the buyer API built from the schema-valid fixtures. Widget tests, Storybook and the
 * manager/history tests share them; each call makes a fresh fixture server with its own request log.
 */

/** One request the fixture server saw (tests count them and read their headers). */
export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  authorization: string | null;
  body: unknown;
}

/** What the fixture server answers with. */
export interface FixtureServerOptions {
  /** The public catalog (no session). */
  catalog?: Catalog;
  /** The catalog a signed-in buyer sees (contract prices). */
  sessionCatalog?: Catalog;
  /** The buyer behind any bearer token; `null` answers 401 to session calls. */
  session?: SessionInfo | null;
  /** The company's subscriptions. */
  subscriptions?: Subscription[];
  /** The company's invoices, newest first (one page; the billing-history tests bring their own paging). */
  invoices?: InvoiceSummary[];
}

/** The fixture server: its handlers and the log of requests they answered. */
export interface FixtureServer {
  handlers: HttpHandler[];
  requests: RecordedRequest[];
}

/** A wire error response, checked against the contract's error schema. */
export function apiError(status: number, type: ApiErrorType, code: string, message: string, extra: { param?: string; declineCode?: string } = {}) {
  const body = ApiErrorBody.parse({ error: { type, code, message, requestId: 'req_fixture', ...extra } });
  return HttpResponse.json(body, { status });
}

function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) {
  const issue = error.issues[0];
  return { param: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? 'Invalid request.' };
}

/** Builds a fixture server; pass options to shape its answers. */
export function createFixtureServer(options: FixtureServerOptions = {}): FixtureServer {
  const requests: RecordedRequest[] = [];
  const session = options.session === undefined ? purchaserSession : options.session;
  // Stateful like the engine: a checkout adds its subscription, a confirmed payment activates it.
  const subscriptions = [...(options.subscriptions ?? [])];
  const keep = (subscription: Subscription) => {
    const index = subscriptions.findIndex((s) => s.id === subscription.id);
    if (index < 0) subscriptions.push(subscription);
    else subscriptions[index] = subscription;
  };
  const replays = new Map<string, { status: number; body: unknown }>();
  const sessionCatalog = options.sessionCatalog ?? acmeCatalog;

  async function record(request: Request): Promise<unknown> {
    const body = request.method === 'GET' ? undefined : await request.clone().json().catch(() => undefined);
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      idempotencyKey: request.headers.get('Idempotency-Key'),
      authorization: request.headers.get('Authorization'),
      body,
    });
    return body;
  }
  const signedIn = (request: Request) => {
    const bearer = request.headers.get('Authorization')?.replace(/^Bearer /, '') ?? '';
    return Boolean(session && bearer && !bearer.startsWith('pk_'));
  };
  const unauthorized = () => apiError(401, 'authentication_error', 'session_required', 'A buyer session is required.');

  const checkout = (body: unknown): { status: number; body: unknown } => {
    const parsed = CheckoutRequest.safeParse(body);
    if (!parsed.success) {
      const { param, message } = firstIssue(parsed.error);
      return { status: 400, body: { error: { type: 'invalid_request_error', code: 'parameter_invalid', message, param, requestId: 'req_fixture' } } };
    }
    const request = parsed.data;
    const taxId = request.billing?.taxId;
    if (taxId) {
      const check = validateTaxId(taxId.country, taxId.value);
      if (!check.ok && check.code === 'invalid_format') {
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'tax_id_invalid', message: check.message, param: 'billing.taxId.value', requestId: 'req_fixture' } } };
      }
    }
    let result: CheckoutResult;
    try {
      if (request.payment.method === 'card' && request.payment.testCard) {
        const number = request.payment.testCard.number.replace(/\s/g, '');
        if (number === TEST_CARDS.requiresAction) result = checkoutResultFor(request, 'requires_action', sessionCatalog);
        else if (number === TEST_CARDS.succeeds) result = checkoutResultFor(request, 'succeeded', sessionCatalog);
        else if (number === TEST_CARDS.insufficientFunds || number === TEST_CARDS.declined) {
          const insufficient = number === TEST_CARDS.insufficientFunds;
          return {
            status: 402,
            body: {
              error: {
                type: 'payment_error',
                code: 'card_declined',
                message: insufficient ? 'Your card has insufficient funds.' : 'Your card was declined.',
                declineCode: insufficient ? 'insufficient_funds' : 'generic_decline',
                param: 'payment.testCard.number',
                requestId: 'req_fixture',
              },
            },
          };
        } else {
          return {
            status: 400,
            body: { error: { type: 'invalid_request_error', code: 'test_card_required', message: 'Only documented test cards work in test mode.', param: 'payment.testCard.number', requestId: 'req_fixture' } },
          };
        }
      } else {
        result = checkoutResultFor(request, 'succeeded', sessionCatalog);
      }
    } catch (error) {
      if (error instanceof FixtureRequestError) {
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'parameter_invalid', message: error.message, param: error.param, requestId: 'req_fixture' } } };
      }
      throw error;
    }
    keep(result.subscription);
    return { status: 200, body: result };
  };

  const handlers: HttpHandler[] = [
    http.get('*/v1/catalog', async ({ request }) => {
      await record(request);
      const shaped = signedIn(request) ? (options.sessionCatalog ?? acmeCatalog) : (options.catalog ?? publicCatalog);
      return HttpResponse.json(shaped);
    }),
    http.get('*/v1/session', async ({ request }) => {
      await record(request);
      return signedIn(request) && session ? HttpResponse.json(session) : unauthorized();
    }),
    http.get('*/v1/subscriptions', async ({ request }) => {
      await record(request);
      if (!signedIn(request)) return unauthorized();
      return HttpResponse.json({ object: 'list', data: subscriptions, hasMore: false, nextCursor: null });
    }),
    http.get('*/v1/subscriptions/:subscriptionId', async ({ request, params }) => {
      await record(request);
      if (!signedIn(request)) return unauthorized();
      const subscription = subscriptions.find((s) => s.id === params.subscriptionId);
      return subscription ? HttpResponse.json(subscription) : apiError(404, 'not_found_error', 'subscription_not_found', `No such subscription: ${String(params.subscriptionId)}`, { param: 'subscriptionId' });
    }),
    http.get('*/v1/invoices', async ({ request }) => {
      await record(request);
      if (!signedIn(request)) return unauthorized();
      return HttpResponse.json({ object: 'list', data: options.invoices ?? [], hasMore: false, nextCursor: null });
    }),
    http.post('*/v1/checkout/preview', async ({ request }) => {
      const body = await record(request);
      if (!signedIn(request)) return unauthorized();
      const parsed = CheckoutPreviewRequest.safeParse(body);
      if (!parsed.success) {
        const { param, message } = firstIssue(parsed.error);
        return apiError(400, 'invalid_request_error', 'parameter_invalid', message, { param });
      }
      try {
        // Checkout needs a session, so it prices with the company's (contract) catalog, as the server does.
        return HttpResponse.json(previewFor(parsed.data, sessionCatalog));
      } catch (error) {
        if (error instanceof FixtureRequestError) return apiError(400, 'invalid_request_error', 'parameter_invalid', error.message, { param: error.param });
        throw error;
      }
    }),
    http.post('*/v1/checkout', async ({ request }) => {
      const body = await record(request);
      if (!signedIn(request)) return unauthorized();
      const key = request.headers.get('Idempotency-Key');
      // The real server replays the first answer for a repeated key; so does the fixture.
      const answer = (key && replays.get(key)) || checkout(body);
      if (key) replays.set(key, answer);
      return HttpResponse.json(answer.body as object, { status: answer.status });
    }),
    http.post('*/v1/payments/:paymentId/confirm', async ({ request }) => {
      const body = await record(request);
      if (!signedIn(request)) return unauthorized();
      const parsed = ConfirmPaymentRequest.safeParse(body);
      if (!parsed.success) return apiError(400, 'invalid_request_error', 'parameter_invalid', 'outcome is required', { param: 'outcome' });
      const payment = paymentResultFor(parsed.data.outcome);
      const subscription = subscriptions.find((s) => s.id === payment.subscriptionId);
      if (subscription && payment.status === 'succeeded') keep({ ...subscription, status: subscription.trialEnd ? 'trialing' : 'active', version: subscription.version + 1 });
      return HttpResponse.json(payment);
    }),
  ];
  return { handlers, requests };
}

/** The default fixture server's handlers: public catalog, Acme's purchaser, no subscriptions. */
export const handlers: HttpHandler[] = createFixtureServer().handlers;

