import type { LitElement } from 'lit';
import type { SubkitError } from '@subkit/client';
import { LocaleController } from '../internal/locale-controller.js';
import { checkoutRefusalLocales, type CheckoutRefusalStrings } from '../locales/checkout-refusals.js';

/** The refusals of an order the checkout explains, by the server's code. */
const KNOWN: Readonly<Record<string, keyof CheckoutRefusalStrings>> = {
  plan_not_allowed: 'refusedPlanNotAllowed',
  plan_contact_sales: 'refusedContactSales',
  price_unavailable: 'refusedPlanUnavailable',
  add_on_unavailable: 'refusedAddOnUnavailable',
  duplicate_add_on: 'refusedAddOnUnavailable',
  invoice_not_allowed: 'refusedInvoiceNotAllowed',
  idempotency_key_in_use: 'refusedInProgress',
  concurrent_update: 'refusedConflict',
  version_conflict: 'refusedConflict',
};

/**
 * What the checkout says when the server refused an order (or its request for approval) and no field on
 * screen shows why — what happened and what to do, in the widget's language. A chunk fetched on the
 * first refusal: a buyer whose order goes through never downloads these words.
 */
export class Refusals {
  readonly #l: LocaleController<CheckoutRefusalStrings>;

  constructor(host: LitElement) {
    this.#l = new LocaleController(host, checkoutRefusalLocales);
  }

  /** Settles when the words of the checkout's language are here (after the host's next update). */
  get ready(): Promise<void> {
    return this.#l.ready;
  }

  /** The explanation of a refusal the checkout knows; null for another. */
  message(error: SubkitError): string | null {
    // A plan or an add-on that is gone: the 404 names what is missing by its param.
    const gone = error.code === 'resource_missing' && (error.param?.startsWith('addOns') ? 'refusedAddOnUnavailable' : error.param === 'planId' && 'refusedPlanUnavailable');
    const key = gone || KNOWN[error.code];
    return key ? this.#l.strings[key] : null;
  }
}
