import type { LitElement } from 'lit';
import type { CheckoutInvoice, CheckoutPayment, CheckoutResult, PaymentResult, PurchaseApprovalCheck, Subscription } from '@subkit/core';
import { checkoutStore, draftStore, paymentsStore, subscriptionsStore, type CheckoutStore, type Result, type SubkitConnection, type SubkitError } from '@subkit/client';
import { DialogController } from '../internal/dialog-controller.js';
import { errorMessage } from '../internal/errors.js';
import type { PaymentElementController } from '../internal/payment-element.js';
import type { CheckoutStrings } from '../locales/checkout.js';
import { toTestCard } from '../rules/cards.js';
import { isDeclined } from '../rules/selectors.js';
import { SubkitErrorEvent } from '../events/common.js';
import { CheckoutCompletedEvent } from '../events/checkout.js';
import type { CheckoutForm } from './checkout-form.js';
import type { CheckoutField, PaymentChoice } from './checkout.types.js';
import { fieldMessage } from './checkout-form.js';

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
  /** The words for the refusals the checkout knows, fetched on the first refusal. */
  #refusals: import('./refusal.view.js').Refusals | null = null;
  /** The success view's chunk, fetched when the purchase completes (null if it could not be). */
  view: typeof import('./success.view.js') | null = null;
  /** The payment awaiting the bank's confirmation. */
  #pending: CheckoutResult | null = null;
  readonly dialog: DialogController;

  constructor(
    private readonly host: LitElement,
    /** What the purchase needs from the checkout (the approval step needs the same). */
    readonly context: PurchaseContext,
    private readonly form: CheckoutForm,
    private readonly card: PaymentElementController,
  ) {
    this.dialog = new DialogController(host, {
      element: () => host.shadowRoot?.querySelector('dialog'),
      busy: () => this.busy,
      // The bank's question must be answered: Escape is a "fail".
      onEscape: (event) => {
        event.preventDefault();
        void this.confirm('fail');
      },
    });
  }

  #update(patch: Partial<Pick<CheckoutPurchase, 'busy' | 'formError' | 'completed' | 'refusal'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  /** The payment of the order: by invoice with its PO number, or a card the buyer gave (null when it could not be collected). */
  async #payment(): Promise<CheckoutPayment | null> {
    const v = this.form.values;
    if (this.context.method() === 'invoice') {
      const payment: CheckoutPayment = { method: 'invoice' };
      if (v.poNumber.trim()) payment.poNumber = v.poNumber.trim();
      if (v.invoiceEmail.trim()) payment.invoiceEmail = v.invoiceEmail.trim();
      this.form.invoiceEmail = payment.invoiceEmail ?? v.billingEmail.trim();
      return payment;
    }
    if (this.context.stripe()) {
      const card = await this.card.collect();
      if (card.id !== null) return { method: 'card', stripePaymentMethodId: card.id };
      // Stripe shows what is wrong with the typed card inside its own element.
      if (!card.invalid) this.form.setError('stripe', card.message ?? this.context.strings().cardLoadError);
      return null;
    }
    return { method: 'card', testCard: toTestCard(this.form.card) };
  }

  /** The buyer submitted the form. */
  async submit(): Promise<void> {
    const client = this.context.client();
    if (!client || this.busy) return;
    this.#update({ formError: '', refusal: null });
    if (!this.form.check()) {
      this.#update({ formError: this.context.strings().fixFields });
      return;
    }
    this.#update({ busy: true });
    try {
      draftStore(client).updateDraft({ billing: this.form.billing() });
      const payment = await this.#payment();
      if (!payment) return;
      const result = await checkoutStore(client).submitCheckout(payment);
      if (!result.ok) return this.#failed(result.error, 'checkout:submit');
      await this.#answered(result.data, payment.method);
    } finally {
      this.#update({ busy: false });
    }
  }

  async #answered(result: CheckoutResult, method: PaymentChoice): Promise<void> {
    if (result.status === 'succeeded') return this.#complete(result.subscription, result.invoiceId, result.invoice ?? null, method);
    const next = result.nextAction;
    if (result.status === 'requires_action' && next?.type === 'sca_challenge' && next.paymentId) {
      this.#pending = result;
      this.dialog.open();
      return;
    }
    if (result.status === 'requires_action' && next?.type === 'stripe_confirm' && next.clientSecret && this.card.stripe) {
      const confirmed = await this.card.stripe.handleNextAction({ clientSecret: next.clientSecret });
      if (confirmed.error) return this.#update({ formError: this.context.strings().scaFailed });
      // Stripe.js completed the bank's step; the server reads the outcome from Stripe (not from the browser).
      const client = this.context.client();
      if (!next.paymentId || !client) return this.#complete(result.subscription, result.invoiceId, result.invoice ?? null, method);
      return this.#settled(result, await paymentsStore(client).confirmPayment(next.paymentId));
    }
    this.#update({ formError: this.context.strings().errorGeneric });
  }

  /** The bank's answer to the SCA challenge (test mode: the buyer chooses it). */
  async confirm(outcome: 'approve' | 'fail'): Promise<void> {
    const client = this.context.client();
    const pending = this.#pending;
    const paymentId = pending?.nextAction?.paymentId;
    if (!client || !pending || !paymentId || this.busy) return;
    this.#update({ busy: true });
    const result = await paymentsStore(client).confirmPayment(paymentId, outcome);
    this.#update({ busy: false });
    this.#pending = null;
    this.dialog.close();
    await this.#settled(pending, result);
  }

  /** Completes the purchase when the payment went through after the authentication step, else says it was not confirmed. */
  async #settled(pending: CheckoutResult, result: Result<PaymentResult>): Promise<void> {
    const client = this.context.client();
    if (client && result.ok && result.data.status === 'succeeded') {
      // The subscription is active now: the one the server has, not the incomplete one of the first answer.
      const fresh = await subscriptionsStore(client).loadSubscription(pending.subscription.id);
      return this.#complete(fresh.ok ? fresh.data : pending.subscription, result.data.invoiceId ?? pending.invoiceId, pending.invoice ?? null, 'card');
    }
    this.#update({ formError: this.context.strings().scaFailed });
    if (!result.ok) this.host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'checkout:sca' }));
  }

  async #complete(subscription: Subscription, invoiceId: string | null, invoice: CheckoutInvoice | null, method: PaymentChoice): Promise<void> {
    const client = this.context.client();
    this.card.unmount();
    if (client) checkoutStore(client).resetDraft();
    this.form.reset();
    this.view ??= await import('./success.view.js').catch(() => null);
    this.#update({ completed: { subscription, invoiceId, invoice, method } });
    await this.host.updateComplete;
    this.host.shadowRoot?.querySelector<HTMLElement>('[part~="success"]')?.focus();
    this.host.dispatchEvent(new CheckoutCompletedEvent({ subscription, invoiceId }));
  }

  /** What the buyer reads above the order button: the form's error, or the refusal explained. */
  get message(): string {
    return this.formError || (this.refusal ? this.explain(this.refusal) : '');
  }

  /**
   * What a refusal says: what happened and what to do when the checkout knows it; else its category, and
   * the server's explanation of a 400 (no default card, invoices not allowed).
   */
  explain(error: SubkitError): string {
    const s = this.context.strings();
    return this.#refusals?.message(error) ?? `${errorMessage(error, s)}${error.type === 'api_error' && error.status === 400 ? ` ${error.message}` : ''}`;
  }

  /** Fetches the refusals' words in the checkout's language (offline: tried again on the next refusal). */
  async loadRefusals(): Promise<void> {
    if (this.#refusals) return;
    this.#refusals = await import('./refusal.view.js').then((view) => new view.Refusals(this.host), () => null);
    // Its table is chosen on the host's next update: the first refusal is said in the buyer's language, not English first.
    this.host.requestUpdate();
    await this.host.updateComplete;
    await this.#refusals?.ready;
  }

  /**
   * A refused order: one that needs approval now goes to the approval step; else the refusal shows on its
   * field when the server named one on screen, or above the button, saying what happened and what to do.
   */
  async #failed(error: SubkitError, source: string): Promise<void> {
    const s = this.context.strings();
    if (error.code === 'approval_required') {
      // The server's check (an older server sends none: the role's rule is named then).
      const check = error.approval ?? { required: true, reasons: [], annualizedIncrease: 0, threshold: null };
      this.refusedForApproval = { order: JSON.stringify(this.context.checkout()?.$order.get()), check, focused: false };
      // Not a failure but the purchase's next step: the page hears `subkit-purchase-requested` once it is sent.
      return this.context.needsApproval();
    }
    if (this.form.showOnField(error, this.context.shown)) this.#update({ formError: s.fixFields });
    else if (isDeclined(error)) this.#update({ formError: fieldMessage(error, s) });
    else {
      await this.loadRefusals();
      this.#update({ refusal: error });
    }
    this.host.dispatchEvent(new SubkitErrorEvent({ error, source }));
  }
}
