/**
 * Countries with a tax id format rule in `validateTaxId` (sorted). Others are `unsupported_country`
 * (callers may accept them as free text). Kept apart from the rules: a form lists the countries in its
 * first view and fetches the rules only when an id is checked.
 */
export const supportedTaxIdCountries: readonly string[] = Object.freeze([
  'AE', 'AT', 'AU', 'BE', 'BG', 'CA', 'CH', 'CN', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR',
  'HU', 'IE', 'IN', 'IT', 'JP', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SA', 'SE', 'SI', 'SK', 'TR', 'US',
]);
