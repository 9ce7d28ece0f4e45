import en, { type RevenueDashboardStrings } from './en/revenue-dashboard.js';
import type { LocaleTable } from './locales.js';

export type { RevenueDashboardStrings };

/** The string tables of `<subkit-revenue-dashboard>`: English inline, the other locales as lazy chunks. */
export const revenueDashboardLocales: LocaleTable<RevenueDashboardStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/revenue-dashboard.js').then((m) => m.default),
    ar: () => import('./ar/revenue-dashboard.js').then((m) => m.default),
    hi: () => import('./hi/revenue-dashboard.js').then((m) => m.default),
    tr: () => import('./tr/revenue-dashboard.js').then((m) => m.default),
  },
};
