// The pricing page in the browser. Hydration support and the catalog seed first (the picker the server drew
// is taken over in place: no request, no skeleton), then the widgets. The buyer's session goes to both
// widgets; the picker's typed subkit-plan-selected opens the checkout with that selection, and the
// checkout's subkit-checkout-completed shows the new subscription.
import '@subkit/ssr/hydrate';
import '@subkit/elements/define.js';
import { loadShop } from '../../shared/shop.js';

const picker = document.querySelector('subkit-plan-picker')!;
const checkout = document.querySelector('subkit-checkout')!;
const selection = document.querySelector<HTMLElement>('[data-testid="selection"]')!;
const subscribed = document.querySelector<HTMLElement>('[data-testid="subscribed"]')!;

picker.addEventListener('subkit-plan-selected', (event) => {
  const { planId, quantity, recurring } = event.detail;
  selection.textContent = `Chosen: ${planId}, ${quantity} × ${recurring.interval}`;
  selection.hidden = false;
  checkout.selection = event.detail;
  checkout.hidden = false;
});

checkout.addEventListener('subkit-checkout-completed', (event) => {
  const { id, planId } = event.detail.subscription;
  subscribed.textContent = `Subscribed to ${planId}: ${id}`;
  subscribed.hidden = false;
});

loadShop().then(
  (shop) => {
    picker.getSession = shop.getSession;
    checkout.getSession = shop.getSession;
  },
  (error: Error) => {
    selection.textContent = error.message;
    selection.hidden = false;
  },
);
