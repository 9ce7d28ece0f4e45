/** Subscriptions: reading them, changing plan or seats, and their lifecycle (pause, resume, skip, cancel with retention offers, reactivate). */
import { requireBuyer } from '../../auth/authenticate.js';
import { changeSubscription, previewChange } from '../../engine/changes.js';
import {
  acceptRetentionOffer,
  cancelSubscription,
  listRetentionOffers,
  pauseSubscription,
  reactivateSubscription,
  resumeSubscription,
  skipNextPeriod,
} from '../../engine/lifecycle.js';
import { listSubscriptions, loadSubscription, renderSubscription } from '../../engine/subscriptions.js';
import type { Handlers } from '../types.js';

/** The billing engine's subscriptions handlers. */
export const subscriptionHandlers = {
  listSubscriptions: (ctx, { query }) => listSubscriptions(ctx.db, requireBuyer(ctx.principal).companyId, query, ctx.config.prorationPolicy),

  getSubscription: async (ctx, { params }) => renderSubscription(ctx.db, await loadSubscription(ctx.db, requireBuyer(ctx.principal).companyId, params.subscriptionId), ctx.config.prorationPolicy),

  previewSubscriptionChange: (ctx, { params, body }) => previewChange(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, body),

  changeSubscription: (ctx, { params, body }) => changeSubscription(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, body),

  pauseSubscription: (ctx, { params, body }) => pauseSubscription(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, body),

  resumeSubscription: (ctx, { params, body }) => resumeSubscription(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, body.expectedVersion),

  skipSubscriptionPeriod: (ctx, { params, body }) => skipNextPeriod(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, body.expectedVersion),

  cancelSubscription: (ctx, { params, body }) => cancelSubscription(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, body),

  listRetentionOffers: (ctx, { params, query }) => listRetentionOffers(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, query.reason),

  acceptRetentionOffer: (ctx, { params, body }) => acceptRetentionOffer(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, body),

  reactivateSubscription: (ctx, { params, body }) => reactivateSubscription(ctx, requireBuyer(ctx.principal).companyId, params.subscriptionId, body.expectedVersion),
} satisfies Partial<Handlers>;
