import en, { type BillingHistoryStrings } from './en/billing-history.js';
import type { LocaleTable } from './locales.js';

export type { BillingHistoryStrings };

/** The string tables of `<subkit-billing-history>`: English inline, the other locales as lazy chunks. */
export const billingHistoryLocales: LocaleTable<BillingHistoryStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/billing-history.js').then((m) => m.default),
    ar: () => import('./ar/billing-history.js').then((m) => m.default),
    hi: () => import('./hi/billing-history.js').then((m) => m.default),
    tr: () => import('./tr/billing-history.js').then((m) => m.default),
  },
};
