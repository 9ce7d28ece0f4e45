import type { InvoiceStatus, InvoiceSummary } from '@subkit/core';

/** The status a buyer sees: the invoice's own, or `overdue` for an open invoice past its due date. */
export type DisplayStatus = InvoiceStatus | 'overdue';

/** The status a buyer sees for an invoice at `now` (ms). */
export function displayStatus(invoice: Pick<InvoiceSummary, 'status' | 'dueAt'>, now: number): DisplayStatus {
  return invoice.status === 'open' && invoice.dueAt !== null && Date.parse(invoice.dueAt) < now ? 'overdue' : invoice.status;
}
