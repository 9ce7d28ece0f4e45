/**
 * The one way a transaction that lost a race is run again. Postgres aborts one of two transactions
 * that wait on each other (deadlock, 40P01) or that cannot both be serialised (40001); the loser did
 * nothing, so running it again from the start is correct — as long as its callback has no effect other
 * than through `tx` (no processor call, no push into memory kept across attempts: see `rewindingDatabase`).
 * Every `Database.transaction` goes through `retryConflicts` (db/open.ts): a request's transactions and
 * the billing run's batches alike. A client sees 409 `concurrent_update` only once the attempts run out.
 */
import type { Database } from './types.js';
import { PG_ERROR, pgErrorCode } from './codes.js';

/** How often and how patiently a transaction is run again. */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly attempts: number;
  /** The first wait's ceiling (ms); it doubles with each attempt, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A number in [0, 1) (tests make the jitter predictable). */
  readonly random?: () => number;
  /** Told of each retry, e.g. for a metric. */
  readonly onRetry?: (err: unknown, attempt: number) => void;
}

/** Five attempts with full jitter between 0 and 10, 20, 40, 80 ms: two racers rarely meet twice. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 10, maxDelayMs: 200 };

/** Whether `err` is Postgres aborting a transaction for a race that a second run would not lose. */
export function isRetryableConflict(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code === PG_ERROR.serializationFailure || code === PG_ERROR.deadlockDetected;
}

/** The wait before attempt `attempt + 1`: "full jitter" (uniform in 0..ceiling), so racers spread out. */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

/** Runs `run` (one whole transaction) again after a retryable conflict, at most `policy.attempts` times in all. */
export async function retryConflicts<T>(run: (attempt: number) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run(attempt);
    } catch (err) {
      if (attempt >= policy.attempts || !isRetryableConflict(err)) throw err;
      policy.onRetry?.(err, attempt);
      const wait = retryDelay(policy, attempt);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * `db` whose transactions put memory they fill back as it was before each attempt: `mark` is taken once
 * before a transaction's first attempt and `rewind(mark)` runs at the start of every attempt, so what a
 * lost attempt added (a run's report) is not counted twice. The memory must be this caller's alone.
 */
export function rewindingDatabase<M>(db: Database, mark: () => M, rewind: (at: M) => void): Database {
  return {
    ...db,
    store: db.store ?? db,
    transaction(fn) {
      const at = mark();
      return db.transaction((tx) => {
        rewind(at);
        return fn(tx);
      });
    },
  };
}
