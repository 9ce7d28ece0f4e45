import en, { type ApprovalsAdminStrings } from './en/approvals-admin.js';
import type { LocaleTable } from './locales.js';

export type { ApprovalsAdminStrings };

/**
 * The string tables of `<subkit-approvals>`'s billing-admin sections (audit log, purchasing policy): English
 * in the chunk of those sections, the other locales as lazy chunks.
 */
export const approvalsAdminLocales: LocaleTable<ApprovalsAdminStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/approvals-admin.js').then((m) => m.default),
    ar: () => import('./ar/approvals-admin.js').then((m) => m.default),
    hi: () => import('./hi/approvals-admin.js').then((m) => m.default),
    tr: () => import('./tr/approvals-admin.js').then((m) => m.default),
  },
};
