import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { Catalog, InvoiceStatus, InvoiceSummary } from '@subkit/core';
import { catalogStore, idle, invoicesStore, sessionStore, type InvoiceFilters, type InvoicesState, type Remote, type Result } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import type { StoreBinding } from '../internal/client-controller.js';
import { askCatalogIn } from '../internal/catalog-locale.js';
import { LocaleController } from '../internal/locale-controller.js';
import { RemoteTask } from '../internal/remote-task.js';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import { billingHistoryLocales, type BillingHistoryStrings, type HistoryListStrings } from '../locales/billing-history.js';
import { SubkitErrorEvent } from '../events/common.js';
import { can } from '../rules/selectors.js';
import { emptyState, errorState, roleNote } from '../templates/states.js';
import { tokens } from '../styles/tokens.js';
import { shared } from '../styles/shared.js';
import { styles } from './billing-history.styles.js';
import { VirtualRows } from './virtual-rows.js';
import { InvoiceDetail } from './invoice-detail.js';
import { filtersForm, invoiceTable, listFooter, prepareRowFormats, type ListContext } from './invoice-list.templates.js';

export { displayStatus, type DisplayStatus } from './display-status.js';

/** Invoices per page: the API's maximum, so 10,000 invoices take 100 requests. */
const PAGE_SIZE = 100;

const noInvoices: InvoicesState = { ...idle(), hasMore: false, filters: {}, loadingMore: false, nextCursor: null };

/**
 * A company's invoices for self-service: number, issue date, period, PO number, amount and status,
 * filtered by status and date range through the shared invoice store. Long histories stay smooth: the
 * list is cursor-paged (an infinite-scroll sentinel plus a "Load more" button) and only the rows in
 * view are rendered. New filters keep the current rows on screen, marked busy, until their first page
 * arrives; an invoice paid here turns Paid in its row, where it is, without reloading the list. An invoice opens in a dialog with its lines (proration credits and charges,
 * usage tiers, discount, tax), payment attempts and credit notes; invoices download as PDF, open ones
 * can be paid (with `invoices:pay`), and the filtered list exports as CSV.
 *
 * @slot heading - Replaces the default heading ("Billing history").
 * @slot empty - Replaces the text shown when there are no invoices.
 *
 * @fires subkit-invoice-paid - An invoice was paid: `{ invoiceId, number, amount, currency, payment }`.
 * @fires subkit-invoice-downloaded - An invoice PDF was downloaded: `{ invoiceId, number, filename }`.
 * @fires subkit-export-completed - The CSV export was downloaded: `{ format, filename, filters, bytes }`.
 * @fires subkit-error - Loading, paying, downloading or exporting failed: `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart header - Heading and the export button.
 * @csspart title - The heading.
 * @csspart filters - The filter form; `filter` each field, `filter-select`, `filter-input`, `clear`.
 * @csspart field-error - A validation message (a date range that ends before it starts).
 * @csspart note - Role notes (a viewer cannot pay).
 * @csspart table-scroll - The scrolling region around the table; also `table-scroll-busy` while it shows the previous filters' rows.
 * @csspart table - The invoice table; `header-cell` each column header (`header-amount`, `header-period`, `header-po`).
 * @csspart row - One invoice row; also `row-skeleton`, `spacer` (virtual space above/below).
 * @csspart cell - Every cell; also `cell-number`, `cell-issued`, `cell-period`, `cell-po`, `cell-amount`, `cell-status`, `cell-actions`.
 * @csspart number - The invoice number button that opens the detail; `purpose` under it says what the invoice is for.
 * @csspart badge - A status badge; `badge-paid`, `badge-open`, `badge-overdue`, `badge-void`, `badge-uncollectible`, `badge-draft`, `badge-credited`.
 * @csspart button - Every button; `button-secondary`, `export`, `pdf`, `pay`, `load-more`, `retry`, `close`, `pay-confirm`.
 * @csspart footer - Under the table: `summary` and the load-more button.
 * @csspart sentinel - The infinite-scroll trigger at the end of the loaded rows.
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - The empty (or signed-out) state.
 * @csspart error - An error state with its retry.
 * @csspart dialog - The invoice detail dialog; `dialog-header`, `dialog-title`, `dialog-body`, `dialog-actions`.
 * @csspart meta - The invoice facts (what it is for, issued, due, period, PO); `meta-term`, `meta-value`; `invoice-number` in the dialog title.
 * @csspart lines - The lines table; `line` each line, `line-credit` for credits, `line-tag` the kind, `tier` each tier row.
 * @csspart totals - Subtotal, discount, tax lines ("VAT 19% on €100.00") and total; `total` the grand total row.
 * @csspart tax-note - Why a 0% VAT line has no VAT (reverse charge, outside the EU).
 * @csspart payments - Payment attempts; `payment` each, `payment-failed` for failures.
 * @csspart credit-notes - Credit notes of the invoice; `credit-note` each.
 * @csspart pay-panel - The pay confirmation; `message` its outcome (`message-error`, `message-success`).
 *
 * @cssprop [--subkit-color-primary=#3a4bd8] - Buttons, links, focus ring.
 * @cssprop [--subkit-color-on-primary=#ffffff] - Text on primary.
 * @cssprop [--subkit-color-background=#ffffff] - Widget and dialog background.
 * @cssprop [--subkit-color-surface=#f6f7f9] - Table header, stripes.
 * @cssprop [--subkit-color-text=#161a23] - Text.
 * @cssprop [--subkit-color-muted=#5a6172] - Secondary text.
 * @cssprop [--subkit-color-border=#d5d9e1] - Borders.
 * @cssprop [--subkit-color-accent=#0a6a52] - Paid badges and credits.
 * @cssprop [--subkit-color-warning=#8a5a00] - Open badges.
 * @cssprop [--subkit-color-danger=#b42318] - Overdue badges, errors.
 * @cssprop [--subkit-radius=10px] - Corner radius.
 * @cssprop [--subkit-spacing=8px] - The spacing unit.
 * @cssprop [--subkit-font-family=system-ui] - Font.
 * @cssprop [--subkit-history-height=32rem] - Largest height of the scrolling invoice list.
 * @cssprop [--subkit-history-row-height=3.25rem] - Height of one invoice row.
 * @cssprop [--subkit-history-row-height-stacked=7.5rem] - Height of one invoice row in the stacked layout of narrow widths (a phone).
 *
 * @cssstate loading - The first page is loading.
 * @cssstate busy - Reloading with new filters, loading more, paying or exporting.
 * @cssstate error - The invoices failed to load.
 * @cssstate empty - There are no invoices (for these filters).
 */
export class SubkitBillingHistory extends SubkitElement {
  static override styles = [tokens, shared, styles];
  static override properties: PropertyDeclarations = {
    status: { reflect: true },
    from: { reflect: true },
    to: { reflect: true },
    subscriptionId: { attribute: 'subscription-id' },
    strings: { attribute: false },
    exporting: { state: true, attribute: false },
    actionError: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
  };

  readonly #l = new LocaleController<HistoryListStrings>(this, billingHistoryLocales);
  readonly #invoices = this.subkit.bind((c) => invoicesStore(c).$invoices, noInvoices);
  readonly #session = this.subkit.bind((c) => sessionStore(c).$session, idle());
  /**
   * The catalog in the widget's language: invoice lines name plans and items as it does. Bound (and so
   * loaded) when a buyer first opens an invoice — the list never needs it.
   */
  #catalog: StoreBinding<Remote<Catalog>> | null = null;
  /** The list for the filters: loaded again when they change (a range that ends before it starts asks nothing). */
  readonly #list = new RemoteTask(this, {
    args: () => (this.subkit.client && this.subkit.hasSession && !this.#rangeInvalid ? ([invoicesStore(this.subkit.client), JSON.stringify(this.#filters)] as const) : null),
    task: ([invoices]) => {
      void invoices.loadInvoices(this.#filters);
      // The row's formatters, made while the invoices are in flight.
      const locale = this.#l.locale;
      setTimeout(() => prepareRowFormats(locale), 0);
    },
    value: () => this.#invoices.value,
    source: (remote) => (remote.data ? 'billing-history:more' : 'billing-history:invoices'),
    // Asking marks the list loading (and resets it for other filters) in the update that changed the filters:
    // what the list shows is derived after it, in `update`.
    beforeRender: true,
  });
  readonly #rows = new VirtualRows(this, {
    loaded: () => this.#invoices.value.data?.length ?? 0,
    hasMore: () => this.#invoices.value.hasMore,
    loadMore: () => this.#loadMore(),
    nextPage: () => this.#nextPage(),
  });
  readonly #detail = new InvoiceDetail(this, () => this.subkit.client, () => this.#l.strings, (text) => (this.announcement = text));

  /** Shows only invoices of this status (`open`, `paid`, `void`, `uncollectible`); all when empty. */
  declare status?: InvoiceStatus | '';
  /** Shows invoices issued on or after this date (`YYYY-MM-DD`). */
  declare from?: string;
  /** Shows invoices issued on or before this date (`YYYY-MM-DD`). */
  declare to?: string;
  /** Shows only the invoices of one subscription (its id). */
  declare subscriptionId?: string;
  /** Overrides of the locale's strings, e.g. `{ title: 'Invoices' }`. */
  declare strings?: Partial<BillingHistoryStrings>;

  private exporting = false;
  /** A failed PDF download or export, shown above the table. */
  private actionError: string | null = null;
  private announcement = '';

  #now = Date.now();
  #downloading = new Set<string>();
  /** The rows last shown and the filters they answer, kept on screen while new filters load. */
  #shownRows: InvoiceSummary[] | null = null;
  #shownFilters = '';
  /** Rows of the previous filters while the new filters' first page loads, else null. */
  #staleRows: InvoiceSummary[] | null = null;
  #scrollTopOnRows = false;

  /** The filters of the list as the store takes them. */
  get #filters(): InvoiceFilters {
    const filters: InvoiceFilters = { limit: PAGE_SIZE };
    if (this.status) filters.status = this.status;
    if (this.from) filters.from = this.from;
    if (this.to) filters.to = this.to;
    if (this.subscriptionId) filters.subscriptionId = this.subscriptionId;
    return filters;
  }

  get #rangeInvalid(): boolean {
    return Boolean(this.from && this.to && this.from > this.to);
  }

  get #canPay(): boolean {
    return can(this.#session.value.data, 'invoices:pay');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#detail.disconnect();
  }

  // Derived in `update`, after the controllers' hostUpdate: the list's run for new filters has started there (its
  // store already says loading), so the stale rows show in this very update — not in one more, asked for while
  // the update completes. The catalog is asked in the widget's language here too, for the same reason.
  protected override update(changed: PropertyValues): void {
    if (this.#catalog) askCatalogIn(this, this.subkit.use(catalogStore), this.#l.locale);
    this.#derive();
    // The first page of other filters starts at its top, drawn from there in this update.
    if (this.#scrollTopOnRows) {
      this.#scrollTopOnRows = false;
      this.#rows.scrollTo(0);
    }
    super.update(changed);
  }

  #derive(): void {
    this.#now = Date.now();
    const { data, error, loading, filters } = this.#invoices.value;
    const filterKey = JSON.stringify(filters);
    if (data) {
      // The first page of other filters: start at its top.
      if (filterKey !== this.#shownFilters) this.#scrollTopOnRows = this.#shownRows !== null;
      this.#shownRows = data;
      this.#shownFilters = filterKey;
    }
    // Only other filters keep the old rows: a new session (same filters) must never show the last company's.
    this.#staleRows = !data && !error && loading && filterKey !== this.#shownFilters ? this.#shownRows : null;
  }

  protected override updated(): void {
    const { data, error, loading, loadingMore } = this.#invoices.value;
    const stale = !!this.#staleRows;
    this.setStates({
      loading: this.subkit.hasSession && !data && !error && !stale,
      busy: (loading && (!!data || stale)) || loadingMore || this.exporting || !!this.#detail.detail?.paying || this.#detail.view.pending,
      error: !!error && !data,
      empty: !!data && data.length === 0,
    });
  }

  #loadMore(): void {
    const state = this.#invoices.value;
    if (!state.hasMore || state.loading || state.loadingMore) return;
    void this.subkit.use(invoicesStore)?.loadMoreInvoices();
  }

  /** Past the loaded rows: waits for the next page (the one the sentinel may already be fetching). */
  async #nextPage(): Promise<void> {
    const invoices = this.subkit.use(invoicesStore);
    if (!invoices) return;
    if (!invoices.$invoices.value!.loadingMore) {
      await invoices.loadMoreInvoices();
      return;
    }
    await new Promise<void>((resolve) => {
      const stop = invoices.$invoices.listen((value) => {
        if (value.loadingMore) return;
        stop();
        resolve();
      });
    });
  }

  #handleFilter = (event: Event): void => {
    const field = event.target as HTMLInputElement | HTMLSelectElement;
    if (field.name === 'status') this.status = field.value as InvoiceStatus | '';
    else if (field.name === 'from') this.from = field.value;
    else if (field.name === 'to') this.to = field.value;
  };

  #handleClearFilters = (): void => {
    this.status = '';
    this.from = '';
    this.to = '';
  };

  /** Downloads an invoice's PDF, named after the invoice (what it sends comes with the invoice dialog's code). */
  #handleDownload = async (summary: Pick<InvoiceSummary, 'id' | 'number'>): Promise<void> => {
    const client = this.subkit.client;
    if (!client || this.#downloading.has(summary.id)) return;
    this.#downloading.add(summary.id);
    this.actionError = null;
    this.#detail.unavailable = null;
    this.requestUpdate();
    const view = await this.#detail.view.load().catch(() => null);
    const result = view ? await view.downloadPdf(client, this.renderRoot as ShadowRoot, summary) : null;
    this.#downloading.delete(summary.id);
    if (!result) return this.#detail.failed('downloadError', 'billing-history:pdf', () => void this.#handleDownload(summary));
    await this.#finished(result, 'downloadError', 'billing-history:pdf', 'downloaded');
  };

  /** Exports the filtered invoices as CSV (what it sends comes with the invoice dialog's code). */
  #handleExport = async (): Promise<void> => {
    const client = this.subkit.client;
    if (!client || this.exporting) return;
    const { limit: _limit, ...filters } = this.#filters;
    this.exporting = true;
    this.actionError = null;
    this.#detail.unavailable = null;
    const view = await this.#detail.view.load().catch(() => null);
    const result = view ? await view.exportCsv(client, this.renderRoot as ShadowRoot, filters) : null;
    this.exporting = false;
    if (!result) return this.#detail.failed('exportError', 'billing-history:export', () => void this.#handleExport());
    await this.#finished(result, 'exportError', 'billing-history:export', 'exported');
  };

  /** A file was saved (announced, then the page told) or could not be made (said above the table, and `subkit-error`). */
  async #finished(result: Result<Event & { detail: { filename: string } }>, error: 'downloadError' | 'exportError', source: string, done: 'downloaded' | 'exported'): Promise<void> {
    const s = this.#l.strings;
    if (!result.ok) {
      this.actionError = `${s[error]} ${errorMessage(result.error, s)}`;
      await this.updateComplete;
      this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source }));
      return;
    }
    this.announcement = format(s[done], { filename: result.data.detail.filename });
    await this.updateComplete;
    this.dispatchEvent(result.data);
  }

  #listContext(): ListContext {
    return {
      s: this.#l.strings,
      locale: this.#l.locale,
      now: this.#now,
      state: this.#invoices.value,
      canPay: this.#canPay,
      downloading: this.#downloading,
      onOpen: (invoice, pay) => {
        this.#catalog ??= this.subkit.bind((client) => catalogStore(client).$catalog, idle());
        this.#detail.open(invoice, pay);
      },
      onDownload: (invoice) => void this.#handleDownload(invoice),
      onLoadMore: () => this.#loadMore(),
      onRetryMore: () => void this.subkit.use(invoicesStore)?.loadMoreInvoices(),
      onScroll: this.#rows.scrolled,
      onKeydown: (event) => void this.#rows.keydown(event),
    };
  }

  protected override render(): TemplateResult {
    const s = this.#l.strings;
    const state = this.#invoices.value;
    const signedIn = this.subkit.hasSession;
    const c = this.#listContext();
    const table = (rows: InvoiceSummary[], mode: 'rows' | 'skeleton' | 'stale') => invoiceTable(rows, this.#rows.window(rows.length), mode, c);
    let body: TemplateResult | undefined;
    if (!signedIn) body = emptyState(s.signedOut);
    else if (!state.data && this.#staleRows) body = html`${table(this.#staleRows, 'stale')} ${listFooter(this.#staleRows, false, null, c)}`;
    else {
      body = this.#list.render({
        initial: () => table([], 'skeleton'),
        pending: () => table([], 'skeleton'),
        error: (error) => errorState(s.loadError, error, s, () => this.#list.run()),
        complete: (data) => {
          if (data.length > 0) return html`${table(data, 'rows')} ${listFooter(data, state.hasMore, state, c)}`;
          const filtered = Boolean(this.status || this.from || this.to);
          return html`<div part="empty">
            <p><slot name="empty">${filtered ? s.emptyFiltered : s.empty}</slot></p>
            ${filtered ? html`<button part="button button-secondary clear" type="button" @click=${this.#handleClearFilters}>${s.clearFilters}</button>` : nothing}
          </div>`;
        },
      });
    }
    // A company without any invoice yet has nothing to filter or export: the empty state stands alone.
    const filtered = Boolean(this.status || this.from || this.to);
    const tools = signedIn && !(state.data?.length === 0 && !filtered && !state.hasMore && !state.loading);
    const detail = this.#detail.detail;
    const detailView = this.#detail.view.view;
    // A pointer over the widget or focus in it fetches the code of what the buyer may ask next (an invoice, its PDF, the export).
    return html`<section
      part="base"
      dir=${this.#l.dir}
      lang=${this.#l.locale}
      aria-labelledby="title"
      aria-busy=${state.loading || state.loadingMore || this.#detail.view.pending ? 'true' : 'false'}
      @pointerover=${this.#detail.prepare}
      @focusin=${this.#detail.prepare}
    >
      <header part="header">
        <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
        ${tools
          ? html`<button part="button button-secondary export" type="button" ?disabled=${this.exporting} @click=${this.#handleExport}>${this.exporting ? s.exporting : s.exportCsv}</button>`
          : nothing}
      </header>
      ${tools ? filtersForm({ status: this.status, from: this.from, to: this.to }, this.#rangeInvalid, s, { onChange: this.#handleFilter, onClear: this.#handleClearFilters }) : nothing}
      ${signedIn && this.#session.value.data && !this.#canPay ? roleNote(s.viewerNote) : nothing}
      ${this.actionError ? html`<p part="error" role="alert">${this.actionError}</p>` : nothing}
      ${this.#detail.unavailable ? errorState(s[this.#detail.unavailable.message], this.#detail.unavailable.error, s, () => this.#detail.retry()) : nothing}
      ${body}
      ${detail && detailView && this.#detail.dialog.isOpen
        ? detailView.detailDialog(detail, { s: this.#detail.strings(), locale: this.#l.locale, now: this.#now, canPay: this.#canPay, downloading: this.#downloading, flow: this.#detail, catalog: this.#catalog?.value.data ?? null, onDownload: (invoice) => void this.#handleDownload(invoice) })
        : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-billing-history': SubkitBillingHistory;
  }
}
