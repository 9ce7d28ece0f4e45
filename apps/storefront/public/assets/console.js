// The merchant console: <subkit-revenue-dashboard> with a merchant session that the storefront's backend
// mints (scope metrics:read, bound to this origin) — in test mode only, as the demo's own admin. A real
// merchant does the same behind their admin login.
import { loadConfig } from './site.js';

/** The dashboard's `getSession` hook: a fresh read-only merchant session from this server. */
async function getMerchantSession() {
  const response = await fetch('/console/session', { method: 'POST', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`Could not open the console (HTTP ${response.status})`);
  const { token, expiresAt } = await response.json();
  return { token, expiresAt };
}

async function connect() {
  const config = await loadConfig();
  const dashboard = document.querySelector('#dashboard');
  if (config.mode !== 'test') {
    document.querySelector('#console-unavailable').hidden = false;
    document.querySelector('#console-widgets').hidden = true;
    return;
  }
  dashboard.apiBase = new URL(config.apiBase ?? '/', location.href).origin;
  dashboard.getSession = getMerchantSession;
}

connect().catch(() => {
  document.documentElement.dataset.storefrontError = 'config';
});
