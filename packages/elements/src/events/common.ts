import type { SubkitError } from '@subkit/client';

/** Options every subkit event shares: it bubbles and crosses shadow roots, so the page hears it. */
export const EVENT_INIT: EventInit = { bubbles: true, composed: true };

/** Fired when a widget shows an error (loading, validation or payment), so the page can log or react. */
export class SubkitErrorEvent extends Event {
  static readonly eventName = 'subkit-error' as const;
  /** `source` names the widget and the step, e.g. `plan-picker:catalog`, `checkout:submit`. */
  constructor(readonly detail: { error: SubkitError; source: string }) {
    super(SubkitErrorEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'subkit-error': SubkitErrorEvent;
  }
}
