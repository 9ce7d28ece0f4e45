import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  AcceptOfferRequest, CancelRequest, type ChangePreview, CancellationReason, PauseRequest, Subscription, SubscriptionChangeRequest, type Permission,
} from '@subkit/core';
import { FIXTURE_NOW } from '../fixtures/checkout.js';
import { ChangeRequestError, acceptOfferFor, changePreviewFor, changeResultFor, prorationInvoiceFor, retentionOffersFor } from '../fixtures/subscriptions.js';
import { apiError, asInvoice, page, type FixtureContext } from './core.js';

type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } };

/**
 * The subscriptions, stateful like the engine: a change, pause, cancel or accepted offer updates the
 * subscription (version + 1), a stale `expectedVersion` answers 409, and permissions are the session's.
 */
export function subscriptionRoutes(c: FixtureContext): HttpHandler[] {
  const { state } = c;
  const conflict = () => apiError(409, 'conflict_error', 'version_conflict', 'The subscription was changed since you loaded it.');
  const save = (next: Subscription) => c.keep(Subscription.parse(next));
  const bump = (s: Subscription, patch: Partial<Subscription>) => save({ ...s, ...patch, version: s.version + 1 });

  /** One action on one subscription: auth, permission, lookup, body, version guard, then `apply`. */
  function action<T>(method: 'get' | 'post', path: string, permission: Permission, schema: Schema<T> | null, apply: (current: Subscription, body: T, request: Request) => Response) {
    return http[method](`*/v1/subscriptions/:subscriptionId${path}`, async ({ request, params }) => {
      const raw = await c.record(request);
      const denied = c.denied(request, permission);
      if (denied) return denied;
      const current = state.subscriptions.find((s) => s.id === params.subscriptionId);
      if (!current) return c.notFound('subscription');
      let body = undefined as T;
      if (schema) {
        const parsed = schema.safeParse(raw ?? {});
        if (!parsed.success) return c.invalid(parsed.error.issues[0]?.path.map(String).join('.') ?? '', parsed.error.issues[0]?.message ?? 'Invalid request.');
        body = parsed.data;
        const expected = (body as { expectedVersion?: number }).expectedVersion;
        if (expected !== undefined && expected !== current.version) return conflict();
      }
      return apply(current, body, request);
    });
  }

  /** A change the fixtures refuse as the engine would (a plan not sold in the currency, seats out of range). */
  const changing = (run: () => Response) => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ChangeRequestError) return c.invalid(error.param, error.message);
      throw error;
    }
  };
  /** The company's purchasing policy: above `approvalAbove` due now, a member who is not a billing admin asks for approval. */
  const governed = (preview: ChangePreview): ChangePreview => {
    if (state.approvalAbove === null) return preview;
    const required = preview.amountDueNow > state.approvalAbove && state.session?.role !== 'billing_admin';
    return { ...preview, approval: { required, reasons: required ? ['amount_due_now'] : [], annualizedIncrease: preview.subtotal * 12 } };
  };
  const nextInvoiceAt = (s: Subscription) => ({ date: s.currentPeriodEnd, amountDue: s.nextInvoice?.amountDue ?? 0 });

  return [
    http.get('*/v1/subscriptions', async ({ request }) => {
      await c.record(request);
      return c.denied(request, 'subscriptions:read') ?? page(state.subscriptions);
    }),
    action('get', '', 'subscriptions:read', null, (current) => HttpResponse.json(current)),
    action('post', '/change/preview', 'subscriptions:change', SubscriptionChangeRequest, (current, body) =>
      changing(() => HttpResponse.json(governed(changePreviewFor(current, body, state.sessionCatalog)))),
    ),
    action('post', '/change', 'subscriptions:change', SubscriptionChangeRequest, (current, body) =>
      changing(() => {
        if (governed(changePreviewFor(current, body, state.sessionCatalog)).approval?.required) {
          return apiError(403, 'permission_error', 'approval_required', "This change needs a billing admin's approval under your company's purchasing policy.");
        }
        const result = changeResultFor(current, body, state.sessionCatalog);
        save(result.subscription);
        if (result.invoiceId) state.invoices.unshift(asInvoice(prorationInvoiceFor(changePreviewFor(current, body, state.sessionCatalog), result.invoiceId)));
        return HttpResponse.json(result);
      }),
    ),
    action('post', '/pause', 'subscriptions:pause', PauseRequest, (current, body) => {
      const resumesAt = body.resumesAt ? `${body.resumesAt}T00:00:00.000Z` : null;
      return HttpResponse.json(
        bump(current, {
          status: 'paused',
          pause: { pausedAt: FIXTURE_NOW.toISOString(), resumesAt },
          nextInvoice: resumesAt && current.nextInvoice ? { ...current.nextInvoice, date: resumesAt } : null,
        }),
      );
    }),
    action('post', '/resume', 'subscriptions:pause', PauseRequest, (current) => {
      if (current.status !== 'paused') return apiError(400, 'invalid_request_error', 'subscription_not_paused', 'Only a paused subscription can be resumed.');
      return HttpResponse.json(bump(current, { status: 'active', pause: null, nextInvoice: nextInvoiceAt(current) }));
    }),
    action('post', '/skip', 'subscriptions:pause', PauseRequest, (current) => HttpResponse.json(bump(current, { skippedPeriods: [...current.skippedPeriods, current.currentPeriodEnd] }))),
    action('post', '/cancel', 'subscriptions:cancel', CancelRequest, (current, body) => {
      const now = body.when === 'now';
      return HttpResponse.json(
        bump(current, {
          status: now ? 'canceled' : current.status,
          cancelAtPeriodEnd: !now,
          canceledAt: FIXTURE_NOW.toISOString(),
          endedAt: now ? FIXTURE_NOW.toISOString() : null,
          cancellation: { reason: body.reason, feedback: body.feedback ?? null },
          nextInvoice: null,
        }),
      );
    }),
    action('get', '/retention-offers', 'subscriptions:cancel', null, (current, _body, request) => {
      // As the engine: a subscription that never started or is on hold is offered nothing to stay (it may still cancel).
      if (current.status === 'incomplete' || current.status === 'unpaid') {
        return apiError(409, 'conflict_error', 'invalid_state', `A subscription that is ${current.status} cannot be offered a retention deal.`);
      }
      const parsed = CancellationReason.safeParse(new URL(request.url).searchParams.get('reason') ?? 'other');
      if (!parsed.success) return c.invalid('reason', 'Unknown reason.');
      return page(retentionOffersFor(current, parsed.data, state.sessionCatalog));
    }),
    action('post', '/retention-offers/accept', 'subscriptions:cancel', AcceptOfferRequest, (current, body) => {
      const offer = retentionOffersFor(current, 'any', state.sessionCatalog).find((o) => o.id === body.offerId);
      if (!offer) return c.invalid('offerId', 'This offer is not available for this subscription.');
      return HttpResponse.json(save(acceptOfferFor(current, offer, state.sessionCatalog)));
    }),
    action('post', '/reactivate', 'subscriptions:cancel', PauseRequest, (current) => {
      if (!current.cancelAtPeriodEnd) return apiError(400, 'invalid_request_error', 'not_canceling', 'This subscription is not set to cancel.');
      return HttpResponse.json(bump(current, { cancelAtPeriodEnd: false, canceledAt: null, cancellation: null, nextInvoice: nextInvoiceAt(current) }));
    }),
    action('get', '/usage', 'usage:read', null, (current) => {
      const usage = state.usage[current.id];
      return usage ? HttpResponse.json(usage) : c.notFound('usage for this subscription');
    }),
  ];
}
