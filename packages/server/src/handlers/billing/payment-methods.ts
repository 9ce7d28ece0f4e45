/** Payment methods: the company's saved cards, adding one, the default, removing one. */
import { requireBuyer } from '../../auth/authenticate.js';
import { listPaymentMethods, removePaymentMethod, setDefaultPaymentMethod, setupPaymentMethod } from '../../engine/payment-methods.js';
import type { Handlers } from '../types.js';

/** The billing engine's payment methods handlers. */
export const paymentMethodHandlers = {
  listPaymentMethods: (ctx) => listPaymentMethods(ctx, requireBuyer(ctx.principal).companyId),

  setupPaymentMethod: (ctx, { body }) => setupPaymentMethod(ctx, requireBuyer(ctx.principal).companyId, body),

  setDefaultPaymentMethod: (ctx, { params }) => setDefaultPaymentMethod(ctx, requireBuyer(ctx.principal).companyId, params.paymentMethodId),

  removePaymentMethod: (ctx, { params }) => removePaymentMethod(ctx, requireBuyer(ctx.principal).companyId, params.paymentMethodId),
} satisfies Partial<Handlers>;
