import type { InvoiceSummary, PaymentResult, Subscription } from '@subkit/core';
import { paymentsStore } from '@subkit/client';
import { format } from '../locales/locales.js';
import { InvoicePaidEvent } from '../events/billing-history.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';

/**
 * Paying the open invoice of a past-due subscription with the default payment method, with the bank's
 * confirmation (test-mode SCA) as a step of the same dialog when the test processor asks for it.
 */
export class PayFlow {
  /** A payment waiting for the bank's confirmation. */
  sca: PaymentResult | null = null;
  busy: 'pay' | 'sca' | null = null;

  constructor(
    private readonly context: ManagerContext,
    private readonly dialog: ManagerDialog,
    private readonly openInvoice: (subscription: Subscription) => InvoiceSummary | null,
    private readonly usesStripe: () => boolean,
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
    if (result.data.status === 'requires_action' && !this.usesStripe()) {
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
