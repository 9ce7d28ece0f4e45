import { currencyExponent, toDecimalString } from '@subkit/core';

/** The locale's decimal and grouping marks ("." and "," in English, "," and "." in Turkish). */
function marks(locale: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',' };
}

// The zero of each digit script a shipped locale may write (Arabic-Indic, Eastern Arabic-Indic, Devanagari).
const ZEROS = [0x0660, 0x06f0, 0x0966];

function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code - ZEROS.find((zero) => code >= zero && code < zero + 10)!);
  });
}

/**
 * An amount typed in the widget's locale as exact minor units of `currency`: the locale's decimal mark (or
 * "."), its grouping marks and spaces ignored, its own digits or ASCII ones, at most the currency's decimals.
 * `null` for an empty field; `undefined` for text that is no such amount (a negative one included).
 */
export function parseAmount(text: string, currency: string, locale: string): number | null | undefined {
  const { decimal, group } = marks(locale);
  // Arabic's own marks (٫ decimal, ٬ grouping) count whatever digits the locale formats with.
  const plain = asciiDigits(text).replace(/[\s\u00a0\u202f]/g, '').replace(/\u066c/g, group).replace(/\u066b/g, decimal);
  if (plain === '') return null;
  const [whole = '', fraction = '', extra] = plain.split(decimal === group ? '.' : decimal);
  // Grouping marks only where the locale puts them ("1,250", "1,25,000"): English "12,5" is refused, not read as 125.
  const mark = group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const digits = new RegExp(`^\\d{1,3}(${mark}\\d{2,3})*${mark}\\d{3}$`).test(whole) ? whole.split(group).join('') : whole;
  const exponent = currencyExponent(currency);
  // Digits read as one integer of minor units, no float between: core's parseDecimal does the same for signed
  // amounts, but importing it here would move it into the chunk every widget loads.
  if (extra !== undefined || !/^\d*$/.test(digits + fraction) || digits + fraction === '' || fraction.length > exponent) return undefined;
  const minor = Number(digits + fraction.padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Minor units as the field shows them: the locale's digits and decimal mark, no grouping ("1500.00", "1500,00"). */
export function amountText(amount: number | null, currency: string, locale: string): string {
  if (amount === null) return '';
  const exponent = currencyExponent(currency);
  const plain = new Intl.NumberFormat(locale, { useGrouping: false, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
  return plain.format(toDecimalString(amount, currency) as Intl.StringNumericLiteral);
}
