import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http } from 'msw';
import type { Role } from '@subkit/core';
import type { SubkitSubscriptionManager } from './subscription-manager.js';
import { freshKey, startWorker, worker } from '../../test/msw.js';
import { apiError } from '../../test/handlers.js';
import { sessionFor } from '../../test/fixtures/index.js';
import { managedTeam, openInvoiceFor, subscriptionFixture, subscriptionsByStatus, usageFor } from '../../test/fixtures/subscriptions.js';
import { $, $$, text, type, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';
import { money } from '../internal/format.js';
import { api, serve, manager, loaded, item, button, dialog, isOpen, detail, buttonLabels, sessionToken } from './tests/support.js';
import { changeTests } from './tests/change.js';
import { pauseCancelPaymentTests } from './tests/lifecycle.js';
import { authenticationTests } from './tests/authentication.js';
import { firstPaymentTests } from './tests/first-payment.js';
import { unpaidTests } from './tests/unpaid.js';
import { governanceTests } from './tests/governance.js';

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
      expect(detail(el, 'sub_trial', 'Trial ends')).to.equal('Dec 10, 2026, then $210.00');
      expect(detail(el, 'sub_paused', 'Paused until')).to.equal('Jan 1, 2027');
      expect(detail(el, 'sub_ending', 'Ends on')).to.equal('Dec 1, 2026');
      expect(detail(el, 'sub_ending', 'Next invoice')).to.equal('None');
      expect(detail(el, 'sub_canceled', 'Ended on')).to.equal('Oct 1, 2026');
      expect(item(el, 'sub_past_due').getAttribute('part')).to.contain('subscription-past-due');
    });

    it('lists a subscription that expired before its first payment as ended, after the live ones: "Expired", no period, next invoice, card or action', async () => {
      const expired = subscriptionFixture({
        id: 'sub_expired',
        planId: 'plan_starter',
        quantity: 1,
        status: 'incomplete_expired',
        overrides: { canceledAt: '2026-11-02T09:00:00.000Z', endedAt: '2026-11-02T09:00:00.000Z', nextInvoice: null },
      });
      serve({ subscriptions: [expired, managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      expect($$(el, 'li[part~="subscription"]').map((li) => li.dataset.subscription)).to.deep.equal(['sub_team', 'sub_expired']);
      const li = item(el, 'sub_expired');
      expect(text(li.querySelector('[part~="status"]'))).to.equal('Expired');
      expect(li.getAttribute('part')).to.contain('subscription-incomplete-expired');
      expect(li.querySelector('[part~="status"]')!.getAttribute('part')).to.contain('status-incomplete-expired');
      const terms = [...li.querySelectorAll('[part~="details"] dt')].map((dt) => text(dt));
      expect(terms.filter((t) => ['Current period', 'Next invoice', 'Payment method', 'Ended on'].includes(t))).to.deep.equal(['Ended on']);
      expect(detail(el, 'sub_expired', 'Ended on')).to.equal('Nov 2, 2026');
      expect(li.querySelectorAll('button')).to.have.length(0);
      expect(item(el, 'sub_team').querySelectorAll('button').length).to.be.greaterThan(0);
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
      expect(text(banner.querySelector('[part~="next-retry"]'))).to.equal(
        'We will try the payment again on Nov 4, 2026. Pay now or update your payment method to settle it sooner.',
      );
      expect(el.matches(':state(past-due)')).to.equal(true);
    });

    it('draws the amount of an open invoice the store already holds in the first render of a manager added later', async () => {
      serve({ subscriptions: subscriptionsByStatus });
      const key = freshKey();
      const first = await loaded({ key });
      await until(() => text(item(first, 'sub_past_due').querySelector('[part~="banner"] p')).includes('$57.12'), 'open invoice known');
      first.remove();
      // A page navigating back to its billing page: the stores hold the list and the open invoice.
      const again = document.createElement('subkit-subscription-manager');
      Object.assign(again, { apiBase: api, publishableKey: key, session: 'tok_buyer' });
      const banners: string[] = [];
      again.addController({ hostUpdated: () => banners.push(text(again.shadowRoot!.querySelector('[data-subscription="sub_past_due"] [part~="banner"] p'))) });
      document.body.append(again);
      await again.updateComplete;
      expect(banners[0]).to.equal('The last payment for Starter failed. Pay the open invoice of $57.12 to keep your service running.');
      again.remove();
    });

    it('a trial says what it costs when it ends; with no card on file it asks for one before then', async () => {
      const admin = { session: sessionFor('billing_admin') };
      serve({ subscriptions: subscriptionsByStatus, ...admin });
      const withCard = await loaded({ session: sessionToken('billing_admin') });
      expect(item(withCard, 'sub_trial').querySelector('[part~="trial-note"]')).to.equal(null);
      expect(text(button(item(withCard, 'sub_trial'), 'action-payment'))).to.equal('Update payment method');

      serve({ subscriptions: subscriptionsByStatus, paymentMethods: [], ...admin });
      const el = await loaded({ session: sessionToken('billing_admin') });
      expect(detail(el, 'sub_trial', 'Trial ends')).to.equal('Dec 10, 2026, then $210.00 Add a payment method before then to keep your plan.');
      expect(text(button(item(el, 'sub_trial'), 'action-payment'))).to.equal('Add a payment method');
      // With the past-due banner's retry date too: axe, colour contrast included.
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="next-retry"]'), 'retry date shown');
      await expect(el).to.be.accessible();
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
      expect(banner.querySelector('[part~="next-retry"]'), 'an invoice is not retried').to.equal(null);

      serve({ subscriptions: [overdue], paymentMethods: [] });
      const noCard = await loaded();
      await until(() => text(item(noCard, 'sub_past_due').querySelector('[part~="banner"] p')).includes(amount), 'open invoice known');
      expect(item(noCard, 'sub_past_due').querySelector('[part~="pay-now"]')).to.equal(null);
    });

    // Net 30 on monthly billing: the next renewal's invoice is issued before the last one is overdue. The banner had
    // named the newest open invoice (not due yet) with its amount, and Pay by card paid that one.
    it('names the overdue invoice, not the next one issued meanwhile (not due yet), and pays that one', async () => {
      const overdue = subscriptionFixture({ id: 'sub_past_due', planId: 'plan_starter', quantity: 4, status: 'past_due', overrides: { collectionMethod: 'send_invoice', paymentTermsDays: 30 } });
      const due = openInvoiceFor(overdue);
      const next = { ...due, id: 'in_next_period', number: 'ACME-0043', amountDue: 9900, amountRemaining: 9900, total: 9900, issuedAt: due.periodEnd, dueAt: '2026-12-31T00:00:00.000Z' };
      const server = serve({ subscriptions: [overdue], invoices: [next], session: sessionFor('billing_admin') });
      const el = await loaded();
      const amount = money(due.amountRemaining, 'USD', 'en');
      const banner = () => item(el, 'sub_past_due').querySelector('[part~="banner"]');
      await until(() => !!banner()?.querySelector('[part~="pay-now"]'), 'open invoice known');
      expect(text(banner()!.querySelector('p'))).to.equal(`Invoice ACME-0042 for Starter is overdue: ${amount} to pay by bank transfer.`);
      button(banner() as HTMLElement, 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      button(dialog(el), 'confirm').click();
      await until(() => server.calls('POST', '/pay').length === 1, 'paid');
      expect(server.calls('POST', '/pay').map((c) => c.path)).to.deep.equal([`/v1/invoices/${due.id}/pay`]);
      // Paid, the next open invoice is asked for (its answer must not reach the next test's server).
      await until(() => server.calls('GET', '/v1/invoices').filter((c) => c.query.status === 'open').length === 2, 'next open invoice asked for');
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="status"]')) === 'Active', 'back in service');
    });
  });

  changeTests();

  pauseCancelPaymentTests();

  authenticationTests();

  firstPaymentTests();

  unpaidTests();

  governanceTests();

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

    it("loads the list without the dialogs' code: their styles join the widget's, once, when the first dialog opens by keyboard", async () => {
      serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      const sheets = () => el.shadowRoot!.adoptedStyleSheets.length;
      const before = sheets();
      const pause = button(item(el, 'sub_team'), 'action-pause');
      pause.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => isOpen(el), 'dialog open');
      expect(sheets()).to.equal(before + 1);
      expect(getComputedStyle(dialog(el).querySelector('[part~="field"]')!).display, "the dialog's styles apply").to.equal('grid');
      expect(dialog(el).contains(el.shadowRoot!.activeElement)).to.equal(true);
      expect(el.matches(':state(busy)'), 'not busy once open').to.equal(false);
      await sendKeys({ press: 'Escape' });
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      expect(el.shadowRoot!.activeElement).to.equal(pause);
      button(item(el, 'sub_team'), 'action-change').click();
      await until(() => isOpen(el), 'second dialog open');
      expect(sheets(), 'added once').to.equal(before + 1);
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

    it('names a subscription that expired before its first payment in every language', async () => {
      const expired = subscriptionFixture({ id: 'sub_expired', planId: 'plan_starter', quantity: 1, status: 'incomplete_expired', overrides: { nextInvoice: null } });
      const names: string[] = [];
      for (const locale of ['en', 'zh-CN', 'ar', 'hi', 'tr']) {
        serve({ subscriptions: [expired] });
        const el = await loaded({ locale });
        await until(() => $(el, '[part~="base"]').getAttribute('lang') === locale, `${locale} strings`);
        names.push(text(item(el, 'sub_expired').querySelector('[part~="status"]')));
        el.remove();
        worker.resetHandlers();
      }
      expect(names).to.deep.equal(['Expired', '已过期', 'منتهي الصلاحية', 'समाप्त', 'Süresi doldu']);
    });

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
