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

document.addEventListener('subkit-checkout-completed', (event) => {
  const { subscription } = event.detail;
  try {
    sessionStorage.removeItem('storefront.selection');
  } catch {
    /* nothing remembered */
  }
  const text = document.querySelector('#bought-text');
  if (text) text.textContent = `${subscription.planName} is now on your company's account.`;
  document.querySelector('#bought-notice')?.removeAttribute('hidden');
});
