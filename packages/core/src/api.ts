import * as z from 'zod/mini';
import * as s from './schemas/index.js';
import type { Permission } from './schemas/company.js';
import type { MerchantScope } from './schemas/merchant-session.js';

/** Who may call an endpoint: anyone, a publishable key (or a session), a buyer session, the merchant's secret key. */
export type EndpointAuth = 'none' | 'publishable' | 'session' | 'secret';

/** One HTTP endpoint of the API: the single description server routes, client methods and OpenAPI come from. */
export interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Express-style path with `:name` parameters. */
  readonly path: string;
  readonly auth: EndpointAuth;
  /** Required permission for session calls. */
  readonly permission?: Permission;
  /** On a `secret` endpoint: a merchant session with this scope may call it too (the merchant's admin widgets). */
  readonly scope?: MerchantScope;
  readonly summary: string;
  readonly params?: z.ZodMiniObject;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  /** JSON response schema; absent for file downloads. */
  readonly response?: z.ZodMiniType;
  /** Content type of a non-JSON response. */
  readonly produces?: 'application/pdf' | 'text/csv';
}

const subscriptionParams = z.object({ subscriptionId: s.Id });
const invoiceParams = z.object({ invoiceId: s.Id });
const paymentMethodParams = z.object({ paymentMethodId: s.Id });
const memberParams = z.object({ memberId: s.Id });
const webhookEndpointParams = z.object({ endpointId: s.Id });
const approvalParams = z.object({ approvalRequestId: s.Id });
const planParams = z.object({ planId: s.Id });
const companyParams = z.object({ companyId: s.MerchantId });
const quoteParams = z.object({ quoteId: s.Id });

function endpoint<const E extends Endpoint>(e: E): E {
  return e;
}

/** The public and buyer-session API: what the browser client calls. */
export const buyerEndpoints = {
  getCatalog: endpoint({
    method: 'GET', path: '/v1/catalog', auth: 'publishable',
    summary: 'The catalog; with a session, the company contract prices. Texts in `locale` (else Accept-Language) where the merchant has them.',
    query: z.extend(s.LocaleQuery, { currency: z.optional(s.CurrencyCode) }), response: s.Catalog,
  }),
  getSession: endpoint({ method: 'GET', path: '/v1/session', auth: 'session', permission: 'catalog:read', summary: 'Who the buyer session is.', response: s.SessionInfo }),
  previewCheckout: endpoint({
    method: 'POST', path: '/v1/checkout/preview', auth: 'session', permission: 'checkout:create', summary: 'Order summary of a checkout.',
    body: s.CheckoutPreviewRequest, response: s.CheckoutPreview,
  }),
  createCheckout: endpoint({
    method: 'POST', path: '/v1/checkout', auth: 'session', permission: 'checkout:create', summary: 'Buy a plan by card or by invoice.',
    body: s.CheckoutRequest, response: s.CheckoutResult,
  }),
  confirmPayment: endpoint({
    method: 'POST', path: '/v1/payments/:paymentId/confirm', auth: 'session', permission: 'invoices:pay', summary: 'Complete a test-mode SCA challenge.',
    params: z.object({ paymentId: s.Id }), body: s.ConfirmPaymentRequest, response: s.PaymentResult,
  }),
  listSubscriptions: endpoint({
    method: 'GET', path: '/v1/subscriptions', auth: 'session', permission: 'subscriptions:read', summary: "The company's subscriptions.",
    query: z.extend(s.ListQuery, { status: z.optional(s.SubscriptionStatus) }), response: s.List(s.Subscription),
  }),
  getSubscription: endpoint({
    method: 'GET', path: '/v1/subscriptions/:subscriptionId', auth: 'session', permission: 'subscriptions:read', summary: 'One subscription.',
    params: subscriptionParams, response: s.Subscription,
  }),
  previewSubscriptionChange: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/change/preview', auth: 'session', permission: 'subscriptions:change',
    summary: 'Exact proration of a plan, seats, interval or add-on change.', params: subscriptionParams, body: s.SubscriptionChangeRequest, response: s.ChangePreview,
  }),
  changeSubscription: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/change', auth: 'session', permission: 'subscriptions:change',
    summary: 'Apply a change; a stale expectedVersion answers 409.', params: subscriptionParams, body: s.SubscriptionChangeRequest, response: s.SubscriptionChangeResult,
  }),
  pauseSubscription: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/pause', auth: 'session', permission: 'subscriptions:pause', summary: 'Pause, optionally until a date.',
    params: subscriptionParams, body: s.PauseRequest, response: s.Subscription,
  }),
  resumeSubscription: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/resume', auth: 'session', permission: 'subscriptions:pause', summary: 'Resume a paused subscription.',
    params: subscriptionParams, body: s.VersionGuardRequest, response: s.Subscription,
  }),
  skipSubscriptionPeriod: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/skip', auth: 'session', permission: 'subscriptions:pause', summary: 'Skip the next period.',
    params: subscriptionParams, body: s.SkipRequest, response: s.Subscription,
  }),
  cancelSubscription: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/cancel', auth: 'session', permission: 'subscriptions:cancel', summary: 'Cancel now or at period end.',
    params: subscriptionParams, body: s.CancelRequest, response: s.Subscription,
  }),
  listRetentionOffers: endpoint({
    method: 'GET', path: '/v1/subscriptions/:subscriptionId/retention-offers', auth: 'session', permission: 'subscriptions:cancel',
    summary: 'Offers to keep a buyer who is canceling.', params: subscriptionParams, query: s.RetentionOffersQuery, response: s.List(s.RetentionOffer),
  }),
  acceptRetentionOffer: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/retention-offers/accept', auth: 'session', permission: 'subscriptions:cancel',
    summary: 'Accept a retention offer instead of canceling.', params: subscriptionParams, body: s.AcceptOfferRequest, response: s.Subscription,
  }),
  reactivateSubscription: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/reactivate', auth: 'session', permission: 'subscriptions:cancel',
    summary: 'Undo a cancellation scheduled for the period end.', params: subscriptionParams, body: s.VersionGuardRequest, response: s.Subscription,
  }),
  getUsage: endpoint({
    method: 'GET', path: '/v1/subscriptions/:subscriptionId/usage', auth: 'session', permission: 'usage:read',
    summary: 'Usage so far this period and the projected bill.', params: subscriptionParams, response: s.UsageSummary,
  }),
  listInvoices: endpoint({
    method: 'GET', path: '/v1/invoices', auth: 'session', permission: 'invoices:read', summary: 'Invoices, newest first, cursor-paged.',
    query: s.InvoiceListQuery, response: s.List(s.InvoiceSummary),
  }),
  exportInvoicesCsv: endpoint({
    method: 'GET', path: '/v1/invoices/export.csv', auth: 'session', permission: 'invoices:read',
    summary: 'Every invoice matching the filters, as CSV (no paging: limit and cursor are refused).',
    query: s.InvoiceFilters, produces: 'text/csv',
  }),
  getInvoice: endpoint({
    method: 'GET', path: '/v1/invoices/:invoiceId', auth: 'session', permission: 'invoices:read', summary: 'One invoice with its lines.',
    params: invoiceParams, response: s.Invoice,
  }),
  getInvoicePdf: endpoint({
    method: 'GET', path: '/v1/invoices/:invoiceId/pdf', auth: 'session', permission: 'invoices:read',
    summary: 'The invoice as a PDF, in `locale` (else Accept-Language) where it can be printed, else in the merchant language.',
    params: invoiceParams, query: s.LocaleQuery, produces: 'application/pdf',
  }),
  payInvoice: endpoint({
    method: 'POST', path: '/v1/invoices/:invoiceId/pay', auth: 'session', permission: 'invoices:pay', summary: 'Pay an open (or uncollectible) invoice.',
    params: invoiceParams, body: s.PayInvoiceRequest, response: s.PaymentResult,
  }),
  listCreditNotes: endpoint({
    method: 'GET', path: '/v1/credit-notes', auth: 'session', permission: 'invoices:read', summary: 'Credit notes, newest first.',
    query: z.extend(s.ListQuery, { invoiceId: z.optional(s.Id) }), response: s.List(s.CreditNote),
  }),
  listPaymentMethods: endpoint({
    method: 'GET', path: '/v1/payment-methods', auth: 'session', permission: 'invoices:read', summary: "The company's saved payment methods.",
    response: s.List(s.PaymentMethod),
  }),
  setupPaymentMethod: endpoint({
    method: 'POST', path: '/v1/payment-methods', auth: 'session', permission: 'payment_methods:manage', summary: 'Save a payment method.',
    body: s.SetupPaymentMethodRequest, response: s.SetupPaymentMethodResult,
  }),
  setDefaultPaymentMethod: endpoint({
    method: 'POST', path: '/v1/payment-methods/:paymentMethodId/default', auth: 'session', permission: 'payment_methods:manage',
    summary: 'Make a payment method the default.', params: paymentMethodParams, response: s.PaymentMethod,
  }),
  removePaymentMethod: endpoint({
    method: 'DELETE', path: '/v1/payment-methods/:paymentMethodId', auth: 'session', permission: 'payment_methods:manage',
    summary: 'Remove a payment method.', params: paymentMethodParams, response: s.Deleted,
  }),
  listMembers: endpoint({
    method: 'GET', path: '/v1/members', auth: 'session', permission: 'members:manage', summary: "The company's members and roles.",
    response: s.List(s.Member),
  }),
  addMember: endpoint({
    method: 'POST', path: '/v1/members', auth: 'session', permission: 'members:manage', summary: 'Add a member.',
    body: s.MemberCreateRequest, response: s.Member,
  }),
  updateMember: endpoint({
    method: 'PATCH', path: '/v1/members/:memberId', auth: 'session', permission: 'members:manage', summary: "Change a member's role.",
    params: memberParams, body: s.MemberUpdateRequest, response: s.Member,
  }),
  removeMember: endpoint({
    method: 'DELETE', path: '/v1/members/:memberId', auth: 'session', permission: 'members:manage', summary: 'Remove a member.',
    params: memberParams, response: s.Deleted,
  }),
  refundCreditNote: endpoint({
    method: 'POST', path: '/v1/credit-notes/:creditNoteId/refund', auth: 'session', permission: 'payment_methods:manage',
    summary: "Refund a credit note to the card that paid its invoice instead of keeping it on the company's balance (when the merchant allows it).",
    params: z.object({ creditNoteId: s.Id }), body: s.RefundCreditNoteRequest, response: s.Refund,
  }),
  // B2B buying governance (issue #17): purchasing policy, approval requests, audit log.
  getPurchasingPolicy: endpoint({
    method: 'GET', path: '/v1/purchasing-policy', auth: 'session', permission: 'subscriptions:read',
    summary: "The company's purchasing policy: who needs approval above which amounts, which plans it may buy.", response: s.PurchasingPolicy,
  }),
  updatePurchasingPolicy: endpoint({
    method: 'POST', path: '/v1/purchasing-policy', auth: 'session', permission: 'approvals:manage',
    summary: "Set the company's purchasing policy (billing admin).", body: s.PurchasingPolicyUpdate, response: s.PurchasingPolicy,
  }),
  listApprovalRequests: endpoint({
    method: 'GET', path: '/v1/approval-requests', auth: 'session', permission: 'subscriptions:read',
    summary: 'Approval requests, newest first (a billing admin sees all of the company, others their own).', query: s.ApprovalRequestListQuery, response: s.List(s.ApprovalRequest),
  }),
  createApprovalRequest: endpoint({
    method: 'POST', path: '/v1/approval-requests', auth: 'session', permission: 'subscriptions:change',
    summary: 'Submit a change for approval instead of confirming it, with a PO number and a note.', body: s.ApprovalRequestCreate, response: s.ApprovalRequest,
  }),
  getApprovalRequest: endpoint({
    method: 'GET', path: '/v1/approval-requests/:approvalRequestId', auth: 'session', permission: 'subscriptions:read',
    summary: 'One request; while pending, with the preview recomputed now and its difference from the requested one. Its plan name in `locale` (else Accept-Language) where the merchant has texts, as the list.',
    params: approvalParams, query: s.LocaleQuery, response: s.ApprovalRequestDetail,
  }),
  approveApprovalRequest: endpoint({
    method: 'POST', path: '/v1/approval-requests/:approvalRequestId/approve', auth: 'session', permission: 'approvals:manage',
    summary: 'Approve: the engine applies exactly the preview shown (its prorationDate and version).', params: approvalParams, body: s.ApprovalDecision, response: s.ApprovalRequest,
  }),
  rejectApprovalRequest: endpoint({
    method: 'POST', path: '/v1/approval-requests/:approvalRequestId/reject', auth: 'session', permission: 'approvals:manage',
    summary: 'Reject with a comment.', params: approvalParams, body: s.ApprovalRejection, response: s.ApprovalRequest,
  }),
  cancelApprovalRequest: endpoint({
    method: 'POST', path: '/v1/approval-requests/:approvalRequestId/cancel', auth: 'session', permission: 'subscriptions:change',
    summary: 'Withdraw a pending request (its requester or a billing admin).', params: approvalParams, response: s.ApprovalRequest,
  }),
  listAuditLog: endpoint({
    method: 'GET', path: '/v1/audit-log', auth: 'session', permission: 'audit:read',
    summary: "Who changed what of the company and when, newest first.", query: s.AuditListQuery, response: s.List(s.AuditEntry),
  }),
  exportAuditLogCsv: endpoint({
    method: 'GET', path: '/v1/audit-log/export.csv', auth: 'session', permission: 'audit:read',
    summary: 'The audit log matching the filters, as CSV.', query: s.AuditFilters, produces: 'text/csv',
  }),
  listQuotes: endpoint({
    method: 'GET', path: '/v1/quotes', auth: 'session', permission: 'subscriptions:read', summary: "The company's quotes, newest first.",
    query: s.BuyerQuoteListQuery, response: s.List(s.Quote),
  }),
  getQuote: endpoint({
    method: 'GET', path: '/v1/quotes/:quoteId', auth: 'session', permission: 'subscriptions:read',
    summary: 'One quote; while open, with the exact first invoice accepting it issues. Its plan name and price items in `locale` (else Accept-Language) where the merchant has texts.',
    params: quoteParams, query: s.LocaleQuery, response: s.Quote,
  }),
  acceptQuote: endpoint({
    method: 'POST', path: '/v1/quotes/:quoteId/accept', auth: 'session', permission: 'approvals:manage',
    summary: 'Accept: creates the subscription with the contract prices and terms (answered as a checkout).', params: quoteParams, body: s.QuoteAcceptRequest, response: s.CheckoutResult,
  }),
  declineQuote: endpoint({
    method: 'POST', path: '/v1/quotes/:quoteId/decline', auth: 'session', permission: 'approvals:manage',
    summary: 'Decline a quote.', params: quoteParams, body: s.QuoteDeclineRequest, response: s.Quote,
  }),
  // Purchase requests (issue #17): a purchase the company's policy does not let the member make alone.
  createPurchaseRequest: endpoint({
    method: 'POST', path: '/v1/purchase-requests', auth: 'session', permission: 'checkout:create',
    summary: 'Submit a purchase for approval instead of buying it, with a PO number and a note (an approval request of kind purchase).',
    body: s.PurchaseRequestCreate, response: s.ApprovalRequest,
  }),
} as const satisfies Record<string, Endpoint>;

/**
 * `GET /v1/metrics`: also callable from a browser with a merchant session (`metrics:read`), so the
 * revenue dashboard imports this one entry, not the merchant table.
 */
export const metricsEndpoint = endpoint({
  method: 'GET', path: '/v1/metrics', auth: 'secret', scope: 'metrics:read',
  summary: 'MRR, ARR, ARPA, movements, churn, retention and cohorts at an instant, and webhook health.', query: s.MetricsQuery, response: s.Metrics,
});

/** Server-to-server API, called with the merchant's secret key. Never loaded by browsers. */
export const merchantEndpoints = {
  createSession: endpoint({
    method: 'POST', path: '/v1/sessions', auth: 'secret', summary: 'Mint a short-lived buyer session token.',
    body: s.SessionCreateRequest, response: s.SessionToken,
  }),
  revokeSession: endpoint({
    method: 'POST', path: '/v1/sessions/revoke', auth: 'secret', summary: 'Revoke a buyer session token.',
    body: z.object({ token: z.string() }), response: z.object({ object: z.literal('buyer_session'), revoked: z.literal(true) }),
  }),
  listCompanies: endpoint({ method: 'GET', path: '/v1/companies', auth: 'secret', summary: 'Companies.', query: s.ListQuery, response: s.List(s.Company) }),
  upsertCompany: endpoint({ method: 'POST', path: '/v1/companies', auth: 'secret', summary: 'Create or update a company.', body: s.CompanyUpsertRequest, response: s.Company }),
  getCompany: endpoint({
    method: 'GET', path: '/v1/companies/:companyId', auth: 'secret', summary: 'One company.', params: z.object({ companyId: s.MerchantId }), response: s.Company,
  }),
  addCompanyMember: endpoint({
    method: 'POST', path: '/v1/companies/:companyId/members', auth: 'secret', summary: 'Add a member to a company.',
    params: z.object({ companyId: s.MerchantId }), body: s.MemberCreateRequest, response: s.Member,
  }),
  createContractPrice: endpoint({
    method: 'POST', path: '/v1/contract-prices', auth: 'secret', summary: 'Set a negotiated price for one company.',
    body: z.omit(s.ContractPrice, { id: true, createdAt: true }), response: s.ContractPrice,
  }),
  voidInvoice: endpoint({
    method: 'POST', path: '/v1/invoices/:invoiceId/void', auth: 'secret',
    summary: "Void an open or uncollectible invoice: nothing is owed on it any more (an invoice issued in error, a settlement agreed elsewhere); final. Its dunning stops, the credit it took is given back, and a subscription it held past due or on hold is back in service unless another invoice holds it. 409 while a payment of it awaits the processor's answer, or for the invoice of a change already made.",
    params: invoiceParams, response: s.Invoice,
  }),
  markInvoiceUncollectible: endpoint({
    method: 'POST', path: '/v1/invoices/:invoiceId/mark_uncollectible', auth: 'secret',
    summary: "Mark an open invoice uncollectible: bad debt written off, the claim kept. Its dunning stops and a subscription it held past due or on hold is back in service unless another invoice holds it; the credit it took stays applied and what is left stays owed (`amountRemaining`): paid later, it becomes paid; it can still be voided. 409 while a payment of it awaits the processor's answer, for the first invoice of a subscription not started, or for the invoice a change still waits for.",
    params: invoiceParams, response: s.Invoice,
  }),
  listCompanyInvoices: endpoint({
    method: 'GET', path: '/v1/companies/:companyId/invoices', auth: 'secret',
    summary: "A company's invoices, newest first, cursor-paged, with the buyer's filters and `number` (the invoice number a bank transfer quotes, to reconcile it).",
    params: companyParams, query: s.CompanyInvoiceListQuery, response: s.List(s.InvoiceSummary),
  }),
  recordInvoicePayment: endpoint({
    method: 'POST', path: '/v1/invoices/:invoiceId/payments', auth: 'secret',
    summary: "Record that an open invoice was paid outside subkit (a bank transfer, a cheque): it is paid in full, its dunning stops, what it was for follows (a waiting change applies, a subscription past due or on hold is back in service unless another invoice holds it), and `payment.succeeded` carries the method and reference. `amount`, when sent, must be what remains. 409 while a card payment of it awaits the processor's answer.",
    params: invoiceParams, body: s.RecordInvoicePaymentRequest, response: s.Invoice,
  }),
  createCreditNote: endpoint({
    method: 'POST', path: '/v1/invoices/:invoiceId/credit-notes', auth: 'secret',
    summary: "Forgive part of an invoice with a credit note (a service credit, a pricing error, a duplicate line), also the invoice of a change already made. Open or uncollectible: the credit reduces what is owed (at most `amountRemaining`, else 400 `amount_too_large`); nothing left, the invoice is paid and what it was for follows (a waiting change applies, a subscription past due or on hold is back in service), without a payment. Paid: the credit goes to the company's balance (`creditTo: balance`, the default) or was paid back outside subkit (`out_of_band`); an invoice's credit notes never exceed its total. 409 for a void invoice or while a payment of it awaits the processor's answer.",
    params: invoiceParams, body: s.CreateCreditNoteRequest, response: s.CreditNote,
  }),
  recordUsage: endpoint({
    method: 'POST', path: '/v1/usage-records', auth: 'secret', summary: 'Report metered usage (idempotent).',
    body: s.UsageRecordRequest, response: s.UsageRecord,
  }),
  // Outbound webhooks and the event log (issue #14).
  createWebhookEndpoint: endpoint({
    method: 'POST', path: '/v1/webhook-endpoints', auth: 'secret', summary: 'Add a webhook endpoint; its signing secret is in this answer only.',
    body: s.WebhookEndpointCreateRequest, response: s.WebhookEndpoint,
  }),
  listWebhookEndpoints: endpoint({
    method: 'GET', path: '/v1/webhook-endpoints', auth: 'secret', summary: 'Webhook endpoints with their delivery health.',
    query: s.ListQuery, response: s.List(s.WebhookEndpoint),
  }),
  getWebhookEndpoint: endpoint({
    method: 'GET', path: '/v1/webhook-endpoints/:endpointId', auth: 'secret', summary: 'One webhook endpoint.',
    params: webhookEndpointParams, response: s.WebhookEndpoint,
  }),
  updateWebhookEndpoint: endpoint({
    method: 'PATCH', path: '/v1/webhook-endpoints/:endpointId', auth: 'secret', summary: 'Change URL, event types, description, or turn it on or off.',
    params: webhookEndpointParams, body: s.WebhookEndpointUpdateRequest, response: s.WebhookEndpoint,
  }),
  deleteWebhookEndpoint: endpoint({
    method: 'DELETE', path: '/v1/webhook-endpoints/:endpointId', auth: 'secret', summary: 'Remove a webhook endpoint (its delivery log stays).',
    params: webhookEndpointParams, response: s.Deleted,
  }),
  rotateWebhookEndpointSecret: endpoint({
    method: 'POST', path: '/v1/webhook-endpoints/:endpointId/rotate-secret', auth: 'secret',
    summary: 'A new signing secret (in this answer only); the old one keeps signing during the overlap.',
    params: webhookEndpointParams, body: s.WebhookSecretRotateRequest, response: s.WebhookEndpoint,
  }),
  redeliverToWebhookEndpoint: endpoint({
    method: 'POST', path: '/v1/webhook-endpoints/:endpointId/redeliver', auth: 'secret', summary: 'Send the endpoint every event since an instant again.',
    params: webhookEndpointParams, body: s.WebhookRedeliverRequest, response: s.RedeliveryResult,
  }),
  listWebhookDeliveries: endpoint({
    method: 'GET', path: '/v1/webhook-deliveries', auth: 'secret', summary: 'The delivery log: each event per endpoint with its attempts.',
    query: s.WebhookDeliveryListQuery, response: s.List(s.WebhookDelivery),
  }),
  listEvents: endpoint({
    method: 'GET', path: '/v1/events', auth: 'secret', summary: 'The event log, newest first.', query: s.EventListQuery, response: s.List(s.WebhookEvent),
  }),
  getEvent: endpoint({
    method: 'GET', path: '/v1/events/:eventId', auth: 'secret', summary: 'One event.', params: z.object({ eventId: s.Id }), response: s.WebhookEvent,
  }),
  redeliverEvent: endpoint({
    method: 'POST', path: '/v1/events/:eventId/redeliver', auth: 'secret', summary: 'Send one event again.',
    params: z.object({ eventId: s.Id }), body: s.EventRedeliverRequest, response: s.RedeliveryResult,
  }),
  // Merchant sessions and revenue metrics (issue #14).
  createMerchantSession: endpoint({
    method: 'POST', path: '/v1/merchant-sessions', auth: 'secret', summary: "Mint a short-lived read-only token for a widget of the merchant's own admin.",
    body: s.MerchantSessionCreateRequest, response: s.MerchantSession,
  }),
  revokeMerchantSession: endpoint({
    method: 'POST', path: '/v1/merchant-sessions/revoke', auth: 'secret', summary: 'Revoke a merchant session token.',
    body: z.object({ token: z.string() }), response: z.object({ object: z.literal('merchant_session'), revoked: z.literal(true) }),
  }),
  getMetrics: metricsEndpoint,
  getTestClock: endpoint({
    method: 'GET', path: '/v1/test-clock', auth: 'secret', summary: "The engine's now (test mode only; 404 in live mode).",
    response: s.TestClock,
  }),
  advanceTestClock: endpoint({
    method: 'POST', path: '/v1/test-clock/advance', auth: 'secret',
    summary: 'Move the test clock forward; everything due on the way happens in order (test mode only).',
    body: s.TestClockAdvanceRequest, response: s.TestClockAdvanceResult,
  }),
  // Catalog texts per locale (issue #15).
  getCatalogTexts: endpoint({
    method: 'GET', path: '/v1/catalog/texts', auth: 'secret', summary: "The catalog's texts in one language (what the merchant wrote for it).",
    query: s.CatalogTextsQuery, response: s.CatalogTexts,
  }),
  writeCatalogTexts: endpoint({
    method: 'POST', path: '/v1/catalog/texts', auth: 'secret',
    summary: 'Set the texts of products, features, plans and add-ons in one language; `null` removes an object\'s texts.',
    body: s.CatalogTextsWrite, response: s.CatalogTexts,
  }),
  // B2B buying governance (issue #17): action policies, commitments, purchasing policies, audit log.
  getActionPolicy: endpoint({
    method: 'GET', path: '/v1/plans/:planId/action-policy', auth: 'secret', summary: "The self-service actions buyers have on a plan's subscriptions.",
    params: planParams, response: s.PlanActionPolicy,
  }),
  updateActionPolicy: endpoint({
    method: 'POST', path: '/v1/plans/:planId/action-policy', auth: 'secret', summary: "Set which self-service actions buyers have on a plan's subscriptions.",
    params: planParams, body: s.ActionPolicyUpdate, response: s.PlanActionPolicy,
  }),
  setSubscriptionCommitment: endpoint({
    method: 'POST', path: '/v1/subscriptions/:subscriptionId/commitment', auth: 'secret',
    summary: "Set a subscription's contract terms: minimum term, seat minimum, downgrades only at renewal.",
    params: subscriptionParams, body: s.CommitmentRequest, response: s.Subscription,
  }),
  getCompanyPurchasingPolicy: endpoint({
    method: 'GET', path: '/v1/companies/:companyId/purchasing-policy', auth: 'secret', summary: "A company's purchasing policy.",
    params: companyParams, response: s.PurchasingPolicy,
  }),
  updateCompanyPurchasingPolicy: endpoint({
    method: 'POST', path: '/v1/companies/:companyId/purchasing-policy', auth: 'secret', summary: "Set a company's purchasing policy.",
    params: companyParams, body: s.PurchasingPolicyUpdate, response: s.PurchasingPolicy,
  }),
  listCompanyAuditLog: endpoint({
    method: 'GET', path: '/v1/companies/:companyId/audit-log', auth: 'secret', summary: "Who changed what of a company and when, newest first.",
    params: companyParams, query: s.AuditListQuery, response: s.List(s.AuditEntry),
  }),
  createQuote: endpoint({
    method: 'POST', path: '/v1/quotes', auth: 'secret', summary: 'Quote a plan (contact-sales plans too) to a company: contract prices, seats, term, payment terms, expiry.',
    body: s.QuoteCreateRequest, response: s.Quote,
  }),
  listCompanyQuotes: endpoint({
    method: 'GET', path: '/v1/companies/:companyId/quotes', auth: 'secret', summary: "A company's quotes, newest first.",
    params: companyParams, query: s.QuoteListQuery, response: s.List(s.Quote),
  }),
  cancelQuote: endpoint({
    method: 'POST', path: '/v1/quotes/:quoteId/cancel', auth: 'secret', summary: 'Withdraw an open quote (a decided quote never changes).',
    params: quoteParams, response: s.Quote,
  }),
} as const satisfies Record<string, Endpoint>;

/**
 * Every endpoint a browser calls: the buyer API, and the one endpoint of the merchant's admin widgets
 * (`getMetrics`, with a merchant session). Browser builds compile exactly these (build/compile-wire.ts).
 */
export const browserEndpoints = { ...buyerEndpoints, getMetrics: metricsEndpoint } as const;

export type BuyerEndpoints = typeof buyerEndpoints;
export type MerchantEndpoints = typeof merchantEndpoints;
