import type { ChangePreview, PaymentMethod, RetentionOffer, Subscription } from '@subkit/core';
import { EVENT_INIT } from './common.js';

// `subkit-invoice-paid` (the past-due banner's "pay now") is the billing history's `InvoicePaidEvent`: one definition for both widgets.

/** What changed a subscription in `<subkit-subscription-manager>`. */
export interface SubscriptionChangedDetail {
  subscription: Subscription;
  /** `change`: plan, seats, interval or add-ons; `skip`: the next period is skipped; `retention_offer`: an offer was accepted instead of canceling. */
  kind: 'change' | 'skip' | 'retention_offer';
  /** The confirmed preview of a `change`, else `null`. */
  preview: ChangePreview | null;
  /** The invoice a `change` created (proration), else `null`. */
  invoiceId: string | null;
  /** The accepted offer of a `retention_offer`, else `null`. */
  offer: RetentionOffer | null;
}

/** Fired when a subscription's plan, seats, interval or add-ons changed, a period was skipped, or a retention offer was accepted. */
export class SubscriptionChangedEvent extends Event {
  static readonly eventName = 'subkit-subscription-changed' as const;
  constructor(readonly detail: SubscriptionChangedDetail) {
    super(SubscriptionChangedEvent.eventName, EVENT_INIT);
  }
}

/** Fired when the buyer paused a subscription (`resumesAt` is null for an open-ended pause). */
export class SubscriptionPausedEvent extends Event {
  static readonly eventName = 'subkit-subscription-paused' as const;
  constructor(readonly detail: { subscription: Subscription; resumesAt: string | null }) {
    super(SubscriptionPausedEvent.eventName, EVENT_INIT);
  }
}

/** Fired when the buyer resumed a paused subscription. */
export class SubscriptionResumedEvent extends Event {
  static readonly eventName = 'subkit-subscription-resumed' as const;
  constructor(readonly detail: { subscription: Subscription }) {
    super(SubscriptionResumedEvent.eventName, EVENT_INIT);
  }
}

/** Fired when the buyer canceled a subscription, at the period end or at once. */
export class SubscriptionCanceledEvent extends Event {
  static readonly eventName = 'subkit-subscription-canceled' as const;
  constructor(readonly detail: { subscription: Subscription; reason: string; feedback: string | null; when: 'period_end' | 'now' }) {
    super(SubscriptionCanceledEvent.eventName, EVENT_INIT);
  }
}

/** Fired when the buyer withdrew a cancellation scheduled for the period end. */
export class SubscriptionReactivatedEvent extends Event {
  static readonly eventName = 'subkit-subscription-reactivated' as const;
  constructor(readonly detail: { subscription: Subscription }) {
    super(SubscriptionReactivatedEvent.eventName, EVENT_INIT);
  }
}

/** Fired when the company's default payment method was replaced. */
export class PaymentMethodUpdatedEvent extends Event {
  static readonly eventName = 'subkit-payment-method-updated' as const;
  constructor(readonly detail: { paymentMethod: PaymentMethod }) {
    super(PaymentMethodUpdatedEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'subkit-subscription-changed': SubscriptionChangedEvent;
    'subkit-subscription-paused': SubscriptionPausedEvent;
    'subkit-subscription-resumed': SubscriptionResumedEvent;
    'subkit-subscription-canceled': SubscriptionCanceledEvent;
    'subkit-subscription-reactivated': SubscriptionReactivatedEvent;
    'subkit-payment-method-updated': PaymentMethodUpdatedEvent;
  }
}
