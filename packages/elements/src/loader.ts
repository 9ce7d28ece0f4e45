// The subkit script a page loads (dist/subkit.js): every subkit tag is registered, but a tag's code is
// fetched only when it first appears on the page — a pricing page downloads the plan picker, not the
// billing history, and a page without `<subkit-provider>` not the provider. Widgets inside a provider find
// it when they connect: the provider's code runs before theirs, and a provider that arrives after widgets
// already defined (a page that adds one later) is found too — the context root below keeps their requests
// until it connects. A tag rendered inside another component's shadow root is not seen here: import its
// module instead (`@subkit/elements/define/plan-picker.js`).
import { ContextRoot } from '@lit/context';
import { prepareIntl } from './internal/intl-ready.js';

const provider = 'subkit-provider';
// Each import says, inline, that its module's exports go unread (`.then(() => undefined)`): the bundler then adds
// no namespace object (nor the runtime helper that builds one) to a widget chunk that lazy chunks import from.
const widgets: Record<string, () => Promise<void>> = {
  'subkit-plan-picker': () => import('./define/plan-picker.js').then(() => undefined),
  'subkit-checkout': () => import('./define/checkout.js').then(() => undefined),
  'subkit-subscription-manager': () => import('./define/subscription-manager.js').then(() => undefined),
  'subkit-billing-history': () => import('./define/billing-history.js').then(() => undefined),
  'subkit-approvals': () => import('./define/approvals.js').then(() => undefined),
  'subkit-quote': () => import('./define/quote.js').then(() => undefined),
};
const tags = [provider, ...Object.keys(widgets)];
const requested = new Set<string>();
/** The provider's code, once a provider appeared (failed or not: widgets load after it either way). */
let providerLoaded: Promise<unknown> = Promise.resolve();

/** Loads the code of every subkit tag in `root` (an element, or a document) not loaded yet, the provider's first. */
function load(root: Element | Document): void {
  for (const tag of tags) {
    if (requested.has(tag) || !((root instanceof Element && root.localName === tag) || root.querySelector(tag))) continue;
    requested.add(tag);
    if (tag === provider) providerLoaded = import('./define/provider.js').catch(() => undefined);
    else {
      void providerLoaded.then(widgets[tag]);
      prepareIntl(tag === 'subkit-billing-history');
    }
  }
}

/** Loads the widgets already on the page, then each one whose tag appears later. */
function watch(page: Document): void {
  load(page);
  if (requested.size === tags.length) return;
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) load(node);
    if (requested.size === tags.length) observer.disconnect();
  });
  observer.observe(page, { childList: true, subtree: true });
}

// A server build (Next.js, Nuxt, Astro) may import this module in Node, where there is no page to watch.
if (typeof document !== 'undefined') {
  new ContextRoot().attach(document.documentElement);
  watch(document);
}
