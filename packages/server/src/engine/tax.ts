import { plainTaxName, validateTaxId, vatTreatment } from '@subkit/core';
import type { InvoiceTaxRate, TaxId, TaxKind, TaxTreatment } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { invalidRequest } from '../errors.js';
import { sellerTaxSettings } from '../seller/profile.js';

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

/**
 * The tax rates of a buyer: core's VAT rules (`vatTreatment`) decide between the domestic rate, the reverse
 * charge, "not subject to VAT" and the rates of the buyer's country, with the seller settings the server
 * started with. `override` is what a checkout form says before it is saved (a new address or tax ID).
 */
export async function taxRatesFor(
  tx: Sql,
  buyer: TaxBuyer,
  override: { country?: string | undefined; taxId?: TaxId | null | undefined } = {},
): Promise<AppliedTaxRate[]> {
  const seller = await sellerTaxSettings(tx);
  const decision = vatTreatment(
    seller.profile ? { country: seller.profile.address.country, vatId: seller.profile.vatId, outsideEu: seller.outsideEu } : null,
    { country: override.country ?? buyer.billing_address?.country ?? null, taxId: override.taxId ?? buyer.tax_id },
  );
  if (decision.treatment !== 'standard') return [zeroVat(decision.treatment)];
  for (const country of decision.rateCountries) {
    const { rows } = await tx.query<{ id: string; name: string; percent: number; inclusive: boolean; kind: TaxKind }>(
      'SELECT id, name, percent, inclusive, kind FROM tax_rates WHERE country = $1 ORDER BY id',
      [country],
    );
    if (rows.length > 0) {
      return rows.map((r) => ({
        id: r.id,
        name: plainTaxName(r.name),
        percent: Number(r.percent),
        inclusive: r.inclusive,
        kind: r.kind,
        treatment: 'standard' as const,
        country,
      }));
    }
  }
  return [];
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
