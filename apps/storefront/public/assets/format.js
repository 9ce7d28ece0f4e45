// Dates, money and elements as the storefront's own scripts show them (the test-clock panel, the console).

export function formatDate(iso, locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/**
 * An amount in minor units as money (the currency's own number of decimals). Right to left it is isolated, and its
 * currency symbol within it, as the widgets do: a right-to-left line tears Intl's "US$" apart ("$US 93.00") otherwise.
 */
export function formatMoney(amount, currency, locale) {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const parts = format.formatToParts(amount / 10 ** digits);
  if (locale !== 'ar') return parts.map((p) => p.value).join('');
  return `\u2068${parts.map((p) => (p.type === 'currency' ? `\u2068${p.value}\u2069` : p.value)).join('')}\u2069`;
}

export function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}
