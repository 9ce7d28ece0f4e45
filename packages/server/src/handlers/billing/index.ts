/**
 * The billing engine's handlers: checkout, subscriptions and their lifecycle, invoices (JSON, PDF,
 * CSV), payments, payment methods and usage. The router has already authenticated the caller,
 * checked the role's permission and validated the input; these check company scope and state.
 */
import type { BuyerPrincipal, RequestContext } from '../../context.js';
import { ApiError } from '../../errors.js';
import { changeSubscription, previewChange } from '../../engine/changes.js';
import { createCheckout, previewCheckout } from '../../engine/checkout.js';
import { invoicesCsv } from '../../engine/csv.js';
import { allInvoices, listCreditNotes, listInvoices, loadInvoice, renderInvoice } from '../../engine/invoices.js';
import {
  acceptRetentionOffer,
  cancelSubscription,
  listRetentionOffers,
  pauseSubscription,
  reactivateSubscription,
  resumeSubscription,
  skipNextPeriod,
} from '../../engine/lifecycle.js';
import { listPaymentMethods, payInvoice, removePaymentMethod, setDefaultPaymentMethod, setupPaymentMethod } from '../../engine/payment-methods.js';
import { confirmPayment } from '../../engine/payments.js';
import { listSubscriptions, loadCompany, loadSubscription, renderSubscription } from '../../engine/subscriptions.js';
import { getUsage, recordUsage } from '../../engine/usage.js';
import { renderInvoicePdf } from '../../pdf/invoice-pdf.js';
import type { Handlers } from '../types.js';

/** The buyer behind a session endpoint (the router only lets sessions reach these). */
function buyer(ctx: RequestContext): BuyerPrincipal {
  if (ctx.principal.kind !== 'session') {
    throw new ApiError('authentication_error', 'session_required', 'This endpoint needs a buyer session.');
  }
  return ctx.principal;
}

/** The billing engine's handlers (the local engine: subkit is the system of record). */
export const billingHandlers: Partial<Handlers> = {
  previewCheckout: (ctx, { body }) => previewCheckout(ctx, buyer(ctx).companyId, body),

  createCheckout: (ctx, { body }) => {
    const b = buyer(ctx);
    return createCheckout(ctx, { companyId: b.companyId, memberId: b.memberId }, body);
  },

  confirmPayment: (ctx, { params, body }) => confirmPayment(ctx, { companyId: buyer(ctx).companyId, paymentId: params.paymentId, outcome: body.outcome }),

  listSubscriptions: (ctx, { query }) => listSubscriptions(ctx.db, buyer(ctx).companyId, query),

  getSubscription: async (ctx, { params }) => renderSubscription(ctx.db, await loadSubscription(ctx.db, buyer(ctx).companyId, params.subscriptionId)),

  previewSubscriptionChange: (ctx, { params, body }) => previewChange(ctx, buyer(ctx).companyId, params.subscriptionId, body),

  changeSubscription: (ctx, { params, body }) => changeSubscription(ctx, buyer(ctx).companyId, params.subscriptionId, body),

  pauseSubscription: (ctx, { params, body }) => pauseSubscription(ctx, buyer(ctx).companyId, params.subscriptionId, body),

  resumeSubscription: (ctx, { params, body }) => resumeSubscription(ctx, buyer(ctx).companyId, params.subscriptionId, body.expectedVersion),

  skipSubscriptionPeriod: (ctx, { params, body }) => skipNextPeriod(ctx, buyer(ctx).companyId, params.subscriptionId, body.expectedVersion),

  cancelSubscription: (ctx, { params, body }) => cancelSubscription(ctx, buyer(ctx).companyId, params.subscriptionId, body),

  listRetentionOffers: (ctx, { params, query }) => listRetentionOffers(ctx, buyer(ctx).companyId, params.subscriptionId, query.reason),

  acceptRetentionOffer: (ctx, { params, body }) => acceptRetentionOffer(ctx, buyer(ctx).companyId, params.subscriptionId, body),

  reactivateSubscription: (ctx, { params, body }) => reactivateSubscription(ctx, buyer(ctx).companyId, params.subscriptionId, body.expectedVersion),

  getUsage: (ctx, { params }) => getUsage(ctx, buyer(ctx).companyId, params.subscriptionId),

  recordUsage: (ctx, { body }) => recordUsage(ctx, body),

  listInvoices: (ctx, { query }) => listInvoices(ctx.db, buyer(ctx).companyId, query),

  exportInvoicesCsv: async (ctx, { query }) => {
    const rows = await allInvoices(ctx.db, buyer(ctx).companyId, query);
    return { kind: 'file', contentType: 'text/csv', filename: 'invoices.csv', body: invoicesCsv(rows) };
  },

  getInvoice: async (ctx, { params }) => renderInvoice(ctx.db, await loadInvoice(ctx.db, buyer(ctx).companyId, params.invoiceId)),

  getInvoicePdf: async (ctx, { params }) => {
    const companyId = buyer(ctx).companyId;
    const invoice = await renderInvoice(ctx.db, await loadInvoice(ctx.db, companyId, params.invoiceId));
    const company = await loadCompany(ctx.db, companyId);
    const body = await renderInvoicePdf(invoice, ctx.config.merchantName, {
      name: company.name,
      email: company.billing_email,
      taxId: company.tax_id,
      address: company.billing_address,
    });
    return { kind: 'file', contentType: 'application/pdf', filename: `${invoice.number}.pdf`, body };
  },

  payInvoice: (ctx, { params, body }) => payInvoice(ctx, buyer(ctx).companyId, params.invoiceId, body.paymentMethodId),

  listCreditNotes: (ctx, { query }) => listCreditNotes(ctx.db, buyer(ctx).companyId, query),

  listPaymentMethods: (ctx) => listPaymentMethods(ctx, buyer(ctx).companyId),

  setupPaymentMethod: (ctx, { body }) => setupPaymentMethod(ctx, buyer(ctx).companyId, body),

  setDefaultPaymentMethod: (ctx, { params }) => setDefaultPaymentMethod(ctx, buyer(ctx).companyId, params.paymentMethodId),

  removePaymentMethod: (ctx, { params }) => removePaymentMethod(ctx, buyer(ctx).companyId, params.paymentMethodId),
};
