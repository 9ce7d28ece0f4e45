import * as z from 'zod/mini';
import { Address, CurrencyCode, Email, Id, MerchantId, Mode, Name, TaxId, Timestamp } from './common.js';

/** A buyer's role inside their company. */
export const Role = z.enum(['viewer', 'purchaser', 'billing_admin']);
export type Role = z.infer<typeof Role>;

/** What a buyer session may do; derived from the role by `permissionsFor`. */
export const Permission = z.enum([
  'catalog:read',
  'subscriptions:read',
  'invoices:read',
  'usage:read',
  'checkout:create',
  'subscriptions:change',
  'subscriptions:pause',
  'subscriptions:cancel',
  'invoices:pay',
  'payment_methods:manage',
  'members:manage',
  'approvals:manage',
  'audit:read',
]);
export type Permission = z.infer<typeof Permission>;

const VIEWER: readonly Permission[] = ['catalog:read', 'subscriptions:read', 'invoices:read', 'usage:read'];
const PURCHASER: readonly Permission[] = [...VIEWER, 'checkout:create', 'subscriptions:change', 'subscriptions:pause', 'invoices:pay'];
const BILLING_ADMIN: readonly Permission[] = [...PURCHASER, 'subscriptions:cancel', 'payment_methods:manage', 'members:manage', 'approvals:manage', 'audit:read'];

/** The permissions each role grants: the server enforces them, widgets hide what is not allowed. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: VIEWER,
  purchaser: PURCHASER,
  billing_admin: BILLING_ADMIN,
};

/** The permissions a role grants. */
export function permissionsFor(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** Whether a role grants a permission. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** A buyer company (the merchant's B2B customer account). */
export const Company = z.object({
  id: Id,
  object: z.literal('company'),
  name: z.string(),
  billingEmail: z.nullable(Email),
  taxId: z.nullable(TaxId),
  billingAddress: z.nullable(Address),
  /** Net terms for pay-by-invoice, in days (e.g. 30 for NET 30). */
  paymentTermsDays: z.int().check(z.minimum(0), z.maximum(120)),
  /** Whether the company may pay by invoice at all. */
  invoiceAllowed: z.boolean(),
  preferredCurrency: z.nullable(CurrencyCode),
  /**
   * Calendar billing: every subscription of the company renews on this day of the month (a day a month
   * lacks falls on its last day), the first period prorated; null bills each on its anniversary.
   */
  billingDay: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(31)))),
  createdAt: Timestamp,
});
export type Company = z.infer<typeof Company>;

/** A person of a company with a role. */
export const Member = z.object({
  id: Id,
  object: z.literal('member'),
  companyId: Id,
  /** The merchant's own user id for this person. */
  customerId: Id,
  email: Email,
  name: z.string(),
  role: Role,
  createdAt: Timestamp,
});
export type Member = z.infer<typeof Member>;

/** Add a member (billing admin only). */
export const MemberCreateRequest = z.object({
  customerId: MerchantId,
  email: Email,
  name: Name,
  role: Role,
});
export type MemberCreateRequest = z.infer<typeof MemberCreateRequest>;

/** Change a member's role (billing admin only). */
export const MemberUpdateRequest = z.object({ role: Role });

/** The page origin a session token is bound to, e.g. `https://shop.example` (buyer and merchant sessions). */
export const SessionOrigin = z.string().check(z.regex(/^https?:\/\/[^/\s]+$/, 'must be an origin like https://shop.example'));

/** A session token's lifetime in seconds: 1 minute to 1 hour. */
export const SessionTtlSeconds = z.int().check(z.minimum(60), z.maximum(3600));

/** What the merchant's backend sends (with its secret key) to mint a buyer session. */
export const SessionCreateRequest = z.object({
  customerId: MerchantId,
  companyId: MerchantId,
  /** The storefront origin the token will be used from, e.g. `https://shop.example`. */
  origin: z.optional(SessionOrigin),
  /** Lifetime in seconds; 15 minutes by default, 1 hour at most. */
  ttlSeconds: z.optional(SessionTtlSeconds),
});
export type SessionCreateRequest = z.infer<typeof SessionCreateRequest>;

/** A freshly minted buyer session token. The token is shown once. */
export const SessionToken = z.object({
  object: z.literal('buyer_session'),
  token: z.string(),
  expiresAt: Timestamp,
  companyId: Id,
  customerId: Id,
  role: Role,
});
export type SessionToken = z.infer<typeof SessionToken>;

/** Who the current buyer session is: `GET /v1/session`. */
export const SessionInfo = z.object({
  object: z.literal('session'),
  mode: Mode,
  expiresAt: Timestamp,
  member: Member,
  company: Company,
  role: Role,
  permissions: z.array(Permission),
  /**
   * The company's open quotes, newest first, by the plan each quotes (issue #17): the plan picker offers
   * "View your quote" on those plans without loading the quotes. Optional: servers before #17 send none.
   */
  openQuotes: z.optional(z.array(z.object({ planId: Id, quoteId: Id }))),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Create or update a company (merchant secret key). */
export const CompanyUpsertRequest = z.object({
  /** The merchant's own id for the company (see `MerchantId`); a new `co_…` id when omitted. */
  id: z.optional(MerchantId),
  name: Name,
  billingEmail: z.optional(z.nullable(Email)),
  taxId: z.optional(z.nullable(TaxId)),
  billingAddress: z.optional(z.nullable(Address)),
  paymentTermsDays: z.optional(z.int().check(z.minimum(0), z.maximum(120))),
  invoiceAllowed: z.optional(z.boolean()),
  preferredCurrency: z.optional(z.nullable(CurrencyCode)),
  /** Calendar billing day (1–31) for new subscriptions of the company; null for anniversary billing. */
  billingDay: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(31)))),
});
export type CompanyUpsertRequest = z.infer<typeof CompanyUpsertRequest>;
