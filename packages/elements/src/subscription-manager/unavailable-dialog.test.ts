import '../define.js';
import { expect } from '@open-wc/testing';
import { HttpResponse, http, passthrough } from 'msw';
import type { SubkitErrorEvent } from '../events/index.js';
import { startWorker, worker } from '../../test/msw.js';
import { $, $$, text, until } from '../../test/helpers.js';
import { managedTeam } from '../../test/fixtures/subscriptions.js';
import { button, dialog, isOpen, item, loaded, serve } from './tests/support.js';

// A file of its own: the page must not have fetched the dialogs' code before (a module fetched once stays
// fetched for the page).
describe('<subkit-subscription-manager> when the dialogs’ code cannot be fetched', () => {
  before(() => startWorker());
  afterEach(() => worker.resetHandlers());

  it('shows the error with a retry instead of closing the dialog silently, and the retry opens it', async () => {
    serve({ subscriptions: [managedTeam] });
    // Offline while the buyer reads the list and opens a dialog (the idle prefetch fails too), back online for the retry.
    let offline = true;
    worker.use(http.get('*/dialogs.view.*', () => (offline ? HttpResponse.error() : passthrough())));
    const el = await loaded();
    const errors: SubkitErrorEvent[] = [];
    el.addEventListener('subkit-error', (e) => errors.push(e as SubkitErrorEvent));
    const pause = button(item(el, 'sub_team'), 'action-pause');
    pause.click();
    await until(() => $$(el, '[part~="error"]').length > 0, 'the error panel');
    expect(text($(el, '[part~="error"] p'))).to.equal('This step could not be opened. We could not reach the billing service. Check your connection and try again.');
    expect(isOpen(el)).to.equal(false);
    // The panel sits above the list with the notices' spacing, not flush on the first card.
    const gap = item(el, 'sub_team').getBoundingClientRect().top - $(el, '[part~="error"]').getBoundingClientRect().bottom;
    expect(gap).to.be.greaterThan(8);
    expect(errors.map((e) => [e.detail.source, e.detail.error.type, e.detail.error.code])).to.deep.equal([['subscription-manager:dialog', 'network_error', 'view_unavailable']]);
    await el.updateComplete;
    expect(el.matches(':state(busy)')).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(pause);

    offline = false;
    button(el.shadowRoot!, 'retry').click();
    await until(() => isOpen(el), 'pause dialog');
    expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Pause Team');
    expect($$(el, '[part~="error"]')).to.have.length(0);
    expect(errors).to.have.length(1);
  });
});
