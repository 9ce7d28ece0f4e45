import type { QuantityRule } from '@subkit/core';
import { count } from '../internal/format.js';
import { format } from '../locales/locales.js';

/** The strings a quantity field needs. */
export interface QuantityStrings {
  quantityInvalid: string;
  quantityInvalidMin: string;
  quantityRange: string;
  quantityMin: string;
}

/** A whole number within the rule's limits, or null for anything else (blank, a fraction, too few, too many). */
export function parseQuantity(raw: string, rule: Pick<QuantityRule, 'minimum' | 'maximum'>): number | null {
  const n = Number(raw);
  return raw.trim() !== '' && Number.isInteger(n) && n >= rule.minimum && (rule.maximum === null || n <= rule.maximum) ? n : null;
}

/** What to tell the buyer about a typed quantity: null when it is fine. The limits as plain digits, as all three copies had them. */
export function quantityError(raw: string, rule: Pick<QuantityRule, 'minimum' | 'maximum'>, strings: Pick<QuantityStrings, 'quantityInvalid' | 'quantityInvalidMin'>): string | null {
  if (parseQuantity(raw, rule) !== null) return null;
  return rule.maximum === null ? format(strings.quantityInvalidMin, { min: rule.minimum }) : format(strings.quantityInvalid, { min: rule.minimum, max: rule.maximum });
}

/**
 * The allowed range as a hint ("1 to 10", "5 or more"), numbers in the buyer's locale — the manager's way;
 * the picker had shown plain digits ("10 to 1000").
 */
export function quantityHint(rule: Pick<QuantityRule, 'minimum' | 'maximum'>, strings: QuantityStrings, locale: string): string {
  const min = count(rule.minimum, locale);
  return rule.maximum === null ? format(strings.quantityMin, { min }) : format(strings.quantityRange, { min, max: count(rule.maximum, locale) });
}

/** A quantity brought within the rule's limits (a plan change keeps the seats where the new plan allows). */
export function clampQuantity(n: number, rule: Pick<QuantityRule, 'minimum' | 'maximum'>): number {
  return Math.min(Math.max(n, rule.minimum), rule.maximum ?? Number.MAX_SAFE_INTEGER);
}

/** The most of one add-on an order takes (the wire schema's limit). */
export const MAX_ADD_ON_QUANTITY = 1_000_000;

/** What to tell the buyer about a typed add-on quantity (0 leaves the add-on out): null when it is fine. */
export function addOnQuantityError(raw: string, strings: { addOnQuantityInvalid: string }, locale: string): string | null {
  return parseQuantity(raw, { minimum: 0, maximum: MAX_ADD_ON_QUANTITY }) === null ? format(strings.addOnQuantityInvalid, { max: count(MAX_ADD_ON_QUANTITY, locale) }) : null;
}
