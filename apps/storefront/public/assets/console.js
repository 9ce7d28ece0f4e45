// The merchant console: <subkit-revenue-dashboard> with a merchant session that the storefront's backend
// mints (scope metrics:read, bound to this origin) — in test mode only, as the demo's own admin. A real
// merchant does the same behind their admin login. Below it, the open invoices and "record bank transfer", which
// the backend carries out with the secret key (apps/reference-server/src/receivables.ts).
import { element, formatDate, formatMoney } from './format.js';
import { currentLocale } from './language.js';
import { loadConfig } from './site.js';
import { t } from './words.js';

/** The dashboard's `getSession` hook: a fresh read-only merchant session from this server. */
async function getMerchantSession() {
  const response = await fetch('/console/session', { method: 'POST', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`Could not open the console (HTTP ${response.status})`);
  const { token, expiresAt } = await response.json();
  return { token, expiresAt };
}

/** True when the console is shown (test mode). */
async function connect() {
  const config = await loadConfig();
  const dashboard = document.querySelector('#dashboard');
  if (config.mode !== 'test') {
    document.querySelector('#console-unavailable').hidden = false;
    document.querySelector('#console-widgets').hidden = true;
    return false;
  }
  dashboard.apiBase = new URL(config.apiBase ?? '/', location.href).origin;
  dashboard.getSession = getMerchantSession;
  return true;
}

/** An error answer's message, else a generic line. */
async function messageOf(response, locale) {
  const body = await response.json().catch(() => null);
  return body?.error?.message ?? t('receivablesFailed', locale);
}

/** One open invoice: its number and company, when it is due, what remains, and "Record bank transfer". */
function receivableItem(invoice, locale, onRecord) {
  const due = invoice.dueAt ? t(invoice.overdue ? 'receivablesOverdue' : 'receivablesDue', locale, { date: formatDate(invoice.dueAt, locale) }) : '';
  const button = element('button', { type: 'button', className: 'button secondary', textContent: t('receivablesRecord', locale) });
  // The number in the button's name: a screen reader's list of buttons tells them apart.
  button.setAttribute('aria-label', t('receivablesRecordLabel', locale, { number: invoice.number }));
  button.addEventListener('click', () => onRecord(invoice, button));
  return element('li', {}, [
    element('span', { className: 'what' }, [
      element('strong', {}, [element('bdi', { textContent: invoice.number })]),
      element('bdi', { textContent: invoice.companyName }),
      element('span', { className: invoice.overdue ? 'due overdue' : 'due', textContent: due }),
    ]),
    element('span', { className: 'amount', textContent: formatMoney(invoice.amountRemaining, invoice.currency, locale) }),
    button,
  ]);
}

/** The console's open invoices, read from this server (which asks subkit with the secret key). */
async function showReceivables() {
  const locale = currentLocale();
  const list = document.querySelector('#receivables-list');
  const status = document.querySelector('#receivables-status');
  const response = await fetch('/console/receivables', { headers: { accept: 'application/json' } });
  if (!response.ok) {
    status.textContent = await messageOf(response, locale);
    return;
  }
  const { data } = await response.json();
  const record = async (invoice, button) => {
    button.disabled = true;
    const answer = await fetch(`/console/receivables/${encodeURIComponent(invoice.id)}/record`, { method: 'POST', headers: { accept: 'application/json' } });
    status.textContent = answer.ok ? t('receivablesRecorded', locale, { number: invoice.number }) : await messageOf(answer, locale);
    // Focus stays in the panel: on the next invoice's button, else on the message.
    await showReceivables();
    (list.querySelector('button') ?? status).focus?.();
  };
  list.replaceChildren(...data.map((invoice) => receivableItem(invoice, locale, record)));
  document.querySelector('#receivables-empty').hidden = data.length > 0;
}

connect()
  .then(async (shown) => {
    if (!shown) return;
    await showReceivables();
    document.addEventListener('storefront-locale', () => void showReceivables());
  })
  .catch(() => {
    document.documentElement.dataset.storefrontError = 'config';
  });
