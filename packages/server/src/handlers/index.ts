import { billingHandlers } from './billing/index.js';
import { platformHandlers } from './platform/index.js';
import type { Handlers } from './types.js';
import { getMetrics } from '../metrics/index.js';
import { webhookHandlers } from '../webhooks/index.js';
import { paymentHandlers } from '../payments/handlers.js';
import { withAuditActor } from '../governance/audit/actor.js';
import { governanceHandlers } from '../governance/handlers.js';

export { platformHandlers } from './platform/index.js';
export { billingHandlers } from './billing/index.js';

/**
 * Every built-in handler by endpoint name: the platform's, the billing engine's, the webhooks', the metrics,
 * the payments' and governance's (which govern the subscription handlers); each names its caller for the audit log.
 */
export const handlers: Partial<Handlers> = withAuditActor({ ...platformHandlers, ...billingHandlers, ...webhookHandlers, getMetrics, ...paymentHandlers, ...governanceHandlers });
