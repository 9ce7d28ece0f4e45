import { atom, computed, type ReadableAtom } from 'nanostores';
import type { CheckoutPayment, CheckoutPreview, CheckoutRequest, CheckoutResult } from '@subkit/core/schemas';
import { createCheckout, previewCheckout as pricing } from '@subkit/core/endpoints';
import type { Result } from '../errors.js';
import { randomKey } from '../transport.js';
import { catalogStore } from './catalog.js';
import { draftStore, type CheckoutDraft } from './draft.js';
import { reactions } from './reactions.js';
import { defineStore, idle, loader, withoutNulls, type Remote } from './store.js';

/** Pricing and buying the checkout draft. */
export interface CheckoutStore {
  /**
   * The order the draft makes (what the server prices and buys), without the payment; an open currency
   * is the catalog's default when it is sent. A widget re-prices when it changes.
   */
  $order: ReadableAtom<Order>;
  /** The latest order summary of the draft. */
  $checkoutPreview: ReadableAtom<Remote<CheckoutPreview>>;
  /** The latest checkout submission (loading while it runs). */
  $checkoutResult: ReadableAtom<Remote<CheckoutResult>>;
  /** Prices the draft on the server. */
  previewCheckout(): Promise<Result<CheckoutPreview>>;
  /** Buys the draft; on success refreshes subscriptions and invoices. */
  submitCheckout(payment?: CheckoutPayment, idempotencyKey?: string): Promise<Result<CheckoutResult>>;
  /** Empties the draft and forgets its preview and result, for the next purchase. */
  resetDraft(): void;
}

/** A checkout order without its payment, as far as the draft has it (`currency` may still be open). */
export type Order = Partial<Omit<CheckoutRequest, 'payment'>>;

/** The order a draft makes. */
function draftOrder(draft: CheckoutDraft): Order {
  return withoutNulls({
    planId: draft.planId ?? undefined,
    currency: draft.currency ?? undefined,
    recurring: draft.recurring ?? undefined,
    quantity: draft.quantity ?? undefined,
    addOns: draft.addOns.length ? draft.addOns : undefined,
    promoCode: draft.promoCode || undefined,
    trial: draft.trial ?? undefined,
    billing: draft.billing ?? undefined,
  }) as Order;
}

/** The payment the draft names. */
function draftPayment(draft: CheckoutDraft): CheckoutPayment {
  return draft.paymentMethod === 'invoice'
    ? withoutNulls({ method: 'invoice' as const, poNumber: draft.poNumber ?? undefined, invoiceEmail: draft.invoiceEmail ?? undefined })
    : withoutNulls({ method: 'card' as const, paymentMethodId: draft.paymentMethodId ?? undefined });
}

/** The checkout store of a client. */
export const checkoutStore = defineStore<CheckoutStore>('checkout', (client) => {
  const { $checkoutDraft, clearDraft } = draftStore(client);
  const catalog = catalogStore(client);
  const $checkoutPreview = atom<Remote<CheckoutPreview>>(idle());
  const $checkoutResult = atom<Remote<CheckoutResult>>(idle());
  const preview = loader($checkoutPreview);
  const $order = computed($checkoutDraft, draftOrder);
  /** One Idempotency-Key per attempt: the same order and payment sent again reuses it, a changed one is a new attempt. */
  let attempt: { fingerprint: string; key: string } | null = null;
  let submitting: Promise<Result<CheckoutResult>> | null = null;
  const react = reactions(client);

  /** What is sent: the order (its open currency the catalog's default) and the payment. */
  function body(payment: CheckoutPayment | undefined) {
    const draft = $checkoutDraft.value!;
    const order = draftOrder(draft);
    // Read without subscribing: pricing a draft must not start loading the catalog.
    const currency = order.currency ?? catalog.currency ?? catalog.$catalog.value!.data?.defaultCurrency;
    return { ...order, ...(currency ? { currency } : {}), payment: payment ?? draftPayment(draft) } as CheckoutRequest;
  }

  function previewCheckout(): Promise<Result<CheckoutPreview>> {
    // The client validates before sending: a draft without a plan comes back as a validation_error.
    const request = body(undefined);
    return preview.run(JSON.stringify(request), () => client.send(pricing, { body: request }));
  }

  function submitCheckout(payment?: CheckoutPayment, idempotencyKey?: string): Promise<Result<CheckoutResult>> {
    // A second click while the first submission runs gets the same answer, never a second subscription.
    if (submitting) return submitting;
    const request = body(payment);
    const fingerprint = JSON.stringify(request);
    if (attempt?.fingerprint !== fingerprint) attempt = { fingerprint, key: randomKey() };
    const key = idempotencyKey ?? attempt.key;
    $checkoutResult.set({ ...$checkoutResult.value!, error: null, loading: true });
    submitting = (async () => {
      const result = await client.send(createCheckout, { body: request, idempotencyKey: key });
      // Only an unknown outcome (the network failed, or the server failed and released the key) may be
      // sent again with the same key; any other answer is final, and the next attempt is a new one.
      if (result.ok || !(result.error.type === 'network_error' || (result.error.status ?? 0) >= 500)) attempt = null;
      if (result.ok) await react.emit('purchase');
      $checkoutResult.set(result.ok ? { data: result.data, error: null, loading: false } : { data: null, error: result.error, loading: false });
      return result;
    })().finally(() => {
      submitting = null;
    });
    return submitting;
  }

  return {
    $order, $checkoutPreview, $checkoutResult, previewCheckout, submitCheckout,
    resetDraft() {
      clearDraft();
      preview.reset();
      attempt = null;
    },
  };
});
