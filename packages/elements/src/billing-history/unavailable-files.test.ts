import '../define.js';
import { expect } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import type { ExportCompletedEvent, SubkitErrorEvent } from '../events/index.js';
import { startWorker, worker } from '../../test/msw.js';
import { $, $$, text, until } from '../../test/helpers.js';
import { captureDownloads, history, numbers, serve } from './tests/support.js';

// A file of its own: the page must not have fetched the invoice dialog's code before (what the export and PDF
// buttons send comes with it, and a module fetched once stays fetched for the page).
describe('<subkit-billing-history> when what the export button sends cannot be fetched', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  it('shows the error with a retry, asks nothing, and the retry exports', async () => {
    const server = serve();
    worker.use(http.get('*/invoice-detail.view.*', () => HttpResponse.error(), { once: true }));
    const el = await history();
    await until(() => numbers(el).length > 0, 'rows');
    const errors: SubkitErrorEvent[] = [];
    el.addEventListener('subkit-error', (e) => errors.push(e as SubkitErrorEvent));
    ($(el, '[part~="export"]') as HTMLButtonElement).click();
    await until(() => $$(el, '[part~="error"]').length > 0, 'the error panel');
    expect(text($(el, '[part~="error"] p'))).to.equal('The export could not be made. We could not reach the billing service. Check your connection and try again.');
    expect(errors.map((e) => [e.detail.source, e.detail.error.type, e.detail.error.code])).to.deep.equal([['billing-history:export', 'network_error', 'view_unavailable']]);
    await el.updateComplete;
    expect(el.matches(':state(busy)')).to.equal(false);
    expect(($(el, '[part~="export"]') as HTMLButtonElement).disabled).to.equal(false);
    expect(server.requests.filter((r) => r.path === '/v1/invoices/export.csv')).to.have.length(0);

    const downloads = captureDownloads();
    const events: ExportCompletedEvent[] = [];
    el.addEventListener('subkit-export-completed', (e) => events.push(e as ExportCompletedEvent));
    try {
      ($(el, '[part~="retry"]') as HTMLButtonElement).click();
      await until(() => events.length === 1, 'exported');
    } finally {
      downloads.restore();
    }
    expect(downloads.files.map((f) => f.download)).to.deep.equal(['invoices.csv']);
    expect($$(el, '[part~="error"]')).to.have.length(0);
    expect(errors).to.have.length(1);
  });
});
