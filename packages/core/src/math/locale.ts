/**
 * Choosing a language: the locale a request asks for (`?locale=` or `Accept-Language`) matched against the
 * locales something is available in, by exact tag, then by language (`ar-EG` → `ar`, `zh-Hans` → `zh-CN`).
 */

/** The locales subkit's own texts (widgets, invoice PDF) ship in. */
export const SUBKIT_LOCALES = ['en', 'zh-CN', 'ar', 'hi', 'tr'] as const;
export type SubkitLocale = (typeof SUBKIT_LOCALES)[number];

/** A BCP 47 tag as subkit accepts one: a language and optional script/region/variant subtags. */
export const LOCALE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** The tags of an `Accept-Language` header, best first (q-values honoured, `*` and malformed parts dropped). */
export function acceptedLocales(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => LOCALE_TAG.test(e.tag) && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.tag);
}

/**
 * The best of `available` for the wanted tags (in order of preference): an exact match (case-insensitive),
 * else one of the same language (`zh` also matches `zh-CN`), else null.
 */
export function matchAvailableLocale(wanted: readonly string[], available: readonly string[]): string | null {
  for (const tag of wanted) {
    const lower = tag.toLowerCase();
    const exact = available.find((a) => a.toLowerCase() === lower);
    if (exact) return exact;
    const language = lower.split('-')[0];
    const sameLanguage = available.find((a) => a.toLowerCase().split('-')[0] === language);
    if (sameLanguage) return sameLanguage;
  }
  return null;
}
