import en, { type CheckoutRefusalStrings } from './en/checkout-refusals.js';
import type { LocaleTable } from './locales.js';

export type { CheckoutRefusalStrings };

/** The words of `<subkit-checkout>` for the refusals it explains: English in the refusals' chunk, the other locales as lazy chunks. */
export const checkoutRefusalLocales: LocaleTable<CheckoutRefusalStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/checkout-refusals.js').then((m) => m.default),
    ar: () => import('./ar/checkout-refusals.js').then((m) => m.default),
    hi: () => import('./hi/checkout-refusals.js').then((m) => m.default),
    tr: () => import('./tr/checkout-refusals.js').then((m) => m.default),
  },
};
