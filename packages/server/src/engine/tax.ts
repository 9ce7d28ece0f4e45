import { validateTaxId } from '@subkit/core';
import type { InvoiceTaxRate, TaxId } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { invalidRequest } from '../errors.js';

/** A tax rate that applies to a buyer: the math's rate plus whether it is inside the prices. */
export type AppliedTaxRate = InvoiceTaxRate & { inclusive: boolean };

/** The tax rates of the billing address country (none when the country is unknown). */
export async function taxRatesFor(tx: Sql, country: string | null | undefined): Promise<AppliedTaxRate[]> {
  if (!country) return [];
  const { rows } = await tx.query<{ id: string; name: string; percent: number; inclusive: boolean }>(
    'SELECT id, name, percent, inclusive FROM tax_rates WHERE country = $1 ORDER BY id',
    [country],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, percent: Number(r.percent), inclusive: r.inclusive }));
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
