import { billingHandlers } from './billing/index.js';
import { platformHandlers } from './platform/index.js';
import type { Handlers } from './types.js';
import { webhookHandlers } from '../webhooks/index.js';

export { platformHandlers } from './platform/index.js';
export { billingHandlers } from './billing/index.js';

/** Every built-in handler by endpoint name: the platform's, the billing engine's and the webhooks'. */
export const handlers: Partial<Handlers> = { ...platformHandlers, ...billingHandlers, ...webhookHandlers };
