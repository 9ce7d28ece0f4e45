import { billingHandlers } from './billing/index.js';
import { platformHandlers } from './platform/index.js';
import type { Handlers } from './types.js';

export { platformHandlers } from './platform/index.js';
export { billingHandlers } from './billing/index.js';

/** Every built-in handler by endpoint name: the platform's and the billing engine's. */
export const handlers: Partial<Handlers> = { ...platformHandlers, ...billingHandlers };
