import { PricingError, validateTiers, type PriceItem } from '@subkit/core';
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
    if (item.model.type === 'graduated' || item.model.type === 'volume') {
      try {
        validateTiers(item.model.tiers);
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

/** `POST /v1/contract-prices`: a negotiated price for one company; it replaces that company's previous one for the same plan, currency and interval. */
export const createContractPrice: Handlers['createContractPrice'] = async (ctx, { body }) => {
  checkPriceItems(body.items);
  const created = await ctx.db.transaction(async (tx) => {
    const company = await tx.query('SELECT id FROM companies WHERE id = $1', [body.companyId]);
    if (company.rowCount === 0) throw notFound('company', 'companyId');
    const plan = await tx.query('SELECT id FROM plans WHERE id = $1', [body.planId]);
    if (plan.rowCount === 0) throw notFound('plan', 'planId');
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
