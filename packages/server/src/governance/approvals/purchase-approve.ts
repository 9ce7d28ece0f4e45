/**
 * Approving a purchase request buys exactly the purchase shown to the billing admin: checkout's own
 * order, placed at the instant the preview was computed (at most 15 minutes ago) under the subscription
 * id the request named, for the requester. By invoice: issued with net terms and the request's PO
 * number. By card: the company's default card, charged off-session after the order's transaction — paid,
 * the subscription starts; the bank wants authentication, the purchase stands with its invoice open
 * (`openReason: authentication_required`, paid on the page like a renewal) and the subscription
 * incomplete; declined, the order is discarded, the request waits again and the answer is the 402.
 */
import type { ApprovalDecision, ApprovalRequest, CheckoutRequest } from '@subkit/core';
import type { BuyerPrincipal, RequestContext } from '../../context.js';
import type { Sql } from '../../db/types.js';
import { ApiError, invalidRequest } from '../../errors.js';
import { issueAttempt, settleAttempt } from '../../engine/attempts.js';
import { placeOrder } from '../../engine/checkout.js';
import { declineError, paymentProcessor } from '../../engine/processor/index.js';
import { loadCompany } from '../../engine/subscriptions.js';
import { checkAllowedPlan, loadPurchasingPolicy } from './policy.js';
import { checkoutRequestOf, requirePaymentPossible } from './purchase.js';
import { loadRequest, recordStep, requireFreshPreview, requirePending, type RequestRow } from './request-rows.js';

/** The checkout a purchase request places when approved: its order, paid as it asked, with its PO number. */
async function checkoutOf(tx: Sql, row: RequestRow): Promise<CheckoutRequest> {
  const purchase = row.purchase!;
  checkAllowedPlan(await loadPurchasingPolicy(tx, row.company_id), purchase.planId);
  const card = await requirePaymentPossible(tx, await loadCompany(tx, row.company_id), purchase);
  const payment: CheckoutRequest['payment'] = card
    ? { method: 'card', paymentMethodId: card.id }
    : { method: 'invoice', ...(row.po_number ? { poNumber: row.po_number } : {}), ...(purchase.invoiceEmail ? { invoiceEmail: purchase.invoiceEmail } : {}) };
  return { ...checkoutRequestOf(purchase), payment };
}

/** Puts a request back to pending (its order was discarded with a declined charge). */
async function reopen(tx: Sql, id: string): Promise<void> {
  await tx.query(
    `UPDATE approval_requests SET status = 'pending', decided_by_member_id = NULL, decided_by_role = NULL, decision_comment = NULL,
       invoice_id = NULL, decided_at = NULL WHERE id = $1`,
    [id],
  );
}

/** Approves a purchase request (see the module comment). */
export async function approvePurchase(ctx: RequestContext, buyer: BuyerPrincipal, id: string, body: ApprovalDecision): Promise<ApprovalRequest> {
  const now = ctx.now();
  const shownAt = new Date(body.prorationDate);
  const atShown: RequestContext = { ...ctx, now: () => shownAt };
  const processor = paymentProcessor(ctx.db, ctx.config);
  const placed = await ctx.db.transaction(async (tx) => {
    const row = await loadRequest(tx, buyer, id, { lock: true });
    requireFreshPreview(shownAt, now);
    requirePending(row, now);
    if (body.expectedVersion !== 1) {
      throw invalidRequest('parameter_invalid', "A purchase creates version 1 of its subscription: send the current preview's expectedVersion (1).", 'expectedVersion');
    }
    const req = await checkoutOf(tx, row);
    const order = await placeOrder(tx, atShown, { companyId: row.company_id, memberId: row.requested_by_member_id }, req, processor.name, null, {
      subscriptionId: row.purchase_subscription_id!,
      offSession: true,
      poNumber: row.po_number,
    });
    // A subscription a declined charge may still discard is linked once the charge is settled.
    await tx.query(
      `UPDATE approval_requests SET status = 'approved', decided_by_member_id = $2, decided_by_role = $3, decision_comment = $4,
         subscription_id = $5, invoice_id = $6, decided_at = $7 WHERE id = $1`,
      [id, buyer.memberId, buyer.role, body.comment ?? null, order.charge ? null : order.subscriptionId, order.invoiceId, now],
    );
    // The answer is this transaction's value unless a charge follows (idempotency/index.ts stores it with the effect).
    return order.charge ? { charge: order.charge } : recordStep(tx, ctx, id, 'approval_request.approved', now);
  });
  if (!('charge' in placed)) return placed;

  const { payment, paymentMethod } = placed.charge;
  const result = await issueAttempt(processor, payment, paymentMethod);
  if (!result) {
    throw new ApiError('api_error', 'processor_unavailable', 'The payment processor did not answer. The purchase is approved; its payment completes once the processor answers.', {
      status: 503,
    });
  }
  const answer = await ctx.db.transaction(async (tx): Promise<ApprovalRequest | ApiError> => {
    const settled = await settleAttempt(tx, { payment, result, at: ctx.now(), mode: ctx.config.mode, policy: ctx.config.prorationPolicy });
    // Whoever recorded the answer (this request or Stripe's webhook), a declined order is gone with its invoice.
    if (!settled.invoice && result.status === 'failed') {
      await reopen(tx, id);
      return declineError(result);
    }
    await tx.query('UPDATE approval_requests SET subscription_id = purchase_subscription_id WHERE id = $1', [id]);
    return recordStep(tx, ctx, id, 'approval_request.approved', now);
  });
  if (answer instanceof ApiError) throw answer;
  return answer;
}
