import type { ApprovalRequest, SessionInfo } from '@subkit/core';

/** One request as the list shows it, with what the viewer may do to it. */
export interface RequestCard {
  request: ApprovalRequest;
  /** The viewer submitted it. */
  mine: boolean;
  /** A billing admin may open it to approve or reject. */
  canDecide: boolean;
  /** Its requester (or a billing admin) may withdraw it while it is pending. */
  canWithdraw: boolean;
}

/** The requests split into those waiting for a decision and those decided, newest first. */
export interface RequestsView {
  pending: RequestCard[];
  decided: RequestCard[];
  /** The viewer decides requests (a billing admin). */
  decides: boolean;
}

/** What the list shows: the session says who the viewer is and whether they decide. */
export function requestsView(requests: readonly ApprovalRequest[] | null, session: SessionInfo | null): RequestsView {
  const decides = session?.permissions.includes('approvals:manage') ?? false;
  const changes = session?.permissions.includes('subscriptions:change') ?? false;
  const memberId = session?.member.id;
  const cards = (requests ?? []).map((request): RequestCard => {
    const mine = request.requestedBy.memberId === memberId;
    const pending = request.status === 'pending';
    return { request, mine, canDecide: pending && decides, canWithdraw: pending && changes && (mine || decides) };
  });
  return { pending: cards.filter((c) => c.request.status === 'pending'), decided: cards.filter((c) => c.request.status !== 'pending'), decides };
}
