import { createHash, randomBytes } from 'node:crypto';
import type { Mode, Role, SessionToken } from '@subkit/core';
import type { BuyerPrincipal, ServerConfig } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError, notFound } from '../errors.js';
import { cachedSessionRow } from './session-cache.js';

/** Prefix of every buyer session token; the mode follows (`bs_test_…`). */
export const SESSION_TOKEN_PREFIX = 'bs_';

/** The stored form of a token: its SHA-256, so a database leak does not leak usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What minting a session needs: the merchant vouches for this customer of this company. */
export interface MintSessionInput {
  readonly customerId: string;
  readonly companyId: string;
  readonly origin?: string | undefined;
  readonly ttlSeconds?: number | undefined;
}

/**
 * Mints a buyer session for a member of a company: an opaque random token (shown once), stored as a hash,
 * bound to company, member, origin and mode. The one code path behind `POST /v1/sessions` and merchant logins.
 */
export async function mintBuyerSession(sql: Sql, config: ServerConfig, now: Date, input: MintSessionInput): Promise<SessionToken> {
  const company = await sql.query('SELECT id FROM companies WHERE id = $1', [input.companyId]);
  if (company.rowCount === 0) throw notFound('company', 'companyId');
  const member = await sql.query<{ id: string; role: Role }>(
    'SELECT id, role FROM members WHERE company_id = $1 AND customer_id = $2 AND removed_at IS NULL',
    [input.companyId, input.customerId],
  );
  const row = member.rows[0];
  if (!row) throw new ApiError('not_found_error', 'resource_missing', 'No member with this customerId in this company.', { param: 'customerId' });
  const token = `${SESSION_TOKEN_PREFIX}${config.mode}_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? config.sessionTtlSeconds) * 1000);
  await sql.query(
    `INSERT INTO buyer_sessions (token_hash, company_id, member_id, origin, mode, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [hashToken(token), input.companyId, row.id, input.origin ?? null, config.mode, expiresAt, now],
  );
  return {
    object: 'buyer_session',
    token,
    expiresAt: expiresAt.toISOString(),
    companyId: input.companyId,
    customerId: input.customerId,
    role: row.role,
  };
}

/** Revokes a token; answers false when no such token was ever minted. */
export async function revokeBuyerSession(sql: Sql, token: string, now: Date): Promise<boolean> {
  const result = await sql.query(
    'UPDATE buyer_sessions SET revoked_at = COALESCE(revoked_at, $2) WHERE token_hash = $1 RETURNING token_hash',
    [hashToken(token), now],
  );
  return result.rowCount > 0;
}

const unauthenticated = (message: string) => new ApiError('authentication_error', 'session_invalid', message);

interface SessionRow {
  company_id: string;
  member_id: string;
  customer_id: string;
  role: Role;
  origin: string | null;
  mode: Mode;
  expires_at: Date;
  revoked_at: Date | null;
  removed_at: Date | null;
}

/**
 * Where a request comes from, as the browser states it: its `Origin` header, or — for a same-origin GET,
 * which browsers send without `Origin` — the host the browser vouches for with `Sec-Fetch-Site: same-origin`.
 */
export interface CallerOrigin {
  readonly origin: string | undefined;
  readonly sameOriginHost: string | undefined;
}

/**
 * Whether a session bound to `bound` may be used by this caller. A session minted without an origin is the
 * merchant's explicit choice of server-to-server use and is not bound. A bound one needs the browser to
 * name its origin: a matching `Origin` header, or a same-origin request to the bound origin's host (the
 * storefront serving the API itself). A request that names no origin at all is refused: a token copied
 * out of a page must not work from a script elsewhere by leaving the header out.
 */
export function originMatches(bound: string, caller: CallerOrigin): boolean {
  if (caller.origin !== undefined) return caller.origin === bound;
  return caller.sameOriginHost !== undefined && new URL(bound).host === caller.sameOriginHost.toLowerCase();
}

/**
 * The principal behind a session token, checked against the clock and the calling origin.
 * The member's current role counts (a role change applies to live sessions at once — see session-cache.ts
 * for the bound across processes); a removed member is signed out.
 */
export async function resolveBuyerSession(sql: Sql, token: string, opts: { now: Date; caller: CallerOrigin; mode: Mode }): Promise<BuyerPrincipal> {
  const tokenHash = hashToken(token);
  const row = await cachedSessionRow(sql, tokenHash, async () => {
    const result = await sql.query<SessionRow>(
      `SELECT s.company_id, s.member_id, m.customer_id, m.role, s.origin, s.mode, s.expires_at, s.revoked_at, m.removed_at
         FROM buyer_sessions s JOIN members m ON m.id = s.member_id
        WHERE s.token_hash = $1`,
      [tokenHash],
    );
    return result.rows[0];
  });
  if (!row) throw unauthenticated('The session token is not valid.');
  if (row.revoked_at) throw unauthenticated('The session was revoked.');
  if (row.expires_at.getTime() <= opts.now.getTime()) {
    throw new ApiError('authentication_error', 'session_expired', 'The session has expired. Get a new one from the merchant.');
  }
  if (row.removed_at) throw unauthenticated('The member of this session was removed from the company.');
  if (row.mode !== opts.mode) throw unauthenticated('The session belongs to another mode.');
  if (row.origin !== null && !originMatches(row.origin, opts.caller)) {
    throw opts.caller.origin === undefined
      ? new ApiError('authentication_error', 'origin_required', 'The session token is bound to a storefront origin; call from that origin (the Origin header is missing).')
      : new ApiError('authentication_error', 'origin_mismatch', 'The session token is bound to another origin.');
  }
  return {
    kind: 'session',
    companyId: row.company_id,
    memberId: row.member_id,
    customerId: row.customer_id,
    role: row.role,
    mode: row.mode,
    expiresAt: row.expires_at,
  };
}
