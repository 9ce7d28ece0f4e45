import * as z from 'zod/mini';

/** Largest amount of minor units any field may carry: beyond it integers lose exactness. */
export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/** An ISO 4217 currency code in upper case, e.g. `EUR`. */
export const CurrencyCode = z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'));
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/** An amount in integer minor units (cents; yen; fils): never a float. May be negative (credits). */
export const Amount = z.int();
export type Amount = z.infer<typeof Amount>;

/** A non-negative amount in integer minor units. */
export const NonNegativeAmount = z.int().check(z.minimum(0));

/** A money value: integer minor units together with their currency. */
export const Money = z.object({ amount: Amount, currency: CurrencyCode });
export type Money = z.infer<typeof Money>;

/** A UTC instant as an ISO 8601 string, e.g. `2026-01-31T00:00:00.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/** A calendar date `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();

/** An opaque object id with a type prefix, e.g. `sub_3x9…`. */
export const Id = z.string().check(z.minLength(1), z.maxLength(255));

/** The one pattern of ids a merchant chooses (companies, members' customer ids): ASCII letters, digits, `_ . : -`. */
export const MERCHANT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * An id the merchant chooses for a company or a customer, e.g. `co_acme` or `crm:4711`: 1–128 ASCII letters,
 * digits, `_`, `.`, `:` or `-`. Nothing else — no slashes, spaces, control, bidi or non-ASCII characters — so
 * such an id is safe in a URL, a log line, a CSV cell and a file name, and is stored exactly as sent.
 */
export const MerchantId = z.string().check(z.regex(MERCHANT_ID_PATTERN, 'must be 1 to 128 characters: letters A-Z a-z, digits, _ . : -'));

/**
 * A character that shows something by itself: anything but whitespace, Unicode's default-ignorable characters
 * (zero-width space U+200B, the joiners U+200C/U+200D, word joiner U+2060, BOM U+FEFF, soft hyphen, Hangul
 * fillers, variation selectors…), combining marks (they show only on a letter), control characters, and the
 * blank braille pattern U+2800.
 */
const VISIBLE = /[^\s\p{Default_Ignorable_Code_Point}\p{M}\p{Cc}\u2800]/u;

/**
 * The rule every free-text name follows: something a reader can see, not only blanks or zero-width characters.
 * The server's alone (`serverOnly`): the browser rule compiler leaves it out of the widgets' bundles, whose
 * size budget it would cost for a case the server answers with a 400 naming the field anyway.
 */
export const visibleText = () =>
  z.refine<string>((text) => VISIBLE.test(text), {
    message: 'must contain a visible character, not only spaces, zero-width or combining characters',
    params: { serverOnly: true },
  });

/**
 * A name people read — a company, a contact, an account holder: 1–200 characters, at least one of them
 * visible. An invisible name would print as a blank on the invoice PDF and as an empty cell in the exports.
 */
export const Name = z.string().check(z.minLength(1), z.maxLength(200), visibleText());

/** A positive whole quantity (seats, units, vehicles). */
export const Quantity = z.int().check(z.minimum(0), z.maximum(1_000_000_000));

/** Test or live mode, carried by keys and sessions. */
export const Mode = z.enum(['test', 'live']);
export type Mode = z.infer<typeof Mode>;

/** Free-form key/value strings a merchant attaches to objects. */
export const Metadata = z.record(z.string(), z.string());

/** Billing interval units. A quarter is three months. */
export const Interval = z.enum(['month', 'quarter', 'year']);
export type Interval = z.infer<typeof Interval>;

/** How often a price bills: every `intervalCount` `interval`s. */
export const Recurring = z.object({
  interval: Interval,
  intervalCount: z.int().check(z.minimum(1), z.maximum(36)),
});
export type Recurring = z.infer<typeof Recurring>;

/** A postal address. `country` is ISO 3166-1 alpha-2. */
export const Address = z.object({
  line1: z.string().check(z.minLength(1), z.maxLength(200)),
  line2: z.optional(z.string().check(z.maxLength(200))),
  city: z.string().check(z.minLength(1), z.maxLength(100)),
  postalCode: z.string().check(z.minLength(1), z.maxLength(20)),
  state: z.optional(z.string().check(z.maxLength(100))),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')),
});
export type Address = z.infer<typeof Address>;

/** A company tax id as entered; `country` decides the format rule (see `validateTaxId`). */
export const TaxId = z.object({
  country: z.string().check(z.regex(/^[A-Z]{2}$/)),
  value: z.string().check(z.minLength(2), z.maxLength(40)),
});
export type TaxId = z.infer<typeof TaxId>;

/** An e-mail address. */
export const Email = z.email();

/** A page of objects; pass `nextCursor` as `cursor` to get the next page. */
export function List<T extends z.core.$ZodType>(item: T) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    hasMore: z.boolean(),
    nextCursor: z.nullable(z.string()),
  });
}

/** Cursor pagination parameters of list endpoints. */
export const ListQuery = z.object({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.maxLength(500))),
});
