import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { CreditNote, Invoice, InvoiceLine, InvoiceStatus, InvoiceSummary, PaymentAttempt, SessionInfo, TierBreakdownLine } from '@subkit/core';
import { createStores, type InvoiceFilters, type InvoicesState, type Remote, type SubkitError } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { LocaleController } from '../internal/locale-controller.js';
import { errorMessage } from '../internal/errors.js';
import { count, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { plural } from '../locales/plural.js';
import { billingHistoryLocales, type BillingHistoryStrings } from '../locales/billing-history.js';
import { ExportCompletedEvent, InvoiceDownloadedEvent, InvoicePaidEvent } from '../events/billing-history.js';
import { SubkitErrorEvent } from '../events/common.js';
import { tokens } from '../styles/tokens.js';
import { shared } from '../styles/shared.js';
import { styles } from './billing-history.styles.js';

/** The status a buyer sees: the invoice's own, or `overdue` for an open invoice past its due date. */
export type DisplayStatus = InvoiceStatus | 'overdue';

/** The statuses the filter offers (drafts never reach buyers). */
const FILTER_STATUSES: InvoiceStatus[] = ['open', 'paid', 'void', 'uncollectible'];
/** Invoices per page: the API's maximum, so 10,000 invoices take 100 requests. */
const PAGE_SIZE = 100;
/** Rows rendered above and below the visible ones, so fast scrolling rarely shows blank space. */
const OVERSCAN = 6;
/** Row height (px) assumed until the first row is measured. */
const ROW_ESTIMATE = 52;
/** Viewport height (px) assumed until the scroll container is measured. */
const VIEWPORT_ESTIMATE = 640;

const idle = { data: null, error: null, loading: false };
const noInvoices: InvoicesState = { ...idle, hasMore: false, filters: {}, loadingMore: false, nextCursor: null };

/** What the detail dialog shows: the invoice, its credit notes, and the pay step. */
interface Detail {
  id: string;
  /** The list row, shown in the heading while the full invoice loads. */
  summary: InvoiceSummary | null;
  invoice: Remote<Invoice>;
  creditNotes: Remote<CreditNote[]>;
  /** True once the buyer asked to pay: the dialog shows the amount and a confirm button. */
  confirmingPay: boolean;
  paying: boolean;
  /** The last pay outcome to explain (declined, needs authentication, done). */
  payMessage: { kind: 'error' | 'note' | 'success'; text: string } | null;
}

/** The list row of an invoice (the detail without its lines, attempts and tax lines). */
function toSummary(invoice: Invoice): InvoiceSummary {
  const { lines: _lines, paymentAttempts: _attempts, taxLines: _taxLines, ...summary } = invoice;
  return summary;
}

/** The status a buyer sees for an invoice at `now` (ms). */
export function displayStatus(invoice: Pick<InvoiceSummary, 'status' | 'dueAt'>, now: number): DisplayStatus {
  return invoice.status === 'open' && invoice.dueAt !== null && Date.parse(invoice.dueAt) < now ? 'overdue' : invoice.status;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The page's one date formatter per locale: building an Intl formatter costs far more than formatting. */
function dateFormat(locale: string): Intl.DateTimeFormat {
  let formatter = dateFormats.get(locale);
  if (!formatter) dateFormats.set(locale, (formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })));
  return formatter;
}

/** Hands a file to the browser as a download. */
function saveFile(blob: Blob, filename: string, host: ShadowRoot): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  host.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; the URL only names an in-memory blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

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
 * @csspart number - The invoice number button that opens the detail.
 * @csspart badge - A status badge; `badge-paid`, `badge-open`, `badge-overdue`, `badge-void`, `badge-uncollectible`, `badge-draft`, `badge-credited`.
 * @csspart button - Every button; `button-secondary`, `export`, `pdf`, `pay`, `load-more`, `retry`, `close`, `pay-confirm`.
 * @csspart footer - Under the table: `summary` and the load-more button.
 * @csspart sentinel - The infinite-scroll trigger at the end of the loaded rows.
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - The empty (or signed-out) state.
 * @csspart error - An error state with its retry.
 * @csspart dialog - The invoice detail dialog; `dialog-header`, `dialog-title`, `dialog-body`, `dialog-actions`.
 * @csspart meta - The invoice facts (issued, due, period, PO); `meta-term`, `meta-value`.
 * @csspart lines - The lines table; `line` each line, `line-credit` for credits, `line-tag` the kind, `tier` each tier row.
 * @csspart totals - Subtotal, discount, tax lines and total; `total` the grand total row.
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
 *
 * @cssstate loading - The first page is loading.
 * @cssstate busy - Reloading with new filters, loading more, paying or exporting.
 * @cssstate error - The invoices failed to load.
 * @cssstate empty - There are no invoices (for these filters).
 */
export class SubkitBillingHistory extends SubkitElement {
  static override styles = [tokens, shared, styles];

  /** Every store of the resolved client (until this widget takes only the stores it shows). */
  get #stores() {
    return this.subkit.client ? createStores(this.subkit.client) : null;
  }

  readonly #l = new LocaleController<BillingHistoryStrings>(this, billingHistoryLocales);
  readonly #invoices = this.subkit.bind((c) => createStores(c).$invoices, noInvoices);
  readonly #session = this.subkit.bind((c) => createStores(c).$session, idle as Remote<SessionInfo>);

  /** Shows only invoices of this status (`open`, `paid`, `void`, `uncollectible`); all when empty. */
  @property({ reflect: true }) status?: InvoiceStatus | '';
  /** Shows invoices issued on or after this date (`YYYY-MM-DD`). */
  @property({ reflect: true }) from?: string;
  /** Shows invoices issued on or before this date (`YYYY-MM-DD`). */
  @property({ reflect: true }) to?: string;
  /** Shows only the invoices of one subscription (its id). */
  @property({ attribute: 'subscription-id' }) subscriptionId?: string;
  /** Overrides of the locale's strings, e.g. `{ title: 'Invoices' }`. */
  @property({ attribute: false }) strings?: Partial<BillingHistoryStrings>;

  /** Index of the first row in view (the window starts `OVERSCAN` rows above it). */
  @state() private firstRow = 0;
  @state() private viewport = 0;
  @state() private rowHeight = 0;
  @state() private detail: Detail | null = null;
  @state() private exporting = false;
  /** A failed PDF download or export, shown above the table. */
  @state() private actionError: string | null = null;
  @state() private announcement = '';

  @query('[part~="table-scroll"]') private scroller?: HTMLElement | null;
  @query('[part~="sentinel"]') private sentinel?: HTMLElement | null;
  @query('dialog') private dialog?: HTMLDialogElement | null;

  #now = Date.now();
  #loadedFor: unknown = null;
  #loadedWithSession = false;
  #loadedFilters = '';
  #reportedError: SubkitError | null = null;
  #observed: HTMLElement | null = null;
  #observedRow: HTMLElement | null = null;
  #observedSentinel: HTMLElement | null = null;
  #observedLength = -1;
  #resizeObserver: ResizeObserver | null = null;
  #intersectionObserver: IntersectionObserver | null = null;
  #detailAbort: AbortController | null = null;
  #downloading = new Set<string>();
  #focusAfterClose: string | null = null;
  /** The rows last shown and the filters they answer, kept on screen while new filters load. */
  #shownRows: InvoiceSummary[] | null = null;
  #shownFilters = '';
  /** Rows of the previous filters while the new filters' first page loads, else null. */
  #staleRows: InvoiceSummary[] | null = null;
  #scrollTopOnRows = false;
  /** Invoices paid here, shown as paid in their row until the list itself says so. */
  #paidRows = new Map<string, InvoiceSummary>();

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
    return this.#session.value.data?.permissions.includes('invoices:pay') ?? false;
  }

  get #rowHeight(): number {
    return this.rowHeight || ROW_ESTIMATE;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resizeObserver?.disconnect();
    this.#intersectionObserver?.disconnect();
    this.#resizeObserver = this.#intersectionObserver = null;
    this.#observed = this.#observedRow = this.#observedSentinel = null;
    this.#detailAbort?.abort();
  }

  protected override willUpdate(): void {
    this.#now = Date.now();
    const { data, error, loading, filters } = this.#invoices.value;
    const filterKey = JSON.stringify(filters);
    if (data) {
      // The first page of other filters: start at its top.
      if (filterKey !== this.#shownFilters) this.#scrollTopOnRows = this.#shownRows !== null;
      if (data !== this.#shownRows) {
        for (const [id] of this.#paidRows) if (data.some((i) => i.id === id && i.status !== 'open')) this.#paidRows.delete(id);
      }
      this.#shownRows = data;
      this.#shownFilters = filterKey;
    }
    // Only other filters keep the old rows: a new session (same filters) must never show the last company's.
    this.#staleRows = !data && !error && loading && filterKey !== this.#shownFilters ? this.#shownRows : null;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const stores = this.#stores;
    const hasSession = this.subkit.hasSession;
    const filterKey = JSON.stringify(this.#filters);
    if (stores && hasSession && (this.#loadedFor !== stores || !this.#loadedWithSession || this.#loadedFilters !== filterKey) && !this.#rangeInvalid) {
      this.#loadedFor = stores;
      this.#loadedWithSession = hasSession;
      this.#loadedFilters = filterKey;
      void stores.loadSession();
      void stores.loadInvoices(this.#filters);
      // A page's first Intl formatter loads locale data (~20 ms): do it while the invoices are in flight.
      const locale = this.#l.locale;
      setTimeout(() => dateFormat(locale), 0);
    }
    if (this.#scrollTopOnRows) {
      this.#scrollTopOnRows = false;
      this.#scrollTo(0);
    }
    const { data, error, loading, loadingMore } = this.#invoices.value;
    const rows = data ?? this.#staleRows ?? [];
    const stale = !!this.#staleRows;
    this.setStates({
      loading: hasSession && !data && !error && !stale,
      busy: (loading && (!!data || stale)) || loadingMore || this.exporting || !!this.detail?.paying,
      error: !!error && !data,
      empty: !!data && rows.length === 0,
    });
    if (error && error !== this.#reportedError) {
      this.#reportedError = error;
      this.dispatchEvent(new SubkitErrorEvent({ error, source: data ? 'billing-history:more' : 'billing-history:invoices' }));
    }
    this.#observe(rows.length);
    if (this.detail && this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  /**
   * Watches the scroll container's size, a real row's height (so the virtual spacers match the rows
   * exactly) and the end-of-list sentinel. Observers report after layout, so rendering never forces a
   * synchronous layout of its own.
   */
  #observe(loaded: number): void {
    const scroller = this.scroller ?? null;
    if (scroller !== this.#observed) {
      this.#resizeObserver?.disconnect();
      this.#intersectionObserver?.disconnect();
      this.#observed = scroller;
      this.#observedRow = this.#observedSentinel = null;
      if (!scroller) return;
      this.#resizeObserver = new ResizeObserver((entries) => {
        for (const entry of entries) {
          if (entry.target === scroller) {
            const height = scroller.clientHeight;
            if (height && height !== this.viewport) this.viewport = height;
          } else {
            const height = entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height;
            if (height > 0 && Math.abs(height - this.rowHeight) > 0.1) this.rowHeight = height;
          }
        }
      });
      this.#resizeObserver.observe(scroller);
      this.#intersectionObserver = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) this.#loadMore();
        },
        { root: scroller, rootMargin: '0px 0px 50% 0px' },
      );
    }
    const row = this.renderRoot.querySelector<HTMLElement>('tr[data-index]');
    if (row && row !== this.#observedRow) {
      if (this.#observedRow) this.#resizeObserver?.unobserve(this.#observedRow);
      this.#resizeObserver?.observe(row);
      this.#observedRow = row;
    }
    // An observer reports changes only: after a page that left the sentinel in view, observing it
    // afresh makes it report again, so short pages keep loading until the view is full.
    const sentinel = this.sentinel ?? null;
    if (sentinel && (sentinel !== this.#observedSentinel || loaded !== this.#observedLength)) {
      if (this.#observedSentinel) this.#intersectionObserver?.unobserve(this.#observedSentinel);
      this.#intersectionObserver?.observe(sentinel);
      this.#observedSentinel = sentinel;
      this.#observedLength = loaded;
    }
  }

  #loadMore(): void {
    const state = this.#invoices.value;
    if (!state.hasMore || state.loading || state.loadingMore) return;
    void this.#stores?.loadMoreInvoices();
  }

  /** Past the loaded rows: waits for the next page (the one the sentinel may already be fetching). */
  async #nextPage(): Promise<void> {
    const stores = this.#stores;
    if (!stores) return;
    if (!stores.$invoices.get().loadingMore) {
      await stores.loadMoreInvoices();
      return;
    }
    await new Promise<void>((resolve) => {
      const stop = stores.$invoices.listen((value) => {
        if (value.loadingMore) return;
        stop();
        resolve();
      });
    });
  }

  #scrollTo(top: number): void {
    if (this.scroller) this.scroller.scrollTop = top;
    this.firstRow = Math.floor(Math.max(0, top) / this.#rowHeight);
  }

  #handleScroll(): void {
    const first = Math.floor(Math.max(0, this.scroller?.scrollTop ?? 0) / this.#rowHeight);
    if (first !== this.firstRow) this.firstRow = first;
  }

  #handleFilter(event: Event): void {
    const field = event.target as HTMLInputElement | HTMLSelectElement;
    if (field.name === 'status') this.status = field.value as InvoiceStatus | '';
    else if (field.name === 'from') this.from = field.value;
    else if (field.name === 'to') this.to = field.value;
  }

  #handleClearFilters(): void {
    this.status = '';
    this.from = '';
    this.to = '';
  }

  #handleRetry(): void {
    const stores = this.#stores;
    if (!stores) return;
    const { data } = this.#invoices.value;
    if (data) void stores.loadMoreInvoices();
    else void stores.loadInvoices(this.#filters);
  }

  /** Arrow keys move between rows (Home/End to the first/last loaded, Page keys by a screenful), rendering rows as they come into view. */
  async #handleRowKeydown(event: KeyboardEvent): Promise<void> {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('tr[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    const total = this.#invoices.value.data?.length ?? 0;
    const page = Math.max(1, Math.floor((this.viewport || VIEWPORT_ESTIMATE) / this.#rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: total - 1 };
    let next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const column = target.dataset.column ?? 'number';
    if (next >= total && this.#invoices.value.hasMore) await this.#nextPage();
    next = Math.max(0, Math.min(next, (this.#invoices.value.data?.length ?? 1) - 1));
    await this.#focusRow(next, column);
  }

  async #focusRow(index: number, column: string): Promise<void> {
    const scroller = this.scroller;
    if (!scroller) return;
    const rowH = this.#rowHeight;
    const head = this.renderRoot.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const top = index * rowH;
    const visible = scroller.clientHeight - head;
    if (top < scroller.scrollTop) this.#scrollTo(top);
    else if (top + rowH > scroller.scrollTop + visible) this.#scrollTo(top + rowH - visible);
    await this.updateComplete;
    const row = this.renderRoot.querySelector(`tr[data-index="${index}"]`);
    const button = row?.querySelector<HTMLElement>(`[data-column="${column}"]`) ?? row?.querySelector<HTMLElement>('[data-column="number"]');
    button?.focus({ preventScroll: true });
  }

  #handleOpen(summary: InvoiceSummary, confirmingPay = false): void {
    this.#focusAfterClose = summary.id;
    this.detail = {
      id: summary.id,
      summary,
      invoice: { data: null, error: null, loading: true },
      creditNotes: { data: null, error: null, loading: summary.creditNoteIds.length > 0 },
      confirmingPay,
      paying: false,
      payMessage: null,
    };
    void this.#loadDetail(summary.id, summary.creditNoteIds.length > 0);
  }

  async #loadDetail(id: string, withCreditNotes: boolean): Promise<void> {
    const stores = this.#stores;
    if (!stores) return;
    this.#detailAbort?.abort();
    const abort = (this.#detailAbort = new AbortController());
    const [invoice, notes] = await Promise.all([stores.invoice(id, abort.signal), withCreditNotes ? stores.creditNotes(id, abort.signal) : null]);
    if (abort.signal.aborted || this.detail?.id !== id) return;
    if (invoice.ok && this.#paidRows.has(id)) this.#paidRows.set(id, toSummary(invoice.data));
    this.detail = {
      ...this.detail,
      invoice: invoice.ok ? { data: invoice.data, error: null, loading: false } : { data: null, error: invoice.error, loading: false },
      creditNotes: !notes ? { data: [], error: null, loading: false } : notes.ok ? { data: notes.data, error: null, loading: false } : { data: null, error: notes.error, loading: false },
    };
    await this.updateComplete;
    if (!invoice.ok) {
      this.dispatchEvent(new SubkitErrorEvent({ error: invoice.error, source: 'billing-history:invoice' }));
    } else if (this.detail?.confirmingPay) {
      // Opened from a row's "Pay": the confirm button is what the buyer came for.
      this.renderRoot.querySelector<HTMLElement>('[part~="pay-confirm"]')?.focus();
    }
  }

  #handleDialogClose(): void {
    this.#detailAbort?.abort();
    this.detail = null;
    const id = this.#focusAfterClose;
    this.#focusAfterClose = null;
    void this.updateComplete.then(() => {
      const button = id ? this.renderRoot.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"] [data-column="number"]`) : null;
      (button ?? this.scroller)?.focus({ preventScroll: true });
    });
  }

  #handleClose(): void {
    this.dialog?.close();
  }

  async #handleDownload(summary: Pick<InvoiceSummary, 'id' | 'number'>): Promise<void> {
    const stores = this.#stores;
    if (!stores || this.#downloading.has(summary.id)) return;
    this.#downloading.add(summary.id);
    this.actionError = null;
    this.requestUpdate();
    const result = await stores.pdf(summary.id);
    this.#downloading.delete(summary.id);
    const s = this.#l.strings;
    if (!result.ok) {
      this.actionError = `${s.downloadError} ${errorMessage(result.error, s)}`;
      await this.updateComplete;
      this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'billing-history:pdf' }));
      return;
    }
    const filename = `${summary.number}.pdf`;
    saveFile(result.data, filename, this.renderRoot as ShadowRoot);
    this.announcement = format(s.downloaded, { filename });
    await this.updateComplete;
    this.dispatchEvent(new InvoiceDownloadedEvent({ invoiceId: summary.id, number: summary.number, filename }));
  }

  async #handleExport(): Promise<void> {
    const stores = this.#stores;
    if (!stores || this.exporting) return;
    const { limit: _limit, ...filters } = this.#filters;
    this.exporting = true;
    this.actionError = null;
    const result = await stores.exportCsv(filters);
    this.exporting = false;
    const s = this.#l.strings;
    if (!result.ok) {
      this.actionError = `${s.exportError} ${errorMessage(result.error, s)}`;
      await this.updateComplete;
      this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'billing-history:export' }));
      return;
    }
    const filename = ['invoices', filters.status, filters.from && `from-${filters.from}`, filters.to && `to-${filters.to}`].filter(Boolean).join('-') + '.csv';
    saveFile(result.data, filename, this.renderRoot as ShadowRoot);
    this.announcement = format(s.exported, { filename });
    await this.updateComplete;
    this.dispatchEvent(new ExportCompletedEvent({ format: 'csv', filename, filters, bytes: result.data.size }));
  }

  #handleAskPay(): void {
    if (this.detail) this.detail = { ...this.detail, confirmingPay: true, payMessage: null };
  }

  #handleCancelPay(): void {
    if (this.detail) this.detail = { ...this.detail, confirmingPay: false };
  }

  async #handlePay(): Promise<void> {
    const stores = this.#stores;
    const detail = this.detail;
    const invoice = detail?.invoice.data;
    if (!stores || !detail || !invoice || detail.paying) return;
    const s = this.#l.strings;
    this.detail = { ...detail, paying: true, payMessage: null };
    const result = await stores.payInvoice(invoice.id);
    if (this.detail?.id !== invoice.id) return;
    if (!result.ok) {
      const declined = result.error.serverType === 'payment_error' || result.error.status === 402;
      this.detail = { ...this.detail, paying: false, payMessage: { kind: 'error', text: declined ? s.payDeclined : errorMessage(result.error, s) } };
      await this.updateComplete;
      this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'billing-history:pay' }));
      return;
    }
    const payment = result.data;
    if (payment.status !== 'succeeded') {
      const text = payment.status === 'requires_action' ? s.payRequiresAction : s.payDeclined;
      this.detail = { ...this.detail, paying: false, payMessage: { kind: payment.status === 'requires_action' ? 'note' : 'error', text } };
      return;
    }
    const text = format(s.paid, { number: invoice.number });
    this.#paidRows.set(invoice.id, { ...toSummary(invoice), status: 'paid', amountPaid: invoice.amountPaid + invoice.amountRemaining, amountRemaining: 0, paidAt: new Date().toISOString() });
    this.detail = { ...this.detail, paying: false, confirmingPay: false, payMessage: { kind: 'success', text } };
    this.announcement = text;
    void this.#loadDetail(invoice.id, invoice.creditNoteIds.length > 0);
    await this.updateComplete;
    this.dispatchEvent(new InvoicePaidEvent({ invoiceId: invoice.id, subscriptionId: invoice.subscriptionId, payment, number: invoice.number, amount: invoice.amountRemaining, currency: invoice.currency }));
  }

  protected override render(): TemplateResult {
    const s = this.#l.strings;
    const state = this.#invoices.value;
    const signedIn = this.subkit.hasSession;
    const { data, error } = state;
    let body: TemplateResult;
    if (!signedIn) {
      body = html`<p part="empty">${s.signedOut}</p>`;
    } else if (!data && error) {
      body = html`<div part="error" role="alert">
        <p>${s.loadError} ${errorMessage(error, s)}</p>
        <button part="button retry" type="button" @click=${this.#handleRetry}>${s.retry}</button>
      </div>`;
    } else if (!data && this.#staleRows) {
      body = html`${this.#renderTable(this.#staleRows, false, true)} ${this.#renderFooter(this.#staleRows, false, null)}`;
    } else if (!data) {
      body = this.#renderTable([], true);
    } else if (data.length === 0) {
      const filtered = Boolean(this.status || this.from || this.to);
      body = html`<div part="empty">
        <p><slot name="empty">${filtered ? s.emptyFiltered : s.empty}</slot></p>
        ${filtered ? html`<button part="button button-secondary clear" type="button" @click=${this.#handleClearFilters}>${s.clearFilters}</button>` : nothing}
      </div>`;
    } else {
      body = html`${this.#renderTable(data, false)} ${this.#renderFooter(data, state.hasMore, state)}`;
    }
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${state.loading || state.loadingMore ? 'true' : 'false'}>
      <header part="header">
        <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
        ${signedIn
          ? html`<button part="button button-secondary export" type="button" ?disabled=${this.exporting} @click=${this.#handleExport}>
              ${this.exporting ? s.exporting : s.exportCsv}
            </button>`
          : nothing}
      </header>
      ${signedIn ? this.#renderFilters() : nothing}
      ${signedIn && this.#session.value.data && !this.#canPay ? html`<p part="note">${s.viewerNote}</p>` : nothing}
      ${this.actionError ? html`<p part="error" role="alert">${this.actionError}</p>` : nothing}
      ${body}
      ${this.detail ? this.#renderDialog(this.detail) : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  #renderFilters(): TemplateResult {
    const s = this.#l.strings;
    const invalid = this.#rangeInvalid;
    const filtered = Boolean(this.status || this.from || this.to);
    return html`<form part="filters" role="search" aria-label=${s.filters} @submit=${(e: Event) => e.preventDefault()} @change=${this.#handleFilter}>
      <label part="filter">
        <span>${s.status}</span>
        <select part="filter-select" name="status">
          <option value="" ?selected=${!this.status}>${s.statusAll}</option>
          ${FILTER_STATUSES.map((status) => html`<option value=${status} ?selected=${this.status === status}>${s[`status_${status}`]}</option>`)}
        </select>
      </label>
      <label part="filter">
        <span>${s.from}</span>
        <input part="filter-input" type="date" name="from" .value=${this.from ?? ''} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby="range-error" />
      </label>
      <label part="filter">
        <span>${s.to}</span>
        <input part="filter-input" type="date" name="to" .value=${this.to ?? ''} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby="range-error" />
      </label>
      ${filtered ? html`<button part="button button-secondary clear" type="button" @click=${this.#handleClearFilters}>${s.clearFilters}</button>` : nothing}
      <span part="field-error" id="range-error">${invalid ? s.rangeInvalid : ''}</span>
    </form>`;
  }

  // Only the rows in view are rendered; spacer rows stand in for the others. Their sizes go through
  // styleMap (the CSSOM), which a strict CSP without inline styles still allows.
  #renderTable(rows: InvoiceSummary[], skeleton: boolean, stale = false): TemplateResult {
    const s = this.#l.strings;
    const state = this.#invoices.value;
    const rowH = this.#rowHeight;
    const visibleRows = Math.ceil((this.viewport || VIEWPORT_ESTIMATE) / rowH);
    const start = Math.max(0, Math.min(this.firstRow, rows.length) - OVERSCAN);
    const end = Math.min(rows.length, this.firstRow + visibleRows + OVERSCAN);
    const rowCount = skeleton || stale || state.hasMore ? -1 : rows.length + 1;
    return html`${skeleton || stale ? html`<div class="visually-hidden" role="status">${s.loading}</div>` : nothing}
      <div
        part=${stale ? 'table-scroll table-scroll-busy' : 'table-scroll'}
        role="region"
        aria-labelledby="caption"
        tabindex="0"
        aria-busy=${state.loading ? 'true' : 'false'}
        @scroll=${this.#handleScroll}
        @keydown=${this.#handleRowKeydown}
      >
        <table part="table" aria-rowcount=${rowCount}>
          <caption id="caption" class="visually-hidden">${s.tableCaption}</caption>
          <colgroup>
            <col class="col-number" /><col class="col-issued" /><col class="col-period" /><col class="col-po" /><col class="col-amount" /><col class="col-status" /><col class="col-actions" />
          </colgroup>
          <thead>
            <tr aria-rowindex="1">
              <th part="header-cell" scope="col">${s.colNumber}</th>
              <th part="header-cell" scope="col">${s.colIssued}</th>
              <th part="header-cell header-period" scope="col">${s.colPeriod}</th>
              <th part="header-cell header-po" scope="col">${s.colPo}</th>
              <th part="header-cell header-amount" scope="col">${s.colAmount}</th>
              <th part="header-cell" scope="col">${s.colStatus}</th>
              <th part="header-cell" scope="col"><span class="visually-hidden">${s.colActions}</span></th>
            </tr>
          </thead>
          <tbody>
            ${skeleton
              ? [0, 1, 2, 3, 4, 5].map(
                  () => html`<tr part="row row-skeleton" aria-hidden="true">
                    ${[60, 55, 80, 45, 50, 40, 50].map((w) => html`<td part="cell"><span part="skeleton" style=${styleMap({ inlineSize: `${w}%` })}></span></td>`)}
                  </tr>`,
                )
              : html`${start > 0 ? html`<tr part="spacer" aria-hidden="true"><td colspan="7" style=${styleMap({ blockSize: `${start * rowH}px` })}></td></tr>` : nothing}
                ${repeat(
                  rows.slice(start, end),
                  (invoice) => invoice.id,
                  (invoice, offset) => this.#renderRow(this.#paidRows.get(invoice.id) ?? invoice, start + offset),
                )}
                ${end < rows.length ? html`<tr part="spacer" aria-hidden="true"><td colspan="7" style=${styleMap({ blockSize: `${(rows.length - end) * rowH}px` })}></td></tr>` : nothing}`}
          </tbody>
        </table>
        ${skeleton || stale ? nothing : html`<div part="sentinel" aria-hidden="true"></div>`}
      </div>`;
  }

  #renderRow(invoice: InvoiceSummary, index: number): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const status = displayStatus(invoice, this.#now);
    const payable = invoice.status === 'open' && invoice.amountRemaining > 0 && this.#canPay;
    const downloading = this.#downloading.has(invoice.id);
    return html`<tr part="row" data-index=${index} data-id=${invoice.id} aria-rowindex=${index + 2}>
      <th part="cell cell-number" scope="row">
        <button part="number" type="button" data-column="number" aria-haspopup="dialog" @click=${() => this.#handleOpen(invoice)}>${invoice.number}</button>
      </th>
      <td part="cell cell-issued">${this.#date(invoice.issuedAt)}</td>
      <td part="cell cell-period">${this.#period(invoice.periodStart, invoice.periodEnd)}</td>
      <td part="cell cell-po">${invoice.poNumber ?? html`<span aria-hidden="true">—</span><span class="visually-hidden">${s.noPo}</span>`}</td>
      <td part="cell cell-amount">${money(invoice.total, invoice.currency, locale)}</td>
      <td part="cell cell-status">
        <span part="badge badge-${status}">${s[`status_${status}`]}</span>
        ${invoice.creditNoteIds.length > 0 ? html`<span part="badge badge-credited">${s.credited}</span>` : nothing}
      </td>
      <td part="cell cell-actions">
        <button part="button button-secondary pdf" type="button" data-column="pdf" ?disabled=${downloading} @click=${() => this.#handleDownload(invoice)}>
          <span aria-hidden="true">${s.downloadPdf}</span><span class="visually-hidden">${format(s.downloadPdfLabel, { number: invoice.number })}</span>
        </button>
        ${payable
          ? html`<button part="button pay" type="button" data-column="pay" aria-haspopup="dialog" @click=${() => this.#handleOpen(invoice, true)}>
              <span aria-hidden="true">${s.pay}</span><span class="visually-hidden">${format(s.payLabel, { number: invoice.number })}</span>
            </button>`
          : nothing}
      </td>
    </tr>`;
  }

  /** Under the table: how many invoices are shown, a load-more error, and "Load more" (none for stale rows). */
  #renderFooter(rows: InvoiceSummary[], hasMore: boolean, state: InvoicesState | null): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    return html`<div part="footer">
      <p part="summary">${format(plural(s, hasMore ? 'shownMore' : 'shown', rows.length, locale), { count: count(rows.length, locale) })}</p>
      ${state?.error && state.data
        ? html`<div part="error" role="alert">
            <p>${s.loadMoreError} ${errorMessage(state.error, s)}</p>
            <button part="button retry" type="button" @click=${this.#handleRetry}>${s.retry}</button>
          </div>`
        : nothing}
      ${state?.hasMore
        ? html`<button part="button button-secondary load-more" type="button" aria-disabled=${state.loadingMore ? 'true' : 'false'} @click=${() => this.#loadMore()}>
            ${state.loadingMore ? s.loadingMore : s.loadMore}
          </button>`
        : nothing}
    </div>`;
  }

  #renderDialog(detail: Detail): TemplateResult {
    const s = this.#l.strings;
    const invoice = detail.invoice.data;
    const number = invoice?.number ?? detail.summary?.number ?? '';
    let body: TemplateResult;
    if (invoice) {
      body = this.#renderInvoice(invoice, detail);
    } else if (detail.invoice.error) {
      body = html`<div part="error" role="alert">
        <p>${s.detailError} ${errorMessage(detail.invoice.error, s)}</p>
        <button part="button retry" type="button" @click=${() => this.#loadDetail(detail.id, (detail.summary?.creditNoteIds.length ?? 0) > 0)}>${s.retry}</button>
      </div>`;
    } else {
      body = html`<div class="visually-hidden" role="status">${s.detailLoading}</div>
        <div aria-hidden="true">${[70, 40, 90, 90, 60].map((w) => html`<span part="skeleton skeleton-line" style=${styleMap({ inlineSize: `${w}%` })}></span>`)}</div>`;
    }
    return html`<dialog part="dialog" aria-labelledby="dialog-title" aria-busy=${detail.invoice.loading ? 'true' : 'false'} @close=${this.#handleDialogClose}>
      <header part="dialog-header">
        <h3 part="dialog-title" id="dialog-title">${format(s.detailTitle, { number })}</h3>
        ${invoice ? html`<span part="badge badge-${displayStatus(invoice, this.#now)}">${s[`status_${displayStatus(invoice, this.#now)}`]}</span>` : nothing}
        <button part="button button-secondary close" type="button" @click=${this.#handleClose}>${s.close}</button>
      </header>
      <div part="dialog-body">${body}</div>
    </dialog>`;
  }

  #renderInvoice(invoice: Invoice, detail: Detail): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const m = (amount: number) => money(amount, invoice.currency, locale);
    const payable = invoice.status === 'open' && invoice.amountRemaining > 0 && this.#canPay;
    const facts: [string, string][] = [
      [s.issued, this.#date(invoice.issuedAt)],
      ...(invoice.dueAt ? [[s.due, this.#date(invoice.dueAt)] as [string, string]] : []),
      ...(invoice.paidAt ? [[s.paidOn, this.#date(invoice.paidAt)] as [string, string]] : []),
      [s.period, this.#period(invoice.periodStart, invoice.periodEnd)],
      [s.poNumber, invoice.poNumber ?? '—'],
      [s.collection, s[`collection_${invoice.collectionMethod}`]],
    ];
    return html`<dl part="meta">
        ${facts.map(([term, value]) => html`<div><dt part="meta-term">${term}</dt><dd part="meta-value">${value}</dd></div>`)}
      </dl>
      <table part="lines">
        <caption>${s.lines}</caption>
        <thead>
          <tr><th scope="col">${s.lineDescription}</th><th scope="col">${s.lineAmount}</th></tr>
        </thead>
        <tbody>
          ${invoice.lines.map((line) => this.#renderLine(line, invoice.currency))}
        </tbody>
        <tbody part="totals">
          <tr><th scope="row">${s.subtotal}</th><td>${m(invoice.subtotal)}</td></tr>
          ${invoice.discountTotal > 0 ? html`<tr part="discount"><th scope="row">${s.discount}</th><td>${m(-invoice.discountTotal)}</td></tr>` : nothing}
          ${invoice.taxLines.map(
            (tax) => html`<tr part="tax"><th scope="row">${format(s.taxOn, { name: tax.name, amount: m(tax.taxableAmount) })}</th><td>${m(tax.amount)}</td></tr>`,
          )}
          <tr part="total"><th scope="row">${s.total}</th><td>${m(invoice.total)}</td></tr>
          ${invoice.creditApplied > 0 ? html`<tr><th scope="row">${s.creditApplied}</th><td>${m(-invoice.creditApplied)}</td></tr>` : nothing}
          ${invoice.amountPaid > 0 ? html`<tr><th scope="row">${s.amountPaid}</th><td>${m(invoice.amountPaid)}</td></tr>` : nothing}
          <tr part="amount-due"><th scope="row">${s.amountRemaining}</th><td>${m(invoice.amountRemaining)}</td></tr>
        </tbody>
      </table>
      <section part="payments" aria-labelledby="payments-title">
        <h4 id="payments-title">${s.payments}</h4>
        ${invoice.paymentAttempts.length === 0
          ? html`<p part="note">${s.noPayments}</p>`
          : html`<ul>
              ${invoice.paymentAttempts.map((attempt) => this.#renderAttempt(attempt, invoice.currency))}
            </ul>`}
      </section>
      ${this.#renderCreditNotes(detail)}
      ${this.#renderPayPanel(invoice, detail, payable)}
      <div part="dialog-actions">
        <button part="button button-secondary pdf" type="button" ?disabled=${this.#downloading.has(invoice.id)} @click=${() => this.#handleDownload(invoice)}>
          ${format(s.downloadPdfLabel, { number: invoice.number })}
        </button>
        ${payable && !detail.confirmingPay
          ? html`<button part="button pay" type="button" @click=${this.#handleAskPay}>${this.#payLabel(invoice, m(invoice.amountRemaining))}</button>`
          : nothing}
      </div>`;
  }

  #renderLine(line: InvoiceLine, currency: string): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const credit = line.amount < 0;
    const tag = line.proration
      ? credit
        ? s.line_proration_credit
        : s.line_proration_charge
      : line.type === 'usage'
        ? s.line_usage
        : line.type === 'addon'
          ? s.line_addon
          : line.type === 'one_time'
            ? s.line_one_time
            : null;
    const tiers = line.tiers.filter((t) => t.kind !== 'flat');
    return html`<tr part=${credit ? 'line line-credit' : 'line'}>
        <th scope="row">
          <span part="line-description">${line.description}</span>
          ${tag ? html`<span part="line-tag">${tag}</span>` : nothing}
          <span part="line-period">${this.#period(line.periodStart, line.periodEnd)}${line.type === 'usage' ? ` · ${format(s.lineQuantity, { quantity: count(line.quantity, locale) })}` : ''}</span>
        </th>
        <td>${money(line.amount, currency, locale)}</td>
      </tr>
      ${tiers.map(
        (tier) => html`<tr part="tier">
          <th scope="row">${this.#tierLabel(tier, currency)}</th>
          <td>${money(tier.amount, currency, locale)}</td>
        </tr>`,
      )}`;
  }

  #tierLabel(tier: TierBreakdownLine, currency: string): string {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const units = format(s.lineUnits, { quantity: count(tier.quantity, locale), price: money(tier.unitAmount, currency, locale) });
    switch (tier.kind) {
      case 'included':
        return format(s.included, { quantity: count(tier.quantity, locale) });
      case 'overage':
        return format(s.overage, { quantity: count(tier.quantity, locale), price: money(tier.unitAmount, currency, locale) });
      case 'tier': {
        const range = tier.upTo === null ? format(s.tierFrom, { from: count(tier.from, locale) }) : format(s.tierRange, { from: count(tier.from, locale), to: count(tier.upTo, locale) });
        return `${range}: ${units}${tier.flatAmount ? ` ${format(s.tierFlat, { amount: money(tier.flatAmount, currency, locale) })}` : ''}`;
      }
      default:
        return units;
    }
  }

  #renderAttempt(attempt: PaymentAttempt, currency: string): TemplateResult {
    const s = this.#l.strings;
    const failed = attempt.status === 'failed';
    return html`<li part=${failed ? 'payment payment-failed' : 'payment'}>
      <span>${this.#date(attempt.at)}</span>
      <span>${money(attempt.amount, currency, this.#l.locale)}</span>
      <span part="badge badge-attempt-${attempt.status}">${s[`attempt_${attempt.status}`]}</span>
      ${attempt.failureMessage ? html`<span part="payment-failure">${attempt.failureMessage}</span>` : nothing}
      ${attempt.nextRetryAt && failed ? html`<span part="payment-retry">${format(s.nextRetry, { date: this.#date(attempt.nextRetryAt) })}</span>` : nothing}
    </li>`;
  }

  #renderCreditNotes(detail: Detail): TemplateResult | typeof nothing {
    const s = this.#l.strings;
    const notes = detail.creditNotes;
    if (!notes.loading && !notes.error && (notes.data?.length ?? 0) === 0) return nothing;
    const locale = this.#l.locale;
    return html`<section part="credit-notes" aria-labelledby="credit-notes-title">
      <h4 id="credit-notes-title">${s.creditNotes}</h4>
      ${notes.loading ? html`<p part="note" role="status">${s.creditNotesLoading}</p>` : nothing}
      ${notes.error ? html`<p part="error" role="alert">${errorMessage(notes.error, s)}</p>` : nothing}
      ${(notes.data ?? []).map(
        (note) => html`<article part="credit-note" aria-label=${note.number}>
          <p>
            <strong>${note.number}</strong> · ${this.#date(note.createdAt)} · ${s[`reason_${note.reason}`]} ·
            <span part="credit-note-amount">${money(-note.amount, note.currency, locale)}</span>
          </p>
          ${note.memo ? html`<p part="note">${note.memo}</p>` : nothing}
          <ul>
            ${note.lines.map((l) => html`<li>${l.description}: ${money(-l.amount, note.currency, locale)}</li>`)}
          </ul>
        </article>`,
      )}
    </section>`;
  }

  #renderPayPanel(invoice: Invoice, detail: Detail, payable: boolean): TemplateResult | typeof nothing {
    const s = this.#l.strings;
    const message = detail.payMessage;
    const messageTemplate = message
      ? html`<p part="message message-${message.kind}" role=${message.kind === 'error' ? 'alert' : 'status'}>${message.text}</p>`
      : nothing;
    if (!payable || !detail.confirmingPay) return message ? html`<div part="pay-panel">${messageTemplate}</div>` : nothing;
    const amount = money(invoice.amountRemaining, invoice.currency, this.#l.locale);
    // An invoice billed for bank transfer can still be paid by card: say that this is what happens.
    const confirm = invoice.collectionMethod === 'send_invoice' ? s.payConfirmInvoiced : s.payConfirm;
    return html`<section part="pay-panel" aria-labelledby="pay-title">
      <h4 id="pay-title">${s.payTitle}</h4>
      <p>${format(confirm, { amount })}</p>
      ${messageTemplate}
      <div part="dialog-actions">
        <button part="button button-secondary" type="button" ?disabled=${detail.paying} @click=${this.#handleCancelPay}>${s.cancel}</button>
        <button part="button pay-confirm" type="button" aria-disabled=${detail.paying ? 'true' : 'false'} @click=${this.#handlePay}>
          ${detail.paying ? s.paying : this.#payLabel(invoice, amount)}
        </button>
      </div>
    </section>`;
  }

  /** "Pay $172.86 now", or "Pay $172.86 by card" for an invoice billed for bank transfer. */
  #payLabel(invoice: Invoice, amount: string): string {
    const s = this.#l.strings;
    return format(invoice.collectionMethod === 'send_invoice' ? s.payByCard : s.payNow, { amount });
  }

  #date(iso: string): string {
    return dateFormat(this.#l.locale).format(new Date(iso));
  }

  #period(start: string, end: string): string {
    return dateFormat(this.#l.locale).formatRange(new Date(start), new Date(end));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-billing-history': SubkitBillingHistory;
  }
}
