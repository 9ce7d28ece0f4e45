import { atom, type ReadableAtom } from 'nanostores';
import type { ApprovalRequest, ApprovalRequestCreate, ApprovalRequestDetail } from '@subkit/core/schemas';
import {
  approveApprovalRequest, cancelApprovalRequest, createApprovalRequest, getApprovalRequest, listApprovalRequests, rejectApprovalRequest,
} from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { reactions } from './reactions.js';
import { defineStore, idle, loadOnMount, loader, type Remote } from './store.js';

/**
 * The company's approval requests (issue #17): a billing admin sees all of them, another member their own.
 * Submitting, deciding or withdrawing one replaces it in the list; an approval is a purchase (the
 * subscriptions and invoices reload).
 */
export interface ApprovalsStore {
  $approvals: ReadableAtom<Remote<ApprovalRequest[]>>;
  /** Loads the newest requests (up to 100), their plans named in `locale` where the merchant has texts (the last locale asked is kept for later loads). */
  loadApprovals(options?: { force?: boolean; locale?: string }): Promise<Result<ApprovalRequest[]>>;
  /** One request; while pending, with the preview recomputed now and its difference from the requested one (its plan in the list's locale). */
  approval(requestId: string, signal?: AbortSignal): Promise<Result<ApprovalRequestDetail>>;
  /** Submits a change for approval instead of confirming it. */
  requestApproval(body: ApprovalRequestCreate): Promise<Result<ApprovalRequest>>;
  /** Approves what the billing admin was shown: the recomputed preview's instant and version. */
  approve(requestId: string, shown: { prorationDate: string; expectedVersion: number }, comment?: string): Promise<Result<ApprovalRequest>>;
  /** Rejects a request with the reason the requester will read. */
  reject(requestId: string, comment: string): Promise<Result<ApprovalRequest>>;
  /** Withdraws a pending request. */
  withdraw(requestId: string): Promise<Result<ApprovalRequest>>;
}

/** The approvals store of a client; the list loads when a widget shows it. */
export const approvalsStore = defineStore<ApprovalsStore>('approvals', (client) => {
  const $approvals = atom<Remote<ApprovalRequest[]>>(idle());
  const list = loader($approvals);
  const react = reactions(client);

  /** The language the plans are named in (Accept-Language when none). */
  let locale: string | undefined;
  const inLocale = () => (locale ? { locale } : {});

  function loadApprovals(options: { force?: boolean; locale?: string } = {}): Promise<Result<ApprovalRequest[]>> {
    const asked = options.locale ?? locale;
    const sameLocale = asked === locale;
    locale = asked;
    if (!options.force && sameLocale && $approvals.value!.data) return Promise.resolve(ok($approvals.value!.data));
    return list.run(locale ?? '', async () => {
      const page = await client.send(listApprovalRequests, { query: { limit: 100, ...inLocale() } });
      return page.ok ? ok(page.data.data) : page;
    });
  }

  /**
   * Puts a request's new state in the list (newest first), whatever the list held. A decision answers with the
   * plan as the merchant named it: a listed request keeps the name the list was asked in; a new one, in another
   * language than the merchant's, reloads the list.
   */
  function keep(result: Result<ApprovalRequest>): Result<ApprovalRequest> {
    const state = $approvals.value!;
    if (result.ok && state.data) {
      const listed = state.data.find((r) => r.id === result.data.id);
      const data = listed
        ? state.data.map((r) => (r === listed ? { ...result.data, planName: listed.planName } : r))
        : [result.data, ...state.data];
      $approvals.set({ ...state, data });
      if (!listed && locale) void loadApprovals({ force: true });
    }
    return result;
  }

  loadOnMount($approvals, client, () => loadApprovals(), 'session');
  react.onSessionChange(() => {
    const reload = $approvals.value!.data !== null || $approvals.lc > 0;
    list.reset();
    if (reload && client.signedIn) void loadApprovals({ force: true });
  });

  return {
    $approvals,
    loadApprovals,
    approval: (approvalRequestId, signal) => client.send(getApprovalRequest, { params: { approvalRequestId }, query: inLocale(), signal }),
    requestApproval: async (body) => keep(await client.send(createApprovalRequest, { body })),
    async approve(approvalRequestId, shown, comment) {
      const result = keep(await client.send(approveApprovalRequest, { params: { approvalRequestId }, body: { ...shown, ...(comment ? { comment } : {}) } }));
      if (result.ok) await react.emit('purchase');
      return result;
    },
    reject: async (approvalRequestId, comment) => keep(await client.send(rejectApprovalRequest, { params: { approvalRequestId }, body: { comment } })),
    withdraw: async (approvalRequestId) => keep(await client.send(cancelApprovalRequest, { params: { approvalRequestId } })),
  };
});
