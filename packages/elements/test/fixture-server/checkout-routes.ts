import { http, HttpResponse, type HttpHandler } from 'msw';
import { CheckoutPreviewRequest, CheckoutRequest, validateTaxId, type CheckoutResult } from '@subkit/core';
import { FixtureRequestError, TEST_CARDS, checkoutResultFor, previewFor } from '../fixtures/checkout.js';
import { apiError, type FixtureContext } from './core.js';

type Issues = { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
const firstIssue = (error: Issues) => ({ param: error.issues[0]?.path.map(String).join('.') ?? '', message: error.issues[0]?.message ?? 'Invalid request.' });

/** The catalog (public, or the company's with a session), who the session is, and the checkout (preview, buy). */
export function checkoutRoutes(c: FixtureContext): HttpHandler[] {
  const { state } = c;

  /** The answer to a checkout, like the engine's: a test card decides how the payment goes. */
  function buy(body: unknown): Response {
    const parsed = CheckoutRequest.safeParse(body);
    if (!parsed.success) return c.invalid(firstIssue(parsed.error).param, firstIssue(parsed.error).message);
    const request = parsed.data;
    const taxId = request.billing?.taxId;
    if (taxId) {
      const check = validateTaxId(taxId.country, taxId.value);
      if (!check.ok && check.code === 'invalid_format') return apiError(400, 'invalid_request_error', 'tax_id_invalid', check.message, { param: 'billing.taxId.value' });
    }
    let result: CheckoutResult;
    try {
      const number = request.payment.method === 'card' ? request.payment.testCard?.number.replace(/\s/g, '') : undefined;
      if (number === undefined || number === TEST_CARDS.succeeds) result = checkoutResultFor(request, 'succeeded', state.sessionCatalog);
      else if (number === TEST_CARDS.requiresAction) result = checkoutResultFor(request, 'requires_action', state.sessionCatalog);
      else if (number === TEST_CARDS.insufficientFunds || number === TEST_CARDS.declined) {
        const insufficient = number === TEST_CARDS.insufficientFunds;
        return apiError(402, 'payment_error', 'card_declined', insufficient ? 'Your card has insufficient funds.' : 'Your card was declined.', {
          declineCode: insufficient ? 'insufficient_funds' : 'generic_decline',
          param: 'payment.testCard.number',
        });
      } else {
        return apiError(400, 'invalid_request_error', 'test_card_required', 'Only documented test cards work in test mode.', { param: 'payment.testCard.number' });
      }
    } catch (error) {
      if (error instanceof FixtureRequestError) return c.invalid(error.param, error.message);
      throw error;
    }
    // Stateful like the engine: the subscription exists now; one awaiting the bank's confirmation is activated by it.
    c.keep(result.subscription);
    if (result.nextAction?.paymentId) state.pendingPayments.set(result.nextAction.paymentId, { subscriptionId: result.subscription.id });
    return HttpResponse.json(result);
  }

  return [
    http.get('*/v1/catalog', async ({ request }) => {
      await c.record(request);
      return HttpResponse.json(c.signedIn(request) ? state.sessionCatalog : state.catalog);
    }),
    http.get('*/v1/session', async ({ request }) => {
      await c.record(request);
      return c.denied(request) ?? HttpResponse.json(state.session);
    }),
    http.post('*/v1/checkout/preview', async ({ request }) => {
      const body = await c.record(request);
      const denied = c.denied(request);
      if (denied) return denied;
      const parsed = CheckoutPreviewRequest.safeParse(body);
      if (!parsed.success) return c.invalid(firstIssue(parsed.error).param, firstIssue(parsed.error).message);
      try {
        // Checkout needs a session, so it prices with the company's (contract) catalog, as the server does.
        return HttpResponse.json(previewFor(parsed.data, state.sessionCatalog));
      } catch (error) {
        if (error instanceof FixtureRequestError) return c.invalid(error.param, error.message);
        throw error;
      }
    }),
    http.post('*/v1/checkout', async ({ request }) => {
      const body = await c.record(request);
      // The real server replays the first answer for a repeated key; so does the fixture.
      return c.denied(request) ?? c.idempotent(request, () => buy(body));
    }),
  ];
}
