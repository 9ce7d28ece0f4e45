import type { InvoiceSummary, PaymentResult, Subscription } from '@subkit/core';
import { paymentsStore } from '@subkit/client';
import { format } from '../locales/locales.js';
import { InvoicePaidEvent } from '../events/billing-history.js';
import type { StripeLike } from '../internal/payment-element.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';

/**
 * Paying the open invoice of a past-due subscription with the default payment method, with the bank's
 * confirmation as a step of the same dialog when it asks for one: the test processor's simulated
 * challenge, or Stripe's 3-D Secure through Stripe.js (`handleNextAction`), after which the server reads
 * the outcome from Stripe.
 */
export class PayFlow {
  /** A payment waiting for the bank's confirmation. */
  sca: PaymentResult | null = null;
  busy: 'pay' | 'sca' | null = null;

  constructor(
    private readonly context: ManagerContext,
    private readonly dialog: ManagerDialog,
    private readonly openInvoice: (subscription: Subscription) => InvoiceSummary | null,
    /** Stripe.js when Stripe collects the payments (loaded on first use), else null. */
    private readonly stripe: () => Promise<StripeLike | null> | null,
  ) {}

  open(subscription: Subscription, event: Event): void {
    this.sca = null;
    this.busy = null;
    this.dialog.open('pay', subscription, event);
  }

  async pay(): Promise<void> {
    const client = this.context.client();
    const subscription = this.dialog.target;
    const invoice = subscription ? this.openInvoice(subscription) : null;
    if (!client || !subscription || !invoice || this.context.busy()) return;
    this.busy = 'pay';
    this.dialog.error = null;
    this.dialog.changed();
    const result = await paymentsStore(client).payInvoice(invoice.id);
    this.busy = null;
    if (!result.ok) return this.dialog.failed(result.error, 'subscription-manager:pay');
    if (result.data.status === 'requires_action') {
      const next = result.data.nextAction;
      if (next?.type === 'stripe_confirm' && next.clientSecret) return this.#authenticateWithStripe(subscription, invoice, result.data, next.clientSecret);
      // The local engine's test processor asks for the bank's confirmation (SCA) before it pays.
      this.sca = result.data;
      this.dialog.focusStep();
      return;
    }
    await this.#paid(subscription, invoice, result.data);
  }

  async confirm(outcome: 'approve' | 'fail'): Promise<void> {
    const client = this.context.client();
    const subscription = this.dialog.target;
    const invoice = subscription ? this.openInvoice(subscription) : null;
    const pending = this.sca;
    if (!client || !subscription || !invoice || !pending || this.context.busy()) return;
    this.busy = 'sca';
    this.dialog.changed();
    const result = await paymentsStore(client).confirmPayment(pending.id, outcome);
    this.busy = null;
    this.sca = null;
    if (!result.ok) return this.dialog.failed(result.error, 'subscription-manager:pay');
    await this.#paid(subscription, invoice, result.data);
  }

  /** Stripe.js shows the bank's 3-D Secure step; then the server settles the payment from Stripe's answer. */
  async #authenticateWithStripe(subscription: Subscription, invoice: InvoiceSummary, payment: PaymentResult, clientSecret: string): Promise<void> {
    const client = this.context.client();
    this.busy = 'sca';
    this.dialog.changed();
    const stripe = await this.stripe();
    const confirmed = stripe ? await stripe.handleNextAction({ clientSecret }) : { error: {} };
    const result = client && !confirmed.error ? await paymentsStore(client).confirmPayment(payment.id) : null;
    this.busy = null;
    if (result && !result.ok) return this.dialog.failed(result.error, 'subscription-manager:pay');
    await this.#paid(subscription, invoice, result?.data ?? payment);
  }

  async #paid(subscription: Subscription, invoice: InvoiceSummary, payment: PaymentResult): Promise<void> {
    if (payment.status !== 'succeeded') {
      this.dialog.error = this.context.strings().payFailed;
      this.dialog.changed();
      return;
    }
    await this.dialog.completed(format(this.context.strings().paid, { number: invoice.number }));
    this.context.host.dispatchEvent(
      new InvoicePaidEvent({ invoiceId: invoice.id, payment, subscriptionId: subscription.id, number: invoice.number, amount: invoice.amountRemaining, currency: invoice.currency }),
    );
  }
}
