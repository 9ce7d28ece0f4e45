import { html, nothing, type TemplateResult } from 'lit';
import { addDays, supportedTaxIdCountries, type AddOn, type Catalog, type CheckoutPreview, type Plan } from '@subkit/core';
import type { SubkitError } from '@subkit/client';
import { count, date, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { unitsLabel } from '../locales/plural.js';
import type { CheckoutStrings } from '../locales/checkout.js';
import type { PaymentElementState } from '../internal/payment-element.js';
import { addOnPriceLabel, type OfferedAddOn } from '../rules/add-ons.js';
import { MAX_ADD_ON_QUANTITY } from '../rules/quantity.js';
import { field } from '../templates/fields.js';
import { quantityInput } from '../templates/quantity.js';
import { lineText, taxLabel, taxNotes } from '../templates/line-text.js';
import { fillParts } from '../templates/parts.js';
import { errorState, loadingState, skeleton } from '../templates/states.js';
import type { CardPayment } from './card.view.js';
import type { CheckoutForm, Values } from './checkout-form.js';
import type { CheckoutField, PaymentChoice } from './checkout.types.js';

/** What the checkout's templates need: words, locale, the form, the payment choice and the handlers. */
export interface CheckoutContext {
  s: CheckoutStrings;
  locale: string;
  form: CheckoutForm;
  plan: Plan | null;
  /** The catalog in the widget's language: summary lines name items as it does. */
  catalog: Catalog | null;
  /** The draft's seats and add-ons. */
  quantity: number | null;
  chosenAddOns: Map<string, { addOnId: string; quantity?: number }>;
  offeredAddOns: OfferedAddOn[];
  method: PaymentChoice;
  cardsAvailable: boolean;
  invoiceAllowed: boolean;
  /** The Payment Element's state when Stripe collects cards, else null (the TEST MODE form). */
  stripe: PaymentElementState | null;
  /** Paying by card once its code is here; else why it could not be fetched (null while it comes), and the retry. */
  card: CardPayment | null;
  cardUnavailable: SubkitError | null;
  onCardRetry(): void;
  paymentTermsDays: number | null;
  /**
   * When a billing admin must approve the purchase (issue #17), what paying by card means then (the approval
   * step's words, empty until they arrive) — the approval step asks for the PO number — else null.
   */
  approvalCard: string | null;
  busy: boolean;
  formError: string;
  onInput(field: keyof Values, event: Event): void;
  onBlur(field: CheckoutField): void;
  onQuantity(plan: Plan, event: Event): void;
  onAddOn(addOn: AddOn, event: Event): void;
  onMethod(event: Event): void;
  onSubmit(event: Event): void;
  onPromo(event: Event): void;
  onRemovePromo(): void;
}

const strings = (s: CheckoutStrings) => s as CheckoutStrings & Record<string, string>;

/** A skeleton of the order summary (or of the form while the session loads). */
export function checkoutSkeleton(s: CheckoutStrings): TemplateResult {
  return loadingState(s.loading, html`<div aria-hidden="true" part="skeletons">${[60, 80, 70, 90].map((w) => skeleton({ block: '1.2em', inline: `${w}%` }))}</div>`);
}

function input(c: CheckoutContext, id: keyof Values & CheckoutField, label: string, options: { type?: string; autocomplete?: string; required?: boolean; hint?: string; inputmode?: string; ltr?: boolean } = {}): TemplateResult {
  return field({
    id, label, ...options, value: c.form.values[id], error: c.form.errors[id],
    onInput: (event) => c.onInput(id, event),
    onBlur: () => c.onBlur(id),
  });
}

function countrySelect(c: CheckoutContext, id: 'country' | 'taxCountry', label: string): TemplateResult {
  const names = new Intl.DisplayNames([c.locale], { type: 'region' });
  const current = c.form.values[id];
  const codes = supportedTaxIdCountries.filter((code) => code !== 'EL');
  if (current && !codes.includes(current)) codes.push(current);
  const error = id === 'country' ? c.form.errors.country : undefined;
  return html`<div part="field">
    <label part="label" for=${id}>${label}</label>
    <select part="select" id=${id} aria-invalid=${error ? 'true' : 'false'} aria-describedby=" ${id}-error" @change=${(e: Event) => c.onInput(id, e)}>
      <option value="" ?selected=${!current}>—</option>
      ${codes.map((code) => html`<option .value=${code} ?selected=${code === current}>${names.of(code) ?? code}</option>`)}
    </select>
    <span part="field-error" id="${id}-error">${error ?? ''}</span>
  </div>`;
}

/** The order form: seats, add-ons, the company's billing details, how to pay, and the submit button. */
export function checkoutForm(c: CheckoutContext): TemplateResult {
  const { s, plan, form } = c;
  const rule = plan?.quantity;
  const taxCheck = form.taxIdCheck();
  return html`<form part="form" id="checkout-form" novalidate @submit=${c.onSubmit}>
    ${rule
      ? html`<fieldset part="section">
          <legend part="section-title">${plan!.name}</legend>
          <div part="field">
            <label part="label" for="quantity">${format(s.quantity, { unit: unitsLabel(rule) })}</label>
            ${quantityInput({
              part: 'input',
              id: 'quantity',
              min: rule.minimum,
              max: rule.maximum,
              value: form.values.quantity || String(c.quantity ?? rule.default),
              error: form.errors.quantity,
              describedBy: 'quantity-error',
              onInput: (e) => c.onQuantity(plan!, e),
              onChange: (e) => c.onQuantity(plan!, e),
            })}
            <span part="field-error" id="quantity-error">${form.errors.quantity ?? ''}</span>
          </div>
        </fieldset>`
      : nothing}
    ${addOnsFieldset(c)}
    <fieldset part="section">
      <legend part="section-title">${s.company}</legend>
      ${input(c, 'companyName', s.companyName, { autocomplete: 'organization', required: true })}
      ${input(c, 'billingEmail', s.billingEmail, { type: 'email', autocomplete: 'email' })}
      <div part="field-row">
        ${countrySelect(c, 'taxCountry', s.taxCountry)}
        ${input(c, 'taxValue', s.taxId, { ltr: true, hint: taxCheck?.ok ? format(s.taxIdValid, { normalized: taxCheck.normalized }) : undefined })}
      </div>
    </fieldset>
    <fieldset part="section">
      <legend part="section-title">${s.address}</legend>
      ${input(c, 'line1', s.line1, { autocomplete: 'address-line1' })} ${input(c, 'line2', s.line2, { autocomplete: 'address-line2' })}
      <div part="field-row">
        ${input(c, 'postalCode', s.postalCode, { autocomplete: 'postal-code' })} ${input(c, 'city', s.city, { autocomplete: 'address-level2' })}
      </div>
      <div part="field-row">${input(c, 'region', s.region, { autocomplete: 'address-level1' })} ${countrySelect(c, 'country', s.country)}</div>
    </fieldset>
    <fieldset part="section">
      <legend part="section-title">${s.payment}</legend>
      <div part="payment-choice" role="radiogroup" aria-label=${s.payment}>
        ${c.cardsAvailable ? paymentOption(c, 'card', s.payByCard) : nothing} ${c.invoiceAllowed ? paymentOption(c, 'invoice', s.payByInvoice) : nothing}
      </div>
      ${c.cardsAvailable ? nothing : html`<p part="hint">${s.cardUnavailable}</p>`}
      ${c.method === 'invoice' ? invoiceSection(c) : c.approvalCard !== null ? html`<p part="hint approval-card">${c.approvalCard}</p>` : cardSection(c)}
    </fieldset>
  </form>`;
}

/**
 * The order button, after the summary: on a phone the buyer reads what the order costs (and may enter a
 * promo code) before reaching it, and Tab reaches the promo code before the button too.
 */
export function submitArea(c: CheckoutContext, preview: CheckoutPreview | null): TemplateResult {
  const { s } = c;
  const label =
    c.method === 'invoice'
      ? s.submitInvoice
      : preview && preview.trial && preview.amountDueToday === 0
        ? s.submitTrial
        : format(s.submit, { amount: preview ? money(preview.amountDueToday, preview.currency, c.locale) : '' });
  return html`<div part="submit-area">
    <p part="form-error" role="alert">${c.formError}</p>
    <button part="button submit" type="submit" form="checkout-form" ?disabled=${c.busy || !preview} aria-disabled=${c.busy ? 'true' : 'false'}>${c.busy ? s.submitting : label}</button>
  </div>`;
}

function paymentOption(c: CheckoutContext, method: PaymentChoice, label: string): TemplateResult {
  return html`<label part="payment-option${c.method === method ? ' payment-option-checked' : ''}">
    <input type="radio" name="method" value=${method} .checked=${c.method === method} @change=${c.onMethod} /> ${label}
  </label>`;
}

/** The add-ons sold with the plan: a checkbox each, or a quantity for those bought in any number. */
function addOnsFieldset(c: CheckoutContext): TemplateResult | typeof nothing {
  if (c.offeredAddOns.length === 0) return nothing;
  return html`<fieldset part="section add-ons">
    <legend part="section-title">${c.s.addOns}</legend>
    ${c.offeredAddOns.map(({ addOn, price }) => {
      const id = `addon-${addOn.id}`;
      const selected = c.chosenAddOns.get(addOn.id);
      const describedBy = `${id}-price${addOn.description ? ` ${id}-description` : ''}`;
      const raw = c.form.addOnQuantities[addOn.id];
      const error = raw === undefined ? '' : c.form.addOnError(raw);
      return html`<div part="add-on${selected ? ' add-on-selected' : ''}">
        ${addOn.quantityMode === 'quantity'
          ? quantityInput({
              part: 'input add-on-quantity',
              id,
              min: 0,
              max: MAX_ADD_ON_QUANTITY,
              value: raw ?? String(selected?.quantity ?? 0),
              error,
              describedBy: `${describedBy} ${id}-error`,
              onInput: (e) => c.onAddOn(addOn, e),
              onChange: (e) => c.onAddOn(addOn, e),
            })
          : html`<input part="add-on-toggle" id=${id} type="checkbox" .checked=${!!selected} aria-describedby=${describedBy} @change=${(e: Event) => c.onAddOn(addOn, e)} />`}
        <label part="add-on-name" for=${id}>${addOn.name}</label>
        <span part="add-on-price" id="${id}-price">${addOnPriceLabel(addOn, price, c.plan?.quantity ?? null, c.s, c.locale)}</span>
        ${addOn.description ? html`<span part="add-on-description" id="${id}-description" dir="auto">${addOn.description}</span>` : nothing}
        <span part="field-error" id="${id}-error">${error}</span>
      </div>`;
    })}
  </fieldset>`;
}

/** The card form (its code's), or — while that code comes — nothing, and offline the error with a retry. */
function cardSection(c: CheckoutContext): TemplateResult | typeof nothing {
  if (c.card) return c.card.section(c);
  return c.cardUnavailable ? errorState(c.s.cardLoadError, c.cardUnavailable, c.s, c.onCardRetry) : nothing;
}

function invoiceSection(c: CheckoutContext): TemplateResult {
  const { s } = c;
  return html`<div part="invoice">
    ${c.paymentTermsDays !== null ? html`<p part="net-terms">${format(s.netTerms, { days: c.paymentTermsDays })}</p>` : nothing}
    ${c.approvalCard === null ? input(c, 'poNumber', s.poNumber) : nothing} ${input(c, 'invoiceEmail', s.invoiceEmail, { type: 'email', autocomplete: 'email' })}
  </div>`;
}

/** The server's order summary: lines, subtotal, discount, tax, total, trial, what is due today, the next invoice, the promo code. */
export function orderSummary(c: CheckoutContext, data: CheckoutPreview, plan: Plan | null): TemplateResult {
  const { s, locale } = c;
  const m = (amount: number) => money(amount, data.currency, locale);
  return html`
    <p part="summary-plan"><strong>${plan?.name ?? data.planId}</strong> · ${strings(s)[`billedEvery_${data.recurring.interval}`] ?? ''}</p>
    <dl part="summary-lines">
      ${data.lines.map(
        (line) => html`<div part="summary-line">
          <dt>${line.quantity > 1 && line.type !== 'usage' ? fillParts(s.lineQuantity, { quantity: count(line.quantity, locale), description: html`${lineText(line, s, locale, { withPlan: false, catalog: c.catalog })}` }) : lineText(line, s, locale, { withPlan: false, catalog: c.catalog })}</dt>
          <dd>${m(line.amount)}</dd>
        </div>`,
      )}
      <div part="summary-line summary-subtotal"><dt>${s.subtotal}</dt><dd>${m(data.subtotal)}</dd></div>
      ${data.discount ? html`<div part="summary-line summary-discount"><dt>${format(s.discount, { code: data.discount.code })}</dt><dd>−${m(data.discount.amount)}</dd></div>` : nothing}
      ${data.taxLines.map((t) => html`<div part="summary-line summary-tax"><dt>${taxLabel(t, s, locale)}</dt><dd>${m(t.amount)}</dd></div>`)}
      <div part="summary-line summary-total"><dt>${s.total}</dt><dd>${m(data.total)}</dd></div>
    </dl>
    ${taxNotes(data.taxLines, s).map((note) => html`<p part="tax-note">${note}</p>`)}
    ${data.trial ? html`<p part="trial-note">${format(s.trial, { days: data.trial.days, date: date(data.trial.endsAt, locale) })}</p>` : nothing}
    ${dueToday(c, data)}
    <p part="next-invoice">${format(s.nextInvoice, { date: date(data.nextInvoice.date, locale) })}: ${m(data.nextInvoice.total)}</p>
    ${promo(c, data)}`;
}

/** What today costs: charged to the card, or — paying by invoice — invoiced today and due after the net terms. */
function dueToday(c: CheckoutContext, preview: CheckoutPreview): TemplateResult {
  const { s, locale } = c;
  let label = s.dueToday;
  if (c.method === 'invoice') {
    const days = preview.paymentTermsDays ?? 0;
    // The invoice is issued when the first period starts: the server's clock, not the browser's.
    const issued = new Date(preview.lines[0]?.periodStart ?? Date.now());
    label = preview.amountDueToday > 0 ? format(s.invoicedToday, { date: date(addDays(issued, days).toISOString(), locale), days }) : s.invoicedNothing;
  }
  return html`<p part="due-today"><span>${label}</span> <strong>${money(preview.amountDueToday, preview.currency, locale)}</strong></p>`;
}

function promo(c: CheckoutContext, preview: CheckoutPreview): TemplateResult {
  const { s } = c;
  const code = preview.promo;
  const invalid = c.form.errors.promoCode ?? (code && !code.valid ? format(s.promoInvalid, { code: code.code }) : '');
  const applied = code?.valid && preview.discount ? format(s.promoApplied, { code: code.code, description: preview.discount.description }) : '';
  return html`<form part="promo" @submit=${c.onPromo} novalidate>
    <label part="label" for="promoCode">${s.promoCode}</label>
    <div part="promo-row">
      <input
        part="input"
        id="promoCode"
        autocomplete="off"
        .value=${c.form.values.promoInput}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby="promo-message"
        @input=${(e: Event) => c.onInput('promoInput', e)}
      />
      <button part="button button-secondary promo-apply" type="submit">${s.promoApply}</button>
    </div>
    <p part="promo-message ${invalid ? 'promo-invalid field-error' : applied ? 'promo-valid' : ''}" id="promo-message" role="status">
      ${invalid || applied} ${applied ? html`<button part="button-link" type="button" @click=${c.onRemovePromo}>${s.promoRemove}</button>` : nothing}
    </p>
  </form>`;
}
