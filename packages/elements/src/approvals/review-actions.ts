// What the review dialog's buttons send — approve what is shown, reject with a comment — and what follows: fetched
// with the dialog (`review.view`), so the list alone loads without it. The flow (`review-flow.ts`) keeps the state.
import type { ApprovalRequest } from '@subkit/core';
import { approvalsStore, type SubkitError } from '@subkit/client';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import { isDeclined } from '../rules/selectors.js';
import { SubkitErrorEvent } from '../events/common.js';
import { ApprovalDecidedEvent } from '../events/approvals.js';
import type { ReviewFlow } from './review-flow.js';

/** Approves the preview on screen: its `prorationDate` and version, nothing recomputed in between. */
export async function approve(flow: ReviewFlow): Promise<void> {
  const preview = flow.review?.detail.data?.currentPreview;
  if (!preview) return;
  await decide(flow, 'approve', (store, id, comment) => store.approve(id, { prorationDate: preview.prorationDate, expectedVersion: preview.expectedVersion }, comment || undefined));
}

/** Rejects with the comment, which the requester reads (so it is required). */
export async function reject(flow: ReviewFlow): Promise<void> {
  const review = flow.review;
  if (!review) return;
  if (!review.comment.trim()) {
    flow.set({ ...review, commentError: flow.strings().commentRequired });
    await flow.host.updateComplete;
    flow.host.shadowRoot?.querySelector<HTMLElement>('#decision-comment')?.focus();
    return;
  }
  await decide(flow, 'reject', (store, id, comment) => store.reject(id, comment));
}

async function decide(
  flow: ReviewFlow,
  which: 'approve' | 'reject',
  send: (store: ReturnType<typeof approvalsStore>, id: string, comment: string) => Promise<{ ok: true; data: ApprovalRequest } | { ok: false; error: SubkitError }>,
): Promise<void> {
  const client = flow.client();
  const review = flow.review;
  if (!client || !review || review.busy) return;
  const s = flow.strings();
  flow.set({ ...review, busy: which, message: null, commentError: null });
  const result = await send(approvalsStore(client), review.request.id, review.comment.trim());
  if (flow.review?.request.id !== review.request.id) return;
  const host = flow.host;
  if (!result.ok) {
    const stale = result.error.code === 'preview_stale' || result.error.type === 'conflict_error';
    const text = isDeclined(result.error) ? s.declinedNote : stale ? s.staleNote : errorMessage(result.error, s);
    flow.set({ ...flow.review, busy: null, message: { kind: 'error', text } });
    if (stale) void flow.load();
    await host.updateComplete;
    host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: `approvals:${which}` }));
    return;
  }
  const request = result.data;
  const text = which === 'approve' ? format(s.approvedNote, { plan: request.planName }) : format(s.rejectedNote, { name: request.requestedBy.name });
  flow.set({ ...flow.review, request, busy: null, message: { kind: 'success', text }, detail: { data: { ...request, currentPreview: null, difference: null, currentError: null }, error: null, loading: false } });
  flow.announce(text);
  await host.updateComplete;
  host.shadowRoot?.querySelector<HTMLElement>('[part~="dialog-close"]')?.focus();
  host.dispatchEvent(
    new ApprovalDecidedEvent({ requestId: request.id, decision: which === 'approve' ? 'approved' : 'rejected', subscriptionId: request.subscriptionId, invoiceId: request.invoiceId, request }),
  );
}
