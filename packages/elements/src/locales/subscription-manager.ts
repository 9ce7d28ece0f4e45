import en, { type ManagerListStrings, type SubscriptionManagerStrings } from './en/subscription-manager.js';
import type { LocaleTable } from './locales.js';

export type { ManagerListStrings, SubscriptionManagerStrings };

/**
 * The string tables of `<subkit-subscription-manager>`: English inline — what its list needs; its dialogs' English
 * strings come with the dialogs (`ManagerDialog.strings()`) — and the other locales, whole, as lazy chunks.
 */
export const subscriptionManagerLocales: LocaleTable<ManagerListStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/subscription-manager.js').then((m) => m.default),
    ar: () => import('./ar/subscription-manager.js').then((m) => m.default),
    hi: () => import('./hi/subscription-manager.js').then((m) => m.default),
    tr: () => import('./tr/subscription-manager.js').then((m) => m.default),
  },
};
