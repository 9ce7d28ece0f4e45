import { atom, computed, type ReadableAtom } from 'nanostores';
import type { PaymentMethod, SetupPaymentMethodRequest, SetupPaymentMethodResult } from '@subkit/core/schemas';
import { listPaymentMethods, removePaymentMethod, setDefaultPaymentMethod, setupPaymentMethod } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { randomKey } from '../transport.js';
import { reactions } from './reactions.js';
import { defineStore, idle, inUse, loadOnMount, loader, type Remote } from './store.js';

/** The company's saved payment methods. */
export interface PaymentMethodsStore {
  $paymentMethods: ReadableAtom<Remote<PaymentMethod[]>>;
  /** The company's default payment method (null while none is known). */
  $defaultPaymentMethod: ReadableAtom<PaymentMethod | null>;
  /** Loads the saved payment methods. */
  loadPaymentMethods(): Promise<Result<PaymentMethod[]>>;
  /** Saves a payment method; reloads the list when one was saved. */
  setupPaymentMethod(body: SetupPaymentMethodRequest): Promise<Result<SetupPaymentMethodResult>>;
  /** Makes a payment method the default; reloads the list. */
  setDefaultPaymentMethod(paymentMethodId: string): Promise<Result<PaymentMethod>>;
  /** Removes a payment method; reloads the list. */
  removePaymentMethod(paymentMethodId: string): Promise<Result<PaymentMethod[]>>;
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

  /** Runs a payment-method change, then reloads the list (a new default changes the others too). */
  async function thenReload<T>(run: Promise<Result<T>>): Promise<Result<T>> {
    const result = await run;
    if (result.ok) await load.run(randomKey(), list);
    return result;
  }

  loadOnMount($paymentMethods, client, loadPaymentMethods, 'session');
  reactions(client).onSessionChange(() => {
    const reload = inUse($paymentMethods);
    load.reset();
    if (reload && client.signedIn) void loadPaymentMethods();
  });

  return {
    $paymentMethods,
    $defaultPaymentMethod: computed($paymentMethods, (remote) => remote.data?.find((m) => m.isDefault) ?? null),
    loadPaymentMethods,
    setupPaymentMethod: (body) => thenReload(client.send(setupPaymentMethod, { body })),
    setDefaultPaymentMethod: (id) => thenReload(client.send(setDefaultPaymentMethod, { params: { paymentMethodId: id } })),
    async removePaymentMethod(id) {
      const removed = await thenReload(client.send(removePaymentMethod, { params: { paymentMethodId: id } }));
      return removed.ok ? ok($paymentMethods.value!.data ?? []) : removed;
    },
  };
});
