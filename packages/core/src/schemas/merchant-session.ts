import * as z from 'zod/mini';
import { Timestamp } from './common.js';
import { SessionOrigin, SessionTtlSeconds } from './company.js';

/** What a merchant session may do: read-only views for the merchant's own admin widgets. */
export const MerchantScope = z.enum(['metrics:read']);
export type MerchantScope = z.infer<typeof MerchantScope>;

/**
 * Mints a short-lived merchant session for a widget in the merchant's own admin (the revenue dashboard):
 * the secret key stays on the merchant's server, the browser gets a token that can only read.
 */
export const MerchantSessionCreateRequest = z.object({
  scopes: z.array(MerchantScope).check(z.minLength(1), z.maxLength(10)),
  /** The admin page's origin the token will be used from, e.g. `https://admin.shop.example`. */
  origin: z.optional(SessionOrigin),
  /** Lifetime in seconds; 15 minutes by default, 1 hour at most. */
  ttlSeconds: z.optional(SessionTtlSeconds),
});
export type MerchantSessionCreateRequest = z.infer<typeof MerchantSessionCreateRequest>;

/** A freshly minted merchant session token (`ms_…`), shown once. */
export const MerchantSession = z.object({
  object: z.literal('merchant_session'),
  token: z.string(),
  expiresAt: Timestamp,
  scopes: z.array(MerchantScope),
});
export type MerchantSession = z.infer<typeof MerchantSession>;
