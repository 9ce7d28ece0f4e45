import { expect } from '@open-wc/testing';
import './loader.js';
import { freshKey, startWorker, useFixtureServer, worker } from '../test/msw.js';
import { $$, until } from '../test/helpers.js';

// The loader registers every tag, but fetches a tag's code (the provider's too) only once it is on the page.
describe('the loader (dist/subkit.js)', function () {
  // Each test waits for widgets' code from the dev server, which takes seconds on a busy machine.
  this.timeout(30_000);
  const widgets = ['subkit-plan-picker', 'subkit-checkout', 'subkit-subscription-manager', 'subkit-billing-history', 'subkit-approvals', 'subkit-quote'];

  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  it('defines no tag, not even the provider, before it appears', () => {
    for (const tag of ['subkit-provider', ...widgets]) expect(customElements.get(tag), tag).to.equal(undefined);
  });

  it("has Intl list its locales while a widget's code downloads, not between the widget's mount and its first amounts", async () => {
    const { DateTimeFormat, NumberFormat } = Intl;
    const made: string[] = [];
    Intl.DateTimeFormat = new Proxy(DateTimeFormat, { apply: (target, self, args) => (made.push('date'), Reflect.apply(target, self, args)) });
    Intl.NumberFormat = new Proxy(NumberFormat, { apply: (target, self, args) => (made.push('number'), Reflect.apply(target, self, args)) });
    try {
      const quote = document.createElement('subkit-quote');
      document.body.append(quote);
      await until(() => made.length === 2, 'a date and a number formatter made');
      expect(made).to.deep.equal(['date', 'number']);
      quote.remove();
    } finally {
      Intl.DateTimeFormat = DateTimeFormat;
      Intl.NumberFormat = NumberFormat;
    }
  });

  it("defines a widget once its tag is added, however deep, and leaves the others' code unloaded", async () => {
    const wrapper = document.createElement('div');
    wrapper.innerHTML = '<section><subkit-checkout></subkit-checkout></section>';
    document.body.append(wrapper);
    await customElements.whenDefined('subkit-checkout');
    expect(wrapper.querySelector('subkit-checkout')!.shadowRoot, 'the element on the page is upgraded').to.not.equal(null);
    expect(customElements.get('subkit-plan-picker')).to.equal(undefined);
    document.body.append(document.createElement('subkit-plan-picker'));
    await customElements.whenDefined('subkit-plan-picker');
    expect(customElements.get('subkit-billing-history')).to.equal(undefined);
    wrapper.remove();
  });

  it('finds a provider whose code arrives after the widget inside it connected (a page adding both later)', async () => {
    useFixtureServer();
    // The picker's code is loaded, the provider's not yet: the picker connects first and asks for a client no
    // one gives yet; the context root keeps its request until the provider connects.
    document.body.append(document.createElement('subkit-plan-picker'));
    await customElements.whenDefined('subkit-plan-picker');
    expect(customElements.get('subkit-provider')).to.equal(undefined);
    const page = document.createElement('div');
    page.innerHTML = `<subkit-provider api-base="${location.origin}" publishable-key="${freshKey()}"><subkit-plan-picker></subkit-plan-picker></subkit-provider>`;
    document.body.append(page);
    const picker = page.querySelector('subkit-plan-picker')!;
    expect(picker.shadowRoot, 'the picker upgraded before the provider').to.not.equal(null);
    await customElements.whenDefined('subkit-provider');
    await until(() => $$(picker, '[part~="plan-name"]').length === 5, "the picker's plans through the provider");
    page.remove();
  });

  it('loads the widgets inside a provider after it: they find its client when they connect', async () => {
    const server = useFixtureServer();
    // The loader also warms what the history's first frame meets once per page: a date input among them.
    const inputs: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLInputElement) inputs.push(node.type);
    });
    observer.observe(document.body, { childList: true });
    const page = document.createElement('div');
    page.innerHTML = `<subkit-provider api-base="${location.origin}" publishable-key="${freshKey()}" session="tok_provider"><subkit-billing-history></subkit-billing-history></subkit-provider>`;
    document.body.append(page);
    await customElements.whenDefined('subkit-billing-history');
    // The widget has no api-base or session of its own: it asks through the provider's client (the fixture
    // company has no invoices).
    const history = page.querySelector('subkit-billing-history')!;
    await until(() => $$(history, '[part~="empty"]').length === 1, 'the history drew its answer');
    expect(server.requests.some((r) => r.path === '/v1/invoices' && r.authorization === 'Bearer tok_provider')).to.equal(true);
    await until(() => inputs.includes('date'), "the history's date input warmed");
    observer.disconnect();
    expect(document.body.querySelectorAll(':scope > input').length, 'and removed').to.equal(0);
    page.remove();
  });
});
