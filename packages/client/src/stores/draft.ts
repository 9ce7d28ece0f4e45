import { atom, type ReadableAtom } from 'nanostores';
import type { AddOnSelection, BillingDetails, Recurring } from '@subkit/core/schemas';
import { defineStore } from './store.js';

/** What the buyer is about to buy, shared by the plan picker and the checkout. */
export interface CheckoutDraft {
  planId: string | null;
  /** Null means the catalog's default currency. */
  currency: string | null;
  recurring: Recurring | null;
  quantity: number | null;
  addOns: AddOnSelection[];
  promoCode: string | null;
  /** Start with the plan's trial (server default true when null). */
  trial: boolean | null;
  billing: BillingDetails | null;
  /** How the buyer pays. */
  paymentMethod: 'card' | 'invoice';
  /** A saved payment method chosen for a card payment. */
  paymentMethodId: string | null;
  poNumber: string | null;
  invoiceEmail: string | null;
}

/** The checkout draft: the plan picker writes it, the checkout buys it. */
export interface DraftStore {
  $checkoutDraft: ReadableAtom<CheckoutDraft>;
  /** Merges a patch into the checkout draft. */
  updateDraft(patch: Partial<CheckoutDraft>): void;
  /** Empties the checkout draft. */
  clearDraft(): void;
}

/** A draft with nothing chosen. */
export const emptyDraft = (): CheckoutDraft => ({
  planId: null, currency: null, recurring: null, quantity: null, addOns: [], promoCode: null, trial: null, billing: null,
  paymentMethod: 'card', paymentMethodId: null, poNumber: null, invoiceEmail: null,
});

/** The checkout draft of a client. */
export const draftStore = defineStore<DraftStore>('draft', () => {
  const $checkoutDraft = atom<CheckoutDraft>(emptyDraft());
  return {
    $checkoutDraft,
    updateDraft: (patch) => $checkoutDraft.set({ ...$checkoutDraft.value!, ...patch }),
    clearDraft: () => $checkoutDraft.set(emptyDraft()),
  };
});
