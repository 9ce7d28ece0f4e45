import type { Subscription } from '@subkit/core';
import { EVENT_INIT } from './common.js';

/** What `<subkit-checkout>` bought. */
export interface CheckoutCompletedDetail {
  subscription: Subscription;
  invoiceId: string | null;
}

/** Fired once a checkout has bought a subscription (after any SCA step). */
export class CheckoutCompletedEvent extends Event {
  static readonly eventName = 'subkit-checkout-completed' as const;
  constructor(readonly detail: CheckoutCompletedDetail) {
    super(CheckoutCompletedEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'subkit-checkout-completed': CheckoutCompletedEvent;
  }
}
