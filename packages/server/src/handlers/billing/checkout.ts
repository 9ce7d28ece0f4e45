/** Checkout: the order summary, the purchase, and the test-mode SCA step of its payment. */
import { requireBuyer } from '../../auth/authenticate.js';
import { createCheckout, previewCheckout } from '../../engine/checkout.js';
import { confirmPayment } from '../../engine/payments.js';
import type { Handlers } from '../types.js';

/** The billing engine's checkout handlers. */
export const checkoutHandlers = {
  previewCheckout: (ctx, { body }) => previewCheckout(ctx, requireBuyer(ctx.principal).companyId, body),

  createCheckout: (ctx, { body }) => {
    const b = requireBuyer(ctx.principal);
    return createCheckout(ctx, { companyId: b.companyId, memberId: b.memberId }, body);
  },

  confirmPayment: (ctx, { params, body }) =>
    confirmPayment(ctx, { companyId: requireBuyer(ctx.principal).companyId, paymentId: params.paymentId, ...(body.outcome ? { outcome: body.outcome } : {}) }),
} satisfies Partial<Handlers>;
