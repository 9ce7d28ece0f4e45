/**
 * New purchases under the company's purchasing policy (issue #17): a checkout outside the company's
 * allowed plans is refused; one whose amount due now or yearly price passes the threshold for the
 * buyer's role — or any purchase, for a role that needs approval where no threshold is set — answers 403
 * `approval_required` with the check and the limit, and the member submits it as a request of kind
 * `purchase` (`POST /v1/purchase-requests`). The request shows its first invoice as a change preview
 * (from nothing to version 1 of a subscription whose id it names), so it is listed, shown and decided
 * with the change requests; approving it buys exactly that (purchase-approve.ts).
 */
import { formatMoney } from '@subkit/core';
import type { ApprovalRequest, ChangePreview, CheckoutPreview, CheckoutPreviewRequest, PurchaseApprovalCheck, PurchaseDetails, PurchaseRequestCreate, Role } from '@subkit/core';
import type { BuyerPrincipal, RequestContext } from '../../context.js';
import type { Sql } from '../../db/types.js';
import { ApiError, conflict, invalidRequest } from '../../errors.js';
import { renderCheckoutPreview, resolveOrder, type Order } from '../../engine/checkout.js';
import { defaultPaymentMethod } from '../../engine/payments.js';
import type { CompanyRow, PaymentMethodRow } from '../../engine/rows.js';
import { newId } from '../../ids.js';
import { annualAmount, approvalCheck, checkAllowedPlan, loadPurchasingPolicy } from './policy.js';
import { recordStep, type RequestRow } from './request-rows.js';

/** A purchase checked against the company's policy: its order, its summary, and whether `role` needs approval. */
export interface GovernedPurchase {
  readonly order: Order;
  readonly preview: CheckoutPreview;
  readonly approval: PurchaseApprovalCheck;
}

/** The checkout request of a purchase, without its payment (a preview's). */
export function checkoutRequestOf(purchase: PurchaseDetails): CheckoutPreviewRequest {
  const { paymentMethod: _method, invoiceEmail: _email, ...order } = purchase;
  return order;
}

/**
 * Resolves a purchase as checkout does and weighs it against the company's purchasing policy: a plan
 * outside its allowed plans is a 403 `plan_not_allowed`; the amount due now and the yearly price (before
 * tax, what the purchase adds per year) are compared with the threshold of its currency for `role`.
 */
export async function governPurchase(ctx: RequestContext, tx: Sql, companyId: string, role: Role, req: CheckoutPreviewRequest): Promise<GovernedPurchase> {
  const policy = await loadPurchasingPolicy(tx, companyId);
  checkAllowedPlan(policy, req.planId);
  const order = await resolveOrder(tx, ctx, companyId, req);
  const preview = renderCheckoutPreview(order, req);
  const check = approvalCheck(policy, role, req.currency, { amountDueNow: preview.amountDueToday, annualizedIncrease: annualAmount(order.items, req.recurring) });
  // The limits compared, for the buyer to read (none apply to a role that buys alone).
  const threshold = policy.rolesWithoutApproval.includes(role) ? null : (policy.thresholds.find((t) => t.currency === req.currency) ?? null);
  return { order, preview, approval: { ...check, threshold } };
}

/** 403 `approval_required` for a purchase, naming the limit it passes and carrying the check (`error.approval`). */
export function purchaseApprovalRequired(check: PurchaseApprovalCheck, currency: string, amountDueNow: number): ApiError {
  const m = (amount: number) => formatMoney(amount, currency, 'en');
  const limit = check.threshold;
  const why = check.reasons.map((reason) => {
    if (reason === 'amount_due_now' && limit?.amountDueNow != null) return `${m(amountDueNow)} due now is above your limit of ${m(limit.amountDueNow)}`;
    if (reason === 'annualized_increase' && limit?.annualizedIncrease != null) return `${m(check.annualizedIncrease)} a year is above your limit of ${m(limit.annualizedIncrease)}`;
    return `your role needs approval for purchases in ${currency}`;
  });
  return new ApiError(
    'permission_error',
    'approval_required',
    `Your company's purchasing policy asks a billing admin to approve this purchase (${why.join('; ')}). Submit it for approval instead.`,
    { approval: check },
  );
}

/** 400 unless the purchase can be paid as asked: the company's default card, or invoices the company may pay. */
export async function requirePaymentPossible(tx: Sql, company: CompanyRow, purchase: PurchaseDetails): Promise<PaymentMethodRow | null> {
  if (purchase.paymentMethod === 'invoice') {
    if (!company.invoice_allowed) throw invalidRequest('invoice_not_allowed', 'Your company cannot pay by invoice; choose the card.', 'paymentMethod');
    return null;
  }
  const card = await defaultPaymentMethod(tx, company.id);
  if (!card) throw invalidRequest('payment_method_required', 'Your company has no default card to charge when this is approved: a billing admin adds one, or choose invoice.', 'paymentMethod');
  return card;
}

/**
 * A purchase's first invoice as a change preview — from no subscription to version 1 of `subscriptionId`,
 * effective now, its lines as charges — so the approvals list shows a purchase as it shows a change.
 */
export function purchasePreview(preview: CheckoutPreview, subscriptionId: string, at: Date): ChangePreview {
  return {
    object: 'change_preview',
    subscriptionId,
    currency: preview.currency,
    prorationDate: at.toISOString(),
    prorationLines: preview.lines.map((line) => ({
      description: line.description,
      ...(line.text ? { text: line.text } : {}),
      quantity: line.quantity,
      kind: 'charge' as const,
      amount: line.amount,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
    })),
    subtotal: preview.subtotal,
    discountTotal: preview.discountTotal,
    taxLines: preview.taxLines,
    tax: preview.tax,
    amountDueNow: preview.amountDueToday,
    creditCreated: 0,
    nextInvoice: preview.nextInvoice,
    expectedVersion: 1,
    effective: 'now',
  };
}

/** A pending purchase request's preview as approving it now would buy (a billing admin needs no approval). */
export async function purchasePreviewNow(ctx: RequestContext, tx: Sql, row: RequestRow): Promise<ChangePreview> {
  const purchase = row.purchase!;
  const governed = await governPurchase(ctx, tx, row.company_id, 'billing_admin', checkoutRequestOf(purchase));
  await requirePaymentPossible(tx, governed.order.company, purchase);
  return purchasePreview(governed.preview, row.purchase_subscription_id!, ctx.now());
}

/** Submits a purchase for approval: checked and summarised as a checkout would be; 409 when it needs none. */
export async function createPurchaseRequest(ctx: RequestContext, buyer: BuyerPrincipal, body: PurchaseRequestCreate): Promise<ApprovalRequest> {
  const { poNumber, note, ...purchase } = body;
  return ctx.db.transaction(async (tx) => {
    const governed = await governPurchase(ctx, tx, buyer.companyId, buyer.role, checkoutRequestOf(purchase));
    if (!governed.approval.required) throw conflict('approval_not_required', 'Your role may make this purchase without approval; buy it directly.');
    const { order } = governed;
    if (order.promo && !order.promo.valid) throw invalidRequest('promo_code_invalid', order.promo.message, 'promoCode');
    await requirePaymentPossible(tx, order.company, purchase);
    const now = ctx.now();
    const policy = await loadPurchasingPolicy(tx, buyer.companyId);
    const id = newId('apr_');
    const subscriptionId = newId('sub_');
    const preview = { ...purchasePreview(governed.preview, subscriptionId, now), approval: governed.approval };
    const change = {
      expectedVersion: 1,
      planId: order.plan.id,
      recurring: purchase.recurring,
      quantity: order.quantity,
      ...(purchase.addOns?.length ? { addOns: purchase.addOns } : {}),
      effective: 'now' as const,
    };
    await tx.query(
      `INSERT INTO approval_requests (id, company_id, kind, purchase, purchase_subscription_id, status, change, plan_name, requested_preview, approval,
         po_number, note, requested_by_member_id, requested_by_role, expires_at, created_at)
       VALUES ($1, $2, 'purchase', $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id, buyer.companyId, JSON.stringify(purchase), subscriptionId, JSON.stringify(change), order.plan.name, JSON.stringify(preview),
        JSON.stringify(governed.approval), poNumber ?? null, note ?? null, buyer.memberId, buyer.role,
        new Date(now.getTime() + policy.requestTtlDays * 86_400_000), now,
      ],
    );
    return recordStep(tx, ctx, id, 'approval_request.created', now);
  });
}
