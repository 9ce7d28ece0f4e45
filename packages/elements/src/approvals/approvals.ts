import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { ApprovalRequest } from '@subkit/core';
import { approvalsStore, idle, sessionStore } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { LocaleController } from '../internal/locale-controller.js';
import { LazyView } from '../internal/lazy-view.js';
import { RemoteTask } from '../internal/remote-task.js';
import { errorMessage } from '../internal/errors.js';
import { approvalsLocales, type ApprovalsStrings } from '../locales/approvals.js';
import type { ApprovalsAdminStrings } from '../locales/approvals-admin.js';
import { ApprovalDecidedEvent } from '../events/approvals.js';
import { SubkitErrorEvent } from '../events/common.js';
import { emptyState, errorState } from '../templates/states.js';
import { tokens } from '../styles/tokens.js';
import { shared } from '../styles/shared.js';
import { styles } from './approvals.styles.js';
import { requestsView, type RequestsView } from './request-cards.js';
import { listSkeleton, requestLists, type ListContext } from './approvals.templates.js';
import { ReviewFlow } from './review-flow.js';
import type { AdminHost, AdminSection } from './admin.js';

/** The sections a billing admin switches between. */
type Tab = 'requests' | 'audit' | 'policy';

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
  static override properties: PropertyDeclarations = {
    strings: { attribute: false },
    announcement: { state: true, attribute: false },
    actionError: { state: true, attribute: false },
    withdrawing: { state: true, attribute: false },
    tab: { state: true, attribute: false },
  };

  readonly #l = new LocaleController<ApprovalsStrings>(this, approvalsLocales);
  readonly #approvals = this.subkit.bind((c) => approvalsStore(c).$approvals, idle());
  readonly #session = this.subkit.bind((c) => sessionStore(c).$session, idle());
  readonly #data = new RemoteTask(this, {
    // The plans named in the widget's language, where the merchant has texts.
    args: () => (this.subkit.client && this.subkit.hasSession ? ([approvalsStore(this.subkit.client), this.#l.locale] as const) : null),
    task: ([store, locale], { rerun }) => store.loadApprovals({ force: rerun, locale }),
    value: () => this.#approvals.value,
    source: 'approvals:list',
  });
  /** The billing admin's sections (the audit log, the purchasing policy), each fetched when its tab first opens. */
  readonly #views = { audit: new LazyView(this, () => import('./audit.view.js')), policy: new LazyView(this, () => import('./policy.view.js')) };
  readonly #sections: Partial<Record<Tab, AdminSection>> = {};
  /** What the sections use of the widget. @internal */
  readonly sectionContext: AdminHost['sectionContext'] = {
    client: () => this.subkit.client,
    session: () => this.#session.value.data,
    strings: () => this.#l.strings,
    locale: () => this.#l.locale,
    dir: () => this.#l.dir,
    announce: (text) => (this.announcement = text),
    error: (text) => (this.actionError = text),
    changed: () => Object.values(this.#sections).forEach((section) => section.refresh()),
  };
  readonly #review = new ReviewFlow(this, () => this.subkit.client, () => this.#l.strings, (text) => (this.announcement = text));

  /** Overrides of the locale's strings, e.g. `{ title: 'Purchase approvals' }` (the admin sections' too). */
  declare strings?: Partial<ApprovalsStrings & ApprovalsAdminStrings>;

  private announcement = '';
  private actionError = '';
  private withdrawing: ReadonlySet<string> = new Set();
  /** The section shown to a billing admin: the requests, the audit log or the purchasing policy. */
  private tab: Tab = 'requests';

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

  /** Opens a section; the audit log and the policy (their code and stores) load when first opened. */
  #handleTab = (tab: Tab): void => {
    this.tab = tab;
    if (tab === 'requests') return;
    void this.#views[tab].load().then((view) => (this.#sections[tab] ??= new view.Section(this)).open());
  };

  /** The sections the viewer has: the audit log with `audit:read`, the policy with `approvals:manage`. */
  get #tabs(): Tab[] {
    const permissions = this.subkit.hasSession ? (this.#session.value.data?.permissions ?? []) : [];
    const tabs: Tab[] = ['requests'];
    if (permissions.includes('audit:read')) tabs.push('audit');
    if (permissions.includes('approvals:manage')) tabs.push('policy');
    return tabs;
  }

  /** Arrow keys move between the tabs (one tab stop for the tab list); right to left, the arrows follow the page. */
  #handleTabKey = (event: KeyboardEvent): void => {
    const tabs = this.#tabs;
    const at = tabs.indexOf(this.tab);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key as 'ArrowRight'];
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : step ? at + (this.#l.dir === 'rtl' ? -step : step) : null;
    if (to === null) return;
    event.preventDefault();
    this.#handleTab(tabs[(to + tabs.length) % tabs.length]!);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus());
  };

  /** The tabs a billing admin has; nobody else sees them. */
  #tabList(tabs: Tab[]): TemplateResult {
    const s = this.#l.strings;
    const labels = { requests: s.tabRequests, audit: s.tabAudit, policy: s.tabPolicy };
    const tab = (id: Tab) =>
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
        ${labels[id]}
      </button>`;
    return html`<div part="tabs" role="tablist" aria-label=${s.sections} @keydown=${this.#handleTabKey}>${tabs.map(tab)}</div>`;
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
    const tabs = this.#tabs;
    const tab = tabs.includes(this.tab) ? this.tab : 'requests';
    const section = tab === 'requests' ? null : this.#sections[tab];
    const panel = tab === 'requests' ? body : section ? section.render() : listSkeleton({ ...s, loading: s.sectionLoading });
    const busy = this.#approvals.value.loading || this.#review.view.pending || this.#views.audit.pending || this.#views.policy.pending;
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${busy ? 'true' : 'false'}>
      <header part="header">
        <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
      </header>
      ${tabs.length > 1 ? this.#tabList(tabs) : nothing} ${this.actionError ? html`<p part="error" role="alert">${this.actionError}</p>` : nothing}
      ${tabs.length > 1 ? html`<div part="panel" id="panel" role="tabpanel" aria-labelledby="tab-${tab}">${panel}</div>` : body}
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
