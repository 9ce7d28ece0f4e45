import type { InvoiceSummary, PaymentResult, Subscription } from '@subkit/core';
import type { StripeLike } from '../internal/payment-element.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';

/**
 * Paying the open invoice of a past-due subscription with the default payment method, with the bank's
 * confirmation as a step of the same dialog when it asks for one: the test processor's simulated
 * challenge, or Stripe's 3-D Secure through Stripe.js (`handleNextAction`), after which the server reads
 * the outcome from Stripe. What the dialog's buttons send is in flow-actions.ts, fetched with the dialogs.
 */
export class PayFlow {
  /** A payment waiting for the bank's confirmation. */
  sca: PaymentResult | null = null;
  busy: 'pay' | 'sca' | null = null;

  constructor(
    /** @internal */
    readonly context: ManagerContext,
    /** @internal */
    readonly dialog: ManagerDialog,
    /** @internal */
    readonly openInvoice: (subscription: Subscription) => InvoiceSummary | null,
    /** Stripe.js when Stripe collects the payments (loaded on first use), else null. @internal */
    readonly stripe: () => Promise<StripeLike | null> | null,
  ) {}

  open(subscription: Subscription, from: Event | HTMLElement | null): void {
    this.sca = null;
    this.busy = null;
    this.dialog.open('pay', subscription, from);
  }
}
