import { atom, type ReadableAtom } from 'nanostores';
import type { Catalog } from '@subkit/core/schemas';
import { getCatalog } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { randomKey } from '../transport.js';
import { reactions } from './reactions.js';
import { defineStore, idle, inUse, loadOnMount, loader, type Remote } from './store.js';

/** The catalog: products, plans and prices — the company's contract prices with a buyer session. */
export interface CatalogStore {
  $catalog: ReadableAtom<Remote<Catalog>>;
  /** The currency the catalog was last asked for (the server's default when none). */
  readonly currency: string | undefined;
  /** The language the catalog's texts are asked in (`?locale=`; the browser's Accept-Language when none). */
  readonly locale: string | undefined;
  /** Loads the catalog (again only with `force`, another currency or another locale). */
  loadCatalog(opts?: { currency?: string; locale?: string; force?: boolean }): Promise<Result<Catalog>>;
  /**
   * Asks the catalog's texts in `locale` from now on: a catalog loaded (or loading) in another language is asked
   * again. Widgets sharing a client share its catalog: the last locale asked wins.
   */
  setLocale(locale: string): void;
  /**
   * Shows a catalog the page already holds — the one a server rendered the plan picker from — without a
   * request, so the hydrated widget draws exactly what the server drew (a server seeds before each render).
   * Ignored while a load runs; a session change or a forced load replaces it as usual.
   */
  seed(catalog: Catalog): void;
}

/** The catalog store of a client; it loads itself when a widget first shows it. */
export const catalogStore = defineStore<CatalogStore>('catalog', (client) => {
  const $catalog = atom<Remote<Catalog>>(idle());
  const load = loader($catalog);
  let currency: string | undefined;
  let locale: string | undefined;

  function loadCatalog(opts: { currency?: string; locale?: string; force?: boolean } = {}): Promise<Result<Catalog>> {
    const current = $catalog.value!;
    const wanted = opts.currency ?? currency;
    const language = opts.locale ?? locale;
    if (!opts.force && current.data && !current.loading && wanted === currency && language === locale) return Promise.resolve(ok(current.data));
    currency = wanted;
    locale = language;
    return load.run(`${wanted}|${language}|${opts.force ? randomKey() : ''}`, () => client.send(getCatalog, { query: { currency: wanted, locale: language } }));
  }

  loadOnMount($catalog, client, loadCatalog, 'public');
  reactions(client).onSessionChange(() => {
    if (inUse($catalog)) void loadCatalog({ force: true });
  });
  return {
    $catalog,
    get currency() {
      return currency;
    },
    get locale() {
      return locale;
    },
    loadCatalog,
    setLocale(next) {
      if (next === locale) return;
      const current = $catalog.value!;
      // Unasked yet: the first load takes it. A catalog already in that language (a server's seed) stays.
      if ((!current.data && !current.loading) || (!current.loading && current.data?.locale === next)) locale = next;
      else void loadCatalog({ locale: next });
    },
    seed(catalog) {
      if (!$catalog.value!.loading) $catalog.set({ data: catalog, error: null, loading: false });
    },
  };
});
