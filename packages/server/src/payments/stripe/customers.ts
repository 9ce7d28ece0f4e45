/**
 * One Stripe customer per company, created the first time the company pays through Stripe, with its
 * name, billing e-mail, billing address and tax id kept in sync (a fingerprint of what was last sent
 * means unchanged details cost no call). No database transaction is held while Stripe is called.
 */
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { validateTaxId, type Address, type TaxId } from '@subkit/core';
import type { Sql } from '../../db/types.js';
import type { CompanyRow } from '../../handlers/platform/rows.js';
import { notFound } from '../../errors.js';

interface StripeCustomerRow {
  company_id: string;
  customer_id: string;
  synced: string;
  tax_id: { type: string; value: string; stripeId: string } | null;
}

/** What Stripe keeps of a company. */
function detailsOf(company: CompanyRow): Stripe.CustomerUpdateParams {
  return {
    name: company.name,
    email: company.billing_email ?? '',
    address: company.billing_address ? addressOf(company.billing_address) : '',
    metadata: { subkit_company_id: company.id },
  };
}

function addressOf(a: Address): Stripe.AddressParam {
  return { line1: a.line1, line2: a.line2 ?? '', city: a.city, postal_code: a.postalCode, state: a.state ?? '', country: a.country };
}

const fingerprint = (details: Stripe.CustomerUpdateParams): string => createHash('sha256').update(JSON.stringify(details)).digest('hex').slice(0, 32);

/** Stripe's tax id of a company tax id, or null when Stripe has no type for it. */
export function stripeTaxIdOf(taxId: TaxId | null): { type: Stripe.CustomerCreateTaxIdParams.Type; value: string } | null {
  if (!taxId) return null;
  const checked = validateTaxId(taxId.country, taxId.value);
  if (!checked.ok) return null;
  // Stripe splits Swiss ids: the bare UID (ch_uid) and the VAT number with its MWST/TVA/IVA suffix (ch_vat).
  const type = checked.kind === 'ch_uid' && / (MWST|TVA|IVA)$/.test(checked.normalized) ? 'ch_vat' : checked.kind;
  return { type: type as Stripe.CustomerCreateTaxIdParams.Type, value: checked.normalized };
}

async function loadCompany(sql: Sql, companyId: string): Promise<CompanyRow> {
  const { rows } = await sql.query<CompanyRow>('SELECT * FROM companies WHERE id = $1', [companyId]);
  if (!rows[0]) throw notFound('company');
  return rows[0];
}

/**
 * The Stripe customer id of a company: created on first use (the idempotency key makes two concurrent
 * first uses one customer), its details brought up to date when they changed since the last call.
 */
export async function stripeCustomerFor(sql: Sql, stripe: Stripe, companyId: string, at: Date, options: Stripe.RequestOptions = {}): Promise<string> {
  const company = await loadCompany(sql, companyId);
  const details = detailsOf(company);
  const wanted = stripeTaxIdOf(company.tax_id);
  const { rows } = await sql.query<StripeCustomerRow>('SELECT * FROM stripe_customers WHERE company_id = $1', [companyId]);
  let row = rows[0];
  if (!row) {
    // Created with only stable parameters, so a retry of this call (same idempotency key) can never be
    // refused for changed details; the details follow in the update below.
    const customer = await stripe.customers.create({ metadata: { subkit_company_id: companyId } }, { ...options, idempotencyKey: `subkit-customer-${companyId}` });
    // Concurrent first uses insert the same company with the same customer id (one idempotency key): PostgreSQL
    // may report either unique index first, so no conflict target is named (with one, the other index raises).
    await sql.query(
      `INSERT INTO stripe_customers (company_id, customer_id, synced, tax_id, created_at, updated_at)
       VALUES ($1, $2, '', NULL, $3, $3) ON CONFLICT DO NOTHING`,
      [companyId, customer.id, at],
    );
    const again = await sql.query<StripeCustomerRow>('SELECT * FROM stripe_customers WHERE company_id = $1', [companyId]);
    row = again.rows[0]!;
  }
  if (row.synced !== fingerprint(details)) {
    await stripe.customers.update(row.customer_id, details, options);
    await sql.query('UPDATE stripe_customers SET synced = $2, updated_at = $3 WHERE company_id = $1', [companyId, fingerprint(details), at]);
  }
  if ((row.tax_id?.value ?? null) !== (wanted?.value ?? null) || (row.tax_id?.type ?? null) !== (wanted?.type ?? null)) {
    row = { ...row, tax_id: await replaceTaxId(stripe, row, wanted, options) };
    await sql.query('UPDATE stripe_customers SET tax_id = $2, updated_at = $3 WHERE company_id = $1', [
      companyId,
      row.tax_id ? JSON.stringify(row.tax_id) : null,
      at,
    ]);
  }
  return row.customer_id;
}

async function replaceTaxId(
  stripe: Stripe,
  row: StripeCustomerRow,
  wanted: { type: Stripe.CustomerCreateTaxIdParams.Type; value: string } | null,
  options: Stripe.RequestOptions,
): Promise<StripeCustomerRow['tax_id']> {
  if (row.tax_id) {
    try {
      await stripe.customers.deleteTaxId(row.customer_id, row.tax_id.stripeId, {}, options);
    } catch (err) {
      // Already removed in Stripe's dashboard: the goal (the old id gone) is met.
      if ((err as Stripe.errors.StripeError).code !== 'resource_missing') throw err;
    }
  }
  if (!wanted) return null;
  // Keyed by the change (from which id to which value), so requests racing through the same change add one id.
  const created = await stripe.customers.createTaxId(row.customer_id, wanted, {
    ...options,
    idempotencyKey: `subkit-taxid-${row.customer_id}-${row.tax_id?.stripeId ?? 'none'}-${wanted.type}-${wanted.value}`,
  });
  return { ...wanted, stripeId: created.id };
}

/** The Stripe customer id of a company, when it has one already. */
export async function knownStripeCustomer(sql: Sql, companyId: string): Promise<string | null> {
  const { rows } = await sql.query<{ customer_id: string }>('SELECT customer_id FROM stripe_customers WHERE company_id = $1', [companyId]);
  return rows[0]?.customer_id ?? null;
}

/** The company of a Stripe customer id (for webhooks), when subkit made that customer. */
export async function companyOfStripeCustomer(sql: Sql, customerId: string): Promise<string | null> {
  const { rows } = await sql.query<{ company_id: string }>('SELECT company_id FROM stripe_customers WHERE customer_id = $1', [customerId]);
  return rows[0]?.company_id ?? null;
}
