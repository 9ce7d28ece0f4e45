// Checkout page: the plan chosen on the pricing page (carried in the URL, or remembered for this tab)
// is handed to <subkit-checkout> through its `selection` property.
import { currentLocale } from './language.js';
import { currentBuyerId } from './site.js';
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

/** The choice is done with: bought, or sent for approval. */
function forgetSelection() {
  try {
    sessionStorage.removeItem('storefront.selection');
  } catch {
    /* nothing remembered */
  }
}

/** Shows a notice whose sentence names the plan (in the page's language, and again when it changes). */
function notify(notice, text, key, plan) {
  const sentence = document.querySelector(text);
  if (sentence) {
    sentence.dataset.t = key;
    sentence.dataset.tArgs = JSON.stringify({ plan });
    sentence.textContent = t(key, currentLocale(), { plan });
  }
  document.querySelector(notice)?.removeAttribute('hidden');
}

document.addEventListener('subkit-checkout-completed', (event) => {
  forgetSelection();
  notify('#bought-notice', '#bought-text', 'boughtText', event.detail.subscription.planName);
});

// Above the company's approval limit the checkout sends the order for a billing admin's approval instead.
document.addEventListener('subkit-purchase-requested', (event) => {
  forgetSelection();
  notify('#requested-notice', '#requested-text', 'requestedText', event.detail.request.planName);
});
