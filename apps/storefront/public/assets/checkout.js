// Checkout page: the plan chosen on the pricing page (carried in the URL, or remembered for this tab)
// is handed to <subkit-checkout> through its `selection` property.
import { currentLocale } from './language.js';
import { currentBuyer, currentBuyerId, loadConfig } from './site.js';
import { t } from './words.js';
import { recalledSelection, rememberSelection, selectionFromQuery } from './selection.js';

const checkout = document.querySelector('subkit-checkout');
const fromUrl = selectionFromQuery(location.search);
const selection = fromUrl ?? recalledSelection();

if (checkout && selection) {
  checkout.selection = selection;
  if (fromUrl) rememberSelection(fromUrl);
}

if (!currentBuyerId()) document.querySelector('#signin-notice')?.removeAttribute('hidden');
// A viewer may not order: in the demo, say whom to sign in as instead (the widget says the role cannot).
currentBuyer().then((buyer) => {
  if (buyer?.role === 'viewer') document.querySelector('#viewer-notice')?.removeAttribute('hidden');
});

/** The choice is done with: bought, or sent for approval. */
function forgetSelection() {
  try {
    sessionStorage.removeItem('storefront.selection');
  } catch {
    /* nothing remembered */
  }
}

const catalogs = new Map();

/**
 * The plan's name as the catalog gives it in `locale` (what the widgets show), else `fallback`: the subscription
 * and the request carry the merchant's own name, and an Arabic page read "أصبحت Starter" beside "المبتدئة".
 */
async function planNameIn(planId, locale, fallback) {
  try {
    if (!catalogs.has(locale)) {
      const config = await loadConfig();
      const url = new URL(`/v1/catalog?locale=${encodeURIComponent(locale)}`, new URL(config.apiBase ?? '/', location.href));
      catalogs.set(locale, fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${config.publishableKey}` } }).then((r) => (r.ok ? r.json() : null)));
    }
    const catalog = await catalogs.get(locale);
    const plan = catalog?.products?.flatMap((product) => product.plans ?? []).find((p) => p.id === planId);
    return plan?.name ?? fallback;
  } catch {
    return fallback;
  }
}

/** Shows a notice whose sentence names the plan (in the page's language, and again when it changes). */
function notify(notice, text, key, planId, fallback) {
  const sentence = document.querySelector(text);
  const say = async (locale) => {
    const name = await planNameIn(planId, locale, fallback);
    // Isolated, a name in Latin letters keeps its place in a right-to-left sentence.
    const plan = locale === 'ar' ? `\u2068${name}\u2069` : name;
    if (sentence) {
      sentence.dataset.t = key;
      sentence.dataset.tArgs = JSON.stringify({ plan });
      sentence.textContent = t(key, locale, { plan });
    }
  };
  say(currentLocale()).then(() => document.querySelector(notice)?.removeAttribute('hidden'));
  document.addEventListener('storefront-locale', (event) => say(event.detail.locale));
}

document.addEventListener('subkit-checkout-completed', (event) => {
  forgetSelection();
  const { planId, planName } = event.detail.subscription;
  notify('#bought-notice', '#bought-text', 'boughtText', planId, planName);
});

// Above the company's approval limit the checkout sends the order for a billing admin's approval instead.
document.addEventListener('subkit-purchase-requested', (event) => {
  forgetSelection();
  const { change, planName } = event.detail.request;
  notify('#requested-notice', '#requested-text', 'requestedText', change?.planId, planName);
});
