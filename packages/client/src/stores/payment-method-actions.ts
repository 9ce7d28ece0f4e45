import type { PaymentMethod, SetupPaymentMethodRequest, SetupPaymentMethodResult } from '@subkit/core/schemas';
import { removePaymentMethod, setDefaultPaymentMethod, setupPaymentMethod } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { paymentMethodsStore } from './payment-methods.js';
import { reactions } from './reactions.js';
import { defineStore } from './store.js';

/**
 * What changes the company's saved payment methods; each reloads them (`payment-method`). Apart from
 * `paymentMethodsStore` so that a widget showing the saved cards does not bundle what saves one.
 */
export interface PaymentMethodActions {
  /** Saves a payment method; reloads the list when one was saved. */
  setupPaymentMethod(body: SetupPaymentMethodRequest): Promise<Result<SetupPaymentMethodResult>>;
  /** Makes a payment method the default; reloads the list. */
  setDefaultPaymentMethod(paymentMethodId: string): Promise<Result<PaymentMethod>>;
  /** Removes a payment method; reloads the list. */
  removePaymentMethod(paymentMethodId: string): Promise<Result<PaymentMethod[]>>;
}

/** The payment method actions of a client. */
export const paymentMethodActions = defineStore<PaymentMethodActions>('payment-method-actions', (client) => {
  const { $paymentMethods } = paymentMethodsStore(client);
  const react = reactions(client);

  /** Runs a payment-method change, then reloads the list (a new default changes the others too). */
  async function thenReload<T>(run: Promise<Result<T>>): Promise<Result<T>> {
    const result = await run;
    if (result.ok) await react.emit('payment-method');
    return result;
  }

  return {
    setupPaymentMethod: (body) => thenReload(client.send(setupPaymentMethod, { body })),
    setDefaultPaymentMethod: (id) => thenReload(client.send(setDefaultPaymentMethod, { params: { paymentMethodId: id } })),
    async removePaymentMethod(id) {
      const removed = await thenReload(client.send(removePaymentMethod, { params: { paymentMethodId: id } }));
      return removed.ok ? ok($paymentMethods.value!.data ?? []) : removed;
    },
  };
});
