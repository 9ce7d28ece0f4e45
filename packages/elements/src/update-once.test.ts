import './define.js';
import { expect } from '@open-wc/testing';
import { startWorker, useFixtureServer, worker } from '../test/msw.js';
import { $, until } from '../test/helpers.js';
import { input, priced } from './checkout/tests/support.js';
import { history, rows, serve as serveHistory } from './billing-history/tests/support.js';
import { loaded as loadedManager, serve as serveManager } from './subscription-manager/tests/support.js';
import { subscriptionsByStatus } from '../test/fixtures/subscriptions.js';

/**
 * The widgets whose update asked for another while it completed — Lit's development build warns once per
 * element ("change-in-update"): a store changed in `updated()` (a load started, the catalog asked in another
 * language), or an event handler ran while the update removed a focused field. Each such update renders twice.
 */
function changeInUpdate(): { tags: string[]; stop(): void } {
  const tags: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const tag = /^Element (\S+) scheduled an update/.exec(String(args[0]))?.[1];
    if (tag) tags.push(tag);
    original.apply(console, args);
  };
  return { tags, stop: () => (console.warn = original) };
}

// One page for this file: Lit warns once per element name, so each widget is watched in one test only.
describe('a widget update asks for no other while it completes', () => {
  let watch: ReturnType<typeof changeInUpdate>;
  before(async () => {
    await startWorker();
  });
  beforeEach(() => {
    watch = changeInUpdate();
  });
  afterEach(() => {
    watch.stop();
    worker.resetHandlers();
  });

  it('<subkit-checkout>: priced, then the card fields removed while one has focus ("Pay by invoice" set by the page)', async () => {
    useFixtureServer();
    const el = await priced();
    input(el, 'cardNumber').focus();
    el.paymentMethod = 'invoice';
    await until(() => !el.shadowRoot!.querySelector('#cardNumber') && !!el.shadowRoot!.querySelector('#poNumber'), 'the invoice fields');
    await el.updateComplete;
    expect(watch.tags).to.deep.equal([]);
  });

  it('<subkit-billing-history>: loaded, then other filters (the old rows shown while they load)', async () => {
    serveHistory();
    const el = await history();
    await until(() => rows(el).length > 0, 'rows');
    el.status = 'paid';
    await until(() => rows(el).length > 0 && !el.matches(':state(busy)'), 'the paid rows');
    await el.updateComplete;
    expect(watch.tags).to.deep.equal([]);
  });

  it('<subkit-subscription-manager>: its subscriptions, their usage and open invoices loaded', async () => {
    // A metered one (its usage is asked for) and a past-due one (its open invoice is).
    serveManager({ subscriptions: subscriptionsByStatus });
    const el = await loadedManager();
    await until(() => !el.matches(':state(busy)') && !!$(el, '[part~="usage"]'), 'usage shown');
    await el.updateComplete;
    expect(watch.tags).to.deep.equal([]);
  });
});
