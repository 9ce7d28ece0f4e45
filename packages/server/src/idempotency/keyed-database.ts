import type { Database, Sql } from '../db/types.js';
import { ApiError } from '../errors.js';
import type { KeyClaim } from './index.js';

/** The claim was taken over (it was pending too long): this request must not commit its effect. */
const claimLost = () =>
  new ApiError('conflict_error', 'idempotency_key_in_use', 'This request took too long and its Idempotency-Key was taken over by a retry.');

/** What the handler's transactions did with the key, for the router to read once the handler returns. */
export interface KeyedEffects {
  /** Write transactions committed so far. */
  committed: number;
  /**
   * The answer stored with the last write transaction that resolved with one: the value (the endpoint's
   * answer, or an ApiError to be thrown after COMMIT, e.g. a decline whose failed attempt is recorded), its
   * status and its exact text.
   */
  stored: { readonly value: unknown; readonly status: number; readonly text: string } | undefined;
}

/** How the router words answers: `isAnswer` recognises the endpoint's answer, `errorText` renders an error answer. */
export interface AnswerRules {
  readonly isAnswer: (value: unknown) => boolean;
  readonly errorText: (error: ApiError) => string;
}

/**
 * The database a handler gets for a request that carries an Idempotency-Key: the same store, except that
 * every transaction that writes also updates the key's row before COMMIT — storing the transaction's result
 * as the answer when `isAnswer` says it is the endpoint's answer, else recording that an effect committed.
 * A bare `query` outside a transaction runs in one of its own, so no write escapes the key.
 * See `idempotency/index.ts` for the whole pattern.
 */
export function keyedDatabase(db: Database, claim: KeyClaim, rules: AnswerRules, effects: KeyedEffects): Database {
  const answerOf = (result: unknown): { status: number; text: string } | null => {
    if (result instanceof ApiError && result.status < 500) return { status: result.status, text: rules.errorText(result) };
    return rules.isAnswer(result) ? { status: 200, text: JSON.stringify(result) } : null;
  };
  async function transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    let stored: KeyedEffects['stored'];
    let wrote = false;
    const value = await db.transaction(async (tx) => {
      // A new attempt after a deadlock (db/retry.ts): what a lost attempt did was rolled back.
      stored = undefined;
      wrote = false;
      const result = await fn(tx);
      // A transaction that wrote nothing has no effect to protect (and no transaction id assigned).
      const { rows } = await tx.query<{ wrote: boolean }>('SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS wrote');
      if (!rows[0]?.wrote) return result;
      wrote = true;
      const answer = answerOf(result);
      const updated = await tx.query(
        `UPDATE idempotency_keys
            SET effect_committed_at = now(),
                state = CASE WHEN $4::text IS NULL THEN state ELSE 'done' END,
                response_status = COALESCE($5::int, response_status),
                response_text = COALESCE($4::text, response_text)
          WHERE scope = $1 AND key = $2 AND claim_token = $3`,
        [claim.scope, claim.key, claim.token, answer?.text ?? null, answer?.status ?? null],
      );
      if (updated.rowCount === 0) throw claimLost();
      if (answer) stored = { value: result, ...answer };
      return result;
    });
    if (wrote) {
      effects.committed++;
      if (stored) effects.stored = stored;
    }
    return value;
  }
  return {
    kind: db.kind,
    store: db.store ?? db,
    transaction,
    query: (text, params) => transaction((tx) => tx.query(text, params)),
    exec: (text) => transaction((tx) => tx.exec(text)),
    close: () => db.close(),
  };
}
