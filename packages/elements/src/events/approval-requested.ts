import type { ApprovalRequest } from '@subkit/core';
import { EVENT_INIT } from './common.js';

/** What a member sent for a billing admin's approval (issue #17): the request, and its id for the page to link to. */
export interface ApprovalRequestedDetail {
  requestId: string;
  request: ApprovalRequest;
}

// One module for both `subkit-*-requested` events: only the lazily fetched "submit for approval" chunk
// (templates/approval-request.ts) fires them, so neither widget's own code carries them.

/** Fired by `<subkit-subscription-manager>` when a member submitted a change for a billing admin's approval (the company's purchasing policy asked for it). */
export class ApprovalRequestedEvent extends Event {
  static readonly eventName = 'subkit-approval-requested' as const;
  constructor(readonly detail: ApprovalRequestedDetail) {
    super(ApprovalRequestedEvent.eventName, EVENT_INIT);
  }
}

/** Fired by `<subkit-checkout>` when a purchase was sent for a billing admin's approval instead of being bought (the company's purchasing policy asked for it). */
export class PurchaseRequestedEvent extends Event {
  static readonly eventName = 'subkit-purchase-requested' as const;
  constructor(readonly detail: ApprovalRequestedDetail) {
    super(PurchaseRequestedEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'subkit-approval-requested': ApprovalRequestedEvent;
    'subkit-purchase-requested': PurchaseRequestedEvent;
  }
}
