import * as z from 'zod/mini';
import { SUBKIT_LOCALES } from '../math/locale.js';
import { PluralCategory } from './catalog.js';
import { Id, visibleText } from './common.js';

/** A merchant text: not blank, no control characters (a description may break lines), at most `max` characters. */
const text = (max: number, lines = false) =>
  z.string().check(
    z.maxLength(max, `must be at most ${max} characters`),
    visibleText(),
    z.regex(lines ? /^[^\u0000-\u0009\u000b-\u001f\u007f]*$/ : /^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters'),
  );

/** Limits of merchant catalog texts, in characters. */
export const CATALOG_TEXT_LIMITS = { name: 120, description: 2000, unitLabel: 40, featureValue: 200, objects: 500 } as const;

/**
 * A unit label's forms by plural category for counted use ("1 seat", "3 seats"; Arabic "٣ مقاعد", "١١ مقعدًا"):
 * widgets pick `unitLabels[new Intl.PluralRules(locale).select(count)]`, else `other`.
 */
export const UnitForms = z.object(
  Object.fromEntries(PluralCategory.options.map((category) => [category, z.optional(text(CATALOG_TEXT_LIMITS.unitLabel))])) as Record<
    PluralCategory,
    z.ZodMiniOptional<ReturnType<typeof text>>
  >,
);
export type UnitForms = z.infer<typeof UnitForms>;

/**
 * A unit's texts in one language: `unitLabel` alone ("per seat"), `unitLabelPlural` for several without a count
 * ("Number of seats"), `unitLabels` the counted forms. Given together: a language's units never mix with another's.
 */
const UnitTexts = {
  unitLabel: z.optional(text(CATALOG_TEXT_LIMITS.unitLabel)),
  unitLabelPlural: z.optional(text(CATALOG_TEXT_LIMITS.unitLabel)),
  unitLabels: z.optional(UnitForms),
};

const NamedTexts = {
  name: z.optional(text(CATALOG_TEXT_LIMITS.name)),
  description: z.optional(text(CATALOG_TEXT_LIMITS.description, true)),
};

/** Caps how many objects one map may name. */
const capped = <T extends z.ZodMiniType>(value: T) =>
  z.record(Id, value).check(
    z.refine((map) => Object.keys(map).length <= CATALOG_TEXT_LIMITS.objects, `must name at most ${CATALOG_TEXT_LIMITS.objects} objects`),
  );

/** A product's or a feature's texts in one language. */
export const NamedTextsSchema = z.object(NamedTexts);
export type NamedTexts = z.infer<typeof NamedTextsSchema>;

/** A price item's texts in one language (items are named by id across the plan's prices). */
export const PriceItemTexts = z.object({ description: z.optional(text(CATALOG_TEXT_LIMITS.name)), ...UnitTexts });
export type PriceItemTexts = z.infer<typeof PriceItemTexts>;

/** A plan's texts in one language: name, description, its quantity's unit, its feature rows' values, its price items. */
export const PlanTexts = z.object({
  ...NamedTexts,
  quantity: z.optional(z.object(UnitTexts)),
  /** Values of the plan's text feature rows by feature id, e.g. `{ feat_support: 'البريد الإلكتروني' }`. */
  features: z.optional(capped(text(CATALOG_TEXT_LIMITS.featureValue))),
  items: z.optional(capped(PriceItemTexts)),
});
export type PlanTexts = z.infer<typeof PlanTexts>;

/** An add-on's texts in one language. */
export const AddOnTexts = z.object({ ...NamedTexts, ...UnitTexts });
export type AddOnTexts = z.infer<typeof AddOnTexts>;

/** A locale catalog texts can be written in: the languages subkit's widgets ship in. */
export const CatalogLocale = z.enum(SUBKIT_LOCALES);

/** The merchant's catalog texts in one language, by object id; what is missing falls back to the catalog's own texts. */
export const CatalogTexts = z.object({
  object: z.literal('catalog_texts'),
  locale: CatalogLocale,
  products: z.record(Id, NamedTextsSchema),
  features: z.record(Id, NamedTextsSchema),
  plans: z.record(Id, PlanTexts),
  addOns: z.record(Id, AddOnTexts),
});
export type CatalogTexts = z.infer<typeof CatalogTexts>;

/** `GET /v1/catalog/texts?locale=`. */
export const CatalogTextsQuery = z.object({ locale: CatalogLocale });

/**
 * `POST /v1/catalog/texts`: sets the texts of the named objects in one language, each object's texts replaced
 * as a whole; `null` removes an object's texts in that language. Objects not named keep theirs. A field it does
 * not know (a misspelt `nmae`) is refused at the edge, as on every endpoint.
 */
export const CatalogTextsWrite = z.object({
  locale: CatalogLocale,
  products: z.optional(capped(z.nullable(NamedTextsSchema))),
  features: z.optional(capped(z.nullable(NamedTextsSchema))),
  plans: z.optional(capped(z.nullable(PlanTexts))),
  addOns: z.optional(capped(z.nullable(AddOnTexts))),
});
export type CatalogTextsWrite = z.infer<typeof CatalogTextsWrite>;
