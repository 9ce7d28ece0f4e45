import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { Catalog, Plan, SessionInfo } from '@subkit/core';
import { catalogStore, type SubkitConnection } from '@subkit/client';
import { askCatalogIn } from '../internal/catalog-locale.js';
import { LocaleController, type LocalizedHost } from '../internal/locale-controller.js';
import type { ApprovalsStrings } from '../locales/approvals.js';
import { approvalsAdminLocales, type ApprovalsAdminStrings } from '../locales/approvals-admin.js';

/** What `<subkit-approvals>` offers the billing admin's sections it fetches on demand. */
export interface AdminHost extends ReactiveControllerHost, LocalizedHost {
  readonly sectionContext: {
    client(): SubkitConnection | null;
    session(): SessionInfo | null;
    /** The widget's strings (its locale's table with the page's overrides). */
    strings(): ApprovalsStrings;
    locale(): string;
    dir(): 'ltr' | 'rtl';
    /** Says `text` to screen readers (the widget's live region). */
    announce(text: string): void;
    /** Shows (or with '' clears) the widget's error line. */
    error(text: string): void;
    /** A section changed the company's records: the other sections reload what they show. */
    changed(): void;
  };
}

/** A billing admin's section (the audit log, the purchasing policy): opened from its tab, drawn in its panel. */
export interface AdminSection {
  /** The tab was opened: load what is not loaded yet. */
  open(): void;
  /** The company's records changed elsewhere (another section saved). */
  refresh(): void;
  render(): TemplateResult;
}

/**
 * What the billing admin's sections share, fetched with the first of them: their strings in the widget's
 * locale, and the catalog's plans — their names for the log, the plans to allow for the policy.
 */
export class AdminShared implements ReactiveController {
  /** The sections' strings in the widget's locale (with the widget's `strings` overrides). */
  readonly l: LocaleController<ApprovalsAdminStrings>;
  #client: SubkitConnection | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(private readonly host: AdminHost) {
    this.l = new LocaleController(host, approvalsAdminLocales);
    host.addController(this);
  }

  hostUpdate(): void {
    const client = this.host.sectionContext.client();
    // Plan names in the widget's language, asked again when it changes.
    askCatalogIn(this.host, client && catalogStore(client), this.l.locale);
    if (client === this.#client) return;
    this.hostDisconnected();
    this.#client = client;
    if (!client) return;
    const store = catalogStore(client);
    // Listening loads the catalog (once per client, shared with the page's other widgets).
    this.#unsubscribe = store.$catalog.listen(() => this.host.requestUpdate());
    void store.loadCatalog();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#client = null;
  }

  /** The widget's strings and the sections' together. */
  get strings(): ApprovalsStrings & ApprovalsAdminStrings {
    return { ...this.host.sectionContext.strings(), ...this.l.strings };
  }

  /** The catalog once loaded (the company's, with a session). */
  get catalog(): Catalog | null {
    return this.#client ? catalogStore(this.#client).$catalog.get().data : null;
  }

  /** Every plan of the catalog, product by product. */
  get plans(): Plan[] {
    return this.catalog?.products.flatMap((product) => product.plans) ?? [];
  }

  /** A plan's name as the catalog knows it, else null. */
  readonly planName = (id: string): string | null => this.plans.find((plan) => plan.id === id)?.name ?? null;
}

const shared = new WeakMap<AdminHost, AdminShared>();

/** The host's shared part of the admin sections, made once. */
export function adminShared(host: AdminHost): AdminShared {
  let found = shared.get(host);
  if (!found) shared.set(host, (found = new AdminShared(host)));
  return found;
}
