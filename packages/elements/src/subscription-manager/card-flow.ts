import type { PaymentMethod } from '@subkit/core';
import { paymentMethodsStore } from '@subkit/client';
import type { PaymentElementController, StripeLoader } from '../internal/payment-element.js';
import { format } from '../locales/locales.js';
import { testCardMessages, testCardProblems, toTestCard, type TestCardInput } from '../rules/cards.js';
import { isDeclined } from '../rules/selectors.js';
import { PaymentMethodUpdatedEvent } from '../events/subscription-manager.js';
import { SubkitErrorEvent } from '../events/common.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';

const EMPTY_CARD: TestCardInput = { cardNumber: '', cardExpiry: '', cardCvc: '' };

/** A card as people name it: "Visa ending in 4242". */
export function cardLabel(method: PaymentMethod, template: string): string {
  if (!method.card) return method.type;
  const brand = method.card.brand.charAt(0).toUpperCase() + method.card.brand.slice(1);
  return format(template, { brand, last4: method.card.last4 });
}

/**
 * Saving a new default card: Stripe's Payment Element on the Stripe engine (nothing charged: a setup), or
 * the TEST MODE card form on the local engine; then it becomes the company's default payment method.
 */
export class CardFlow {
  card: TestCardInput = EMPTY_CARD;
  errors: Partial<Record<keyof TestCardInput | 'stripe', string>> = {};
  busy = false;

  constructor(
    private readonly context: ManagerContext,
    private readonly dialog: ManagerDialog,
    private readonly element: PaymentElementController,
    private readonly stripe: () => { key: string | null; load: StripeLoader; currency: string } | null,
  ) {}

  open(event: Event): void {
    this.card = EMPTY_CARD;
    this.errors = {};
    this.busy = false;
    this.dialog.open('payment', null, event);
  }

  /** Mounts Stripe's Payment Element once the dialog shows (a setup: nothing is charged). */
  mount(): void {
    const stripe = this.stripe();
    if (stripe && this.dialog.kind === 'payment' && this.element.state === 'idle') void this.element.mount(stripe.key, stripe.load, { currency: stripe.currency });
  }

  input(field: keyof TestCardInput, event: Event): void {
    this.card = { ...this.card, [field]: (event.target as HTMLInputElement).value };
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
    this.dialog.changed();
  }

  #fail(errors: CardFlow['errors']): void {
    this.busy = false;
    this.errors = errors;
    this.dialog.changed();
  }

  async save(event: Event): Promise<void> {
    event.preventDefault();
    const client = this.context.client();
    if (!client || this.context.busy()) return;
    const s = this.context.strings();
    let body: { testCard?: ReturnType<typeof toTestCard>; stripePaymentMethodId?: string };
    if (this.stripe()) {
      this.busy = true;
      this.dialog.changed();
      const card = await this.element.collect();
      if (card.id === null) return this.#fail({ stripe: card.message ?? s.cardLoadError });
      body = { stripePaymentMethodId: card.id };
    } else {
      const problems = testCardProblems(this.card);
      this.errors = testCardMessages(problems, s);
      this.dialog.changed();
      if (Object.keys(problems).length > 0) {
        await this.context.host.updateComplete;
        this.context.host.shadowRoot?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      body = { testCard: toTestCard(this.card) };
      this.busy = true;
    }
    this.dialog.error = null;
    const methods = paymentMethodsStore(client);
    const setup = await methods.setupPaymentMethod(body);
    if (!setup.ok) {
      if (isDeclined(setup.error) && !this.stripe()) {
        this.#fail({ cardNumber: s.cardDeclined });
        this.context.host.dispatchEvent(new SubkitErrorEvent({ error: setup.error, source: 'subscription-manager:payment-method' }));
        return;
      }
      this.busy = false;
      return this.dialog.failed(setup.error, 'subscription-manager:payment-method');
    }
    if (setup.data.status === 'requires_action' && setup.data.clientSecret && this.element.stripe) {
      const confirmed = await this.element.stripe.handleNextAction({ clientSecret: setup.data.clientSecret });
      if (confirmed.error) return this.#fail({ stripe: confirmed.error.message ?? s.cardDeclined });
    }
    const method = setup.data.paymentMethod;
    if (!method) {
      this.busy = false;
      this.dialog.error = s.cardDeclined;
      this.dialog.changed();
      return;
    }
    const made = method.isDefault ? { ok: true as const, data: method } : await methods.setDefaultPaymentMethod(method.id);
    this.busy = false;
    if (!made.ok) return this.dialog.failed(made.error, 'subscription-manager:payment-method');
    await this.dialog.completed(format(s.paymentUpdated, { card: cardLabel(made.data, s.cardLabel) }));
    this.context.host.dispatchEvent(new PaymentMethodUpdatedEvent({ paymentMethod: made.data }));
  }
}
