// What the history's PDF and export buttons send, and the credit notes the invoice dialog shows: fetched with the
// invoice dialog's code (invoice-detail.view), so the list alone loads without them.
import type { InvoiceSummary } from '@subkit/core';
import { invoiceDocuments, ok, type InvoiceFilters, type Result, type SubkitConnection } from '@subkit/client';
import { saveFile } from '../internal/save-file.js';
import { ExportCompletedEvent, InvoiceDownloadedEvent } from '../events/billing-history.js';

/** Downloads an invoice's PDF, named after the invoice: the event to tell the page once the widget has announced it. */
export async function downloadPdf(client: SubkitConnection, root: ShadowRoot, summary: Pick<InvoiceSummary, 'id' | 'number'>): Promise<Result<InvoiceDownloadedEvent>> {
  const result = await invoiceDocuments(client).pdf(summary.id);
  if (!result.ok) return result;
  const filename = `${summary.number}.pdf`;
  saveFile(result.data, filename, root);
  return ok(new InvoiceDownloadedEvent({ invoiceId: summary.id, number: summary.number, filename }));
}

/** Exports the invoices matching `filters` as CSV, named after them: the event to tell the page once the widget has announced it. */
export async function exportCsv(client: SubkitConnection, root: ShadowRoot, filters: Omit<InvoiceFilters, 'limit'>): Promise<Result<ExportCompletedEvent>> {
  const result = await invoiceDocuments(client).exportCsv(filters);
  if (!result.ok) return result;
  const filename = ['invoices', filters.status, filters.from && `from-${filters.from}`, filters.to && `to-${filters.to}`].filter(Boolean).join('-') + '.csv';
  saveFile(result.data, filename, root);
  return ok(new ExportCompletedEvent({ format: 'csv', filename, filters, bytes: result.data.size }));
}

/** The credit notes of an invoice. */
export const creditNotes = (client: SubkitConnection, invoiceId: string, signal: AbortSignal) => invoiceDocuments(client).creditNotes(invoiceId, signal);
