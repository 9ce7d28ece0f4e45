import { atom, type ReadableAtom } from 'nanostores';
import type { CheckoutResult, Quote } from '@subkit/core/schemas';
import { acceptQuote as accept, declineQuote as decline, getQuote, listQuotes } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { randomKey } from '../transport.js';
import { reactions } from './reactions.js';
import { defineStore, idle, inUse, loadOnMount, loader, type Remote } from './store.js';

/** How many of the company's latest quotes are shown. */
const LATEST = 20;

/**
 * The company's quotes from the merchant's sales team (issue #17): the latest ones, each open one with the
 * exact first invoice accepting it issues. Accepting creates the subscription (a purchase: subscriptions
 * and invoices reload); declining closes the quote.
 */
export interface QuotesStore {
  /** The latest quotes, newest first; open ones carry their first invoice. */
  $quotes: ReadableAtom<Remote<Quote[]>>;
  /**
   * Loads the latest quotes, and each open one in full — their plan names and price items in `locale` where the
   * merchant has texts (the last locale asked is kept for later loads).
   */
  loadQuotes(options?: { locale?: string }): Promise<Result<Quote[]>>;
  /** Loads one quote (in full while open) and puts it into the list. */
  loadQuote(quoteId: string): Promise<Result<Quote>>;
  /** Accepts an open quote (a PO number for its invoices, optional): the subscription is created. */
  acceptQuote(quoteId: string, poNumber?: string): Promise<Result<CheckoutResult>>;
  /** Declines an open quote, optionally saying why. */
  declineQuote(quoteId: string, reason?: string): Promise<Result<Quote>>;
}

/** The quotes store of a client; it loads itself when a widget first shows it and a session is known. */
export const quotesStore = defineStore<QuotesStore>('quotes', (client) => {
  const $quotes = atom<Remote<Quote[]>>(idle());
  const load = loader($quotes);
  const react = reactions(client);
  /** One Idempotency-Key per quote accepted: a retry after a lost answer never buys twice. */
  const acceptKeys = new Map<string, string>();
  /** The language the quotes' texts are asked in (Accept-Language when none). */
  let locale: string | undefined;
  const inLocale = () => (locale ? { locale } : {});

  function put(quote: Quote): void {
    const state = $quotes.value!;
    const data = state.data ?? [];
    const index = data.findIndex((q) => q.id === quote.id);
    $quotes.set({ ...state, data: index < 0 ? [quote, ...data] : data.map((q, i) => (i === index ? quote : q)) });
  }

  function loadQuotes(options: { locale?: string } = {}): Promise<Result<Quote[]>> {
    locale = options.locale ?? locale;
    return load.run(locale ?? '', async () => {
      const page = await client.send(listQuotes, { query: { limit: LATEST, ...inLocale() } });
      if (!page.ok) return page;
      const full = await Promise.all(page.data.data.map((q) => (q.status === 'open' ? client.send(getQuote, { params: { quoteId: q.id }, query: inLocale() }) : ok(q))));
      const failed = full.find((r) => !r.ok);
      return failed && !failed.ok ? failed : ok(full.map((r) => (r.ok ? r.data : null)).filter((q): q is Quote => q !== null));
    });
  }

  async function loadQuote(quoteId: string): Promise<Result<Quote>> {
    const result = await client.send(getQuote, { params: { quoteId }, query: inLocale() });
    if (result.ok) put(result.data);
    return result;
  }

  async function acceptQuote(quoteId: string, poNumber?: string): Promise<Result<CheckoutResult>> {
    const key = acceptKeys.get(quoteId) ?? randomKey();
    acceptKeys.set(quoteId, key);
    const result = await client.send(accept, { params: { quoteId }, body: poNumber ? { poNumber } : {}, idempotencyKey: key });
    if (result.ok || !(result.error.type === 'network_error' || (result.error.status ?? 0) >= 500)) acceptKeys.delete(quoteId);
    if (result.ok) await Promise.all([react.emit('purchase'), loadQuote(quoteId)]);
    else if (result.error.status === 409) await loadQuote(quoteId);
    return result;
  }

  async function declineQuote(quoteId: string, reason?: string): Promise<Result<Quote>> {
    const result = await client.send(decline, { params: { quoteId }, body: reason ? { reason } : {} });
    if (result.ok) put(result.data);
    else if (result.error.status === 409) await loadQuote(quoteId);
    return result;
  }

  loadOnMount($quotes, client, loadQuotes, 'session');
  react.onSessionChange(() => {
    const reload = inUse($quotes);
    load.reset();
    if (reload && client.signedIn) void loadQuotes();
  });
  return { $quotes, loadQuotes, loadQuote, acceptQuote, declineQuote };
});
