// Account page: who is signed in (from the storefront's own user table), and the company's
// subscriptions and invoices in <subkit-subscription-manager> and <subkit-billing-history>.
import { currentBuyer, roleLabel } from './site.js';
import { recalledSelection } from './selection.js';

const meta = document.querySelector('#account-meta');
const title = document.querySelector('#account-title');

currentBuyer().then((buyer) => {
  if (!buyer) {
    document.querySelector('#signin-notice')?.removeAttribute('hidden');
    document.querySelector('#account-widgets')?.setAttribute('hidden', '');
    return;
  }
  if (title) title.textContent = buyer.companyName ?? 'Your account';
  if (meta) {
    const who = document.createElement('span');
    who.textContent = `${buyer.name} · ${buyer.email}`;
    const role = document.createElement('span');
    role.className = 'role-pill';
    role.textContent = roleLabel(buyer.role);
    meta.replaceChildren(who, role);
  }
});

// Arriving from the pricing page's "Upgrade to …"/"Downgrade to …": point at where the change is made.
const requested = new URLSearchParams(location.search).get('subscription');
if (requested && recalledSelection()?.subscriptionId === requested) {
  document.querySelector('#change-notice')?.removeAttribute('hidden');
}
