import { EVENT_INIT } from './common.js';

/** A quote the billing admin accepted in `<subkit-quote>`: the subscription it created and its first invoice. */
export interface QuoteAcceptedDetail {
  quoteId: string;
  subscriptionId: string;
  /** The first invoice (null from a server that does not say). */
  invoiceId: string | null;
}

/** Fired when the billing admin accepts a quote; the subscription exists by then. */
export class QuoteAcceptedEvent extends Event {
  static readonly eventName = 'subkit-quote-accepted' as const;
  constructor(readonly detail: QuoteAcceptedDetail) {
    super(QuoteAcceptedEvent.eventName, EVENT_INIT);
  }
}

/** Fired when the billing admin declines a quote, with the reason they gave (or null). */
export class QuoteDeclinedEvent extends Event {
  static readonly eventName = 'subkit-quote-declined' as const;
  constructor(readonly detail: { quoteId: string; reason: string | null }) {
    super(QuoteDeclinedEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'subkit-quote-accepted': QuoteAcceptedEvent;
    'subkit-quote-declined': QuoteDeclinedEvent;
  }
}
