import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { InvoiceStatus, InvoiceSummary } from '@subkit/core';
import type { InvoicesState } from '@subkit/client';
import { count, date, money, period } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { plural } from '../locales/plural.js';
import type { HistoryListStrings } from '../locales/billing-history.js';
import { errorState, sizes, skeleton } from '../templates/states.js';
import { displayStatus, purposeLabel } from './display-status.js';
import type { RowWindow } from './virtual-rows.js';

/** The statuses the filter offers (drafts never reach buyers). */
const FILTER_STATUSES: InvoiceStatus[] = ['open', 'paid', 'void', 'uncollectible'];

/** What the list's templates need. */
export interface ListContext {
  s: HistoryListStrings;
  locale: string;
  /** "Now" of this render: an open invoice past its due date shows as overdue. */
  now: number;
  state: InvoicesState;
  canPay: boolean;
  downloading: Set<string>;
  onOpen(invoice: InvoiceSummary, pay?: boolean): void;
  onDownload(invoice: InvoiceSummary): void;
  onLoadMore(): void;
  onRetryMore(): void;
  onScroll(): void;
  onKeydown(event: KeyboardEvent): void;
}

const strings = (s: HistoryListStrings) => s as HistoryListStrings & Record<string, string>;

/** The filter form: status, issued from and to (a range that ends before it starts is refused), and clear. */
export function filtersForm(filters: { status?: string; from?: string; to?: string }, rangeInvalid: boolean, s: HistoryListStrings, handlers: { onChange(event: Event): void; onClear(): void }): TemplateResult {
  const filtered = Boolean(filters.status || filters.from || filters.to);
  return html`<form part="filters" role="search" aria-label=${s.filters} @submit=${(e: Event) => e.preventDefault()} @change=${handlers.onChange}>
    <label part="filter">
      <span>${s.status}</span>
      <select part="filter-select" name="status">
        <option value="" ?selected=${!filters.status}>${s.statusAll}</option>
        ${FILTER_STATUSES.map((status) => html`<option value=${status} ?selected=${filters.status === status}>${strings(s)[`status_${status}`]}</option>`)}
      </select>
    </label>
    <label part="filter">
      <span>${s.from}</span>
      <input part="filter-input" type="date" name="from" .value=${filters.from ?? ''} aria-invalid=${rangeInvalid ? 'true' : 'false'} aria-describedby="range-error" />
    </label>
    <label part="filter">
      <span>${s.to}</span>
      <input part="filter-input" type="date" name="to" .value=${filters.to ?? ''} aria-invalid=${rangeInvalid ? 'true' : 'false'} aria-describedby="range-error" />
    </label>
    ${filtered ? html`<button part="button button-secondary clear" type="button" @click=${handlers.onClear}>${s.clearFilters}</button>` : nothing}
    <span part="field-error" id="range-error">${rangeInvalid ? s.rangeInvalid : ''}</span>
  </form>`;
}

/**
 * The invoice table. Only the rows in view are rendered; spacer rows stand in for the others (sized
 * through the CSSOM, see `sizes`).
 */
export function invoiceTable(rows: InvoiceSummary[], view: RowWindow, mode: 'rows' | 'skeleton' | 'stale', c: ListContext): TemplateResult {
  const { s, state } = c;
  const placeholder = mode !== 'rows';
  const { start, end, rowHeight } = view;
  const rowCount = placeholder || state.hasMore ? -1 : rows.length + 1;
  const spacer = (n: number) => html`<tr part="spacer" aria-hidden="true"><td colspan="7" .style=${sizes({ block: `${n * rowHeight}px` })}></td></tr>`;
  return html`${placeholder ? html`<div class="visually-hidden" role="status">${s.loading}</div>` : nothing}
    <div
      part=${mode === 'stale' ? 'table-scroll table-scroll-busy' : 'table-scroll'}
      role="region"
      aria-labelledby="caption"
      tabindex="0"
      aria-busy=${state.loading ? 'true' : 'false'}
      @scroll=${c.onScroll}
      @keydown=${c.onKeydown}
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
          ${mode === 'skeleton'
            ? [0, 1, 2, 3, 4, 5].map(
                () => html`<tr part="row row-skeleton" aria-hidden="true">
                  ${[60, 55, 80, 45, 50, 40, 50].map((w) => html`<td part="cell">${skeleton({ inline: `${w}%` })}</td>`)}
                </tr>`,
              )
            : html`${start > 0 ? spacer(start) : nothing}
              ${repeat(rows.slice(start, end), (invoice) => invoice.id, (invoice, offset) => invoiceRow(invoice, start + offset, c))}
              ${end < rows.length ? spacer(rows.length - end) : nothing}`}
        </tbody>
      </table>
      ${placeholder ? nothing : html`<div part="sentinel" aria-hidden="true"></div>`}
    </div>`;
}

/**
 * Makes the formatters and the plural rules the rows and the footer use before the invoices arrive: a page's first
 * Intl object of each kind first lists every locale Intl has (10–30 ms of the main thread, once per page), which then
 * happens while the request is in flight. The amounts' formatter is cheap once a number formatter was made.
 */
export function prepareRowFormats(locale: string): void {
  period('2026', '2027', locale);
  // The footer's plural rules ("100 invoices shown"; an empty table, as only the locale's rules are made here), then its count.
  plural({}, 'shown', 0, locale);
  count(0, locale);
}

function invoiceRow(invoice: InvoiceSummary, index: number, c: ListContext): TemplateResult {
  const s = strings(c.s);
  const status = displayStatus(invoice, c.now);
  // Above 0 only while the invoice is owed: open, or uncollectible (written off, the claim kept; core's isPayable).
  const payable = invoice.amountRemaining > 0 && c.canPay;
  const purpose = purposeLabel(invoice.purpose, s);
  return html`<tr part="row" data-index=${index} data-id=${invoice.id} aria-rowindex=${index + 2}>
    <th part="cell cell-number" scope="row">
      <button part="number" type="button" data-column="number" aria-haspopup="dialog" @click=${() => c.onOpen(invoice)}><bdi>${invoice.number}</bdi></button>
      ${purpose ? html`<span part="purpose">${purpose}</span>` : nothing}
    </th>
    <td part="cell cell-issued">${date(invoice.issuedAt, c.locale)}</td>
    <td part="cell cell-period">${period(invoice.periodStart, invoice.periodEnd, c.locale)}</td>
    <td part="cell cell-po">${invoice.poNumber ? html`<bdi>${invoice.poNumber}</bdi>` : html`<span aria-hidden="true">—</span><span class="visually-hidden">${s.noPo}</span>`}</td>
    <td part="cell cell-amount">${money(invoice.total, invoice.currency, c.locale)}</td>
    <td part="cell cell-status">
      <span part="badge badge-${status}">${s[`status_${status}`]}</span>
      ${invoice.creditNoteIds.length > 0 ? html`<span part="badge badge-credited">${s.credited}</span>` : nothing}
    </td>
    <td part="cell cell-actions">
      <button part="button button-secondary pdf" type="button" data-column="pdf" ?disabled=${c.downloading.has(invoice.id)} @click=${() => c.onDownload(invoice)}>
        <span aria-hidden="true">${s.downloadPdf}</span><span class="visually-hidden">${format(s.downloadPdfLabel, { number: invoice.number })}</span>
      </button>
      ${payable
        ? html`<button part="button pay" type="button" data-column="pay" aria-haspopup="dialog" @click=${() => c.onOpen(invoice, true)}>
            <span aria-hidden="true">${s.pay}</span><span class="visually-hidden">${format(s.payLabel, { number: invoice.number })}</span>
          </button>`
        : nothing}
    </td>
  </tr>`;
}

/** Under the table: how many invoices are shown, a load-more error, and "Load more" (none for stale rows). */
export function listFooter(rows: InvoiceSummary[], hasMore: boolean, state: InvoicesState | null, c: ListContext): TemplateResult {
  const { s, locale } = c;
  return html`<div part="footer">
    <p part="summary">${format(plural(s, hasMore ? 'shownMore' : 'shown', rows.length, locale), { count: count(rows.length, locale) })}</p>
    ${state?.error && state.data ? errorState(s.loadMoreError, state.error, s, c.onRetryMore) : nothing}
    ${state?.hasMore
      ? html`<button part="button button-secondary load-more" type="button" aria-disabled=${state.loadingMore ? 'true' : 'false'} @click=${c.onLoadMore}>
          ${state.loadingMore ? s.loadingMore : s.loadMore}
        </button>`
      : nothing}
  </div>`;
}
