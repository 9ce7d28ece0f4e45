import { formatMoney } from '@subkit/core';

/** Money for people: integer minor units through core's `formatMoney` (Intl, the currency's exponent). */
export function money(amount: number, currency: string, locale: string): string {
  return formatMoney(amount, currency, locale);
}

/** A whole number with the locale's grouping and digits. */
export function count(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A billing date: periods are UTC instants, so the calendar day is the UTC one everywhere. */
export function date(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/** An http(s) URL as an absolute string, or `null` for anything else (`javascript:`, `data:`, garbage). */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
