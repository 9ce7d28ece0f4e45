import en, { type SubscriptionManagerStrings } from './en/subscription-manager.js';
import type { LocaleTable } from './locales.js';

export type { SubscriptionManagerStrings };

/** The string tables of `<subkit-subscription-manager>`: English inline, the other locales as lazy chunks. */
export const subscriptionManagerLocales: LocaleTable<SubscriptionManagerStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/subscription-manager.js').then((m) => m.default),
    ar: () => import('./ar/subscription-manager.js').then((m) => m.default),
    hi: () => import('./hi/subscription-manager.js').then((m) => m.default),
    tr: () => import('./tr/subscription-manager.js').then((m) => m.default),
  },
};
