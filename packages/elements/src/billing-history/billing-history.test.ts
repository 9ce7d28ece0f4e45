import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http } from 'msw';
import { formatMoney } from '@subkit/core';
import type { SubkitBillingHistory } from './billing-history.js';
import type { SubkitErrorEvent } from '../events/index.js';
import { freshKey, startWorker, worker } from '../../test/msw.js';
import { apiError } from '../../test/handlers.js';
import { generateInvoices, invoices, openInvoice, prorationInvoice } from '../../test/fixtures/invoices.js';
import { $, $$, text, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';
import { api, serve, history, rows, numbers, cells, row, loaded, openDetail, listRequests } from './tests/support.js';
import { filterAndPagingTests } from './tests/list.js';
import { detailAndActionsTests } from './tests/detail.js';
import { buyerLanguageAndLayoutTests } from './tests/language-layout.js';

describe('<subkit-billing-history>', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  runWidgetContract('subkit-billing-history', {
    serve(state) {
      const server = serve(state === 'empty' ? { invoices: [] } : {});
      if (state === 'loading') worker.use(http.get('*/v1/invoices', () => delay('infinite')));
      if (state === 'error') worker.use(http.get('*/v1/invoices', () => apiError(403, 'permission_error', 'permission_denied', 'No.'), { once: true }));
      return () => server.requests;
    },
    // The rows can arrive before the session; the buyer has fully loaded once the role offers Pay.
    loaded: (el) => rows(el as SubkitBillingHistory).length === 5 && $$(el, '[part~="pay"]').length > 0,
    loadingText: 'Loading invoices…',
    emptyText: 'No invoices yet.',
    error: { text: 'The invoices could not be loaded. Your role does not allow this.', source: 'billing-history:invoices', code: 'permission_denied' },
    signedOutText: 'Sign in to see your invoices.',
    sessionPaths: ['/v1/session', '/v1/invoices'],
    arabicTitle: 'سجل الفواتير',
    parts: ['header', 'export', 'filters', 'filter', 'filter-select', 'filter-input', 'table-scroll', 'table', 'header-cell', 'row', 'cell', 'cell-number', 'number', 'badge', 'badge-overdue', 'pdf', 'pay', 'footer', 'summary', 'sentinel'],
    theming: [
      { token: '--subkit-color-primary', value: 'rgb(200, 0, 0)', element: (el) => $(el, '[part~="pay"]'), property: 'backgroundColor', expected: 'rgb(200, 0, 0)' },
      { token: '--subkit-radius', value: '0px', element: (el) => $(el, '[part~="base"]'), property: 'borderTopLeftRadius', expected: '0px' },
      { part: 'cell-amount', value: 'color: rgb(1, 2, 3);', element: (el) => $(el, '[part~="cell-amount"]'), property: 'color', expected: 'rgb(1, 2, 3)' },
    ],
    keyboard: ['[part~="export"]', 'select[name="status"]', 'input[name="from"]', 'input[name="to"]', '[part~="table-scroll"]', '[part~="number"]', '[part~="pdf"]', '[part~="pay"]'],
  });

  describe('rendering per data state', () => {
    it('shows six labelled skeleton rows while the invoices load', async () => {
      serve();
      worker.use(http.get('*/v1/invoices', () => delay('infinite')));
      const el = await history();
      await until(() => $$(el, '[part~="row-skeleton"]').length > 0, 'skeleton rows');
      expect($$(el, '[part~="row-skeleton"]')).to.have.length(6);
      expect(text($(el, '[role="status"]'))).to.equal('Loading invoices…');
      expect(el.matches(':state(loading)')).to.equal(true);
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('true');
    });

    it('lists invoices newest first with number and what each is for, dates, period, PO number, amount and status', async () => {
      serve();
      const el = await loaded();
      expect(rows(el).map((r) => cells(r).slice(0, 6))).to.deep.equal([
        ['INV-2026-0043 Change of add-ons', 'Nov 21, 2026', 'Nov 21 – Dec 21, 2026', 'PO-2026-014', '$117.81', 'Open'],
        ['INV-2026-0042 Renewal', 'Nov 1, 2026', 'Nov 1 – Dec 1, 2026', 'PO-2026-001', '$172.86', 'Overdue'],
        ['INV-2026-0041 Renewal', 'Oct 1, 2026', 'Oct 1 – Nov 1, 2026', 'PO-2026-001', '$94.01', 'Paid Credited'],
        ['INV-2026-0040 Renewal', 'Sep 1, 2026', 'Sep 1 – Oct 1, 2026', '—No PO number', '$46.41', 'Void'],
        ['INV-2026-0039 Renewal', 'Aug 1, 2026', 'Aug 1 – Sep 1, 2026', 'PO-2026-001', '$46.41', 'Uncollectible'],
      ]);
      expect(row(el, 'INV-2026-0042').querySelector('[part~="badge"]')!.getAttribute('part')).to.equal('badge badge-overdue');
      expect(text($(el, '[part~="summary"]'))).to.equal('5 invoices');
      expect(el.matches(':state(loading)')).to.equal(false);
    });

    it('marks an invoice the engine found overdue (its clock, e.g. a test clock ahead of the browser), before the due date here', async () => {
      serve({ invoices: [{ ...openInvoice, overdueAt: '2026-11-21T00:00:00.000Z' }, prorationInvoice] });
      const el = await loaded();
      expect(cells(row(el, 'INV-2026-0043'))[5]).to.equal('Overdue');
      expect(row(el, 'INV-2026-0043').querySelector('[part~="badge"]')!.getAttribute('part')).to.equal('badge badge-overdue');
    });

    it('shows an error with a retry that loads the invoices, and emits subkit-error', async () => {
      serve();
      // The client retries 5xx on its own: fail until the buyer presses retry.
      let failing = true;
      worker.use(http.get('*/v1/invoices', () => (failing ? apiError(503, 'api_error', 'unavailable', 'Down for maintenance.') : undefined)));
      const errors: SubkitErrorEvent[] = [];
      document.addEventListener('subkit-error', (e) => errors.push(e), { once: true });
      const el = await history();
      await until(() => $$(el, '[part~="error"]').length > 0, 'error state');
      expect($(el, '[part~="error"]').getAttribute('role')).to.equal('alert');
      expect(text($(el, '[part~="error"]'))).to.contain('The invoices could not be loaded. The billing service is busy.');
      expect(el.matches(':state(error)')).to.equal(true);
      expect(errors[0]!.detail).to.include({ source: 'billing-history:invoices' });
      expect(errors[0]!.detail.error.code).to.equal('unavailable');
      failing = false;
      $(el, '[part~="retry"]').click();
      await until(() => rows(el).length === 5, 'rows after retry');
    });

    it('keeps the rows and marks the list busy while the next page loads', async () => {
      serve({ invoices: generateInvoices(150) });
      const el = await loaded();
      worker.use(http.get('*/v1/invoices', ({ request }) => (new URL(request.url).searchParams.has('cursor') ? delay('infinite') : undefined)));
      $(el, '[part~="load-more"]').click();
      await until(() => el.matches(':state(busy)'), 'busy state');
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('true');
      expect(text($(el, '[part~="load-more"]'))).to.equal('Loading more invoices…');
      expect($(el, '[part~="load-more"]').getAttribute('aria-disabled')).to.equal('true');
      expect(numbers(el)[0]).to.equal('INV-00150');
    });

  });

  filterAndPagingTests();

  detailAndActionsTests();

  buyerLanguageAndLayoutTests();

  describe('keyboard', () => {
    it('moves between rows with the arrow keys, Home and End, loading the next page past the last row', async () => {
      serve({ invoices: generateInvoices(150) });
      const el = await loaded();
      const focused = () => el.shadowRoot!.activeElement as HTMLElement | null;
      (rows(el)[0]!.querySelector('[part~="number"]') as HTMLElement).focus();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      await until(() => text(focused()) === 'INV-00148', 'third row focused');
      await sendKeys({ press: 'End' });
      await until(() => text(focused()) === 'INV-00051', 'last loaded row focused');
      const scroller = $(el, '[part~="table-scroll"]').getBoundingClientRect();
      expect(focused()!.getBoundingClientRect().bottom).to.be.at.most(scroller.bottom);
      await sendKeys({ press: 'ArrowDown' });
      await until(() => text(focused()) === 'INV-00050', 'next page loaded and focused');
      await sendKeys({ press: 'Tab' });
      expect(focused()!.getAttribute('data-column')).to.equal('pdf');
      await sendKeys({ press: 'ArrowUp' });
      await until(() => text(focused()?.querySelector('.visually-hidden')) === 'Download INV-00051 as PDF', 'same column, row above');
      await sendKeys({ press: 'Home' });
      await until(() => text(focused()?.querySelector('.visually-hidden')) === 'Download INV-00150 as PDF', 'first row');
    });

    it('opens the detail with Enter, closes it with Escape and returns focus to the row', async () => {
      serve();
      const el = await loaded();
      const number = row(el, 'INV-2026-0041').querySelector('[part~="number"]') as HTMLElement;
      number.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => $$(el, '[part~="lines"]').length > 0, 'detail open');
      expect(($(el, 'dialog') as HTMLDialogElement).open).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      expect(el.shadowRoot!.activeElement).to.equal(row(el, 'INV-2026-0041').querySelector('[part~="number"]'));
    });
  });

  describe('accessibility', () => {
    it('has no axe violations with the detail open', async () => {
      serve();
      const el = await loaded();
      await openDetail(el, 'INV-2026-0042');
      await expect(el).to.be.accessible();
    });

    it('has no axe violations while loading and in the error state', async () => {
      serve();
      worker.use(http.get('*/v1/invoices', () => delay('infinite')));
      const loading = await history();
      await until(() => $$(loading, '[part~="row-skeleton"]').length > 0, 'skeleton');
      await expect(loading).to.be.accessible();
      worker.use(http.get('*/v1/invoices', () => apiError(500, 'api_error', 'internal', 'boom')));
      const failed = await history();
      await until(() => $$(failed, '[part~="error"]').length > 0, 'error state');
      await expect(failed).to.be.accessible();
    });

    it('labels the table, its columns and rows for screen readers', async () => {
      serve();
      const el = await loaded();
      const table = $(el, 'table[part~="table"]') as HTMLTableElement;
      expect(text(table.caption)).to.equal('Invoices');
      expect([...table.tHead!.rows[0]!.cells].map((c) => [c.getAttribute('scope'), text(c)])).to.deep.equal([
        ['col', 'Invoice'],
        ['col', 'Issued'],
        ['col', 'Period'],
        ['col', 'PO number'],
        ['col', 'Amount'],
        ['col', 'Status'],
        ['col', 'Actions'],
      ]);
      expect(table.getAttribute('aria-rowcount')).to.equal('6');
      expect(row(el, 'INV-2026-0043').getAttribute('aria-rowindex')).to.equal('2');
      expect(row(el, 'INV-2026-0043').querySelector('th')!.getAttribute('scope')).to.equal('row');
      expect($(el, '[part~="table-scroll"]').getAttribute('aria-labelledby')).to.equal('caption');
    });
  });

  describe('theming and composition', () => {
    it('switches to the dark theme and takes --subkit-* tokens and ::part styles from the page', async () => {
      serve();
      const el = await loaded();
      const base = $(el, '[part~="base"]');
      expect(getComputedStyle(base).backgroundColor).to.equal('rgb(255, 255, 255)');
      el.theme = 'dark';
      await el.updateComplete;
      expect(getComputedStyle(base).backgroundColor).to.equal('rgb(20, 22, 28)');
      el.style.setProperty('--subkit-color-danger', 'rgb(200, 0, 0)');
      el.style.setProperty('--subkit-history-row-height', '64px');
      const overdue = row(el, 'INV-2026-0042').querySelector('[part~="badge-overdue"]')!;
      expect(getComputedStyle(overdue).backgroundColor).to.equal('rgb(200, 0, 0)');
      expect(row(el, 'INV-2026-0042').getBoundingClientRect().height).to.equal(64);
      const style = document.createElement('style');
      style.textContent = 'subkit-billing-history::part(cell-amount) { color: rgb(1, 2, 3); }';
      document.head.append(style);
      expect(getComputedStyle(row(el, 'INV-2026-0042').querySelector('[part~="cell-amount"]')!).color).to.equal('rgb(1, 2, 3)');
      style.remove();
    });

    it('uses the client of a surrounding <subkit-provider>', async () => {
      const server = serve();
      const wrapper = await fixture(
        html`<subkit-provider api-base=${api} publishable-key=${freshKey()} session="tok_provider"><subkit-billing-history></subkit-billing-history></subkit-provider>`,
      );
      const el = wrapper.querySelector('subkit-billing-history')!;
      await until(() => rows(el).length === 5, 'rows through the provider');
      expect(listRequests(server)).to.have.length(1);
    });
  });

  describe('localization', () => {
    it('renders Arabic right to left with Arabic money and dates', async () => {
      serve();
      const el = await loaded({ locale: 'ar' });
      await until(() => text($(el, '[part~="title"]')) === 'سجل الفواتير', 'Arabic strings');
      const base = $(el, '[part~="base"]');
      expect(base.getAttribute('dir')).to.equal('rtl');
      expect(base.getAttribute('lang')).to.equal('ar');
      expect(getComputedStyle($(el, 'table[part~="table"]')).direction).to.equal('rtl');
      const cellsOf = cells(row(el, 'INV-2026-0042'));
      // Intl's Arabic amount, with the amount and its "US$" bidi-isolated (internal/format.ts).
      expect(cellsOf[4]).to.equal(text({ textContent: `\u2068${formatMoney(17286, 'USD', 'ar').replace('US$', '\u2068US$\u2069')}\u2069` } as Element));
      expect(cellsOf[5]).to.equal('متأخرة');
      expect(cellsOf[1]).to.equal(new Intl.DateTimeFormat('ar', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2026-11-01T00:00:00Z')));
    });

    for (const [locale, title, overdue] of [
      ['zh-CN', '账单记录', '已逾期'],
      ['tr', 'Fatura geçmişi', 'Vadesi geçti'],
      ['hi', 'बिलिंग इतिहास', 'अवधि पार'],
    ] as const) {
      it(`speaks ${locale}`, async () => {
        serve();
        const el = await loaded({ locale });
        await until(() => text($(el, '[part~="title"]')) === title, `${locale} strings`);
        expect(text(row(el, 'INV-2026-0042').querySelector('[part~="badge"]'))).to.equal(overdue);
        expect($(el, '[part~="base"]').getAttribute('dir')).to.equal('ltr');
      });
    }

    for (const [locale, count, summary] of [
      ['en', 1, '1 invoice'],
      ['en', 3, '3 invoices'],
      ['ar', 1, 'فاتورة واحدة'],
      ['ar', 2, 'فاتورتان'],
      ['ar', 3, `${new Intl.NumberFormat('ar').format(3)} فواتير`],
      ['ar', 11, `${new Intl.NumberFormat('ar').format(11)} فاتورة`],
    ] as const) {
      it(`counts ${count} invoice(s) with the ${locale} plural rules: "${summary}"`, async () => {
        serve({ invoices: generateInvoices(count) });
        const el = await loaded({ locale });
        await until(() => text($(el, '[part~="summary"]')) === summary, `summary "${summary}", got "${text($(el, '[part~="summary"]'))}"`);
      });
    }

    it('takes string overrides', async () => {
      serve();
      const el = await loaded();
      el.strings = { title: 'Invoices', status_overdue: 'Late' };
      await el.updateComplete;
      expect(text($(el, '[part~="title"]'))).to.equal('Invoices');
      expect(text(row(el, 'INV-2026-0042').querySelector('[part~="badge"]'))).to.equal('Late');
    });
  });
});
