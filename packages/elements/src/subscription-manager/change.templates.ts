import { html, nothing, type TemplateResult } from 'lit';
import type { Subscription } from '@subkit/core';
import { count, date, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { plural, unitsLabel } from '../locales/plural.js';
import type { SubscriptionManagerStrings } from '../locales/subscription-manager.js';
import { addOnPriceLabel, type OfferedAddOn } from '../rules/add-ons.js';
import { MAX_ADD_ON_QUANTITY, quantityHint } from '../rules/quantity.js';
import { quantityInput } from '../templates/quantity.js';
import { lineText, taxLabel, taxNotes } from '../templates/line-text.js';
import type { ChangeFlow } from './change-flow.js';
import { addOn as toggleAddOn, authenticate, back, confirm, field, headline, request, review, submitForApproval } from './change-actions.js';
import { intervalLabel } from './subscription.templates.js';
import { scaStep } from '../templates/sca.js';

/** What the change dialog's templates need. */
export interface ChangeContext {
  s: SubscriptionManagerStrings;
  locale: string;
  flow: ChangeFlow;
  busy: boolean;
  dialogError: TemplateResult;
  closeButton: TemplateResult;
}

/** The change form: plan, billing interval, seats and add-ons; the review button waits until something differs. */
export function changeForm(sub: Subscription, c: ChangeContext): TemplateResult {
  const { s, locale, flow } = c;
  const form = flow.form;
  const choices = flow.choices(sub);
  const choice = choices.find((ch) => ch.plan.id === form.planId);
  const rule = choice?.plan.quantity ?? null;
  const { change, quantityError, addOnErrors } = request(flow, sub);
  const invalid = !!quantityError || Object.keys(addOnErrors).length > 0;
  return html`<form part="dialog-body" novalidate @submit=${(e: Event) => (e.preventDefault(), void review(flow))}>
    <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${format(s.changeTitle, { plan: sub.planName })}</h3>
    <div part="field">
      <label part="label" for="change-plan">${s.plan}</label>
      <select part="select" id="change-plan" @change=${(e: Event) => field(flow, 'planId', e)}>
        ${choices.map((ch) => html`<option .value=${ch.plan.id} ?selected=${ch.plan.id === form.planId}>${ch.plan.name}</option>`)}
      </select>
    </div>
    <div part="field">
      <label part="label" for="change-interval">${s.interval}</label>
      <select part="select" id="change-interval" @change=${(e: Event) => field(flow, 'interval', e)}>
        ${(choice?.intervals ?? []).map((i) => html`<option .value=${i} ?selected=${i === form.interval}>${intervalLabel(i, s)}</option>`)}
      </select>
    </div>
    ${rule
      ? html`<div part="field">
          <label part="label" for="change-quantity">${format(s.quantity, { unit: unitsLabel(rule) })}</label>
          ${quantityInput({
            part: 'input',
            id: 'change-quantity',
            min: rule.minimum,
            max: rule.maximum,
            value: form.quantity,
            error: quantityError,
            describedBy: 'change-quantity-hint change-quantity-error',
            onInput: (e) => field(flow, 'quantity', e),
          })}
          <span part="hint" id="change-quantity-hint">${quantityHint(rule, s, locale)}</span>
          <span part="field-error" id="change-quantity-error">${quantityError ?? ''}</span>
        </div>`
      : nothing}
    ${flow.addOnChoices(sub).length > 0
      ? html`<fieldset part="fieldset">
          <legend part="label">${s.addOns}</legend>
          ${flow.addOnChoices(sub).map((offered) => addOnOption(offered, addOnErrors[offered.addOn.id], choice?.plan.quantity ?? null, c))}
        </fieldset>`
      : nothing}
    ${change || invalid ? nothing : html`<p part="hint" id="no-change">${s.noChange}</p>`} ${c.dialogError}
    <div part="dialog-actions">
      <button part="button confirm" type="submit" ?disabled=${!change || c.busy} aria-describedby=${change || invalid ? nothing : 'no-change'}>
        ${flow.busy === 'preview' ? s.previewing : s.reviewChange}
      </button>
      ${c.closeButton}
    </div>
  </form>`;
}

/** One add-on of the change form: a checkbox (on/off, per seat) or a quantity input (0 leaves it out). */
function addOnOption({ addOn, price }: OfferedAddOn, error: string | undefined, planUnits: Parameters<typeof addOnPriceLabel>[2], c: ChangeContext): TemplateResult {
  const { s, flow } = c;
  const id = `addon-${addOn.id}`;
  const raw = flow.form.addOns[addOn.id];
  const label = format(s.addOnPrice, { name: addOn.name, amount: addOnPriceLabel(addOn, price, planUnits, s, c.locale) });
  if (addOn.quantityMode !== 'quantity') {
    return html`<label part="option add-on">
      <input part="add-on-toggle" type="checkbox" id=${id} .checked=${raw !== undefined} @change=${(e: Event) => toggleAddOn(flow, addOn, e)} />
      ${label}
    </label>`;
  }
  return html`<div part="option add-on add-on-quantity-row">
    ${quantityInput({
      part: 'input add-on-quantity',
      id,
      min: 0,
      max: MAX_ADD_ON_QUANTITY,
      value: raw ?? '0',
      error,
      describedBy: `${id}-error`,
      onInput: (e) => toggleAddOn(flow, addOn, e),
    })}
    <label for=${id}>${label}</label>
    <span part="field-error" id="${id}-error">${error ?? ''}</span>
  </div>`;
}

/** The server's exact preview: proration lines, totals, what is due (or invoiced) now, the next invoice; confirm or go back. */
export function changePreview(sub: Subscription, c: ChangeContext): TemplateResult {
  const { s, locale, flow } = c;
  const preview = flow.preview!;
  const m = (amount: number) => money(amount, preview.currency, locale);
  // Billed by invoice: a change is invoiced with the subscription's payment terms, nothing is charged now.
  const invoiced = sub.collectionMethod === 'send_invoice' && preview.amountDueNow > 0;
  const days = sub.paymentTermsDays ?? 0;
  const dueLabel = !invoiced ? s.dueNow : days > 0 ? format(plural(s, 'invoicedNow', days, locale), { days: count(days, locale) }) : s.invoicedNowDueToday;
  const confirmLabel = preview.amountDueNow > 0 && !invoiced ? format(s.confirmPay, { amount: m(preview.amountDueNow) }) : s.confirmChange;
  if (flow.sca) {
    return html`<div part="dialog-body">${scaStep(format(s.scaBody, { amount: m(preview.amountDueNow) }), s, c.busy, (outcome) => void authenticate(flow, outcome))}</div>`;
  }
  const total = (label: string, amount: number, part = 'preview-total') => html`<tr part=${part}><th scope="row" colspan="2">${label}</th><td><bdi>${m(amount)}</bdi></td></tr>`;
  return html`<div part="dialog-body">
    <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${s.previewTitle}</h3>
    <p part="preview-headline">${headline(flow, sub) ?? nothing}</p>
    <p part="hint">
      ${preview.effective === 'now' ? format(s.previewSummary, { date: date(preview.prorationDate, locale) }) : s.previewEffectiveEnd}
      ${invoiced ? s.previewInvoiced : nothing}
    </p>
    <table part="preview-lines">
      <caption class="visually-hidden">${format(s.changeTitle, { plan: sub.planName })}</caption>
      <thead>
        <tr>
          <th scope="col">${s.line}</th>
          <th scope="col">${s.linePeriod}</th>
          <th scope="col">${s.amount}</th>
        </tr>
      </thead>
      <tbody>
        ${preview.prorationLines.map(
          (line) => html`<tr part="preview-line preview-line-${line.kind}">
            <th scope="row">
              <span class="visually-hidden">${line.kind === 'credit' ? s.creditLine : s.chargeLine}:</span>
              ${lineText(line, s, locale, { withQuantity: true, catalog: flow.catalog })}
            </th>
            <td>${format(s.periodRange, { start: date(line.periodStart, locale), end: date(line.periodEnd, locale) })}</td>
            <td><bdi>${m(line.amount)}</bdi></td>
          </tr>`,
        )}
      </tbody>
      <tfoot>
        ${total(s.subtotal, preview.subtotal)} ${preview.discountTotal > 0 ? total(s.discountTotal, -preview.discountTotal) : nothing}
        ${preview.taxLines ? preview.taxLines.map((tax) => total(taxLabel(tax, s, locale), tax.amount, 'preview-total preview-tax')) : total(s.tax, preview.tax)}
        ${total(dueLabel, preview.amountDueNow, invoiced ? 'preview-total preview-due preview-invoiced' : 'preview-total preview-due')}
        ${preview.creditCreated > 0 ? total(s.creditCreated, preview.creditCreated, 'preview-total preview-credit') : nothing}
      </tfoot>
    </table>
    ${taxNotes(preview.taxLines ?? [], s).map((note) => html`<p part="tax-note">${note}</p>`)}
    <p part="preview-next">${format(s.nextInvoiceTotal, { date: date(preview.nextInvoice.date, locale) })}: ${m(preview.nextInvoice.total)}</p>
    ${preview.approval?.required ? approvalFields(preview.approval.reasons, c) : nothing} ${c.dialogError}
    <div part="dialog-actions">
      ${preview.approval?.required
        ? html`<button part="button confirm submit-approval" type="button" ?disabled=${c.busy || !flow.approvalKit} @click=${() => void submitForApproval(flow)}>
            ${flow.busy === 'submit' ? s.submitting : s.submitForApproval}
          </button>`
        : html`<button part="button confirm" type="button" ?disabled=${c.busy} @click=${() => void confirm(flow)}>${flow.busy === 'apply' ? s.applying : confirmLabel}</button>`}
      <button part="button button-secondary back" type="button" ?disabled=${c.busy} @click=${() => back(flow)}>${s.back}</button>
    </div>
  </div>`;
}

/** Why the change needs a billing admin's approval, and the PO number and note sent with the request (fields of the approval chunk). */
function approvalFields(reasons: readonly string[], c: ChangeContext): TemplateResult {
  const { s, flow } = c;
  const table = s as SubscriptionManagerStrings & Record<string, string>;
  const reason = new Intl.ListFormat(c.locale).format(reasons.map((r) => table[`approvalReason_${r}`] ?? r));
  return html`<p part="approval-needed" role="note">${format(s.approvalNeeded, { reason })}</p>
    ${flow.approvalKit?.requestFields({
      id: 'approval',
      values: flow.approval,
      labels: { poNumber: s.approvalPoNumber, note: s.approvalNote },
    })}`;
}
