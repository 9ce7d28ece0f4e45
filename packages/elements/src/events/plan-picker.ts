import type { AddOnSelection, Recurring } from '@subkit/core';
import { EVENT_INIT } from './common.js';

/** The plan the buyer chose in `<subkit-plan-picker>`. */
export interface PlanSelectedDetail {
  planId: string;
  priceId: string;
  currency: string;
  recurring: Recurring;
  quantity: number;
  addOns: AddOnSelection[];
  /** The buyer's current subscription when the choice changes it, else `null`. */
  subscriptionId: string | null;
  /** `new` for a first purchase; `upgrade`/`downgrade` relative to the current subscription's plan rank. */
  change: 'new' | 'upgrade' | 'downgrade';
}

/** Fired when the buyer chooses a plan; the choice is also written to the shared checkout draft. */
export class PlanSelectedEvent extends Event {
  static readonly eventName = 'subkit-plan-selected' as const;
  constructor(readonly detail: PlanSelectedDetail) {
    super(PlanSelectedEvent.eventName, EVENT_INIT);
  }
}

/** Fired when the buyer asks to talk to sales. Cancelable: `preventDefault()` keeps the link from being followed. */
export class ContactSalesEvent extends Event {
  static readonly eventName = 'subkit-contact-sales' as const;
  constructor(readonly detail: { planId: string; planName: string; contactUrl: string | null }) {
    super(ContactSalesEvent.eventName, { ...EVENT_INIT, cancelable: true });
  }
}

/** Fired when the buyer asks to see the open quote their company has for a contact-sales plan; the page shows it (e.g. on its quotes page). */
export class ViewQuoteEvent extends Event {
  static readonly eventName = 'subkit-view-quote' as const;
  constructor(readonly detail: { planId: string; quoteId: string }) {
    super(ViewQuoteEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'subkit-plan-selected': PlanSelectedEvent;
    'subkit-contact-sales': ContactSalesEvent;
    'subkit-view-quote': ViewQuoteEvent;
  }
}
