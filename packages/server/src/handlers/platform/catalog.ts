import type { AddOn, Catalog, Feature, Interval, Plan, Price, PriceItem, PricingModel, Product, SubkitLocale } from '@subkit/core';
import type { RequestContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { withJsonText } from '../../http/json-text.js';
import type { Handlers } from '../types.js';
import { catalogLocale, localizeProducts, readCatalogTexts } from './catalog-texts.js';

interface ProductRow { id: string; name: string; description: string | null }
interface FeatureRow { id: string; product_id: string; name: string; description: string | null }
interface PlanRow {
  id: string;
  product_id: string;
  name: string;
  description: string | null;
  recommended: boolean;
  contact_sales: boolean;
  contact_url: string | null;
  trial_days: number | null;
  quantity: Plan['quantity'];
  features: Plan['features'];
  rank: number;
  metadata: Record<string, string> | null;
}
interface PriceRow {
  id: string;
  plan_id: string;
  currency: string;
  interval: Interval;
  interval_count: number;
  items: PriceItem[];
  company_id: string | null;
}
interface AddOnRow {
  id: string;
  product_id: string;
  name: string;
  description: string | null;
  quantity_mode: AddOn['quantityMode'];
  unit_label: string | null;
  unit_label_plural: string | null;
  plan_ids: string[];
}
interface AddOnPriceRow { id: string; add_on_id: string; currency: string; interval: Interval; interval_count: number; model: PricingModel }

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } =>
  (value === null ? {} : { [key]: value }) as { [P in K]?: V };

/**
 * The prices a company sees: public prices, except that a contract price of the company replaces the public
 * one of the same plan, currency and interval (and a contract price with no public twin is added).
 */
export function effectivePrices(rows: readonly PriceRow[]): Price[] {
  const chosen = new Map<string, PriceRow>();
  const list = new Map<string, PriceRow>();
  for (const row of rows) {
    const key = `${row.plan_id}|${row.currency}|${row.interval}|${row.interval_count}`;
    const current = chosen.get(key);
    if (row.company_id === null) list.set(key, row);
    if (!current || (current.company_id === null && row.company_id !== null)) chosen.set(key, row);
  }
  return [...chosen.entries()].map(([key, row]) => {
    const replaced = row.company_id !== null ? list.get(key) : undefined;
    return {
      id: row.id,
      planId: row.plan_id,
      currency: row.currency,
      recurring: { interval: row.interval, intervalCount: row.interval_count },
      items: row.items,
      contract: row.company_id !== null,
      ...(replaced ? { listItems: replaced.items } : {}),
    };
  });
}

const INTERVAL_ORDER: Record<Interval, number> = { month: 1, quarter: 3, year: 12 };

const CACHE_LIMIT = 1000;
const caches = new WeakMap<Database, Map<string, { expires: number; catalog: Promise<Catalog> }>>();

/** Forgets the cached catalogs of a database, so the next request reads them again (call after catalog writes). */
export function invalidateCatalogCache(db: Database): void {
  caches.get(db.store ?? db)?.clear();
}

/**
 * `GET /v1/catalog`: active products with plans, prices, add-ons and features; a session's company sees its contract prices.
 * The catalog is read on every page view of every storefront, and changes rarely: each process keeps it for a few
 * seconds (`catalogCacheSeconds`) per company, currency and language. Checkout never reads this cache.
 * Its texts are in the language asked for (`?locale=`, else Accept-Language) where the merchant wrote them.
 */
export const getCatalog: Handlers['getCatalog'] = async (ctx, { query }) => {
  const companyId = ctx.principal.kind === 'session' ? ctx.principal.companyId : null;
  const currency = query.currency ?? null;
  const locale = catalogLocale(ctx, query.locale);
  const ttl = (ctx.config.catalogCacheSeconds ?? 5) * 1000;
  if (ttl <= 0) return readCatalog(ctx, companyId, currency, locale);
  const store = ctx.db.store ?? ctx.db;
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const key = `${companyId ?? ''}|${currency ?? ''}|${locale}`;
  // Wall-clock time on purpose: a test clock moved by months must not freeze or flush the cache.
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.catalog;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  // The promise is cached, so concurrent misses share one read; a failed read is not kept.
  // Serialised once per cached catalog: every hit sends the same bytes (http/json-text.ts).
  const catalog = readCatalog(ctx, companyId, currency, locale).then(withJsonText);
  cache.set(key, { expires: now + ttl, catalog });
  catalog.catch(() => {
    if (cache.get(key)?.catalog === catalog) cache.delete(key);
  });
  return catalog;
};

async function readCatalog(ctx: RequestContext, companyId: string | null, currency: string | null, locale: SubkitLocale): Promise<Catalog> {
  const [products, plans, prices, addOns, addOnPrices, features, company, texts] = await Promise.all([
    ctx.db.query<ProductRow>('SELECT id, name, description FROM products WHERE active ORDER BY sort, id'),
    ctx.db.query<PlanRow>('SELECT * FROM plans WHERE active ORDER BY rank, id'),
    ctx.db.query<PriceRow>(
      `SELECT id, plan_id, currency, interval, interval_count, items, company_id FROM prices
        WHERE active AND (company_id IS NULL OR company_id = $1) AND ($2::text IS NULL OR currency = $2)
        ORDER BY currency, interval_count, id`,
      [companyId, currency],
    ),
    ctx.db.query<AddOnRow>('SELECT id, product_id, name, description, quantity_mode, unit_label, unit_label_plural, plan_ids FROM add_ons ORDER BY sort, id'),
    ctx.db.query<AddOnPriceRow>('SELECT * FROM add_on_prices WHERE ($1::text IS NULL OR currency = $1) ORDER BY currency, id', [currency]),
    ctx.db.query<FeatureRow>('SELECT id, product_id, name, description FROM features ORDER BY sort, id'),
    companyId === null
      ? Promise.resolve({ rows: [] as { preferred_currency: string | null }[] })
      : ctx.db.query<{ preferred_currency: string | null }>('SELECT preferred_currency FROM companies WHERE id = $1', [companyId]),
    readCatalogTexts(ctx.db, locale),
  ]);

  const pricesByPlan = groupBy(effectivePrices(prices.rows), (p) => p.planId);
  const plansByProduct = groupBy(plans.rows, (p) => p.product_id);
  const addOnPricesByAddOn = groupBy(addOnPrices.rows, (p) => p.add_on_id);
  const addOnsByProduct = groupBy(addOns.rows, (a) => a.product_id);
  const featuresByProduct = groupBy(features.rows, (f) => f.product_id);

  const toPlan = (row: PlanRow): Plan => ({
    id: row.id,
    productId: row.product_id,
    name: row.name,
    ...optional('description', row.description),
    recommended: row.recommended,
    contactSales: row.contact_sales,
    ...optional('contactUrl', row.contact_url),
    trialDays: row.trial_days,
    quantity: row.quantity,
    features: row.features,
    prices: (pricesByPlan.get(row.id) ?? []).sort(
      (a, b) =>
        a.currency.localeCompare(b.currency) ||
        INTERVAL_ORDER[a.recurring.interval] * a.recurring.intervalCount - INTERVAL_ORDER[b.recurring.interval] * b.recurring.intervalCount,
    ),
    rank: row.rank,
    ...optional('metadata', row.metadata),
  });

  const result: Product[] = products.rows.map((product) => ({
    id: product.id,
    name: product.name,
    ...optional('description', product.description),
    // A plan that cannot be bought in the asked currency is left out; "contact sales" plans have no prices anyway.
    plans: (plansByProduct.get(product.id) ?? []).map(toPlan).filter((plan) => plan.contactSales || plan.prices.length > 0),
    addOns: (addOnsByProduct.get(product.id) ?? []).map(
      (row): AddOn => ({
        id: row.id,
        name: row.name,
        ...optional('description', row.description),
        quantityMode: row.quantity_mode,
        ...optional('unitLabel', row.unit_label),
        ...optional('unitLabelPlural', row.unit_label_plural),
        prices: (addOnPricesByAddOn.get(row.id) ?? []).map((p) => ({
          id: p.id,
          currency: p.currency,
          recurring: { interval: p.interval, intervalCount: p.interval_count },
          model: p.model,
        })),
        planIds: row.plan_ids,
      }),
    ),
    features: (featuresByProduct.get(product.id) ?? []).map(
      (row): Feature => ({ id: row.id, name: row.name, ...optional('description', row.description) }),
    ),
  }));

  const catalog: Catalog = {
    object: 'catalog',
    merchant: { name: ctx.config.merchantName, mode: ctx.config.mode, payments: ctx.config.payments === 'stripe' ? 'stripe' : 'test' },
    currencies: [...ctx.config.currencies],
    defaultCurrency: company.rows[0]?.preferred_currency ?? ctx.config.defaultCurrency,
    products: localizeProducts(result, texts),
    companyId,
    stripePublishableKey: ctx.config.stripe?.publishableKey ?? null,
    locale,
  };
  return catalog;
};
