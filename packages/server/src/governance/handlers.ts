/**
 * The governance handlers (issue #17): the governed subscription handlers (policy, commitment, approval
 * checks; `actions` and `commitment` on every answer), the purchasing policy, approval requests, the audit
 * log, the merchant's action policies and commitments. Laid over the billing handlers.
 */
import { requireBuyer } from '../auth/authenticate.js';
import { notFound } from '../errors.js';
import { loadSubscription } from '../engine/subscriptions.js';
import type { Handlers } from '../handlers/types.js';
import { auditCsv, listAuditEntries } from './audit/log.js';
import { loadPurchasingPolicy, updatePurchasingPolicy } from './approvals/policy.js';
import {
  approveApprovalRequest,
  cancelApprovalRequest,
  createApprovalRequest,
  getApprovalRequest,
  listApprovalRequests,
  rejectApprovalRequest,
} from './approvals/requests.js';
import { governedSubscriptionHandlers } from './policy/enforce.js';
import { getActionPolicy, setCommitment, updateActionPolicy } from './policy/store.js';
import { renderSubscription } from '../engine/subscriptions.js';
import { acceptQuote, closeQuote, createQuote, getQuote, listQuotes } from './quotes/quotes.js';
import { createPurchaseRequest } from './approvals/purchase.js';
import { localizeQuotes } from './quotes/quote-texts.js';
import { localizeRequests } from './approvals/request-texts.js';

/** A company the merchant names, or 404. */
async function requireCompany(sql: Parameters<typeof loadPurchasingPolicy>[0], companyId: string): Promise<void> {
  const { rows } = await sql.query('SELECT 1 FROM companies WHERE id = $1', [companyId]);
  if (!rows[0]) throw notFound('company', 'companyId');
}

/** Every governance handler by endpoint name. */
export const governanceHandlers = {
  ...governedSubscriptionHandlers,

  getPurchasingPolicy: (ctx) => loadPurchasingPolicy(ctx.db, requireBuyer(ctx.principal).companyId),
  updatePurchasingPolicy: (ctx, { body }) =>
    ctx.db.transaction((tx) => updatePurchasingPolicy(tx, requireBuyer(ctx.principal).companyId, body, ctx.now())),

  listApprovalRequests: async (ctx, { query }) => {
    const page = await listApprovalRequests(ctx, requireBuyer(ctx.principal), query);
    return { ...page, data: await localizeRequests(ctx, query.locale, page.data) };
  },
  createApprovalRequest: (ctx, { body }) => createApprovalRequest(ctx, requireBuyer(ctx.principal), body),
  getApprovalRequest: async (ctx, { params, query }) => {
    const [request] = await localizeRequests(ctx, query.locale, [await getApprovalRequest(ctx, requireBuyer(ctx.principal), params.approvalRequestId)]);
    return request!;
  },
  approveApprovalRequest: (ctx, { params, body }) => approveApprovalRequest(ctx, requireBuyer(ctx.principal), params.approvalRequestId, body),
  rejectApprovalRequest: (ctx, { params, body }) => rejectApprovalRequest(ctx, requireBuyer(ctx.principal), params.approvalRequestId, body.comment),
  cancelApprovalRequest: (ctx, { params }) => cancelApprovalRequest(ctx, requireBuyer(ctx.principal), params.approvalRequestId),

  listAuditLog: (ctx, { query }) => listAuditEntries(ctx.db, 'buyer', requireBuyer(ctx.principal).companyId, query),
  exportAuditLogCsv: async (ctx, { query }) => ({
    kind: 'file',
    contentType: 'text/csv',
    filename: 'audit-log.csv',
    body: await auditCsv(ctx.db, requireBuyer(ctx.principal).companyId, query),
  }),

  getActionPolicy: (ctx, { params }) => getActionPolicy(ctx.db, params.planId),
  updateActionPolicy: (ctx, { params, body }) => ctx.db.transaction((tx) => updateActionPolicy(tx, params.planId, body, ctx.now())),

  setSubscriptionCommitment: async (ctx, { params, body }) =>
    ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ company_id: string }>('SELECT company_id FROM subscriptions WHERE id = $1', [params.subscriptionId]);
      if (!rows[0]) throw notFound('subscription', 'subscriptionId');
      const row = await loadSubscription(tx, rows[0].company_id, params.subscriptionId, { lock: true });
      await setCommitment(tx, row, body, ctx.now());
      return renderSubscription(tx, row, ctx.config.prorationPolicy);
    }),

  getCompanyPurchasingPolicy: async (ctx, { params }) => {
    await requireCompany(ctx.db, params.companyId);
    return loadPurchasingPolicy(ctx.db, params.companyId);
  },
  updateCompanyPurchasingPolicy: (ctx, { params, body }) =>
    ctx.db.transaction(async (tx) => {
      await requireCompany(tx, params.companyId);
      return updatePurchasingPolicy(tx, params.companyId, body, ctx.now());
    }),
  listCompanyAuditLog: async (ctx, { params, query }) => {
    await requireCompany(ctx.db, params.companyId);
    return listAuditEntries(ctx.db, 'merchant', params.companyId, query);
  },

  listQuotes: async (ctx, { query }) => {
    const page = await listQuotes(ctx, requireBuyer(ctx.principal).companyId, query);
    return { ...page, data: await localizeQuotes(ctx, query.locale, page.data) };
  },
  getQuote: async (ctx, { params, query }) => {
    const [quote] = await localizeQuotes(ctx, query.locale, [await getQuote(ctx, requireBuyer(ctx.principal).companyId, params.quoteId)]);
    return quote!;
  },
  acceptQuote: (ctx, { params, body }) => acceptQuote(ctx, requireBuyer(ctx.principal), params.quoteId, body.poNumber),
  declineQuote: (ctx, { params, body }) => {
    const buyer = requireBuyer(ctx.principal);
    return closeQuote(ctx, buyer.companyId, params.quoteId, 'declined', body.reason ?? null, buyer);
  },
  createQuote: (ctx, { body }) => createQuote(ctx, body),
  listCompanyQuotes: async (ctx, { params, query }) => {
    await requireCompany(ctx.db, params.companyId);
    return listQuotes(ctx, params.companyId, query);
  },
  cancelQuote: (ctx, { params }) => closeQuote(ctx, null, params.quoteId, 'canceled', null, null),

  createPurchaseRequest: (ctx, { body }) => createPurchaseRequest(ctx, requireBuyer(ctx.principal), body),
} satisfies Partial<Handlers>;
