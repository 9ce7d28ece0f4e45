import type { PaymentElementController, StripeLoader } from '../internal/payment-element.js';
import type { TestCardInput } from '../rules/cards.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';

const EMPTY_CARD: TestCardInput = { cardNumber: '', cardExpiry: '', cardCvc: '' };

/**
 * Saving a new default card: Stripe's Payment Element on the Stripe engine (nothing charged: a setup), or
 * the TEST MODE card form on the local engine; then it becomes the company's default payment method. What the
 * dialog's form does (its fields, the save) is in flow-actions.ts, fetched with the dialogs.
 */
export class CardFlow {
  card: TestCardInput = EMPTY_CARD;
  errors: Partial<Record<keyof TestCardInput | 'stripe', string>> = {};
  busy = false;

  constructor(
    /** @internal */
    readonly context: ManagerContext,
    /** @internal */
    readonly dialog: ManagerDialog,
    /** @internal */
    readonly element: PaymentElementController,
    /** @internal */
    readonly stripe: () => { key: string | null; load: StripeLoader; currency: string } | null,
  ) {}

  open(from: Event | HTMLElement | null): void {
    this.card = EMPTY_CARD;
    this.errors = {};
    this.busy = false;
    this.dialog.open('payment', null, from);
  }

  /** Mounts Stripe's Payment Element once the dialog shows (a setup: nothing is charged). */
  mount(): void {
    const stripe = this.stripe();
    if (stripe && this.dialog.kind === 'payment' && this.element.state === 'idle') void this.element.mount(stripe.key, stripe.load, { currency: stripe.currency });
  }
}
