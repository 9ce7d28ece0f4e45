import type { HttpHandler } from 'msw';
import { acmeCatalog, catalog as publicCatalog, defaultPolicy, purchaserSession } from './fixtures/index.js';
import { creditNotes as defaultCreditNotes } from './fixtures/invoices.js';
import { openInvoiceFor, paymentMethods as defaultPaymentMethods } from './fixtures/subscriptions.js';
import { owesPayment } from '../src/subscription-manager/subscription.templates.js';
import { asInvoice, fixtureContext, type FixtureServerOptions, type FixtureState, type RecordedRequest } from './fixture-server/core.js';
import { checkoutRoutes } from './fixture-server/checkout-routes.js';
import { subscriptionRoutes } from './fixture-server/subscription-routes.js';
import { invoiceRoutes } from './fixture-server/invoice-routes.js';
import { paymentMethodRoutes } from './fixture-server/payment-method-routes.js';
import { approvalRoutes } from './fixture-server/approval-routes.js';
import { quoteRoutes } from './fixture-server/quote-routes.js';

export { apiError, type FixtureServerOptions, type FixtureState, type RecordedRequest } from './fixture-server/core.js';

/**
 * The one msw fixture server of the buyer API: widget tests, Storybook and the screenshots use it. Its
 * answers are built from the schema-valid fixtures, and it is stateful like the engine (a checkout adds a
 * subscription, a change or a payment updates it, a stale version answers 409). Each call makes a fresh
 * server with its own state and request log.
 */
export interface FixtureServer {
  handlers: HttpHandler[];
  requests: RecordedRequest[];
  /** Requests with `method` whose path (with or without its query) ends with `pathEnd`. */
  calls(method: string, pathEnd: string): RecordedRequest[];
  /** The live state (tests change it behind a widget's back, e.g. a colleague's change for a 409). */
  state: FixtureState;
  subscriptions: FixtureState['subscriptions'];
  invoices: FixtureState['invoices'];
  paymentMethods: FixtureState['paymentMethods'];
}

/** Builds a fixture server; pass options to shape its answers. */
export function createFixtureServer(options: FixtureServerOptions = {}): FixtureServer {
  const subscriptions = structuredClone(options.subscriptions ?? []);
  const state: FixtureState = {
    catalog: options.catalog ?? publicCatalog,
    sessionCatalog: options.sessionCatalog ?? acmeCatalog,
    session: options.session === undefined ? purchaserSession : options.session,
    subscriptions,
    // A subscription owing a payment (the manager's rule) has its open invoice: a past-due or unpaid one the invoice its
    // renewal failed to collect, an incomplete one its first.
    invoices: [...subscriptions.filter(owesPayment).map((s) => asInvoice(openInvoiceFor(s))), ...(options.invoices ?? []).map(asInvoice)],
    creditNotes: options.creditNotes ?? defaultCreditNotes,
    paymentMethods: structuredClone(options.paymentMethods ?? defaultPaymentMethods),
    usage: options.usage ?? {},
    payOutcome: options.payOutcome ?? 'succeeded',
    pendingPayments: new Map(),
    approvals: structuredClone(options.approvals ?? []),
    approvalAbove: options.approvalAbove ?? null,
    audit: structuredClone(options.audit ?? []),
    policy: structuredClone(options.policy ?? defaultPolicy),
    quotes: structuredClone(options.quotes ?? []),
  };
  const requests: RecordedRequest[] = [];
  const context = fixtureContext(state, requests);
  return {
    handlers: [...checkoutRoutes(context), ...subscriptionRoutes(context), ...invoiceRoutes(context), ...paymentMethodRoutes(context), ...approvalRoutes(context), ...quoteRoutes(context)],
    requests,
    calls: (method, pathEnd) => requests.filter((r) => r.method === method && (r.path.endsWith(pathEnd) || `${r.path}${r.search}`.endsWith(pathEnd))),
    state,
    get subscriptions() {
      return state.subscriptions;
    },
    set subscriptions(next) {
      state.subscriptions = next;
    },
    get invoices() {
      return state.invoices;
    },
    get paymentMethods() {
      return state.paymentMethods;
    },
  };
}

/** The default fixture server's handlers: public catalog, Acme's purchaser, no subscriptions. */
export const handlers: HttpHandler[] = createFixtureServer().handlers;
