import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StripeElementsLike, StripeLike, StripeLoader } from './stripe-loader.js';

export { loadStripeLazily, type StripeElementsLike, type StripeLike, type StripeLoader } from './stripe-loader.js';

/** Where the Payment Element is in its life: loading Stripe.js, ready for the buyer, or failed to load. */
export type PaymentElementState = 'idle' | 'loading' | 'ready' | 'error';

/** What collecting a card gave: a Stripe PaymentMethod id, or why not (`invalid` when Stripe already shows the error inline). */
export type CollectedCard = { id: string } | { id: null; invalid: boolean; message: string | null };

/**
 * Stripe's Payment Element inside a widget: loads Stripe.js lazily, mounts the element into a light-DOM
 * child slotted as `payment-element` (Stripe's iframes cannot live in a shadow root), collects a
 * PaymentMethod, and unmounts when the widget leaves the page. The checkout and the manager share it.
 */
export class PaymentElementController implements ReactiveController {
  /** The loading state; the host re-renders on every change. */
  state: PaymentElementState = 'idle';
  /** Stripe.js once loaded (for follow-up steps such as `handleNextAction`). */
  stripe: StripeLike | null = null;
  #elements: StripeElementsLike | null = null;
  #slot: HTMLElement | null = null;
  readonly #host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.unmount();
  }

  #set(state: PaymentElementState): void {
    this.state = state;
    this.#host.requestUpdate();
  }

  /** Loads Stripe.js with `load` and mounts the element for a payment of `amount` (or a setup when 0 or absent). */
  async mount(publishableKey: string | null, load: StripeLoader, options: { currency: string; amount?: number }): Promise<void> {
    if (!publishableKey) {
      this.#set('error');
      return;
    }
    this.#set('loading');
    try {
      this.stripe ??= await load(publishableKey);
      if (!this.stripe) throw new Error('Stripe.js did not load');
      const currency = options.currency.toLowerCase();
      const amount = options.amount ?? 0;
      this.#elements = this.stripe.elements(amount > 0 ? { mode: 'subscription', amount, currency } : { mode: 'setup', currency });
      const slot = document.createElement('div');
      slot.slot = 'payment-element';
      this.#host.append(slot);
      this.#slot = slot;
      this.#elements.create('payment', { layout: 'tabs' }).mount(slot);
      this.#set('ready');
    } catch {
      this.#set('error');
    }
  }

  /** Stripe.js without a form, for a step on a saved card (3-D Secure of "pay now"): loaded once, lazily; null when it cannot load. */
  async load(publishableKey: string | null, load: StripeLoader): Promise<StripeLike | null> {
    if (!publishableKey) return null;
    try {
      this.stripe ??= await load(publishableKey);
    } catch {
      return null;
    }
    return this.stripe;
  }

  /** Removes the element; the next `mount` starts afresh. */
  unmount(): void {
    this.#slot?.remove();
    this.#slot = null;
    this.#elements = null;
    if (this.state !== 'idle') this.#set('idle');
  }

  /** Validates what the buyer typed into the element and creates a PaymentMethod from it. */
  async collect(): Promise<CollectedCard> {
    if (!this.stripe || !this.#elements) return { id: null, invalid: false, message: null };
    const submitted = await this.#elements.submit();
    if (submitted.error) return { id: null, invalid: true, message: submitted.error.message ?? null };
    const created = await this.stripe.createPaymentMethod({ elements: this.#elements });
    return created.paymentMethod ? { id: created.paymentMethod.id } : { id: null, invalid: false, message: created.error?.message ?? null };
  }
}
