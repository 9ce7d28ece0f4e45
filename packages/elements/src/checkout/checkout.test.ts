import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { HttpResponse, delay, http } from 'msw';
import type { SubkitCheckout } from './checkout.js';
import { freshKey, startWorker, useFixtureServer, worker } from '../../test/msw.js';
import { apiError, type FixtureServer } from '../../test/handlers.js';
import { acmeCatalog, previewFor, purchaserSession, sessionFor } from '../../test/fixtures/index.js';
import { $, $$, text, type, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';
import { type CheckoutPreviewRequest, type SessionInfo } from '@subkit/core';
import { format } from '../locales/locales.js';
import { api, checkout, priced, summary, input, checkoutRequests, choose, fillTestCard, submit, completion } from './tests/support.js';
import { addOnPromoAndB2bTests } from './tests/add-ons-promo-b2b.js';
import { payingTests } from './tests/paying.js';
import { layoutAndLanguageTests } from './tests/layout-language.js';
import { approvalTests } from './tests/approval.js';
import { placeOrderRefusalTests } from './tests/place-order-refusals.js';

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
        ['API calls: usage (10,000 included)', '$0.00'],
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

    it("says the session's tax ID is valid in the form's first paint (its rules are a chunk of their own)", async () => {
      useFixtureServer();
      const el = await checkout();
      // The first render that has the tax ID field, seen before any later update.
      const firstHint = await new Promise<string>((resolve) => {
        const observer = new MutationObserver(() => {
          if (!el.shadowRoot!.querySelector('#taxValue')) return;
          observer.disconnect();
          resolve(text(el.shadowRoot!.querySelector('#taxValue-hint')));
        });
        observer.observe(el.shadowRoot!, { childList: true, subtree: true });
      });
      expect(firstHint).to.equal('Valid: DE123456789');
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

  addOnPromoAndB2bTests();

  payingTests();

  layoutAndLanguageTests();
  approvalTests();
  placeOrderRefusalTests();

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
