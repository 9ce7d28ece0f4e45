import en, { type QuoteStrings } from './en/quote.js';
import type { LocaleTable } from './locales.js';

export type { QuoteStrings };

/** The string tables of `<subkit-quote>`: English inline, the other locales as lazy chunks. */
export const quoteLocales: LocaleTable<QuoteStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/quote.js').then((m) => m.default),
    ar: () => import('./ar/quote.js').then((m) => m.default),
    hi: () => import('./hi/quote.js').then((m) => m.default),
    tr: () => import('./tr/quote.js').then((m) => m.default),
  },
};
