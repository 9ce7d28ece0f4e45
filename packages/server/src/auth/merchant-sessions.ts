import { randomBytes } from 'node:crypto';
import type { MerchantScope, MerchantSession, MerchantSessionCreateRequest, Mode } from '@subkit/core';
import type { MerchantSessionPrincipal, ServerConfig } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError } from '../errors.js';
import { hashToken, originMatches, type CallerOrigin } from './sessions.js';

/** Prefix of every merchant session token; the mode follows (`ms_test_…`). */
export const MERCHANT_SESSION_PREFIX = 'ms_';

/**
 * Mints a merchant session: an opaque random token (shown once) stored as a hash, bound to its scopes,
 * origin and mode, for a widget of the merchant's own admin. The secret key never reaches a browser.
 */
export async function mintMerchantSession(sql: Sql, config: ServerConfig, now: Date, input: MerchantSessionCreateRequest): Promise<MerchantSession> {
  const token = `${MERCHANT_SESSION_PREFIX}${config.mode}_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? config.sessionTtlSeconds) * 1000);
  const scopes = [...new Set(input.scopes)];
  await sql.query(
    `INSERT INTO merchant_sessions (token_hash, scopes, origin, mode, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [hashToken(token), JSON.stringify(scopes), input.origin ?? null, config.mode, expiresAt, now],
  );
  return { object: 'merchant_session', token, expiresAt: expiresAt.toISOString(), scopes };
}

/** Revokes a merchant session; false when no such token was minted. */
export async function revokeMerchantSession(sql: Sql, token: string, now: Date): Promise<boolean> {
  const result = await sql.query('UPDATE merchant_sessions SET revoked_at = COALESCE(revoked_at, $2) WHERE token_hash = $1 RETURNING token_hash', [
    hashToken(token),
    now,
  ]);
  return result.rowCount > 0;
}

const invalid = (message: string, code = 'session_invalid') => new ApiError('authentication_error', code, message);

/**
 * The principal behind a merchant session token, checked like a buyer session (expiry, revocation,
 * mode, origin) and against the scope the endpoint needs (403 when it lacks it).
 */
export async function resolveMerchantSession(
  sql: Sql,
  token: string,
  opts: { now: Date; caller: CallerOrigin; mode: Mode; scope: MerchantScope },
): Promise<MerchantSessionPrincipal> {
  const { rows } = await sql.query<{ scopes: MerchantScope[]; origin: string | null; mode: Mode; expires_at: Date; revoked_at: Date | null }>(
    'SELECT scopes, origin, mode, expires_at, revoked_at FROM merchant_sessions WHERE token_hash = $1',
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) throw invalid('The merchant session token is not valid.');
  if (row.revoked_at) throw invalid('The merchant session was revoked.');
  if (row.expires_at.getTime() <= opts.now.getTime()) throw invalid('The merchant session has expired. Get a new one from your server.', 'session_expired');
  if (row.mode !== opts.mode) throw invalid('The merchant session belongs to another mode.');
  // Bound as buyer sessions are: the browser must name the bound origin (its Origin, or a same-origin request to its host).
  if (row.origin !== null && !originMatches(row.origin, opts.caller)) {
    throw invalid('The merchant session token is bound to another origin.', 'origin_mismatch');
  }
  if (!row.scopes.includes(opts.scope)) {
    throw new ApiError('permission_error', 'insufficient_scope', `This merchant session lacks the scope ${opts.scope}.`);
  }
  return { kind: 'merchant_session', mode: row.mode, scopes: row.scopes, expiresAt: row.expires_at };
}
