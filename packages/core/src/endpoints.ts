// Each buyer endpoint as its own export, so a browser bundle keeps the wire rules of the endpoints it
// calls and drops the rest: browser builds swap this module (and api.ts) for the compiled rules of
// build/compile-wire.ts, which export every endpoint by the same name. An endpoint a browser store
// calls is listed here; core's compile-wire test checks that the names match the table.
import { buyerEndpoints } from './api.js';

export const {
  getCatalog, getSession, previewCheckout, createCheckout, confirmPayment, listSubscriptions, getSubscription,
  previewSubscriptionChange, changeSubscription, pauseSubscription, resumeSubscription, skipSubscriptionPeriod,
  cancelSubscription, listRetentionOffers, acceptRetentionOffer, reactivateSubscription, getUsage, listInvoices,
  exportInvoicesCsv, getInvoice, getInvoicePdf, payInvoice, listCreditNotes, listPaymentMethods, setupPaymentMethod,
  setDefaultPaymentMethod, removePaymentMethod, listMembers, addMember, updateMember, removeMember, refundCreditNote,
  // B2B buying governance (issue #17).
  getPurchasingPolicy, updatePurchasingPolicy, listApprovalRequests, createApprovalRequest, getApprovalRequest,
  approveApprovalRequest, rejectApprovalRequest, cancelApprovalRequest, listAuditLog, exportAuditLogCsv, listQuotes, getQuote, acceptQuote, declineQuote,
  createPurchaseRequest,
} = buyerEndpoints;

// The one endpoint of the merchant's admin widgets (a merchant session with `metrics:read`).
export { metricsEndpoint as getMetrics } from './api.js';
