// Checkout page: the plan chosen on the pricing page (carried in the URL, or remembered for this tab)
// is handed to <subkit-checkout> through its `selection` property.
import { currentBuyerId } from './site.js';
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

document.addEventListener('subkit-checkout-completed', (event) => {
  const { subscription } = event.detail;
  forgetSelection();
  const text = document.querySelector('#bought-text');
  if (text) text.textContent = `${subscription.planName} is now on your company's account.`;
  document.querySelector('#bought-notice')?.removeAttribute('hidden');
});

// Above the company's approval limit the checkout sends the order for a billing admin's approval instead.
document.addEventListener('subkit-purchase-requested', (event) => {
  const { request } = event.detail;
  forgetSelection();
  const text = document.querySelector('#requested-text');
  if (text) text.textContent = `${request.planName} is placed once a billing admin of your company approves it.`;
  document.querySelector('#requested-notice')?.removeAttribute('hidden');
});
