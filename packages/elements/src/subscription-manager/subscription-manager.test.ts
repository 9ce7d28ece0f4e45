import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http } from 'msw';
import { createStores, getSharedClient } from '@subkit/client';
import type { Catalog, Role, Subscription } from '@subkit/core';
import '../define.js';
import type { SubkitSubscriptionManager } from './subscription-manager.js';
import type {
  InvoicePaidEvent,
  PaymentMethodUpdatedEvent,
  SubkitErrorEvent,
  SubscriptionCanceledEvent,
  SubscriptionChangedEvent,
  SubscriptionPausedEvent,
  SubscriptionReactivatedEvent,
  SubscriptionResumedEvent,
} from '../events/index.js';
import type { StripeLike } from '../internal/payment-element.js';
import { freshKey, startWorker, useFixtureServer, worker } from '../../test/msw.js';
import { apiError } from '../../test/handlers.js';
import { sessionFor, stripeCatalog } from '../../test/fixtures/index.js';
import { acmeCatalog } from '../../test/fixtures/catalog.js';
import type { FixtureServer, FixtureServerOptions } from '../../test/handlers.js';
import { changePreviewFor, managedTeam, openInvoiceFor, subscriptionFixture, subscriptionsByStatus, usageFor } from '../../test/fixtures/subscriptions.js';
import { $, $$, text, type, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';

const api = location.origin;

/** What the manager's tests ask of the fixture server: its catalog is the company's; a payment may decline or need the bank. */
interface ServeOptions extends Omit<FixtureServerOptions, 'payOutcome'> {
  declinePayment?: boolean;
  scaPayment?: boolean;
}

/** The fixture server with the subscriptions (and its request log). */
function serve({ catalog, declinePayment, scaPayment, ...options }: ServeOptions = {}): FixtureServer {
  return useFixtureServer({ ...options, sessionCatalog: catalog, payOutcome: declinePayment ? 'failed' : scaPayment ? 'requires_action' : 'succeeded' });
}

const keys = new WeakMap<Element, string>();

async function manager(options: { key?: string; session?: string | null; locale?: string } = {}): Promise<SubkitSubscriptionManager> {
  const key = options.key ?? freshKey();
  const el = await fixture<SubkitSubscriptionManager>(
    html`<subkit-subscription-manager
      api-base=${api}
      publishable-key=${key}
      session=${options.session === null ? '' : (options.session ?? 'tok_buyer')}
      locale=${options.locale ?? ''}
    ></subkit-subscription-manager>`,
  );
  keys.set(el, key);
  return el;
}

/** The shared stores the widget uses (tests read them as another widget on the page would). */
function storesOf(el: SubkitSubscriptionManager) {
  return createStores(getSharedClient({ baseUrl: api, publishableKey: keys.get(el)! }));
}

/** A manager with its subscriptions (and the buyer's permissions) rendered. */
async function loaded(options: Parameters<typeof manager>[0] = {}): Promise<SubkitSubscriptionManager> {
  const el = await manager(options);
  await until(() => $$(el, 'li[part~="subscription"]').length > 0, 'subscriptions rendered');
  const stores = storesOf(el);
  await until(() => !!stores.$session.get().data && !!stores.$catalog.get().data && !!stores.$paymentMethods.get().data, 'session, catalog and cards loaded');
  await el.updateComplete;
  return el;
}

/** The list item of a subscription, by id. */
function item(el: SubkitSubscriptionManager, id: string): HTMLElement {
  return $(el, `li[data-subscription="${id}"]`);
}

function button(scope: Element | ShadowRoot, part: string): HTMLButtonElement {
  const found = scope.querySelector<HTMLButtonElement>(`[part~="${part}"]`);
  if (!found) throw new Error(`no ${part} button`);
  return found;
}

function dialog(el: SubkitSubscriptionManager): HTMLDialogElement {
  return $(el, 'dialog') as HTMLDialogElement;
}

/** True once the widget's dialog is open (false while there is none). */
function isOpen(el: SubkitSubscriptionManager): boolean {
  return el.shadowRoot!.querySelector('dialog')?.open ?? false;
}

function detail(el: SubkitSubscriptionManager, id: string, term: string): string {
  const row = [...item(el, id).querySelectorAll('[part~="details"] > div')].find((d) => text(d.querySelector('dt')) === term);
  return text(row?.querySelector('dd'));
}

const buttonLabels = (el: SubkitSubscriptionManager) => $$(el, 'button').map((b) => text(b));

function listen<K extends keyof GlobalEventHandlersEventMap>(name: K): GlobalEventHandlersEventMap[K][] {
  const seen: GlobalEventHandlersEventMap[K][] = [];
  document.addEventListener(name, (e) => seen.push(e), { once: true });
  return seen;
}

const sessionToken = (role: Role) => `tok_${role}`;

/** Acme's catalog naming units one and several: seats and vehicles on the plans, trackers on the quantity add-on. */
function catalogWithUnits(): Catalog {
  const cat = structuredClone(acmeCatalog);
  const units: Record<string, [string, string]> = { plan_vehicles: ['vehicle', 'vehicles'] };
  for (const plan of cat.products[0]!.plans) {
    const [one, other] = units[plan.id] ?? ['seat', 'seats'];
    if (plan.quantity) plan.quantity = { ...plan.quantity, unitLabel: one, unitLabelPlural: other };
  }
  const trackers = cat.products[0]!.addOns.find((a) => a.id === 'addon_trackers')!;
  Object.assign(trackers, { unitLabel: 'tracker', unitLabelPlural: 'trackers' });
  return cat;
}

/** Acme's Team subscription billed by invoice with net terms (nothing is charged by a change). */
const invoicedTeam = (paymentTermsDays: number) =>
  subscriptionFixture({ id: 'sub_team', planId: 'plan_team', quantity: 5, overrides: { collectionMethod: 'send_invoice', paymentTermsDays, defaultPaymentMethodId: null } });

describe('<subkit-subscription-manager>', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  runWidgetContract('subkit-subscription-manager', {
    serve(state) {
      const server = serve({ subscriptions: state === 'empty' ? [] : [managedTeam], session: sessionFor('billing_admin') });
      if (state === 'loading') worker.use(http.get('*/v1/subscriptions', () => delay('infinite')));
      if (state === 'error') worker.use(http.get('*/v1/subscriptions', () => apiError(403, 'permission_error', 'permission_denied', 'No.'), { once: true }));
      return () => server.requests;
    },
    loaded: (el) => !!el.shadowRoot!.querySelector('li[part~="subscription"] [part~="action-cancel"]') && !!el.shadowRoot!.querySelector('li[part~="subscription"] [part~="action-change"]'),
    loadingText: 'Loading subscriptions…',
    emptyText: 'Your company has no subscriptions yet.',
    error: {
      text: 'Your subscriptions could not be loaded. Your role does not allow this. Ask a billing admin of your company. Try again',
      source: 'subscription-manager:subscriptions',
      code: 'permission_denied',
    },
    signedOutText: 'Sign in to manage your subscriptions.',
    sessionPaths: ['/v1/session', '/v1/subscriptions', '/v1/payment-methods'],
    arabicTitle: 'اشتراكاتك',
    parts: ['header', 'subscriptions', 'subscription', 'subscription-active', 'subscription-header', 'plan-name', 'status', 'details', 'detail', 'detail-term', 'detail-value', 'items', 'usage', 'actions', 'action-change'],
    theming: [
      { token: '--subkit-color-primary', value: 'rgb(200, 0, 0)', element: (el) => $(el, '[part~="action-change"]'), property: 'backgroundColor', expected: 'rgb(200, 0, 0)' },
      { token: '--subkit-color-danger', value: 'rgb(0, 0, 200)', element: (el) => $(el, '[part~="action-cancel"]'), property: 'color', expected: 'rgb(0, 0, 200)' },
      { part: 'plan-name', value: 'color: rgb(1, 2, 3);', element: (el) => $(el, '[part~="plan-name"]'), property: 'color', expected: 'rgb(1, 2, 3)' },
    ],
    keyboard: ['[part~="action-change"]', '[part~="action-pause"]', '[part~="action-skip"]', '[part~="action-payment"]', '[part~="action-cancel"]'],
  });

  describe('rendering per data state', () => {
    it('lists every subscription with its status, items, seats and next invoice', async () => {
      serve({ subscriptions: subscriptionsByStatus, session: sessionFor('viewer') });
      const el = await loaded();
      const statuses = $$(el, 'li[part~="subscription"]').map((li) => [
        text(li.querySelector('[part~="plan-name"]')),
        $$(el, `li[data-subscription="${li.dataset.subscription}"] [part~="status"]`).map((s) => text(s)).join(' + '),
      ]);
      expect(statuses).to.deep.equal([
        ['Business', 'Trial'],
        ['Team', 'Active'],
        ['Starter', 'Past due'],
        ['Vehicles', 'Paused'],
        ['Starter', 'Active + Cancels at period end'],
        ['Starter', 'Canceled'],
      ]);
      expect([...item(el, 'sub_team').querySelectorAll('[part~="items"] li')].map((li) => text(li))).to.deep.equal(['Platform fee', 'Seats']);
      expect(detail(el, 'sub_team', 'Number of seats')).to.equal('5');
      expect(detail(el, 'sub_team', 'Billing')).to.equal('Monthly');
      expect(detail(el, 'sub_team', 'Next invoice')).to.equal('$79.00 on Dec 1, 2026');
      expect(detail(el, 'sub_team', 'Payment method')).to.equal('Visa ending in 4242');
      expect(detail(el, 'sub_trial', 'Trial ends')).to.equal('Dec 10, 2026');
      expect(detail(el, 'sub_paused', 'Paused until')).to.equal('Jan 1, 2027');
      expect(detail(el, 'sub_ending', 'Ends on')).to.equal('Dec 1, 2026');
      expect(detail(el, 'sub_ending', 'Next invoice')).to.equal('None');
      expect(detail(el, 'sub_canceled', 'Ended on')).to.equal('Oct 1, 2026');
      expect(item(el, 'sub_past_due').getAttribute('part')).to.contain('subscription-past-due');
    });

    it('says so when the company has no subscriptions, with a slot and a link to the plans', async () => {
      serve({ subscriptions: [] });
      const el = await fixture<SubkitSubscriptionManager>(
        html`<subkit-subscription-manager api-base=${api} publishable-key=${freshKey()} session="tok_buyer" plans-url="/pricing"></subkit-subscription-manager>`,
      );
      await until(() => $$(el, '[part~="empty"]').length > 0, 'empty state');
      expect(text($(el, '[part~="empty"]'))).to.equal('Your company has no subscriptions yet. See plans');
      expect(($(el, '[part~="empty-cta"]') as HTMLAnchorElement).href).to.equal(`${location.origin}/pricing`);
      expect(el.matches(':state(empty)')).to.equal(true);
      el.innerHTML = '<p slot="empty">Nothing here — start a trial!</p>';
      const slot = $(el, 'slot[name="empty"]') as HTMLSlotElement;
      expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Nothing here — start a trial!']);
    });

    it('shows usage against the allowance with the projected bill, and nudges to upgrade from 80%', async () => {
      serve({ subscriptions: [managedTeam], usage: { sub_team: usageFor(managedTeam, { api_calls: 8500 }) } });
      const el = await loaded();
      await until(() => $$(el, '[part~="usage-metric"]').length === 1, 'usage rendered');
      const meter = $(el, 'meter') as HTMLMeterElement;
      expect([meter.value, meter.max]).to.deep.equal([8500, 10000]);
      expect(text($(el, `#${meter.getAttribute('aria-labelledby')}`))).to.equal('API calls');
      expect(text($(el, '[part~="usage-figures"]'))).to.equal('8,500 of 10,000 calls used · 85% of the allowance');
      expect(text($(el, '[part~="usage-projection"]'))).to.equal('Projected by Dec 1, 2026: 12,490, $2.40 in usage charges');
      expect(text($(el, '[part~="projected-total"]'))).to.equal('Projected next bill: $81.40');
      expect(text($(el, '[part~="nudge"] p'))).to.equal('You have used 85% of the API calls included in your plan. Upgrade to avoid usage charges.');
      button(el.shadowRoot!, 'upgrade').click();
      await until(() => isOpen(el), 'change dialog');
      expect(($(el, '#change-plan') as HTMLSelectElement).value).to.equal('plan_business');
      expect(($(el, '#change-quantity') as HTMLInputElement).value).to.equal('10');
    });

    it('does not nudge below the threshold', async () => {
      serve({ subscriptions: [managedTeam], usage: { sub_team: usageFor(managedTeam, { api_calls: 7000 }) } });
      const el = await loaded();
      await until(() => $$(el, '[part~="usage-metric"]').length === 1, 'usage rendered');
      expect(text($(el, '[part~="usage-figures"]'))).to.equal('7,000 of 10,000 calls used · 70% of the allowance');
      expect($$(el, '[part~="nudge"]')).to.have.length(0);
    });

    it('shows a past-due banner with the open invoice to pay', async () => {
      serve({ subscriptions: subscriptionsByStatus });
      const el = await loaded();
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="banner"] p')).includes('$57.12'), 'open invoice known');
      const banner = item(el, 'sub_past_due').querySelector('[part~="banner"]')!;
      expect(banner.getAttribute('role')).to.equal('alert');
      expect(text(banner.querySelector('p'))).to.equal('The last payment for Starter failed. Pay the open invoice of $57.12 to keep your service running.');
      expect(text(button(banner, 'pay-now'))).to.equal('Pay now');
      expect(el.matches(':state(past-due)')).to.equal(true);
    });

    it('calls an unpaid invoice of a subscription billed by invoice overdue, and offers paying it by card only with a card', async () => {
      const overdue = subscriptionFixture({ id: 'sub_past_due', planId: 'plan_starter', quantity: 4, status: 'past_due', overrides: { collectionMethod: 'send_invoice', paymentTermsDays: 30 } });
      const amount = `$${(openInvoiceFor(overdue).amountRemaining / 100).toFixed(2)}`;
      serve({ subscriptions: [overdue] });
      const el = await loaded();
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="banner"] p')).includes(amount), 'open invoice known');
      const banner = item(el, 'sub_past_due').querySelector('[part~="banner"]')!;
      expect(text(banner.querySelector('p'))).to.equal(`Invoice ACME-0042 for Starter is overdue: ${amount} to pay by bank transfer.`);
      expect(text(button(banner, 'pay-now'))).to.equal('Pay by card');

      serve({ subscriptions: [overdue], paymentMethods: [] });
      const noCard = await loaded();
      await until(() => text(item(noCard, 'sub_past_due').querySelector('[part~="banner"] p')).includes(amount), 'open invoice known');
      expect(item(noCard, 'sub_past_due').querySelector('[part~="pay-now"]')).to.equal(null);
    });
  });

  describe('changing plan, seats, interval or add-ons', () => {
    async function openChange(el: SubkitSubscriptionManager, id = 'sub_team'): Promise<void> {
      button(item(el, id), 'action-change').click();
      await until(() => isOpen(el), 'change dialog open');
    }

    async function review(el: SubkitSubscriptionManager): Promise<void> {
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="preview-lines"]'), 'preview shown');
    }

    const previewRows = (el: SubkitSubscriptionManager) =>
      [...dialog(el).querySelectorAll('[part~="preview-lines"] tbody tr, [part~="preview-lines"] tfoot tr')].map((tr) => [...tr.children].map((c) => text(c)));

    it('previews the exact proration of more seats, then confirms with the same expectedVersion', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const key = freshKey();
      const el = await loaded({ key });
      await openChange(el);
      expect(dialog(el).getAttribute('aria-labelledby')).to.equal('dialog-title');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Change Team');
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await review(el);
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Review your change');
      expect(previewRows(el)).to.deep.equal([
        ['Credit: Team (unused time)', 'Nov 21, 2026 – Dec 1, 2026', '-$25.24'],
        ['Charge: Team × 8', 'Nov 21, 2026 – Dec 1, 2026', '$32.90'],
        ['Subtotal', '$7.66'],
        ['Tax', '$1.46'],
        ['Due now', '$9.12'],
      ]);
      expect(text(dialog(el).querySelector('[part~="preview-next"]'))).to.equal('Next invoice on Dec 1, 2026: $122.57');
      const previewBody = server.calls('POST', '/v1/subscriptions/sub_team/change/preview')[0]!.body;
      expect(previewBody).to.deep.equal({ expectedVersion: 3, quantity: 8 });

      const changed = listen('subkit-subscription-changed');
      const confirm = button(dialog(el), 'confirm');
      expect(text(confirm)).to.equal('Confirm and pay $9.12');
      confirm.click();
      await until(() => changed.length === 1, 'changed event');
      const apply = server.calls('POST', '/v1/subscriptions/sub_team/change');
      expect(apply).to.have.length(1);
      expect(apply[0]!.body).to.deep.equal({ expectedVersion: 3, quantity: 8 });
      expect(apply[0]!.idempotencyKey).to.be.a('string');
      const event = changed[0]!;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail).to.include({ kind: 'change', invoiceId: 'in_proration_1' });
      expect(event.detail.subscription).to.include({ quantity: 8, version: 4 });
      expect(event.detail.preview!.amountDueNow).to.equal(912);
      expect($$(el, 'dialog')).to.have.length(0);
      expect(detail(el, 'sub_team', 'Number of seats')).to.equal('8');
      expect(detail(el, 'sub_team', 'Next invoice')).to.equal('$103.00 on Dec 1, 2026');
      expect(text($(el, '[role="status"]'))).to.equal('Your subscription was changed.');
      // The billing history shares the stores: the change reloaded the invoices it shows.
      const invoices = createStores(getSharedClient({ baseUrl: api, publishableKey: key })).$invoices.get();
      expect(invoices.data?.map((i) => i.id)).to.include('in_proration_1');
      expect(server.calls('GET', '/v1/invoices')).to.have.length(1);
    });

    it('refreshes a <subkit-billing-history> on the same page after a change', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const key = freshKey();
      const wrapper = await fixture(html`<div>
        <subkit-subscription-manager api-base=${api} publishable-key=${key} session="tok_buyer"></subkit-subscription-manager>
        <subkit-billing-history api-base=${api} publishable-key=${key} session="tok_buyer"></subkit-billing-history>
      </div>`);
      const el = wrapper.querySelector('subkit-subscription-manager')!;
      const history = wrapper.querySelector('subkit-billing-history')!;
      await until(() => !!el.shadowRoot!.querySelector('[part~="action-change"]'), 'manager ready');
      await until(() => server.calls('GET', '/v1/invoices').length === 1, 'history loaded');
      expect(history.shadowRoot!.textContent).to.not.contain('ACME-0043');
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await review(el);
      button(dialog(el), 'confirm').click();
      await until(() => (history.shadowRoot!.textContent ?? '').includes('ACME-0043'), 'history shows the proration invoice');
    });

    it('sends only what changed: a new plan with its seats, an interval, an add-on', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      await openChange(el);
      const plan = $(el, '#change-plan') as HTMLSelectElement;
      expect([...plan.options].map((o) => o.text)).to.deep.equal(['Starter', 'Vehicles', 'Team', 'Business']);
      type(plan, 'plan_business');
      await el.updateComplete;
      expect(($(el, '#change-quantity') as HTMLInputElement).value).to.equal('10');
      expect(text($(el, '#change-quantity-hint'))).to.equal('10 to 1,000');
      const interval = $(el, '#change-interval') as HTMLSelectElement;
      expect([...interval.options].map((o) => o.text)).to.deep.equal(['Monthly', 'Quarterly', 'Yearly']);
      type(interval, 'year');
      await el.updateComplete;
      const addOn = dialog(el).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
      expect(text(addOn.closest('label'))).to.equal('Priority support ($990.00 per year)');
      addOn.click();
      await el.updateComplete;
      await review(el);
      expect(server.calls('POST', '/change/preview')[0]!.body).to.deep.equal({
        expectedVersion: 3,
        planId: 'plan_business',
        recurring: { interval: 'year', intervalCount: 1 },
        quantity: 10,
        addOns: [{ addOnId: 'addon_priority' }],
      });
      const expected = changePreviewFor(managedTeam, { expectedVersion: 3, planId: 'plan_business', recurring: { interval: 'year', intervalCount: 1 }, quantity: 10, addOns: [{ addOnId: 'addon_priority' }] });
      expect(previewRows(el).find((r) => r[0] === 'Due now')).to.deep.equal(['Due now', `$${(expected.amountDueNow / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`]);
    });

    it('names seats with the plural unit label, and counts add-on units with the locale plural rules', async () => {
      const withTrackers = (id: string, quantity: number) =>
        subscriptionFixture({ id, planId: 'plan_team', quantity: 5, overrides: { addOns: [{ addOnId: 'addon_trackers', name: 'Spare GPS trackers', quantity }] } });
      serve({ subscriptions: [withTrackers('sub_team', 1), withTrackers('sub_two', 3)], catalog: catalogWithUnits() });
      const el = await loaded();
      expect(detail(el, 'sub_team', 'Number of seats')).to.equal('5');
      const addOnItem = (id: string) => text(item(el, id).querySelector('[part~="item-addon"]'));
      expect(addOnItem('sub_team')).to.equal('Spare GPS trackers: 1 tracker');
      expect(addOnItem('sub_two')).to.equal('Spare GPS trackers: 3 trackers');
      await openChange(el);
      expect(text(dialog(el).querySelector('label[for="change-quantity"]'))).to.equal('Number of seats');
      type($(el, '#change-plan') as HTMLSelectElement, 'plan_vehicles');
      await el.updateComplete;
      expect(text(dialog(el).querySelector('label[for="change-quantity"]'))).to.equal('Number of vehicles');
    });

    it('prices per-seat add-ons per seat and takes a quantity for add-ons bought in any number', async () => {
      const server = serve({ subscriptions: [managedTeam], catalog: catalogWithUnits() });
      const el = await loaded();
      await openChange(el);
      const addOns = [...dialog(el).querySelectorAll('[part~="add-on"]')].map((a) => text(a));
      expect(addOns).to.deep.equal([
        'Priority support ($99.00 per month)',
        'Advanced reports ($3.00 per seat per month)',
        'Spare GPS trackers ($4.50 per tracker per month)',
      ]);
      const trackers = $(el, '#addon-addon_trackers') as HTMLInputElement;
      expect([trackers.type, trackers.value, trackers.min]).to.deep.equal(['number', '0', '0']);
      expect(text(dialog(el).querySelector('label[for="addon-addon_trackers"]'))).to.equal('Spare GPS trackers ($4.50 per tracker per month)');
      type(trackers, '-1');
      await el.updateComplete;
      expect(trackers.getAttribute('aria-invalid')).to.equal('true');
      expect(text($(el, '#addon-addon_trackers-error'))).to.equal('Enter a whole number from 0 to 1,000,000.');
      expect(button(dialog(el), 'confirm').disabled).to.equal(true);
      type(trackers, '3');
      (dialog(el).querySelector('#addon-addon_reports') as HTMLInputElement).click();
      await el.updateComplete;
      await review(el);
      expect(server.calls('POST', '/change/preview')[0]!.body).to.deep.equal({
        expectedVersion: 3,
        addOns: [{ addOnId: 'addon_reports' }, { addOnId: 'addon_trackers', quantity: 3 }],
      });
      const charges = previewRows(el).filter((r) => r[0]!.startsWith('Charge:')).map((r) => r[0]);
      expect(charges).to.include.members(['Charge: Advanced reports', 'Charge: Spare GPS trackers']);
    });

    it('changes the number of a quantity add-on already on the subscription, and drops it at 0', async () => {
      const team = subscriptionFixture({ id: 'sub_team', planId: 'plan_team', quantity: 5, overrides: { addOns: [{ addOnId: 'addon_trackers', name: 'Spare GPS trackers', quantity: 2 }] } });
      const server = serve({ subscriptions: [team], catalog: catalogWithUnits() });
      const el = await loaded();
      await openChange(el);
      const trackers = $(el, '#addon-addon_trackers') as HTMLInputElement;
      expect(trackers.value).to.equal('2');
      expect(button(dialog(el), 'confirm').disabled, 'nothing changed yet').to.equal(true);
      type(trackers, '0');
      await el.updateComplete;
      await review(el);
      expect(server.calls('POST', '/change/preview')[0]!.body).to.deep.equal({ expectedVersion: 3, addOns: [] });
    });

    for (const [days, due] of [
      [30, 'Invoiced now — due in 30 days'],
      [1, 'Invoiced now — due in 1 day'],
    ] as const) {
      it(`says "${due}" and charges nothing for a subscription billed by invoice`, async () => {
        const server = serve({ subscriptions: [invoicedTeam(days)] });
        const el = await loaded();
        await openChange(el);
        type($(el, '#change-quantity') as HTMLInputElement, '8');
        await el.updateComplete;
        await review(el);
        const rows = previewRows(el);
        expect(rows.at(-1)).to.deep.equal([due, '$9.12']);
        expect(rows.map((r) => r[0])).to.not.include('Due now');
        expect(dialog(el).querySelector('[part~="preview-due"]')!.getAttribute('part')).to.contain('preview-invoiced');
        expect(text(dialog(el).querySelector('[part~="hint"]'))).to.contain('Nothing is charged now: the amount is invoiced to your company and paid by bank transfer.');
        const confirm = button(dialog(el), 'confirm');
        expect(text(confirm)).to.equal('Confirm change');
        expect(text(dialog(el))).to.not.match(/pay/i);
        const changed = listen('subkit-subscription-changed');
        confirm.click();
        await until(() => changed.length === 1, 'changed event');
        expect(server.calls('POST', '/v1/subscriptions/sub_team/change')).to.have.length(1);
      });
    }

    it('words an invoiced change in Arabic with its plural category', async () => {
      serve({ subscriptions: [invoicedTeam(7)] });
      const el = await loaded({ locale: 'ar' });
      await until(() => text($(el, '[part~="title"]')) === 'اشتراكاتك', 'Arabic strings');
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await review(el);
      expect(text(dialog(el).querySelector('[part~="preview-due"] th'))).to.equal(`صدرت الفاتورة الآن — مستحقة خلال ${new Intl.NumberFormat('ar').format(7)} أيام`);
      expect(text(button(dialog(el), 'confirm'))).to.equal('تأكيد التغيير');
    });

    it('refuses seats outside the plan rule and sends nothing', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      await openChange(el);
      type($(el, '#change-plan') as HTMLSelectElement, 'plan_starter');
      await el.updateComplete;
      type($(el, '#change-quantity') as HTMLInputElement, '11');
      await el.updateComplete;
      expect(button(dialog(el), 'confirm').disabled).to.equal(true);
      const input = $(el, '#change-quantity');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(text($(el, '#change-quantity-error'))).to.equal('Enter a whole number from 1 to 10.');
      expect(server.calls('POST', '/change/preview')).to.have.length(0);
    });

    it('offers no review until something changes', async () => {
      serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      await openChange(el);
      const review = button(dialog(el), 'confirm');
      expect(review.disabled).to.equal(true);
      expect(text($(el, `#${review.getAttribute('aria-describedby')}`))).to.equal('Choose a different plan, billing period, number of seats or add-ons.');
    });

    it('is busy while the preview is computed', async () => {
      serve({ subscriptions: [managedTeam] });
      worker.use(http.post('*/v1/subscriptions/:id/change/preview', () => delay('infinite')));
      const el = await loaded();
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '6');
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => text(button(dialog(el), 'confirm')) === 'Calculating…', 'busy label');
      expect(button(dialog(el), 'confirm').disabled).to.equal(true);
      expect(dialog(el).getAttribute('aria-busy')).to.equal('true');
      expect(el.matches(':state(busy)')).to.equal(true);
    });

    it('on a 409 reloads the subscription and explains that someone else changed it', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await review(el);
      // A colleague adds a seat between the preview and the confirmation.
      const colleague = subscriptionFixture({ id: 'sub_team', planId: 'plan_team', quantity: 6, overrides: { version: 4 } });
      server.subscriptions = server.subscriptions.map((s) => (s.id === 'sub_team' ? colleague : s));
      const errors = listen('subkit-error');
      const changed = listen('subkit-subscription-changed');
      button(dialog(el), 'confirm').click();
      await until(() => $$(el, '[part~="notice-conflict"]').length === 1, 'conflict notice');
      const notice = $(el, '[part~="notice-conflict"]');
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(text(notice.querySelector('p'))).to.equal('This subscription was changed by someone else; review the new state.');
      expect(server.calls('POST', '/v1/subscriptions/sub_team/change')[0]!.body).to.deep.equal({ expectedVersion: 3, quantity: 8 });
      expect($$(el, 'dialog')).to.have.length(0);
      await until(() => detail(el, 'sub_team', 'Number of seats') === '6', 'fresh state shown');
      expect(errors[0]!.detail.error.type).to.equal('conflict_error');
      expect(errors[0]!.detail.source).to.equal('subscription-manager:change');
      expect(changed).to.have.length(0);
    });

    it('shows a server error inside the dialog and keeps it open', async () => {
      serve({ subscriptions: [managedTeam] });
      worker.use(http.post('*/v1/subscriptions/:id/change/preview', () => apiError(503, 'api_error', 'unavailable', 'down')));
      const el = await loaded();
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '6');
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => text(dialog(el).querySelector('[part~="dialog-error"]')) !== '', 'dialog error');
      expect(text(dialog(el).querySelector('[part~="dialog-error"]'))).to.equal('The billing service is busy. Try again in a moment.');
      expect(dialog(el).open).to.equal(true);
    });
  });

  describe('starting a change from the page (previewChange, change)', () => {
    const previewTitle = (el: SubkitSubscriptionManager) => text(el.shadowRoot!.querySelector('dialog #dialog-title'));

    it('opens the exact preview of a proposed change once the subscriptions load, for the buyer to confirm', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await manager();
      const opened = el.previewChange('sub_team', { planId: 'plan_business', recurring: { interval: 'year', intervalCount: 1 }, quantity: 12 });
      expect(await opened).to.equal(true);
      await el.updateComplete;
      expect(isOpen(el)).to.equal(true);
      expect(previewTitle(el)).to.equal('Review your change');
      expect(el.shadowRoot!.activeElement?.id).to.equal('dialog-title');
      const body = { expectedVersion: 3, planId: 'plan_business', recurring: { interval: 'year' as const, intervalCount: 1 }, quantity: 12 };
      expect(server.calls('POST', '/change/preview').map((c) => c.body)).to.deep.equal([body]);
      const expected = changePreviewFor(managedTeam, body);
      expect(text(dialog(el).querySelector('[part~="preview-due"] td'))).to.equal(`$${(expected.amountDueNow / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
      const changed = listen('subkit-subscription-changed');
      button(dialog(el), 'confirm').click();
      await until(() => changed.length === 1, 'changed event');
      expect(server.calls('POST', '/v1/subscriptions/sub_team/change')[0]!.body).to.deep.equal(body);
      expect(changed[0]!.detail.subscription).to.include({ planId: 'plan_business', quantity: 12 });
      // Opened by the page, focus returns to the subscription it changed.
      await until(() => el.shadowRoot!.activeElement?.id === 'sub-sub_team-title', 'focus on the subscription');
    });

    it("takes the plan picker's subkit-plan-selected detail through the change property, keeping the subscription's add-ons", async () => {
      const team = subscriptionFixture({ id: 'sub_team', planId: 'plan_team', quantity: 5, overrides: { addOns: [{ addOnId: 'addon_priority', name: 'Priority support', quantity: 1 }] } });
      const server = serve({ subscriptions: [team] });
      const el = await manager();
      el.change = {
        planId: 'plan_business',
        priceId: 'price_business_usd_month',
        currency: 'USD',
        recurring: { interval: 'month', intervalCount: 1 },
        quantity: 10,
        addOns: [],
        subscriptionId: 'sub_team',
        change: 'upgrade',
      };
      await until(() => !!el.shadowRoot!.querySelector('dialog [part~="preview-lines"]'), 'preview shown');
      expect(server.calls('POST', '/change/preview')[0]!.body).to.deep.equal({ expectedVersion: 3, planId: 'plan_business', quantity: 10 });
      button(dialog(el), 'back').click();
      await el.updateComplete;
      expect(($(el, '#change-plan') as HTMLSelectElement).value).to.equal('plan_business');
      expect(($(el, '#addon-addon_priority') as HTMLInputElement).checked).to.equal(true);
    });

    it('opens nothing for an unknown subscription or a viewer, and shows the form when the proposal breaks the plan rule', async () => {
      serve({ subscriptions: [managedTeam], session: sessionFor('viewer') });
      const viewer = await manager({ session: sessionToken('viewer') });
      expect(await viewer.previewChange('sub_team', { quantity: 8 })).to.equal(false);
      expect(isOpen(viewer)).to.equal(false);

      const server = serve({ subscriptions: [managedTeam] });
      const el = await manager();
      expect(await el.previewChange('sub_nope', { quantity: 8 })).to.equal(false);
      expect(isOpen(el)).to.equal(false);
      expect(await el.previewChange('sub_team', { planId: 'plan_business', quantity: 5000 })).to.equal(false);
      await el.updateComplete;
      expect(isOpen(el)).to.equal(true);
      expect(previewTitle(el)).to.equal('Change Team');
      expect(text($(el, '#change-quantity-error'))).to.equal('Enter a whole number from 10 to 1000.');
      expect(server.calls('POST', '/change/preview')).to.have.length(0);
    });

    it('does not interrupt a dialog the buyer has open', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-pause').click();
      await until(() => isOpen(el), 'pause dialog');
      expect(await el.previewChange('sub_team', { quantity: 8 })).to.equal(false);
      await new Promise((r) => setTimeout(r, 50));
      expect(dialog(el).getAttribute('part')).to.equal('dialog dialog-pause');
      expect(isOpen(el)).to.equal(true);
      expect(server.calls('POST', '/change/preview')).to.have.length(0);
    });
  });

  describe('pause, resume and skip', () => {
    it('pauses until a date', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-pause').click();
      await until(() => isOpen(el), 'pause dialog');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Pause Team');
      type($(el, '#pause-until') as HTMLInputElement, '2027-02-01');
      const paused = listen('subkit-subscription-paused');
      button(dialog(el), 'confirm').click();
      await until(() => paused.length === 1, 'paused event');
      expect(server.calls('POST', '/pause')[0]!.body).to.deep.equal({ expectedVersion: 3, resumesAt: '2027-02-01' });
      expect(paused[0]!.detail.resumesAt).to.equal('2027-02-01T00:00:00.000Z');
      expect(text(item(el, 'sub_team').querySelector('[part~="status"]'))).to.equal('Paused');
      expect(detail(el, 'sub_team', 'Paused until')).to.equal('Feb 1, 2027');
      expect(text(button(item(el, 'sub_team'), 'action-resume'))).to.equal('Resume');
    });

    it('refuses a resume date in the past', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-pause').click();
      await until(() => isOpen(el), 'pause dialog');
      type($(el, '#pause-until') as HTMLInputElement, '2020-01-01');
      button(dialog(el), 'confirm').click();
      await el.updateComplete;
      expect(text($(el, '#pause-until-error'))).to.equal('Choose a date after today.');
      expect($(el, '#pause-until').getAttribute('aria-invalid')).to.equal('true');
      expect(server.calls('POST', '/pause')).to.have.length(0);
    });

    it('resumes a paused subscription', async () => {
      const server = serve({ subscriptions: subscriptionsByStatus });
      const el = await loaded();
      const resumed = listen('subkit-subscription-resumed');
      button(item(el, 'sub_paused'), 'action-resume').click();
      await until(() => resumed.length === 1, 'resumed event');
      expect(server.calls('POST', '/v1/subscriptions/sub_paused/resume')[0]!.body).to.deep.equal({ expectedVersion: 3 });
      expect(resumed[0]!.detail.subscription.status).to.equal('active');
      expect(text(item(el, 'sub_paused').querySelector('[part~="status"]'))).to.equal('Active');
      expect(text($(el, '[role="status"]'))).to.equal('Your subscription is active again.');
    });

    it('skips the next period', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      const changed = listen('subkit-subscription-changed');
      button(item(el, 'sub_team'), 'action-skip').click();
      await until(() => changed.length === 1, 'changed event');
      expect(server.calls('POST', '/skip')).to.have.length(1);
      expect(changed[0]!.detail.kind).to.equal('skip');
      expect(detail(el, 'sub_team', 'Skipped periods')).to.equal('Dec 1, 2026');
    });
  });

  describe('the cancel flow', () => {
    async function startCancel(el: SubkitSubscriptionManager, reason: string): Promise<void> {
      button(item(el, 'sub_team'), 'action-cancel').click();
      await until(() => isOpen(el), 'cancel dialog');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Cancel Team');
      const radio = dialog(el).querySelector<HTMLInputElement>(`input[name="reason"][value="${reason}"]`)!;
      radio.click();
      await el.updateComplete;
    }

    it('asks for a reason first', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-cancel').click();
      await until(() => isOpen(el), 'cancel dialog');
      button(dialog(el), 'confirm').click();
      await el.updateComplete;
      expect(text($(el, '#reason-error'))).to.equal('Choose a reason.');
      expect(server.calls('GET', '/retention-offers?reason=too_expensive')).to.have.length(0);
    });

    it('keeps the buyer with an accepted retention offer', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      await startCancel(el, 'too_expensive');
      button(dialog(el), 'confirm').click();
      await until(() => $$(el, '[part~="offer"]').length > 0, 'offers shown');
      expect(server.calls('GET', '/v1/subscriptions/sub_team/retention-offers?reason=too_expensive')).to.have.length(1);
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Before you go');
      expect($$(el, '[part~="offer-title"]').map((o) => text(o))).to.deep.equal(['20% off your next 3 bills', 'Switch to Vehicles', 'Pause for 1 month']);
      const changed = listen('subkit-subscription-changed');
      button($$(el, '[part~="offer"]')[0]!, 'accept-offer').click();
      await until(() => changed.length === 1, 'changed event');
      expect(server.calls('POST', '/retention-offers/accept')[0]!.body).to.deep.equal({ offerId: 'offer_discount_20_3', expectedVersion: 3 });
      expect(changed[0]!.detail.kind).to.equal('retention_offer');
      expect(changed[0]!.detail.offer!.id).to.equal('offer_discount_20_3');
      expect(server.calls('POST', '/cancel')).to.have.length(0);
      expect(detail(el, 'sub_team', 'Discount')).to.equal('20% off for 3 more periods');
      expect(text($(el, '[role="status"]'))).to.equal('Offer accepted: 20% off your next 3 bills.');
    });

    it('cancels at the period end by default once offers are declined, then reactivates', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      await startCancel(el, 'unused');
      ($(el, '#cancel-feedback') as HTMLTextAreaElement).value = 'Seasonal business';
      $(el, '#cancel-feedback').dispatchEvent(new Event('input'));
      button(dialog(el), 'confirm').click();
      await until(() => $$(el, '[part~="offer"]').length > 0, 'offers shown');
      button(dialog(el), 'decline-offers').click();
      await until(() => text(dialog(el).querySelector('#dialog-title')) === 'Confirm cancellation', 'confirm step');
      const periodEnd = dialog(el).querySelector<HTMLInputElement>('input[name="when"][value="period_end"]')!;
      expect(periodEnd.checked).to.equal(true);
      expect(text(periodEnd.closest('label'))).to.equal('At the end of the current period (Dec 1, 2026); you keep access until then');
      const canceled = listen('subkit-subscription-canceled');
      button(dialog(el), 'confirm').click();
      await until(() => canceled.length === 1, 'canceled event');
      expect(server.calls('POST', '/cancel')[0]!.body).to.deep.equal({ expectedVersion: 3, reason: 'unused', when: 'period_end', feedback: 'Seasonal business' });
      expect(canceled[0]!.detail).to.include({ reason: 'unused', when: 'period_end', feedback: 'Seasonal business' });
      expect($$(el, `li[data-subscription="sub_team"] [part~="status"]`).map((s) => text(s))).to.deep.equal(['Active', 'Cancels at period end']);
      expect(text($(el, '[role="status"]'))).to.equal('Your subscription will cancel on Dec 1, 2026.');

      const reactivated = listen('subkit-subscription-reactivated');
      button(item(el, 'sub_team'), 'action-reactivate').click();
      await until(() => reactivated.length === 1, 'reactivated event');
      expect(server.calls('POST', '/reactivate')[0]!.body).to.deep.equal({ expectedVersion: 4 });
      expect($$(el, `li[data-subscription="sub_team"] [part~="status"]`).map((s) => text(s))).to.deep.equal(['Active']);
    });

    it('cancels at once when chosen, going straight to confirm when there is no offer', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      worker.use(http.get('*/v1/subscriptions/:id/retention-offers', () => Response.json({ object: 'list', data: [], hasMore: false, nextCursor: null })));
      const el = await loaded();
      await startCancel(el, 'switched_service');
      button(dialog(el), 'confirm').click();
      await until(() => text(dialog(el).querySelector('#dialog-title')) === 'Confirm cancellation', 'confirm step');
      dialog(el).querySelector<HTMLInputElement>('input[name="when"][value="now"]')!.click();
      await el.updateComplete;
      const canceled = listen('subkit-subscription-canceled');
      button(dialog(el), 'confirm').click();
      await until(() => canceled.length === 1, 'canceled event');
      expect(server.calls('POST', '/cancel')[0]!.body).to.deep.equal({ expectedVersion: 3, reason: 'switched_service', when: 'now' });
      expect(text(item(el, 'sub_team').querySelector('[part~="status"]'))).to.equal('Canceled');
      expect(item(el, 'sub_team').querySelector('[part~="actions"]')).to.equal(null);
    });
  });

  describe('payment', () => {
    it('saves a test card and makes it the default', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-payment').click();
      await until(() => isOpen(el), 'payment dialog');
      expect(text($(el, '[part~="test-mode-badge"]'))).to.equal('TEST MODE');
      type($(el, '#cardNumber') as HTMLInputElement, '4111 1111 1111 1111');
      type($(el, '#cardExpiry') as HTMLInputElement, '13/30');
      type($(el, '#cardCvc') as HTMLInputElement, '12');
      button(dialog(el), 'confirm').click();
      await el.updateComplete;
      expect(text($(el, '#cardNumber-error'))).to.equal('In test mode, use one of the test cards listed above.');
      expect(text($(el, '#cardExpiry-error'))).to.equal('Enter the expiry as MM/YY.');
      expect(text($(el, '#cardCvc-error'))).to.equal('Enter the 3 or 4 digits on the back of the card.');
      expect(server.calls('POST', '/v1/payment-methods')).to.have.length(0);

      type($(el, '#cardNumber') as HTMLInputElement, '5555 5555 5555 4444');
      type($(el, '#cardExpiry') as HTMLInputElement, '04/29');
      type($(el, '#cardCvc') as HTMLInputElement, '123');
      const updated = listen('subkit-payment-method-updated');
      button(dialog(el), 'confirm').click();
      await until(() => updated.length === 1, 'updated event');
      expect(server.calls('POST', '/v1/payment-methods')[0]!.body).to.deep.equal({ testCard: { number: '5555555555554444', cvc: '123', expMonth: 4, expYear: 2029 } });
      expect(server.calls('POST', '/v1/payment-methods/pm_new_2/default')).to.have.length(1);
      expect(updated[0]!.detail.paymentMethod).to.include({ id: 'pm_new_2', isDefault: true });
      expect(text($(el, '[role="status"]'))).to.equal('Your default payment method is now Mastercard ending in 4444.');
    });

    it('says so when the card is declined', async () => {
      serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-payment').click();
      await until(() => isOpen(el), 'payment dialog');
      type($(el, '#cardNumber') as HTMLInputElement, '4000 0000 0000 0002');
      type($(el, '#cardExpiry') as HTMLInputElement, '04/29');
      type($(el, '#cardCvc') as HTMLInputElement, '123');
      const errors = listen('subkit-error');
      button(dialog(el), 'confirm').click();
      await until(() => text($(el, '#cardNumber-error')) !== '', 'decline shown');
      expect(text($(el, '#cardNumber-error'))).to.equal('The card was declined. Try another card.');
      expect(errors[0]!.detail.error.declineCode).to.equal('generic_decline');
      expect(dialog(el).open).to.equal(true);
    });

    it("collects the card with Stripe's Payment Element on the Stripe engine", async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin'), catalog: stripeCatalog });
      const el = await loaded();
      const mounted: HTMLElement[] = [];
      const fake: StripeLike = {
        elements: (options) => {
          expect(options).to.deep.equal({ mode: 'setup', currency: 'usd' });
          return { create: () => ({ mount: (target) => mounted.push(target), destroy: () => undefined }), submit: async () => ({}) };
        },
        createPaymentMethod: async () => ({ paymentMethod: { id: 'pm_stripe_fake' } }),
        handleNextAction: async () => ({}),
      };
      const loads: string[] = [];
      el.loadStripe = async (key) => {
        loads.push(key);
        return fake;
      };
      button(item(el, 'sub_team'), 'action-payment').click();
      await until(() => mounted.length === 1, 'payment element mounted');
      expect(loads).to.deep.equal(['pk_test_stripe_fixture']);
      expect(mounted[0]!.slot).to.equal('payment-element');
      expect($$(el, '#cardNumber')).to.have.length(0);
      await until(() => !button(dialog(el), 'confirm').disabled, 'save enabled');
      const updated = listen('subkit-payment-method-updated');
      button(dialog(el), 'confirm').click();
      await until(() => updated.length === 1, 'updated event');
      expect(server.calls('POST', '/v1/payment-methods')[0]!.body).to.deep.equal({ stripePaymentMethodId: 'pm_stripe_fake' });
      expect(mounted[0]!.isConnected).to.equal(false);
    });

    it('pays the open invoice of a past-due subscription after confirmation', async () => {
      const server = serve({ subscriptions: subscriptionsByStatus });
      const el = await loaded();
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Pay invoice ACME-0042');
      expect(text(dialog(el).querySelector('[part~="dialog-body"] > p'))).to.equal('Pay $57.12 now with Visa ending in 4242.');
      expect(server.calls('POST', '/pay')).to.have.length(0);
      const paid = listen('subkit-invoice-paid');
      const confirm = button(dialog(el), 'confirm');
      expect(text(confirm)).to.equal('Pay $57.12');
      confirm.click();
      await until(() => paid.length === 1, 'paid event');
      expect(server.calls('POST', '/v1/invoices/in_open_sub_past_due/pay')).to.have.length(1);
      expect(paid[0]!.detail).to.include({ invoiceId: 'in_open_sub_past_due', subscriptionId: 'sub_past_due', number: 'ACME-0042', amount: 5712, currency: 'USD' });
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="status"]')) === 'Active', 'active after paying');
      expect(item(el, 'sub_past_due').querySelector('[part~="banner"]')).to.equal(null);
    });

    it("asks for the bank's confirmation (test-mode SCA) before paying, and pays once approved", async () => {
      const server = serve({ subscriptions: subscriptionsByStatus, scaPayment: true });
      const el = await loaded();
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      button(dialog(el), 'confirm').click();
      await until(() => text(dialog(el).querySelector('#dialog-title')) === 'Confirm this payment', 'SCA step');
      expect(text(dialog(el).querySelector('[part~="dialog-body"] > p'))).to.equal('Your bank asks you to confirm the payment of $57.12.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('dialog-title');
      const paid = listen('subkit-invoice-paid');
      button(dialog(el), 'sca-approve').click();
      await until(() => paid.length === 1, 'paid event');
      expect(server.calls('POST', '/v1/payments/pay_sca_invoice/confirm')[0]!.body).to.deep.equal({ outcome: 'approve' });
      expect(paid[0]!.detail.payment.status).to.equal('succeeded');
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="status"]')) === 'Active', 'active after paying');
    });

    it('says so when the bank does not confirm the payment', async () => {
      serve({ subscriptions: subscriptionsByStatus, scaPayment: true });
      const el = await loaded();
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="sca-fail"]'), 'SCA step');
      const paid = listen('subkit-invoice-paid');
      button(dialog(el), 'sca-fail').click();
      await until(() => text(dialog(el).querySelector('[part~="dialog-error"]')) !== '', 'failure shown');
      expect(text(dialog(el).querySelector('[part~="dialog-error"]'))).to.equal('The payment failed. Update your payment method and try again.');
      expect(text(button(dialog(el), 'confirm'))).to.equal('Pay $57.12');
      expect(paid).to.have.length(0);
      expect(text(item(el, 'sub_past_due').querySelector('[part~="status"]'))).to.equal('Past due');
    });

    it('keeps the dialog open with a message when the payment fails', async () => {
      serve({ subscriptions: subscriptionsByStatus, declinePayment: true });
      const el = await loaded();
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      button(dialog(el), 'confirm').click();
      await until(() => text(dialog(el).querySelector('[part~="dialog-error"]')) !== '', 'failure shown');
      expect(text(dialog(el).querySelector('[part~="dialog-error"]'))).to.equal('The payment failed. Update your payment method and try again.');
    });
  });

  describe('roles', () => {
    const actionsOf = (el: SubkitSubscriptionManager) =>
      [...new Set($$(el, 'button').flatMap((b) => (b.getAttribute('part') ?? '').split(' ').filter((p) => p.startsWith('action-') || p === 'pay-now' || p === 'upgrade')))].sort();

    async function asRole(role: Role): Promise<SubkitSubscriptionManager> {
      serve({ subscriptions: subscriptionsByStatus, session: sessionFor(role), usage: { sub_team: usageFor(managedTeam, { api_calls: 9000 }) } });
      const el = await loaded({ session: sessionToken(role) });
      await until(() => $$(el, '[part~="usage-metric"]').length === 1, 'usage');
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="banner"] p')).includes('$57.12'), 'open invoice');
      return el;
    }

    it('a viewer sees everything but gets no action controls at all', async () => {
      const el = await asRole('viewer');
      expect(buttonLabels(el)).to.deep.equal([]);
      expect(text($(el, '[part~="note"]'))).to.equal('Your role can see subscriptions but not change them. Ask a purchaser or a billing admin of your company.');
      expect($$(el, '[part~="nudge"]')).to.have.length(1);
      expect($$(el, '[part~="banner"]')).to.have.length(1);
    });

    it('a purchaser changes plans and seats, pauses and pays, but cannot cancel or manage payment methods', async () => {
      const el = await asRole('purchaser');
      expect(actionsOf(el)).to.deep.equal(['action-change', 'action-pause', 'action-resume', 'action-skip', 'pay-now', 'upgrade']);
      expect($$(el, '[part~="note"]')).to.have.length(0);
    });

    it('a billing admin does everything', async () => {
      const el = await asRole('billing_admin');
      expect(actionsOf(el)).to.deep.equal([
        'action-cancel',
        'action-change',
        'action-pause',
        'action-payment',
        'action-reactivate',
        'action-resume',
        'action-skip',
        'pay-now',
        'upgrade',
      ]);
      expect(text(button(item(el, 'sub_ending'), 'action-reactivate'))).to.equal('Reactivate');
    });
  });

  describe('keyboard', () => {
    it('opens the change dialog from the keyboard, closes it with Escape and returns focus', async () => {
      serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      const change = button(item(el, 'sub_team'), 'action-change');
      change.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => isOpen(el), 'dialog open');
      expect(dialog(el).contains(el.shadowRoot!.activeElement)).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      expect(el.shadowRoot!.activeElement).to.equal(change);
    });

    it('walks the whole change from the keyboard: seats, review, confirm', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-change').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => isOpen(el), 'dialog open');
      ($(el, '#change-quantity') as HTMLInputElement).focus();
      await sendKeys({ press: 'ArrowUp' });
      await el.updateComplete;
      expect(($(el, '#change-quantity') as HTMLInputElement).value).to.equal('6');
      await sendKeys({ press: 'Enter' });
      await until(() => !!dialog(el).querySelector('[part~="preview-lines"]'), 'preview');
      expect(el.shadowRoot!.activeElement?.id).to.equal('dialog-title');
      button(dialog(el), 'confirm').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => server.calls('POST', '/v1/subscriptions/sub_team/change').length === 1, 'applied');
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      expect(el.shadowRoot!.activeElement).to.equal(button(item(el, 'sub_team'), 'action-change'));
    });

    it('does not close with Escape while a charge is running', async () => {
      serve({ subscriptions: [managedTeam] });
      worker.use(http.post('*/v1/subscriptions/:id/change', () => delay('infinite')));
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-change').click();
      await until(() => isOpen(el), 'dialog open');
      type($(el, '#change-quantity') as HTMLInputElement, '6');
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="preview-lines"]'), 'preview');
      button(dialog(el), 'confirm').click();
      await until(() => text(button(dialog(el), 'confirm')) === 'Applying…', 'applying');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(dialog(el).open).to.equal(true);
    });
  });

  describe('accessibility', () => {
    it('has no axe violations with every status, usage and the banner', async () => {
      serve({ subscriptions: subscriptionsByStatus, session: sessionFor('billing_admin'), usage: { sub_team: usageFor(managedTeam, { api_calls: 9000 }) } });
      const el = await loaded();
      await until(() => $$(el, '[part~="usage-metric"]').length === 1, 'usage');
      await expect(el).to.be.accessible();
    });

    it('has no axe violations with the change preview open', async () => {
      serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-change').click();
      await until(() => isOpen(el), 'dialog open');
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await expect(el).to.be.accessible();
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="preview-lines"]'), 'preview');
      await expect(el).to.be.accessible();
    });

    it('has no axe violations in the cancel flow and the card form', async () => {
      serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-cancel').click();
      await until(() => isOpen(el), 'dialog open');
      await expect(el).to.be.accessible();
      dialog(el).querySelector<HTMLInputElement>('input[value="too_expensive"]')!.click();
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => $$(el, '[part~="offer"]').length > 0, 'offers');
      await expect(el).to.be.accessible();
      button(dialog(el), 'close').click();
      await until(() => $$(el, 'dialog').length === 0, 'closed');
      button(item(el, 'sub_team'), 'action-payment').click();
      await until(() => isOpen(el), 'payment dialog');
      await expect(el).to.be.accessible();
    });
  });

  describe('localization', () => {
    it('renders Arabic right to left, dialogs too', async () => {
      serve({ subscriptions: [managedTeam] });
      const el = await loaded({ locale: 'ar' });
      await until(() => text($(el, '[part~="title"]')) === 'اشتراكاتك', 'Arabic strings');
      const base = $(el, '[part~="base"]');
      expect(base.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(base).direction).to.equal('rtl');
      expect(text(item(el, 'sub_team').querySelector('[part~="status"]'))).to.equal('نشط');
      button(item(el, 'sub_team'), 'action-change').click();
      await until(() => isOpen(el), 'dialog open');
      expect(getComputedStyle(dialog(el)).direction).to.equal('rtl');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('تغيير Team');
    });

    for (const [locale, title, active] of [
      ['zh-CN', '您的订阅', '有效'],
      ['hi', 'आपकी सदस्यताएँ', 'सक्रिय'],
      ['tr', 'Abonelikleriniz', 'Etkin'],
    ] as const) {
      it(`speaks ${locale}`, async () => {
        serve({ subscriptions: [managedTeam] });
        const el = await loaded({ locale });
        await until(() => text($(el, '[part~="title"]')) === title, `${locale} strings`);
        expect(text(item(el, 'sub_team').querySelector('[part~="status"]'))).to.equal(active);
        expect($(el, '[part~="base"]').getAttribute('dir')).to.equal('ltr');
      });
    }

    it('takes string overrides', async () => {
      serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      el.strings = { title: 'Billing', change: 'Modify' };
      await el.updateComplete;
      expect(text($(el, '[part~="title"]'))).to.equal('Billing');
      expect(text(button(item(el, 'sub_team'), 'action-change'))).to.equal('Modify');
    });
  });
});
