import { atom, type ReadableAtom } from 'nanostores';
import type { Metrics } from '@subkit/core/schemas';
import { getMetrics } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { randomKey } from '../transport.js';
import { reactions } from './reactions.js';
import { defineStore, idle, inUse, loadOnMount, loader, type Remote } from './store.js';

/**
 * The merchant's revenue metrics (MRR, movements, cohorts, webhook health), read with a merchant session
 * (`metrics:read`) by the admin widgets; never part of a buyer's page.
 */
export interface MetricsStore {
  $metrics: ReadableAtom<Remote<Metrics>>;
  /** How many months the last load asked for (the server's default when none). */
  readonly months: number | undefined;
  /** Loads the metrics (again only with `force` or another number of months). */
  loadMetrics(opts?: { months?: number; force?: boolean }): Promise<Result<Metrics>>;
}

/** The metrics store of a client; it loads itself when a widget first shows it and a session is known. */
// Pure: a page without the dashboard drops this store (and the metrics endpoint's rules) from its bundle.
export const metricsStore = /* @__PURE__ */ defineStore<MetricsStore>('metrics', (client) => {
  const $metrics = atom<Remote<Metrics>>(idle());
  const load = loader($metrics);
  let months: number | undefined;

  function loadMetrics(opts: { months?: number; force?: boolean } = {}): Promise<Result<Metrics>> {
    const current = $metrics.value!;
    const wanted = opts.months ?? months;
    if (!opts.force && current.data && !current.loading && wanted === months) return Promise.resolve(ok(current.data));
    months = wanted;
    return load.run(`${wanted}|${opts.force ? randomKey() : ''}`, () => client.send(getMetrics, { query: wanted === undefined ? {} : { months: wanted } }));
  }

  loadOnMount($metrics, client, loadMetrics, 'session');
  reactions(client).onSessionChange(() => {
    const reload = inUse($metrics);
    load.reset();
    if (reload && client.signedIn) void loadMetrics({ force: true });
  });
  return {
    $metrics,
    get months() {
      return months;
    },
    loadMetrics,
  };
});
