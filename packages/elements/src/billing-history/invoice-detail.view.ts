// The invoice dialog's templates and styles, and paying from it: a chunk of their own, fetched when a buyer
// first opens an invoice (`InvoiceDetail`), so the list alone loads without them.
export { detailDialog } from './invoice-detail.templates.js';
export { invoiceDetailStyles as styles } from './invoice-detail.styles.js';
