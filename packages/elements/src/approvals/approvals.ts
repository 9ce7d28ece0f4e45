import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ApprovalRequest } from '@subkit/core';
import { approvalsStore, idle, sessionStore, type AuditFilter, type AuditStore } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { LocaleController } from '../internal/locale-controller.js';
import { LazyView } from '../internal/lazy-view.js';
import { saveFile } from '../internal/save-file.js';
import { format } from '../locales/locales.js';
import { RemoteTask } from '../internal/remote-task.js';
import { errorMessage } from '../internal/errors.js';
import { approvalsLocales, type ApprovalsStrings } from '../locales/approvals.js';
import { ApprovalDecidedEvent } from '../events/approvals.js';
import { SubkitErrorEvent } from '../events/common.js';
import { emptyState, errorState } from '../templates/states.js';
import { tokens } from '../styles/tokens.js';
import { shared } from '../styles/shared.js';
import { styles } from './approvals.styles.js';
import { requestsView, type RequestsView } from './request-cards.js';
import { listSkeleton, requestLists, type ListContext } from './approvals.templates.js';
import { ReviewFlow } from './review-flow.js';

/**
 * A company's approval requests (B2B purchasing policy). A billing admin sees every request: a pending
 * one opens with its amounts worked out again now, side by side with those requested and the
 * difference, and is approved — the engine applies exactly the amounts shown — or rejected with a comment
 * for the requester. Other members see their own requests with the outcome (who approved or rejected
 * it, the comment, or that it expired) and withdraw a pending one.
 *
 * @slot heading - Replaces the default heading ("Approvals").
 *
 * @fires subkit-approval-decided - A request was approved, rejected or withdrawn: `{ requestId, decision, subscriptionId, invoiceId, request }`.
 * @fires subkit-error - The requests or a request's amounts could not be loaded, or a decision failed: `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart header - The heading row; `title` the heading.
 * @csspart group - The pending and decided sections; `group-title` their headings.
 * @csspart requests - A list of requests.
 * @csspart request - One request; also `request-<status>` (`pending`, `approved`, `rejected`, `expired`, `canceled`).
 * @csspart request-header - The request's title and status; `request-title`, `badge` and `badge-<status>`.
 * @csspart requested-by - Who asked and when.
 * @csspart facts - Due now, yearly increase, PO number, why approval, note; `fact`, `fact-term`, `fact-value`.
 * @csspart outcome - Who decided when (`outcome-<status>`); `comment` the decision's comment; `expires` while pending.
 * @csspart actions - The request's buttons.
 * @csspart button - Every button; `review`, `withdraw`, `approve`, `reject`, `dialog-close`, `retry`.
 * @csspart dialog - The review dialog; `dialog-header`, `dialog-title`, `dialog-body`, `dialog-summary`, `dialog-actions`.
 * @csspart comparison - The amounts when requested, now, and their difference; `row`, `row-changed`, `cell-now`, `cell-difference`; `same` or `changed` the sentence above it.
 * @csspart cannot-apply - A request that cannot be applied any more.
 * @csspart field - The decision comment field; `label`, `textarea`, `hint`, `field-error`.
 * @csspart message - The decision's outcome; `message-success`, `message-error`.
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - The empty and signed-out states.
 * @csspart error - The error state.
 *
 * @cssprop [--subkit-color-primary=#3a4bd8] - Buttons, focus ring.
 * @cssprop [--subkit-color-background=#ffffff] - Widget and card background.
 * @cssprop [--subkit-color-surface=#f6f7f9] - Comments and changed amounts.
 * @cssprop [--subkit-color-text=#161a23] - Text.
 * @cssprop [--subkit-color-muted=#5a6172] - Secondary text.
 * @cssprop [--subkit-color-border=#d5d9e1] - Borders.
 * @cssprop [--subkit-color-accent=#0a6a52] - Approved.
 * @cssprop [--subkit-color-warning=#8a5a00] - Pending.
 * @cssprop [--subkit-color-danger=#b42318] - Rejected, errors.
 * @cssprop [--subkit-radius=10px] - Card radius.
 * @cssprop [--subkit-spacing=8px] - The spacing unit.
 * @cssprop [--subkit-font-family=system-ui] - Font.
 *
 * @cssstate loading - The requests are loading.
 * @cssstate error - The requests failed to load.
 * @cssstate empty - There are no requests.
 * @cssstate pending - Some request waits for a decision.
 */
export class SubkitApprovals extends SubkitElement {
  static override styles = [tokens, ...shared, styles];

  readonly #l = new LocaleController<ApprovalsStrings>(this, approvalsLocales);
  readonly #approvals = this.subkit.bind((c) => approvalsStore(c).$approvals, idle());
  readonly #session = this.subkit.bind((c) => sessionStore(c).$session, idle());
  readonly #data = new RemoteTask(this, {
    args: () => (this.subkit.client && this.subkit.hasSession ? ([approvalsStore(this.subkit.client)] as const) : null),
    task: ([store], { rerun }) => store.loadApprovals({ force: rerun }),
    value: () => this.#approvals.value,
    source: 'approvals:list',
  });
  /** The audit log's templates and store, fetched when a billing admin first opens its tab. */
  readonly #auditView = new LazyView(this, () => import('./audit.view.js'));
  readonly #review = new ReviewFlow(this, () => this.subkit.client, () => this.#l.strings, (text) => (this.announcement = text));

  /** Overrides of the locale's strings, e.g. `{ title: 'Purchase approvals' }`. */
  @property({ attribute: false }) strings?: Partial<ApprovalsStrings>;

  @state() private announcement = '';
  @state() private actionError = '';
  @state() private withdrawing: ReadonlySet<string> = new Set();
  /** The section shown to a billing admin: the requests or the audit log. */
  @state() private tab: 'requests' | 'audit' = 'requests';
  @state() private exporting = false;

  #view!: RequestsView;

  protected override willUpdate(): void {
    this.#view = requestsView(this.#approvals.value.data, this.#session.value.data);
  }

  protected override updated(): void {
    const status = this.#data.status;
    const data = this.#approvals.value.data;
    this.setStates({
      loading: this.subkit.hasSession && (status === 'pending' || status === 'initial'),
      error: status === 'error',
      empty: status === 'complete' && data?.length === 0,
      pending: this.#view.pending.length > 0,
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#review.disconnect();
    this.#auditUnsubscribe?.();
    this.#auditUnsubscribe = null;
  }

  #handleWithdraw = async (request: ApprovalRequest): Promise<void> => {
    const store = this.subkit.use(approvalsStore);
    if (!store || this.withdrawing.has(request.id)) return;
    this.withdrawing = new Set([...this.withdrawing, request.id]);
    this.actionError = '';
    const result = await store.withdraw(request.id);
    this.withdrawing = new Set([...this.withdrawing].filter((id) => id !== request.id));
    const s = this.#l.strings;
    if (!result.ok) {
      this.actionError = errorMessage(result.error, s);
      await this.updateComplete;
      this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'approvals:withdraw' }));
      return;
    }
    this.announcement = s.withdrawn;
    await this.updateComplete;
    this.dispatchEvent(new ApprovalDecidedEvent({ requestId: request.id, decision: 'canceled', subscriptionId: request.subscriptionId, invoiceId: null, request: result.data }));
  };

  #auditUnsubscribe: (() => void) | null = null;

  /** The audit store, once the audit view (which brings it) is loaded. */
  get #auditStore(): AuditStore | null {
    const client = this.subkit.client;
    return client && this.#auditView.view ? this.#auditView.view.auditStore(client) : null;
  }

  get #audit() {
    return this.#auditStore?.$audit.get() ?? { ...idle<never>(), filter: {} as AuditFilter };
  }

  /** Opens a section; the audit log (its code and store) loads when first opened. */
  #handleTab = (tab: 'requests' | 'audit'): void => {
    this.tab = tab;
    if (tab !== 'audit') return;
    void this.#auditView.load().then(() => {
      const store = this.#auditStore;
      if (!store) return;
      this.#auditUnsubscribe ??= store.$audit.listen(() => this.requestUpdate());
      if (!store.$audit.get().data && !store.$audit.get().loading) void this.#loadAudit();
    });
  };

  /** Arrow keys move between the tabs (one tab stop for the tab list). */
  #handleTabKey = (event: KeyboardEvent): void => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = this.tab === 'requests' ? 'audit' : 'requests';
    this.#handleTab(event.key === 'Home' ? 'requests' : event.key === 'End' ? 'audit' : next);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus());
  };

  async #loadAudit(filter = this.#audit.filter): Promise<void> {
    const result = await this.#auditStore?.loadAudit(filter);
    if (result && !result.ok) this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'approvals:audit' }));
  }

  #handleAuditFilter = (event: Event): void => {
    const value = (event.target as HTMLSelectElement).value;
    void this.#loadAudit(value ? { objectType: value as NonNullable<AuditFilter['objectType']> } : {});
  };

  #handleExport = async (): Promise<void> => {
    const audit = this.#auditStore;
    if (!audit || this.exporting) return;
    const filter = this.#audit.filter;
    this.exporting = true;
    this.actionError = '';
    const result = await audit.exportCsv(filter);
    this.exporting = false;
    const s = this.#l.strings;
    if (!result.ok) {
      this.actionError = `${s.exportError} ${errorMessage(result.error, s)}`;
      await this.updateComplete;
      this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'approvals:export' }));
      return;
    }
    const filename = ['audit-log', filter.objectType].filter(Boolean).join('-') + '.csv';
    saveFile(result.data, filename, this.renderRoot as ShadowRoot);
    this.announcement = format(s.exported, { filename });
  };

  /** The tabs a billing admin (who reads the audit log) has; nobody else sees them. */
  #tabs(): TemplateResult {
    const s = this.#l.strings;
    const tab = (id: 'requests' | 'audit', label: string) =>
      html`<button
        part="tab ${this.tab === id ? 'tab-selected' : ''}"
        type="button"
        role="tab"
        id="tab-${id}"
        aria-selected=${this.tab === id ? 'true' : 'false'}
        aria-controls="panel"
        tabindex=${this.tab === id ? '0' : '-1'}
        @click=${() => this.#handleTab(id)}
      >
        ${label}
      </button>`;
    return html`<div part="tabs" role="tablist" aria-label=${s.sections} @keydown=${this.#handleTabKey}>${tab('requests', s.tabRequests)} ${tab('audit', s.tabAudit)}</div>`;
  }

  #auditBody(): TemplateResult {
    const view = this.#auditView.view;
    if (!view) return listSkeleton({ ...this.#l.strings, loading: this.#l.strings.auditLoading });
    return view.auditPanel({
      s: this.#l.strings,
      locale: this.#l.locale,
      audit: this.#audit,
      exporting: this.exporting,
      onFilter: this.#handleAuditFilter,
      onExport: () => void this.#handleExport(),
      onRetry: () => void this.#loadAudit(),
    });
  }

  #listContext(): ListContext {
    return {
      s: this.#l.strings,
      locale: this.#l.locale,
      withdrawing: this.withdrawing,
      onReview: (request, event) => this.#review.open(request, event),
      onWithdraw: (request) => void this.#handleWithdraw(request),
    };
  }

  protected override render(): TemplateResult {
    const s = this.#l.strings;
    const review = this.#review.review;
    const reviewView = this.#review.view.view;
    const body = !this.subkit.hasSession
      ? emptyState(s.signedOut)
      : this.#data.render({
          initial: () => listSkeleton(s),
          pending: () => listSkeleton(s),
          error: (error) => errorState(s.loadError, error, s, () => this.#data.run()),
          complete: (data) => (data.length === 0 ? emptyState(s.empty) : requestLists(this.#view, this.#listContext())),
        });
    const tabs = this.subkit.hasSession && (this.#session.value.data?.permissions.includes('audit:read') ?? false);
    const panel = tabs && this.tab === 'audit' ? this.#auditBody() : body;
    const busy = this.#approvals.value.loading || this.#review.view.pending || this.#auditView.pending;
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${busy ? 'true' : 'false'}>
      <header part="header">
        <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
      </header>
      ${tabs ? this.#tabs() : nothing} ${this.actionError ? html`<p part="error" role="alert">${this.actionError}</p>` : nothing}
      ${tabs ? html`<div part="panel" id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">${panel}</div>` : body}
      ${review && reviewView && this.#review.dialog.isOpen ? reviewView.reviewDialog(review, { s, locale: this.#l.locale, flow: this.#review }) : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-approvals': SubkitApprovals;
  }
}
