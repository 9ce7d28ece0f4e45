import en, { type PlanPickerStrings } from './en/plan-picker.js';
import type { LocaleTable } from './locales.js';

export type { PlanPickerStrings };

/** The string tables of `<subkit-plan-picker>`: English inline, the other locales as lazy chunks. */
export const planPickerLocales: LocaleTable<PlanPickerStrings> = {
  en,
  load: {
    'zh-CN': () => import('./zh-CN/plan-picker.js').then((m) => m.default),
    ar: () => import('./ar/plan-picker.js').then((m) => m.default),
    hi: () => import('./hi/plan-picker.js').then((m) => m.default),
    tr: () => import('./tr/plan-picker.js').then((m) => m.default),
  },
};
