/** Invoices: the list, the CSV export, one invoice as JSON or PDF, paying an open one, credit notes, and the merchant's write-offs (void, mark uncollectible), recorded payments and credit notes. */
import { acceptedLocales, type CatalogTexts } from '@subkit/core';
import { requireBuyer } from '../../auth/authenticate.js';
import { invoicesCsv } from '../../engine/csv.js';
import { listCreditNotes } from '../../engine/credit-notes.js';
import { issueCreditNote } from '../../engine/issue-credit-note.js';
import { allInvoices, listInvoices, loadInvoice, renderInvoice } from '../../engine/invoices.js';
import { payInvoice } from '../../engine/payment-methods.js';
import { recordInvoicePayment } from '../../engine/record-payment.js';
import { markInvoiceUncollectible, voidInvoice } from '../../engine/void-invoice.js';
import { loadCompany } from '../../engine/subscriptions.js';
import { renderInvoicePdf } from '../../pdf/invoice-pdf.js';
import { choosePdfLocale } from '../../pdf/strings.js';
import type { NameLookup } from '../../pdf/line-label.js';
import { readCatalogTexts } from '../platform/catalog-texts.js';
import type { Handlers } from '../types.js';

/** The merchant's plan and item names in the catalog texts of a PDF's language, where it has them. */
function namesIn(texts: CatalogTexts): NameLookup {
  return {
    plan: (planId, fallback) => (planId ? texts.plans[planId]?.name : undefined) ?? fallback,
    item: (s) => (s.type === 'addon' ? texts.addOns[s.itemId]?.name : s.planId ? texts.plans[s.planId]?.items?.[s.itemId]?.description : undefined) ?? s.name,
  };
}

/** The billing engine's invoices handlers. */
export const invoiceHandlers = {
  listInvoices: (ctx, { query }) => listInvoices(ctx.db, requireBuyer(ctx.principal).companyId, query),

  exportInvoicesCsv: async (ctx, { query }) => {
    const rows = await allInvoices(ctx.db, requireBuyer(ctx.principal).companyId, query);
    return { kind: 'file', contentType: 'text/csv', filename: 'invoices.csv', body: invoicesCsv(rows) };
  },

  getInvoice: async (ctx, { params }) => renderInvoice(ctx.db, await loadInvoice(ctx.db, requireBuyer(ctx.principal).companyId, params.invoiceId)),

  getInvoicePdf: async (ctx, { params, query }) => {
    const companyId = requireBuyer(ctx.principal).companyId;
    const invoice = await renderInvoice(ctx.db, await loadInvoice(ctx.db, companyId, params.invoiceId));
    const company = await loadCompany(ctx.db, companyId);
    // The buyer's language where a PDF can print it (?locale=, else Accept-Language), else the merchant's.
    const wanted = query.locale ? [query.locale] : acceptedLocales(ctx.acceptLanguage);
    const { locale } = choosePdfLocale(wanted, ctx.config.defaultLocale ?? 'en');
    const body = await renderInvoicePdf(invoice, {
      locale,
      merchantName: ctx.config.merchantName,
      seller: ctx.config.seller ?? null,
      billTo: { name: company.name, email: company.billing_email, taxId: company.tax_id, address: company.billing_address },
      now: ctx.now(),
      // Plans and items as the catalog names them in that language: the Chinese PDF said "Starter — Seats".
      names: namesIn(await readCatalogTexts(ctx.db, locale)),
    });
    return { kind: 'file', contentType: 'application/pdf', filename: `${invoice.number}.pdf`, body, language: locale };
  },

  payInvoice: (ctx, { params, body }) => payInvoice(ctx, requireBuyer(ctx.principal).companyId, params.invoiceId, body.paymentMethodId),

  listCreditNotes: (ctx, { query }) => listCreditNotes(ctx.db, requireBuyer(ctx.principal).companyId, query),

  // The merchant's (secret key): any company's invoice.
  listCompanyInvoices: async (ctx, { params, query }) => {
    await loadCompany(ctx.db, params.companyId);
    return listInvoices(ctx.db, params.companyId, query);
  },
  voidInvoice: (ctx, { params }) => voidInvoice(ctx, params.invoiceId),
  markInvoiceUncollectible: (ctx, { params }) => markInvoiceUncollectible(ctx, params.invoiceId),
  recordInvoicePayment: (ctx, { params, body }) => recordInvoicePayment(ctx, params.invoiceId, body),
  createCreditNote: (ctx, { params, body }) => issueCreditNote(ctx, params.invoiceId, body),
} satisfies Partial<Handlers>;
