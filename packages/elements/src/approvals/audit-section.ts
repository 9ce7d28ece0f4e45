import type { TemplateResult } from 'lit';
import type { AuditObjectType } from '@subkit/core';
import { auditStore, type AuditFilter, type AuditStore } from '@subkit/client';
import { saveFile } from '../internal/save-file.js';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import { SubkitErrorEvent } from '../events/common.js';
import { adminShared, type AdminHost, type AdminSection } from './admin.js';
import { auditPanel } from './audit.templates.js';

/**
 * The audit log section: the newest entries of a filter (loaded when first opened, again when the filter
 * changes or another section changed the records), and the filtered log exported as CSV.
 */
export class AuditSection implements AdminSection {
  exporting = false;
  #store: AuditStore | null = null;
  #unsubscribe: (() => void) | null = null;
  readonly #shared;

  constructor(private readonly host: AdminHost & HTMLElement) {
    this.#shared = adminShared(host);
    host.addController({ hostDisconnected: () => this.#stop() });
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#store = null;
  }

  open(): void {
    const client = this.host.sectionContext.client();
    if (!client) return;
    const store = auditStore(client);
    if (store !== this.#store) {
      this.#stop();
      this.#store = store;
      this.#unsubscribe = store.$audit.listen(() => this.host.requestUpdate());
    }
    const audit = store.$audit.get();
    if (!audit.data && !audit.loading) void this.#load();
    this.host.requestUpdate();
  }

  refresh(): void {
    if (this.#store?.$audit.get().data) void this.#load();
  }

  async #load(filter?: AuditFilter): Promise<void> {
    const result = await this.#store?.loadAudit(filter ?? this.#store.$audit.get().filter);
    if (result && !result.ok) this.host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'approvals:audit' }));
  }

  #filter = (event: Event): void => {
    const value = (event.target as HTMLSelectElement).value;
    void this.#load(value ? { objectType: value as AuditObjectType } : {});
  };

  #export = async (): Promise<void> => {
    const store = this.#store;
    if (!store || this.exporting) return;
    const { filter } = store.$audit.get();
    const context = this.host.sectionContext;
    const s = this.#shared.strings;
    this.exporting = true;
    context.error('');
    this.host.requestUpdate();
    const result = await store.exportCsv(filter);
    this.exporting = false;
    this.host.requestUpdate();
    if (!result.ok) {
      context.error(`${s.exportError} ${errorMessage(result.error, s)}`);
      await this.host.updateComplete;
      this.host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'approvals:export' }));
      return;
    }
    const filename = ['audit-log', filter.objectType].filter(Boolean).join('-') + '.csv';
    saveFile(result.data, filename, this.host.shadowRoot!);
    context.announce(format(s.exported, { filename }));
  };

  render(): TemplateResult {
    const shared = this.#shared;
    const context = this.host.sectionContext;
    return auditPanel({
      s: context.strings(),
      a: shared.l.strings,
      locale: context.locale(),
      dir: context.dir(),
      planName: shared.planName,
      audit: this.#store?.$audit.get() ?? { data: null, error: null, loading: true, filter: {} },
      exporting: this.exporting,
      onFilter: this.#filter,
      onExport: () => void this.#export(),
      onRetry: () => void this.#load(),
    });
  }
}
