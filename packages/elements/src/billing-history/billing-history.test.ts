import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http } from 'msw';
import { formatMoney, type Role } from '@subkit/core';
import { createStores, getSharedClient } from '@subkit/client';
import '../define.js';
import type { SubkitBillingHistory } from './billing-history.js';
import type { ExportCompletedEvent, InvoiceDownloadedEvent, InvoicePaidEvent, SubkitErrorEvent } from '../events/index.js';
import { freshKey, startWorker, useFixtureServer, worker } from '../../test/msw.js';
import { apiError } from '../../test/handlers.js';
import { sessionFor } from '../../test/fixtures/index.js';
import { generateInvoices, invoices } from '../../test/fixtures/invoices.js';
import type { FixtureServer, FixtureServerOptions } from '../../test/handlers.js';
import { $, $$, text, type, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';

const api = location.origin;

/** The fixture server for a buyer of `role`, with Acme's hand-made invoices unless others are given. */
function serve(options: FixtureServerOptions & { role?: Role } = {}): FixtureServer {
  const session = options.session === undefined ? sessionFor(options.role ?? 'purchaser') : options.session;
  return useFixtureServer({ ...options, session, invoices: options.invoices ?? invoices });
}

interface Options {
  key?: string;
  session?: string;
  locale?: string;
}

async function history(options: Options = {}): Promise<SubkitBillingHistory> {
  return fixture<SubkitBillingHistory>(
    html`<subkit-billing-history
      api-base=${api}
      publishable-key=${options.key ?? freshKey()}
      session=${options.session ?? 'tok_buyer'}
      locale=${options.locale ?? ''}
    ></subkit-billing-history>`,
  );
}

/** The invoice rows in the DOM (the rendered window, not the whole list). */
const rows = (el: SubkitBillingHistory) => $$(el, 'tr[part~="row"]:not([part~="row-skeleton"])');
const numbers = (el: SubkitBillingHistory) => rows(el).map((r) => text(r.querySelector('[part~="number"]')));
const cells = (row: HTMLElement) => [...row.children].map((c) => text(c));
const row = (el: SubkitBillingHistory, number: string) => {
  const found = rows(el).find((r) => text(r.querySelector('[part~="number"]')) === number);
  if (!found) throw new Error(`no row ${number}`);
  return found;
};

async function loaded(options: Options = {}): Promise<SubkitBillingHistory> {
  const el = await history(options);
  await until(() => rows(el).length > 0, 'invoice rows rendered');
  return el;
}

async function openDetail(el: SubkitBillingHistory, number: string): Promise<HTMLDialogElement> {
  (row(el, number).querySelector('[part~="number"]') as HTMLButtonElement).click();
  await until(() => $$(el, '[part~="lines"]').length > 0, 'invoice detail');
  return $(el, 'dialog') as HTMLDialogElement;
}

/** Captures downloads instead of letting the browser save them. */
function captureDownloads(): { files: { href: string; download: string }[]; restore: () => void } {
  const files: { href: string; download: string }[] = [];
  const original = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download) files.push({ href: this.href, download: this.download });
    else original.call(this);
  };
  return { files, restore: () => (HTMLAnchorElement.prototype.click = original) };
}

const listRequests = (server: FixtureServer) => server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/invoices');

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

    it('lists invoices newest first with number, dates, period, PO number, amount and status', async () => {
      serve();
      const el = await loaded();
      expect(rows(el).map((r) => cells(r).slice(0, 6))).to.deep.equal([
        ['INV-2026-0043', 'Nov 21, 2026', 'Nov 21 – Dec 21, 2026', 'PO-2026-014', '$117.81', 'Open'],
        ['INV-2026-0042', 'Nov 1, 2026', 'Nov 1 – Dec 1, 2026', 'PO-2026-001', '$172.86', 'Overdue'],
        ['INV-2026-0041', 'Oct 1, 2026', 'Oct 1 – Nov 1, 2026', 'PO-2026-001', '$94.01', 'Paid Credited'],
        ['INV-2026-0040', 'Sep 1, 2026', 'Sep 1 – Oct 1, 2026', '—No PO number', '$46.41', 'Void'],
        ['INV-2026-0039', 'Aug 1, 2026', 'Aug 1 – Sep 1, 2026', 'PO-2026-001', '$46.41', 'Uncollectible'],
      ]);
      expect(row(el, 'INV-2026-0042').querySelector('[part~="badge"]')!.getAttribute('part')).to.equal('badge badge-overdue');
      expect(text($(el, '[part~="summary"]'))).to.equal('5 invoices');
      expect(el.matches(':state(loading)')).to.equal(false);
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

  describe('filters', () => {
    it('reloads through the store with the status filter', async () => {
      const server = serve();
      const el = await loaded();
      type($(el, 'select[name="status"]') as HTMLSelectElement, 'open');
      await until(() => rows(el).length === 2, 'open invoices');
      expect(listRequests(server).at(-1)!.query).to.deep.equal({ limit: '100', status: 'open' });
      expect(numbers(el)).to.deep.equal(['INV-2026-0043', 'INV-2026-0042']);
      expect(el.status).to.equal('open');
    });

    it('sends the date range, and offers to clear filters when nothing matches', async () => {
      const server = serve();
      const el = await loaded();
      type($(el, 'input[name="from"]') as HTMLInputElement, '2026-10-01');
      await until(() => rows(el).length === 3, 'from October');
      type($(el, 'input[name="to"]') as HTMLInputElement, '2026-10-31');
      await until(() => rows(el).length === 1, 'October only');
      expect(listRequests(server).at(-1)!.query).to.deep.equal({ limit: '100', from: '2026-10-01', to: '2026-10-31' });
      expect(numbers(el)).to.deep.equal(['INV-2026-0041']);
      type($(el, 'select[name="status"]') as HTMLSelectElement, 'void');
      await until(() => $$(el, '[part~="empty"]').length > 0, 'nothing matches');
      expect(text($(el, '[part~="empty"] p'))).to.equal('No invoices match these filters.');
      $(el, '[part~="empty"] [part~="clear"]').click();
      await until(() => rows(el).length === 5, 'all invoices again');
      expect(listRequests(server).at(-1)!.query).to.deep.equal({ limit: '100' });
    });

    it('shows one subscription’s invoices with subscription-id', async () => {
      const server = serve();
      const el = await history();
      el.subscriptionId = 'sub_other';
      await until(() => $$(el, '[part~="empty"]').length > 0, 'no invoices of that subscription');
      expect(listRequests(server).at(-1)!.query).to.deep.equal({ limit: '100', subscriptionId: 'sub_other' });
      el.subscriptionId = 'sub_acme_team';
      await until(() => rows(el).length === 5, 'the team subscription’s invoices');
      expect(listRequests(server).at(-1)!.query).to.deep.equal({ limit: '100', subscriptionId: 'sub_acme_team' });
    });

    it('keeps the current rows on screen, marked busy, until the new filters answer — no skeleton in between', async () => {
      serve();
      const el = await loaded();
      let release = () => {};
      let held = false;
      const gate = new Promise<void>((resolve) => (release = resolve));
      worker.use(
        http.get('*/v1/invoices', async ({ request }) => {
          if (new URL(request.url).searchParams.get('status') !== 'open') return undefined;
          held = true;
          await gate;
          return undefined;
        }),
      );
      let skeletons = 0;
      const watch = new MutationObserver(() => (skeletons += $$(el, '[part~="row-skeleton"]').length));
      watch.observe(el.shadowRoot!, { childList: true, subtree: true });
      type($(el, 'select[name="status"]') as HTMLSelectElement, 'open');
      await until(() => held, 'open invoices requested');
      await el.updateComplete;
      expect(numbers(el)).to.have.length(5);
      const region = $(el, '[part~="table-scroll"]');
      expect(region.getAttribute('part')).to.equal('table-scroll table-scroll-busy');
      expect(region.getAttribute('aria-busy')).to.equal('true');
      expect(el.matches(':state(busy)')).to.equal(true);
      expect(el.matches(':state(loading)')).to.equal(false);
      expect(text($(el, '[role="status"]'))).to.equal('Loading invoices…');
      release();
      await until(() => rows(el).length === 2, 'open invoices');
      watch.disconnect();
      expect(skeletons).to.equal(0);
      expect($(el, '[part~="table-scroll"]').getAttribute('part')).to.equal('table-scroll');
      expect(el.matches(':state(busy)')).to.equal(false);
    });

    it('never shows the last buyer’s rows while another session’s invoices load', async () => {
      serve();
      const key = freshKey();
      const el = await loaded({ key });
      worker.use(http.get('*/v1/invoices', () => delay('infinite')));
      el.session = 'tok_other_buyer';
      await until(() => $$(el, '[part~="row-skeleton"]').length > 0, 'skeleton for the new session');
      expect(rows(el)).to.have.length(0);
    });

    it('refuses a range that ends before it starts, without a request', async () => {
      const server = serve();
      const el = await loaded();
      type($(el, 'input[name="from"]') as HTMLInputElement, '2026-11-01');
      await until(() => rows(el).length === 2, 'from November');
      const before = listRequests(server).length;
      type($(el, 'input[name="to"]') as HTMLInputElement, '2026-10-01');
      await el.updateComplete;
      const input = $(el, 'input[name="to"]');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(text($(el, '#range-error'))).to.equal('The start date is after the end date.');
      expect(input.getAttribute('aria-describedby')).to.equal('range-error');
      await new Promise((r) => setTimeout(r, 50));
      expect(listRequests(server)).to.have.length(before);
    });
  });

  describe('paging and 10,000 invoices', () => {
    it('appends the next page with the cursor from "Load more"', async () => {
      const server = serve({ invoices: generateInvoices(250) });
      const el = await loaded();
      expect(text($(el, '[part~="summary"]'))).to.equal('100 invoices shown, more available');
      $(el, '[part~="load-more"]').click();
      await until(() => text($(el, '[part~="summary"]')) === '200 invoices shown, more available', 'second page');
      const second = listRequests(server).at(-1)!;
      expect(second.query.cursor).to.be.a('string');
      expect(second.query.limit).to.equal('100');
      expect(numbers(el)[0]).to.equal('INV-00250');
    });

    it('renders only the rows in view and reaches the last of 10,000 invoices by scrolling', async function () {
      this.timeout(60_000);
      const server = serve({ invoices: generateInvoices(10_000) });
      const key = freshKey();
      const el = await loaded({ key });
      const store = createStores(getSharedClient({ baseUrl: api, publishableKey: key })).$invoices;
      const scroller = $(el, '[part~="table-scroll"]');
      expect(rows(el).length).to.be.below(40);
      for (let guard = 0; guard < 150 && store.get().hasMore; guard++) {
        const before = store.get().data!.length;
        scroller.scrollTop = scroller.scrollHeight;
        scroller.dispatchEvent(new Event('scroll'));
        await until(() => store.get().data!.length > before && !store.get().loadingMore, `page after ${before}`);
      }
      expect(store.get().data).to.have.length(10_000);
      expect(listRequests(server)).to.have.length(100);
      scroller.scrollTop = scroller.scrollHeight;
      await until(() => numbers(el).includes('INV-00001'), 'last invoice rendered');
      const last = row(el, 'INV-00001').getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      expect(last.top).to.be.at.least(view.top);
      expect(last.bottom).to.be.at.most(view.bottom + 1);
      expect(rows(el).length).to.be.below(40);
      expect(row(el, 'INV-00001').getAttribute('aria-rowindex')).to.equal('10001');
      expect($(el, 'table[part~="table"]').getAttribute('aria-rowcount')).to.equal('10001');
      expect(text($(el, '[part~="summary"]'))).to.equal('10,000 invoices');
      expect($$(el, '[part~="load-more"]')).to.have.length(0);
    });
  });

  describe('invoice detail', () => {
    it('shows every line with exact figures: proration credit and charge, tiers, usage, discount, tax and payments', async () => {
      serve();
      const el = await loaded();
      const dialog = await openDetail(el, 'INV-2026-0042');
      expect(dialog.open).to.equal(true);
      expect(text($(el, '[part~="dialog-title"]'))).to.equal('Invoice INV-2026-0042');
      const lines = $$(el, '[part~="lines"] tbody:not([part~="totals"]) tr').map((tr) => cells(tr));
      expect(lines).to.deep.equal([
        ['Unused time on Team — Seats × 5 Proration credit Oct 16 – Nov 1, 2026', '-$20.00'],
        ['Remaining time on Team — Seats × 12 Proration charge Oct 16 – Nov 1, 2026', '$46.40'],
        ['Team — Platform fee Nov 1 – Dec 1, 2026', '$39.00'],
        ['Team — Seats × 12 Nov 1 – Dec 1, 2026', '$92.80'],
        ['1–10: 10 × $8.00', '$80.00'],
        ['11–50: 2 × $6.40', '$12.80'],
        ['API calls Usage Oct 1 – Nov 1, 2026 · Quantity 13,500', '$3.20'],
        ['10,000 included', '$0.00'],
        ['Over the allowance: 4 × $0.80', '$3.20'],
      ]);
      expect($$(el, '[part~="line-credit"]')).to.have.length(1);
      expect($$(el, '[part~="totals"] tr').map((tr) => cells(tr))).to.deep.equal([
        ['Subtotal', '$161.40'],
        ['Discount', '-$16.14'],
        ['VAT 19% on $145.26', '$27.60'],
        ['Total', '$172.86'],
        ['Amount due', '$172.86'],
      ]);
      expect(text($(el, '[part~="payment"]'))).to.equal('Nov 1, 2026 $172.86 Failed Your card was declined. Next try on Nov 4, 2026');
      expect($$(el, '[part~="meta"] > div').map((d) => [...d.children].map((c) => text(c)))).to.deep.equal([
        ['Issued', 'Nov 1, 2026'],
        ['Due', 'Nov 15, 2026'],
        ['Period', 'Nov 1 – Dec 1, 2026'],
        ['PO number', 'PO-2026-001'],
        ['Payment', 'Charged automatically'],
      ]);
    });

    it('shows an invoice’s credit notes with it', async () => {
      const server = serve();
      const el = await loaded();
      expect(text(row(el, 'INV-2026-0041').querySelector('[part~="badge-credited"]'))).to.equal('Credited');
      await openDetail(el, 'INV-2026-0041');
      await until(() => $$(el, '[part~="credit-note"]').length === 1, 'credit note');
      const note = $(el, '[part~="credit-note"]');
      expect(text(note.querySelector('p'))).to.equal('CN-0003 · Oct 20, 2026 · Duplicate charge · -$9.52');
      expect([...note.querySelectorAll('li')].map((li) => text(li))).to.deep.equal(['Team — Seats × 1: -$8.00', 'VAT 19%: -$1.52']);
      expect(server.requests.find((r) => r.path === '/v1/credit-notes')!.query).to.deep.equal({ invoiceId: 'in_0041' });
    });

    it('shows an error with a retry when the invoice cannot be loaded', async () => {
      serve();
      const el = await loaded();
      let failing = true;
      worker.use(http.get('*/v1/invoices/:invoiceId', () => (failing ? apiError(500, 'api_error', 'internal', 'boom') : undefined)));
      const errors: SubkitErrorEvent[] = [];
      document.addEventListener('subkit-error', (e) => errors.push(e), { once: true });
      (row(el, 'INV-2026-0040').querySelector('[part~="number"]') as HTMLButtonElement).click();
      await until(() => $$(el, 'dialog [part~="error"]').length > 0, 'detail error');
      expect(text($(el, 'dialog [part~="error"] p'))).to.equal('The invoice could not be loaded. The billing service is busy. Try again in a moment.');
      expect(errors[0]!.detail.source).to.equal('billing-history:invoice');
      failing = false;
      $(el, 'dialog [part~="retry"]').click();
      await until(() => $$(el, '[part~="lines"]').length > 0, 'detail after retry');
    });
  });

  describe('actions and events', () => {
    it('downloads the PDF named after the invoice and emits subkit-invoice-downloaded', async () => {
      serve();
      const el = await loaded();
      const downloads = captureDownloads();
      const events: InvoiceDownloadedEvent[] = [];
      document.addEventListener('subkit-invoice-downloaded', (e) => events.push(e), { once: true });
      try {
        const button = row(el, 'INV-2026-0042').querySelector('[part~="pdf"]') as HTMLButtonElement;
        expect(text(button.querySelector('.visually-hidden'))).to.equal('Download INV-2026-0042 as PDF');
        button.click();
        await until(() => events.length === 1, 'downloaded');
      } finally {
        downloads.restore();
      }
      expect(downloads.files.map((f) => f.download)).to.deep.equal(['INV-2026-0042.pdf']);
      const file = await (await fetch(downloads.files[0]!.href)).blob();
      expect(file.type).to.equal('application/pdf');
      const body = await file.text();
      expect(body.startsWith('%PDF-')).to.equal(true);
      expect(body).to.contain('INV-2026-0042');
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      expect(events[0]!.detail).to.deep.equal({ invoiceId: 'in_0042', number: 'INV-2026-0042', filename: 'INV-2026-0042.pdf' });
      expect(text($(el, '[aria-live="polite"]'))).to.equal('INV-2026-0042.pdf downloaded.');
    });

    it('pays an overdue invoice after confirming the amount, and emits subkit-invoice-paid', async () => {
      const server = serve();
      const el = await loaded();
      await until(() => row(el, 'INV-2026-0042').querySelector('[part~="pay"]') !== null, 'pay offered once the session is known');
      (row(el, 'INV-2026-0042').querySelector('[part~="pay"]') as HTMLButtonElement).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      const confirm = $(el, '[part~="pay-confirm"]');
      expect(text(confirm)).to.equal('Pay $172.86 now');
      expect(text($(el, '[part~="pay-panel"] p'))).to.equal('$172.86 will be charged now to your company’s default payment method.');
      expect(el.shadowRoot!.activeElement).to.equal(confirm);
      expect(server.requests.filter((r) => r.method === 'POST')).to.have.length(0);
      const events: InvoicePaidEvent[] = [];
      document.addEventListener('subkit-invoice-paid', (e) => events.push(e), { once: true });
      confirm.click();
      await until(() => events.length === 1, 'paid');
      const pay = server.requests.filter((r) => r.method === 'POST');
      expect(pay.map((r) => r.path)).to.deep.equal(['/v1/invoices/in_0042/pay']);
      expect(pay[0]!.idempotencyKey).to.be.a('string').and.not.empty;
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      expect(events[0]!.detail).to.deep.include({ invoiceId: 'in_0042', number: 'INV-2026-0042', amount: 17286, currency: 'USD', subscriptionId: 'sub_acme_team' });
      expect(events[0]!.detail.payment.status).to.equal('succeeded');
      expect(text($(el, '[part~="message-success"]'))).to.equal('Invoice INV-2026-0042 is paid. Thank you.');
      await until(() => text(row(el, 'INV-2026-0042').querySelector('[part~="badge"]')) === 'Paid', 'row shows paid');
      await until(() => text($(el, '[part~="dialog-header"] [part~="badge"]')) === 'Paid', 'dialog shows paid');
      expect(row(el, 'INV-2026-0042').querySelector('[part~="pay"]')).to.equal(null);
    });

    it('pays an invoice far down a long list in its row, keeping the loaded pages and the scroll position', async () => {
      const server = serve({ invoices: generateInvoices(250) });
      const key = freshKey();
      const el = await loaded({ key });
      const store = createStores(getSharedClient({ baseUrl: api, publishableKey: key })).$invoices;
      $(el, '[part~="load-more"]').click();
      await until(() => store.get().data?.length === 200 && !store.get().loadingMore, 'second page');
      // INV-00107 is open, the 144th row: on the second page.
      const scroller = $(el, '[part~="table-scroll"]');
      const rowHeight = rows(el)[0]!.getBoundingClientRect().height;
      scroller.scrollTop = 140 * rowHeight;
      scroller.dispatchEvent(new Event('scroll'));
      await until(() => numbers(el).includes('INV-00107'), 'row in view');
      const top = scroller.scrollTop;
      const listed = listRequests(server).length;
      (row(el, 'INV-00107').querySelector('[part~="pay"]') as HTMLButtonElement).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      $(el, '[part~="pay-confirm"]').click();
      await until(() => $$(el, '[part~="message-success"]').length > 0, 'paid');
      expect(text(row(el, 'INV-00107').querySelector('[part~="badge"]'))).to.equal('Paid');
      expect(row(el, 'INV-00107').querySelector('[part~="pay"]')).to.equal(null);
      $(el, '[part~="dialog-header"] [part~="close"]').click();
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      await el.updateComplete;
      expect(scroller.scrollTop).to.equal(top);
      expect(store.get().data).to.have.length(200);
      expect(listRequests(server)).to.have.length(listed);
      expect(text(row(el, 'INV-00107').querySelector('[part~="badge"]'))).to.equal('Paid');
      expect(el.shadowRoot!.activeElement).to.equal(row(el, 'INV-00107').querySelector('[part~="number"]'));
    });

    it('says a bank-transfer invoice is paid by card instead', async () => {
      serve();
      const el = await loaded();
      await until(() => row(el, 'INV-2026-0043').querySelector('[part~="pay"]') !== null, 'pay offered once the session is known');
      (row(el, 'INV-2026-0043').querySelector('[part~="pay"]') as HTMLButtonElement).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      expect(text($(el, '[part~="pay-panel"] p'))).to.equal('Instead of a bank transfer, $117.81 will be charged now to your company’s default payment method.');
      expect(text($(el, '[part~="pay-confirm"]'))).to.equal('Pay $117.81 by card');
    });

    it('explains a declined payment and emits subkit-error', async () => {
      serve({ payOutcome: 'declined' });
      const el = await loaded();
      (row(el, 'INV-2026-0043').querySelector('[part~="pay"]') as HTMLButtonElement).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      const errors: SubkitErrorEvent[] = [];
      document.addEventListener('subkit-error', (e) => errors.push(e), { once: true });
      $(el, '[part~="pay-confirm"]').click();
      await until(() => $$(el, '[part~="message-error"]').length > 0, 'declined');
      expect(text($(el, '[part~="message-error"]'))).to.equal('The payment was declined. Use another payment method or try again later.');
      expect($(el, '[part~="message-error"]').getAttribute('role')).to.equal('alert');
      expect(errors[0]!.detail.source).to.equal('billing-history:pay');
      expect(errors[0]!.detail.error.declineCode).to.equal('generic_decline');
      expect(text(row(el, 'INV-2026-0043').querySelector('[part~="badge"]'))).to.equal('Open');
    });

    for (const [role, canPay] of [
      ['viewer', false],
      ['purchaser', true],
      ['billing_admin', true],
    ] as const) {
      it(`${canPay ? 'offers' : 'hides'} paying to a ${role}`, async () => {
        serve({ role });
        const el = await loaded({ session: `tok_${role}` });
        await until(() => (canPay ? $$(el, '[part~="pay"]').length > 0 : $$(el, '[part~="note"]').length > 0), 'role applied');
        expect(rows(el).filter((r) => r.querySelector('[part~="pay"]')).map((r) => text(r.querySelector('[part~="number"]')))).to.deep.equal(
          canPay ? ['INV-2026-0043', 'INV-2026-0042'] : [],
        );
        expect($$(el, '[part~="note"]').map((n) => text(n))).to.deep.equal(canPay ? [] : ['Your role can see invoices but not pay them. Ask a purchaser or a billing admin of your company.']);
        await openDetail(el, 'INV-2026-0042');
        expect($$(el, 'dialog [part~="pay"]')).to.have.length(canPay ? 1 : 0);
        expect($$(el, 'dialog [part~="pdf"]')).to.have.length(1);
      });
    }

    it('exports the filtered invoices as CSV and emits subkit-export-completed', async () => {
      const server = serve();
      const el = await loaded();
      type($(el, 'select[name="status"]') as HTMLSelectElement, 'paid');
      type($(el, 'input[name="from"]') as HTMLInputElement, '2026-09-01');
      await until(() => rows(el).length === 1, 'filtered');
      const downloads = captureDownloads();
      const events: ExportCompletedEvent[] = [];
      document.addEventListener('subkit-export-completed', (e) => events.push(e), { once: true });
      try {
        $(el, '[part~="export"]').click();
        await until(() => events.length === 1, 'exported');
      } finally {
        downloads.restore();
      }
      expect(server.requests.find((r) => r.path === '/v1/invoices/export.csv')!.query).to.deep.equal({ status: 'paid', from: '2026-09-01' });
      expect(downloads.files.map((f) => f.download)).to.deep.equal(['invoices-paid-from-2026-09-01.csv']);
      const csv = await (await fetch(downloads.files[0]!.href)).text();
      expect(csv.trim().split('\n')).to.deep.equal([
        'number,issued,period_start,period_end,po_number,currency,total,status',
        'INV-2026-0041,2026-10-01,2026-10-01,2026-11-01,PO-2026-001,USD,94.01,paid',
      ]);
      expect(events[0]!.detail).to.deep.equal({ format: 'csv', filename: 'invoices-paid-from-2026-09-01.csv', filters: { status: 'paid', from: '2026-09-01' }, bytes: csv.length });
    });
  });

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
      expect(cellsOf[4]).to.equal(text({ textContent: formatMoney(17286, 'USD', 'ar') } as Element));
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
