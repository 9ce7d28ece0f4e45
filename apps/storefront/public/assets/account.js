// Account page: who is signed in (from the storefront's own user table), and the company's
// subscriptions and invoices in <subkit-subscription-manager> and <subkit-billing-history>.
import { currentBuyer, ROLE_WORDS } from './site.js';
import { currentLocale } from './language.js';
import { t } from './words.js';
import { recalledSelection } from './selection.js';

const meta = document.querySelector('#account-meta');
const title = document.querySelector('#account-title');

currentBuyer().then((buyer) => {
  if (!buyer) {
    document.querySelector('#signin-notice')?.removeAttribute('hidden');
    document.querySelector('#account-widgets')?.setAttribute('hidden', '');
    return;
  }
  if (title && buyer.companyName) {
    // The company's name, in no language: the language switch leaves it alone.
    delete title.dataset.t;
    title.textContent = buyer.companyName;
  }
  if (meta) {
    const who = document.createElement('span');
    who.textContent = `${buyer.name} · ${buyer.email}`;
    const role = document.createElement('span');
    role.className = 'role-pill';
    const key = ROLE_WORDS[buyer.role];
    if (key) role.dataset.t = key;
    role.textContent = key ? t(key, currentLocale()) : buyer.role;
    meta.replaceChildren(who, role);
  }
});

// Arriving from the pricing page's "Upgrade to …"/"Downgrade to …": the subscription manager opens the
// exact preview of that change (plan, billing period, seats as chosen there) for the buyer to confirm.
// Only when it cannot (another role, nothing differs) does the page point at "Change plan" instead.
const requested = new URLSearchParams(location.search).get('subscription');
const selection = recalledSelection();
if (requested && selection?.subscriptionId === requested) {
  const manager = document.querySelector('subkit-subscription-manager');
  customElements.whenDefined('subkit-subscription-manager').then(async () => {
    const { planId, recurring, quantity } = selection;
    const opened = await manager.previewChange(requested, { planId, recurring, quantity });
    if (!opened) document.querySelector('#change-notice')?.removeAttribute('hidden');
    // Asked once: reloading the account page later does not propose the change again.
    const url = new URL(location.href);
    url.searchParams.delete('subscription');
    history.replaceState(null, '', url);
  });
}
