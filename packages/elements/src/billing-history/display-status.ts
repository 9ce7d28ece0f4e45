import type { InvoiceStatus, InvoiceSummary } from '@subkit/core';

/** The status a buyer sees: the invoice's own, or `overdue` for an open invoice past its due date. */
export type DisplayStatus = InvoiceStatus | 'overdue';

/** The status a buyer sees for an invoice at `now` (ms): overdue once the engine marked it so, or past its due date. */
export function displayStatus(invoice: Pick<InvoiceSummary, 'status' | 'dueAt' | 'overdueAt'>, now: number): DisplayStatus {
  if (invoice.status !== 'open') return invoice.status;
  // The engine's clock decides (a test clock runs ahead of the browser's); the due date covers older answers.
  return invoice.overdueAt || (invoice.dueAt !== null && Date.parse(invoice.dueAt) < now) ? 'overdue' : 'open';
}
