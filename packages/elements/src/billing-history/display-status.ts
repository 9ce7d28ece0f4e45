import type { InvoicePurpose, InvoiceStatus, InvoiceSummary } from '@subkit/core';
import type { InvoicePurposeStrings } from '../locales/en/invoice-purposes.js';

/** The status a buyer sees: the invoice's own, or `overdue` for an open invoice past its due date. */
export type DisplayStatus = InvoiceStatus | 'overdue';

/** The status a buyer sees for an invoice at `now` (ms): overdue once the engine marked it so, or past its due date. */
export function displayStatus(invoice: Pick<InvoiceSummary, 'status' | 'dueAt' | 'overdueAt'>, now: number): DisplayStatus {
  if (invoice.status !== 'open') return invoice.status;
  // The engine's clock decides (a test clock runs ahead of the browser's); the due date covers older answers.
  return invoice.overdueAt || (invoice.dueAt !== null && Date.parse(invoice.dueAt) < now) ? 'overdue' : 'open';
}

/**
 * What an invoice is for ("Renewal", "Change of seats"), or null when the server does not say. Here rather than
 * with the line texts (templates/line-text.ts): the list shows it, and need not bring the lines' code with it.
 */
export function purposeLabel(purpose: InvoicePurpose | undefined, s: InvoicePurposeStrings): string | null {
  return purpose ? s[`purpose_${purpose}`] : null;
}
