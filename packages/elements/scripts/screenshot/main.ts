// The screenshot page: one widget scenario on msw fixtures, chosen, themed and localized by the query string
// (`widget=checkout|subscription-manager|billing-history`, `theme`, `locale`, `role` and per-widget flags).
import { setupWorker } from 'msw/browser';
import { HttpResponse, delay, http, type HttpHandler } from 'msw';
import '../../src/define.js';
import { createFixtureServer } from '../../test/handlers.js';
import { acmePolicy, approvalRequests, auditEntries, sessionFor, teamSubscription } from '../../test/fixtures/index.js';
import { generateInvoices, invoices } from '../../test/fixtures/invoices.js';
import { managedTeam, subscriptionFixture, subscriptionsByStatus, usageFor } from '../../test/fixtures/subscriptions.js';
import { emptyMetrics, metricsHandlers } from '../../test/fixtures/metrics.js';
import { declinedQuote, openQuote } from '../../test/fixtures/quotes.js';
import { OVER_LIMIT, overYearlyLimit, purchaseApprovalRoutes } from '../../test/fixture-server/purchase-request-routes.js';
import '../../src/define/revenue-dashboard.js';

type Role = 'viewer' | 'purchaser' | 'billing_admin';

const params = new URLSearchParams(location.search);
const widget = params.get('widget') ?? 'checkout';
const theme = params.get('theme') ?? 'light';
const locale = params.get('locale') ?? 'en';
const role = params.get('role') as Role | null;
if (theme === 'dark') document.body.classList.add('dark');
if (locale === 'ar') document.documentElement.dir = 'rtl';
document.documentElement.lang = locale;

/** A widget connected to the page's msw worker, themed and localized. */
function widgetElement(tag: string, connect = true): HTMLElement {
  const el = document.createElement(tag);
  if (connect) {
    el.setAttribute('api-base', location.origin);
    el.setAttribute('publishable-key', 'pk_test_screenshot');
    el.setAttribute('session', 'tok_screenshot');
  }
  el.setAttribute('theme', theme);
  el.setAttribute('locale', locale);
  return el;
}

let handlers: HttpHandler[];
let content: HTMLElement;
if (widget === 'subscription-manager') {
  // Acme's subscriptions in every state, as a billing admin (all actions) unless a role is named;
  // `invoiced`: the Team subscription is billed by invoice (30 days net) and has spare trackers.
  const team = params.has('invoiced')
    ? subscriptionFixture({
        id: 'sub_team',
        planId: 'plan_team',
        quantity: 5,
        overrides: { collectionMethod: 'send_invoice', paymentTermsDays: 30, poNumber: 'PO-2026-001', addOns: [{ addOnId: 'addon_trackers', name: 'Spare GPS trackers', quantity: 3 }] },
      })
    : managedTeam;
  // `authentication`: the past-due renewal waits for the buyer's 3-D Secure (its off-session charge needed it).
  const issue = params.has('authentication') ? { paymentIssue: { reason: 'authentication_required' as const, invoiceId: 'in_open_sub_past_due' } } : {};
  const server = createFixtureServer({
    subscriptions: params.has('empty') ? [] : subscriptionsByStatus.map((s) => (s.id === team.id ? team : s.status === 'past_due' ? { ...s, ...issue } : s)),
    session: sessionFor(role ?? 'billing_admin'),
    usage: { sub_team: usageFor(managedTeam, { api_calls: 8500 }) },
    // `no-card`: nothing on file (the trial asks for a card before it ends).
    ...(params.has('no-card') ? { paymentMethods: [] } : {}),
    // `approval`: the company's policy asks a billing admin to approve a change due above $5.00.
    ...(params.has('approval') ? { approvalAbove: 500 } : {}),
  });
  // `commitment`: the Team subscription is under a 12-month contract (cancel from Nov 2027, at least 5 seats).
  if (params.has('commitment')) {
    const blocked = { allowed: false, reason: 'commitment' as const };
    const allowed = { allowed: true, reason: null };
    server.subscriptions = server.subscriptions.map((s) =>
      s.id === team.id
        ? {
            ...s,
            commitment: { termEndsAt: '2027-11-01T00:00:00.000Z', earliestCancelAt: '2027-11-01T00:00:00.000Z', minimumSeats: 5, downgradesAtRenewalOnly: true, quoteId: null },
            actions: { pause: allowed, skip: allowed, cancelNow: blocked, cancelAtPeriodEnd: blocked, downgradeNow: blocked, downgradeAtRenewal: allowed, intervalSwitch: allowed, retentionOffers: allowed, minimumSeats: 5 },
          }
        : s,
    );
  }
  handlers = server.handlers;
  content = widgetElement('subkit-subscription-manager');
  content.setAttribute('plans-url', '/pricing');
} else if (widget === 'revenue-dashboard') {
  // The merchant's console: the book's metrics (or none with `empty`), in the reporting currency or `currency`.
  handlers = metricsHandlers(params.has('empty') ? { metrics: emptyMetrics } : {}).handlers;
  content = widgetElement('subkit-revenue-dashboard');
  if (params.get('currency')) content.setAttribute('currency', params.get('currency')!);
} else if (widget === 'approvals') {
  // Acme's approval requests as a billing admin (every request, Review) unless a role is named;
  // `drift`: the subscription's seats changed since the pending request, so its amounts differ now.
  const server = createFixtureServer({ session: sessionFor(role ?? 'billing_admin'), subscriptions: [teamSubscription], approvals: approvalRequests, audit: auditEntries, policy: acmePolicy });
  if (params.has('drift')) server.subscriptions = [{ ...teamSubscription, quantity: 8, version: teamSubscription.version + 1 }];
  handlers = server.handlers;
  content = widgetElement('subkit-approvals');
} else if (widget === 'quote') {
  // Acme's open Enterprise quote and a declined one, as the billing admin unless a role is named.
  handlers = createFixtureServer({ session: sessionFor(role ?? 'billing_admin'), quotes: [openQuote, declinedQuote] }).handlers;
  content = widgetElement('subkit-quote');
} else if (widget === 'billing-history') {
  const session = sessionFor(role === 'viewer' ? 'viewer' : 'purchaser');
  handlers = createFixtureServer({ session, invoices: params.has('many') ? generateInvoices(10_000) : invoices }).handlers;
  // `hold-filters`: a filtered list never answers, to show the previous rows while it loads.
  if (params.has('hold-filters')) handlers.unshift(http.get('*/v1/invoices', ({ request }) => (new URL(request.url).searchParams.has('status') ? delay('infinite') : undefined)));
  content = widgetElement('subkit-billing-history');
} else {
  // The plan picker and the checkout under one provider, as a storefront page has them.
  // `quote`: the buyer's company has an open quote for Enterprise (a contact-sales plan), named by the session.
  const quoted = params.has('quote') ? { session: { ...sessionFor('purchaser'), openQuotes: [{ planId: 'plan_enterprise', quoteId: 'quo_screenshot' }] } } : {};
  const server = createFixtureServer({ subscriptions: params.has('current') ? [teamSubscription] : [], ...quoted });
  // `approval`: the company's purchasing policy asks a billing admin to approve the order (issue #17).
  handlers = params.has('approval') ? [...purchaseApprovalRoutes(() => server.state.sessionCatalog, overYearlyLimit), ...server.handlers] : server.handlers;
  // `refused`: the preview asks for no approval, Place order answers 403 approval_required (the policy changed meanwhile).
  if (params.has('refused')) {
    const refusal = { type: 'permission_error', code: 'approval_required', message: 'Submit it for approval instead.', requestId: 'req_screenshot', approval: { ...OVER_LIMIT, reasons: ['annualized_increase'], threshold: { currency: 'USD', amountDueNow: null, annualizedIncrease: 50_000 } } };
    handlers = [http.post('*/v1/checkout', () => HttpResponse.json({ error: refusal }, { status: 403 })), purchaseApprovalRoutes(() => server.state.sessionCatalog)[1]!, ...handlers];
  }
  content = document.createElement('subkit-provider');
  content.setAttribute('api-base', location.origin);
  content.setAttribute('publishable-key', 'pk_test_screenshot');
  content.setAttribute('session', 'tok_screenshot');
  for (const name of (params.get('widgets') ?? 'picker,checkout').split(',')) {
    const el = widgetElement(name === 'picker' ? 'subkit-plan-picker' : 'subkit-checkout', false);
    if (name === 'checkout') {
      el.setAttribute('plan', 'plan_team');
      el.setAttribute('interval', 'month');
      el.setAttribute('quantity', '12');
      if (params.get('method') === 'invoice') el.setAttribute('payment-method', 'invoice');
    }
    content.append(el);
  }
}

const worker = setupWorker(...handlers);
await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
document.querySelector('#app')!.append(content);
