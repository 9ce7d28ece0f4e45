/**
 * Approval requests in the buyer's language: the plan's name from the merchant's catalog texts of `?locale=`
 * (else Accept-Language, else the merchant's language), as the catalog and quotes answer. A request stores
 * the name as the merchant wrote it when it was made; a widget in Chinese or Arabic named the plan in English.
 */
import type { ApprovalRequest } from '@subkit/core';
import type { RequestContext } from '../../context.js';
import { catalogLocale, readCatalogTexts } from '../../handlers/platform/catalog-texts.js';

/** The requests with their plan named in the asked language, where the catalog has a translation. */
export async function localizeRequests<T extends ApprovalRequest>(ctx: RequestContext, asked: string | undefined, requests: T[]): Promise<T[]> {
  if (requests.length === 0) return requests;
  const texts = await readCatalogTexts(ctx.db, catalogLocale(ctx, asked));
  // A change of seats or add-ons names no plan: it stays on its subscription's.
  const unnamed = requests.filter((r) => !r.change.planId).map((r) => r.subscriptionId);
  const plans = new Map<string, string>();
  if (unnamed.length) {
    const { rows } = await ctx.db.query<{ id: string; plan_id: string }>('SELECT id, plan_id FROM subscriptions WHERE id = ANY($1::text[])', [unnamed]);
    for (const row of rows) plans.set(row.id, row.plan_id);
  }
  return requests.map((request) => {
    const planId = request.change.planId ?? plans.get(request.subscriptionId);
    const name = planId ? texts.plans[planId]?.name : undefined;
    return name ? { ...request, planName: name } : request;
  });
}
