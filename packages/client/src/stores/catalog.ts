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
  /** Loads the catalog (again only with `force` or another currency). */
  loadCatalog(opts?: { currency?: string; force?: boolean }): Promise<Result<Catalog>>;
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

  function loadCatalog(opts: { currency?: string; force?: boolean } = {}): Promise<Result<Catalog>> {
    const current = $catalog.value!;
    const wanted = opts.currency ?? currency;
    if (!opts.force && current.data && !current.loading && wanted === currency) return Promise.resolve(ok(current.data));
    currency = wanted;
    return load.run(`${wanted}|${opts.force ? randomKey() : ''}`, () => client.send(getCatalog, { query: { currency: wanted } }));
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
    loadCatalog,
    seed(catalog) {
      if (!$catalog.value!.loading) $catalog.set({ data: catalog, error: null, loading: false });
    },
  };
});
