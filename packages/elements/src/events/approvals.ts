import type { ApprovalRequest } from '@subkit/core';
import { EVENT_INIT } from './common.js';

/** What became of an approval request in `<subkit-approvals>`. */
export interface ApprovalDecidedDetail {
  requestId: string;
  /** `approved` and `rejected` by a billing admin; `canceled` when the request was withdrawn. */
  decision: 'approved' | 'rejected' | 'canceled';
  subscriptionId: string;
  /** The invoice the approved change issued (null when it charged nothing now). */
  invoiceId: string | null;
  request: ApprovalRequest;
}

/** Fired once a billing admin approved or rejected a request, or a pending one was withdrawn. */
export class ApprovalDecidedEvent extends Event {
  static readonly eventName = 'subkit-approval-decided' as const;
  constructor(readonly detail: ApprovalDecidedDetail) {
    super(ApprovalDecidedEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'subkit-approval-decided': ApprovalDecidedEvent;
  }
}
