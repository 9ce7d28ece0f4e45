import { http, HttpResponse, type HttpHandler } from 'msw';
import { PaymentMethod, SetupPaymentMethodRequest, SetupPaymentMethodResult } from '@subkit/core';
import { FIXTURE_NOW, TEST_CARDS } from '../fixtures/checkout.js';
import { apiError, page, type FixtureContext } from './core.js';

/** The company's saved payment methods: saving a card (a documented test card, or Stripe's), making it the default. */
export function paymentMethodRoutes(c: FixtureContext): HttpHandler[] {
  const { state } = c;
  return [
    http.get('*/v1/payment-methods', async ({ request }) => {
      await c.record(request);
      return c.denied(request, 'invoices:read') ?? page(state.paymentMethods);
    }),
    http.post('*/v1/payment-methods', async ({ request }) => {
      const raw = await c.record(request);
      const denied = c.denied(request, 'payment_methods:manage');
      if (denied) return denied;
      const parsed = SetupPaymentMethodRequest.safeParse(raw ?? {});
      if (!parsed.success) return c.invalid(parsed.error.issues[0]?.path.map(String).join('.') ?? '', 'Invalid card.');
      const card = parsed.data.testCard;
      let details: { brand: string; last4: string; expMonth: number; expYear: number };
      if (card) {
        const number = card.number.replace(/\s/g, '');
        if (number === TEST_CARDS.declined) return apiError(402, 'payment_error', 'card_declined', 'Your card was declined.', { param: 'testCard.number', declineCode: 'generic_decline' });
        details = { brand: number.startsWith('5') ? 'mastercard' : 'visa', last4: number.slice(-4), expMonth: card.expMonth, expYear: card.expYear };
      } else if (parsed.data.stripePaymentMethodId) {
        details = { brand: 'visa', last4: '1881', expMonth: 1, expYear: 2030 };
      } else {
        return c.invalid('testCard', 'A test card or a Stripe payment method is required.');
      }
      const method = PaymentMethod.parse({ id: `pm_new_${state.paymentMethods.length}`, object: 'payment_method', type: 'card', card: details, isDefault: false, createdAt: FIXTURE_NOW.toISOString() });
      state.paymentMethods = [...state.paymentMethods, method];
      return HttpResponse.json(SetupPaymentMethodResult.parse({ object: 'payment_method_setup', status: 'succeeded', paymentMethod: method, clientSecret: null }));
    }),
    http.post('*/v1/payment-methods/:paymentMethodId/default', async ({ request, params }) => {
      await c.record(request);
      const denied = c.denied(request, 'payment_methods:manage');
      if (denied) return denied;
      if (!state.paymentMethods.some((m) => m.id === params.paymentMethodId)) return c.notFound('payment method');
      state.paymentMethods = state.paymentMethods.map((m) => ({ ...m, isDefault: m.id === params.paymentMethodId }));
      return HttpResponse.json(state.paymentMethods.find((m) => m.id === params.paymentMethodId));
    }),
  ];
}
