// Pricing page: the plan picker's choice leads to checkout (new purchase) or to the account page
// (a change of the plan the company is already on, which the subscription manager previews).
import { rememberSelection, selectionToQuery } from './selection.js';

document.addEventListener('subkit-plan-selected', (event) => {
  const detail = event.detail;
  rememberSelection(detail);
  if (detail.subscriptionId && detail.change !== 'new') {
    location.assign(`/account.html?${new URLSearchParams({ subscription: detail.subscriptionId })}`);
    return;
  }
  location.assign(`/checkout.html?${selectionToQuery(detail)}`);
});
