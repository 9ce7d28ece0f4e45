import { expect, fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { sendKeys } from '@web/test-runner-commands';
import { HttpResponse, delay, http } from 'msw';
import '../define.js';
import type { SubkitCheckout } from './checkout.js';
import type { StripeLike } from '../internal/payment-element.js';
import type { CheckoutCompletedEvent, SubkitErrorEvent } from '../events/index.js';
import { freshKey, startWorker, useFixtureServer, worker } from '../../test/msw.js';
import { apiError, type FixtureServer } from '../../test/handlers.js';
import { acmeCatalog, liveCatalog, previewFor, purchaserSession, sessionFor, stripeCatalog } from '../../test/fixtures/index.js';
import { $, $$, text, type, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';
import { formatMoney, type CheckoutPreviewRequest, type SessionInfo } from '@subkit/core';
import { format } from '../locales/locales.js';

const api = location.origin;

interface Options {
  key?: string;
  session?: string | null;
  plan?: string | null;
  interval?: string;
  quantity?: number;
  locale?: string;
  paymentMethod?: 'card' | 'invoice';
}

async function checkout(options: Options = {}): Promise<SubkitCheckout> {
  const session = options.session === undefined ? 'tok_purchaser' : options.session;
  const plan = options.plan === undefined ? 'plan_team' : options.plan;
  return fixture<SubkitCheckout>(html`<subkit-checkout
    api-base=${api}
    publishable-key=${options.key ?? freshKey()}
    session=${ifDefined(session ?? undefined)}
    plan=${ifDefined(plan ?? undefined)}
    interval=${options.interval ?? 'month'}
    quantity=${ifDefined(options.quantity)}
    locale=${ifDefined(options.locale)}
    payment-method=${ifDefined(options.paymentMethod)}
  ></subkit-checkout>`);
}

async function priced(options: Options = {}): Promise<SubkitCheckout> {
  const el = await checkout(options);
  await until(() => $$(el, '[part~="summary-total"]').length > 0, 'order summary');
  return el;
}

function summary(el: SubkitCheckout): string[][] {
  return $$(el, '[part~="summary-line"]').map((row) => [text(row.querySelector('dt')), text(row.querySelector('dd'))]);
}

const input = (el: SubkitCheckout, id: string) => $(el, `#${id}`) as HTMLInputElement;
const errorOf = (el: SubkitCheckout, id: string) => text($(el, `#${id}-error`));
const checkoutRequests = (server: FixtureServer) => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout');

async function choose(el: SubkitCheckout, method: 'card' | 'invoice'): Promise<void> {
  ($(el, `input[name="method"][value="${method}"]`) as HTMLInputElement).click();
  await el.updateComplete;
}

async function fillTestCard(el: SubkitCheckout, number: string): Promise<void> {
  type(input(el, 'cardNumber'), number);
  type(input(el, 'cardExpiry'), '12/30');
  type(input(el, 'cardCvc'), '123');
  await el.updateComplete;
}

function submit(el: SubkitCheckout): HTMLButtonElement {
  const button = $(el, '[part~="submit"]') as HTMLButtonElement;
  button.click();
  return button;
}

function completion(): Promise<CheckoutCompletedEvent> {
  return new Promise((resolve) => document.addEventListener('subkit-checkout-completed', resolve, { once: true }));
}

describe('<subkit-checkout>', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  runWidgetContract('subkit-checkout', {
    attributes: (state): Record<string, string> => (state === 'empty' ? {} : { plan: 'plan_team', interval: 'month' }),
    serve(state) {
      const server = useFixtureServer();
      if (state === 'loading') worker.use(http.post('*/v1/checkout/preview', () => delay('infinite')));
      if (state === 'error') worker.use(http.post('*/v1/checkout/preview', () => apiError(403, 'permission_error', 'forbidden', 'No.'), { once: true }));
      return () => server.requests;
    },
    loaded: (el) => $$(el, '[part~="summary-total"]').length > 0,
    loadingText: 'Loading your order…',
    emptyText: 'Choose a plan first, then come back to check out.',
    error: { text: 'Your role does not allow this.', source: 'checkout:preview', code: 'forbidden' },
    signedOutText: 'Sign in to check out.',
    sessionPaths: ['/v1/session', '/v1/checkout/preview'],
    arabicTitle: 'إتمام الشراء',
    parts: ['layout', 'form', 'section', 'field', 'add-ons', 'add-on', 'summary', 'summary-line', 'summary-total', 'due-today', 'next-invoice', 'promo', 'payment-choice', 'test-mode', 'submit'],
    theming: [
      { token: '--subkit-color-primary', value: 'rgb(200, 0, 0)', element: (el) => $(el, '[part~="submit"]'), property: 'backgroundColor', expected: 'rgb(200, 0, 0)' },
      { token: '--subkit-radius', value: '0px', element: (el) => $(el, '[part~="summary"]'), property: 'borderTopLeftRadius', expected: '0px' },
      { part: 'summary-total', value: 'color: rgb(1, 2, 3);', element: (el) => $(el, '[part~="summary-total"]'), property: 'color', expected: 'rgb(1, 2, 3)' },
    ],
    keyboard: ['#quantity', '#addon-addon_priority', '#companyName', '#taxCountry', 'input[name="method"]', '#cardNumber', '[part~="submit"]', '#promoCode'],
  });

  describe('rendering per data state', () => {
    it('keeps the submit button disabled while the order is priced', async () => {
      useFixtureServer();
      worker.use(http.post('*/v1/checkout/preview', () => delay('infinite')));
      const el = await checkout();
      await until(() => $$(el, '[part~="summary"] [part~="skeleton"]').length > 0, 'skeleton');
      expect(text($(el, '[part~="summary"] [role="status"]'))).to.equal('Loading your order…');
      expect(($(el, '[part~="submit"]') as HTMLButtonElement).disabled).to.equal(true);
    });

    it("shows the server's order summary: lines, tax, trial, due today and next", async () => {
      useFixtureServer();
      const el = await priced();
      expect(summary(el)).to.deep.equal([
        ['Platform fee', '$39.00'],
        ['5 × Seats', '$40.00'],
        ['API calls', '$0.00'],
        ['Subtotal', '$79.00'],
        ['VAT 19%', '$15.01'],
        ['Total', '$94.01'],
      ]);
      expect(text($(el, '[part~="trial-note"]'))).to.equal('14-day free trial, ends Dec 5, 2026');
      expect(text($(el, '[part~="due-today"]'))).to.equal('Due today $0.00');
      expect(text($(el, '[part~="next-invoice"]'))).to.equal('Next invoice on Dec 5, 2026: $94.01');
      expect(text($(el, '[part~="submit"]'))).to.equal('Start free trial');
    });

    it("pre-fills the company's billing details from the session", async () => {
      useFixtureServer();
      const el = await priced();
      await until(() => input(el, 'companyName').value !== '', 'prefilled');
      expect(input(el, 'companyName').value).to.equal('Acme GmbH');
      expect(input(el, 'taxValue').value).to.equal('DE123456789');
      expect([input(el, 'line1').value, input(el, 'postalCode').value, input(el, 'city').value]).to.deep.equal(['Torstraße 1', '10119', 'Berlin']);
      expect(($(el, '#country') as HTMLSelectElement).value).to.equal('DE');
    });
  });

  describe('properties', () => {
    it('prices what the plan/interval/quantity attributes name', async () => {
      useFixtureServer();
      const el = await priced({ plan: 'plan_starter', interval: 'year', quantity: 4 });
      expect(summary(el)[0]).to.deep.equal(['4 × Seats', '$480.00']);
      expect(text($(el, '[part~="summary-plan"]'))).to.equal('Starter · Billed yearly');
      expect(text($(el, '[part~="submit"]'))).to.equal('Pay $571.20 and subscribe');
    });

    it("takes the picker's selection as a property", async () => {
      useFixtureServer();
      const el = await checkout({ plan: null });
      el.selection = { planId: 'plan_business', currency: 'USD', recurring: { interval: 'quarter', intervalCount: 1 }, quantity: 40 };
      await until(() => $$(el, '[part~="summary-total"]').length > 0, 'priced selection');
      expect(summary(el)[0]).to.deep.equal(['40 × Seats', '$800.00']);
    });

    it('re-prices when the seats change', async () => {
      const server = useFixtureServer();
      const el = await priced();
      type(input(el, 'quantity'), '12');
      await until(() => summary(el).some(([label]) => label === '12 × Seats'), 're-priced');
      expect(summary(el).find(([label]) => label === 'Subtotal')).to.deep.equal(['Subtotal', '$131.80']);
      const last = server.requests.filter((r) => r.path === '/v1/checkout/preview').at(-1)!;
      expect((last.body as { quantity: number }).quantity).to.equal(12);
    });
  });

  describe('slots', () => {
    it('takes a heading through the heading slot', async () => {
      useFixtureServer();
      const el = await fixture<SubkitCheckout>(
        html`<subkit-checkout api-base=${api} publishable-key=${freshKey()} session="tok_purchaser"><span slot="heading">Complete your order</span></subkit-checkout>`,
      );
      const slot = $(el, '[part~="title"] slot[name="heading"]') as HTMLSlotElement;
      expect(slot.assignedNodes().map((n) => n.textContent)).to.deep.equal(['Complete your order']);
      expect($(el, '[part~="base"]').getAttribute('aria-labelledby')).to.equal($(el, '[part~="title"]').id);
    });
  });

  describe('units', () => {
    it('labels the quantity with the plural unit and names a single seat in the singular', async () => {
      useFixtureServer();
      const el = await priced({ plan: 'plan_starter', quantity: 1 });
      expect(text($(el, 'label[for="quantity"]'))).to.equal('Number of seats');
      await choose(el, 'invoice');
      const done = completion();
      submit(el);
      await done;
      await el.updateComplete;
      expect(text($(el, '[part~="success-plan"]'))).to.equal('Starter, 1 × seat, Billed monthly');
    });

    it('falls back to the singular unit when the catalog names no plural', async () => {
      const singularOnly = structuredClone(acmeCatalog);
      const starter = singularOnly.products[0]!.plans.find((p) => p.id === 'plan_starter')!;
      delete starter.quantity!.unitLabelPlural;
      useFixtureServer({ catalog: singularOnly, sessionCatalog: singularOnly });
      const el = await priced({ plan: 'plan_starter', quantity: 4 });
      expect(text($(el, 'label[for="quantity"]'))).to.equal('Number of seat');
      await choose(el, 'invoice');
      const done = completion();
      submit(el);
      await done;
      await el.updateComplete;
      expect(text($(el, '[part~="success-plan"]'))).to.equal('Starter, 4 × seat, Billed monthly');
    });

    it("prices add-ons per unit of the plan, per unit of their own, and per block of units", async () => {
      const withStorage = structuredClone(acmeCatalog);
      const product = withStorage.products[0]!;
      product.addOns.find((a) => a.id === 'addon_reports')!.planIds.push('plan_vehicles');
      product.addOns.push({
        id: 'addon_storage',
        name: 'Extra storage',
        description: 'Room for drawings, sold in blocks of 10 GB.',
        quantityMode: 'quantity',
        unitLabel: 'GB',
        unitLabelPlural: 'GB',
        planIds: [],
        prices: [{ id: 'aop_storage_usd_month', currency: 'USD', recurring: { interval: 'month', intervalCount: 1 }, model: { type: 'package', packageSize: 10, packageAmount: 1700 } }],
      });
      useFixtureServer({ catalog: withStorage, sessionCatalog: withStorage });
      const el = await priced({ plan: 'plan_vehicles' });
      expect($$(el, '[part~="add-on-price"]').map((p) => text(p))).to.deep.equal([
        '$99.00 per month',
        '$3.00 per vehicle per month',
        '$4.50 per tracker per month',
        '$17.00 per 10 GB per month',
      ]);
    });
  });

  describe('roles and payment terms', () => {
    const withoutInvoices = (): SessionInfo => {
      const session = structuredClone(purchaserSession);
      session.company.invoiceAllowed = false;
      return session;
    };
    const previewRequests = (server: FixtureServer) => server.requests.filter((r) => r.path === '/v1/checkout/preview');
    const methods = (el: SubkitCheckout) => $$(el, 'input[name="method"]').map((i) => (i as HTMLInputElement).value);

    it('shows a viewer a role note instead of the form, and asks the server for no price', async () => {
      const server = useFixtureServer({ session: sessionFor('viewer') });
      const el = await checkout({ session: 'tok_viewer' });
      await until(() => $$(el, '[part~="note"]').length > 0, 'role note');
      await el.updateComplete;
      expect(text($(el, '[part~="note"]'))).to.equal('Your role cannot place orders. Ask a purchaser or a billing admin of your company to check out.');
      expect($$(el, 'form, [part~="summary"], [part~="retry"], [part~="error"]')).to.have.length(0);
      expect(previewRequests(server)).to.have.length(0);
      expect(el.matches(':state(loading)')).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('offers no invoice payment to a company that may not pay by invoice, even before the order is priced', async () => {
      useFixtureServer({ session: withoutInvoices() });
      worker.use(http.post('*/v1/checkout/preview', () => delay('infinite')));
      const el = await checkout({ plan: 'plan_starter', paymentMethod: 'invoice' });
      await until(() => methods(el).length > 0, 'payment choice');
      expect(methods(el)).to.deep.equal(['card']);
      expect($$(el, '[part~="test-mode"]')).to.have.length(1);
      expect($$(el, '[part~="net-terms"]')).to.have.length(0);
    });

    it("follows the server's preview when it refuses invoices", async () => {
      useFixtureServer();
      worker.use(
        http.post('*/v1/checkout/preview', async ({ request }) =>
          HttpResponse.json({ ...previewFor((await request.json()) as CheckoutPreviewRequest, acmeCatalog), invoiceAllowed: false, paymentTermsDays: null }),
        ),
      );
      const el = await priced({ plan: 'plan_starter', paymentMethod: 'invoice' });
      expect(methods(el)).to.deep.equal(['card']);
      expect(text($(el, '[part~="submit"]'))).to.equal('Pay $42.84 and subscribe');
      expect(text($(el, '[part~="due-today"]'))).to.equal('Due today $42.84');
    });

    it('says "Due today" only for a card; by invoice during a trial, nothing is invoiced today', async () => {
      useFixtureServer();
      const el = await priced();
      expect(text($(el, '[part~="due-today"]'))).to.equal('Due today $0.00');
      await choose(el, 'invoice');
      expect(text($(el, '[part~="due-today"]'))).to.equal('Nothing invoiced today $0.00');
      expect(text($(el, '[part~="submit"]'))).to.equal('Place order');
    });
  });

  describe('add-ons', () => {
    const addOnRows = (el: SubkitCheckout) =>
      $$(el, '[part~="add-on"]').map((row) => [
        text(row.querySelector('[part~="add-on-name"]')),
        text(row.querySelector('[part~="add-on-price"]')),
        (row.querySelector('input') as HTMLInputElement).type,
      ]);
    const addOnInput = (el: SubkitCheckout, id: string) => $(el, `#addon-${id}`) as HTMLInputElement;
    const previewBodies = (server: FixtureServer) =>
      server.requests.filter((r) => r.path === '/v1/checkout/preview').map((r) => r.body as { addOns?: unknown; quantity?: number });
    const lineOf = (el: SubkitCheckout, label: string) => summary(el).find(([l]) => l === label);

    it('lists the add-ons sold with the plan: name, description, price per seat or each, per period', async () => {
      useFixtureServer();
      const el = await priced();
      expect(text($(el, '[part~="add-ons"] legend'))).to.equal('Add-ons');
      expect(addOnRows(el)).to.deep.equal([
        ['Priority support', '$99.00 per month', 'checkbox'],
        ['Advanced reports', '$3.00 per seat per month', 'checkbox'],
        ['Spare GPS trackers', '$4.50 per tracker per month', 'number'],
      ]);
      expect(text($(el, '#addon-addon_priority-description'))).to.equal('Answers within one hour.');
      expect(addOnInput(el, 'addon_priority').getAttribute('aria-describedby')).to.equal('addon-addon_priority-price addon-addon_priority-description');
      expect(addOnInput(el, 'addon_trackers').value).to.equal('0');
      expect(addOnInput(el, 'addon_priority').checked).to.equal(false);
    });

    it('hides add-ons the plan, currency or billing interval is not sold with', async () => {
      useFixtureServer();
      const vehicles = await priced({ plan: 'plan_vehicles' });
      expect(addOnRows(vehicles).map(([name]) => name)).to.deep.equal(['Priority support', 'Spare GPS trackers']);
      const quarterly = await priced({ interval: 'quarter' });
      expect($$(quarterly, '[part~="add-ons"]')).to.have.length(0);
      const euro = await checkout({ plan: null });
      euro.selection = { planId: 'plan_team', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 5 };
      await until(() => $$(euro, '[part~="summary-total"]').length > 0, 'priced in EUR');
      expect(addOnRows(euro)).to.deep.equal([
        ['Priority support', '€89.00 per month', 'checkbox'],
        ['Advanced reports', '€2.80 per seat per month', 'checkbox'],
      ]);
    });

    it('re-prices on the server when an add-on is checked: its line and the new totals', async () => {
      const server = useFixtureServer();
      const el = await priced();
      addOnInput(el, 'addon_priority').click();
      await until(() => !!lineOf(el, 'Priority support'), 'add-on line');
      expect(lineOf(el, 'Priority support')).to.deep.equal(['Priority support', '$99.00']);
      expect(lineOf(el, 'Subtotal')).to.deep.equal(['Subtotal', '$178.00']);
      expect(lineOf(el, 'VAT 19%')).to.deep.equal(['VAT 19%', '$33.82']);
      expect(lineOf(el, 'Total')).to.deep.equal(['Total', '$211.82']);
      expect(text($(el, '[part~="next-invoice"]'))).to.equal('Next invoice on Dec 5, 2026: $211.82');
      expect($(el, '[part~="add-on"]').getAttribute('part')).to.contain('add-on-selected');
      expect(previewBodies(server).at(-1)!.addOns).to.deep.equal([{ addOnId: 'addon_priority' }]);
      addOnInput(el, 'addon_priority').click();
      await until(() => !lineOf(el, 'Priority support'), 'add-on line removed');
      expect(lineOf(el, 'Total')).to.deep.equal(['Total', '$94.01']);
      expect(previewBodies(server).at(-1)!.addOns).to.equal(undefined);
    });

    it('prices a per-seat add-on for every seat, following the seats', async () => {
      const server = useFixtureServer();
      const el = await priced();
      addOnInput(el, 'addon_reports').click();
      await until(() => !!lineOf(el, '5 × Advanced reports'), 'per-seat line');
      expect(lineOf(el, '5 × Advanced reports')).to.deep.equal(['5 × Advanced reports', '$15.00']);
      type(input(el, 'quantity'), '12');
      await until(() => !!lineOf(el, '12 × Advanced reports'), 'per-seat line follows the seats');
      expect(lineOf(el, '12 × Advanced reports')).to.deep.equal(['12 × Advanced reports', '$36.00']);
      expect(lineOf(el, 'Subtotal')).to.deep.equal(['Subtotal', '$167.80']);
      expect(previewBodies(server).at(-1)).to.deep.include({ quantity: 12, addOns: [{ addOnId: 'addon_reports' }] });
    });

    it('takes the number typed for a quantity add-on, and refuses one that is not a whole number', async () => {
      const server = useFixtureServer();
      const el = await priced();
      type(addOnInput(el, 'addon_trackers'), '4');
      await until(() => !!lineOf(el, '4 × Spare GPS trackers'), 'quantity line');
      expect(lineOf(el, '4 × Spare GPS trackers')).to.deep.equal(['4 × Spare GPS trackers', '$18.00']);
      expect(lineOf(el, 'Total')).to.deep.equal(['Total', '$115.43']);
      expect(previewBodies(server).at(-1)!.addOns).to.deep.equal([{ addOnId: 'addon_trackers', quantity: 4 }]);
      type(addOnInput(el, 'addon_trackers'), '2.5');
      await el.updateComplete;
      expect(errorOf(el, 'addon-addon_trackers')).to.equal('Enter a whole number from 0 to 1,000,000.');
      expect(addOnInput(el, 'addon_trackers').getAttribute('aria-invalid')).to.equal('true');
      await choose(el, 'invoice');
      submit(el);
      await el.updateComplete;
      expect(text($(el, '[part~="form-error"]'))).to.equal('Check the highlighted fields.');
      expect(checkoutRequests(server)).to.have.length(0);
      type(addOnInput(el, 'addon_trackers'), '0');
      await until(() => !summary(el).some(([l]) => l?.endsWith('Spare GPS trackers')), 'quantity add-on removed');
      expect(errorOf(el, 'addon-addon_trackers')).to.equal('');
      expect(lineOf(el, 'Total')).to.deep.equal(['Total', '$94.01']);
    });

    it('buys the chosen add-ons with the plan, in catalog order, and names them on success', async () => {
      const server = useFixtureServer();
      const el = await priced();
      type(addOnInput(el, 'addon_trackers'), '2');
      addOnInput(el, 'addon_priority').click();
      await until(() => !!lineOf(el, 'Priority support') && !!lineOf(el, '2 × Spare GPS trackers'), 'both add-ons priced');
      await choose(el, 'invoice');
      const done = completion();
      submit(el);
      const event = await done;
      const body = checkoutRequests(server)[0]!.body as { addOns: unknown };
      expect(body.addOns).to.deep.equal([{ addOnId: 'addon_priority' }, { addOnId: 'addon_trackers', quantity: 2 }]);
      expect(event.detail.subscription.addOns.map((a) => [a.name, a.quantity])).to.deep.equal([['Priority support', 1], ['Spare GPS trackers', 2]]);
      await el.updateComplete;
      expect(text($(el, '[part~="success-add-ons"]'))).to.equal('Add-ons: Priority support and 2 × Spare GPS trackers');
    });

    it("keeps the picker's add-ons the plan is sold with and drops the others before pricing", async () => {
      const server = useFixtureServer();
      const el = await checkout({ plan: null });
      el.selection = {
        planId: 'plan_team',
        currency: 'USD',
        recurring: { interval: 'month', intervalCount: 1 },
        quantity: 5,
        addOns: [{ addOnId: 'addon_priority' }],
      };
      await until(() => !!lineOf(el, 'Priority support'), 'priced with the add-on');
      expect(addOnInput(el, 'addon_priority').checked).to.equal(true);
      el.selection = { ...el.selection, planId: 'plan_business', recurring: { interval: 'quarter', intervalCount: 1 }, quantity: 40 };
      await until(() => lineOf(el, '40 × Seats')?.[1] === '$800.00', 're-priced quarterly');
      expect(lineOf(el, 'Priority support')).to.equal(undefined);
      expect($$(el, '[part~="error"]')).to.have.length(0);
      expect(previewBodies(server).at(-1)!.addOns).to.equal(undefined);
      // Never asked the server to price an add-on it does not sell quarterly (it would answer 400).
      const quarterly = server.requests.filter((r) => r.path === '/v1/checkout/preview' && (r.body as { planId: string }).planId === 'plan_business');
      expect(quarterly.map((r) => (r.body as { addOns?: unknown }).addOns)).to.deep.equal([undefined]);
    });

    it('toggles an add-on with the keyboard', async () => {
      useFixtureServer();
      const el = await priced();
      addOnInput(el, 'addon_priority').focus();
      await sendKeys({ press: 'Space' });
      await until(() => !!lineOf(el, 'Priority support'), 'add-on by keyboard');
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(addOnInput(el, 'addon_reports'));
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '3' });
      await sendKeys({ press: 'Tab' });
      await until(() => !!lineOf(el, '3 × Spare GPS trackers'), 'quantity by keyboard');
    });

    it('has no axe violations with add-ons chosen and a quantity error shown', async () => {
      useFixtureServer();
      const el = await priced();
      addOnInput(el, 'addon_reports').click();
      await until(() => !!lineOf(el, '5 × Advanced reports'), 'per-seat line');
      type(addOnInput(el, 'addon_trackers'), '-1');
      await el.updateComplete;
      expect(errorOf(el, 'addon-addon_trackers')).to.not.equal('');
      await expect(el).to.be.accessible();
    });

    it('speaks Arabic and Turkish', async () => {
      useFixtureServer();
      const ar = await priced({ locale: 'ar' });
      await until(() => text($(ar, '[part~="add-ons"] legend')) === 'الإضافات', 'Arabic add-ons');
      const spaced = (t: string) => t.replace(/\s+/g, ' ');
      // A per-seat add-on is priced per unit of the plan, named as the catalog names it.
      expect(text($(ar, '#addon-addon_reports-price'))).to.equal(spaced(`${format('{price} لكل seat', { price: formatMoney(300, 'USD', 'ar') })} شهريًا`));
      const tr = await priced({ locale: 'tr' });
      await until(() => text($(tr, '[part~="add-ons"] legend')) === 'Eklentiler', 'Turkish add-ons');
      expect(text($(tr, '#addon-addon_reports-price'))).to.equal(spaced(`aylık seat başına ${formatMoney(300, 'USD', 'tr')}`));
    });
  });

  describe('promo codes', () => {
    it('applies a valid code and shows the discount', async () => {
      useFixtureServer();
      const el = await priced();
      type(input(el, 'promoCode'), 'welcome10');
      $(el, '[part~="promo-apply"]').click();
      await until(() => $$(el, '[part~="summary-discount"]').length > 0, 'discount');
      expect(text($(el, '[part~="summary-discount"] dt'))).to.equal('Discount (WELCOME10)');
      expect(text($(el, '[part~="summary-discount"] dd'))).to.equal('−$7.90');
      expect(text($(el, '#promo-message'))).to.contain('Code WELCOME10 applied: 10% off the first invoice');
    });

    it('says clearly when a code is not valid', async () => {
      useFixtureServer();
      const el = await priced();
      type(input(el, 'promoCode'), 'BOGUS');
      $(el, '[part~="promo-apply"]').click();
      await until(() => text($(el, '#promo-message')) !== '', 'promo message');
      expect(text($(el, '#promo-message'))).to.equal('The code BOGUS is not valid.');
      expect(input(el, 'promoCode').getAttribute('aria-invalid')).to.equal('true');
      expect($$(el, '[part~="summary-discount"]')).to.have.length(0);
    });
  });

  describe('B2B fields', () => {
    it('checks the tax ID format per country as it is typed', async () => {
      useFixtureServer();
      const el = await priced();
      type(input(el, 'taxValue'), 'DE12');
      input(el, 'taxValue').dispatchEvent(new Event('blur'));
      await el.updateComplete;
      await el.updateComplete;
      expect(errorOf(el, 'taxValue')).to.equal('This is not a valid tax ID for DE. Example: DE136695976');
      expect(input(el, 'taxValue').getAttribute('aria-invalid')).to.equal('true');
      type(input(el, 'taxValue'), 'de 123 456 789');
      await el.updateComplete;
      expect(errorOf(el, 'taxValue')).to.equal('');
      expect(text($(el, '#taxValue-hint'))).to.equal('Valid: DE123456789');
      type($(el, '#taxCountry') as HTMLSelectElement, 'US');
      await el.updateComplete;
      expect(errorOf(el, 'taxValue')).to.equal('This is not a valid tax ID for US. Example: 12-3456789');
    });

    it("puts the server's validation error on the field it names", async () => {
      const server = useFixtureServer();
      worker.use(
        http.post('*/v1/checkout', () => apiError(400, 'invalid_request_error', 'postal_code_invalid', 'Postal code 10119X does not exist in DE.', { param: 'billing.address.postalCode' })),
      );
      const el = await priced();
      await choose(el, 'invoice');
      const errors: SubkitErrorEvent[] = [];
      document.addEventListener('subkit-error', (e) => errors.push(e), { once: true });
      submit(el);
      await until(() => errorOf(el, 'postalCode') !== '', 'field error');
      expect(errors[0]?.detail).to.deep.include({ source: 'checkout:submit' });
      expect(errors[0]?.detail.error.param).to.equal('billing.address.postalCode');
      expect(errorOf(el, 'postalCode')).to.equal('Postal code 10119X does not exist in DE.');
      expect(input(el, 'postalCode').getAttribute('aria-invalid')).to.equal('true');
      expect(text($(el, '[part~="form-error"]'))).to.equal('Check the highlighted fields.');
      await until(() => el.shadowRoot!.activeElement === input(el, 'postalCode'), 'focus on the field');
      expect(server.requests.filter((r) => r.path === '/v1/checkout')).to.have.length(0);
    });

    it('refuses to send without a company name', async () => {
      const server = useFixtureServer();
      const el = await priced();
      type(input(el, 'companyName'), '');
      await choose(el, 'invoice');
      submit(el);
      await el.updateComplete;
      expect(errorOf(el, 'companyName')).to.equal('This field is required.');
      expect(checkoutRequests(server)).to.have.length(0);
    });
  });

  describe('paying by invoice', () => {
    it('shows the net terms and buys with the PO number', async () => {
      const server = useFixtureServer();
      const el = await priced({ plan: 'plan_starter' });
      await choose(el, 'invoice');
      expect(text($(el, '[part~="net-terms"]'))).to.equal('We send an invoice, due 30 days after it is issued (NET 30).');
      expect(input(el, 'invoiceEmail').value).to.equal('billing@acme.example');
      type(input(el, 'poNumber'), 'PO-7781');
      expect(text($(el, '[part~="submit"]'))).to.equal('Place order');
      // Nothing is charged today: the invoice is issued with the first period (Nov 21) and due 30 days later.
      expect(text($(el, '[part~="due-today"]'))).to.equal('Invoiced today — due Dec 21, 2026 (NET 30) $42.84');
      const done = completion();
      submit(el);
      const event = await done;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail.subscription.id).to.equal('sub_new');
      expect(event.detail.subscription.poNumber).to.equal('PO-7781');
      expect(event.detail.invoiceId).to.equal('in_0001');
      const body = checkoutRequests(server)[0]!.body as Record<string, unknown>;
      expect(body.payment).to.deep.equal({ method: 'invoice', poNumber: 'PO-7781', invoiceEmail: 'billing@acme.example' });
      expect(body.billing).to.deep.equal({
        companyName: 'Acme GmbH',
        email: 'billing@acme.example',
        taxId: { country: 'DE', value: 'DE123456789' },
        address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' },
      });
      await el.updateComplete;
      expect(text($(el, '[part~="success-title"]'))).to.equal('Thank you, you are subscribed');
      expect(text($(el, '[part~="success-plan"]'))).to.equal('Starter, 3 × seats, Billed monthly');
      expect(text($(el, '[part~="success"]'))).to.contain('The invoice goes to billing@acme.example.');
      expect(text($(el, '[part~="success"]'))).to.contain('Next invoice on Dec 21, 2026: $42.84.');
      expect(el.matches(':state(success)')).to.equal(true);
    });

    it('never buys twice on a double click', async () => {
      const server = useFixtureServer();
      worker.use(
        // Answers nothing after the wait, so the fixture server's handler answers: a slow server.
        http.post('*/v1/checkout', async () => {
          await delay(150);
        }),
      );
      const el = await priced();
      await choose(el, 'invoice');
      const done = completion();
      const button = submit(el);
      button.click();
      await el.updateComplete;
      expect(button.disabled).to.equal(true);
      expect(text(button)).to.equal('Processing…');
      expect(el.matches(':state(busy)')).to.equal(true);
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('true');
      button.click();
      await done;
      expect(checkoutRequests(server)).to.have.length(1);
    });

    it('retries a failed network call with the same Idempotency-Key', async () => {
      const server = useFixtureServer();
      const keys: string[] = [];
      worker.use(
        http.post('*/v1/checkout', ({ request }) => {
          keys.push(request.headers.get('Idempotency-Key') ?? '');
          return HttpResponse.error();
        }),
      );
      const el = await priced();
      await choose(el, 'invoice');
      submit(el);
      await until(() => text($(el, '[part~="form-error"]')) !== '', 'network error shown');
      expect(text($(el, '[part~="form-error"]'))).to.equal('We could not reach the billing service. Check your connection and try again.');
      worker.resetHandlers(...server.handlers);
      const done = completion();
      submit(el);
      await done;
      const sent = checkoutRequests(server);
      expect(sent).to.have.length(1);
      expect(keys.length).to.be.greaterThan(0);
      expect(new Set([...keys, sent[0]!.idempotencyKey])).to.have.property('size', 1);
    });
  });

  describe('paying by card', () => {
    it('offers a form clearly marked TEST MODE that takes only documented test cards', async () => {
      const server = useFixtureServer();
      const el = await priced();
      expect(text($(el, '[part~="test-mode-badge"]'))).to.equal('TEST MODE');
      expect(text($(el, '[part~="test-cards"]'))).to.contain('4242 4242 4242 4242 — payment succeeds');
      await fillTestCard(el, '4111 1111 1111 1111');
      submit(el);
      await el.updateComplete;
      expect(errorOf(el, 'cardNumber')).to.equal('Only the test cards listed above work in test mode.');
      expect(checkoutRequests(server)).to.have.length(0);
      await fillTestCard(el, '4242 4242 4242 4242');
      const done = completion();
      submit(el);
      await done;
      expect((checkoutRequests(server)[0]!.body as { payment: unknown }).payment).to.deep.equal({
        method: 'card',
        testCard: { number: '4242424242424242', cvc: '123', expMonth: 12, expYear: 2030 },
      });
    });

    it('handles the SCA challenge as a step before completing', async () => {
      const server = useFixtureServer();
      const el = await priced();
      await fillTestCard(el, '4000 0025 0000 3155');
      submit(el);
      await until(() => ($$(el, 'dialog')[0] as HTMLDialogElement | undefined)?.open === true, 'SCA dialog');
      const dialog = $(el, 'dialog') as HTMLDialogElement;
      expect(text(dialog.querySelector('h3'))).to.equal('Confirm this payment');
      expect(el.shadowRoot!.activeElement?.closest('dialog')).to.equal(dialog);
      const done = completion();
      (dialog.querySelector('[part~="sca-approve"]') as HTMLButtonElement).click();
      const event = await done;
      expect(event.detail.subscription.id).to.equal('sub_new');
      const confirm = server.requests.find((r) => r.path === '/v1/payments/pay_sca_1/confirm');
      expect(confirm?.body).to.deep.equal({ outcome: 'approve' });
      expect(dialog.open).to.equal(false);
    });

    it('returns to the form when the SCA challenge fails', async () => {
      useFixtureServer();
      const el = await priced();
      await fillTestCard(el, '4000 0025 0000 3155');
      submit(el);
      await until(() => ($$(el, 'dialog')[0] as HTMLDialogElement | undefined)?.open === true, 'SCA dialog');
      ($(el, '[part~="sca-fail"]') as HTMLButtonElement).click();
      await until(() => text($(el, '[part~="form-error"]')) !== '', 'failure message');
      expect(text($(el, '[part~="form-error"]'))).to.equal('The payment was not confirmed. Try again or use another card.');
      expect($$(el, 'dialog')).to.have.length(0);
    });

    it('shows a decline on the card field', async () => {
      useFixtureServer();
      const el = await priced();
      await fillTestCard(el, '4000 0000 0000 9995');
      submit(el);
      await until(() => errorOf(el, 'cardNumber') !== '', 'decline');
      expect(errorOf(el, 'cardNumber')).to.equal('Your card was declined (insufficient funds). Try another card.');
    });

    it("loads Stripe's Payment Element lazily, only when the card option is shown", async () => {
      const server = useFixtureServer({ catalog: stripeCatalog, sessionCatalog: stripeCatalog });
      const loads: string[] = [];
      const mounted: HTMLElement[] = [];
      const elements = {
        create: () => ({ mount: (target: HTMLElement) => mounted.push(target), destroy() {} }),
        submit: async () => ({}),
      };
      const fake: StripeLike = {
        elements: () => elements,
        createPaymentMethod: async () => ({ paymentMethod: { id: 'pm_fake' } }),
        handleNextAction: async () => ({}),
      };
      const el = await checkout({ plan: 'plan_starter', paymentMethod: 'invoice' });
      el.loadStripe = async (key) => {
        loads.push(key);
        return fake;
      };
      await until(() => $$(el, '[part~="summary-total"]').length > 0, 'summary');
      expect($$(el, '[part~="net-terms"]')).to.have.length(1);
      expect(loads).to.deep.equal([]);
      await choose(el, 'card');
      await until(() => mounted.length === 1, 'Payment Element mounted');
      expect(loads).to.deep.equal(['pk_test_stripe_fixture']);
      expect(mounted[0]!.parentElement).to.equal(el);
      expect(mounted[0]!.slot).to.equal('payment-element');
      expect($$(el, 'input[autocomplete^="cc-"]')).to.have.length(0);
      const done = completion();
      submit(el);
      await done;
      expect((checkoutRequests(server)[0]!.body as { payment: unknown }).payment).to.deep.equal({ method: 'card', stripePaymentMethodId: 'pm_fake' });
    });

    it('never renders card inputs of its own in live mode', async () => {
      useFixtureServer({ catalog: liveCatalog, sessionCatalog: liveCatalog });
      const el = await priced();
      await until(() => $$(el, '[part~="net-terms"]').length > 0, 'invoice chosen');
      expect($$(el, 'input[autocomplete^="cc-"]')).to.have.length(0);
      expect($$(el, 'input[name="method"][value="card"]')).to.have.length(0);
      expect(text($(el, '[part~="payment-choice"] + [part~="hint"]'))).to.equal('Card payments are not available here. Pay by invoice instead.');
    });
  });

  describe('keyboard', () => {
    it('applies a promo code with Enter and pays by invoice without a mouse', async () => {
      const server = useFixtureServer();
      const el = await priced();
      input(el, 'promoCode').focus();
      await sendKeys({ type: 'WELCOME10' });
      await sendKeys({ press: 'Enter' });
      await until(() => $$(el, '[part~="summary-discount"]').length > 0, 'discount by keyboard');
      ($(el, 'input[name="method"][value="card"]') as HTMLInputElement).focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect($$(el, '[part~="net-terms"]')).to.have.length(1);
      input(el, 'poNumber').focus();
      await sendKeys({ type: 'PO-42' });
      const done = completion();
      await sendKeys({ press: 'Enter' });
      await done;
      expect((checkoutRequests(server)[0]!.body as { payment: { poNumber: string } }).payment.poNumber).to.equal('PO-42');
    });
  });

  describe('accessibility', () => {
    it('has no axe violations on the filled form', async () => {
      useFixtureServer();
      const el = await priced();
      await until(() => input(el, 'companyName').value !== '', 'prefilled');
      await expect(el).to.be.accessible();
    });

    it('has no axe violations with the SCA dialog open and after success', async () => {
      useFixtureServer();
      const el = await priced();
      await fillTestCard(el, '4000 0025 0000 3155');
      submit(el);
      await until(() => ($$(el, 'dialog')[0] as HTMLDialogElement | undefined)?.open === true, 'SCA dialog');
      await expect(el).to.be.accessible();
      const done = completion();
      ($(el, '[part~="sca-approve"]') as HTMLButtonElement).click();
      await done;
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });

  describe('localization', () => {
    it('marks the test card form in Arabic', async () => {
      useFixtureServer();
      const el = await priced({ locale: 'ar' });
      await until(() => text($(el, '[part~="title"]')) === 'إتمام الشراء', 'Arabic strings');
      expect(text($(el, '[part~="test-mode-badge"]'))).to.equal('وضع الاختبار');
    });

    for (const [locale, title, submitInvoice, invoiced] of [
      ['zh-CN', '结账', '提交订单', '今日开具发票，{date} 到期（NET 30）'],
      ['tr', 'Ödeme', 'Siparişi ver', 'Bugün faturalanır — son ödeme {date} (NET 30)'],
      ['hi', 'चेकआउट', 'ऑर्डर दें', 'आज इनवॉइस जारी — {date} तक देय (NET 30)'],
    ] as const) {
      it(`speaks ${locale}`, async () => {
        useFixtureServer();
        const el = await priced({ locale, plan: 'plan_starter' });
        await until(() => text($(el, '[part~="title"]')) === title, `${locale} strings`);
        await choose(el, 'invoice');
        expect(text($(el, '[part~="submit"]'))).to.equal(submitInvoice);
        const due = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2026-12-21T10:00:00Z'));
        expect(text($(el, '[part~="due-today"] span'))).to.equal(format(invoiced, { date: due }).replace(/\s+/g, ' '));
      });
    }
  });
});
