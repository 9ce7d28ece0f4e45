// Quotes page: the company's quotes in <subkit-quote> (one of them when the pricing page's "View your
// quote" names it); once the billing admin accepts, the new subscription is on the account page.
import { currentBuyer } from './site.js';

const widget = document.querySelector('subkit-quote');
const requested = new URLSearchParams(location.search).get('quote');
if (requested) widget?.setAttribute('quote-id', requested);

currentBuyer().then((buyer) => {
  if (buyer) return;
  document.querySelector('#signin-notice')?.removeAttribute('hidden');
  document.querySelector('#quote-widgets')?.setAttribute('hidden', '');
});

document.addEventListener('subkit-quote-accepted', (event) => {
  // Leave the confirmation on screen a moment, then show the subscription it created.
  setTimeout(() => location.assign(`/account.html?${new URLSearchParams({ accepted: event.detail.subscriptionId })}`), 1500);
});
