import { html, nothing, type TemplateResult } from 'lit';
import type { CheckoutPreview, Plan } from '@subkit/core';
import { count, date, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { unitFor } from '../locales/plural.js';
import type { CheckoutStrings } from '../locales/checkout.js';
import { fillParts } from '../templates/parts.js';
import type { Completed } from './checkout-purchase.js';
import type { CheckoutContext } from './checkout.templates.js';

// What was bought, shown once: a chunk of its own, fetched when a purchase completes (the checkout's own
// code stays smaller for the form every buyer sees). Its English strings come with it (CheckoutPurchase.strings()).

export { default as successStrings } from '../locales/en/checkout-success.js';

const strings = (s: CheckoutStrings) => s as CheckoutStrings & Record<string, string>;

/** What today's invoice says: its number and amount, and for an invoice to pay, when it is due and the PO it carries. */
function todaysInvoice(c: CheckoutContext, { invoice, method }: Completed): TemplateResult | typeof nothing {
  if (!invoice || invoice.total <= 0) return nothing;
  const { s, locale } = c;
  const values = {
    number: html`<bdi part="invoice-number">${invoice.number}</bdi>`,
    amount: money(invoice.total, invoice.currency, locale),
    date: invoice.dueAt ? date(invoice.dueAt, locale) : '',
    po: html`<bdi>${invoice.poNumber ?? ''}</bdi>`,
  };
  // By card it was charged (after the bank's confirmation too); by invoice it awaits the transfer.
  const template = method === 'card' ? s.successCharged : invoice.poNumber ? s.successInvoicedPo : s.successInvoiced;
  return html`<p part="success-invoice">${fillParts(template, values)}</p>`;
}

/** What was bought: the plan, seats and add-ons, the trial, where the invoice goes, the next invoice. */
export function successView(c: CheckoutContext, completed: Completed, plan: Plan | null, preview: CheckoutPreview | null): TemplateResult {
  const { s, locale } = c;
  const { subscription, invoiceId, method } = completed;
  const interval = strings(s)[`billedEvery_${subscription.recurring.interval}`] ?? '';
  const line = plan?.quantity
    ? format(s.successPlan, { plan: plan.name, quantity: count(subscription.quantity, locale), unit: unitFor(subscription.quantity, plan.quantity, locale), interval })
    : format(s.successPlanNoQuantity, { plan: plan?.name ?? subscription.planName, interval });
  const next = subscription.nextInvoice
    ? { date: subscription.nextInvoice.date, amount: money(subscription.nextInvoice.amountDue, subscription.currency, locale) }
    : preview
      ? { date: preview.nextInvoice.date, amount: money(preview.nextInvoice.total, preview.currency, locale) }
      : null;
  return html`<div part="success" role="status" tabindex="-1">
    <h3 part="success-title">${s.successTitle}</h3>
    <p part="success-plan">${line}</p>
    ${subscription.addOns.length
      ? html`<p part="success-add-ons">
          ${s.addOns}:
          ${new Intl.ListFormat(locale).format(
            subscription.addOns.map((a) => (a.quantity > 1 ? format(s.lineQuantity, { quantity: count(a.quantity, locale), description: a.name }) : a.name)),
          )}
        </p>`
      : nothing}
    ${subscription.trialEnd ? html`<p>${format(s.successTrial, { date: date(subscription.trialEnd, locale) })}</p>` : nothing}
    ${todaysInvoice(c, completed)}
    ${method === 'invoice' && invoiceId && !subscription.trialEnd && c.form.invoiceEmail ? html`<p>${format(s.successInvoice, { email: c.form.invoiceEmail })}</p>` : nothing}
    ${next ? html`<p>${format(s.successNext, { date: date(next.date, locale), amount: next.amount })}</p>` : nothing}
  </div>`;
}
