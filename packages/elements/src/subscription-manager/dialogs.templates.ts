import { html, nothing, type TemplateResult } from 'lit';
import type { InvoiceSummary, PaymentMethod, Subscription } from '@subkit/core';
import { date, money } from '../internal/format.js';
import type { PaymentElementState } from '../internal/payment-element.js';
import { format } from '../locales/locales.js';
import type { SubscriptionManagerStrings } from '../locales/subscription-manager.js';
import { testCardForm } from '../templates/card.js';
import { scaStep } from '../templates/sca.js';
import type { CancelFlow } from './cancel-flow.js';
import type { CardFlow } from './card-flow.js';
import { cardLabel } from './subscription.templates.js';
import type { PauseFlow } from './pause-flow.js';
import type { PayFlow } from './pay-flow.js';
import { offerText } from './offer-text.js';
import { accept, cardInput, confirmCancel, confirmPayment, pause, payInvoice, saveCard, submitReason } from './flow-actions.js';
import { CANCEL_REASONS } from './subscription-manager.types.js';
import { changeForm, changePreview } from './change.templates.js';
import type { Flows } from './flows.js';

/** What every dialog of the manager shows: its words, whether an action runs, the error inside it, a close button. */
export interface DialogParts {
  s: SubscriptionManagerStrings;
  locale: string;
  busy: boolean;
  dialogError: TemplateResult;
  closeButton: (label?: string) => TemplateResult;
}

/** Pausing: until a date, or until resumed. */
export function pauseForm(sub: Subscription, flow: PauseFlow, d: DialogParts): TemplateResult {
  const { s } = d;
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return html`<form part="dialog-body" novalidate @submit=${(e: Event) => void pause(flow, e)}>
    <h3 part="dialog-title" id="dialog-title">${format(s.pauseTitle, { plan: sub.planName })}</h3>
    <p>${s.pauseBody}</p>
    ${sub.status === 'active' ? html`<p part="pause-prepaid">${format(s.pausePrepaid, { date: date(sub.currentPeriodEnd, d.locale) })}</p>` : nothing}
    <div part="field">
      <label part="label" for="pause-until">${s.pauseUntil}</label>
      <input
        part="input"
        id="pause-until"
        type="date"
        min=${tomorrow}
        .value=${flow.until}
        aria-invalid=${flow.fieldError ? 'true' : 'false'}
        aria-describedby="pause-until-hint pause-until-error"
        @input=${(e: Event) => flow.input(e)}
      />
      <span part="hint" id="pause-until-hint">${s.pauseUntilHint}</span>
      <span part="field-error" id="pause-until-error">${flow.fieldError ?? ''}</span>
    </div>
    ${d.dialogError}
    <div part="dialog-actions">
      <button part="button confirm" type="submit" ?disabled=${d.busy}>${s.confirmPause}</button>
      ${d.closeButton()}
    </div>
  </form>`;
}

/** The cancel flow's current step: the reason, the offers to stay, or when to cancel. */
export function cancelStep(sub: Subscription, flow: CancelFlow, d: DialogParts): TemplateResult {
  const s = d.s as SubscriptionManagerStrings & Record<string, string>;
  if (flow.step === 'reason') {
    return html`<form part="dialog-body" novalidate @submit=${(e: Event) => void submitReason(flow, e)}>
      <h3 part="dialog-title" id="dialog-title">${format(s.cancelTitle, { plan: sub.planName })}</h3>
      <fieldset part="fieldset" aria-describedby="reason-error">
        <legend part="label">${s.cancelReason}</legend>
        ${CANCEL_REASONS.map(
          (reason) => html`<label part="option">
            <input type="radio" name="reason" .value=${reason} .checked=${flow.reason === reason} @change=${() => flow.choose(reason)} />
            ${s[`reason_${reason}`]}
          </label>`,
        )}
        <span part="field-error" id="reason-error">${flow.fieldError ?? ''}</span>
      </fieldset>
      <div part="field">
        <label part="label" for="cancel-feedback">${s.feedback}</label>
        <textarea part="textarea" id="cancel-feedback" maxlength="2000" rows="3" .value=${flow.feedback} @input=${(e: Event) => flow.typeFeedback(e)}></textarea>
      </div>
      ${d.dialogError}
      <div part="dialog-actions">
        <button part="button confirm" type="submit" ?disabled=${d.busy}>${s.continue}</button>
        ${d.closeButton(s.keep)}
      </div>
    </form>`;
  }
  if (flow.step === 'offers') {
    return html`<div part="dialog-body">
      <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${s.offersTitle}</h3>
      <p>${s.offersBody}</p>
      <ul part="offers" role="list">
        ${flow.offers.map((offer) => {
          const text = offerText(offer, s, d.locale);
          return html`<li part="offer offer-${offer.type}">
            <h4 part="offer-title" id="offer-${offer.id}">${text.title}</h4>
            <p part="offer-description">${text.description}</p>
            <button part="button accept-offer" type="button" ?disabled=${d.busy} aria-describedby="offer-${offer.id}" @click=${() => void accept(flow, offer)}>${s.acceptOffer}</button>
          </li>`;
        })}
      </ul>
      ${d.dialogError}
      <div part="dialog-actions">
        <button part="button button-secondary decline-offers" type="button" ?disabled=${d.busy} @click=${() => flow.decline()}>${s.declineOffers}</button>
        ${d.closeButton(s.keep)}
      </div>
    </div>`;
  }
  // Never started (its first payment not made): the engine ends it now whatever is asked, and the merchant's policy
  // does not apply (nothing to commit to); there is no period end to wait for, nor access to keep.
  const unstarted = sub.status === 'incomplete';
  const when = (value: 'period_end' | 'now', label: string) =>
    html`<label part="option"><input type="radio" name="when" value=${value} .checked=${flow.when === value} @change=${() => flow.chooseWhen(value)} /> ${label}</label>`;
  return html`<form part="dialog-body" novalidate @submit=${(e: Event) => void confirmCancel(flow, e)}>
    <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${s.confirmCancelTitle}</h3>
    <fieldset part="fieldset">
      <legend class="visually-hidden">${s.confirmCancelTitle}</legend>
      ${unstarted || sub.actions?.cancelAtPeriodEnd.allowed === false
        ? nothing
        : when('period_end', format(sub.status === 'unpaid' ? s.whenPeriodEndOnHold : s.whenPeriodEnd, { date: date(sub.currentPeriodEnd, d.locale) }))}
      ${sub.actions?.cancelNow.allowed === false && !unstarted
        ? html`<p part="hint">${s.cancelNowBlocked}</p>`
        : when('now', unstarted ? s.whenNowUnstarted : sub.status === 'past_due' || sub.status === 'unpaid' ? s.whenNowOwed : s.whenNow)}
    </fieldset>
    ${d.dialogError}
    <div part="dialog-actions">
      <button part="button button-danger confirm" type="submit" ?disabled=${d.busy}>${s.confirmCancel}</button>
      ${d.closeButton(s.keep)}
    </div>
  </form>`;
}

/** Saving a new default card: Stripe's Payment Element, the TEST MODE form, or why cards cannot be added here. */
export function cardForm(flow: CardFlow, card: { available: boolean; stripe: PaymentElementState | null }, d: DialogParts): TemplateResult {
  const { s } = d;
  let fields: TemplateResult;
  if (!card.available) {
    fields = html`<p part="hint">${s.cardUnavailable}</p>`;
  } else if (card.stripe) {
    fields = html`<div part="stripe">
      ${card.stripe === 'loading' ? html`<p part="hint" role="status">${s.cardLoading}</p>` : nothing}
      ${card.stripe === 'error' ? html`<p part="field-error" role="alert">${s.cardLoadError}</p>` : nothing}
      <slot name="payment-element"></slot>
      <span part="field-error" role="alert">${flow.errors.stripe ?? ''}</span>
    </div>`;
  } else {
    fields = testCardForm('setup', { values: flow.card, errors: flow.errors }, s, { onInput: (field, e) => cardInput(flow, field, e) });
  }
  return html`<form part="dialog-body" novalidate @submit=${(e: Event) => void saveCard(flow, e)}>
    <h3 part="dialog-title" id="dialog-title">${s.paymentTitle}</h3>
    <p>${s.paymentBody}</p>
    ${fields} ${d.dialogError}
    <div part="dialog-actions">
      ${card.available
        ? html`<button part="button confirm" type="submit" ?disabled=${d.busy || (card.stripe !== null && card.stripe !== 'ready')}>${flow.busy ? s.saving : s.saveCard}</button>`
        : nothing}
      ${d.closeButton()}
    </div>
  </form>`;
}

/** Paying the open invoice: the amount and the card, then the bank's confirmation when it asks. */
export function payDialog(invoice: InvoiceSummary | null, method: PaymentMethod | null, flow: PayFlow, d: DialogParts): TemplateResult {
  const { s } = d;
  if (!invoice) return html`<div part="dialog-body"><h3 part="dialog-title" id="dialog-title">${s.payNow}</h3>${d.closeButton()}</div>`;
  const amount = money(invoice.amountRemaining, invoice.currency, d.locale);
  if (flow.sca) return html`<div part="dialog-body">${scaStep(format(s.scaBody, { amount }), s, d.busy, (outcome) => void confirmPayment(flow, outcome))}</div>`;
  return html`<div part="dialog-body">
    <h3 part="dialog-title" id="dialog-title">${format(s.payTitle, { number: invoice.number })}</h3>
    <p>${format(s.payBody, { amount, method: method ? cardLabel(method, s.cardLabel) : s.payDefaultMethod })}</p>
    ${d.dialogError}
    <div part="dialog-actions">
      <button part="button confirm" type="button" ?disabled=${d.busy} @click=${() => void payInvoice(flow)}>${flow.busy === 'pay' ? s.paying : format(s.confirmPayInvoice, { amount })}</button>
      ${d.closeButton()}
    </div>
  </div>`;
}

/** What the open dialog shows beyond its flow's state: what the widget's stores hold. */
export interface DialogInputs {
  locale: string;
  dir: string;
  /** True while any flow or direct action runs. */
  busy: boolean;
  /** Whether the merchant takes cards, and whether Stripe collects them (its Payment Element then). */
  cards: { available: boolean; stripe: boolean };
  openInvoices: Record<string, InvoiceSummary | null>;
  defaultMethod: PaymentMethod | null;
}

/** The manager's open dialog, with the step of its flow (change, pause, cancel, payment method, pay now). */
export function managerDialog(flows: Flows, inputs: DialogInputs): TemplateResult | typeof nothing {
  const { dialog } = flows;
  const kind = dialog.kind;
  if (!kind || !dialog.controller.isOpen) return nothing;
  const s = dialog.strings();
  const sub = dialog.target;
  const { busy, locale } = inputs;
  const parts: DialogParts = {
    s,
    locale,
    busy,
    dialogError: html`<p part="dialog-error field-error" role="alert">${dialog.error ?? ''}</p>`,
    closeButton: (label = s.close) => html`<button part="button button-secondary close" type="button" ?disabled=${busy} @click=${() => dialog.close()}>${label}</button>`,
  };
  let content: TemplateResult | typeof nothing = nothing;
  if (kind === 'change' && sub) {
    const c = { ...parts, flow: flows.change, closeButton: parts.closeButton() };
    content = flows.change.step === 'form' ? changeForm(sub, c) : changePreview(sub, c);
  } else if (kind === 'pause' && sub) content = pauseForm(sub, flows.pause, parts);
  else if (kind === 'cancel' && sub) content = cancelStep(sub, flows.cancel, parts);
  else if (kind === 'payment') {
    content = cardForm(flows.card, { available: inputs.cards.available, stripe: inputs.cards.stripe ? flows.paymentElement.state : null }, parts);
  } else if (kind === 'pay' && sub) content = payDialog(inputs.openInvoices[sub.id] ?? null, inputs.defaultMethod, flows.pay, parts);
  return html`<dialog
    part="dialog dialog-${kind}"
    dir=${inputs.dir}
    lang=${locale}
    aria-labelledby="dialog-title"
    aria-busy=${busy ? 'true' : 'false'}
    @cancel=${dialog.controller.cancel}
    @close=${dialog.controller.closed}
  >
    ${content}
  </dialog>`;
}
