import { createHash } from 'node:crypto';
import type { Principal } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError } from '../errors.js';

/** Keys are remembered this long; afterwards the same key starts a new request (Stripe keeps them 24 h too). */
const KEY_RETENTION = '24 hours';
/** A claim still pending after this long belongs to a process that died mid-request; it may be taken over. */
const ABANDONED_AFTER = '5 minutes';

/** The caller an idempotency key belongs to: two callers never share a key space. */
export function idempotencyScope(principal: Principal): string {
  switch (principal.kind) {
    case 'secret':
      return `secret:${principal.mode}`;
    case 'session':
      return `member:${principal.companyId}:${principal.memberId}`;
    case 'publishable':
      return `publishable:${principal.mode}`;
  }
}

/** A deterministic JSON text: object keys sorted, so `{a,b}` and `{b,a}` hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fingerprint of a request: what "the same request" means for a key. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body ?? null)}`).digest('hex');
}

/** What claiming a key found: ours to run, or a stored response to replay. */
export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown };

/** Checks a key's shape; the header is the `param` of the error. */
export function checkIdempotencyKey(key: string): void {
  if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ApiError('invalid_request_error', 'parameter_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', {
      param: 'Idempotency-Key',
    });
  }
}

/**
 * Claims a key for this request with one INSERT … ON CONFLICT: exactly one of any number of concurrent
 * duplicates wins and runs; the others see the pending claim (409) or, later, the stored response (replay).
 */
export async function claimIdempotencyKey(
  db: Sql,
  claim: { scope: string; key: string; method: string; path: string; fingerprint: string },
): Promise<IdempotencyClaim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db.query(
      `INSERT INTO idempotency_keys (scope, key, method, path, body_hash, state, created_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', now())
       ON CONFLICT (scope, key) DO UPDATE
         SET method = EXCLUDED.method, path = EXCLUDED.path, body_hash = EXCLUDED.body_hash, state = 'pending',
             response_status = NULL, response_body = NULL, created_at = now()
         WHERE idempotency_keys.created_at < now() - interval '${KEY_RETENTION}'
            OR (idempotency_keys.state = 'pending' AND idempotency_keys.created_at < now() - interval '${ABANDONED_AFTER}')
       RETURNING key`,
      [claim.scope, claim.key, claim.method, claim.path, claim.fingerprint],
    );
    if (inserted.rowCount > 0) return { kind: 'claimed' };
    const existing = await db.query<{ body_hash: string; state: 'pending' | 'done'; response_status: number | null; response_body: unknown }>(
      'SELECT body_hash, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [claim.scope, claim.key],
    );
    const row = existing.rows[0];
    // Released between our INSERT and SELECT (the first request failed): try to claim it again.
    if (!row) continue;
    if (row.body_hash !== claim.fingerprint) {
      throw new ApiError(
        'idempotency_error',
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
        { param: 'Idempotency-Key' },
      );
    }
    if (row.state === 'pending') {
      throw new ApiError('conflict_error', 'idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress. Retry shortly.');
    }
    return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body };
  }
  throw new ApiError('conflict_error', 'idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress. Retry shortly.');
}

/** Stores the first response of a claimed key, for replays. */
export async function completeIdempotencyKey(db: Sql, scope: string, key: string, status: number, body: unknown): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
    [scope, key, status, JSON.stringify(body)],
  );
}

/** Gives a key back after a server failure, so the client's retry runs the request again. */
export async function releaseIdempotencyKey(db: Sql, scope: string, key: string): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'pending'`, [scope, key]);
}
