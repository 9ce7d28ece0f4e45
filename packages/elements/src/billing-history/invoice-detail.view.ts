// The invoice dialog's templates and styles, paying from it, and what the PDF and export buttons send: a chunk of
// their own, fetched on idle once the list shows (`InvoiceDetail.prepare`) or when a buyer first opens an invoice or
// asks for a file, so the list alone loads without them.
export { detailDialog } from './invoice-detail.templates.js';
export { invoiceDetailStyles as styles } from './invoice-detail.styles.js';
export { creditNotes, downloadPdf, exportCsv } from './invoice-files.js';
export { default as detailStrings } from '../locales/en/billing-history-detail.js';
