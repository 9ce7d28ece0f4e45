import '../define.js';
import { expect } from '@open-wc/testing';
import { HttpResponse, http, passthrough } from 'msw';
import type { SubkitErrorEvent } from '../events/index.js';
import { startWorker, worker } from '../../test/msw.js';
import { $, $$, text, until } from '../../test/helpers.js';
import { managedTeam } from '../../test/fixtures/subscriptions.js';
import { button, item, loaded, serve } from './tests/support.js';

// A file of its own: the page must not have fetched the dialogs' code before (what a direct action sends comes
// with it, and a module fetched once stays fetched for the page).
describe('<subkit-subscription-manager> when what a direct action sends cannot be fetched', () => {
  before(() => startWorker());
  afterEach(() => worker.resetHandlers());

  it('shows the error with a retry, sends nothing, and the retry runs the action', async () => {
    const server = serve({ subscriptions: [managedTeam] });
    let offline = true;
    worker.use(http.get('*/dialogs.view.*', () => (offline ? HttpResponse.error() : passthrough())));
    const el = await loaded();
    const errors: SubkitErrorEvent[] = [];
    el.addEventListener('subkit-error', (e) => errors.push(e as SubkitErrorEvent));
    const changed: Event[] = [];
    el.addEventListener('subkit-subscription-changed', (e) => changed.push(e));
    button(item(el, 'sub_team'), 'action-skip').click();
    await until(() => $$(el, '[part~="error"]').length > 0, 'the error panel');
    expect(text($(el, '[part~="error"] p'))).to.equal('This step could not be opened. We could not reach the billing service. Check your connection and try again.');
    expect(errors.map((e) => [e.detail.source, e.detail.error.type, e.detail.error.code])).to.deep.equal([['subscription-manager:skip', 'network_error', 'view_unavailable']]);
    await el.updateComplete;
    expect(el.matches(':state(busy)')).to.equal(false);
    expect(button(item(el, 'sub_team'), 'action-skip').disabled).to.equal(false);
    expect(server.calls('POST', '/skip')).to.have.length(0);

    offline = false;
    button(el.shadowRoot!, 'retry').click();
    await until(() => changed.length === 1, 'subkit-subscription-changed');
    expect((changed[0] as CustomEvent).detail.kind).to.equal('skip');
    expect($$(el, '[part~="error"]')).to.have.length(0);
    expect(errors).to.have.length(1);
  });
});
