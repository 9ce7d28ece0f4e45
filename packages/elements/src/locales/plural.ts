const rules = new Map<string, Intl.PluralRules>();

/** The locale's plural category of a count (`one`, `two`, `few`, `many`, `other`, `zero`), one `Intl.PluralRules` per locale. */
export function pluralCategory(count: number, locale: string): Intl.LDMLPluralRule {
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(locale)));
  return rule.select(count);
}

/**
 * The string of a table for a count: `key_<category>` (e.g. `shown_one`, `shown_few`), else `key_other`.
 * English tables carry `_one` and `_other`; a locale with more categories (Arabic) adds its own keys.
 */
export function plural(strings: object, key: string, count: number, locale: string): string {
  const table = strings as Record<string, string | undefined>;
  return table[`${key}_${pluralCategory(count, locale)}`] ?? table[`${key}_other`] ?? key;
}

/** What units are called, as the catalog names them in its language (`unitLabelPlural` and `unitLabels` are optional on the wire). */
export interface UnitLabels {
  unitLabel?: string | null | undefined;
  unitLabelPlural?: string | null | undefined;
  /** Counted forms by plural category, for languages with more than two (Arabic "٣ مقاعد", "١١ مقعدًا"). */
  unitLabels?: Readonly<Record<string, string>> | undefined;
}

/**
 * The unit label for a count: the catalog's form for the count's plural category (else its `other`), else the
 * singular in the `one` category and the plural otherwise (the singular when there is none).
 */
export function unitFor(count: number, labels: UnitLabels, locale: string): string {
  const category = pluralCategory(count, locale);
  const forms = labels.unitLabels;
  if (forms) return forms[category] ?? forms.other ?? labels.unitLabel ?? '';
  const one = labels.unitLabel ?? '';
  return category === 'one' ? one : (labels.unitLabelPlural ?? one);
}

/** The label for several units without a count, e.g. "seats" in "Number of seats" (the singular when the catalog has no plural). */
export function unitsLabel(labels: UnitLabels): string {
  return labels.unitLabelPlural ?? labels.unitLabel ?? '';
}
