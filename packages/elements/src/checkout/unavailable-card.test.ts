import '../define.js';
import { expect, waitUntil } from '@open-wc/testing';
import { HttpResponse, http, passthrough } from 'msw';
import type { SubkitErrorEvent } from '../events/index.js';
import { startWorker, useFixtureServer, worker } from '../../test/msw.js';
import { $, $$, text, until } from '../../test/helpers.js';
import { checkout, checkoutRequests, fillTestCard, submit } from './tests/support.js';

// A file of its own: the page must not have fetched the card's code before (a module fetched once stays fetched
// for the page).
describe('<subkit-checkout> when the card’s code cannot be fetched', () => {
  before(() => startWorker());
  afterEach(() => worker.resetHandlers());

  it('shows the form with the error and a retry in place of the card form, and the retry brings the card form', async () => {
    const server = useFixtureServer();
    // Offline when the checkout needs the card form (the idle prefetch fails too), back online for the retry.
    let offline = true;
    worker.use(http.get('*/card.view.*', () => (offline ? HttpResponse.error() : passthrough())));
    const errors: SubkitErrorEvent[] = [];
    document.addEventListener('subkit-error', (e) => errors.push(e as SubkitErrorEvent));
    const el = await checkout();
    await until(() => $$(el, '[part~="summary-total"]').length > 0, 'order summary');
    await until(() => $$(el, '[part~="error"]').length > 0, 'the error panel');
    expect(text($(el, '[part~="error"] p'))).to.equal('The secure card form could not be loaded. We could not reach the billing service. Check your connection and try again.');
    expect($$(el, '[part~="test-mode"]')).to.have.length(0);
    expect(errors.map((e) => [e.detail.source, e.detail.error.type, e.detail.error.code])).to.deep.equal([['checkout:card', 'network_error', 'view_unavailable']]);
    await el.updateComplete;
    expect(el.matches(':state(busy)')).to.equal(false);
    // Place order cannot pay by card without it: nothing is sent.
    submit(el);
    await until(() => text($(el, '[part~="form-error"]')) !== '', 'form error');
    expect(text($(el, '[part~="form-error"]'))).to.equal('The secure card form could not be loaded.');
    expect(checkoutRequests(server)).to.have.length(0);

    offline = false;
    ($(el, '[part~="retry"]') as HTMLButtonElement).click();
    // The dev server compiles the card's code (never fetched before on this page) now: on a busy machine that takes a while.
    await waitUntil(() => $$(el, '[part~="test-mode"]').length > 0, 'the card form', { timeout: 15000, interval: 10 });
    expect(text($(el, '[part~="test-mode-badge"]'))).to.equal('TEST MODE');
    expect($$(el, '[part~="error"]')).to.have.length(0);
    expect(errors).to.have.length(1);
    await fillTestCard(el, '4242 4242 4242 4242');
    expect($(el, '[part~="submit"]').hasAttribute('disabled')).to.equal(false);
  });
});
