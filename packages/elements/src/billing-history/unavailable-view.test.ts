import '../define.js';
import { expect } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import type { SubkitErrorEvent } from '../events/index.js';
import { startWorker, worker } from '../../test/msw.js';
import { $, $$, text, until } from '../../test/helpers.js';
import { history, numbers, row, serve } from './tests/support.js';

// A file of its own: the page must not have fetched the invoice dialog's code before (a module fetched once
// stays fetched for the page).
describe('<subkit-billing-history> when the invoice dialog’s code cannot be fetched', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  it('shows the error with a retry instead of a dead button, and the retry opens the invoice', async () => {
    serve();
    // Offline as the buyer opens an invoice: the dialog's chunk fails to arrive, once.
    worker.use(http.get('*/invoice-detail.view.*', () => HttpResponse.error(), { once: true }));
    const el = await history();
    await until(() => numbers(el).length > 0, 'rows');
    const errors: SubkitErrorEvent[] = [];
    el.addEventListener('subkit-error', (e) => errors.push(e as SubkitErrorEvent));
    const number = numbers(el)[0]!;
    (row(el, number).querySelector('[part~="number"]') as HTMLButtonElement).click();
    await until(() => $$(el, '[part~="error"]').length > 0, 'the error panel');
    expect(text($(el, '[part~="error"] p'))).to.equal('The invoice could not be loaded. We could not reach the billing service. Check your connection and try again.');
    expect($$(el, 'dialog')).to.have.length(0);
    expect(errors.map((e) => [e.detail.source, e.detail.error.type])).to.deep.equal([['billing-history:invoice', 'network_error']]);
    expect(el.matches(':state(busy)')).to.equal(false);

    ($(el, '[part~="retry"]') as HTMLButtonElement).click();
    await until(() => $$(el, '[part~="lines"]').length > 0, 'invoice detail');
    expect(($(el, 'dialog') as HTMLDialogElement).open).to.equal(true);
    expect($$(el, '[part~="error"]')).to.have.length(0);
  });
});
