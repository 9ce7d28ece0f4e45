import { html, nothing, type TemplateResult } from 'lit';
import { formatIban, isPayable, type Catalog, type CreditNote, type Invoice, type InvoiceLine, type PaymentAttempt, type TierBreakdownLine } from '@subkit/core';
import { count, date, money, period } from '../internal/format.js';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import type { BillingHistoryStrings } from '../locales/billing-history.js';
import { lineText, taxLabel, taxNotes } from '../templates/line-text.js';
import { fillParts, type Part } from '../templates/parts.js';
import { errorState, loadingState, skeleton } from '../templates/states.js';
import { displayStatus, purposeLabel } from './display-status.js';
import type { Detail, InvoiceDetail } from './invoice-detail.js';
import { pay } from './invoice-pay.js';

/** What the detail dialog's templates need. */
export interface DetailContext {
  s: BillingHistoryStrings;
  locale: string;
  now: number;
  canPay: boolean;
  downloading: Set<string>;
  flow: InvoiceDetail;
  /** The catalog in the widget's language: lines name plans and items as it does. */
  catalog: Catalog | null;
  onDownload(invoice: Invoice): void;
}

const strings = (s: BillingHistoryStrings) => s as BillingHistoryStrings & Record<string, string>;

/** The invoice dialog: its heading with the status and a close button, and the invoice (or its loading or error state). */
export function detailDialog(detail: Detail, c: DetailContext): TemplateResult {
  const s = strings(c.s);
  const invoice = detail.invoice.data;
  const number = invoice?.number ?? detail.summary?.number ?? '';
  const body = invoice
    ? invoiceBody(invoice, detail, c)
    : detail.invoice.error
      ? errorState(s.detailError, detail.invoice.error, s, () => void c.flow.load(detail.id, (detail.summary?.creditNoteIds.length ?? 0) > 0))
      : loadingState(s.detailLoading, html`<div aria-hidden="true">${[70, 40, 90, 90, 60].map((w) => skeleton({ inline: `${w}%` }, 'skeleton skeleton-line'))}</div>`);
  return html`<dialog part="dialog" aria-labelledby="dialog-title" aria-busy=${detail.invoice.loading ? 'true' : 'false'} @cancel=${c.flow.dialog.cancel} @close=${c.flow.dialog.closed}>
    <header part="dialog-header">
      <h3 part="dialog-title" id="dialog-title">${fillParts(s.detailTitle, { number: html`<bdi part="invoice-number">${number}</bdi>` })}</h3>
      ${invoice ? html`<span part="badge badge-${displayStatus(invoice, c.now)}">${s[`status_${displayStatus(invoice, c.now)}`]}</span>` : nothing}
      <button part="button button-secondary close" type="button" @click=${() => c.flow.dialog.close()}>${s.close}</button>
    </header>
    <div part="dialog-body">${body}</div>
  </dialog>`;
}

function invoiceBody(invoice: Invoice, detail: Detail, c: DetailContext): TemplateResult {
  const s = strings(c.s);
  const m = (amount: number) => money(amount, invoice.currency, c.locale);
  // As in the list's row: owed while above 0 (open or uncollectible).
  const payable = invoice.amountRemaining > 0 && c.canPay;
  const purpose = purposeLabel(invoice.purpose, s);
  const facts: [string, string | TemplateResult][] = [
    ...(purpose ? [[s.purpose, purpose] as [string, string]] : []),
    [s.issued, date(invoice.issuedAt, c.locale)],
    ...(invoice.dueAt ? [[s.due, date(invoice.dueAt, c.locale)] as [string, string]] : []),
    ...(invoice.paidAt ? [[s.paidOn, date(invoice.paidAt, c.locale)] as [string, string]] : []),
    [s.period, period(invoice.periodStart, invoice.periodEnd, c.locale)],
    [s.poNumber, invoice.poNumber ? html`<bdi>${invoice.poNumber}</bdi>` : '—'],
    [s.collection, s[`collection_${invoice.collectionMethod}`]!],
  ];
  return html`<dl part="meta">
      ${facts.map(([term, value]) => html`<div><dt part="meta-term">${term}</dt><dd part="meta-value">${value}</dd></div>`)}
    </dl>
    <table part="lines">
      <caption>${s.lines}</caption>
      <thead>
        <tr><th scope="col">${s.lineDescription}</th><th scope="col">${s.lineAmount}</th></tr>
      </thead>
      <tbody>
        ${invoice.lines.map((line) => lineRows(line, invoice.currency, c))}
      </tbody>
      <tbody part="totals">
        <tr><th scope="row">${s.subtotal}</th><td>${m(invoice.subtotal)}</td></tr>
        ${invoice.discountTotal > 0 ? html`<tr part="discount"><th scope="row">${s.discount}</th><td>${m(-invoice.discountTotal)}</td></tr>` : nothing}
        ${invoice.taxLines.map((tax) => html`<tr part="tax"><th scope="row">${format(s.taxOn, { name: taxLabel(tax, s, c.locale), amount: m(tax.taxableAmount) })}</th><td>${m(tax.amount)}</td></tr>`)}
        <tr part="total"><th scope="row">${s.total}</th><td>${m(invoice.total)}</td></tr>
        ${invoice.creditApplied > 0 ? html`<tr><th scope="row">${s.creditApplied}</th><td>${m(-invoice.creditApplied)}</td></tr>` : nothing}
        ${invoice.amountPaid > 0 ? html`<tr><th scope="row">${s.amountPaid}</th><td>${m(invoice.amountPaid)}</td></tr>` : nothing}
        <tr part="amount-due"><th scope="row">${s.amountRemaining}</th><td>${m(invoice.amountRemaining)}</td></tr>
      </tbody>
    </table>
    ${taxNotes(invoice.taxLines, s).map((note) => html`<p part="tax-note">${note}</p>`)}
    ${transferPanel(invoice, c)}
    <section part="payments" aria-labelledby="payments-title">
      <h4 id="payments-title">${s.payments}</h4>
      ${invoice.paymentAttempts.length === 0
        ? html`<p part="note">${s.noPayments}</p>`
        : html`<ul>
            ${invoice.paymentAttempts.map((attempt) => attemptItem(attempt, invoice.currency, c))}
          </ul>`}
    </section>
    ${creditNotes(detail, c)} ${payPanel(invoice, detail, payable, c)}
    <div part="dialog-actions">
      <button part="button button-secondary pdf" type="button" ?disabled=${c.downloading.has(invoice.id)} @click=${() => c.onDownload(invoice)}>
        ${format(s.downloadPdfLabel, { number: invoice.number })}
      </button>
      ${payable && !detail.confirmingPay ? html`<button part="button pay" type="button" @click=${() => c.flow.askPay()}>${payLabel(invoice, m(invoice.amountRemaining), s)}</button>` : nothing}
    </div>`;
}

function lineRows(line: InvoiceLine, currency: string, c: DetailContext): TemplateResult {
  const { s, locale } = c;
  const credit = line.amount < 0;
  const tag = line.proration
    ? credit
      ? s.line_proration_credit
      : s.line_proration_charge
    : line.type === 'usage'
      ? s.line_usage
      : line.type === 'addon'
        ? s.line_addon
        : line.type === 'one_time'
          ? s.line_one_time
          : null;
  return html`<tr part=${credit ? 'line line-credit' : 'line'}>
      <th scope="row">
        <span part="line-description">${lineText(line, s, locale, { catalog: c.catalog })}</span>
        ${tag ? html`<span part="line-tag">${tag}</span>` : nothing}
        <span part="line-period">${period(line.periodStart, line.periodEnd, locale)}${line.type === 'usage' || line.quantity > 1 ? ` · ${format(s.lineQuantity, { quantity: count(line.quantity, locale) })}` : ''}</span>
      </th>
      <td>${money(line.amount, currency, locale)}</td>
    </tr>
    ${line.tiers
      .filter((t) => t.kind !== 'flat')
      .map(
        (tier) => html`<tr part="tier">
          <th scope="row">${tierLabel(tier, currency, c)}</th>
          <td>${money(tier.amount, currency, locale)}</td>
        </tr>`,
      )}`;
}

function tierLabel(tier: TierBreakdownLine, currency: string, { s, locale }: DetailContext): string {
  const n = (value: number) => count(value, locale);
  const units = format(s.lineUnits, { quantity: n(tier.quantity), price: money(tier.unitAmount, currency, locale) });
  switch (tier.kind) {
    case 'included':
      return format(s.included, { quantity: n(tier.quantity) });
    case 'overage':
      return format(s.overage, { quantity: n(tier.quantity), price: money(tier.unitAmount, currency, locale) });
    case 'tier': {
      const range = tier.upTo === null ? format(s.tierFrom, { from: n(tier.from) }) : format(s.tierRange, { from: n(tier.from), to: n(tier.upTo) });
      return `${range}: ${units}${tier.flatAmount ? ` ${format(s.tierFlat, { amount: money(tier.flatAmount, currency, locale) })}` : ''}`;
    }
    default:
      return units;
  }
}

/**
 * How to pay an invoice billed for bank transfer that is still owed: the amount, by when, the merchant's account and
 * the reference to quote — what the PDF says, on the page where the buyer's accounts payable look first.
 */
function transferPanel(invoice: Invoice, c: DetailContext): TemplateResult | typeof nothing {
  if (invoice.collectionMethod !== 'send_invoice' || invoice.amountRemaining <= 0 || !isPayable(invoice.status)) return nothing;
  const s = strings(c.s);
  const bank = invoice.seller?.bank ?? null;
  const reference = invoice.poNumber ? format(s.transferReferenceWithPo, { number: invoice.number, po: invoice.poNumber }) : invoice.number;
  const values = { amount: money(invoice.amountRemaining, invoice.currency, c.locale), date: invoice.dueAt ? date(invoice.dueAt, c.locale) : '—', reference };
  // Account numbers and the reference read left to right in any language.
  const rows: [string, string | null][] = bank
    ? [
        [s.transferAccountHolder, bank.accountHolder],
        [s.transferBank, bank.bankName],
        [s.transferIban, bank.iban && formatIban(bank.iban)],
        [s.transferBic, bank.bic],
        [s.transferAccountNumber, bank.accountNumber],
        [s.transferRoutingNumber, bank.routingNumber],
        [s.transferReference, reference],
      ]
    : [];
  return html`<section part="transfer" aria-labelledby="transfer-title">
    <h4 id="transfer-title">${s.transferTitle}</h4>
    <p>${format(bank ? s.transferAsk : s.transferAskNoBank, values)}</p>
    ${bank
      ? html`<dl part="meta transfer-details">
          ${rows.filter(([, value]) => value).map(([term, value]) => html`<div><dt part="meta-term">${term}</dt><dd part="meta-value"><bdi dir="ltr">${value}</bdi></dd></div>`)}
        </dl>`
      : nothing}
  </section>`;
}

function attemptItem(attempt: PaymentAttempt, currency: string, c: DetailContext): TemplateResult {
  const s = strings(c.s);
  const failed = attempt.status === 'failed';
  return html`<li part=${failed ? 'payment payment-failed' : 'payment'}>
    <span>${date(attempt.at, c.locale)}</span>
    <span>${money(attempt.amount, currency, c.locale)}</span>
    <span part="badge badge-attempt-${attempt.status}">${s[`attempt_${attempt.status}`]}</span>
    ${attempt.failureMessage ? html`<span part="payment-failure">${attempt.failureMessage}</span>` : nothing}
    ${attempt.nextRetryAt && failed ? html`<span part="payment-retry">${format(s.nextRetry, { date: date(attempt.nextRetryAt, c.locale) })}</span>` : nothing}
  </li>`;
}

function creditNotes(detail: Detail, c: DetailContext): TemplateResult | typeof nothing {
  const s = strings(c.s);
  const notes = detail.creditNotes;
  if (!notes.loading && !notes.error && (notes.data?.length ?? 0) === 0) return nothing;
  return html`<section part="credit-notes" aria-labelledby="credit-notes-title">
    <h4 id="credit-notes-title">${s.creditNotes}</h4>
    ${notes.loading ? html`<p part="note" role="status">${s.creditNotesLoading}</p>` : nothing}
    ${notes.error ? html`<p part="error" role="alert">${errorMessage(notes.error, s)}</p>` : nothing}
    ${(notes.data ?? []).map(
      (note) => html`<article part="credit-note" aria-label=${note.number}>
        <p>
          <strong>${note.number}</strong> · ${date(note.createdAt, c.locale)} · ${s[`reason_${note.reason}`]} ·
          <span part="credit-note-amount">${money(-note.amount, note.currency, c.locale)}</span>
        </p>
        ${creditMemo(note, c)}
        <ul>
          ${note.lines.map((l) => html`<li>${creditLineText(l, c)}: ${money(-l.amount, note.currency, c.locale)}</li>`)}
        </ul>
      </article>`,
    )}
  </section>`;
}

type CreditLine = CreditNote['lines'][number];

/** A credit note line in the buyer's language from its data ("Unused time, change to Team × 5"); else the server's words. */
function creditLineText(line: CreditLine, c: DetailContext): Part[] | string {
  const text = line.text;
  // The merchant's own words for what it forgave: they are the line.
  if (!text || text.kind === 'adjustment') return line.description;
  if (text.kind === 'late_payment') return text.cause === 'invoice_paid' ? c.s.creditPaidTwice : c.s.creditLatePayment;
  if (text.kind === 'refunded_at_processor') return c.s.creditRefundedAtProcessor;
  if (text.cause === 'cancellation') return c.s.creditUnusedCancellation;
  const plan = text.planName ?? '';
  return fillParts(c.s.creditUnusedChange, { plan: html`<bdi>${text.quantity && text.quantity > 1 ? `${plan} × ${count(text.quantity, c.locale)}` : plan}</bdi>` });
}

/**
 * Where a credit note's credit went, in the buyer's language when its lines say it; else the server's memo. A memo
 * the merchant wrote on its own credit note is the merchant's word to the buyer, not the engine's English: it is shown.
 */
function creditMemo(note: CreditNote, c: DetailContext): TemplateResult | typeof nothing {
  const settlement = note.lines.every((l) => l.text) ? note.lines[0]?.text?.settlement : undefined;
  const worded = { balance: c.s.creditToBalance, invoice: c.s.creditOffInvoice, refund: c.s.creditRefunded, out_of_band: c.s.creditOutOfBand };
  const byMerchant = note.lines.some((l) => l.text?.kind === 'adjustment');
  const memo = (byMerchant && note.memo) || (settlement ? worded[settlement] : note.memo);
  return memo ? html`<p part="note">${memo}</p>` : nothing;
}

function payPanel(invoice: Invoice, detail: Detail, payable: boolean, c: DetailContext): TemplateResult | typeof nothing {
  const { s } = c;
  const message = detail.payMessage;
  const messageTemplate = message ? html`<p part="message message-${message.kind}" role=${message.kind === 'error' ? 'alert' : 'status'}>${message.text}</p>` : nothing;
  if (!payable || !detail.confirmingPay) return message ? html`<div part="pay-panel">${messageTemplate}</div>` : nothing;
  const amount = money(invoice.amountRemaining, invoice.currency, c.locale);
  // An invoice billed for bank transfer can still be paid by card: say that this is what happens.
  const confirm = invoice.collectionMethod === 'send_invoice' ? s.payConfirmInvoiced : s.payConfirm;
  return html`<section part="pay-panel" aria-labelledby="pay-title">
    <h4 id="pay-title">${s.payTitle}</h4>
    <p>${format(confirm, { amount })}</p>
    ${messageTemplate}
    <div part="dialog-actions">
      <button part="button button-secondary" type="button" ?disabled=${detail.paying} @click=${() => c.flow.cancelPay()}>${s.cancel}</button>
      <button part="button pay-confirm" type="button" aria-disabled=${detail.paying ? 'true' : 'false'} @click=${() => void pay(c.flow)}>
        ${detail.paying ? s.paying : payLabel(invoice, amount, s)}
      </button>
    </div>
  </section>`;
}

/** "Pay $172.86 now", or "Pay $172.86 by card" for an invoice billed for bank transfer. */
function payLabel(invoice: Invoice, amount: string, s: BillingHistoryStrings): string {
  return format(invoice.collectionMethod === 'send_invoice' ? s.payByCard : s.payNow, { amount });
}
