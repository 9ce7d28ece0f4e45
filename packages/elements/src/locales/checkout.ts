import en, { type CheckoutFormStrings, type CheckoutStrings } from './en/checkout.js';
import type { LocaleTable } from './locales.js';

export type { CheckoutFormStrings, CheckoutStrings };

/**
 * The string tables of `<subkit-checkout>`: English inline — what its form and summary need; its card code's English
 * strings come with that code (`card.view`) — and the other locales, whole, as lazy chunks.
 */
export const checkoutLocales: LocaleTable<CheckoutFormStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/checkout.js').then((m) => m.default),
    ar: () => import('./ar/checkout.js').then((m) => m.default),
    hi: () => import('./hi/checkout.js').then((m) => m.default),
    tr: () => import('./tr/checkout.js').then((m) => m.default),
  },
};
