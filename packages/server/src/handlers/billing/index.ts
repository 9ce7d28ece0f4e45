import type { Handlers } from '../types.js';

/** The billing engine's handlers (checkout, subscriptions, invoices, payments, usage); filled in by the engine. */
export const billingHandlers: Partial<Handlers> = {};
