import type { CreditNote } from '@subkit/core/schemas';
import { exportInvoicesCsv, getInvoicePdf, listCreditNotes } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import type { InvoiceFilters } from './invoices.js';
import { defineStore } from './store.js';

/**
 * An invoice's documents: its PDF and credit notes, and the invoice list as CSV. Apart from `invoicesStore`
 * so that a widget showing the list does not bundle them until a buyer asks for one.
 */
export interface InvoiceDocuments {
  /** The credit notes of an invoice. */
  creditNotes(invoiceId: string, signal?: AbortSignal): Promise<Result<CreditNote[]>>;
  /** An invoice as a PDF. */
  pdf(invoiceId: string): Promise<Result<Blob>>;
  /** The invoices matching `filters` as CSV. */
  exportCsv(filters: Omit<InvoiceFilters, 'limit'>): Promise<Result<Blob>>;
}

/** The invoice documents of a client. */
export const invoiceDocuments = defineStore<InvoiceDocuments>('invoice-documents', (client) => ({
  async creditNotes(invoiceId, signal) {
    const result = await client.send(listCreditNotes, { query: { invoiceId }, signal });
    return result.ok ? ok(result.data.data) : result;
  },
  pdf: (invoiceId) => client.send(getInvoicePdf, { params: { invoiceId } }),
  exportCsv: (filters) => client.send(exportInvoicesCsv, { query: filters }),
}));
