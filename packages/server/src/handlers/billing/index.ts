/**
 * The billing engine's handlers, one module per resource (as handlers/platform/ is): checkout,
 * subscriptions and their lifecycle, invoices (JSON, PDF, CSV), payment methods and usage. The router has
 * already authenticated the caller, checked the role's permission and validated the input; these scope
 * every call to the buyer's company (`requireBuyer`) and the engine checks state.
 */
import type { Handlers } from '../types.js';
import { checkoutHandlers } from './checkout.js';
import { invoiceHandlers } from './invoices.js';
import { paymentMethodHandlers } from './payment-methods.js';
import { subscriptionHandlers } from './subscriptions.js';
import { usageHandlers } from './usage.js';

/** The billing engine's handlers (the local engine: subkit is the system of record). */
export const billingHandlers: Partial<Handlers> = {
  ...checkoutHandlers,
  ...subscriptionHandlers,
  ...invoiceHandlers,
  ...paymentMethodHandlers,
  ...usageHandlers,
};
