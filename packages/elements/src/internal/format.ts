import { formatMoney } from '@subkit/core';
import { directionOf, type Locale } from '../locales/locales.js';

// Building an Intl formatter costs far more than formatting with it, and a page's first one loads the
// locale's data: each is made once per locale, when first needed.
const numbers = new Map<string, Intl.NumberFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

const FSI = '\u2068';
const PDI = '\u2069';
const symbols = new Map<string, string>();

/**
 * Money for people: integer minor units through core's `formatMoney` (Intl, the currency's exponent, Intl's own
 * sign). Right to left, the amount and its currency symbol are bidi-isolated: Intl writes Arabic "‏-20.00 US$", and
 * a right-to-left line tears that "$" from its "US" ("$-20.00 US"); isolated, it reads "US$ -20.00" as one amount,
 * and punctuation beside it stays outside it.
 */
export function money(amount: number, currency: string, locale: string): string {
  const text = formatMoney(amount, currency, locale);
  if (directionOf(locale as Locale) !== 'rtl') return text;
  const key = `${locale}|${currency}`;
  let symbol = symbols.get(key);
  if (symbol === undefined) {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1);
    symbols.set(key, (symbol = parts.find((p) => p.type === 'currency')?.value ?? ''));
  }
  return FSI + (symbol ? text.replace(symbol, FSI + symbol + PDI) : text) + PDI;
}

/** A whole number with the locale's grouping and digits. */
export function count(value: number, locale: string): string {
  let formatter = numbers.get(locale);
  if (!formatter) numbers.set(locale, (formatter = new Intl.NumberFormat(locale)));
  return formatter.format(value);
}

/** The page's date formatter of a locale: billing dates are UTC instants, so the calendar day is the UTC one everywhere. */
export function dateFormat(locale: string): Intl.DateTimeFormat {
  let formatter = dates.get(locale);
  if (!formatter) dates.set(locale, (formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })));
  return formatter;
}

/** A billing date. */
export function date(iso: string, locale: string): string {
  return dateFormat(locale).format(new Date(iso));
}

/** A billing period as one range ("Nov 1 – Dec 1, 2026"). */
export function period(start: string, end: string, locale: string): string {
  return dateFormat(locale).formatRange(new Date(start), new Date(end));
}

/**
 * An http(s) URL, or `null` for anything else (`javascript:`, `data:`, garbage): absolute against the page's
 * base in a browser. On a server render there is no document: a relative URL is checked against a placeholder
 * base and kept as written (the browser resolves it) — the same answer, so the server draws the same template
 * (a link, not a button) that hydration expects.
 */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  const base = typeof document === 'undefined' ? undefined : document.baseURI;
  try {
    const url = new URL(value, base ?? RELATIVE);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return base === undefined && url.origin === new URL(RELATIVE).origin ? value : url.href;
  } catch {
    return null;
  }
}

const RELATIVE = 'http://relative.invalid/';
