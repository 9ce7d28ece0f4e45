import { common } from './common.js';
import { invoicePurposes } from './invoice-purposes.js';
import type { HistoryDetailStrings } from './billing-history-detail.js';

/**
 * English strings of `<subkit-billing-history>` that its list needs; `{name}` placeholders are filled in by the widget.
 * Those only the invoice dialog reads are in `billing-history-detail.ts`, fetched with the dialog.
 */
const billingHistory = {
  ...common,
  ...invoicePurposes,
  title: 'Billing history',
  loading: 'Loading invoices…',
  loadError: 'The invoices could not be loaded.',
  empty: 'No invoices yet.',
  emptyFiltered: 'No invoices match these filters.',
  signedOut: 'Sign in to see your invoices.',
  filters: 'Filter invoices',
  status: 'Status',
  statusAll: 'All statuses',
  status_draft: 'Draft',
  status_open: 'Open',
  status_paid: 'Paid',
  status_overdue: 'Overdue',
  status_void: 'Void',
  status_uncollectible: 'Uncollectible',
  credited: 'Credited',
  from: 'Issued from',
  to: 'Issued to',
  rangeInvalid: 'The start date is after the end date.',
  clearFilters: 'Clear filters',
  exportCsv: 'Export CSV',
  exporting: 'Exporting…',
  exported: '{filename} downloaded.',
  exportError: 'The export could not be made.',
  tableCaption: 'Invoices',
  colNumber: 'Invoice',
  colIssued: 'Issued',
  colPeriod: 'Period',
  colPo: 'PO number',
  colAmount: 'Amount',
  colStatus: 'Status',
  colActions: 'Actions',
  noPo: 'No PO number',
  downloadPdf: 'PDF',
  downloadPdfLabel: 'Download {number} as PDF',
  downloaded: '{filename} downloaded.',
  downloadError: 'The PDF could not be downloaded.',
  pay: 'Pay',
  payLabel: 'Pay {number}',
  shown_one: '{count} invoice',
  shown_other: '{count} invoices',
  shownMore_one: '{count} invoice shown, more available',
  shownMore_other: '{count} invoices shown, more available',
  loadMore: 'Load more',
  loadingMore: 'Loading more invoices…',
  loadMoreError: 'More invoices could not be loaded.',
  viewerNote: 'Your role can see invoices but not pay them. Ask a purchaser or a billing admin of your company.',
  detailError: 'The invoice could not be loaded.',
};

/** The strings the list reads (English ships with the widget; every locale's table has these keys). */
export type HistoryListStrings = typeof billingHistory;
/** The strings of `<subkit-billing-history>`: every locale's table has exactly these keys. */
export type BillingHistoryStrings = HistoryListStrings & HistoryDetailStrings;
export default billingHistory;
