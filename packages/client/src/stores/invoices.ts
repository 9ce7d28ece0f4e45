import { atom, type ReadableAtom } from 'nanostores';
import type { Invoice, InvoiceListQuery, InvoiceSummary } from '@subkit/core/schemas';
import { getInvoice, listInvoices } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { reactions } from './reactions.js';
import { defineStore, idle, withoutNulls, type Remote } from './store.js';

/** Filters of the invoice list (the cursor is the store's business). */
export type InvoiceFilters = Omit<InvoiceListQuery, 'cursor'>;

/** The invoice list: the pages loaded so far, newest first. */
export type InvoicesState = Remote<InvoiceSummary[]> & {
  hasMore: boolean;
  filters: InvoiceFilters;
  loadingMore: boolean;
  nextCursor: string | null;
};

/** The company's invoices: the filtered, paged list, the open invoice of a subscription, and one invoice whole (its PDF, credit notes and the CSV export are `invoiceDocuments`). */
export interface InvoicesStore {
  $invoices: ReadableAtom<InvoicesState>;
  /** The open invoice of each subscription asked about with `loadOpenInvoice` (`null`: none, or it could not be loaded). */
  $openInvoices: ReadableAtom<Record<string, InvoiceSummary | null>>;
  /** Loads the first invoice page; new filters reset the list. */
  loadInvoices(filters?: InvoiceFilters): Promise<Result<InvoiceSummary[]>>;
  /** Appends the next invoice page. */
  loadMoreInvoices(): Promise<Result<InvoiceSummary[]>>;
  /** Loads the open invoice of a subscription to pay first (the oldest; a past-due one has one) into `$openInvoices`. */
  loadOpenInvoice(subscriptionId: string): Promise<Result<InvoiceSummary | null>>;
  /** One invoice with its lines, payment attempts and tax lines. */
  invoice(invoiceId: string, signal?: AbortSignal): Promise<Result<Invoice>>;
}

const PAGE = 20;
const emptyList = (filters: InvoiceFilters = {}): InvoicesState => ({ ...idle<InvoiceSummary[]>(), hasMore: false, filters, loadingMore: false, nextCursor: null });

/** The list row of an invoice (the invoice without its lines, attempts and tax lines). */
export function invoiceSummary(invoice: Invoice): InvoiceSummary {
  const { lines: _lines, paymentAttempts: _attempts, taxLines: _taxLines, ...summary } = invoice;
  return summary;
}

/** The invoices store of a client; the list loads with the filters a widget gives (`loadInvoices`). */
export const invoicesStore = defineStore<InvoicesStore>('invoices', (client) => {
  const $invoices = atom<InvoicesState>(emptyList());
  const $openInvoices = atom<Record<string, InvoiceSummary | null>>({});
  let generation = 0;

  async function loadInvoices(filters?: InvoiceFilters): Promise<Result<InvoiceSummary[]>> {
    const mine = ++generation;
    const before = $invoices.value!;
    const next = filters === undefined ? before.filters : withoutNulls(filters);
    const sameFilters = JSON.stringify(next) === JSON.stringify(before.filters);
    $invoices.set({ ...(sameFilters ? before : emptyList(next)), filters: next, loading: true, loadingMore: false });
    const page = await client.send(listInvoices, { query: { limit: PAGE, ...next } });
    if (mine !== generation) return page.ok ? ok($invoices.value!.data ?? []) : page;
    if (!page.ok) {
      $invoices.set({ ...$invoices.value!, error: page.error, loading: false });
      return page;
    }
    $invoices.set({ data: page.data.data, error: null, loading: false, loadingMore: false, filters: next, hasMore: page.data.hasMore, nextCursor: page.data.nextCursor });
    return ok(page.data.data);
  }

  async function loadMoreInvoices(): Promise<Result<InvoiceSummary[]>> {
    const state = $invoices.value!;
    if (state.loading || state.loadingMore || !state.hasMore || !state.nextCursor) return ok(state.data ?? []);
    const mine = generation;
    $invoices.set({ ...state, loadingMore: true });
    const page = await client.send(listInvoices, { query: { limit: PAGE, ...state.filters, cursor: state.nextCursor } });
    // A reset (new filters, a refresh) while this page was in flight makes it stale.
    if (mine !== generation) return page.ok ? ok($invoices.value!.data ?? []) : page;
    const now = $invoices.value!;
    if (!page.ok) {
      $invoices.set({ ...now, error: page.error, loadingMore: false });
      return page;
    }
    const seen = new Set((now.data ?? []).map((i) => i.id));
    const data = [...(now.data ?? []), ...page.data.data.filter((i) => !seen.has(i.id))];
    $invoices.set({ ...now, data, error: null, loadingMore: false, hasMore: page.data.hasMore, nextCursor: page.data.nextCursor });
    return ok(data);
  }

  /**
   * The oldest open invoice: the one to pay first. The newest was named before — with net 30 on monthly billing the
   * next period's invoice, not due yet, instead of the overdue one; on hold, the last one issued instead of the one
   * whose retries ran out.
   */
  async function loadOpenInvoice(subscriptionId: string): Promise<Result<InvoiceSummary | null>> {
    const result = await client.send(listInvoices, { query: { subscriptionId, status: 'open', limit: 100 } });
    const oldest = result.ok ? (result.data.data.at(-1) ?? null) : null;
    $openInvoices.set({ ...$openInvoices.value!, [subscriptionId]: oldest });
    return result.ok ? ok(oldest) : result;
  }

  /**
   * A paid invoice: its row is refreshed where it is (the loaded pages and the buyer's place stay), and it is no longer
   * its subscription's open invoice — the next one is asked for (an unpaid subscription owes each invoice issued while
   * it was on hold).
   */
  async function refreshPaid(invoiceId: string): Promise<void> {
    // Not known yet (no entry) rather than none (null) meanwhile: the manager shows its banner's place as loading, not
    // the advice it gives when there is no invoice to pay.
    const open = { ...$openInvoices.value! };
    for (const id in open) {
      if (open[id]?.id !== invoiceId) continue;
      delete open[id];
      $openInvoices.set(open);
      void loadOpenInvoice(id);
    }
    if (!$invoices.value!.data?.some((i) => i.id === invoiceId)) return;
    const fresh = await client.send(getInvoice, { params: { invoiceId } });
    const state = $invoices.value!;
    if (fresh.ok && state.data) $invoices.set({ ...state, data: state.data.map((i) => (i.id === invoiceId ? invoiceSummary(fresh.data) : i)) });
  }

  const react = reactions(client);
  react.on('purchase', () => loadInvoices());
  react.on('invoiced', () => loadInvoices());
  react.on('paid', ({ invoiceId }) => (invoiceId ? refreshPaid(invoiceId) : Promise.resolve()));
  react.onSessionChange(() => {
    const before = $invoices.value!;
    const reload = before.data !== null || before.loading;
    generation++;
    $invoices.set(emptyList(before.filters));
    $openInvoices.set({});
    if (reload && client.signedIn) void loadInvoices();
  });

  return {
    $invoices, $openInvoices, loadInvoices, loadMoreInvoices, loadOpenInvoice,
    invoice: (invoiceId, signal) => client.send(getInvoice, { params: { invoiceId }, signal }),
  };
});
