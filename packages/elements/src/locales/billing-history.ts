import en, { type BillingHistoryStrings, type HistoryListStrings } from './en/billing-history.js';
import type { LocaleTable } from './locales.js';

export type { BillingHistoryStrings, HistoryListStrings };

/**
 * The string tables of `<subkit-billing-history>`: English inline — what its list needs; its invoice dialog's English
 * strings come with the dialog (`InvoiceDetail.strings()`) — and the other locales, whole, as lazy chunks.
 */
export const billingHistoryLocales: LocaleTable<HistoryListStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/billing-history.js').then((m) => m.default),
    ar: () => import('./ar/billing-history.js').then((m) => m.default),
    hi: () => import('./hi/billing-history.js').then((m) => m.default),
    tr: () => import('./tr/billing-history.js').then((m) => m.default),
  },
};
