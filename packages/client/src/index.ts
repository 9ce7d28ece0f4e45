export { connect, createClient, parseRetryAfter, randomKey } from './client.js';
export type {
  ClientOptions, EndpointMethod, EndpointName, EndpointRequest, EndpointResponse, RequestOf, ResponseOf, RetryOptions, SessionGrant,
  SubkitClient, SubkitConnection,
} from './client.js';
export { fail, isSubkitError, ok, subkitError } from './errors.js';
export type { Result, SubkitError, SubkitErrorType } from './errors.js';
export { getSharedClient } from './shared.js';
export { createStores, type SubkitStores } from './stores.js';
export { defineStore, idle, type Remote } from './stores/store.js';
export { reactions, type Happening, type Reactions } from './stores/reactions.js';
export { catalogStore, type CatalogStore } from './stores/catalog.js';
export { sessionStore, type SessionStore } from './stores/session.js';
export { subscriptionsStore, type SubscriptionsStore } from './stores/subscriptions.js';
export { subscriptionActions, type ChangeInput, type SubscriptionActions } from './stores/subscription-actions.js';
export { invoicesStore, invoiceSummary, type InvoiceFilters, type InvoicesState, type InvoicesStore } from './stores/invoices.js';
export { invoiceDocuments, type InvoiceDocuments } from './stores/invoice-documents.js';
export { draftStore, emptyDraft, type CheckoutDraft, type DraftStore } from './stores/draft.js';
export { checkoutStore, type CheckoutStore, type Order } from './stores/checkout.js';
export { checkoutActions, type CheckoutActions } from './stores/checkout-actions.js';
export { paymentsStore, type PaymentsStore } from './stores/payments.js';
export { paymentMethodsStore, type PaymentMethodsStore } from './stores/payment-methods.js';
export { paymentMethodActions, type PaymentMethodActions } from './stores/payment-method-actions.js';
export { usageStore, type UsageStore } from './stores/usage.js';
export { metricsStore, type MetricsStore } from './stores/metrics.js';
export { approvalsStore, type ApprovalsStore } from './stores/approvals.js';
export { auditStore, type AuditFilter, type AuditStore } from './stores/audit.js';
export { purchasingPolicyStore, type PurchasingPolicyStore } from './stores/purchasing-policy.js';
export { quotesStore, type QuotesStore } from './stores/quotes.js';
