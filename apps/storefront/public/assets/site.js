// Shared by every page of the demo storefront: the "signed in as" switch (the merchant's own login,
// played by a select over the demo buyers) and the session hook the widgets call.
// The browser only ever holds short-lived buyer session tokens minted by the storefront's backend;
// the merchant's secret key stays on the server.
import { renderChrome } from './chrome.js';
import { applyLocale, applyOnCommit, currentLocale, mountLanguageSwitch } from './language.js';
import { mountTestClock } from './test-clock.js';
import { t } from './words.js';

const BUYER_KEY = 'storefront.buyer';

/** The customer id of the buyer signed in on this browser, or null when signed out. */
export function currentBuyerId() {
  try {
    return localStorage.getItem(BUYER_KEY);
  } catch {
    return null;
  }
}

function setCurrentBuyerId(customerId) {
  try {
    if (customerId) localStorage.setItem(BUYER_KEY, customerId);
    else localStorage.removeItem(BUYER_KEY);
  } catch {
    /* storage disabled: the choice lasts for this page only */
  }
}

let buyersPromise = null;

/** The demo buyers the storefront's backend knows (its own user table), fetched once per page. */
export function loadBuyers() {
  buyersPromise ??= fetch('/storefront/buyers', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`buyers: HTTP ${response.status}`))))
    .then((body) => (Array.isArray(body) ? body : (body.data ?? body.buyers ?? [])));
  return buyersPromise;
}

/** The signed-in buyer's record from the storefront's user table, or null. */
export async function currentBuyer() {
  const id = currentBuyerId();
  if (!id) return null;
  const buyers = await loadBuyers().catch(() => []);
  return buyers.find((b) => b.customerId === id) ?? null;
}

/**
 * The widgets' `getSession` hook: asks the storefront's own backend for a fresh buyer session.
 * The widgets call it on first use and again whenever their token expires or is refused.
 */
export async function getSession() {
  const customerId = currentBuyerId();
  if (!customerId) throw new Error('Not signed in');
  const response = await fetch('/storefront/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ customerId }),
  });
  if (!response.ok) throw new Error(`Could not sign in (HTTP ${response.status})`);
  const { token, expiresAt } = await response.json();
  return { token, expiresAt };
}

/** The word of each buyer role (words-chrome.js). */
export const ROLE_WORDS = { viewer: 'roleViewer', purchaser: 'rolePurchaser', billing_admin: 'roleBillingAdmin' };

/** A buyer role in the page's language. */
export function roleLabel(role, locale = currentLocale()) {
  return ROLE_WORDS[role] ? t(ROLE_WORDS[role], locale) : role;
}

function initials(name) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join('');
}

/** Names each buyer of "Signed in as" with their role in the page's language. */
function labelBuyers(locale) {
  for (const option of document.querySelectorAll('#buyer-switch option[data-role]')) option.text = `${option.dataset.name} · ${roleLabel(option.dataset.role, locale)}`;
}

async function renderBuyerSwitch() {
  const select = document.querySelector('#buyer-switch');
  const avatar = document.querySelector('.buyer-avatar');
  if (!select) return;
  let buyers = [];
  try {
    buyers = await loadBuyers();
  } catch {
    const unavailable = new Option(t('signInUnavailable', currentLocale()), '');
    unavailable.dataset.t = 'signInUnavailable';
    select.replaceChildren(unavailable);
    select.disabled = true;
    return;
  }
  const chosen = currentBuyerId();
  const known = buyers.some((b) => b.customerId === chosen);
  if (chosen && !known) setCurrentBuyerId(null);

  const signedOut = new Option(t('signedOut', currentLocale()), '', false, !known);
  signedOut.dataset.t = 'signedOut';
  const options = [signedOut];
  const byCompany = new Map();
  for (const buyer of buyers) {
    const key = buyer.companyName ?? buyer.companyId ?? 'Buyers';
    if (!byCompany.has(key)) byCompany.set(key, []);
    byCompany.get(key).push(buyer);
  }
  for (const [company, members] of byCompany) {
    const group = document.createElement('optgroup');
    group.label = company;
    for (const buyer of members) {
      const option = new Option('', buyer.customerId, false, buyer.customerId === chosen);
      option.dataset.role = buyer.role;
      option.dataset.name = buyer.name;
      group.append(option);
    }
    options.push(group);
  }
  select.replaceChildren(...options);
  labelBuyers(currentLocale());
  document.addEventListener('storefront-locale', (event) => labelBuyers(event.detail.locale));
  select.disabled = false;

  const me = buyers.find((b) => b.customerId === chosen);
  if (avatar) {
    avatar.textContent = me ? initials(me.name) : '—';
    avatar.toggleAttribute('data-signed-out', !me);
    avatar.title = me ? `${me.name}, ${me.companyName ?? ''}` : t('signedOut', currentLocale());
  }
  document.documentElement.dataset.signedIn = me ? 'true' : 'false';

  // Like a real login: the page reloads under the new identity, so no widget keeps a stale session (applied as
  // language.js's applyOnCommit says: no reload on an arrow key).
  applyOnCommit(select, (value) => {
    if ((value || null) === chosen) return;
    setCurrentBuyerId(value || null);
    location.reload();
  });
}

/** Tells the page's CSS how tall the sticky header is (0 where it scrolls away), for what sticks below it. */
function trackHeaderSize() {
  const header = document.querySelector('.site-header');
  if (!header) return;
  const measure = () => {
    const sticky = getComputedStyle(header).position === 'sticky';
    document.documentElement.style.setProperty('--site-header-size', `${sticky ? header.offsetHeight : 0}px`);
  };
  new ResizeObserver(measure).observe(header);
  matchMedia('(max-width: 640px)').addEventListener('change', measure);
}

let configPromise = null;

/** The storefront's public configuration from its backend: the publishable key and the merchant's name. */
export function loadConfig() {
  configPromise ??= fetch('/storefront/config', { headers: { accept: 'application/json' } }).then((response) =>
    response.ok ? response.json() : Promise.reject(new Error(`config: HTTP ${response.status}`)),
  );
  return configPromise;
}

/**
 * The page runs under `require-trusted-types-for 'script'`. Lit renders through its own `lit-html`
 * policy; Stripe.js's loader sets a script's `src` from a plain string, so when Stripe collects the
 * payments a `default` policy lets exactly Stripe's own script URL through and refuses anything else.
 */
function allowStripeScript() {
  if (!window.trustedTypes || window.trustedTypes.defaultPolicy) return;
  window.trustedTypes.createPolicy('default', {
    createScriptURL(url) {
      if (new URL(url, location.href).origin === 'https://js.stripe.com') return url;
      throw new TypeError(`Blocked script URL ${url}`);
    },
  });
}

/**
 * Wires every `<subkit-provider>` of the page: the API (this very origin), the publishable key, and —
 * when someone is signed in — the `getSession` hook. An anonymous visitor gets the public catalog only.
 */
export async function connectProviders() {
  const providers = [...document.querySelectorAll('subkit-provider')];
  if (!providers.length) return;
  const signedIn = Boolean(currentBuyerId());
  const config = await loadConfig();
  if (config.payments === 'stripe') allowStripeScript();
  const apiBase = new URL(config.apiBase ?? '/', location.href).origin;
  for (const provider of providers) {
    if (signedIn) provider.getSession = getSession;
    provider.publishableKey = config.publishableKey;
    provider.apiBase = apiBase;
  }
}

renderChrome();
// Before the widgets' code loads (the next module script): they draw in the chosen language from the start.
mountLanguageSwitch();
applyLocale(currentLocale());
trackHeaderSize();
connectProviders().catch(() => {
  document.documentElement.dataset.storefrontError = 'config';
});
// Test mode only: the panel that moves the shop's time forward (the backend has no such route in live mode).
loadConfig()
  .then((config) => (config.mode === 'test' ? mountTestClock(currentBuyerId()) : undefined))
  .catch(() => {});
renderBuyerSwitch();
