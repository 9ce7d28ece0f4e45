// The subkit script a page loads (dist/subkit.js): every subkit tag is registered, but a widget's code is
// fetched only when its tag first appears on the page — a pricing page downloads the plan picker, not the
// billing history. The provider is small and defined at once, so widgets nested in it find their client.
// A tag rendered inside another component's shadow root is not seen here: import its module instead
// (`@subkit/elements/define/plan-picker.js`).
import './define/provider.js';

const widgets: Record<string, () => Promise<unknown>> = {
  'subkit-plan-picker': () => import('./define/plan-picker.js'),
  'subkit-checkout': () => import('./define/checkout.js'),
  'subkit-subscription-manager': () => import('./define/subscription-manager.js'),
  'subkit-billing-history': () => import('./define/billing-history.js'),
  'subkit-approvals': () => import('./define/approvals.js'),
};
const tags = Object.keys(widgets);
const requested = new Set<string>();

/** Loads the code of every subkit widget in `root` (an element, or a document) not loaded yet. */
function load(root: Element | Document): void {
  for (const tag of tags) {
    if (requested.has(tag) || !((root instanceof Element && root.localName === tag) || root.querySelector(tag))) continue;
    requested.add(tag);
    void widgets[tag]!();
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
if (typeof document !== 'undefined') watch(document);
