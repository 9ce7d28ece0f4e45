import { atom, type ReadableAtom } from 'nanostores';
import type { AuditEntry, AuditObjectType } from '@subkit/core/schemas';
import { exportAuditLogCsv, listAuditLog } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { reactions } from './reactions.js';
import { defineStore, idle, type Remote } from './store.js';

/** What the audit log is filtered by (a billing admin's view). */
export interface AuditFilter {
  objectType?: AuditObjectType | undefined;
}

/**
 * The company's audit log (issue #17): who changed what and when, newest first, for a billing admin —
 * the latest 100 entries of a filter, and the whole filtered log as CSV.
 */
export interface AuditStore {
  $audit: ReadableAtom<Remote<AuditEntry[]> & { filter: AuditFilter }>;
  /** Loads the newest entries matching the filter. */
  loadAudit(filter?: AuditFilter): Promise<Result<AuditEntry[]>>;
  /** The log matching the filter as CSV. */
  exportCsv(filter: AuditFilter): Promise<Result<Blob>>;
}

/** The audit store of a client. */
export const auditStore = defineStore<AuditStore>('audit', (client) => {
  const $audit = atom<Remote<AuditEntry[]> & { filter: AuditFilter }>({ ...idle(), filter: {} });
  let generation = 0;
  const query = (filter: AuditFilter) => (filter.objectType ? { objectType: filter.objectType } : {});

  async function loadAudit(filter: AuditFilter = $audit.value!.filter): Promise<Result<AuditEntry[]>> {
    const mine = ++generation;
    $audit.set({ ...$audit.value!, filter, loading: true });
    const page = await client.send(listAuditLog, { query: { limit: 100, ...query(filter) } });
    if (mine !== generation) return page.ok ? ok(page.data.data) : page;
    $audit.set(page.ok ? { data: page.data.data, error: null, loading: false, filter } : { ...$audit.value!, error: page.error, loading: false });
    return page.ok ? ok(page.data.data) : page;
  }

  const react = reactions(client);
  // What a purchase or an invoice changes is in the log: a loaded log follows.
  const reload = () => ($audit.value!.data ? loadAudit() : Promise.resolve());
  react.on('purchase', reload);
  react.onSessionChange(() => {
    generation++;
    $audit.set({ ...idle(), filter: {} });
  });
  return { $audit, loadAudit, exportCsv: (filter) => client.send(exportAuditLogCsv, { query: query(filter) }) };
});
