import type { ReactiveControllerHost } from 'lit';
import type { CreditNote, Invoice, InvoiceSummary } from '@subkit/core';
import { invoicesStore, type Remote, type SubkitConnection, type SubkitError } from '@subkit/client';
import { DialogController } from '../internal/dialog-controller.js';
import { LazyView } from '../internal/lazy-view.js';
import { viewUnavailable } from '../internal/view-unavailable.js';
import { SubkitErrorEvent } from '../events/common.js';
import type { BillingHistoryStrings, HistoryListStrings } from '../locales/billing-history.js';

/** What the detail dialog shows: the invoice, its credit notes, and the pay step. */
export interface Detail {
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

const loading = <T>(): Remote<T> => ({ data: null, error: null, loading: true });
const done = <T>(data: T | null, error: Remote<T>['error']): Remote<T> => ({ data, error, loading: false });

/** The dialog's templates and styles (a chunk fetched when the first invoice is opened). */
export type DetailView = typeof import('./invoice-detail.view.js');

/**
 * One invoice in a dialog: its lines, payments and credit notes (loaded on opening, the previous load
 * aborted), and paying it — confirm the amount, pay through the payments store (the row turns Paid where it
 * is; invoice-pay.ts, with the dialog's code), then show the outcome. Closing returns focus to the invoice's
 * row. The dialog's code is fetched when a buyer first opens an invoice (`view`; the widget is busy
 * meanwhile), while the invoice loads.
 */
export class InvoiceDetail {
  detail: Detail | null = null;
  /** What could not be done because the dialog's code could not be fetched (offline): the widget shows the error with a retry. */
  unavailable: { message: 'detailError' | 'downloadError' | 'exportError'; error: SubkitError; retry: () => void } | null = null;
  readonly dialog: DialogController;
  readonly view: LazyView<DetailView>;
  #abort: AbortController | null = null;

  constructor(
    /** @internal */
    readonly host: ReactiveControllerHost & HTMLElement,
    /** @internal */
    readonly client: () => SubkitConnection | null,
    /** The widget's strings (a locale's whole table; in English, what the list needs: see `strings()`). @internal */
    readonly listStrings: () => HistoryListStrings,
    /** @internal */
    readonly announce: (text: string) => void,
  ) {
    this.dialog = new DialogController(host, {
      element: () => host.shadowRoot?.querySelector('dialog'),
      onClosed: () => {
        this.#abort?.abort();
        this.detail = null;
      },
      // The row's number button, wherever the list scrolled meanwhile (else the list itself).
      focusAfter: () => {
        const root = host.shadowRoot!;
        const id = this.#closedId;
        return (id ? root.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"] [data-column="number"]`) : null) ?? root.querySelector<HTMLElement>('[part~="table-scroll"]');
      },
      preventScroll: true,
    });
    this.view = new LazyView(host, () => import('./invoice-detail.view.js'));
  }

  /** The invoice whose row takes focus back. */
  #closedId: string | null = null;

  /**
   * The strings the dialog reads: the widget's, over the dialog's English ones (which come with the dialog's code; a
   * locale's own table has them all, and a page's overrides are in the widget's). Only dialog code reads them.
   */
  strings(): BillingHistoryStrings {
    const list = this.listStrings();
    const view = this.view.view;
    if (this.#strings?.list !== list || this.#strings.view !== view) this.#strings = { list, view, merged: { ...view?.detailStrings, ...list } as BillingHistoryStrings };
    return this.#strings.merged;
  }

  #strings: { list: HistoryListStrings; view: DetailView | null; merged: BillingHistoryStrings } | null = null;

  /** Sets what the dialog shows and updates the widget (paying, invoice-pay.ts, uses it too). */
  set(detail: Detail | null): void {
    this.detail = detail;
    this.host.requestUpdate();
  }

  /** Opens an invoice (from a row's number, or its Pay button: then the pay step shows at once). */
  open(summary: InvoiceSummary, confirmingPay = false): void {
    this.#closedId = summary.id;
    this.unavailable = null;
    const withCreditNotes = summary.creditNoteIds.length > 0;
    this.set({
      id: summary.id, summary, invoice: loading(), creditNotes: withCreditNotes ? loading() : done([], null), confirmingPay, paying: false, payMessage: null,
    });
    void this.load(summary.id, withCreditNotes);
    if (this.view.view) this.dialog.open();
    else void this.view.load().then(() => this.detail?.id === summary.id && this.dialog.open(), () => this.#unavailable(summary, confirmingPay));
  }

  /** The dialog's code could not be fetched: nothing opens, so the widget says so, with a retry (`retry`). */
  #unavailable(summary: InvoiceSummary, pay: boolean): void {
    if (this.detail?.id !== summary.id) return;
    this.#abort?.abort();
    this.failed('detailError', 'billing-history:invoice', () => this.open(summary, pay));
    this.set(null);
  }

  /** The dialog's code is needed for `message`'s action and could not be fetched: the error panel with `retry`, and `subkit-error`. */
  failed(message: NonNullable<InvoiceDetail['unavailable']>['message'], source: string, retry: () => void): void {
    this.unavailable = { message, error: viewUnavailable(this.host, 'invoice dialog', source), retry };
    this.host.requestUpdate();
  }

  /** Tries again what could not be done (an invoice opened, a file asked for). */
  retry(): void {
    const unavailable = this.unavailable;
    this.unavailable = null;
    unavailable?.retry();
  }

  /** Fetches the dialog's code (and what the file buttons send) once, ahead of the buyer's click: only warms the module. */
  readonly prepare = (): void => {
    if (this.#prepared) return;
    this.#prepared = true;
    void import('./invoice-detail.view.js').catch(() => undefined);
  };

  #prepared = false;

  /** Loads the invoice (and its credit notes); a newer load or closing aborts this one. */
  async load(id: string, withCreditNotes: boolean): Promise<void> {
    const client = this.client();
    if (!client) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    // The credit notes are asked with the dialog's code (when it cannot be fetched, the dialog does not open).
    const notes = withCreditNotes ? this.view.load().then((view) => view.creditNotes(client, id, abort.signal), () => null) : null;
    const [invoice, creditNotes] = await Promise.all([invoicesStore(client).invoice(id, abort.signal), notes]);
    if (abort.signal.aborted || this.detail?.id !== id) return;
    this.set({
      ...this.detail,
      invoice: invoice.ok ? done<Invoice>(invoice.data, null) : done<Invoice>(null, invoice.error),
      creditNotes: !creditNotes ? done<CreditNote[]>([], null) : creditNotes.ok ? done<CreditNote[]>(creditNotes.data, null) : done<CreditNote[]>(null, creditNotes.error),
    });
    // The pay step's button is focused once the dialog is there (its code may still be on its way).
    await this.view.load().catch(() => null);
    await this.host.updateComplete;
    if (!invoice.ok) {
      this.host.dispatchEvent(new SubkitErrorEvent({ error: invoice.error, source: 'billing-history:invoice' }));
    } else if (this.detail?.confirmingPay) {
      // Opened from a row's "Pay": the confirm button is what the buyer came for.
      this.host.shadowRoot?.querySelector<HTMLElement>('[part~="pay-confirm"]')?.focus();
    }
  }

  askPay(): void {
    if (this.detail) this.set({ ...this.detail, confirmingPay: true, payMessage: null });
  }

  cancelPay(): void {
    if (this.detail) this.set({ ...this.detail, confirmingPay: false });
  }

  /** Stops loading when the widget leaves the page. */
  disconnect(): void {
    this.#abort?.abort();
  }
}
