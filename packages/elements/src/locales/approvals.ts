import en, { type ApprovalsStrings } from './en/approvals.js';
import type { LocaleTable } from './locales.js';

export type { ApprovalsStrings };

/** The string tables of `<subkit-approvals>`: English inline, the other locales as lazy chunks. */
export const approvalsLocales: LocaleTable<ApprovalsStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/approvals.js').then((m) => m.default),
    ar: () => import('./ar/approvals.js').then((m) => m.default),
    hi: () => import('./hi/approvals.js').then((m) => m.default),
    tr: () => import('./tr/approvals.js').then((m) => m.default),
  },
};
