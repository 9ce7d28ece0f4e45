import { invoicePurposes } from './invoice-purposes.js';

/**
 * English words for what the server bills, rendered from its structured data (core's `LineText`,
 * `InvoicePurpose`, `TaxLine`): line texts, what an invoice is for, tax names and rates. Spread into the
 * tables of the widgets that show invoice lines (checkout, manager, history).
 */
export const lineTexts = {
  text_subject: '{plan} — {item}',
  text_quantity: '{subject} × {quantity}',
  text_trial: 'Free trial — {subject}',
  text_usage: '{subject}: usage',
  text_usageIncluded: '{subject}: usage ({included} included)',
  text_unusedTime: 'Unused time on {subject}',
  text_remainingTime: 'Remaining time on {subject}',
  ...invoicePurposes,
  taxName_vat: 'VAT',
  taxName_sales_tax: 'Sales tax',
  taxName_gst: 'GST',
  taxRate: '{name} {rate}',
  taxRateIncluded: '{name} {rate} (included)',
  taxReverseCharge: 'Reverse charge: your company accounts for the VAT.',
  taxNotSubject: 'Not subject to VAT: supplied outside the EU.',
};

/** The keys of the line-text strings. */
export type LineTextStrings = typeof lineTexts;
