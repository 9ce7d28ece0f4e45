import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { directionOf, matchLocale, type Locale, type LocaleTable, type Strings } from '../locales/locales.js';

/** What a host offers the locale controller: its `locale` attribute and its `strings` overrides. */
export interface LocalizedHost extends ReactiveControllerHost, HTMLElement {
  locale?: string | undefined;
  strings?: Partial<Strings> | undefined;
}

const loaded = new WeakMap<LocaleTable<Strings>, Map<Locale, Strings>>();
const controllers = new WeakMap<HTMLElement, LocaleController<Strings>>();

/**
 * Whether a widget's words are still on their way: its own locale table is loading. SubkitElement shows
 * this as `:state(localizing)`, which hides the widget — its data can arrive first, and it would show the
 * buyer English words around Arabic plan names until then.
 */
export const localizing = (host: HTMLElement): boolean => controllers.get(host)?.pending ?? false;

/**
 * Resolves a widget's locale (its `locale` attribute, else the nearest `lang`, else the document's),
 * loads that locale's string table once per page, and merges the host's `strings` overrides over it.
 */
export class LocaleController<S extends Strings> implements ReactiveController {
  /** The resolved locale; money and dates are formatted with it too. */
  locale: Locale = 'en';
  /** The strings to render: the locale's table with the host's overrides on top. */
  strings: S;
  #pending: Promise<void> | null = null;
  #pendingLocale: Locale | null = null;

  constructor(
    private readonly host: LocalizedHost,
    private readonly table: LocaleTable<S>,
  ) {
    this.strings = table.en;
    host.addController(this);
    // The widget's own table (its first controller), not a lazy view's: a view's words loading must not
    // hide the widget around the button the buyer just pressed.
    if (!controllers.has(host)) controllers.set(host, this as unknown as LocaleController<Strings>);
  }

  /** True while the resolved locale's table is loading (the widget shows English until then). */
  get pending(): boolean {
    return this.#pendingLocale !== null;
  }

  /** `ltr` or `rtl` for the resolved locale. */
  get dir(): 'ltr' | 'rtl' {
    return directionOf(this.locale);
  }

  /** Settles when the current locale's table is loaded (tests and screenshots wait on it). */
  get ready(): Promise<void> {
    return this.#pending ?? Promise.resolve();
  }

  hostUpdate(): void {
    const host = this.host;
    const tag = host.locale || host.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || navigator.language;
    this.locale = matchLocale(tag);
    const locale = this.locale;
    const base = locale === 'en' ? this.table.en : this.#cache().get(locale);
    if (!base && locale !== 'en') this.#load(locale);
    const table = base ?? this.table.en;
    this.strings = (host.strings ? { ...table, ...host.strings } : table) as S;
  }

  #cache(): Map<Locale, Strings> {
    const key = this.table as unknown as LocaleTable<Strings>;
    let cache = loaded.get(key);
    if (!cache) loaded.set(key, (cache = new Map()));
    return cache;
  }

  #load(locale: Exclude<Locale, 'en'>): void {
    if (this.#pendingLocale === locale) return;
    this.#pendingLocale = locale;
    const settle = (strings: Strings) => {
      this.#cache().set(locale, strings);
      this.#pending = null;
      this.#pendingLocale = null;
      // Lit runs willUpdate before the controllers' hostUpdate: take the new table now, so what a widget
      // derives in willUpdate during the next update is in the new language too, not one update late.
      this.hostUpdate();
      this.host.requestUpdate();
    };
    this.#pending = this.table.load[locale]().then(
      settle,
      // A chunk that fails to load (offline, CSP) leaves the widget in English rather than broken.
      () => settle(this.table.en),
    );
  }
}
