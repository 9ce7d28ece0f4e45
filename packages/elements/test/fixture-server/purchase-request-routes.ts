import { HttpResponse, http, type HttpHandler } from 'msw';
import { CheckoutPreviewRequest, PurchaseRequestCreate, type ApprovalRequest, type Catalog, type CheckoutPreview, type PurchaseApprovalCheck } from '@subkit/core';
import { previewFor } from '../fixtures/index.js';

/** A purchasing policy's answer (issue #17): a billing admin approves purchases over $50.00 due today. */
export const OVER_LIMIT: PurchaseApprovalCheck = { required: true, reasons: ['amount_due_now'], annualizedIncrease: 94_812, threshold: { currency: 'USD', amountDueNow: 5_000, annualizedIncrease: null } };
/** A policy's answer as a server computes it: the order's yearly price (monthly, before tax) above a $1,000.00 limit. */
export const overYearlyLimit = (preview: CheckoutPreview): PurchaseApprovalCheck => ({
  required: true, reasons: ['annualized_increase'], annualizedIncrease: preview.subtotal * 12, threshold: { currency: 'USD', amountDueNow: null, annualizedIncrease: 100_000 },
});

/** When the purchase requests these routes answer expire. */
export const REQUEST_EXPIRES = '2026-12-05T09:00:00.000Z';

/**
 * A checkout under a purchasing policy that asks a billing admin to approve the draft: every preview carries
 * `approval`, and `POST /v1/purchase-requests` answers a pending request of kind purchase (what was sent is
 * pushed to `sent`). For the checkout's tests and its stories.
 */
export function purchaseApprovalRoutes(
  catalog: () => Catalog,
  policy: PurchaseApprovalCheck | ((preview: CheckoutPreview) => PurchaseApprovalCheck) = OVER_LIMIT,
  sent: PurchaseRequestCreate[] = [],
): HttpHandler[] {
  const check = (preview: CheckoutPreview) => (typeof policy === 'function' ? policy(preview) : policy);
  return [
    http.post('*/v1/checkout/preview', async ({ request }) => {
      const preview = previewFor(CheckoutPreviewRequest.parse(await request.json()), catalog());
      return HttpResponse.json({ ...preview, approval: check(preview) });
    }),
    http.post('*/v1/purchase-requests', async ({ request }) => {
      const body = PurchaseRequestCreate.parse(await request.json());
      sent.push(body);
      const preview = previewFor(body, catalog());
      const approval = check(preview);
      const answer = {
        id: 'apr_1',
        object: 'approval_request',
        companyId: 'co_acme',
        status: 'pending',
        kind: 'purchase',
        subscriptionId: 'sub_requested',
        change: { expectedVersion: 1, planId: body.planId, recurring: body.recurring, quantity: body.quantity ?? 5, effective: 'now' },
        purchase: { paymentMethod: body.paymentMethod },
        planName: 'Team',
        requestedPreview: {
          object: 'change_preview', subscriptionId: 'sub_requested', currency: preview.currency, prorationDate: REQUEST_EXPIRES, prorationLines: [],
          subtotal: preview.subtotal, discountTotal: 0, tax: preview.tax, amountDueNow: preview.amountDueToday, creditCreated: 0,
          nextInvoice: preview.nextInvoice, expectedVersion: 1, effective: 'now', approval,
        },
        approval,
        poNumber: body.poNumber ?? null,
        note: body.note ?? null,
        requestedBy: { memberId: 'mem_purchaser', name: 'Jonas Becker', role: 'purchaser' },
        decidedBy: null, decisionComment: null, invoiceId: null, expiresAt: REQUEST_EXPIRES, decidedAt: null, createdAt: REQUEST_EXPIRES,
      } satisfies ApprovalRequest;
      return HttpResponse.json(answer);
    }),
  ];
}
