import type { SubkitConnection } from './transport.js';
import { catalogStore, type CatalogStore } from './stores/catalog.js';
import { checkoutStore, type CheckoutStore } from './stores/checkout.js';
import { checkoutActions, type CheckoutActions } from './stores/checkout-actions.js';
import { draftStore, type DraftStore } from './stores/draft.js';
import { invoiceDocuments, type InvoiceDocuments } from './stores/invoice-documents.js';
import { invoicesStore, type InvoicesStore } from './stores/invoices.js';
import { paymentMethodActions, type PaymentMethodActions } from './stores/payment-method-actions.js';
import { paymentMethodsStore, type PaymentMethodsStore } from './stores/payment-methods.js';
import { paymentsStore, type PaymentsStore } from './stores/payments.js';
import { sessionStore, type SessionStore } from './stores/session.js';
import { subscriptionActions, type SubscriptionActions } from './stores/subscription-actions.js';
import { subscriptionsStore, type SubscriptionsStore } from './stores/subscriptions.js';
import { usageStore, type UsageStore } from './stores/usage.js';

/**
 * Every store and action of one client in one object. Widgets take only the stores they show
 * (`catalogStore(client)`, `subscriptionsStore(client)`, …), so a page bundles only those; this
 * is for code that wants them all (tests, a storefront's own scripts). The stores are the same
 * objects either way.
 */
export type SubkitStores = CatalogStore & SessionStore & SubscriptionsStore & SubscriptionActions & InvoicesStore & InvoiceDocuments & DraftStore &
  CheckoutStore & CheckoutActions & PaymentsStore & PaymentMethodsStore & PaymentMethodActions & UsageStore;

const ALL = Symbol.for('subkit.stores');

/** The shared stores of a client; widgets sharing a client share them (memoized on the client). */
export function createStores(client: SubkitConnection): SubkitStores {
  const holder = client as unknown as Record<symbol, SubkitStores | undefined>;
  const existing = holder[ALL];
  if (existing) return existing;
  const parts = [
    catalogStore(client), sessionStore(client), subscriptionsStore(client), subscriptionActions(client), invoicesStore(client),
    invoiceDocuments(client), draftStore(client), checkoutStore(client), checkoutActions(client), paymentsStore(client),
    paymentMethodsStore(client), paymentMethodActions(client), usageStore(client),
  ];
  // Getters (the catalog's `currency`) stay live: properties are copied as they are defined.
  const stores = {} as SubkitStores;
  for (const part of parts) Object.defineProperties(stores, Object.getOwnPropertyDescriptors(part));
  Object.defineProperty(client, ALL, { value: stores });
  return stores;
}
