import { atom, computed, type ReadableAtom } from 'nanostores';
import type { PaymentMethod } from '@subkit/core/schemas';
import { listPaymentMethods } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { randomKey } from '../transport.js';
import { reactions } from './reactions.js';
import { defineStore, idle, inUse, loadOnMount, loader, type Remote } from './store.js';

/** The company's saved payment methods (what changes them is `paymentMethodActions`). */
export interface PaymentMethodsStore {
  $paymentMethods: ReadableAtom<Remote<PaymentMethod[]>>;
  /** The company's default payment method (null while none is known). */
  $defaultPaymentMethod: ReadableAtom<PaymentMethod | null>;
  /** Loads the saved payment methods. */
  loadPaymentMethods(): Promise<Result<PaymentMethod[]>>;
}

/** The payment methods store of a client; it loads itself when a widget first shows it and a session is known. */
export const paymentMethodsStore = defineStore<PaymentMethodsStore>('payment-methods', (client) => {
  const $paymentMethods = atom<Remote<PaymentMethod[]>>(idle());
  const load = loader($paymentMethods);
  const list = async (): Promise<Result<PaymentMethod[]>> => {
    const result = await client.send(listPaymentMethods);
    return result.ok ? ok(result.data.data) : result;
  };
  const loadPaymentMethods = () => load.run('', list);

  loadOnMount($paymentMethods, client, loadPaymentMethods, 'session');
  const react = reactions(client);
  // A load already running started before the change: a new one, not that one.
  react.on('payment-method', () => load.run(randomKey(), list));
  react.onSessionChange(() => {
    const reload = inUse($paymentMethods);
    load.reset();
    if (reload && client.signedIn) void loadPaymentMethods();
  });

  return {
    $paymentMethods,
    $defaultPaymentMethod: computed($paymentMethods, (remote) => remote.data?.find((m) => m.isDefault) ?? null),
    loadPaymentMethods,
  };
});
