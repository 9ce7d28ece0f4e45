import { atom, computed, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { CheckoutPayment, CheckoutPreview, CheckoutRequest, CheckoutResult } from '@subkit/core/schemas';
import { previewCheckout as pricing } from '@subkit/core/endpoints';
import type { Result } from '../errors.js';
import type { SubkitConnection } from '../transport.js';
import { catalogStore } from './catalog.js';
import { draftStore, type CheckoutDraft } from './draft.js';
import { defineStore, idle, loader, withoutNulls, type Remote } from './store.js';

/**
 * Pricing the checkout draft, and what its purchase left (buying it is `checkoutActions`, apart so that a
 * widget pricing the draft does not bundle what buys it until the buyer places the order).
 */
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

/** What is sent for the draft: its order (the open currency the catalog's default) and the payment (else the draft's). */
export function checkoutRequest(client: SubkitConnection, payment: CheckoutPayment | undefined): CheckoutRequest {
  const draft = draftStore(client).$checkoutDraft.value!;
  const catalog = catalogStore(client);
  const order = draftOrder(draft);
  // Read without subscribing: pricing a draft must not start loading the catalog.
  const currency = order.currency ?? catalog.currency ?? catalog.$catalog.value!.data?.defaultCurrency;
  return { ...order, ...(currency ? { currency } : {}), payment: payment ?? draftPayment(draft) } as CheckoutRequest;
}

/** What the checkout store and its actions share about buying the draft. */
export interface CheckoutSubmission {
  $checkoutResult: WritableAtom<Remote<CheckoutResult>>;
  /** One Idempotency-Key per attempt: the same order and payment sent again reuses it, a changed one is a new attempt. */
  attempt: { fingerprint: string; key: string } | null;
}

/** The submission state of a client's checkout. */
export const checkoutSubmission = defineStore<CheckoutSubmission>('checkout-submission', () => ({ $checkoutResult: atom(idle()), attempt: null }));

/** The checkout store of a client. */
export const checkoutStore = defineStore<CheckoutStore>('checkout', (client) => {
  const { $checkoutDraft, clearDraft } = draftStore(client);
  const submission = checkoutSubmission(client);
  const $checkoutPreview = atom<Remote<CheckoutPreview>>(idle());
  const preview = loader($checkoutPreview);
  const $order = computed($checkoutDraft, draftOrder);

  function previewCheckout(): Promise<Result<CheckoutPreview>> {
    // The client validates before sending: a draft without a plan comes back as a validation_error.
    const request = checkoutRequest(client, undefined);
    return preview.run(JSON.stringify(request), () => client.send(pricing, { body: request }));
  }

  return {
    $order, $checkoutPreview, $checkoutResult: submission.$checkoutResult, previewCheckout,
    resetDraft() {
      clearDraft();
      preview.reset();
      submission.attempt = null;
    },
  };
});
