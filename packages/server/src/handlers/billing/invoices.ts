/** Invoices: the list, the CSV export, one invoice as JSON or PDF, paying an open one, and credit notes. */
import { requireBuyer } from '../../auth/authenticate.js';
import { invoicesCsv } from '../../engine/csv.js';
import { allInvoices, listCreditNotes, listInvoices, loadInvoice, renderInvoice } from '../../engine/invoices.js';
import { payInvoice } from '../../engine/payment-methods.js';
import { loadCompany } from '../../engine/subscriptions.js';
import { renderInvoicePdf } from '../../pdf/invoice-pdf.js';
import type { Handlers } from '../types.js';

/** The billing engine's invoices handlers. */
export const invoiceHandlers = {
  listInvoices: (ctx, { query }) => listInvoices(ctx.db, requireBuyer(ctx.principal).companyId, query),

  exportInvoicesCsv: async (ctx, { query }) => {
    const rows = await allInvoices(ctx.db, requireBuyer(ctx.principal).companyId, query);
    return { kind: 'file', contentType: 'text/csv', filename: 'invoices.csv', body: invoicesCsv(rows) };
  },

  getInvoice: async (ctx, { params }) => renderInvoice(ctx.db, await loadInvoice(ctx.db, requireBuyer(ctx.principal).companyId, params.invoiceId)),

  getInvoicePdf: async (ctx, { params }) => {
    const companyId = requireBuyer(ctx.principal).companyId;
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

  payInvoice: (ctx, { params, body }) => payInvoice(ctx, requireBuyer(ctx.principal).companyId, params.invoiceId, body.paymentMethodId),

  listCreditNotes: (ctx, { query }) => listCreditNotes(ctx.db, requireBuyer(ctx.principal).companyId, query),
} satisfies Partial<Handlers>;
