import { css, html, nothing, type LitElement, type TemplateResult } from 'lit';
import type { CheckoutPayment, CheckoutPreview } from '@subkit/core';
import { DialogController } from '../internal/dialog-controller.js';
import { money } from '../internal/format.js';
import { PaymentElementController, type StripeLoader } from '../internal/payment-element.js';
import { format } from '../locales/locales.js';
import type { CheckoutStrings } from '../locales/checkout.js';
import { testCardMessages, testCardProblems, toTestCard } from '../rules/cards.js';
import { testCardForm } from '../templates/card.js';
import { scaStep } from '../templates/sca.js';
import type { CheckoutPurchase } from './checkout-purchase.js';
import type { CheckoutContext } from './checkout.templates.js';
import type { CheckoutField } from './checkout.types.js';

// Paying by card: the TEST MODE card form or Stripe's Payment Element, and the bank's confirmation step. A chunk of
// its own, fetched when the buyer pays by card (the choice offered first, unless the page says invoice) or the page
// is idle; a buyer paying by invoice never runs it.

export { default as cardStrings } from '../locales/en/checkout-card.js';

/** The card form's and the bank's step's styles (they join the checkout's, after its own). */
export const styles = css`
  @layer subkit.component {
    [part~='test-mode'] {
      display: grid;
      gap: var(--_space);
      padding: calc(var(--_space) * 1.5);
      border: 2px dashed var(--_warning);
      border-radius: var(--_radius-small);
    }
    [part~='test-mode-badge'] {
      justify-self: start;
      margin: 0;
      padding-inline: var(--_space);
      border-radius: var(--_radius-small);
      background: var(--_warning);
      color: var(--_bg);
      font-weight: 800;
      letter-spacing: 0.08em;
      font-size: 0.8em;
    }
    [part~='test-cards'] {
      margin: 0;
      padding-inline-start: calc(var(--_space) * 2.5);
      font-size: 0.875em;
      color: var(--_muted);
    }
    [part~='test-cards'] code {
      color: var(--_text);
      white-space: nowrap;
    }
    [part~='sca-dialog'] {
      max-inline-size: min(28rem, 90vw);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      padding: calc(var(--_space) * 3);
    }
    [part~='sca-dialog']::backdrop {
      background: rgb(0 0 0 / 0.45);
    }
    [part~='sca-actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
    }
  }
`;

/**
 * The card side of a purchase: collects the card (a TEST MODE card, or a PaymentMethod from Stripe's Payment Element)
 * and asks the bank's confirmation of a test-mode payment in a dialog that Escape answers "fail".
 */
export class CardPayment {
  /** Stripe's Payment Element, when Stripe collects the cards. */
  readonly element: PaymentElementController;
  /** The bank's confirmation step. */
  readonly dialog: DialogController;

  constructor(
    host: LitElement,
    private readonly purchase: CheckoutPurchase,
  ) {
    this.element = new PaymentElementController(host);
    this.dialog = new DialogController(host, {
      element: () => host.shadowRoot?.querySelector('dialog'),
      busy: () => purchase.busy,
      // The bank's question must be answered: Escape is a "fail".
      onEscape: (event) => {
        event.preventDefault();
        void purchase.confirm('fail');
      },
    });
  }

  /** Mounts Stripe's Payment Element (with `load`) for a payment of `amount` (a setup when 0), unless it is there or on its way. */
  mount(publishableKey: string | null, load: StripeLoader, currency: string, amount: number): void {
    if (this.element.state === 'idle') void this.element.mount(publishableKey, load, { currency, amount });
  }

  /** The card form: Stripe's Payment Element (slotted: Stripe mounts into light DOM), or the TEST MODE form. */
  section(c: CheckoutContext): TemplateResult {
    const { s } = c;
    if (c.stripe) {
      return html`<div part="stripe">
        ${c.stripe === 'loading' ? html`<p part="hint" role="status">${s.cardLoading}</p>` : nothing}
        ${c.stripe === 'error' ? html`<p part="field-error" role="alert">${s.cardLoadError}</p>` : nothing}
        <slot name="payment-element"></slot>
        <span part="field-error" id="stripe-error">${c.form.errors.stripe ?? ''}</span>
      </div>`;
    }
    return testCardForm('payment', { values: c.form.card, errors: c.form.errors }, s, { onInput: c.onInput, onBlur: c.onBlur });
  }

  /** What is wrong with the TEST MODE card as typed, per field (nothing when it can be sent). */
  problems(s: CheckoutStrings): Partial<Record<CheckoutField, string>> {
    return testCardMessages(testCardProblems(this.purchase.form.card), s);
  }

  /** The card of the order: the TEST MODE card as typed, or one collected by Stripe (null when it could not be). */
  async payment(stripe: boolean): Promise<CheckoutPayment | null> {
    const { form, context } = this.purchase;
    if (!stripe) return { method: 'card', testCard: toTestCard(form.card) };
    const card = await this.element.collect();
    if (card.id !== null) return { method: 'card', stripePaymentMethodId: card.id };
    // Stripe shows what is wrong with the typed card inside its own element.
    if (!card.invalid) form.setError('stripe', card.message ?? context.strings().cardLoadError);
    return null;
  }

  /** The bank's confirmation of a card payment (test-mode SCA) for what is due today, in a dialog; nothing while it is closed. */
  sca(s: CheckoutStrings, locale: string, preview: CheckoutPreview | null | undefined, busy: boolean): TemplateResult | typeof nothing {
    if (!this.dialog.isOpen) return nothing;
    const due = preview?.amountDueToday ?? 0;
    const body = due > 0 ? format(s.scaBody, { amount: money(due, preview!.currency, locale) }) : s.scaBodyCard;
    return html`<dialog part="sca-dialog" aria-labelledby="dialog-title" aria-describedby="sca-body" @cancel=${this.dialog.cancel} @close=${this.dialog.closed}>
      ${scaStep(body, s, busy, (outcome) => void this.purchase.confirm(outcome))}
    </dialog>`;
  }
}
