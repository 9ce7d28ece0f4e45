// The demo's test-clock panel (test mode only): moves the shop's time forward by a day, a week or a
// month through the storefront's backend, which runs the billing engine over that time (renewals,
// declines, retries, overdue invoices). The page then reloads so every widget shows the engine's state,
// and the panel says what happened to the signed-in buyer's company.

const RESULT_KEY = 'storefront.testClock.last';
const STEP_LABELS = { P1D: '+1 day', P7D: '+1 week', P1M: '+1 month' };
const STATUS_LABELS = {
  active: 'active',
  trialing: 'in trial',
  past_due: 'past due',
  unpaid: 'unpaid',
  canceled: 'canceled',
  paused: 'paused',
  incomplete: 'incomplete',
};

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

function formatDate(iso) {
  return dateFormat.format(new Date(iso));
}

/** An amount in minor units as money (the currency's own number of decimals). */
function formatMoney(amount, currency) {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** What happened, as lines a visitor reads (built from the structured answer). */
export function describeAdvance(result) {
  const lines = [];
  const invoices = new Map(result.invoices.map((i) => [i.id, i]));
  for (const invoice of result.invoices) {
    const amount = formatMoney(invoice.total, invoice.currency);
    const what = invoice.billingReason === 'subscription_cycle' ? 'Renewal invoice' : 'Invoice';
    const state =
      invoice.status === 'paid' ? 'paid' : invoice.collectionMethod === 'send_invoice' && invoice.dueAt ? `open, due ${formatDate(invoice.dueAt)}` : 'open';
    lines.push({ tone: 'info', text: `${what} ${invoice.number} for ${amount}: ${state}.` });
  }
  for (const payment of result.payments) {
    const amount = formatMoney(payment.amount, payment.currency);
    const number = invoices.get(payment.invoiceId)?.number;
    const of = number ? ` for ${number}` : '';
    const retry = payment.attempt > 1 ? ` (retry ${payment.attempt - 1})` : '';
    if (payment.status === 'succeeded') lines.push({ tone: 'good', text: `Charged ${amount}${of} to the card on file${retry}.` });
    else if (payment.status === 'failed') {
      const reason = payment.failureCode ? payment.failureCode.replaceAll('_', ' ') : 'declined';
      const never = payment.hardDecline ? ' It will not be retried.' : '';
      lines.push({ tone: 'bad', text: `The card was declined${of}${retry}: ${reason}.${never}` });
    } else if (payment.status === 'requires_action') lines.push({ tone: 'bad', text: `The bank asks the buyer to confirm ${amount}${of}.` });
  }
  for (const change of result.statusChanges) {
    lines.push({
      tone: change.to === 'active' ? 'good' : 'bad',
      text: `Subscription ${STATUS_LABELS[change.from] ?? change.from} → ${STATUS_LABELS[change.to] ?? change.to}.`,
    });
  }
  if (lines.length === 0) lines.push({ tone: 'info', text: 'Nothing was due for your company.' });
  if (result.elsewhere > 0) lines.push({ tone: 'info', text: `${result.elsewhere} more for other companies.` });
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

function renderResult(region, result) {
  const heading = element('p', { className: 'clock-moved', textContent: `Moved from ${formatDate(result.from)} to ${formatDate(result.now)}:` });
  const list = element(
    'ul',
    { className: 'clock-lines' },
    describeAdvance(result).map((line) => {
      const item = element('li', { textContent: line.text });
      item.dataset.tone = line.tone;
      return item;
    }),
  );
  region.replaceChildren(heading, list);
}

/**
 * Adds the panel under the header. `customerId` is the signed-in buyer (null: signed out), whose
 * company's part of each advance is shown.
 */
export async function mountTestClock(customerId) {
  const response = await fetch('/storefront/test-clock', { headers: { accept: 'application/json' } });
  if (!response.ok) return;
  const clock = await response.json();

  const now = element('time', { dateTime: clock.now, textContent: formatDate(clock.now) });
  const title = element('h2', { id: 'test-clock-title', textContent: 'Test clock' });
  const today = element('p', { className: 'clock-now' }, ['Today in the shop: ', now]);
  const buttons = clock.steps.map((step) =>
    element('button', { type: 'button', className: 'clock-step', textContent: STEP_LABELS[step] ?? step, value: step }),
  );
  const group = element('div', { className: 'clock-steps' }, buttons);
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Move time forward');
  const region = element('div', { className: 'clock-result' });
  region.setAttribute('role', 'status');
  const alert = element('p', { className: 'clock-error' });
  alert.setAttribute('role', 'alert');
  // The demo's own tool, in English whatever language the page is in (language.js).
  const panel = element('section', { className: 'clock-panel', lang: 'en', dir: 'ltr' }, [
    element('div', { className: 'wrap' }, [element('div', { className: 'clock-head' }, [title, today, group]), region, alert]),
  ]);
  panel.setAttribute('aria-labelledby', title.id);
  document.querySelector('.site-header')?.after(panel);

  const last = readLast();
  if (last) {
    // Back where the visitor was; the status region is filled once it exists, so it is announced.
    buttons.find((b) => b.value === last.step)?.focus();
    setTimeout(() => renderResult(region, last), 0);
  }

  group.addEventListener('click', async (event) => {
    const button = event.target.closest('button');
    if (!button || panel.getAttribute('aria-busy') === 'true') return;
    panel.setAttribute('aria-busy', 'true');
    for (const b of buttons) b.disabled = true;
    alert.textContent = '';
    region.textContent = 'Running the billing engine…';
    try {
      const res = await fetch('/storefront/test-clock/advance', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ by: button.value, customerId }),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      keepLast({ ...body, step: button.value });
      // Like after a login: the page reloads, and every widget loads what the engine has now.
      location.reload();
    } catch (err) {
      region.textContent = '';
      alert.textContent = `The clock did not move: ${err instanceof Error ? err.message : String(err)}`;
      panel.removeAttribute('aria-busy');
      for (const b of buttons) b.disabled = false;
      button.focus();
    }
  });
}
