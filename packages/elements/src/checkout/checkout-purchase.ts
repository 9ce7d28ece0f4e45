import type { LitElement } from 'lit';
import type { CheckoutInvoice, CheckoutResult, PurchaseApprovalCheck, Subscription } from '@subkit/core';
import type { CheckoutStore, SubkitConnection, SubkitError } from '@subkit/client';
import { whenIdle } from '../internal/idle.js';
import { LazyView } from '../internal/lazy-view.js';
import { viewUnavailable } from '../internal/view-unavailable.js';
import type { CheckoutFormStrings, CheckoutStrings } from '../locales/checkout.js';
import type { CardPayment } from './card.view.js';
import type { CheckoutForm } from './checkout-form.js';
import type { CheckoutField, PaymentChoice } from './checkout.types.js';

/** What the purchase needs from the checkout around it. */
export interface PurchaseContext {
  client(): SubkitConnection | null;
  /** The client's checkout store (its code is the checkout's: the approval step gets it from here). */
  checkout(): CheckoutStore | null;
  strings(): CheckoutStrings;
  method(): PaymentChoice;
  /** True when Stripe's Payment Element collects the card. */
  stripe(): boolean;
  /** True when a field is on screen (an error for a hidden field goes above the button instead). */
  shown(field: CheckoutField): boolean;
  /** Place order was refused because the order needs a billing admin's approval now (`refusedForApproval`): the checkout prices it again. */
  needsApproval(): void;
}

/** What was bought, for the success view. */
export interface Completed {
  subscription: Subscription;
  invoiceId: string | null;
  /** Today's invoice as the server issued it (number, total, due date, PO); null from an older server. */
  invoice: CheckoutInvoice | null;
  method: PaymentChoice;
}

/**
 * Buying the draft: checks the form, collects the card (a test card, or Stripe's Payment Element), submits
 * through the checkout store (one Idempotency-Key per attempt, so a double click or a retry never buys
 * twice), and finishes what the answer asks for — the bank's confirmation (test-mode SCA, in a dialog that
 * Escape answers "fail"), or Stripe's next action — before telling the page.
 */
export class CheckoutPurchase {
  /** True while the purchase runs: the submit button is disabled and says so. */
  busy = false;
  /** The error above the submit button. */
  formError = '';
  /** What was bought, once bought. */
  completed: Completed | null = null;
  /**
   * The order Place order sent and the server refused with 403 `approval_required` (its price or the policy
   * changed since it was priced), with the policy's check: the checkout shows its approval step, the order
   * kept, while the order is that one (and focuses the step's notice once).
   */
  refusedForApproval: { order: string; check: PurchaseApprovalCheck; focused: boolean } | null = null;
  /** The refusal of the order above the button (`message` explains it), when no field shows it. */
  refusal: SubkitError | null = null;
  /** The success view's chunk, fetched when the purchase completes (null if it could not be). */
  view: typeof import('./success.view.js') | null = null;
  /** The payment awaiting the bank's confirmation. @internal */
  pending: CheckoutResult | null = null;
  /**
   * The card's code (card.view.ts: the TEST MODE form or Stripe's Payment Element, the bank's step), fetched when the
   * buyer pays by card (`loadCard`) or the page is idle (`prepare`).
   */
  readonly cardView: LazyView<typeof import('./card.view.js')>;
  /** Paying by card, once its code is here. */
  card: CardPayment | null = null;
  /** The card's code could not be fetched (offline): the card section shows the error with a retry (`retryCard`). */
  cardUnavailable: SubkitError | null = null;
  /** What is done with the server's answer to an order (checkout-answer.ts): fetched ahead (`prepare`), awaited before an order is sent. */
  #answer: Promise<typeof import('./checkout-answer.js') | null> | null = null;
  /** That code, once here (it explains the refusals it sets). */
  #answered: typeof import('./checkout-answer.js') | null = null;
  #preparing = false;

  constructor(
    /** @internal */
    readonly host: LitElement,
    /** What the purchase needs from the checkout (the approval step needs the same). */
    readonly context: PurchaseContext,
    /** @internal */
    readonly form: CheckoutForm,
  ) {
    this.cardView = new LazyView(host, () => import('./card.view.js'));
  }

  /** Fetches the card's code, once (the widget is busy meanwhile); offline, says so with a retry. */
  loadCard(): void {
    if (this.card || this.cardUnavailable || this.#cardLoading) return;
    this.#cardLoading = true;
    this.cardView.load().then(
      (view) => this.update({ card: new view.CardPayment(this.host, this) }),
      () => this.update({ cardUnavailable: viewUnavailable(this.host, 'card form', 'checkout:card') }),
    ).finally(() => (this.#cardLoading = false));
  }

  #cardLoading = false;

  /**
   * The strings to render: the widget's (the locale's table with the page's overrides), over the English ones of the
   * card's code and of the success view once they are here (a locale's own table has them all, and a page's overrides
   * are in the widget's).
   */
  strings(form: CheckoutFormStrings): CheckoutStrings {
    const { view } = this;
    const card = this.cardView.view;
    if (this.#strings?.form !== form || this.#strings.card !== card || this.#strings.view !== view) {
      this.#strings = { form, card, view, merged: { ...card?.cardStrings, ...view?.successStrings, ...form } as CheckoutStrings };
    }
    return this.#strings.merged;
  }

  #strings: { form: CheckoutFormStrings; card: unknown; view: unknown; merged: CheckoutStrings } | null = null;

  /** Fetches the card's code again after it could not be. */
  retryCard(): void {
    this.cardUnavailable = null;
    this.loadCard();
  }

  /** Sets what the checkout shows of the purchase and asks for an update. @internal */
  update(patch: Partial<Pick<CheckoutPurchase, 'busy' | 'formError' | 'completed' | 'refusal' | 'card' | 'cardUnavailable'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  /**
   * Fetches what handles the answer to an order, and the card's code, when the page is next idle, once: Place order
   * then does not wait for them, nor does "Card" (only warmed: `loadCard` takes the card's code when it is chosen).
   */
  prepare(): void {
    if (this.#preparing) return;
    this.#preparing = true;
    whenIdle(() => {
      void this.answerStep();
      void import('./card.view.js').catch(() => undefined);
    });
  }

  /** Fetches what handles the answer to an order, or the one already fetched; null when it could not be (asked again next time). */
  answerStep(): Promise<typeof import('./checkout-answer.js') | null> {
    return (this.#answer ??= import('./checkout-answer.js').then(
      (step) => (this.#answered = step),
      () => {
        this.#answer = null;
        return null;
      },
    ));
  }

  /** The buyer submitted the form. */
  async submit(): Promise<void> {
    const client = this.context.client();
    if (!client || this.busy) return;
    this.update({ formError: '', refusal: null });
    if (!this.form.taxRulesLoaded) {
      // The tax ID's rules come when the page is idle; a buyer faster than that waits for them (busy, so a second click does nothing).
      this.update({ busy: true });
      await this.form.loadTaxRules();
      this.update({ busy: false });
    }
    if (!this.form.check()) {
      this.update({ formError: this.context.strings().fixFields });
      return;
    }
    this.update({ busy: true });
    try {
      // Nothing is sent unless its answer can be read: a paid order must never look failed.
      const step = await this.answerStep();
      if (!step) return this.update({ formError: this.context.strings().errorNetwork });
      await step.send(this, client);
    } finally {
      this.update({ busy: false });
    }
  }

  /** The bank's answer to the SCA challenge (test mode: the buyer chooses it). */
  async confirm(outcome: 'approve' | 'fail'): Promise<void> {
    const step = await this.answerStep();
    await step?.confirm(this, outcome);
  }

  /** What the buyer reads above the order button: the form's error, or the refusal explained (a refusal comes from the answer's code). */
  get message(): string {
    return this.formError || (this.refusal && this.#answered ? this.#answered.explain(this, this.refusal) : '');
  }
}
