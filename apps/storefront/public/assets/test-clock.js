// The demo's test-clock panel (test mode only): moves the shop's time forward by a day, a week or a
// month through the storefront's backend, which runs the billing engine over that time (renewals,
// declines, retries, overdue invoices). The page then reloads so every widget shows the engine's state,
// and the panel says what happened to the signed-in buyer's company.

import { currentLocale } from './language.js';
import { t } from './words.js';
import { element, formatDate, formatMoney } from './format.js';

const RESULT_KEY = 'storefront.testClock.last';

/** The word `key` in `locale`, or null where there is no such word (a code the storefront does not know). */
function known(key, locale) {
  const text = t(key, locale);
  return text === key ? null : text;
}

/** What happened, as lines a visitor reads in `locale` (built from the structured answer). */
export function describeAdvance(result, locale = currentLocale()) {
  // Signed out, no company is "yours": the panel says how much happened and how to see one's own.
  if (result.signedIn === false) {
    return [{ tone: 'info', text: result.elsewhere > 0 ? t('clockShopOnly', locale, { n: result.elsewhere }) : t('clockNothingInShop', locale) }];
  }
  const lines = [];
  const invoices = new Map(result.invoices.map((i) => [i.id, i]));
  // In Arabic an invoice number or a date inside a sentence is isolated, so its parts keep their order.
  const isolate = locale === 'ar' ? (text) => (text === undefined ? text : `\u2068${text}\u2069`) : (text) => text;
  const money = (amount, currency) => formatMoney(amount, currency, locale);
  for (const invoice of result.invoices) {
    const kind = t(invoice.billingReason === 'subscription_cycle' ? 'clockRenewalInvoice' : 'clockOtherInvoice', locale);
    const state =
      invoice.status === 'paid'
        ? t('clockPaid', locale)
        : invoice.collectionMethod === 'send_invoice' && invoice.dueAt
          ? t('clockOpenDue', locale, { date: isolate(formatDate(invoice.dueAt, locale)) })
          : t('clockOpen', locale);
    lines.push({ tone: 'info', text: t('clockInvoice', locale, { kind, number: isolate(invoice.number), amount: money(invoice.total, invoice.currency), state }) });
  }
  for (const payment of result.payments) {
    const number = isolate(invoices.get(payment.invoiceId)?.number);
    const values = {
      amount: money(payment.amount, payment.currency),
      number,
      retry: payment.attempt > 1 ? t('clockRetry', locale, { n: payment.attempt - 1 }) : '',
    };
    const of = (key) => (number ? `${key}For` : key);
    if (payment.status === 'succeeded') lines.push({ tone: 'good', text: t(of('clockCharged'), locale, values) });
    else if (payment.status === 'failed') {
      const reason = known(`clockDecline_${payment.failureCode}`, locale) ?? t('clockDecline_generic_decline', locale);
      const never = payment.hardDecline ? t('clockNoRetry', locale) : '';
      lines.push({ tone: 'bad', text: t(of('clockDeclined'), locale, { ...values, reason, never }) });
    } else if (payment.status === 'requires_action') lines.push({ tone: 'bad', text: t(of('clockConfirm'), locale, values) });
  }
  for (const change of result.statusChanges) {
    const status = (code) => known(`clockStatus_${code}`, locale) ?? code;
    lines.push({ tone: change.to === 'active' ? 'good' : 'bad', text: t('clockStatusChange', locale, { from: status(change.from), to: status(change.to) }) });
  }
  if (lines.length === 0) lines.push({ tone: 'info', text: t('clockNothing', locale) });
  if (result.elsewhere > 0) lines.push({ tone: 'info', text: t('clockElsewhere', locale, { n: result.elsewhere }) });
  return lines;
}

function readLast() {
  try {
    const raw = sessionStorage.getItem(RESULT_KEY);
    sessionStorage.removeItem(RESULT_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function keepLast(result) {
  try {
    sessionStorage.setItem(RESULT_KEY, JSON.stringify(result));
  } catch {
    /* storage disabled: the widgets still show the new state after the reload */
  }
}

function renderResult(region, result, locale) {
  const heading = element('p', { className: 'clock-moved', textContent: t('clockMoved', locale, { from: formatDate(result.from, locale), to: formatDate(result.now, locale) }) });
  const list = element(
    'ul',
    { className: 'clock-lines' },
    describeAdvance(result, locale).map((line) => {
      const item = element('li', { textContent: line.text });
      item.dataset.tone = line.tone;
      return item;
    }),
  );
  region.replaceChildren(heading, list);
}

/**
 * Adds the panel under the header, in the page's language (and again in another when the visitor switches).
 * `customerId` is the signed-in buyer (null: signed out), whose company's part of each advance is shown.
 */
export async function mountTestClock(customerId) {
  const response = await fetch('/storefront/test-clock', { headers: { accept: 'application/json' } });
  if (!response.ok) return;
  const clock = await response.json();

  const title = element('h2', { id: 'test-clock-title' });
  const today = element('p', { className: 'clock-now' });
  const buttons = clock.steps.map((step) => element('button', { type: 'button', className: 'clock-step', value: step }));
  const group = element('div', { className: 'clock-steps' }, buttons);
  group.setAttribute('role', 'group');
  const region = element('div', { className: 'clock-result' });
  region.setAttribute('role', 'status');
  const alert = element('p', { className: 'clock-error' });
  alert.setAttribute('role', 'alert');
  const panel = element('section', { className: 'clock-panel' }, [
    element('div', { className: 'wrap' }, [element('div', { className: 'clock-head' }, [title, today, group]), region, alert]),
  ]);
  panel.setAttribute('aria-labelledby', title.id);

  /** What the panel shows now (the last advance's answer), drawn again in another language. */
  let shown = null;
  const draw = (locale) => {
    title.textContent = t('clockTitle', locale);
    const [before, after] = t('clockToday', locale).split('{date}');
    today.replaceChildren(before ?? '', element('time', { dateTime: clock.now, textContent: formatDate(clock.now, locale) }), after ?? '');
    for (const button of buttons) button.textContent = known(`clock${button.value}`, locale) ?? button.value;
    group.setAttribute('aria-label', t('clockMove', locale));
    if (shown) renderResult(region, shown, locale);
  };
  draw(currentLocale());
  document.addEventListener('storefront-locale', (event) => draw(event.detail.locale));
  document.querySelector('.site-header')?.after(panel);

  const last = readLast();
  if (last) {
    // Back where the visitor was; the status region is filled once it exists, so it is announced.
    buttons.find((b) => b.value === last.step)?.focus();
    shown = last;
    setTimeout(() => renderResult(region, last, currentLocale()), 0);
  }

  group.addEventListener('click', async (event) => {
    const button = event.target.closest('button');
    if (!button || panel.getAttribute('aria-busy') === 'true') return;
    panel.setAttribute('aria-busy', 'true');
    for (const b of buttons) b.disabled = true;
    alert.textContent = '';
    shown = null;
    region.textContent = t('clockRunning', currentLocale());
    try {
      const res = await fetch('/storefront/test-clock/advance', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ by: button.value, customerId }),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      keepLast({ ...body, step: button.value, signedIn: Boolean(customerId) });
      // Like after a login: the page reloads, and every widget loads what the engine has now.
      location.reload();
    } catch (err) {
      region.textContent = '';
      alert.textContent = t('clockFailed', currentLocale(), { message: err instanceof Error ? err.message : String(err) });
      panel.removeAttribute('aria-busy');
      for (const b of buttons) b.disabled = false;
      button.focus();
    }
  });
}
