import { html, nothing, type TemplateResult } from 'lit';
import type { Quote, QuoteFirstInvoice } from '@subkit/core';
import type { SubkitError } from '@subkit/client';
import { count, date, money } from '../internal/format.js';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import type { QuoteStrings } from '../locales/quote.js';
import { field } from '../templates/fields.js';
import { fillParts } from '../templates/parts.js';
import { lineText, taxLabel, taxNotes } from '../templates/line-text.js';
import { skeleton, loadingState } from '../templates/states.js';
import { itemPrice } from './quote-view.js';

/** The decision a billing admin has open on one quote: its panel, what they typed, and how it went. */
export interface Deciding {
  quoteId: string;
  action: 'accept' | 'decline';
  text: string;
  busy: boolean;
  error: SubkitError | null;
}

/** What the quote templates need: words, locale, permission, the open decision and the element's handlers. */
export interface QuoteContext {
  s: QuoteStrings;
  locale: string;
  canDecide: boolean;
  deciding: Deciding | null;
  /** What the last decision did, said under its quote. */
  done: { quoteId: string; text: string } | null;
  onOpen(quote: Quote, action: Deciding['action']): void;
  onText(event: Event): void;
  onConfirm(quote: Quote): void;
  onBack(): void;
}

const strings = (s: QuoteStrings) => s as QuoteStrings & Record<string, string>;
/** An amount of time in the locale's words, its plural by the locale's rules ("12 months", "١٢ شهرًا"). */
const duration = (value: number, unit: 'day' | 'month', locale: string) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
/** Merchant text inside our sentences keeps its own direction. */
const bdi = (text: string) => html`<bdi>${text}</bdi>`;

/** Two quotes in outline while the quotes load. */
export function quoteSkeleton(s: QuoteStrings): TemplateResult {
  const card = html`<div part="quote quote-skeleton">${skeleton({ block: '1.4em', inline: '40%' })} ${skeleton({ block: '6em' })} ${skeleton({ block: '4em' })}</div>`;
  return loadingState(s.loading, html`<div aria-hidden="true">${[card, card]}</div>`);
}

/** One quote: its terms, its first invoice while open, and the decision or its outcome. */
export function quoteCard(quote: Quote, c: QuoteContext): TemplateResult {
  const { s, locale } = c;
  const id = `quote-${quote.id}`;
  const m = (amount: number) => money(amount, quote.currency, locale);
  const per = strings(s)[`per_${quote.recurring.interval}`] ?? '';
  const facts: [string, unknown][] = [
    [s.contractPrices, html`<ul part="items">${quote.items.map((item) => {
      const price = itemPrice(item);
      const amount = price.kind === 'flat' ? m(price.amount) : price.kind === 'unit' ? format(s.perUnit, { price: m(price.amount), unit: price.unit }) : s.tiered;
      return html`<li>${bdi(item.description)}: ${amount} ${per}</li>`;
    })}</ul>`],
    [s.seats, count(quote.quantity, locale)],
    [s.term, quote.termMonths ? duration(quote.termMonths, 'month', locale) : s.noTerm],
    ...(quote.minimumSeats ? [[s.seatMinimum, count(quote.minimumSeats, locale)] as [string, unknown]] : []),
    ...(quote.downgradesAtRenewalOnly ? [[s.downgrades, s.downgradesAtRenewal] as [string, unknown]] : []),
    [s.paymentTerms, format(s.paymentTermsValue, { days: duration(quote.paymentTermsDays, 'day', locale) })],
    // When it would start and how long it is valid matter while it is open; a decided quote says its outcome instead.
    ...(quote.status === 'open'
      ? ([[s.starts, quote.startAt ? date(quote.startAt, locale) : s.startsOnAcceptance], [s.validUntil, date(quote.expiresAt, locale)]] as [string, unknown][])
      : []),
  ];
  return html`<li part="quote quote-${quote.status}">
    <article aria-labelledby=${id}>
      <header part="quote-header">
        <h3 part="quote-title" id=${id}>${fillParts(s.quoteFor, { plan: bdi(quote.planName) })}</h3>
        <span part="status status-${quote.status}">${strings(s)[`status_${quote.status}`]}</span>
      </header>
      <dl part="terms">${facts.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>
      ${quote.note ? html`<figure part="quote-note"><figcaption>${s.note}</figcaption><blockquote dir="auto">${quote.note}</blockquote></figure>` : nothing}
      ${quote.firstInvoice ? firstInvoice(quote, quote.firstInvoice, c) : nothing}
      ${c.done?.quoteId === quote.id ? html`<p part="outcome done">${c.done.text}</p>` : outcome(quote, c)}
      ${quote.status === 'open' ? decision(quote, c) : nothing}
    </article>
  </li>`;
}

/** The exact first invoice accepting the quote issues: its lines, tax, total, dates. */
function firstInvoice(quote: Quote, invoice: QuoteFirstInvoice, c: QuoteContext): TemplateResult {
  const { s, locale } = c;
  const m = (amount: number) => money(amount, quote.currency, locale);
  const id = `invoice-${quote.id}`;
  return html`<section part="first-invoice" aria-labelledby=${id}>
    <h4 id=${id}>${s.firstInvoice}</h4>
    <p part="invoice-dates">${format(s.firstInvoiceDates, { issued: date(invoice.issuedAt, locale), due: date(invoice.dueAt, locale) })}</p>
    <table part="lines">
      <thead><tr><th scope="col">${s.lineDescription}</th><th scope="col">${s.lineAmount}</th></tr></thead>
      <tbody>
        ${invoice.lines.map((line) => html`<tr part="line"><th scope="row">${lineText(line, s, locale, { withQuantity: true })}</th><td>${m(line.amount)}</td></tr>`)}
      </tbody>
      <tbody part="totals">
        <tr><th scope="row">${s.subtotal}</th><td>${m(invoice.subtotal)}</td></tr>
        ${invoice.taxLines.map((tax) => html`<tr part="tax"><th scope="row">${format(s.taxOn, { name: taxLabel(tax, s, locale), amount: m(tax.taxableAmount) })}</th><td>${m(tax.amount)}</td></tr>`)}
        <tr part="total"><th scope="row">${s.total}</th><td>${m(invoice.total)}</td></tr>
        ${invoice.amountDue !== invoice.total ? html`<tr part="amount-due"><th scope="row">${s.amountDue}</th><td>${m(invoice.amountDue)}</td></tr>` : nothing}
      </tbody>
    </table>
    ${taxNotes(invoice.taxLines, s).map((note) => html`<p part="tax-note">${note}</p>`)}
  </section>`;
}

/** A decided quote's outcome: who accepted and when, the decline and its reason, expiry, withdrawal. */
function outcome(quote: Quote, { s, locale }: QuoteContext): TemplateResult | typeof nothing {
  const on = (iso: string | null) => date(iso ?? quote.expiresAt, locale);
  switch (quote.status) {
    case 'accepted':
      return html`<p part="outcome">${fillParts(s.acceptedBy, { name: bdi(quote.acceptedBy?.name ?? ''), date: on(quote.decidedAt) })}</p>`;
    case 'declined':
      return html`<p part="outcome">${format(s.declinedOn, { date: on(quote.decidedAt) })}
        ${quote.declineReason ? html`<br />${fillParts(s.reason, { reason: bdi(quote.declineReason) })}` : nothing}</p>`;
    case 'expired':
      return html`<p part="outcome">${format(s.expiredOn, { date: on(quote.expiresAt) })}</p>`;
    case 'canceled':
      return html`<p part="outcome">${format(s.canceledOn, { date: on(quote.decidedAt) })}</p>`;
    default:
      return nothing;
  }
}

/** An open quote's actions: accept (with a PO number) or decline (with a reason), each confirmed in its panel. */
function decision(quote: Quote, c: QuoteContext): TemplateResult | typeof nothing {
  const { s } = c;
  if (!c.canDecide) return html`<p part="note">${s.readOnlyNote}</p>`;
  const open = c.deciding?.quoteId === quote.id ? c.deciding : null;
  if (!open) {
    return html`<div part="actions">
      <button part="button accept" type="button" @click=${() => c.onOpen(quote, 'accept')}>${s.accept}</button>
      <button part="button button-secondary decline" type="button" @click=${() => c.onOpen(quote, 'decline')}>${s.decline}</button>
    </div>`;
  }
  const accepting = open.action === 'accept';
  const fieldId = `${open.action}-${quote.id}`;
  return html`<form part="decision" @submit=${(event: Event) => (event.preventDefault(), c.onConfirm(quote))}>
    ${accepting ? html`<p>${fillParts(s.acceptLead, { plan: bdi(quote.planName) })}</p>` : nothing}
    ${accepting
      ? field({ id: fieldId, label: s.poNumber, value: open.text, hint: s.poHint, onInput: c.onText })
      : html`<div part="field">
          <label part="label" for=${fieldId}>${s.declineReason}</label>
          <textarea part="textarea" id=${fieldId} rows="3" maxlength="2000" .value=${open.text} @input=${c.onText}></textarea>
        </div>`}
    ${open.error ? html`<p part="error" role="alert">${errorMessage(open.error, s)}</p>` : nothing}
    <div part="actions">
      <button part="button confirm" type="submit" ?disabled=${open.busy} aria-busy=${open.busy ? 'true' : 'false'}>
        ${open.busy ? s.working : accepting ? s.confirmAccept : s.confirmDecline}
      </button>
      <button part="button button-secondary back" type="button" ?disabled=${open.busy} @click=${c.onBack}>${s.back}</button>
    </div>
  </form>`;
}
