import {
  acceptedLocales,
  matchAvailableLocale,
  SUBKIT_LOCALES,
  type AddOnTexts,
  type CatalogTexts,
  type CatalogTextsWrite,
  type NamedTexts,
  type PlanTexts,
  type PriceItem,
  type Product,
  type SubkitLocale,
  type UnitForms,
} from '@subkit/core';
import type { RequestContext } from '../../context.js';
import type { Sql } from '../../db/types.js';
import { invalidRequest, notFound } from '../../errors.js';
import type { Handlers } from '../types.js';
import { invalidateCatalogCache } from './catalog.js';

/** The body's maps and the object kind each one's rows are stored under. */
const KINDS = { products: 'product', features: 'feature', plans: 'plan', addOns: 'add_on' } as const;
type MapName = keyof typeof KINDS;
const MAP_OF = Object.fromEntries(Object.entries(KINDS).map(([map, kind]) => [kind, map])) as Record<(typeof KINDS)[MapName], MapName>;

/**
 * The language a catalog answers in: `?locale=`, else the best of Accept-Language, matched to the languages
 * subkit speaks (`ar-EG` → `ar`, `zh` → `zh-CN`); else the merchant's own language.
 */
export function catalogLocale(ctx: RequestContext, asked: string | undefined): SubkitLocale {
  const wanted = asked ? [asked] : acceptedLocales(ctx.acceptLanguage);
  return (matchAvailableLocale(wanted, SUBKIT_LOCALES) as SubkitLocale | null) ?? ctx.config.defaultLocale ?? 'en';
}

/** The merchant's texts of one language, by object. */
export async function readCatalogTexts(sql: Sql, locale: SubkitLocale): Promise<CatalogTexts> {
  const { rows } = await sql.query<{ object: (typeof KINDS)[MapName]; object_id: string; texts: object }>(
    'SELECT object, object_id, texts FROM catalog_texts WHERE locale = $1 ORDER BY object, object_id',
    [locale],
  );
  const texts: CatalogTexts = { object: 'catalog_texts', locale, products: {}, features: {}, plans: {}, addOns: {} };
  for (const row of rows) (texts[MAP_OF[row.object]] as Record<string, object>)[row.object_id] = row.texts;
  return texts;
}

interface Units {
  unitLabel?: string | undefined;
  unitLabelPlural?: string | undefined;
  unitLabels?: UnitForms | undefined;
}

/**
 * A unit's labels in the asked language, taken together: when the language names the unit at all, its singular,
 * plural and counted forms all come from it (a form it lacks is derived from its others), never half from the
 * merchant's own language.
 */
function withUnits<T extends Units>(base: T, t: Units | undefined): T {
  if (!t || (t.unitLabel === undefined && t.unitLabelPlural === undefined && t.unitLabels === undefined)) return base;
  const forms = t.unitLabels;
  const one = t.unitLabel ?? forms?.one ?? forms?.other ?? t.unitLabelPlural!;
  const { unitLabels: _, ...rest } = base;
  return { ...rest, unitLabel: one, unitLabelPlural: t.unitLabelPlural ?? forms?.other ?? one, ...(forms ? { unitLabels: forms } : {}) } as T;
}

function withNames<T extends { name: string; description?: string }>(base: T, t: NamedTexts | undefined): T {
  if (!t) return base;
  return { ...base, ...(t.name !== undefined ? { name: t.name } : {}), ...(t.description !== undefined ? { description: t.description } : {}) };
}

/** Price items with the merchant's texts of one language (their description and unit labels) over their own. */
export function withItemTexts(items: PriceItem[], t: PlanTexts['items']): PriceItem[] {
  if (!t) return items;
  return items.map((item) => {
    const texts = t[item.id];
    if (!texts) return item;
    return withUnits({ ...item, ...(texts.description !== undefined ? { description: texts.description } : {}) }, texts);
  });
}

/** The products with the merchant's texts of one language over their own; what has no translation stays as it is. */
export function localizeProducts(products: Product[], texts: CatalogTexts): Product[] {
  return products.map((product) => ({
    ...withNames(product, texts.products[product.id]),
    features: product.features.map((feature) => withNames(feature, texts.features[feature.id])),
    plans: product.plans.map((plan) => {
      const t = texts.plans[plan.id];
      if (!t) return plan;
      return {
        ...withNames(plan, t),
        quantity: plan.quantity && withUnits(plan.quantity, t.quantity),
        features: plan.features.map((f) => (typeof f.value === 'string' && t.features?.[f.featureId] ? { ...f, value: t.features[f.featureId]! } : f)),
        prices: plan.prices.map((price) => ({
          ...price,
          items: withItemTexts(price.items, t.items),
          ...(price.listItems ? { listItems: withItemTexts(price.listItems, t.items) } : {}),
        })),
      };
    }),
    addOns: product.addOns.map((addOn) => withUnits(withNames(addOn, texts.addOns[addOn.id]), texts.addOns[addOn.id])),
  }));
}

type Entries<T> = [string, T | null][];
const entries = <T>(map: Record<string, T | null> | undefined): Entries<T> => Object.entries(map ?? {});

/** Counted forms need `other`: it is what every count falls back to. */
function checkForms(units: Units | undefined, param: string): void {
  if (units?.unitLabels && units.unitLabels.other === undefined) {
    throw invalidRequest('parameter_missing', 'Counted unit labels need the `other` form: every count without its own form takes it.', `${param}.unitLabels.other`);
  }
}

async function missing(tx: Sql, table: string, ids: string[]): Promise<string | undefined> {
  if (ids.length === 0) return undefined;
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::text[])`, [ids]);
  const found = new Set(rows.map((r) => r.id));
  return ids.find((id) => !found.has(id));
}

/** Refuses texts for objects the catalog does not have, and plan texts that name rows or items the plan does not have. */
async function checkReferences(tx: Sql, body: CatalogTextsWrite): Promise<void> {
  for (const [map, table, what] of [
    ['products', 'products', 'product'],
    ['features', 'features', 'feature'],
    ['addOns', 'add_ons', 'add-on'],
  ] as const) {
    const absent = await missing(tx, table, Object.keys(body[map] ?? {}));
    if (absent !== undefined) throw notFound(what, `${map}.${absent}`);
  }
  for (const [id, addOn] of entries<AddOnTexts>(body.addOns)) checkForms(addOn ?? undefined, `addOns.${id}`);

  const plans = entries<PlanTexts>(body.plans);
  if (plans.length === 0) return;
  const ids = plans.map(([id]) => id);
  const { rows } = await tx.query<{ id: string; quantity: unknown; features: { featureId: string; value: unknown }[]; items: string[] | null }>(
    `SELECT p.id, p.quantity, p.features,
            (SELECT array_agg(DISTINCT item->>'id') FROM prices pr, jsonb_array_elements(pr.items) item WHERE pr.plan_id = p.id) AS items
       FROM plans p WHERE p.id = ANY($1::text[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, t] of plans) {
    const plan = byId.get(id);
    if (!plan) throw notFound('plan', `plans.${id}`);
    if (!t) continue;
    if (t.quantity && plan.quantity === null) {
      throw invalidRequest('parameter_invalid', `Plan '${id}' is not bought by quantity: it has no unit to name.`, `plans.${id}.quantity`);
    }
    checkForms(t.quantity, `plans.${id}.quantity`);
    for (const featureId of Object.keys(t.features ?? {})) {
      const row = plan.features.find((f) => f.featureId === featureId);
      if (!row) throw invalidRequest('parameter_invalid', `Plan '${id}' has no row for feature '${featureId}'.`, `plans.${id}.features.${featureId}`);
      if (typeof row.value !== 'string') {
        throw invalidRequest('parameter_invalid', `Plan '${id}' shows feature '${featureId}' as a ${typeof row.value}, not a text.`, `plans.${id}.features.${featureId}`);
      }
    }
    for (const [itemId, item] of Object.entries(t.items ?? {})) {
      if (!plan.items?.includes(itemId)) throw invalidRequest('parameter_invalid', `No price of plan '${id}' has an item '${itemId}'.`, `plans.${id}.items.${itemId}`);
      checkForms(item, `plans.${id}.items.${itemId}`);
    }
  }
}

const isEmpty = (texts: object | null) => texts === null || Object.keys(texts).length === 0;

/** `GET /v1/catalog/texts`: what the merchant wrote for one language. */
export const getCatalogTexts: Handlers['getCatalogTexts'] = (ctx, { query }) => readCatalogTexts(ctx.db, query.locale);

/** `POST /v1/catalog/texts`: sets (or, with `null` or `{}`, removes) the named objects' texts in one language, all or nothing. */
export const writeCatalogTexts: Handlers['writeCatalogTexts'] = async (ctx, { body }) => {
  const texts = await ctx.db.transaction(async (tx) => {
    await checkReferences(tx, body);
    const now = ctx.now();
    for (const map of Object.keys(KINDS) as MapName[]) {
      for (const [id, value] of entries<object>(body[map] as Record<string, object | null> | undefined)) {
        if (isEmpty(value)) {
          await tx.query('DELETE FROM catalog_texts WHERE locale = $1 AND object = $2 AND object_id = $3', [body.locale, KINDS[map], id]);
        } else {
          await tx.query(
            `INSERT INTO catalog_texts (locale, object, object_id, texts, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (locale, object, object_id) DO UPDATE SET texts = excluded.texts, updated_at = excluded.updated_at`,
            [body.locale, KINDS[map], id, JSON.stringify(value), now],
          );
        }
      }
    }
    return readCatalogTexts(tx, body.locale);
  });
  invalidateCatalogCache(ctx.db);
  return texts;
};
