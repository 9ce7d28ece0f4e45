import en, { type CheckoutApprovalStrings } from './en/checkout-approval.js';
import type { LocaleTable } from './locales.js';

export type { CheckoutApprovalStrings };

/**
 * The string tables of `<subkit-checkout>`'s approval step (issue #17): imported only by the step's lazy
 * view, so English arrives with it and the other locales as chunks of their own.
 */
export const checkoutApprovalLocales: LocaleTable<CheckoutApprovalStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/checkout-approval.js').then((m) => m.default),
    ar: () => import('./ar/checkout-approval.js').then((m) => m.default),
    hi: () => import('./hi/checkout-approval.js').then((m) => m.default),
    tr: () => import('./tr/checkout-approval.js').then((m) => m.default),
  },
};
