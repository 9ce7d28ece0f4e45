/** The locales subkit ships full string tables for. */
export const LOCALES = ['en', 'zh-CN', 'ar', 'hi', 'tr'] as const;

/** One of the shipped locales. */
export type Locale = (typeof LOCALES)[number];

/** A table of one widget's strings: `{name}` placeholders are filled by `format`. */
export type Strings = Record<string, string>;

/**
 * A widget's strings: the English table ships in the widget's chunk; the others load on demand as
 * separate chunks, so a page pays only for the language it shows.
 */
export interface LocaleTable<S extends Strings> {
  en: S;
  load: Record<Exclude<Locale, 'en'>, () => Promise<S>>;
}

const RTL = new Set<string>(['ar']);

/** The shipped locale closest to a BCP 47 tag (`zh`, `zh-Hans` → `zh-CN`; `ar-EG` → `ar`); English otherwise. */
export function matchLocale(tag: string | null | undefined): Locale {
  if (!tag) return 'en';
  const lower = tag.toLowerCase();
  const exact = LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split(/[-_]/)[0];
  if (language === 'zh') return 'zh-CN';
  return LOCALES.find((l) => l === language) ?? 'en';
}

/** The writing direction of a locale. */
export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

/** Fills `{name}` placeholders of a string: `format('Save {percent}%', { percent: 17 })` → `Save 17%`. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
