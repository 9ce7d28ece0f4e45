/**
 * The subscription handlers under governance: each request is checked against the merchant's action
 * policy, the contract commitment and the company's purchasing policy before the engine acts (every
 * subscription answer carries `actions` and `commitment`: engine/subscriptions.ts renders them). The
 * checks read the subscription at one version and pin it (`expectedVersion`), so the engine applies to
 * exactly what was checked or answers 409.
 */
import { requireBuyer } from '../../auth/authenticate.js';
import type { RequestContext } from '../../context.js';
import { renderPreview } from '../../engine/changes.js';
import type { SubscriptionRow } from '../../engine/rows.js';
import { loadSubscription } from '../../engine/subscriptions.js';
import { subscriptionHandlers } from '../../handlers/billing/subscriptions.js';
import { checkoutHandlers } from '../../handlers/billing/checkout.js';
import type { Handlers } from '../../handlers/types.js';
import { approvalRequired } from '../approvals/policy.js';
import { governPurchase, purchaseApprovalRequired } from '../approvals/purchase.js';
import { governChange, rowView } from './change.js';
import { checkCancel, notAllowed, subscriptionActions } from './rules.js';
import { governedAt, loadGovernance, type Governance } from './store.js';

/** A subscription of the buyer's company with its governance and what its rules allow. */
async function governanceOf(ctx: RequestContext, subscriptionId: string): Promise<{ row: SubscriptionRow; g: Governance; pinned: number }> {
  const row = await loadSubscription(ctx.db, requireBuyer(ctx.principal).companyId, subscriptionId);
  return { row, g: await loadGovernance(ctx.db, row.plan_id, row.id), pinned: row.version };
}

function actionsOf(row: SubscriptionRow, g: Governance) {
  const view = rowView(row, g.planMinimum);
  return subscriptionActions(view, g.policy, g.terms, governedAt(view));
}

const base = subscriptionHandlers;

/** The subscription handlers with governance. */
export const governedSubscriptionHandlers = {
  previewSubscriptionChange: async (ctx, { params, body }) => {
    const buyer = requireBuyer(ctx.principal);
    return ctx.db.transaction(async (tx) => {
      const row = await loadSubscription(tx, buyer.companyId, params.subscriptionId);
      const { plan, approval } = await governChange(ctx, tx, row, body, buyer.role);
      return { ...renderPreview(plan), approval };
    });
  },

  changeSubscription: async (ctx, input) => {
    const buyer = requireBuyer(ctx.principal);
    const { approval } = await ctx.db.transaction(async (tx) =>
      governChange(ctx, tx, await loadSubscription(tx, buyer.companyId, input.params.subscriptionId), input.body, buyer.role),
    );
    if (approval.required) throw approvalRequired(approval);
    return base.changeSubscription(ctx, input);
  },

  cancelSubscription: async (ctx, { params, body }) => {
    const { row, g, pinned } = await governanceOf(ctx, params.subscriptionId);
    const view = rowView(row, g.planMinimum);
    checkCancel(view, g.policy, g.terms, body.when ?? 'period_end', governedAt(view));
    return base.cancelSubscription(ctx, { params, query: undefined, body: { ...body, expectedVersion: body.expectedVersion ?? pinned } });
  },

  pauseSubscription: async (ctx, { params, body }) => {
    const { g, pinned } = await governanceOf(ctx, params.subscriptionId);
    if (!g.policy.pause) throw notAllowed('Pausing');
    return base.pauseSubscription(ctx, { params, query: undefined, body: { ...body, expectedVersion: body.expectedVersion ?? pinned } });
  },

  skipSubscriptionPeriod: async (ctx, { params, body }) => {
    const { g, pinned } = await governanceOf(ctx, params.subscriptionId);
    if (!g.policy.skip) throw notAllowed('Skipping a period');
    return base.skipSubscriptionPeriod(ctx, { params, query: undefined, body: { ...body, expectedVersion: body.expectedVersion ?? pinned } });
  },

  listRetentionOffers: async (ctx, input) => {
    const { row, g } = await governanceOf(ctx, input.params.subscriptionId);
    const list = await base.listRetentionOffers(ctx, input);
    const actions = actionsOf(row, g);
    if (!actions.retentionOffers.allowed) return { ...list, data: [] };
    const data = list.data.filter((o) => (o.type === 'pause' ? actions.pause.allowed : o.type === 'downgrade' ? actions.downgradeNow.allowed : true));
    return { ...list, data };
  },

  acceptRetentionOffer: async (ctx, { params, body }) => {
    const { row, g, pinned } = await governanceOf(ctx, params.subscriptionId);
    const actions = actionsOf(row, g);
    if (!actions.retentionOffers.allowed) throw notAllowed('Retention offers', 'offerId');
    if (body.offerId.startsWith('offer_pause_') && !actions.pause.allowed) throw notAllowed('Pausing', 'offerId');
    if (body.offerId.startsWith('offer_downgrade_') && !actions.downgradeNow.allowed) throw notAllowed('Downgrading now', 'offerId');
    return base.acceptRetentionOffer(ctx, { params, query: undefined, body: { ...body, expectedVersion: body.expectedVersion ?? pinned } });
  },

  // A purchase: outside the allowed plans, refused; above the role's threshold, submitted for approval instead (approvals/purchase.ts).
  previewCheckout: async (ctx, { body }) => {
    const buyer = requireBuyer(ctx.principal);
    const { preview, approval } = await ctx.db.transaction((tx) => governPurchase(ctx, tx, buyer.companyId, buyer.role, body));
    return { ...preview, approval };
  },

  createCheckout: async (ctx, input) => {
    const buyer = requireBuyer(ctx.principal);
    const { preview, approval } = await ctx.db.transaction((tx) => governPurchase(ctx, tx, buyer.companyId, buyer.role, input.body));
    if (approval.required) throw purchaseApprovalRequired(approval, input.body.currency, preview.amountDueToday);
    return checkoutHandlers.createCheckout(ctx, input);
  },
} satisfies Partial<Handlers>;
