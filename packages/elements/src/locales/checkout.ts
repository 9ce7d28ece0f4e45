import en, { type CheckoutStrings } from './en/checkout.js';
import type { LocaleTable } from './locales.js';

export type { CheckoutStrings };

/** The string tables of `<subkit-checkout>`: English inline, the other locales as lazy chunks. */
export const checkoutLocales: LocaleTable<CheckoutStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/checkout.js').then((m) => m.default),
    ar: () => import('./ar/checkout.js').then((m) => m.default),
    hi: () => import('./hi/checkout.js').then((m) => m.default),
    tr: () => import('./tr/checkout.js').then((m) => m.default),
  },
};
