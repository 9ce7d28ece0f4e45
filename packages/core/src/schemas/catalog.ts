import * as z from 'zod/mini';
import { Amount, CurrencyCode, Id, Metadata, NonNegativeAmount, Quantity, Recurring } from './common.js';

/** `Intl.PluralRules` categories: which form of a unit label a count takes in a language. */
export const PluralCategory = z.enum(['zero', 'one', 'two', 'few', 'many', 'other']);
export type PluralCategory = z.infer<typeof PluralCategory>;

/**
 * A unit label's counted forms by `Intl.PluralRules` category (`zero`, `one`, `two`, `few`, `many`, `other`), in the
 * catalog's language ("٣ مقاعد", "١١ مقعدًا"). Keyed by plain strings on the wire: the writing API checks the keys.
 */
const UnitLabels = z.optional(z.record(z.string(), z.string()));

/** One tier of a tiered price. `upTo: null` is the last, open-ended tier. */
export const Tier = z.object({
  upTo: z.nullable(z.int().check(z.minimum(1))),
  /** Per-unit amount in this tier, minor units. */
  unitAmount: NonNegativeAmount,
  /** Fixed amount added once when the tier is reached, minor units. */
  flatAmount: NonNegativeAmount,
});
export type Tier = z.infer<typeof Tier>;

/**
 * How a price item turns a quantity into an amount.
 * - `flat`: a fixed amount per period, quantity ignored.
 * - `per_unit`: `unitAmount` × quantity (seats).
 * - `package`: `packageAmount` per started block of `packageSize` units (rounds up).
 * - `graduated`: each unit is priced by the tier it falls in.
 * - `volume`: every unit is priced by the tier the total falls in.
 * - `metered`: usage over `includedQuantity` is charged per unit (or per started package, or by graduated
 *   or volume `tiers`), the period's records aggregated by `aggregation` (sum, max or last).
 */
export const PricingModel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('flat'), amount: NonNegativeAmount }),
  z.object({ type: z.literal('per_unit'), unitAmount: NonNegativeAmount }),
  z.object({
    type: z.literal('package'),
    packageSize: z.int().check(z.minimum(1)),
    packageAmount: NonNegativeAmount,
  }),
  z.object({ type: z.literal('graduated'), tiers: z.array(Tier).check(z.minLength(1)) }),
  z.object({ type: z.literal('volume'), tiers: z.array(Tier).check(z.minLength(1)) }),
  z.object({
    type: z.literal('metered'),
    includedQuantity: Quantity,
    unitAmount: NonNegativeAmount,
    /** When set, overage is billed per started package of this many units. */
    packageSize: z.optional(z.int().check(z.minimum(1))),
    /**
     * How the period's usage records make one quantity: `sum` (default; a `set` record restarts the
     * running total), `max` (the highest reported value, e.g. peak storage), `last` (the latest value).
     */
    aggregation: z.optional(z.enum(['sum', 'max', 'last'])),
    /**
     * When set, usage over `includedQuantity` is priced by these tiers instead of `unitAmount` (tier
     * bounds count the period's whole usage; `packageSize` does not apply): `graduated` (default) prices
     * each unit by the tier it falls in, `volume` every unit by the tier the whole usage falls in.
     */
    tiers: z.optional(z.array(Tier).check(z.minLength(1))),
    tiersMode: z.optional(z.enum(['graduated', 'volume'])),
  }),
]);
export type PricingModel = z.infer<typeof PricingModel>;
export type PricingModelType = PricingModel['type'];

/** A component of a price: a base fee, a per-seat charge, a metered charge. */
export const PriceItem = z.object({
  id: Id,
  /** Human label, e.g. "Platform fee", "Seats", "Service hours". */
  description: z.string(),
  /** What one unit is called, e.g. "seat", "vehicle", "hour". */
  unitLabel: z.optional(z.string()),
  /** What several units are called, e.g. "seats"; widgets pick by count with `Intl.PluralRules`. */
  unitLabelPlural: z.optional(z.string()),
  /** Counted forms by plural category, where the language has more than two. */
  unitLabels: UnitLabels,
  /** Metric key for metered items (usage records name it). */
  metric: z.optional(z.string()),
  model: PricingModel,
});
export type PriceItem = z.infer<typeof PriceItem>;

/** What a plan costs in one currency and billing interval: the sum of its items. */
export const Price = z.object({
  id: Id,
  planId: Id,
  currency: CurrencyCode,
  recurring: Recurring,
  items: z.array(PriceItem).check(z.minLength(1)),
  /** True when this is a negotiated contract price of the session's company. */
  contract: z.boolean(),
  /** A contract price's list price: the public price's items it replaces, so a buyer sees what it beats. */
  listItems: z.optional(z.array(PriceItem)),
});
export type Price = z.infer<typeof Price>;

/** A feature shown in the comparison matrix. */
export const Feature = z.object({
  id: Id,
  name: z.string(),
  description: z.optional(z.string()),
});
export type Feature = z.infer<typeof Feature>;

/** A plan's value for a feature: included or not, or a limit/label such as "5 users". */
export const PlanFeature = z.object({
  featureId: Id,
  value: z.union([z.boolean(), z.string(), z.number()]),
});

/** How a plan's quantity (seats, units) may be chosen. */
export const QuantityRule = z.object({
  /** One unit, e.g. "seat". */
  unitLabel: z.string(),
  /** Several units, e.g. "seats" (labels like "Number of seats" use it). */
  unitLabelPlural: z.optional(z.string()),
  /** Counted forms by plural category ("3 seats"), where the language has more than two. */
  unitLabels: UnitLabels,
  minimum: Quantity,
  maximum: z.nullable(Quantity),
  default: Quantity,
});
export type QuantityRule = z.infer<typeof QuantityRule>;

/** An optional extra sold with plans, priced per currency and interval. */
export const AddOn = z.object({
  id: Id,
  name: z.string(),
  description: z.optional(z.string()),
  /** `single`: on or off; `per_seat`: follows the plan quantity; `quantity`: chosen freely. */
  quantityMode: z.enum(['single', 'per_seat', 'quantity']),
  /** What one unit is called for `quantity` add-ons, e.g. "GB" or "tracker". */
  unitLabel: z.optional(z.string()),
  /** What several units are called, e.g. "trackers". */
  unitLabelPlural: z.optional(z.string()),
  /** Counted forms by plural category, where the language has more than two. */
  unitLabels: UnitLabels,
  prices: z.array(
    z.object({
      id: Id,
      currency: CurrencyCode,
      recurring: Recurring,
      model: PricingModel,
    }),
  ),
  /** Plans it can be added to; empty means all plans of its product. */
  planIds: z.array(Id),
});
export type AddOn = z.infer<typeof AddOn>;

/** A sellable plan of a product, with its prices per currency and interval. */
export const Plan = z.object({
  id: Id,
  productId: Id,
  name: z.string(),
  description: z.optional(z.string()),
  /** Highlighted as the recommended choice. */
  recommended: z.boolean(),
  /** Not bought online: the buyer contacts sales. */
  contactSales: z.boolean(),
  contactUrl: z.optional(z.string()),
  trialDays: z.nullable(z.int().check(z.minimum(1), z.maximum(365))),
  quantity: z.nullable(QuantityRule),
  features: z.array(PlanFeature),
  prices: z.array(Price),
  /** Order among the product's plans; higher is a bigger plan (upgrade direction). */
  rank: z.int(),
  metadata: z.optional(Metadata),
});
export type Plan = z.infer<typeof Plan>;

/** A product line of the merchant with its plans and add-ons. */
export const Product = z.object({
  id: Id,
  name: z.string(),
  description: z.optional(z.string()),
  plans: z.array(Plan),
  addOns: z.array(AddOn),
  features: z.array(Feature),
});
export type Product = z.infer<typeof Product>;

/** The public catalog; with a buyer session it carries that company's contract prices. */
export const Catalog = z.object({
  object: z.literal('catalog'),
  /** `payments`: what collects card payments — the test processor (test mode only) or Stripe (`SUBKIT_PAYMENTS`). */
  merchant: z.object({ name: z.string(), mode: z.enum(['test', 'live']), payments: z.enum(['test', 'stripe']) }),
  currencies: z.array(CurrencyCode),
  defaultCurrency: CurrencyCode,
  products: z.array(Product),
  /** Set when the catalog was shaped for a buyer's company. */
  companyId: z.nullable(Id),
  /** Stripe publishable key when Stripe collects the payments; the widget loads Stripe.js with it. */
  stripePublishableKey: z.nullable(z.string()),
  /**
   * The language of the catalog's texts (`?locale=`, else Accept-Language, matched to the merchant's languages;
   * else the merchant's default): texts without a translation in it are the merchant's own.
   */
  locale: z.optional(z.string()),
});
export type Catalog = z.infer<typeof Catalog>;

/** A promotion a buyer can enter at checkout. */
export const Discount = z.object({
  /** `promo` from a code; `retention` from an accepted offer; `contract` from the merchant. */
  source: z.enum(['promo', 'retention', 'contract']),
  code: z.nullable(z.string()),
  percentOff: z.nullable(z.number().check(z.minimum(0), z.maximum(100))),
  amountOff: z.nullable(NonNegativeAmount),
  currency: z.nullable(CurrencyCode),
  duration: z.enum(['once', 'repeating', 'forever']),
  /** For `repeating`: how many billing periods it applies to. */
  durationInPeriods: z.nullable(z.int().check(z.minimum(1))),
  /** How many periods it still applies to (`null` = forever). */
  periodsRemaining: z.nullable(z.int().check(z.minimum(0))),
});
export type Discount = z.infer<typeof Discount>;

/** A change of a price's amount a merchant negotiated for one company. */
export const ContractPrice = z.object({
  id: Id,
  companyId: Id,
  planId: Id,
  currency: CurrencyCode,
  recurring: Recurring,
  items: z.array(PriceItem).check(z.minLength(1)),
  createdAt: z.string(),
});
export type ContractPrice = z.infer<typeof ContractPrice>;

/** Amount helper re-exported for schema users. */
export { Amount };
