// The client and its stores against the REAL reference server (Express + the local billing engine on PGlite),
// over real HTTP: what a buyer's widgets do, end to end below the UI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { quotePrice } from '@subkit/core/math';
import type { Catalog, Price } from '@subkit/core/schemas';
import { billingHandlers } from '../../server/src/handlers/index.js';
import { startTestServer, TEST_ORIGIN } from '../../server/test/harness.js';
import { createClient, createStores, type SubkitClient } from '../src/index.js';

// The billing engine's handlers land separately from the platform's; until then their scenarios cannot run.
const NEEDED = ['confirmPayment', 'pauseSubscription', 'resumeSubscription', 'cancelSubscription', 'reactivateSubscription', 'getUsage', 'previewCheckout', 'createCheckout', 'listSubscriptions', 'previewSubscriptionChange', 'changeSubscription', 'listInvoices', 'getInvoice', 'getInvoicePdf', 'exportInvoicesCsv'];
const missing = NEEDED.filter((name) => !(name in billingHandlers));
const billing = { skip: missing.length ? `server handlers not landed: ${missing.join(', ')}` : false };

type Harness = Awaited<ReturnType<typeof startTestServer>>;

const GROWTH = 'plan_portal_growth';
const MONTHLY = { interval: 'month', intervalCount: 1 } as const;

function growthPrice(catalog: Catalog, currency: string): Price {
  const plan = catalog.products.flatMap((p) => p.plans).find((p) => p.id === GROWTH);
  assert.ok(plan, 'the demo catalog has the Growth plan');
  const price = plan.prices.find((p) => p.currency === currency && p.recurring.interval === 'month' && p.recurring.intervalCount === 1);
  assert.ok(price, `Growth has a monthly ${currency} price`);
  return price;
}

function seatUnitAmount(price: Price): number {
  const seats = price.items.find((i) => i.model.type === 'per_unit');
  assert.ok(seats && seats.model.type === 'per_unit');
  return seats.model.unitAmount;
}

describe('client against the reference server', () => {
  let server: Harness;
  let publishableKey: string;

  // What the browser adds on the storefront page: sessions are bound to that origin.
  const browserFetch: typeof fetch = (input, init = {}) =>
    fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), origin: TEST_ORIGIN } });

  const newClient = (options: Partial<Parameters<typeof createClient>[0]> = {}) =>
    createClient({ baseUrl: server.url, publishableKey, fetch: browserFetch, ...options });

  async function buyerClient(customerId: string): Promise<SubkitClient> {
    return newClient({ session: await server.mintSession(customerId) });
  }

  before(async () => {
    server = await startTestServer();
    publishableKey = server.config.publishableKey;
  });
  after(async () => {
    const errors = server?.serverErrors.length ?? 0;
    await server?.close();
    assert.equal(errors, 0, 'the server answered no 500s');
  });

  test('browse the catalog: public prices with the key, contract prices with a buyer session', async () => {
    const anonymous = newClient();
    const publicCatalog = await anonymous.getCatalog({ query: { currency: 'EUR' } });
    assert.ok(publicCatalog.ok, JSON.stringify(publicCatalog.error));
    assert.equal(publicCatalog.data.companyId, null);
    const listPrice = growthPrice(publicCatalog.data, 'EUR');
    assert.equal(listPrice.contract, false);

    const acme = await buyerClient('acme-purchaser');
    const contractCatalog = await acme.getCatalog({ query: { currency: 'EUR' } });
    assert.ok(contractCatalog.ok, JSON.stringify(contractCatalog.error));
    assert.equal(contractCatalog.data.companyId, 'co_acme');
    const contractPrice = growthPrice(contractCatalog.data, 'EUR');
    assert.equal(contractPrice.contract, true);
    assert.ok(seatUnitAmount(contractPrice) < seatUnitAmount(listPrice), 'Acme pays less per seat than the list price');

    // Another company sees the list price: contract prices never leak across companies.
    const globex = await buyerClient('globex-purchaser');
    const globexCatalog = await globex.getCatalog({ query: { currency: 'EUR' } });
    assert.ok(globexCatalog.ok);
    assert.equal(growthPrice(globexCatalog.data, 'EUR').contract, false);
  });

  test('a session endpoint without a session answers auth_error; a 401 token is refreshed through getSession once', async () => {
    const anonymous = newClient();
    const refused = await anonymous.listMembers();
    assert.equal(refused.error?.type, 'auth_error');
    assert.equal(refused.error?.status, 401);
    assert.ok(refused.error?.requestId);

    let minted = 0;
    const client = newClient({
      session: 'not-a-real-token',
      getSession: async () => {
        minted++;
        return server.mintSession('acme-admin');
      },
    });
    const [who, members] = await Promise.all([client.getSession(), client.listMembers()]);
    assert.ok(who.ok, JSON.stringify(who.error));
    assert.ok(members.ok, JSON.stringify(members.error));
    assert.ok(members.data.data.some((m) => m.customerId === 'acme-purchaser'));
    assert.equal(who.data.role, 'billing_admin');
    assert.equal(who.data.company.id, 'co_acme');
    assert.equal(minted, 1);
  });

  test('stores: signing in swaps the public catalog for the company catalog', async () => {
    const client = newClient();
    const stores = createStores(client);
    await stores.loadCatalog({ currency: 'EUR' });
    assert.equal(growthPrice(stores.$catalog.get().data!, 'EUR').contract, false);
    client.setSession(await server.mintSession('acme-purchaser'));
    // The stores reload what belonged to the previous (anonymous) visitor.
    assert.equal(stores.$catalog.get().loading, true);
    await stores.loadCatalog({ currency: 'EUR' });
    assert.equal(stores.$catalog.get().data?.companyId, 'co_acme');
    assert.equal(growthPrice(stores.$catalog.get().data!, 'EUR').contract, true);
  });

  test('members: a billing admin adds, promotes and removes a member; a purchaser may not list them', async () => {
    const admin = await buyerClient('acme-admin');
    const added = await admin.addMember({
      body: { customerId: `acme-new-${Date.now()}`, email: 'new.buyer@acme-logistics.example', name: 'New Buyer', role: 'viewer' },
    });
    assert.ok(added.ok, JSON.stringify(added.error));
    assert.equal(added.data.companyId, 'co_acme');
    const promoted = await admin.updateMember({ params: { memberId: added.data.id }, body: { role: 'purchaser' } });
    assert.ok(promoted.ok, JSON.stringify(promoted.error));
    assert.equal(promoted.data.role, 'purchaser');
    const removed = await admin.removeMember({ params: { memberId: added.data.id } });
    assert.ok(removed.ok, JSON.stringify(removed.error));
    const list = await admin.listMembers();
    assert.ok(list.ok);
    assert.ok(!list.data.data.some((m) => m.id === added.data.id));

    const purchaser = await buyerClient('acme-purchaser');
    const denied = await purchaser.listMembers();
    assert.equal(denied.error?.status, 403);
    assert.equal(denied.error?.serverType, 'permission_error');

    // Another company's member is invisible: 404, not 403.
    const globexAdmin = await buyerClient('globex-admin');
    const foreign = await globexAdmin.updateMember({ params: { memberId: 'mem_acme_viewer' }, body: { role: 'billing_admin' } });
    assert.equal(foreign.error?.status, 404);
  });

  test('a viewer may not buy: the server says so and the client maps it', async () => {
    const viewer = await buyerClient('acme-viewer');
    const result = await viewer.createCheckout({
      body: { planId: GROWTH, currency: 'EUR', recurring: MONTHLY, quantity: 3, payment: { method: 'invoice' } },
    });
    assert.equal(result.ok, false);
    assert.equal(result.error?.type, 'api_error');
    assert.equal(result.error?.status, 403);
    assert.equal(result.error?.serverType, 'permission_error');
  });

  test('check out by invoice with a PO number, preview and apply a seat change, page through invoices', billing, async () => {
    const client = await buyerClient('acme-purchaser');
    const stores = createStores(client);

    const catalog = await stores.loadCatalog({ currency: 'EUR' });
    assert.ok(catalog.ok, JSON.stringify(catalog.error));
    const session = await stores.loadSession();
    assert.ok(session.ok, JSON.stringify(session.error));
    assert.equal(stores.$session.get().data?.role, 'purchaser');
    await Promise.all([stores.loadSubscriptions(), stores.loadInvoices({ limit: 2 })]);
    const subscriptionsBefore = stores.$subscriptions.get().data?.length ?? 0;

    // The plan picker chooses; the checkout fills in the B2B fields.
    stores.updateDraft({ planId: GROWTH, currency: 'EUR', recurring: MONTHLY, quantity: 10, trial: false });
    stores.updateDraft({ paymentMethod: 'invoice', poNumber: 'PO-2026-0042', invoiceEmail: 'ap@acme-logistics.example' });

    const preview = await stores.previewCheckout();
    assert.ok(preview.ok, JSON.stringify(preview.error));
    const price = growthPrice(catalog.data, 'EUR');
    assert.equal(preview.data.subtotal, quotePrice(price, { quantity: 10 }).subtotal, 'the preview prices the contract price for 10 seats');
    assert.equal(preview.data.invoiceAllowed, true);
    assert.equal(stores.$checkoutPreview.get().data?.total, preview.data.total);

    const checkout = await stores.submitCheckout();
    assert.ok(checkout.ok, JSON.stringify(checkout.error));
    assert.equal(checkout.data.status, 'succeeded');
    const subscription = checkout.data.subscription;
    assert.equal(subscription.poNumber, 'PO-2026-0042');
    assert.equal(subscription.collectionMethod, 'send_invoice');
    assert.equal(subscription.quantity, 10);

    // The checkout refreshed the other widgets' stores.
    const subs = stores.$subscriptions.get().data ?? [];
    assert.equal(subs.length, subscriptionsBefore + 1);
    assert.ok(subs.some((s) => s.id === subscription.id));
    assert.ok(checkout.data.invoiceId);
    const firstInvoice = await client.getInvoice({ params: { invoiceId: checkout.data.invoiceId } });
    assert.ok(firstInvoice.ok, JSON.stringify(firstInvoice.error));
    assert.equal(firstInvoice.data.poNumber, 'PO-2026-0042');
    assert.equal(firstInvoice.data.subtotal, preview.data.subtotal);
    assert.equal(firstInvoice.data.total, preview.data.total);

    // Seat change: the preview's proration is what the apply charges.
    const changePreview = await stores.previewChange(subscription.id, { quantity: 15 });
    assert.ok(changePreview.ok, JSON.stringify(changePreview.error));
    assert.equal(changePreview.data.expectedVersion, subscription.version);
    assert.ok(changePreview.data.prorationLines.length > 0);
    assert.ok(changePreview.data.amountDueNow > 0, 'adding seats costs something now');
    const invoicesBeforeChange = stores.$invoices.get();

    const changed = await stores.applyChange(subscription.id, { quantity: 15 });
    assert.ok(changed.ok, JSON.stringify(changed.error));
    assert.equal(changed.data.subscription.quantity, 15);
    assert.ok(changed.data.subscription.version > subscription.version);
    assert.equal(stores.$subscriptions.get().data?.find((s) => s.id === subscription.id)?.quantity, 15);
    assert.notEqual(stores.$invoices.get(), invoicesBeforeChange, 'the change refreshed the invoices');

    // A change made with the version the buyer saw before is a conflict; the store shows the fresh subscription.
    const stale = await stores.applyChange(subscription.id, { quantity: 20, expectedVersion: subscription.version });
    assert.equal(stale.ok, false);
    assert.equal(stale.error?.type, 'conflict_error');
    assert.equal(stale.error?.status, 409);
    assert.equal(stores.$subscriptions.get().data?.find((s) => s.id === subscription.id)?.quantity, 15);

    // Page through every invoice two at a time: each exactly once, newest first, same as one big page.
    const all = await client.listInvoices({ query: { limit: 100 } });
    assert.ok(all.ok, JSON.stringify(all.error));
    assert.ok(all.data.data.length >= 2, 'checkout and change made invoices');
    await stores.loadInvoices({ limit: 2 });
    let pages = 1;
    while (stores.$invoices.get().hasMore) {
      const more = await stores.loadMoreInvoices();
      assert.ok(more.ok, JSON.stringify(more.error));
      pages++;
      assert.ok(pages <= all.data.data.length, 'paging ends');
    }
    assert.deepEqual(stores.$invoices.get().data?.map((i) => i.id), all.data.data.map((i) => i.id));
    assert.equal(pages, Math.ceil(all.data.data.length / 2));

    // A status filter resets the list to matching rows only.
    await stores.loadInvoices({ limit: 2, status: 'open' });
    assert.ok((stores.$invoices.get().data ?? []).every((i) => i.status === 'open'));

    // Files come back as Blobs.
    const pdf = await client.getInvoicePdf({ params: { invoiceId: checkout.data.invoiceId } });
    assert.ok(pdf.ok, JSON.stringify(pdf.error));
    assert.equal(new TextDecoder().decode(new Uint8Array(await pdf.data.arrayBuffer()).slice(0, 5)), '%PDF-');
    const csv = await client.exportInvoicesCsv({ query: {} });
    assert.ok(csv.ok, JSON.stringify(csv.error));
    assert.ok((await csv.data.text()).includes(firstInvoice.data.number));
  });

  test('the same Idempotency-Key buys once: the replay answers the same subscription', billing, async () => {
    const client = await buyerClient('acme-purchaser');
    const body = { planId: GROWTH, currency: 'EUR', recurring: MONTHLY, quantity: 6, trial: false, payment: { method: 'invoice' as const, poNumber: 'PO-DUP' } };
    const key = `test-${Date.now()}`;
    const first = await client.createCheckout({ body, idempotencyKey: key });
    const second = await client.createCheckout({ body, idempotencyKey: key });
    assert.ok(first.ok, JSON.stringify(first.error));
    assert.ok(second.ok, JSON.stringify(second.error));
    assert.equal(second.data.subscription.id, first.data.subscription.id);
    const list = await client.listSubscriptions({ query: { limit: 100 } });
    assert.ok(list.ok);
    assert.equal(list.data.data.filter((s) => s.poNumber === 'PO-DUP').length, 1);
  });

  test('card checkout: a decline carries its decline code; an SCA card needs confirmPayment; then pause, resume, cancel, reactivate, usage', billing, async () => {
    const client = await buyerClient('acme-admin');
    const stores = createStores(client);
    await Promise.all([stores.loadCatalog({ currency: 'EUR' }), stores.loadSubscriptions(), stores.loadInvoices()]);
    const card = (number: string) => ({ method: 'card' as const, testCard: { number, expMonth: 12, expYear: 2035, cvc: '123' } });
    stores.updateDraft({ planId: 'plan_portal_starter', currency: 'EUR', recurring: MONTHLY, quantity: 2, trial: false, paymentMethod: 'card' });

    const declined = await stores.submitCheckout(card('4000000000009995'));
    assert.equal(declined.ok, false);
    assert.equal(declined.error?.status, 402);
    assert.equal(declined.error?.serverType, 'payment_error');
    assert.equal(declined.error?.declineCode, 'insufficient_funds');
    assert.equal(stores.$checkoutResult.get().error?.declineCode, 'insufficient_funds');

    const sca = await stores.submitCheckout(card('4000002500003155'));
    assert.ok(sca.ok, JSON.stringify(sca.error));
    assert.equal(sca.data.status, 'requires_action');
    assert.equal(sca.data.nextAction?.type, 'sca_challenge');
    assert.ok(sca.data.nextAction?.paymentId);
    const confirmed = await stores.confirmPayment(sca.data.nextAction.paymentId, 'approve');
    assert.ok(confirmed.ok, JSON.stringify(confirmed.error));
    assert.equal(confirmed.data.status, 'succeeded');
    const id = sca.data.subscription.id;
    const active = stores.$subscriptions.get().data?.find((s) => s.id === id);
    assert.equal(active?.status, 'active', 'confirming the payment activated the subscription in the store');
    assert.equal(active?.collectionMethod, 'charge_automatically');

    const paused = await stores.pause(id);
    assert.ok(paused.ok, JSON.stringify(paused.error));
    assert.equal(stores.$subscriptions.get().data?.find((s) => s.id === id)?.status, 'paused');
    const resumed = await stores.resume(id);
    assert.ok(resumed.ok, JSON.stringify(resumed.error));
    assert.equal(resumed.data.status, 'active');

    const offers = await stores.listRetentionOffers(id, 'too_expensive');
    assert.ok(offers.ok, JSON.stringify(offers.error));
    const canceled = await stores.cancel(id, { reason: 'too_expensive', feedback: 'Budget cuts', when: 'period_end' });
    assert.ok(canceled.ok, JSON.stringify(canceled.error));
    assert.equal(canceled.data.cancelAtPeriodEnd, true);
    assert.equal(canceled.data.cancellation?.reason, 'too_expensive');
    const reactivated = await stores.reactivate(id);
    assert.ok(reactivated.ok, JSON.stringify(reactivated.error));
    assert.equal(reactivated.data.cancelAtPeriodEnd, false);
    assert.equal(stores.$subscriptions.get().data?.find((s) => s.id === id)?.cancelAtPeriodEnd, false);

    const usage = await stores.loadUsage(id);
    assert.ok(usage.ok, JSON.stringify(usage.error));
    assert.equal(stores.$usage.get()[id]?.data?.subscriptionId, id);

    // The SCA card was saved at checkout; a second card becomes the default and the list follows.
    const methods = await stores.loadPaymentMethods();
    assert.ok(methods.ok, JSON.stringify(methods.error));
    const saved = await stores.setupPaymentMethod({ testCard: card('5555555555554444').testCard, makeDefault: true });
    assert.ok(saved.ok, JSON.stringify(saved.error));
    assert.equal(saved.data.status, 'succeeded');
    const list = stores.$paymentMethods.get().data ?? [];
    assert.equal(list.length, methods.data.length + 1);
    assert.deepEqual(list.filter((m) => m.isDefault).map((m) => m.card?.last4), ['4444']);
  });
});
