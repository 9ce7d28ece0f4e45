/**
 * Idempotency keys. How a key moves (the one pattern every mutating request follows):
 *
 * 1. The router CLAIMS the key (`claimIdempotencyKey`): one INSERT … ON CONFLICT, so exactly one of any
 *    number of concurrent duplicates gets the claim (with a fresh claim token); the others get the stored
 *    answer (replay), a 409 while the claimant runs, or a 422 for another request under the same key.
 * 2. The handler runs with `ctx.db` = `keyedDatabase(…)`: every transaction it opens that WRITES something
 *    also updates the key's row before COMMIT, in that same transaction. When the transaction's result is
 *    the endpoint's answer (it passes the response schema), the row becomes `done` with that answer's exact
 *    text; otherwise the row only records that an effect committed (a step before, e.g., a call to a
 *    payment processor, which must never sit inside a transaction). The claim token in the WHERE clause
 *    makes the transaction fail if its claim was taken over meanwhile.
 * 3. So a crash after COMMIT — before or while the answer is sent — never lets a retry run the effect again:
 *    the retry replays the stored answer byte for byte, or (if only an earlier step had committed) gets 409.
 *    A claim still pending WITHOUT a committed effect after {@link ABANDONED_AFTER} belonged to a process
 *    that died before doing anything: a retry may take it over and run.
 * Handlers therefore return the value of their last write transaction as their answer (tests enforce it:
 * the router refuses, under `validateResponses`, an answer that was not stored with its effect).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError } from '../errors.js';

export { keyedDatabase, type KeyedEffects } from './keyed-database.js';

/** Keys are remembered this long; afterwards the same key starts a new request (Stripe keeps them 24 h too). */
const KEY_RETENTION = '24 hours';
/**
 * A claim with no committed effect still pending after this long belongs to a process that died before doing
 * anything; a retry may take it over. A slow original cannot commit after that: its claim token no longer matches.
 */
export const ABANDONED_AFTER = '1 minute';

/** The caller an idempotency key belongs to: two callers never share a key space. */
export function idempotencyScope(principal: Principal): string {
  switch (principal.kind) {
    case 'secret':
      return `secret:${principal.mode}`;
    case 'session':
      return `member:${principal.companyId}:${principal.memberId}`;
    case 'publishable':
      return `publishable:${principal.mode}`;
    case 'merchant_session':
      return `merchant_session:${principal.mode}`;
  }
}

/** A deterministic JSON text: object keys sorted, so `{a,b}` and `{b,a}` hash the same. (Bodies are depth-limited at the edge.) */
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

/** The key of one request, once claimed: who, which key, and the token proving the claim is still ours. */
export interface KeyClaim {
  readonly scope: string;
  readonly key: string;
  readonly token: string;
}

/** What claiming a key found: ours to run, or a stored answer to replay. */
export type IdempotencyClaim =
  | { readonly kind: 'claimed'; readonly claim: KeyClaim }
  | { readonly kind: 'replay'; readonly status: number; readonly text: string };

/** Checks a key's shape; the header is the `param` of the error. */
export function checkIdempotencyKey(key: string): void {
  if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ApiError('invalid_request_error', 'parameter_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', {
      param: 'Idempotency-Key',
    });
  }
}

const inProgress = () =>
  new ApiError('conflict_error', 'idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress. Retry shortly.');

/**
 * Claims a key for this request with one INSERT … ON CONFLICT: exactly one of any number of concurrent
 * duplicates wins and runs; the others see the pending claim (409) or, later, the stored answer (replay).
 */
export async function claimIdempotencyKey(
  db: Sql,
  claim: { scope: string; key: string; method: string; path: string; fingerprint: string },
): Promise<IdempotencyClaim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = randomBytes(12).toString('base64url');
    const inserted = await db.query(
      `INSERT INTO idempotency_keys (scope, key, method, path, body_hash, state, claim_token, created_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, now())
       ON CONFLICT (scope, key) DO UPDATE
         SET method = EXCLUDED.method, path = EXCLUDED.path, body_hash = EXCLUDED.body_hash, state = 'pending',
             claim_token = EXCLUDED.claim_token, effect_committed_at = NULL, response_status = NULL, response_text = NULL,
             created_at = now()
         WHERE idempotency_keys.created_at < now() - interval '${KEY_RETENTION}'
            OR (idempotency_keys.state = 'pending' AND idempotency_keys.effect_committed_at IS NULL
                AND idempotency_keys.created_at < now() - interval '${ABANDONED_AFTER}')
       RETURNING key`,
      [claim.scope, claim.key, claim.method, claim.path, claim.fingerprint, token],
    );
    if (inserted.rowCount > 0) return { kind: 'claimed', claim: { scope: claim.scope, key: claim.key, token } };
    const existing = await db.query<{ body_hash: string; state: 'pending' | 'done'; response_status: number | null; response_text: string | null }>(
      'SELECT body_hash, state, response_status, response_text FROM idempotency_keys WHERE scope = $1 AND key = $2',
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
    if (row.state === 'pending' || row.response_text === null) throw inProgress();
    return { kind: 'replay', status: row.response_status ?? 200, text: row.response_text };
  }
  throw inProgress();
}

/**
 * Stores the answer of a claimed key when no effect transaction did (a 4xx after a rollback, a request
 * that wrote nothing), for replays. A no-op when the claim was lost.
 */
export async function completeIdempotencyKey(db: Sql, claim: KeyClaim, status: number, text: string): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_text = $5
      WHERE scope = $1 AND key = $2 AND claim_token = $3`,
    [claim.scope, claim.key, claim.token, status, text],
  );
}

/**
 * Gives a key back after a server failure, so the client's retry runs the request again — unless an effect
 * of it committed (then the key stays: a retry must not run that effect twice).
 */
export async function releaseIdempotencyKey(db: Sql, claim: KeyClaim): Promise<void> {
  await db.query(
    `DELETE FROM idempotency_keys
      WHERE scope = $1 AND key = $2 AND claim_token = $3 AND state = 'pending' AND effect_committed_at IS NULL`,
    [claim.scope, claim.key, claim.token],
  );
}
