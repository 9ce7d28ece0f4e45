import { validateTaxId, type CompanyUpsertRequest } from '@subkit/core';
import { recordEvent } from '../../db/events.js';
import { invalidRequest, notFound } from '../../errors.js';
import { keysetPage } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import { paymentProcessor } from '../../engine/processor/index.js';
import type { Handlers } from '../types.js';
import { addMemberToCompany } from './members.js';
import { companyToWire, type CompanyRow } from './rows.js';

/** Checks and normalises a tax id by its country's format rule (offline); a bad one is a 400 on `taxId.value`. */
function normalizedTaxId(taxId: CompanyUpsertRequest['taxId']) {
  if (!taxId) return taxId;
  const result = validateTaxId(taxId.country, taxId.value);
  if (!result.ok) throw invalidRequest(result.code === 'unsupported_country' ? 'tax_id_unsupported_country' : 'tax_id_invalid', result.message, 'taxId.value');
  return { country: taxId.country, value: result.normalized };
}

/** `GET /v1/companies`: every company, newest first, cursor-paged. */
export const listCompanies: Handlers['listCompanies'] = async (ctx, { query }) => {
  const { rows, hasMore, nextCursor } = await keysetPage<CompanyRow>(ctx.db, {
    table: 'companies', column: 'created_at', where: [], params: [], limit: query.limit, cursor: query.cursor,
  });
  return { object: 'list', data: rows.map(companyToWire), hasMore, nextCursor };
};

/** `GET /v1/companies/:companyId`. */
export const getCompany: Handlers['getCompany'] = async (ctx, { params }) => {
  const result = await ctx.db.query<CompanyRow>('SELECT * FROM companies WHERE id = $1', [params.companyId]);
  const row = result.rows[0];
  if (!row) throw notFound('company', 'companyId');
  return companyToWire(row);
};

/** `POST /v1/companies`: creates a company, or updates the fields given when `id` names an existing one. */
export const upsertCompany: Handlers['upsertCompany'] = async (ctx, { body }) => {
  const taxId = normalizedTaxId(body.taxId);
  const id = body.id ?? newId('co_');
  const now = ctx.now();
  const company = await ctx.db.transaction(async (tx) => {
    // Columns left out of the body keep their stored value (or the column default on insert).
    const result = await tx.query<CompanyRow & { inserted: boolean }>(
      `INSERT INTO companies (id, name, billing_email, tax_id, billing_address, payment_terms_days, invoice_allowed, preferred_currency, created_at, billing_day)
       VALUES ($1, $2, $3, $4, $5, COALESCE($6, 30), COALESCE($7, true), $8, $9, $14)
       ON CONFLICT (id) DO UPDATE SET
         name = EXCLUDED.name,
         billing_email = CASE WHEN $10 THEN EXCLUDED.billing_email ELSE companies.billing_email END,
         tax_id = CASE WHEN $11 THEN EXCLUDED.tax_id ELSE companies.tax_id END,
         billing_address = CASE WHEN $12 THEN EXCLUDED.billing_address ELSE companies.billing_address END,
         payment_terms_days = COALESCE($6, companies.payment_terms_days),
         invoice_allowed = COALESCE($7, companies.invoice_allowed),
         preferred_currency = CASE WHEN $13 THEN EXCLUDED.preferred_currency ELSE companies.preferred_currency END,
         billing_day = CASE WHEN $15 THEN EXCLUDED.billing_day ELSE companies.billing_day END
       RETURNING *, (xmax = 0) AS inserted`,
      [
        id,
        body.name,
        body.billingEmail ?? null,
        taxId ? JSON.stringify(taxId) : null,
        body.billingAddress ? JSON.stringify(body.billingAddress) : null,
        body.paymentTermsDays ?? null,
        body.invoiceAllowed ?? null,
        body.preferredCurrency ?? null,
        now,
        body.billingEmail !== undefined,
        body.taxId !== undefined,
        body.billingAddress !== undefined,
        body.preferredCurrency !== undefined,
        body.billingDay ?? null,
        body.billingDay !== undefined,
      ],
    );
    const row = result.rows[0]!;
    const company = companyToWire(row);
    // xmax = 0 marks a row this statement inserted (an ON CONFLICT update sets it).
    await recordEvent(tx, { type: row.inserted ? 'company.created' : 'company.updated', companyId: company.id, mode: ctx.config.mode, object: company, at: now });
    return company;
  });
  // After COMMIT (the answer is the transaction's): the processor's customer follows the edited details.
  await paymentProcessor(ctx.db, ctx.config).syncCompany?.(company.id);
  return company;
};

/** `POST /v1/companies/:companyId/members`: the merchant adds a member (e.g. the first billing admin). */
export const addCompanyMember: Handlers['addCompanyMember'] = (ctx, { params, body }) => addMemberToCompany(ctx, params.companyId, body);
