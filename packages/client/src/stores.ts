import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import type {
  AddOnSelection, BillingDetails, CancelRequest, CancellationReason, Catalog, ChangePreview, CheckoutPayment, CheckoutPreview,
  CheckoutResult, InvoiceListQuery, InvoiceSummary, PauseRequest, PaymentMethod, PaymentResult, Recurring, RetentionOffer, SessionInfo,
  SetupPaymentMethodRequest, SetupPaymentMethodResult, Subscription, SubscriptionChangeRequest, SubscriptionChangeResult, UsageSummary,
} from '@subkit/core/schemas';
import { randomKey, type SubkitClient } from './client.js';
import { fail, ok, type Result, type SubkitError } from './errors.js';

/** Remote data as every widget renders it. */
export interface Remote<T> {
  data: T | null;
  error: SubkitError | null;
  loading: boolean;
}

/** Filters of the invoice list (the cursor is the store's business). */
export type InvoiceFilters = Omit<InvoiceListQuery, 'cursor'>;

/** The invoice list: the pages loaded so far, newest first. */
export type InvoicesState = Remote<InvoiceSummary[]> & {
  hasMore: boolean;
  filters: InvoiceFilters;
  loadingMore: boolean;
  nextCursor: string | null;
};

/** What the buyer is about to buy, shared by the plan picker and the checkout. */
export interface CheckoutDraft {
  planId: string | null;
  /** Null means the catalog's default currency. */
  currency: string | null;
  recurring: Recurring | null;
  quantity: number | null;
  addOns: AddOnSelection[];
  promoCode: string | null;
  /** Start with the plan's trial (server default true when null). */
  trial: boolean | null;
  billing: BillingDetails | null;
  /** How the buyer pays. */
  paymentMethod: 'card' | 'invoice';
  /** A saved payment method chosen for a card payment. */
  paymentMethodId: string | null;
  poNumber: string | null;
  invoiceEmail: string | null;
}

/** A subscription change as widgets ask for it: the version defaults to the one in `$subscriptions`. */
export type ChangeInput = Omit<SubscriptionChangeRequest, 'expectedVersion'> & { expectedVersion?: number };

/** The shared stores and actions of one client. */
export interface SubkitStores {
  $catalog: ReadableAtom<Remote<Catalog>>;
  $session: ReadableAtom<Remote<SessionInfo>>;
  $subscriptions: ReadableAtom<Remote<Subscription[]>>;
  $invoices: ReadableAtom<InvoicesState>;
  $checkoutDraft: ReadableAtom<CheckoutDraft>;
  /** The latest order summary of the draft. */
  $checkoutPreview: ReadableAtom<Remote<CheckoutPreview>>;
  /** The latest checkout submission (loading while it runs). */
  $checkoutResult: ReadableAtom<Remote<CheckoutResult>>;
  $usage: ReadableAtom<Record<string, Remote<UsageSummary>>>;
  /** The company's saved payment methods. */
  $paymentMethods: ReadableAtom<Remote<PaymentMethod[]>>;
  /** Loads the catalog (again only with `force` or another currency). */
  loadCatalog(opts?: { currency?: string; force?: boolean }): Promise<Result<Catalog>>;
  /** Loads who the buyer session is. */
  loadSession(): Promise<Result<SessionInfo>>;
  /** Loads every subscription of the company. */
  loadSubscriptions(): Promise<Result<Subscription[]>>;
  /** Loads the first invoice page; new filters reset the list. */
  loadInvoices(filters?: InvoiceFilters): Promise<Result<InvoiceSummary[]>>;
  /** Appends the next invoice page. */
  loadMoreInvoices(): Promise<Result<InvoiceSummary[]>>;
  /** Loads the usage summary of one subscription. */
  loadUsage(subscriptionId: string): Promise<Result<UsageSummary>>;
  /** Merges a patch into the checkout draft. */
  updateDraft(patch: Partial<CheckoutDraft>): void;
  /** Empties the checkout draft. */
  resetDraft(): void;
  /** Prices the draft on the server. */
  previewCheckout(): Promise<Result<CheckoutPreview>>;
  /** Buys the draft; on success refreshes subscriptions and invoices. */
  submitCheckout(payment?: CheckoutPayment, idempotencyKey?: string): Promise<Result<CheckoutResult>>;
  /** Completes a test-mode SCA challenge; refreshes subscriptions and invoices. */
  confirmPayment(paymentId: string, outcome: 'approve' | 'fail'): Promise<Result<PaymentResult>>;
  /** The exact proration of a change. */
  previewChange(subscriptionId: string, change: ChangeInput): Promise<Result<ChangePreview>>;
  /** Applies a change; refreshes subscriptions and invoices; a 409 reloads the subscription and returns the conflict. */
  applyChange(subscriptionId: string, change: ChangeInput, idempotencyKey?: string): Promise<Result<SubscriptionChangeResult>>;
  pause(subscriptionId: string, body?: PauseRequest): Promise<Result<Subscription>>;
  resume(subscriptionId: string): Promise<Result<Subscription>>;
  skip(subscriptionId: string): Promise<Result<Subscription>>;
  cancel(subscriptionId: string, body: CancelRequest): Promise<Result<Subscription>>;
  listRetentionOffers(subscriptionId: string, reason?: CancellationReason): Promise<Result<RetentionOffer[]>>;
  acceptOffer(subscriptionId: string, offerId: string): Promise<Result<Subscription>>;
  reactivate(subscriptionId: string): Promise<Result<Subscription>>;
  /** Pays an open invoice; refreshes invoices and subscriptions. */
  payInvoice(invoiceId: string, paymentMethodId?: string): Promise<Result<PaymentResult>>;
  /** Loads the saved payment methods. */
  loadPaymentMethods(): Promise<Result<PaymentMethod[]>>;
  /** Saves a payment method; reloads the list when one was saved. */
  setupPaymentMethod(body: SetupPaymentMethodRequest): Promise<Result<SetupPaymentMethodResult>>;
  /** Makes a payment method the default; reloads the list. */
  setDefaultPaymentMethod(paymentMethodId: string): Promise<Result<PaymentMethod>>;
  /** Removes a payment method; reloads the list. */
  removePaymentMethod(paymentMethodId: string): Promise<Result<PaymentMethod[]>>;
}

const idle = <T>(): Remote<T> => ({ data: null, error: null, loading: false });
const emptyDraft = (): CheckoutDraft => ({
  planId: null, currency: null, recurring: null, quantity: null, addOns: [], promoCode: null, trial: null, billing: null,
  paymentMethod: 'card', paymentMethodId: null, poNumber: null, invoiceEmail: null,
});
const emptyInvoices = (filters: InvoiceFilters = {}): InvoicesState =>
  ({ ...idle<InvoiceSummary[]>(), hasMore: false, filters, loadingMore: false, nextCursor: null });
const INVOICE_PAGE = 20;
const STORES = Symbol.for('subkit.stores');

/**
 * Runs loads into a Remote store: the latest load wins (an older answer arriving late is dropped), and a
 * load with the same key while one runs shares it.
 */
function loader<T>(store: WritableAtom<Remote<T>>) {
  let generation = 0;
  let running: { key: string; promise: Promise<Result<T>> } | null = null;
  return {
    run(key: string, fetcher: () => Promise<Result<T>>): Promise<Result<T>> {
      if (running && running.key === key) return running.promise;
      const mine = ++generation;
      store.set({ ...store.get(), loading: true });
      const promise = fetcher().then((result) => {
        if (mine === generation) {
          store.set(result.ok ? { data: result.data, error: null, loading: false } : { ...store.get(), error: result.error, loading: false });
          running = null;
        }
        return result;
      });
      running = { key, promise };
      return promise;
    },
    reset() {
      generation++;
      running = null;
      store.set(idle());
    },
  };
}

function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}

/** The shared stores of a client; widgets sharing a client share them (memoized on the client). */
export function createStores(client: SubkitClient): SubkitStores {
  const holder = client as unknown as Record<symbol, SubkitStores | undefined>;
  const existing = holder[STORES];
  if (existing) return existing;
  const stores = buildStores(client);
  Object.defineProperty(client, STORES, { value: stores });
  return stores;
}

function buildStores(client: SubkitClient): SubkitStores {
  const $catalog = atom<Remote<Catalog>>(idle());
  const $session = atom<Remote<SessionInfo>>(idle());
  const $subscriptions = atom<Remote<Subscription[]>>(idle());
  const $invoices = atom<InvoicesState>(emptyInvoices());
  const $checkoutDraft = atom<CheckoutDraft>(emptyDraft());
  const $checkoutPreview = atom<Remote<CheckoutPreview>>(idle());
  const $checkoutResult = atom<Remote<CheckoutResult>>(idle());
  const $usage = atom<Record<string, Remote<UsageSummary>>>({});
  const $paymentMethods = atom<Remote<PaymentMethod[]>>(idle());

  const catalogLoader = loader($catalog);
  const sessionLoader = loader($session);
  const subscriptionsLoader = loader($subscriptions);
  const previewLoader = loader($checkoutPreview);
  const paymentMethodsLoader = loader($paymentMethods);
  let catalogCurrency: string | undefined;
  let invoiceGeneration = 0;
  let checkoutKey: string | null = null;
  let submitting: Promise<Result<CheckoutResult>> | null = null;

  function loadCatalog(opts: { currency?: string; force?: boolean } = {}): Promise<Result<Catalog>> {
    const current = $catalog.get();
    const currency = opts.currency ?? catalogCurrency;
    if (!opts.force && current.data && !current.loading && currency === catalogCurrency) return Promise.resolve(ok(current.data));
    catalogCurrency = currency;
    return catalogLoader.run(`${currency}|${opts.force ? randomKey() : ''}`, () => client.getCatalog({ query: { currency } }));
  }

  function loadSession(): Promise<Result<SessionInfo>> {
    return sessionLoader.run('', () => client.getSession());
  }

  function loadSubscriptions(): Promise<Result<Subscription[]>> {
    return subscriptionsLoader.run('', async () => {
      const all: Subscription[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await client.listSubscriptions({ query: { limit: 100, cursor } });
        if (!page.ok) return page;
        all.push(...page.data.data);
        if (!page.data.hasMore || !page.data.nextCursor) return ok(all);
        cursor = page.data.nextCursor;
      }
    });
  }

  function upsertSubscription(subscription: Subscription): void {
    const state = $subscriptions.get();
    if (!state.data) return;
    const index = state.data.findIndex((s) => s.id === subscription.id);
    const data = index < 0 ? [...state.data, subscription] : state.data.map((s, i) => (i === index ? subscription : s));
    $subscriptions.set({ ...state, data });
  }

  async function loadInvoices(filters?: InvoiceFilters): Promise<Result<InvoiceSummary[]>> {
    const mine = ++invoiceGeneration;
    const before = $invoices.get();
    const next = filters === undefined ? before.filters : withoutNulls(filters);
    const sameFilters = JSON.stringify(next) === JSON.stringify(before.filters);
    $invoices.set({ ...(sameFilters ? before : emptyInvoices(next)), filters: next, loading: true, loadingMore: false });
    const page = await client.listInvoices({ query: { limit: INVOICE_PAGE, ...next } });
    if (mine !== invoiceGeneration) return page.ok ? ok($invoices.get().data ?? []) : page;
    if (!page.ok) {
      $invoices.set({ ...$invoices.get(), error: page.error, loading: false });
      return page;
    }
    $invoices.set({
      data: page.data.data, error: null, loading: false, loadingMore: false, filters: next,
      hasMore: page.data.hasMore, nextCursor: page.data.nextCursor,
    });
    return ok(page.data.data);
  }

  async function loadMoreInvoices(): Promise<Result<InvoiceSummary[]>> {
    const state = $invoices.get();
    if (state.loading || state.loadingMore || !state.hasMore || !state.nextCursor) return ok(state.data ?? []);
    const mine = invoiceGeneration;
    $invoices.set({ ...state, loadingMore: true });
    const page = await client.listInvoices({ query: { limit: INVOICE_PAGE, ...state.filters, cursor: state.nextCursor } });
    // A reset (new filters, a refresh) while this page was in flight makes it stale.
    if (mine !== invoiceGeneration) return page.ok ? ok($invoices.get().data ?? []) : page;
    const now = $invoices.get();
    if (!page.ok) {
      $invoices.set({ ...now, error: page.error, loadingMore: false });
      return page;
    }
    const seen = new Set((now.data ?? []).map((i) => i.id));
    const data = [...(now.data ?? []), ...page.data.data.filter((i) => !seen.has(i.id))];
    $invoices.set({ ...now, data, error: null, loadingMore: false, hasMore: page.data.hasMore, nextCursor: page.data.nextCursor });
    return ok(data);
  }

  async function loadUsage(subscriptionId: string): Promise<Result<UsageSummary>> {
    const setUsage = (remote: Remote<UsageSummary>) => $usage.set({ ...$usage.get(), [subscriptionId]: remote });
    setUsage({ ...(($usage.get()[subscriptionId]) ?? idle()), loading: true });
    const result = await client.getUsage({ params: { subscriptionId } });
    setUsage(result.ok ? { data: result.data, error: null, loading: false }
      : { data: $usage.get()[subscriptionId]?.data ?? null, error: result.error, loading: false });
    return result;
  }

  function updateDraft(patch: Partial<CheckoutDraft>): void {
    $checkoutDraft.set({ ...$checkoutDraft.get(), ...patch });
    checkoutKey = null;
  }

  function resetDraft(): void {
    $checkoutDraft.set(emptyDraft());
    $checkoutPreview.set(idle());
    checkoutKey = null;
  }

  function draftPayment(draft: CheckoutDraft): CheckoutPayment {
    return draft.paymentMethod === 'invoice'
      ? withoutNulls({ method: 'invoice' as const, poNumber: draft.poNumber ?? undefined, invoiceEmail: draft.invoiceEmail ?? undefined })
      : withoutNulls({ method: 'card' as const, paymentMethodId: draft.paymentMethodId ?? undefined });
  }

  function draftOrder(draft: CheckoutDraft) {
    return {
      planId: draft.planId ?? undefined,
      currency: draft.currency ?? catalogCurrency ?? $catalog.get().data?.defaultCurrency,
      recurring: draft.recurring ?? undefined,
      quantity: draft.quantity ?? undefined,
      addOns: draft.addOns.length ? draft.addOns : undefined,
      promoCode: draft.promoCode || undefined,
      trial: draft.trial ?? undefined,
      billing: draft.billing ?? undefined,
    };
  }

  function previewCheckout(): Promise<Result<CheckoutPreview>> {
    const draft = $checkoutDraft.get();
    // The client validates before sending: a draft without a plan comes back as a validation_error.
    const body = { ...draftOrder(draft), payment: draftPayment(draft) } as Parameters<SubkitClient['previewCheckout']>[0]['body'];
    return previewLoader.run(JSON.stringify(body), () => client.previewCheckout({ body }));
  }

  async function refreshAfterPurchase(): Promise<void> {
    await Promise.all([loadSubscriptions(), loadInvoices()]);
  }

  function submitCheckout(payment?: CheckoutPayment, idempotencyKey?: string): Promise<Result<CheckoutResult>> {
    // A second click while the first submission runs gets the same answer, never a second subscription.
    if (submitting) return submitting;
    const draft = $checkoutDraft.get();
    const body = { ...draftOrder(draft), payment: payment ?? draftPayment(draft) } as Parameters<SubkitClient['createCheckout']>[0]['body'];
    const key = idempotencyKey ?? (checkoutKey ??= randomKey());
    $checkoutResult.set({ ...$checkoutResult.get(), error: null, loading: true });
    submitting = (async () => {
      const result = await client.createCheckout({ body, idempotencyKey: key });
      // Only an unknown outcome (the network failed) may be retried with the same key; any answer is final.
      if (result.ok || result.error.type !== 'network_error') checkoutKey = null;
      if (result.ok) {
        upsertSubscription(result.data.subscription);
        await refreshAfterPurchase();
      }
      $checkoutResult.set(result.ok ? { data: result.data, error: null, loading: false } : { data: null, error: result.error, loading: false });
      return result;
    })().finally(() => {
      submitting = null;
    });
    return submitting;
  }

  async function confirmPayment(paymentId: string, outcome: 'approve' | 'fail'): Promise<Result<PaymentResult>> {
    const result = await client.confirmPayment({ params: { paymentId }, body: { outcome } });
    if (result.ok) await refreshAfterPurchase();
    return result;
  }

  async function currentVersion(subscriptionId: string): Promise<Result<number>> {
    const known = $subscriptions.get().data?.find((s) => s.id === subscriptionId);
    if (known) return ok(known.version);
    const fetched = await client.getSubscription({ params: { subscriptionId } });
    return fetched.ok ? ok(fetched.data.version) : fetched;
  }

  async function onConflict(subscriptionId: string, error: SubkitError): Promise<Result<never>> {
    if (error.type === 'conflict_error') {
      // Someone else changed it: show the fresh subscription, and let the caller tell the buyer.
      const fresh = await client.getSubscription({ params: { subscriptionId } });
      if (fresh.ok) upsertSubscription(fresh.data);
    }
    return fail(error);
  }

  async function previewChange(subscriptionId: string, change: ChangeInput): Promise<Result<ChangePreview>> {
    const version = change.expectedVersion !== undefined ? ok(change.expectedVersion) : await currentVersion(subscriptionId);
    if (!version.ok) return version;
    return client.previewSubscriptionChange({ params: { subscriptionId }, body: { ...change, expectedVersion: version.data } });
  }

  async function applyChange(subscriptionId: string, change: ChangeInput, idempotencyKey?: string): Promise<Result<SubscriptionChangeResult>> {
    const version = change.expectedVersion !== undefined ? ok(change.expectedVersion) : await currentVersion(subscriptionId);
    if (!version.ok) return version;
    const result = await client.changeSubscription({
      params: { subscriptionId }, body: { ...change, expectedVersion: version.data }, idempotencyKey,
    });
    if (!result.ok) return onConflict(subscriptionId, result.error);
    upsertSubscription(result.data.subscription);
    await refreshAfterPurchase();
    return result;
  }

  function loadPaymentMethods(): Promise<Result<PaymentMethod[]>> {
    return paymentMethodsLoader.run('', async () => {
      const list = await client.listPaymentMethods();
      return list.ok ? ok(list.data.data) : list;
    });
  }

  /** Runs a payment-method change, then reloads the list (a new default changes the others too). */
  async function thenReloadMethods<T>(run: Promise<Result<T>>): Promise<Result<T>> {
    const result = await run;
    if (result.ok) await paymentMethodsLoader.run(randomKey(), async () => {
      const list = await client.listPaymentMethods();
      return list.ok ? ok(list.data.data) : list;
    });
    return result;
  }

  /** Runs a subscription action with the known version as guard; keeps `$subscriptions` current. */
  async function act(
    subscriptionId: string,
    run: (expectedVersion: number | undefined) => Promise<Result<Subscription>>,
    refreshInvoices = false,
  ): Promise<Result<Subscription>> {
    const version = $subscriptions.get().data?.find((s) => s.id === subscriptionId)?.version;
    const result = await run(version);
    if (!result.ok) return onConflict(subscriptionId, result.error);
    upsertSubscription(result.data);
    if (refreshInvoices) await loadInvoices();
    return result;
  }

  const params = (subscriptionId: string) => ({ subscriptionId });

  const stores: SubkitStores = {
    $catalog, $session, $subscriptions, $invoices, $checkoutDraft, $checkoutPreview, $checkoutResult, $usage, $paymentMethods,
    loadCatalog, loadSession, loadSubscriptions, loadInvoices, loadMoreInvoices, loadUsage,
    updateDraft, resetDraft, previewCheckout, submitCheckout, confirmPayment, previewChange, applyChange,
    pause: (id, body = {}) => act(id, (v) => client.pauseSubscription({ params: params(id), body: { expectedVersion: v, ...body } })),
    resume: (id) => act(id, (v) => client.resumeSubscription({ params: params(id), body: { expectedVersion: v } })),
    skip: (id) => act(id, (v) => client.skipSubscriptionPeriod({ params: params(id), body: { expectedVersion: v } })),
    cancel: (id, body) => act(id, (v) => client.cancelSubscription({ params: params(id), body: { expectedVersion: v, ...body } }), true),
    async listRetentionOffers(id, reason) {
      const result = await client.listRetentionOffers({ params: params(id), query: { reason } });
      return result.ok ? ok(result.data.data) : result;
    },
    acceptOffer: (id, offerId) => act(id, (v) => client.acceptRetentionOffer({ params: params(id), body: { offerId, expectedVersion: v } }), true),
    reactivate: (id) => act(id, (v) => client.reactivateSubscription({ params: params(id), body: { expectedVersion: v } })),
    async payInvoice(invoiceId, paymentMethodId) {
      const result = await client.payInvoice({ params: { invoiceId }, body: { paymentMethodId } });
      if (result.ok) await refreshAfterPurchase();
      return result;
    },
    loadPaymentMethods,
    setupPaymentMethod: (body) => thenReloadMethods(client.setupPaymentMethod({ body })),
    setDefaultPaymentMethod: (id) => thenReloadMethods(client.setDefaultPaymentMethod({ params: { paymentMethodId: id } })),
    async removePaymentMethod(id) {
      const removed = await thenReloadMethods(client.removePaymentMethod({ params: { paymentMethodId: id } }));
      return removed.ok ? ok($paymentMethods.get().data ?? []) : removed;
    },
  };

  // Another buyer (or none): everything scoped to the session is stale; reload what widgets had loaded.
  client.onSessionChange(() => {
    const reloadSession = $session.get().data !== null || $session.get().loading;
    const reloadSubscriptions = $subscriptions.get().data !== null || $subscriptions.get().loading;
    const invoices = $invoices.get();
    const reloadInvoices = invoices.data !== null || invoices.loading;
    const reloadMethods = $paymentMethods.get().data !== null || $paymentMethods.get().loading;
    sessionLoader.reset();
    subscriptionsLoader.reset();
    paymentMethodsLoader.reset();
    invoiceGeneration++;
    $invoices.set(emptyInvoices(invoices.filters));
    $usage.set({});
    if (reloadSession) void loadSession();
    if (reloadSubscriptions) void loadSubscriptions();
    if (reloadInvoices) void loadInvoices();
    if (reloadMethods) void loadPaymentMethods();
    // Contract prices depend on the company.
    if ($catalog.get().data || $catalog.get().loading) void loadCatalog({ force: true });
  });

  return stores;
}
