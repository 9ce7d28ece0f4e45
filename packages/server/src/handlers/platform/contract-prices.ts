import { invoiceTotals, modelAmount, PricingError, quotePrice, validateTiers, type PriceItem, type QuantityRule } from '@subkit/core';
import type { Sql } from '../../db/types.js';
import { invalidRequest, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { Handlers } from '../types.js';
import { invalidateCatalogCache } from './catalog.js';

/** Rejects price items the pricing math could not quote: duplicate item ids, malformed tiers. */
export function checkPriceItems(items: readonly PriceItem[], param = 'items'): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) throw invalidRequest('parameter_invalid', `Price item id '${item.id}' appears twice.`, `${param}.${index}.id`);
    seen.add(item.id);
    const tiers = item.model.type === 'graduated' || item.model.type === 'volume' || item.model.type === 'metered' ? item.model.tiers : undefined;
    if (item.model.type === 'metered' && tiers && item.model.packageSize !== undefined) {
      throw invalidRequest('parameter_invalid', 'A metered item is priced by tiers or per package, not both.', `${param}.${index}.model.packageSize`);
    }
    if (tiers) {
      try {
        validateTiers(tiers);
      } catch (err) {
        if (err instanceof PricingError) throw invalidRequest('parameter_invalid', err.message, `${param}.${index}.model.tiers`);
        throw err;
      }
    }
    if (item.model.type === 'metered' && !item.metric) {
      throw invalidRequest('parameter_missing', 'A metered price item needs a metric.', `${param}.${index}.metric`);
    }
  });
}

const isOverflow = (err: unknown) => (err as { type?: unknown } | null)?.type === 'money_error' && (err as { code?: unknown }).code === 'overflow';

const tooLarge = (message: string, param: string) => invalidRequest('amount_too_large', message, param);

/**
 * Refuses a price whose smallest order cannot be billed exactly: each item, their sum and the sum with the
 * highest tax rate on file must stay within ±(2^53−1) minor units. Otherwise the price would be stored and
 * every buyer's checkout of it would fail later; larger orders of a valid price are refused at checkout (4xx).
 */
export async function checkPriceQuotable(tx: Sql, input: { currency: string; items: readonly PriceItem[]; quantity: QuantityRule | null }): Promise<void> {
  const quantity = input.quantity?.minimum || 1;
  input.items.forEach((item, index) => {
    try {
      modelAmount(item.model, item.model.type === 'flat' ? 1 : item.model.type === 'metered' ? 0 : quantity);
    } catch (err) {
      if (isOverflow(err)) throw tooLarge(`Item '${item.id}' costs more than can be billed exactly for ${quantity} unit(s).`, `items.${index}.model`);
      throw err;
    }
  });
  const { rows } = await tx.query<{ percent: number | null }>('SELECT max(percent) AS percent FROM tax_rates');
  try {
    const { subtotal } = quotePrice({ currency: input.currency, items: input.items }, { quantity });
    invoiceTotals({ lines: [{ amount: subtotal }], taxRates: [{ id: 'max', name: 'max', percent: Math.min(rows[0]?.percent ?? 0, 1000) }] });
  } catch (err) {
    if (isOverflow(err)) throw tooLarge(`The items together (with tax) cost more than can be billed exactly for ${quantity} unit(s).`, 'items');
    throw err;
  }
}

/** `POST /v1/contract-prices`: a negotiated price for one company; it replaces that company's previous one for the same plan, currency and interval. */
export const createContractPrice: Handlers['createContractPrice'] = async (ctx, { body }) => {
  checkPriceItems(body.items);
  const created = await ctx.db.transaction(async (tx) => {
    const company = await tx.query('SELECT id FROM companies WHERE id = $1', [body.companyId]);
    if (company.rowCount === 0) throw notFound('company', 'companyId');
    const plan = await tx.query<{ quantity: QuantityRule | null }>('SELECT quantity FROM plans WHERE id = $1', [body.planId]);
    if (plan.rowCount === 0) throw notFound('plan', 'planId');
    await checkPriceQuotable(tx, { currency: body.currency, items: body.items, quantity: plan.rows[0]!.quantity });
    const now = ctx.now();
    await tx.query(
      `UPDATE prices SET active = false
        WHERE company_id = $1 AND plan_id = $2 AND currency = $3 AND interval = $4 AND interval_count = $5 AND active`,
      [body.companyId, body.planId, body.currency, body.recurring.interval, body.recurring.intervalCount],
    );
    const id = newId('price_');
    await tx.query(
      `INSERT INTO prices (id, plan_id, currency, interval, interval_count, items, company_id, active, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8)`,
      [id, body.planId, body.currency, body.recurring.interval, body.recurring.intervalCount, JSON.stringify(body.items), body.companyId, now],
    );
    return {
      id,
      companyId: body.companyId,
      planId: body.planId,
      currency: body.currency,
      recurring: body.recurring,
      items: body.items,
      createdAt: now.toISOString(),
    };
  });
  invalidateCatalogCache(ctx.db);
  return created;
};
