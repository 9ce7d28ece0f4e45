/**
 * Approval requests as stored and as the wire shows them, for both kinds: a change of a subscription
 * (requests.ts) and a purchase of a new one (purchase.ts).
 */
import type { ApprovalRequest, ChangePreview, PreviewDifference, PurchaseDetails, SubscriptionChangeRequest } from '@subkit/core';
import type { BuyerPrincipal, RequestContext } from '../../context.js';
import { recordEvent } from '../../db/events.js';
import type { Sql } from '../../db/types.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { toDate, type DbTime } from '../../engine/rows.js';
import { statusAt as expiringStatusAt } from '../expiry.js';

export interface RequestRow {
  id: string;
  company_id: string;
  kind: 'change' | 'purchase';
  /** A purchase's is null until approval creates the subscription (`purchase_subscription_id`). */
  subscription_id: string | null;
  purchase: PurchaseDetails | null;
  purchase_subscription_id: string | null;
  status: ApprovalRequest['status'];
  change: SubscriptionChangeRequest;
  plan_name: string;
  requested_preview: ChangePreview;
  approval: ApprovalRequest['approval'];
  po_number: string | null;
  note: string | null;
  requested_by_member_id: string;
  requested_by_role: ApprovalRequest['requestedBy']['role'];
  requested_by_name: string | null;
  decided_by_member_id: string | null;
  decided_by_role: ApprovalRequest['requestedBy']['role'] | null;
  decided_by_name: string | null;
  decision_comment: string | null;
  invoice_id: string | null;
  expires_at: DbTime;
  decided_at: DbTime | null;
  created_at: DbTime;
}

/** How far back an approval may date the preview it applies: what a billing admin looked at a moment ago. */
export const MAX_PREVIEW_AGE_MS = 15 * 60_000;

/** Requests with their requester's and decider's names. */
export const SELECT = `SELECT r.*, rb.name AS requested_by_name, db.name AS decided_by_name
  FROM approval_requests r
  JOIN members rb ON rb.id = r.requested_by_member_id
  LEFT JOIN members db ON db.id = r.decided_by_member_id`;

/** A pending request past its expiry is shown expired even before the billing run has marked it. */
const statusAt = (row: RequestRow, now: Date): ApprovalRequest['status'] => expiringStatusAt('approval_requests', row, now);

/** A request as the wire shows it at `now`. */
export function toWire(row: RequestRow, now: Date): ApprovalRequest {
  return {
    id: row.id,
    object: 'approval_request',
    companyId: row.company_id,
    status: statusAt(row, now),
    kind: row.kind,
    subscriptionId: row.subscription_id ?? row.purchase_subscription_id!,
    change: row.change,
    purchase: row.purchase
      ? {
          paymentMethod: row.purchase.paymentMethod,
          ...(row.purchase.promoCode !== undefined ? { promoCode: row.purchase.promoCode } : {}),
          ...(row.purchase.trial !== undefined ? { trial: row.purchase.trial } : {}),
        }
      : null,
    planName: row.plan_name,
    requestedPreview: row.requested_preview,
    approval: row.approval,
    poNumber: row.po_number,
    note: row.note,
    requestedBy: { memberId: row.requested_by_member_id, name: row.requested_by_name ?? '', role: row.requested_by_role },
    decidedBy: row.decided_by_member_id ? { memberId: row.decided_by_member_id, name: row.decided_by_name ?? '', role: row.decided_by_role! } : null,
    decisionComment: row.decision_comment,
    invoiceId: row.invoice_id,
    expiresAt: toDate(row.expires_at).toISOString(),
    decidedAt: row.decided_at ? toDate(row.decided_at).toISOString() : null,
    createdAt: toDate(row.created_at).toISOString(),
  };
}

/** A request of the buyer's company; others than billing admins see only their own (404 otherwise). */
export async function loadRequest(sql: Sql, buyer: BuyerPrincipal, id: string, opts: { lock?: boolean } = {}): Promise<RequestRow> {
  if (opts.lock) await sql.query('SELECT id FROM approval_requests WHERE id = $1 AND company_id = $2 FOR UPDATE', [id, buyer.companyId]);
  const { rows } = await sql.query<RequestRow>(`${SELECT} WHERE r.id = $1 AND r.company_id = $2`, [id, buyer.companyId]);
  const row = rows[0];
  if (!row || (buyer.role !== 'billing_admin' && row.requested_by_member_id !== buyer.memberId)) throw notFound('approval request', 'approvalRequestId');
  return row;
}

/** A request as rendered now, with its event. */
export async function recordStep(tx: Sql, ctx: RequestContext, id: string, type: 'approval_request.created' | 'approval_request.approved' | 'approval_request.rejected' | 'approval_request.canceled', at: Date): Promise<ApprovalRequest> {
  const { rows } = await tx.query<RequestRow>(`${SELECT} WHERE r.id = $1`, [id]);
  const request = toWire(rows[0]!, at);
  await recordEvent(tx, { type, companyId: request.companyId, mode: ctx.config.mode, object: request, at });
  return request;
}

/** The recomputed preview's difference from the requested one (now − requested). */
export function difference(now: ChangePreview, requested: ChangePreview): PreviewDifference {
  return {
    amountDueNow: now.amountDueNow - requested.amountDueNow,
    subtotal: now.subtotal - requested.subtotal,
    tax: now.tax - requested.tax,
    creditCreated: now.creditCreated - requested.creditCreated,
    nextInvoiceTotal: now.nextInvoice.total - requested.nextInvoice.total,
  };
}

/** 409 unless the request still waits for a decision. */
export function requirePending(row: RequestRow, now: Date): void {
  const status = statusAt(row, now);
  if (status === 'expired') throw conflict('request_expired', 'This request has expired; the requester can submit it again.');
  if (status !== 'pending') throw conflict('request_decided', `This request is already ${status}.`);
}


/** 400 unless the preview approved is the one just shown: computed at most 15 minutes before `now`. */
export function requireFreshPreview(shownAt: Date, now: Date): void {
  if (shownAt.getTime() > now.getTime() || now.getTime() - shownAt.getTime() > MAX_PREVIEW_AGE_MS) {
    throw invalidRequest('preview_stale', 'The preview approved must be the one just shown (at most 15 minutes old); reload the request.', 'prorationDate');
  }
}
