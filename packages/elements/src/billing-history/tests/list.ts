import { expect } from '@open-wc/testing';
import { delay, http } from 'msw';
import { createStores, getSharedClient } from '@subkit/client';
import { freshKey, worker } from '../../../test/msw.js';
import { generateInvoices, invoices } from '../../../test/fixtures/invoices.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import { api, serve, history, rows, numbers, row, loaded, listRequests } from './support.js';

/** The list: filters (status, dates) and cursor paging through 10,000 invoices. */
export function filterAndPagingTests(): void {
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

    it('paints the first rows in view alone, and renders the rows below them after that paint', async () => {
      serve({ invoices: generateInvoices(250) });
      const el = document.createElement('subkit-billing-history');
      el.setAttribute('api-base', api);
      el.setAttribute('publishable-key', freshKey());
      el.setAttribute('session', 'tok_buyer');
      document.body.append(el);
      try {
        // The rows in the DOM when they first arrive: what the buyer's first frame of invoices lays out.
        const first = await new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (rows(el).length === 0) return;
            observer.disconnect();
            resolve(rows(el).length);
          });
          observer.observe(el.shadowRoot!, { childList: true, subtree: true });
        });
        // 32rem of list over 3.25rem rows: 10 rows fill the view.
        expect(first).to.equal(10);
        await until(() => rows(el).length > first, 'the rows below the view');
        expect(rows(el).length).to.equal(16);
      } finally {
        el.remove();
      }
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
}
