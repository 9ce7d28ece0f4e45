/** Usage: a subscription's usage so far with the projected bill, and the merchant's usage records. */
import { requireBuyer } from '../../auth/authenticate.js';
import { getUsage, recordUsage } from '../../engine/usage.js';
import type { Handlers } from '../types.js';

/** The billing engine's usage handlers. */
export const usageHandlers = {
  getUsage: (ctx, { params }) => getUsage(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId),

  recordUsage: (ctx, { body }) => recordUsage(ctx, body),
} satisfies Partial<Handlers>;
