import type { ReactiveControllerHost } from 'lit';
import type { ApprovalRequest, ApprovalRequestDetail } from '@subkit/core';
import { approvalsStore, type Remote, type SubkitConnection } from '@subkit/client';
import { DialogController } from '../internal/dialog-controller.js';
import { LazyView } from '../internal/lazy-view.js';
import type { ApprovalsStrings } from '../locales/approvals.js';
import { SubkitErrorEvent } from '../events/common.js';

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
 * A stale preview (the subscription changed meanwhile) is recomputed and shown again. What approving and rejecting
 * send comes with the dialog's code (`review-actions.ts` in `review.view`).
 */
export class ReviewFlow {
  review: Review | null = null;
  readonly dialog: DialogController;
  readonly view: LazyView<ReviewView>;
  #abort: AbortController | null = null;

  constructor(
    readonly host: ReactiveControllerHost & HTMLElement,
    readonly client: () => SubkitConnection | null,
    readonly strings: () => ApprovalsStrings,
    readonly announce: (text: string) => void,
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

  /** Replaces the review's state and updates the widget. */
  set(review: Review | null): void {
    this.review = review;
    this.host.requestUpdate();
  }

  /** Opens a request: the dialog shows while its preview is recomputed. */
  open(request: ApprovalRequest, event: Event): void {
    this.set({ request, detail: { data: null, error: null, loading: true }, comment: '', commentError: null, busy: null, message: null });
    void this.load();
    if (this.view.view) this.dialog.open(event);
    else {
      const opener = event.currentTarget as HTMLElement;
      void this.view.load().then(() => this.review?.request.id === request.id && this.dialog.open(opener), () => this.set(null));
    }
  }

  /** Recomputes the request's preview now (the last load is aborted). */
  async load(): Promise<void> {
    const client = this.client();
    const review = this.review;
    if (!client || !review) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.set({ ...review, detail: { data: review.detail.data, error: null, loading: true } });
    const result = await approvalsStore(client).approval(review.request.id, abort.signal);
    if (abort.signal.aborted || this.review?.request.id !== review.request.id) return;
    this.set({ ...this.review, detail: result.ok ? { data: result.data, error: null, loading: false } : { data: null, error: result.error, loading: false } });
    if (!result.ok) {
      await this.host.updateComplete;
      this.host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'approvals:review' }));
    }
  }

  comment(value: string): void {
    if (this.review) this.set({ ...this.review, comment: value, commentError: null });
  }

  disconnect(): void {
    this.#abort?.abort();
  }
}
