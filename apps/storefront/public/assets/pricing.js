// Pricing page: product-line tabs over one plan picker, and the picker's choice leads to checkout
// (a new purchase) or to the account page (a change of the plan the company is already on); "View your quote"
// leads to the Quotes page.
import { currentLocale } from './language.js';
import { rememberSelection, selectionToQuery } from './selection.js';
import { t } from './words.js';

const picker = document.querySelector('subkit-plan-picker');
const tabs = [...document.querySelectorAll('.product-tabs [role="tab"]')];
const panel = document.querySelector('#plans-panel');

function showProduct(productId, { focus = false } = {}) {
  const tab = tabs.find((t) => t.dataset.product === productId) ?? tabs[0];
  if (!tab || !picker) return;
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
  }
  panel?.setAttribute('aria-labelledby', tab.id);
  picker.setAttribute('product', tab.dataset.product);
  const heading = document.querySelector('#picker-heading');
  if (heading) {
    // The tab names the heading's word: it follows the language switch like the page's other words.
    heading.dataset.t = tab.dataset.plans;
    heading.textContent = t(tab.dataset.plans, currentLocale());
  }
  if (focus) tab.focus();
  const url = new URL(location.href);
  url.searchParams.set('product', tab.dataset.product);
  history.replaceState(null, '', url);
}

for (const tab of tabs) {
  tab.addEventListener('click', () => showProduct(tab.dataset.product));
  tab.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(tab);
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    let next = null;
    if (step) next = tabs[(index + step + tabs.length) % tabs.length];
    if (event.key === 'Home') next = tabs[0];
    if (event.key === 'End') next = tabs[tabs.length - 1];
    if (!next) return;
    event.preventDefault();
    showProduct(next.dataset.product, { focus: true });
  });
}

const requested = new URLSearchParams(location.search).get('product');
if (requested) showProduct(requested);

document.addEventListener('subkit-plan-selected', (event) => {
  const detail = event.detail;
  rememberSelection(detail);
  if (detail.subscriptionId && detail.change !== 'new') {
    location.assign(`/account.html?${new URLSearchParams({ subscription: detail.subscriptionId })}`);
    return;
  }
  location.assign(`/checkout.html?${selectionToQuery(detail)}`);
});

// "View your quote" on a contact-sales plan the company has an open quote for: that quote on the Quotes page.
document.addEventListener('subkit-view-quote', (event) => {
  location.assign(`/quotes.html?${new URLSearchParams({ quote: event.detail.quoteId })}`);
});
