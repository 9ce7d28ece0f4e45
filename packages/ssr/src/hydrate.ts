// Load this module first on a page with server-rendered subkit widgets, before the subkit loader:
// Lit then hydrates the declared shadow roots in place instead of rendering them anew, and the catalog
// each picker was rendered from seeds its store, so the first client render matches the server's — no
// request, no skeleton, no flash.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { catalogStore, getSharedClient } from '@subkit/client';
import { getCatalog } from '@subkit/core/endpoints';

/** The attribute of the JSON data block `renderPlanPicker` writes next to the picker. */
const SEED_SELECTOR = 'script[type="application/json"][data-subkit-catalog]';

/** Seeds each client's catalog store from the page's data blocks; one that does not parse as a catalog is skipped (the widget then loads its own). */
export function seedFromPage(root: ParentNode = document): number {
  let seeded = 0;
  for (const script of root.querySelectorAll(SEED_SELECTOR)) {
    let seed: { apiBase?: unknown; publishableKey?: unknown; catalog?: unknown };
    try {
      seed = JSON.parse(script.textContent ?? '') as typeof seed;
    } catch {
      continue;
    }
    const catalog = getCatalog.response.safeParse(seed.catalog);
    if (typeof seed.apiBase !== 'string' || typeof seed.publishableKey !== 'string' || !catalog.success) continue;
    catalogStore(getSharedClient({ baseUrl: seed.apiBase, publishableKey: seed.publishableKey })).seed(catalog.data);
    seeded++;
  }
  return seeded;
}

if (typeof document !== 'undefined') seedFromPage();
