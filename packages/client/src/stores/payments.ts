import type { PaymentResult } from '@subkit/core/schemas';
import { confirmPayment, payInvoice } from '@subkit/core/endpoints';
import type { Result } from '../errors.js';
import { reactions } from './reactions.js';
import { defineStore } from './store.js';

/** Paying: an open invoice, and the bank's confirmation (test-mode SCA) a payment may ask for. */
export interface PaymentsStore {
  /** Pays an open invoice with the company's default payment method (or `paymentMethodId`). */
  payInvoice(invoiceId: string, paymentMethodId?: string): Promise<Result<PaymentResult>>;
  /**
   * After an authentication step: the test processor's simulated challenge needs the buyer's `outcome`;
   * with Stripe (Stripe.js completed it) none is sent and the server reads the payment's state from Stripe.
   */
  confirmPayment(paymentId: string, outcome?: 'approve' | 'fail'): Promise<Result<PaymentResult>>;
}

/** The payments of a client: a payment that went through refreshes the subscriptions and the invoice it was for. */
export const paymentsStore = defineStore<PaymentsStore>('payments', (client) => {
  const react = reactions(client);
  // Only a payment that went through changes anything: one awaiting the bank's confirmation leaves the invoice open.
  async function paid(result: Result<PaymentResult>): Promise<Result<PaymentResult>> {
    if (result.ok && result.data.status === 'succeeded') await react.emit('paid', { invoiceId: result.data.invoiceId });
    return result;
  }
  return {
    payInvoice: async (invoiceId, paymentMethodId) => paid(await client.send(payInvoice, { params: { invoiceId }, body: { paymentMethodId } })),
    confirmPayment: async (paymentId, outcome) => paid(await client.send(confirmPayment, { params: { paymentId }, body: outcome === undefined ? {} : { outcome } })),
  };
});
