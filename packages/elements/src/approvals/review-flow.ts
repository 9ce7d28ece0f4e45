import type { ReactiveControllerHost } from 'lit';
import type { ApprovalRequest, ApprovalRequestDetail } from '@subkit/core';
import { approvalsStore, type Remote, type SubkitConnection, type SubkitError } from '@subkit/client';
import { DialogController } from '../internal/dialog-controller.js';
import { LazyView } from '../internal/lazy-view.js';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import type { ApprovalsStrings } from '../locales/approvals.js';
import { isDeclined } from '../rules/selectors.js';
import { SubkitErrorEvent } from '../events/common.js';
import { ApprovalDecidedEvent } from '../events/approvals.js';

/** The review dialog's state: the request as recomputed now, the comment typed, and the outcome. */
export interface Review {
  request: ApprovalRequest;
  detail: Remote<ApprovalRequestDetail>;
  comment: string;
  commentError: string | null;
  busy: 'approve' | 'reject' | null;
  message: { kind: 'error' | 'note' | 'success'; text: string } | null;
}

/** The dialog's templates and styles (a chunk fetched when a billing admin first opens a request). */
export type ReviewView = typeof import('./review.view.js');

/**
 * A billing admin reviews a pending request in a dialog: the preview recomputed now next to the one
 * requested, then approves exactly what is shown (its instant and version) or rejects with a comment.
 * A stale preview (the subscription changed meanwhile) is recomputed and shown again.
 */
export class ReviewFlow {
  review: Review | null = null;
  readonly dialog: DialogController;
  readonly view: LazyView<ReviewView>;
  #abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly client: () => SubkitConnection | null,
    private readonly strings: () => ApprovalsStrings,
    private readonly announce: (text: string) => void,
  ) {
    this.dialog = new DialogController(host, {
      element: () => host.shadowRoot?.querySelector('dialog'),
      busy: () => this.review?.busy != null,
      onClosed: () => {
        this.#abort?.abort();
        this.review = null;
      },
    });
    this.view = new LazyView(host, () => import('./review.view.js'));
  }

  #set(review: Review | null): void {
    this.review = review;
    this.host.requestUpdate();
  }

  /** Opens a request: the dialog shows while its preview is recomputed. */
  open(request: ApprovalRequest, event: Event): void {
    this.#set({ request, detail: { data: null, error: null, loading: true }, comment: '', commentError: null, busy: null, message: null });
    void this.load();
    if (this.view.view) this.dialog.open(event);
    else {
      const opener = event.currentTarget as HTMLElement;
      void this.view.load().then(() => this.review?.request.id === request.id && this.dialog.open(opener), () => this.#set(null));
    }
  }

  /** Recomputes the request's preview now (the last load is aborted). */
  async load(): Promise<void> {
    const client = this.client();
    const review = this.review;
    if (!client || !review) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#set({ ...review, detail: { data: review.detail.data, error: null, loading: true } });
    const result = await approvalsStore(client).approval(review.request.id, abort.signal);
    if (abort.signal.aborted || this.review?.request.id !== review.request.id) return;
    this.#set({ ...this.review, detail: result.ok ? { data: result.data, error: null, loading: false } : { data: null, error: result.error, loading: false } });
    if (!result.ok) {
      await this.host.updateComplete;
      this.host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'approvals:review' }));
    }
  }

  comment(value: string): void {
    if (this.review) this.#set({ ...this.review, comment: value, commentError: null });
  }

  /** Approves the preview on screen: its `prorationDate` and version, nothing recomputed in between. */
  async approve(): Promise<void> {
    const preview = this.review?.detail.data?.currentPreview;
    if (!preview) return;
    await this.#decide('approve', (store, id, comment) => store.approve(id, { prorationDate: preview.prorationDate, expectedVersion: preview.expectedVersion }, comment || undefined));
  }

  /** Rejects with the comment, which the requester reads (so it is required). */
  async reject(): Promise<void> {
    const review = this.review;
    if (!review) return;
    if (!review.comment.trim()) {
      this.#set({ ...review, commentError: this.strings().commentRequired });
      await this.host.updateComplete;
      this.host.shadowRoot?.querySelector<HTMLElement>('#decision-comment')?.focus();
      return;
    }
    await this.#decide('reject', (store, id, comment) => store.reject(id, comment));
  }

  async #decide(
    which: 'approve' | 'reject',
    send: (store: ReturnType<typeof approvalsStore>, id: string, comment: string) => Promise<{ ok: true; data: ApprovalRequest } | { ok: false; error: SubkitError }>,
  ): Promise<void> {
    const client = this.client();
    const review = this.review;
    if (!client || !review || review.busy) return;
    const s = this.strings();
    this.#set({ ...review, busy: which, message: null, commentError: null });
    const result = await send(approvalsStore(client), review.request.id, review.comment.trim());
    if (this.review?.request.id !== review.request.id) return;
    if (!result.ok) {
      const stale = result.error.code === 'preview_stale' || result.error.type === 'conflict_error';
      const text = isDeclined(result.error) ? s.declinedNote : stale ? s.staleNote : errorMessage(result.error, s);
      this.#set({ ...this.review, busy: null, message: { kind: 'error', text } });
      if (stale) void this.load();
      await this.host.updateComplete;
      this.host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: `approvals:${which}` }));
      return;
    }
    const request = result.data;
    const text = which === 'approve' ? format(s.approvedNote, { plan: request.planName }) : format(s.rejectedNote, { name: request.requestedBy.name });
    this.#set({ ...this.review, request, busy: null, message: { kind: 'success', text }, detail: { data: { ...request, currentPreview: null, difference: null, currentError: null }, error: null, loading: false } });
    this.announce(text);
    await this.host.updateComplete;
    this.host.shadowRoot?.querySelector<HTMLElement>('[part~="dialog-close"]')?.focus();
    this.host.dispatchEvent(
      new ApprovalDecidedEvent({ requestId: request.id, decision: which === 'approve' ? 'approved' : 'rejected', subscriptionId: request.subscriptionId, invoiceId: request.invoiceId, request }),
    );
  }

  disconnect(): void {
    this.#abort?.abort();
  }
}
