/**
 * Approval requests: a member submits a change their company's policy does not let them confirm; a
 * billing admin sees it with the preview recomputed now and the difference, then approves — the engine
 * applies exactly the preview shown (its proration instant and subscription version) — or rejects with a
 * comment; the requester may withdraw it; unanswered, it expires (the billing run, expiry.ts). Every step
 * writes its event in its transaction, and each answer is made in the last write transaction (an
 * Idempotency-Key stores it with its effect).
 */
import type { ApprovalDecision, ApprovalRequest, ApprovalRequestCreate, ApprovalRequestDetail } from '@subkit/core';
import type { BuyerPrincipal, RequestContext } from '../../context.js';
import type { Sql } from '../../db/types.js';
import { ApiError, conflict } from '../../errors.js';
import { collectNow } from '../../engine/attempts.js';
import { applyChange, renderPreview } from '../../engine/changes.js';
import { declineError, paymentProcessor } from '../../engine/processor/index.js';
import { loadSubscription } from '../../engine/subscriptions.js';
import { keysetPage } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import { governChange } from '../policy/change.js';
import { loadPurchasingPolicy } from './policy.js';
import { filterStatus } from '../expiry.js';
import { purchasePreviewNow } from './purchase.js';
import { approvePurchase } from './purchase-approve.js';
import { difference, loadRequest, recordStep, requireFreshPreview, requirePending, SELECT, toWire, type RequestRow } from './request-rows.js';


/** Submits a change for approval: checked and previewed as a confirmation would be; 409 when it needs none. */
export async function createApprovalRequest(ctx: RequestContext, buyer: BuyerPrincipal, body: ApprovalRequestCreate): Promise<ApprovalRequest> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadSubscription(tx, buyer.companyId, body.subscriptionId);
    const governed = await governChange(ctx, tx, row, body.change, buyer.role);
    if (!governed.approval.required) throw conflict('approval_not_required', 'Your role may confirm this change without approval; confirm it directly.');
    const now = ctx.now();
    const policy = await loadPurchasingPolicy(tx, buyer.companyId);
    const id = newId('apr_');
    const preview = { ...renderPreview(governed.plan), approval: governed.approval };
    await tx.query(
      `INSERT INTO approval_requests (id, company_id, subscription_id, status, change, plan_name, requested_preview, approval, po_number, note,
         requested_by_member_id, requested_by_role, expires_at, created_at)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id, buyer.companyId, row.id, JSON.stringify(body.change), governed.plan.plan.name, JSON.stringify(preview), JSON.stringify(governed.approval),
        body.poNumber ?? null, body.note ?? null, buyer.memberId, buyer.role, new Date(now.getTime() + policy.requestTtlDays * 86_400_000), now,
      ],
    );
    return recordStep(tx, ctx, id, 'approval_request.created', now);
  });
}

/** The company's requests (a billing admin's: all; anyone else's: their own), newest first. */
export async function listApprovalRequests(ctx: RequestContext, buyer: BuyerPrincipal, query: { limit?: number | undefined; cursor?: string | undefined; status?: ApprovalRequest['status'] | undefined }) {
  const where = ['company_id = $1'];
  const params: unknown[] = [buyer.companyId];
  if (buyer.role !== 'billing_admin') {
    params.push(buyer.memberId);
    where.push(`requested_by_member_id = $${params.length}`);
  }
  const now = ctx.now();
  // A pending request past its expiry counts as expired (until the billing run marks it).
  filterStatus('approval_requests', where, params, query.status, now);
  const page = await keysetPage<{ id: string }>(ctx.db, { table: 'approval_requests', column: 'created_at', where, params, limit: query.limit, cursor: query.cursor });
  const data: ApprovalRequest[] = [];
  if (page.rows.length) {
    const { rows } = await ctx.db.query<RequestRow>(`${SELECT} WHERE r.id = ANY($1::text[]) ORDER BY r.created_at DESC, r.id DESC`, [page.rows.map((r) => r.id)]);
    for (const row of rows) data.push(toWire(row, now));
  }
  return { object: 'list' as const, data, hasMore: page.hasMore, nextCursor: page.nextCursor };
}

/** One request; while pending, the preview recomputed now (what approving applies) and its difference. */
export async function getApprovalRequest(ctx: RequestContext, buyer: BuyerPrincipal, id: string): Promise<ApprovalRequestDetail> {
  const now = ctx.now();
  const row = await loadRequest(ctx.db, buyer, id);
  const request = toWire(row, now);
  if (request.status !== 'pending') return { ...request, currentPreview: null, difference: null, currentError: null };
  try {
    const currentPreview = await ctx.db.transaction(async (tx) => {
      if (row.kind === 'purchase') return purchasePreviewNow(ctx, tx, row);
      const sub = await loadSubscription(tx, buyer.companyId, row.subscription_id!);
      const governed = await governChange(ctx, tx, sub, { ...row.change, expectedVersion: sub.version }, 'billing_admin');
      return renderPreview(governed.plan);
    });
    return { ...request, currentPreview, difference: difference(currentPreview, row.requested_preview), currentError: null };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status >= 500) throw err;
    return { ...request, currentPreview: null, difference: null, currentError: { code: err.code, message: err.message } };
  }
}

/**
 * Approves a request: applies its change exactly as the preview the billing admin was shown — computed at
 * `prorationDate` (at most 15 minutes ago) for subscription version `expectedVersion` — with the
 * request's PO number on the change's invoice. A card-paid change is charged after its transaction; a
 * decline leaves the request pending (and the subscription unchanged) and answers 402.
 */
export async function approveApprovalRequest(ctx: RequestContext, buyer: BuyerPrincipal, id: string, body: ApprovalDecision): Promise<ApprovalRequest> {
  const now = ctx.now();
  const shownAt = new Date(body.prorationDate);
  const atShown: RequestContext = { ...ctx, now: () => shownAt };
  const kind = await requestKind(ctx, buyer, id);
  if (kind === 'purchase') return approvePurchase(ctx, buyer, id, body);
  const applied = await ctx.db.transaction(async (tx) => {
    // Another company's id is a 404 before anything about the body is said.
    const row = await loadRequest(tx, buyer, id, { lock: true });
    requireFreshPreview(shownAt, now);
    requirePending(row, now);
    const sub = await loadSubscription(tx, buyer.companyId, row.subscription_id!, { lock: true });
    const change = { ...row.change, expectedVersion: body.expectedVersion };
    await governChange(atShown, tx, sub, change, 'billing_admin');
    const result = await applyChange(tx, atShown, row.po_number ? { ...sub, po_number: row.po_number } : sub, change);
    await tx.query(
      `UPDATE approval_requests SET status = 'approved', decided_by_member_id = $2, decided_by_role = $3, decision_comment = $4, invoice_id = $5, decided_at = $6
        WHERE id = $1`,
      [id, buyer.memberId, buyer.role, body.comment ?? null, result.invoice?.id ?? null, now],
    );
    // The answer is this transaction's value unless a charge follows (idempotency/index.ts stores it with the effect).
    return result.charge ? { charge: result.charge } : recordStep(tx, ctx, id, 'approval_request.approved', now);
  });
  if (!('charge' in applied)) return applied;
  const answer = await collectNow(
    ctx.db,
    paymentProcessor(ctx.db, ctx.config),
    { ...applied.charge, at: ctx.now, mode: ctx.config.mode, policy: ctx.config.prorationPolicy },
    async (tx, settled) => {
      if (settled.result.status === 'failed') {
        // The change was discarded with its invoice: the request waits again for a decision.
        await tx.query(`UPDATE approval_requests SET status = 'pending', decided_by_member_id = NULL, decided_by_role = NULL, decision_comment = NULL, invoice_id = NULL, decided_at = NULL WHERE id = $1`, [id]);
        return declineError(settled.result);
      }
      return recordStep(tx, ctx, id, 'approval_request.approved', now);
    },
  );
  if (!answer) throw new ApiError('api_error', 'processor_unavailable', 'The payment processor did not answer. The change applies once the payment goes through.', { status: 503 });
  if (answer instanceof ApiError) throw answer;
  return answer;
}

/** Whether a request of the buyer's company is a change or a purchase (404 as `loadRequest`). */
async function requestKind(ctx: RequestContext, buyer: BuyerPrincipal, id: string): Promise<RequestRow['kind']> {
  return (await loadRequest(ctx.db, buyer, id)).kind;
}

/** Rejects a pending request with the billing admin's comment. */
export function rejectApprovalRequest(ctx: RequestContext, buyer: BuyerPrincipal, id: string, comment: string): Promise<ApprovalRequest> {
  return decide(ctx, buyer, id, 'rejected', comment);
}

/** Withdraws a pending request (its requester, or a billing admin). */
export function cancelApprovalRequest(ctx: RequestContext, buyer: BuyerPrincipal, id: string): Promise<ApprovalRequest> {
  return decide(ctx, buyer, id, 'canceled', null);
}

async function decide(ctx: RequestContext, buyer: BuyerPrincipal, id: string, status: 'rejected' | 'canceled', comment: string | null): Promise<ApprovalRequest> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = await loadRequest(tx, buyer, id, { lock: true });
    requirePending(row, now);
    await tx.query(
      `UPDATE approval_requests SET status = $2, decided_by_member_id = $3, decided_by_role = $4, decision_comment = $5, decided_at = $6 WHERE id = $1`,
      [id, status, buyer.memberId, buyer.role, comment, now],
    );
    return recordStep(tx, ctx, id, status === 'rejected' ? 'approval_request.rejected' : 'approval_request.canceled', now);
  });
}

/** Requests by id as the wire shows them at `at` (the billing run's expiry renders what it expired). */
export async function renderRequests(sql: Sql, ids: readonly string[], at: Date): Promise<ApprovalRequest[]> {
  const { rows } = await sql.query<RequestRow>(`${SELECT} WHERE r.id = ANY($1::text[]) ORDER BY r.id`, [ids]);
  return rows.map((r) => toWire(r, at));
}
