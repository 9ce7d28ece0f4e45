/** Invoice CSV export: RFC 4180 quoting, decimal amounts, and cells that spreadsheets will not run as formulas. */
import { toDecimalString } from '@subkit/core';
import type { InvoiceRow } from './rows.js';
import { iso, isoOrNull } from './rows.js';

/**
 * Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; without one a name like "Müller"
 * or "北京" opens garbled. Every CSV document starts with it.
 */
export const CSV_BOM = '\uFEFF';

// What a spreadsheet runs as a formula (OWASP "CSV injection"): a cell starting with = + - @ (after spaces), or
// with a tab or CR. And the same inside a value where another reading starts a field: after a `;` (Excel's
// separator in German, French, … locales, which ignores quotes that do not open its field), a tab, or a line break.
const FORMULA_START = /^(?:\s*[=+\-@]|[\t\r])/;
const FORMULA_AFTER_SEPARATOR = /([;\t\r\n][\s"]*)(?=[=+\-@])/g;

/**
 * One CSV cell. Text a spreadsheet would run as a formula gets a `'` in front of it (OWASP's advice), where
 * the cell starts and after a separator of another reading (see above); then RFC 4180 quoting where needed.
 * Numbers are the engine's own and written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string') {
    text = text.replace(FORMULA_AFTER_SEPARATOR, "$1'");
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line from cells, CRLF-terminated as RFC 4180 asks. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const HEADER = [
  'number', 'id', 'status', 'issued_at', 'due_at', 'paid_at', 'period_start', 'period_end', 'currency',
  'subtotal', 'discount', 'tax', 'total', 'credit_applied', 'amount_due', 'amount_paid', 'po_number', 'subscription_id', 'billing_reason',
] as const;

/** Invoices as CSV with a header row; amounts are plain decimals in major units (e.g. `1234.50`). */
export function invoicesCsv(rows: readonly InvoiceRow[]): string {
  let out = CSV_BOM + csvLine(HEADER);
  for (const r of rows) {
    // Amounts are decimals computed by us, never buyer text: a negative one stays a number, not a formula.
    const money = (amount: number) => toDecimalString(amount, r.currency);
    out += [
      csvCell(r.number), csvCell(r.id), csvCell(r.status), csvCell(iso(r.issued_at)), csvCell(isoOrNull(r.due_at)), csvCell(isoOrNull(r.paid_at)),
      csvCell(iso(r.period_start)), csvCell(iso(r.period_end)), csvCell(r.currency),
      money(r.subtotal), money(r.discount_total), money(r.tax), money(r.total), money(r.credit_applied), money(r.amount_due), money(r.amount_paid),
      csvCell(r.po_number), csvCell(r.subscription_id), csvCell(r.billing_reason),
    ].join(',') + '\r\n';
  }
  return out;
}
