import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogStore, createStores, sessionStore, type Remote } from '../src/index.js';
import { reactions } from '../src/stores/reactions.js';
import { apiError, catalog, invoiceSummary, json, page, sessionInfo, subscription, testClient, type SeenRequest } from './helpers.js';

type Route = (req: SeenRequest) => Response | Promise<Response>;

/** A fake API: routes keyed by "METHOD /path"; unknown routes answer 404. */
function api(routes: Record<string, Route>) {
  return testClient((req) => {
    const route = routes[`${req.method} ${req.url.pathname}`];
    return route ? route(req) : apiError(404, 'not_found_error', 'resource_missing');
  }, { session: 'tok_1', retry: { retries: 0 } });
}

/** Records every value a store takes. */
function history<T>(store: { subscribe(cb: (v: T) => void): () => void }): T[] {
  const values: T[] = [];
  store.subscribe((v) => values.push(v));
  return values;
}

const loadingFlags = <T>(values: Remote<T>[]) => values.map((v) => v.loading);

describe('stores', () => {
  test('createStores is memoized per client', () => {
    const { client } = api({});
    assert.equal(createStores(client), createStores(client));
    assert.notEqual(createStores(client), createStores(api({}).client));
  });

  test('$catalog goes idle → loading → data, and is not fetched again unless forced or the currency changes', async () => {
    const { client, seen } = api({ 'GET /v1/catalog': (req) => json(200, catalog({ defaultCurrency: req.url.searchParams.get('currency') ?? 'EUR' })) });
    const stores = createStores(client);
    const values = history(stores.$catalog);
    const result = await stores.loadCatalog();
    assert.equal(result.ok, true);
    assert.deepEqual(loadingFlags(values), [false, true, false]);
    assert.equal(values.at(-1)!.data?.merchant.name, 'Acme Tools');
    await stores.loadCatalog();
    assert.equal(seen.length, 1);
    await stores.loadCatalog({ currency: 'USD' });
    assert.equal(seen.length, 2);
    assert.equal(stores.$catalog.get().data?.defaultCurrency, 'USD');
    await stores.loadCatalog({ force: true });
    assert.equal(seen.length, 3);
    assert.equal(seen[2]!.url.searchParams.get('currency'), 'USD');
  });

  test('a seeded catalog (server-rendered) shows without a request, a mount does not fetch it, a forced load replaces it', async () => {
    const { client, seen } = api({ 'GET /v1/catalog': () => json(200, catalog({ defaultCurrency: 'USD' })) });
    const store = catalogStore(client);
    store.seed(catalog());
    assert.equal(store.$catalog.get().data?.defaultCurrency, 'EUR');
    const unsubscribe = store.$catalog.listen(() => {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(seen.length, 0, 'mounting a seeded store loads nothing');
    store.seed(catalog({ defaultCurrency: 'GBP' }));
    assert.equal(store.$catalog.get().data?.defaultCurrency, 'GBP', 'a server seeds before each render');
    const loading = store.loadCatalog({ force: true });
    store.seed(catalog({ defaultCurrency: 'JPY' }));
    assert.equal(store.$catalog.get().data?.defaultCurrency, 'GBP', 'a seed never races a load');
    await loading;
    assert.equal(store.$catalog.get().data?.defaultCurrency, 'USD');
    unsubscribe();
  });

  test('a store read with get() before anyone listens still loads for the listener that comes after', async () => {
    const { client, seen } = api({ 'GET /v1/catalog': () => json(200, catalog()) });
    const store = catalogStore(client);
    assert.equal(store.$catalog.get().data, null);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(seen.length, 0, 'a passing get() loads nothing');
    const values = history(store.$catalog);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(seen.length, 1, 'the first listener loads it');
    assert.equal(values.at(-1)!.data?.merchant.name, 'Acme Tools');
  });

  test('the catalog is asked in the locale set: the first load takes it, a change asks again, the same locale does not', async () => {
    const { client, seen } = api({
      'GET /v1/catalog': (req) => json(200, { ...catalog(), locale: req.url.searchParams.get('locale') ?? 'en' }),
    });
    const store = catalogStore(client);
    store.setLocale('ar');
    assert.equal(seen.length, 0, 'setting a locale alone loads nothing');
    await store.loadCatalog();
    assert.equal(seen.at(-1)!.url.searchParams.get('locale'), 'ar');
    assert.equal(store.$catalog.get().data?.locale, 'ar');
    store.setLocale('ar');
    assert.equal(seen.length, 1);
    store.setLocale('tr');
    assert.equal(store.$catalog.get().loading, true, 'a loaded catalog in another language is asked again');
    await store.loadCatalog();
    assert.equal(seen.length, 2);
    assert.equal(store.$catalog.get().data?.locale, 'tr');
    assert.equal(store.locale, 'tr');
    await store.loadCatalog({ currency: 'USD' });
    assert.equal(seen.at(-1)!.url.searchParams.get('locale'), 'tr', 'a currency change keeps the locale');
  });

  test('a seeded catalog already in the widget language is not asked again', async () => {
    const { client, seen } = api({ 'GET /v1/catalog': () => json(200, catalog()) });
    const store = catalogStore(client);
    store.seed({ ...catalog(), locale: 'hi' });
    store.setLocale('hi');
    assert.equal(seen.length, 0);
    assert.equal(store.locale, 'hi');
  });

  test('two widgets loading the catalog at once share one request', async () => {
    const { client, seen } = api({ 'GET /v1/catalog': () => json(200, catalog()) });
    const stores = createStores(client);
    await Promise.all([stores.loadCatalog(), stores.loadCatalog()]);
    assert.equal(seen.length, 1);
  });

  test('an error lands in the store with loading false', async () => {
    const { client } = api({ 'GET /v1/session': () => apiError(403, 'permission_error', 'forbidden') });
    const stores = createStores(client);
    const values = history(stores.$session);
    await stores.loadSession();
    const last = values.at(-1)!;
    assert.deepEqual(loadingFlags(values), [false, true, false]);
    assert.equal(last.data, null);
    assert.equal(last.error?.type, 'api_error');
    assert.equal(last.error?.serverType, 'permission_error');
  });

  test('a late answer of a superseded load does not overwrite the newer one', async () => {
    let releaseFirst!: () => void;
    const { client } = api({
      'GET /v1/catalog': async (req) => {
        if (req.url.searchParams.get('currency') === 'EUR') await new Promise<void>((r) => (releaseFirst = r));
        return json(200, catalog({ defaultCurrency: req.url.searchParams.get('currency')! }));
      },
    });
    const stores = createStores(client);
    const first = stores.loadCatalog({ currency: 'EUR' });
    await stores.loadCatalog({ currency: 'USD' });
    releaseFirst();
    await first;
    assert.equal(stores.$catalog.get().data?.defaultCurrency, 'USD');
  });

  test('loadSubscriptions follows the cursor through every page', async () => {
    const { client } = api({
      'GET /v1/subscriptions': (req) => (req.url.searchParams.get('cursor') === 'c2'
        ? json(200, page([subscription('sub_3')]))
        : json(200, page([subscription('sub_1'), subscription('sub_2')], 'c2'))),
    });
    const stores = createStores(client);
    await stores.loadSubscriptions();
    assert.deepEqual(stores.$subscriptions.get().data?.map((s) => s.id), ['sub_1', 'sub_2', 'sub_3']);
  });

  test('loadUsage keeps one Remote per subscription', async () => {
    const usage = (id: string) => ({
      object: 'usage_summary', subscriptionId: id, currency: 'EUR', periodStart: '2026-01-01T00:00:00.000Z', periodEnd: '2026-02-01T00:00:00.000Z',
      metrics: [], projectedTotal: 100,
    });
    const { client } = api({ 'GET /v1/subscriptions/sub_1/usage': () => json(200, usage('sub_1')) });
    const stores = createStores(client);
    await stores.loadUsage('sub_1');
    await stores.loadUsage('sub_2');
    assert.equal(stores.$usage.get().sub_1?.data?.projectedTotal, 100);
    assert.equal(stores.$usage.get().sub_2?.error?.status, 404);
  });
});

describe('stores: invoices', () => {
  const all = Array.from({ length: 5 }, (_, i) => invoiceSummary(`in_${i + 1}`, { status: i % 2 ? 'paid' : 'open' }));
  /** Serves `all`, filtered by status, two per page, with the index as cursor. */
  const invoicesRoute: Route = (req) => {
    const status = req.url.searchParams.get('status');
    const rows = all.filter((i) => !status || i.status === status);
    const start = Number(req.url.searchParams.get('cursor') ?? 0);
    const end = start + Number(req.url.searchParams.get('limit'));
    return json(200, page(rows.slice(start, end), end < rows.length ? String(end) : null));
  };

  test('loadMoreInvoices appends pages until hasMore is false', async () => {
    const { client } = api({ 'GET /v1/invoices': invoicesRoute });
    const stores = createStores(client);
    await stores.loadInvoices({ limit: 2 });
    assert.deepEqual(stores.$invoices.get().data?.map((i) => i.id), ['in_1', 'in_2']);
    assert.equal(stores.$invoices.get().hasMore, true);
    const more = stores.loadMoreInvoices();
    assert.equal(stores.$invoices.get().loadingMore, true);
    await more;
    await stores.loadMoreInvoices();
    const state = stores.$invoices.get();
    assert.deepEqual(state.data?.map((i) => i.id), ['in_1', 'in_2', 'in_3', 'in_4', 'in_5']);
    assert.equal(state.hasMore, false);
    assert.equal(state.loadingMore, false);
    await stores.loadMoreInvoices();
    assert.equal(stores.$invoices.get().data?.length, 5);
  });

  test('new filters reset the list to their first page', async () => {
    const { client, seen } = api({ 'GET /v1/invoices': invoicesRoute });
    const stores = createStores(client);
    await stores.loadInvoices({ limit: 2 });
    await stores.loadMoreInvoices();
    const values = history(stores.$invoices);
    await stores.loadInvoices({ limit: 2, status: 'paid' });
    // While loading the new filter, the old rows are gone (they do not match it).
    assert.equal(values[1]!.data, null);
    assert.equal(values[1]!.loading, true);
    assert.deepEqual(stores.$invoices.get().data?.map((i) => i.id), ['in_2', 'in_4']);
    assert.deepEqual(stores.$invoices.get().filters, { limit: 2, status: 'paid' });
    assert.equal(seen.at(-1)!.url.searchParams.get('status'), 'paid');
    assert.equal(seen.at(-1)!.url.searchParams.get('cursor'), null);
  });

  test('a page that arrives after the filters changed is dropped', async () => {
    let hold!: () => void;
    const { client } = api({
      'GET /v1/invoices': async (req) => {
        if (req.url.searchParams.get('cursor')) await new Promise<void>((r) => (hold = r));
        return invoicesRoute(req);
      },
    });
    const stores = createStores(client);
    await stores.loadInvoices({ limit: 2 });
    const more = stores.loadMoreInvoices();
    await stores.loadInvoices({ limit: 2, status: 'paid' });
    hold();
    await more;
    assert.deepEqual(stores.$invoices.get().data?.map((i) => i.id), ['in_2', 'in_4']);
  });
});

describe('stores: the open invoice of a subscription', () => {
  /** A subscription's open invoices, newest first as the engine lists them; paying one makes it paid. */
  function openInvoicesApi(open: string[]) {
    const paid = new Set<string>();
    return api({
      'GET /v1/invoices': (req) => {
        const rows = open.filter((id) => !paid.has(id) && req.url.searchParams.get('status') === 'open').map((id) => invoiceSummary(id));
        return json(200, page(rows.slice(0, Number(req.url.searchParams.get('limit')))));
      },
      'GET /v1/invoices/in_old': () => json(200, { ...invoiceSummary('in_old', { status: paid.has('in_old') ? 'paid' : 'open' }), lines: [], paymentAttempts: [], taxLines: [] }),
      'POST /v1/invoices/in_old/pay': () => {
        paid.add('in_old');
        return json(200, { object: 'payment', id: 'pay_1', status: 'succeeded', invoiceId: 'in_old', subscriptionId: 'sub_1', failureCode: null, failureMessage: null });
      },
    });
  }

  // Net 30 on monthly billing: the next month's invoice is issued before the last one falls due. The newest had
  // been taken (limit 1), so the manager named the invoice not due yet as the one overdue.
  test('loadOpenInvoice takes the oldest open invoice, the one to pay first', async () => {
    const { client, seen } = openInvoicesApi(['in_new', 'in_old']);
    const stores = createStores(client);
    const result = await stores.loadOpenInvoice('sub_1');
    assert.equal(result.ok && result.data?.id, 'in_old');
    assert.equal(stores.$openInvoices.get().sub_1?.id, 'in_old');
    assert.deepEqual(Object.fromEntries(seen.at(-1)!.url.searchParams), { subscriptionId: 'sub_1', status: 'open', limit: '100' });
  });

  test("an invoice paid is no longer its subscription's open invoice: unknown meanwhile (not none), then the next one", async () => {
    const { client } = openInvoicesApi(['in_new', 'in_old']);
    const stores = createStores(client);
    await stores.loadOpenInvoice('sub_1');
    const values = history(stores.$openInvoices);
    const paid = await stores.payInvoice('in_old');
    assert.equal(paid.ok, true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(values.map((v) => ('sub_1' in v ? (v.sub_1?.id ?? null) : 'unknown')), ['in_old', 'unknown', 'in_new']);
  });
});

describe('stores: checkout and changes', () => {
  const checkoutResult = (sub = subscription('sub_new')) => ({ object: 'checkout', status: 'succeeded', subscription: sub, invoiceId: 'in_9', nextAction: null });

  test('the draft feeds the checkout; a submit refreshes subscriptions and invoices', async () => {
    const subs = [subscription('sub_1')];
    const { client, seen } = api({
      'GET /v1/catalog': () => json(200, catalog()),
      'GET /v1/subscriptions': () => json(200, page(subs)),
      'GET /v1/invoices': () => json(200, page(subs.map((s) => invoiceSummary(`in_${s.id}`)))),
      'POST /v1/checkout': (req) => {
        const sub = subscription('sub_new', { quantity: (req.body as { quantity: number }).quantity, poNumber: 'PO-7' });
        subs.push(sub);
        return json(200, checkoutResult(sub));
      },
    });
    const stores = createStores(client);
    await Promise.all([stores.loadCatalog(), stores.loadSubscriptions(), stores.loadInvoices()]);
    stores.updateDraft({ planId: 'plan_team', recurring: { interval: 'month', intervalCount: 1 }, quantity: 12 });
    stores.updateDraft({ paymentMethod: 'invoice', poNumber: 'PO-7', invoiceEmail: 'ap@acme.example' });
    const result = await stores.submitCheckout();
    assert.equal(result.ok, true);
    const post = seen.find((r) => r.method === 'POST')!;
    assert.deepEqual(post.body, {
      planId: 'plan_team', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 12,
      payment: { method: 'invoice', poNumber: 'PO-7', invoiceEmail: 'ap@acme.example' },
    });
    assert.deepEqual(stores.$subscriptions.get().data?.map((s) => s.id), ['sub_1', 'sub_new']);
    assert.deepEqual(stores.$invoices.get().data?.map((i) => i.id), ['in_sub_1', 'in_sub_new']);
    assert.equal(stores.$checkoutResult.get().data?.subscription.quantity, 12);
    assert.equal(seen.filter((r) => r.url.pathname === '/v1/invoices').length, 2);
  });

  test('a draft without a plan is a validation_error and nothing is sent', async () => {
    const { client, seen } = api({});
    const stores = createStores(client);
    const result = await stores.submitCheckout({ method: 'invoice' });
    assert.equal(result.error?.type, 'validation_error');
    assert.equal(result.error?.param, 'planId');
    assert.equal(seen.length, 0);
    assert.equal(stores.$checkoutResult.get().error?.param, 'planId');
  });

  test('a double submit sends one checkout; a network failure keeps the key for the retry, an answer drops it', async () => {
    let n = 0;
    const { client, seen } = api({
      'GET /v1/subscriptions': () => json(200, page([])),
      'GET /v1/invoices': () => json(200, page([])),
      'POST /v1/checkout': () => {
        n++;
        if (n === 1) throw new TypeError('connection reset');
        if (n === 2) return apiError(402, 'payment_error', 'card_declined', { declineCode: 'generic_decline' });
        return json(200, checkoutResult());
      },
    });
    const stores = createStores(client);
    stores.updateDraft({ planId: 'plan_team', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 } });
    const [a, b] = await Promise.all([stores.submitCheckout({ method: 'card' }), stores.submitCheckout({ method: 'card' })]);
    assert.equal(a, b);
    assert.equal(a.error?.type, 'network_error');
    const declined = await stores.submitCheckout({ method: 'card' });
    assert.equal(declined.error?.declineCode, 'generic_decline');
    const ok = await stores.submitCheckout({ method: 'card' });
    assert.equal(ok.ok, true);
    const keys = seen.filter((r) => r.method === 'POST').map((r) => r.headers.get('idempotency-key'));
    assert.equal(keys.length, 3);
    assert.equal(keys[0], keys[1]);
    assert.notEqual(keys[1], keys[2]);
  });

  test('previewCheckout prices the draft into $checkoutPreview', async () => {
    const preview = {
      object: 'checkout_preview', planId: 'plan_team', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, lines: [],
      subtotal: 7500, discountTotal: 0, discount: null, promo: { code: 'SAVE', valid: false, message: 'expired' }, taxLines: [], tax: 0,
      total: 7500, amountDueToday: 7500, trial: null, nextInvoice: { date: '2026-02-01T00:00:00.000Z', total: 7500 },
      paymentTermsDays: null, invoiceAllowed: true,
    };
    const { client, seen } = api({ 'POST /v1/checkout/preview': () => json(200, preview) });
    const stores = createStores(client);
    stores.updateDraft({ planId: 'plan_team', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, promoCode: 'SAVE' });
    const result = await stores.previewCheckout();
    assert.equal(result.data?.promo?.valid, false);
    assert.equal(stores.$checkoutPreview.get().data?.total, 7500);
    assert.equal((seen[0]!.body as { promoCode: string }).promoCode, 'SAVE');
  });

  test('applyChange sends the known version, updates the subscription and refreshes invoices', async () => {
    let current = subscription('sub_1', { quantity: 5, version: 3 });
    const { client, seen } = api({
      'GET /v1/subscriptions': () => json(200, page([current])),
      'GET /v1/invoices': () => json(200, page([invoiceSummary('in_1')])),
      'POST /v1/subscriptions/sub_1/change': (req) => {
        const body = req.body as { quantity: number; expectedVersion: number };
        current = { ...current, quantity: body.quantity, version: body.expectedVersion + 1 };
        return json(200, { object: 'subscription_change', subscription: current, invoiceId: 'in_2' });
      },
    });
    const stores = createStores(client);
    await stores.loadSubscriptions();
    const result = await stores.applyChange('sub_1', { quantity: 8 });
    assert.equal(result.data?.subscription.quantity, 8);
    assert.equal(result.data?.invoiceId, 'in_2');
    const post = seen.find((r) => r.method === 'POST')!;
    assert.equal((post.body as { expectedVersion: number }).expectedVersion, 3);
    assert.ok(post.headers.get('idempotency-key'));
    assert.equal(stores.$subscriptions.get().data?.[0]?.quantity, 8);
    assert.equal(stores.$subscriptions.get().data?.[0]?.version, 4);
    assert.ok(seen.some((r) => r.url.pathname === '/v1/invoices'));
  });

  test('a 409 conflict reloads the subscription and returns the conflict', async () => {
    const stale = subscription('sub_1', { quantity: 5, version: 3 });
    const fresh = subscription('sub_1', { quantity: 20, version: 4 });
    const { client } = api({
      'GET /v1/subscriptions': () => json(200, page([stale])),
      'GET /v1/subscriptions/sub_1': () => json(200, fresh),
      'POST /v1/subscriptions/sub_1/change': () => apiError(409, 'conflict_error', 'version_conflict'),
    });
    const stores = createStores(client);
    await stores.loadSubscriptions();
    const result = await stores.applyChange('sub_1', { quantity: 8 });
    assert.equal(result.ok, false);
    assert.equal(result.error?.type, 'conflict_error');
    assert.equal(result.error?.code, 'version_conflict');
    assert.equal(stores.$subscriptions.get().data?.[0]?.quantity, 20);
    assert.equal(stores.$subscriptions.get().data?.[0]?.version, 4);
  });

  test('previewChange learns the version from the server when the store has not loaded it', async () => {
    const { client, seen } = api({
      'GET /v1/subscriptions/sub_1': () => json(200, subscription('sub_1', { version: 7 })),
      'POST /v1/subscriptions/sub_1/change/preview': () => apiError(400, 'invalid_request_error', 'parameter_invalid', { param: 'quantity' }),
    });
    const stores = createStores(client);
    const result = await stores.previewChange('sub_1', { quantity: 2 });
    assert.equal(result.error?.param, 'quantity');
    assert.equal((seen[1]!.body as { expectedVersion: number }).expectedVersion, 7);
  });

  test('cancel updates the subscription in place with the guard version', async () => {
    const { client, seen } = api({
      'GET /v1/subscriptions': () => json(200, page([subscription('sub_1', { version: 2 })])),
      'GET /v1/invoices': () => json(200, page([])),
      'POST /v1/subscriptions/sub_1/cancel': () => json(200, subscription('sub_1', { version: 3, cancelAtPeriodEnd: true })),
    });
    const stores = createStores(client);
    await stores.loadSubscriptions();
    const result = await stores.cancel('sub_1', { reason: 'too_expensive', when: 'period_end' });
    assert.equal(result.ok, true);
    assert.deepEqual(seen.find((r) => r.method === 'POST')!.body, { expectedVersion: 2, reason: 'too_expensive', when: 'period_end' });
    assert.equal(stores.$subscriptions.get().data?.[0]?.cancelAtPeriodEnd, true);
  });

  test('a purchase reloads a loaded session: a quote accepted is no longer named open', async () => {
    let open = [{ planId: 'plan_enterprise', quoteId: 'qt_1' }];
    const { client, seen } = api({ 'GET /v1/session': () => json(200, { ...sessionInfo(), openQuotes: open }) });
    const { $session, loadSession } = sessionStore(client);
    await loadSession();
    assert.deepEqual($session.get().data?.openQuotes, [{ planId: 'plan_enterprise', quoteId: 'qt_1' }]);
    open = [];
    await reactions(client).emit('purchase');
    assert.deepEqual($session.get().data?.openQuotes, []);
    assert.equal(seen.filter((r) => r.url.pathname === '/v1/session').length, 2);
  });

  test('a purchase leaves a session nobody loaded alone', async () => {
    const { client, seen } = api({ 'GET /v1/session': () => json(200, sessionInfo()) });
    sessionStore(client);
    await reactions(client).emit('purchase');
    assert.equal(seen.length, 0);
  });

  test('setSession clears what belonged to the old buyer and reloads it', async () => {
    const { client, seen } = api({
      'GET /v1/session': () => json(200, sessionInfo()),
      'GET /v1/subscriptions': (req) => json(200, page(req.headers.get('authorization') === 'Bearer tok_2' ? [] : [subscription('sub_1')])),
    });
    const stores = createStores(client);
    await stores.loadSubscriptions();
    assert.equal(stores.$subscriptions.get().data?.length, 1);
    client.setSession('tok_2');
    assert.equal(stores.$subscriptions.get().data, null);
    assert.equal(stores.$subscriptions.get().loading, true);
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(stores.$subscriptions.get().data, []);
    assert.equal(seen.at(-1)!.headers.get('authorization'), 'Bearer tok_2');
  });
});
