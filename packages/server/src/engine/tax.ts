import { plainTaxName, validateTaxId, vatTreatment } from '@subkit/core';
import type { InvoiceTaxRate, TaxId, TaxKind, TaxTreatment } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { invalidRequest } from '../errors.js';
import { sellerTaxSettings, type SellerTaxSettings } from '../seller/profile.js';

/** A tax rate that applies to a buyer: the math's rate, whether it is inside the prices, and how it came about. */
export type AppliedTaxRate = InvoiceTaxRate & { inclusive: boolean; kind?: TaxKind; treatment?: TaxTreatment; country?: string | null };

/** The buyer as the tax rules see it: a company's billing address and tax ID. */
export interface TaxBuyer {
  readonly billing_address: { readonly country: string } | null;
  readonly tax_id: TaxId | null;
}

/** A 0% VAT line that still shows its taxable amount and says why there is no VAT. */
function zeroVat(treatment: Exclude<TaxTreatment, 'standard'>): AppliedTaxRate {
  return { id: `vat_${treatment}`, name: 'VAT', percent: 0, inclusive: false, kind: 'vat', treatment, country: null };
}

/** A `tax_rates` row as the rules read it. */
export interface TaxRateRow {
  readonly id: string;
  readonly country: string;
  readonly name: string;
  readonly percent: number;
  readonly inclusive: boolean;
  readonly kind: TaxKind;
}

/**
 * How core's VAT rules (`vatTreatment`) treat a buyer, with the seller settings the server started with:
 * a 0% treatment (reverse charge, not subject), or the countries whose rates apply, first match first.
 */
export function taxDecision(seller: SellerTaxSettings, buyer: { country: string | null; taxId: TaxId | null }): ReturnType<typeof vatTreatment> {
  return vatTreatment(seller.profile ? { country: seller.profile.address.country, vatId: seller.profile.vatId, outsideEu: seller.outsideEu } : null, buyer);
}

/** The rates a decision leads to, given the rate rows of (at least) the countries it names. */
export function ratesOfDecision(decision: ReturnType<typeof vatTreatment>, rows: readonly TaxRateRow[]): AppliedTaxRate[] {
  if (decision.treatment !== 'standard') return [zeroVat(decision.treatment)];
  for (const country of decision.rateCountries) {
    const own = rows.filter((r) => r.country === country);
    if (own.length > 0) {
      return own.map((r) => ({ id: r.id, name: plainTaxName(r.name), percent: Number(r.percent), inclusive: r.inclusive, kind: r.kind, treatment: 'standard' as const, country }));
    }
  }
  return [];
}

/** The rate rows of these countries, by id. */
export async function taxRateRows(tx: Sql, countries: readonly string[]): Promise<TaxRateRow[]> {
  if (countries.length === 0) return [];
  const { rows } = await tx.query<TaxRateRow>('SELECT id, country, name, percent, inclusive, kind FROM tax_rates WHERE country = ANY($1::text[]) ORDER BY id', [
    [...new Set(countries)],
  ]);
  return rows;
}

/**
 * The tax rates of a buyer (`taxDecision`, then `ratesOfDecision`). `override` is what a checkout form
 * says before it is saved (a new address or tax ID).
 */
export async function taxRatesFor(
  tx: Sql,
  buyer: TaxBuyer,
  override: { country?: string | undefined; taxId?: TaxId | null | undefined } = {},
): Promise<AppliedTaxRate[]> {
  const decision = taxDecision(await sellerTaxSettings(tx), {
    country: override.country ?? buyer.billing_address?.country ?? null,
    taxId: override.taxId ?? buyer.tax_id,
  });
  return ratesOfDecision(decision, decision.treatment === 'standard' ? await taxRateRows(tx, decision.rateCountries) : []);
}

/**
 * A tax id as stored: normalized when the country has a format rule, as entered when it has none;
 * a value that breaks its country's format answers 400 on `param` (e.g. `billing.taxId.value`).
 */
export function checkTaxId(taxId: TaxId, param: string): TaxId {
  const result = validateTaxId(taxId.country, taxId.value);
  if (result.ok) return { country: taxId.country, value: result.normalized };
  if (result.code === 'unsupported_country') return { country: taxId.country, value: taxId.value.trim() };
  throw invalidRequest('tax_id_invalid', result.message, param);
}
