/**
 * Which VAT applies to a sale of services by a seller to a business buyer, after the EU VAT directive
 * (2006/112/EC): the place of supply of B2B services is where the buyer is established (art. 44), so
 * - a buyer in the seller's country pays the seller's domestic VAT;
 * - a business buyer with a VAT ID of another member state pays no VAT, the buyer accounts for it
 *   (art. 196, "reverse charge"), and the invoice must say "Reverse charge" (art. 226(11a));
 * - a buyer in another member state without a VAT ID is treated as a consumer: the rate of the buyer's
 *   country (one-stop shop), else the seller's own;
 * - a buyer outside the EU is outside the scope of EU VAT: 0% "not subject to VAT", or, where the
 *   merchant collects local taxes there, the rates it configured for that country.
 * A seller outside the EU (or without a VAT registration) is not bound by these rules: the rates
 * configured for the buyer's country apply, as before.
 */

/** The 27 member states by their ISO 3166-1 code (Greece is GR here; its VAT numbers start with EL). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU',
  'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

/** A country code as addresses use it (`EL`, the VAT prefix of Greece, becomes `GR`). */
export function addressCountry(code: string): string {
  const upper = code.trim().toUpperCase();
  return upper === 'EL' ? 'GR' : upper;
}

/** Whether a country (ISO 3166-1 code, or `EL`) is an EU member state. */
export function isEuCountry(code: string | null | undefined): boolean {
  return code ? EU_COUNTRIES.has(addressCountry(code)) : false;
}

/** How the merchant taxes buyers outside the EU: 0% "not subject to VAT", or the rates it configured for their country. */
export type OutsideEuPolicy = 'not_subject' | 'local_rates';

/** What the VAT rules need to know about the seller. */
export interface VatSeller {
  /** Where the seller is established (ISO 3166-1). */
  readonly country: string;
  /** The seller's own VAT ID; without one the seller is not VAT-registered and the EU rules do not apply. */
  readonly vatId: string | null;
  readonly outsideEu: OutsideEuPolicy;
}

/** What the VAT rules need to know about the buyer. */
export interface VatBuyer {
  /** The billing address country; null when unknown. */
  readonly country: string | null;
  /** The buyer's tax ID, already validated (its `country` names the issuing state). */
  readonly taxId: { readonly country: string; readonly value: string } | null;
}

/**
 * The tax treatment of a sale:
 * - `standard`: charge the rates configured for `rateCountries` (the first one with rates wins);
 * - `reverse_charge`: 0%, the buyer accounts for the VAT; the invoice names both VAT IDs and says "Reverse charge";
 * - `not_subject`: 0%, outside the scope of EU VAT.
 */
export type VatDecision =
  | { readonly treatment: 'standard'; readonly reason: 'domestic' | 'eu_consumer' | 'outside_eu_local' | 'seller_not_eu'; readonly rateCountries: readonly string[] }
  | { readonly treatment: 'reverse_charge'; readonly reason: 'eu_business'; readonly rateCountries: readonly [] }
  | { readonly treatment: 'not_subject'; readonly reason: 'outside_eu'; readonly rateCountries: readonly [] };

/** The tax treatment of a sale from `seller` to `buyer` (see the module comment for the rules and their sources). */
export function vatTreatment(seller: VatSeller | null, buyer: VatBuyer): VatDecision {
  const buyerCountry = buyer.country ? addressCountry(buyer.country) : null;
  if (!seller || !seller.vatId || !isEuCountry(seller.country)) {
    return { treatment: 'standard', reason: 'seller_not_eu', rateCountries: buyerCountry ? [buyerCountry] : [] };
  }
  const home = addressCountry(seller.country);
  const vatIdCountry = buyer.taxId && isEuCountry(buyer.taxId.country) ? addressCountry(buyer.taxId.country) : null;
  // Where the buyer is established: its address, else the state that issued its VAT ID.
  const established = buyerCountry ?? vatIdCountry;
  if (established === null || established === home) return { treatment: 'standard', reason: 'domestic', rateCountries: [home] };
  if (!isEuCountry(established)) {
    return seller.outsideEu === 'not_subject'
      ? { treatment: 'not_subject', reason: 'outside_eu', rateCountries: [] }
      : { treatment: 'standard', reason: 'outside_eu_local', rateCountries: [established] };
  }
  if (vatIdCountry !== null && vatIdCountry !== home) return { treatment: 'reverse_charge', reason: 'eu_business', rateCountries: [] };
  // A VAT ID of the seller's own state makes it a domestic sale; no VAT ID at all: a consumer in another member state.
  if (vatIdCountry === home) return { treatment: 'standard', reason: 'domestic', rateCountries: [home] };
  return { treatment: 'standard', reason: 'eu_consumer', rateCountries: [established, home] };
}

/**
 * A tax's own name without a rate written into it: tax rates named "VAT 19%" before rates were shown
 * beside names become "VAT", so no surface prints "VAT 19% (19%)".
 */
export function plainTaxName(name: string): string {
  const plain = name.replace(/\s*\(?\s*\d+(?:[.,]\d+)?\s*%\s*\)?\s*$/, '').trim();
  return plain === '' ? name.trim() : plain;
}

/** A tax rate as a percentage in a locale: 19 → "19%", 7.7 → "7.7%", 0 → "0%". */
export function formatTaxPercent(percent: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(percent / 100);
}
