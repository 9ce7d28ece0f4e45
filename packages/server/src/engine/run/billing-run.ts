/**
 * The billing run: everything due up to an instant, in time order. It finds the earliest due instant
 * (a period end, a pause that ends, a trial notice, a retry, a net-terms due date, a dunning end, an
 * expiry), does all the work due then — in batches claimed with `FOR UPDATE SKIP LOCKED`, charging after
 * each batch commits — and moves on to the next, so a renewal due on day 3 happens before a retry due on day 5.
 * Several runs (processes, machines) may work at once; each invoice is unique per (subscription, period
 * start) in the schema, so none is billed twice and none is skipped.
 */
import type { Sql } from '../../db/types.js';
import { rewindingDatabase } from '../../db/retry.js';
import { cancelCharges, sweepCancels } from '../charge-cancels.js';
import { chargeAttempts, sweepPendingAttempts } from './collect.js';
import { dunningEndBatch, overdueBatch, retryBatch } from './dunning.js';
import type { RunEnv } from './env.js';
import { moveReport, newReport, reportMark, rewindReport } from './report.js';
import type { BatchResult, ClaimKey } from './renew.js';
import { RENEWAL_DUE, renewBatch, resumeBatch, trialNoticeBatch } from './renew.js';
import { APPROVAL_EXPIRY_DUE, expireApprovalBatch } from '../../governance/approvals/expiry.js';
import { QUOTE_EXPIRY_DUE, expireQuoteBatch } from '../../governance/quotes/expiry.js';
import { INCOMPLETE_EXPIRY_DUE, expireIncompleteBatch } from './incomplete.js';
import { PENDING_CHANGE_EXPIRY_DUE, expirePendingChangeBatch } from './pending-changes.js';

/** Subscriptions per renewal transaction (1,000 took 12 % less CPU per renewal than 500 in bench:billing). */
export const DEFAULT_BATCH_SIZE = 1000;
/** Batches in flight at once on a Postgres server (PGlite has one connection). */
const PARALLEL_BATCHES = 2;
/** An attempt (a cancel, a refund) without an answer this long is taken for lost and re-issued with its key. */
const PENDING_AFTER_MS = 60_000;

/** The earliest instant any work is due, or null when nothing is scheduled. */
export async function nextDueAt(db: Sql, trialNoticeDays: number): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(at) AS at FROM (
       SELECT min(current_period_end) AS at FROM subscriptions WHERE ${RENEWAL_DUE}
       UNION ALL SELECT min(pause_resumes_at) FROM subscriptions WHERE status = 'paused' AND pause_resumes_at IS NOT NULL
       UNION ALL SELECT min(trial_end) - make_interval(days => $1) FROM subscriptions WHERE status = 'trialing' AND trial_will_end_sent_at IS NULL
       UNION ALL SELECT min(next_payment_attempt_at) FROM invoices WHERE status = 'open' AND next_payment_attempt_at IS NOT NULL
       UNION ALL SELECT min(dunning_ends_at) FROM invoices WHERE status = 'open' AND dunning_ends_at IS NOT NULL
       UNION ALL SELECT min(due_at) FROM invoices WHERE status = 'open' AND collection_method = 'send_invoice' AND overdue_at IS NULL
       UNION ALL ${APPROVAL_EXPIRY_DUE}
       UNION ALL ${QUOTE_EXPIRY_DUE}
       UNION ALL ${INCOMPLETE_EXPIRY_DUE}
       UNION ALL ${PENDING_CHANGE_EXPIRY_DUE}
     ) due`,
    [trialNoticeDays],
  );
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

/**
 * `env` with a report of its own that a transaction run again after a deadlock or a serialization
 * failure (db/retry.ts: every transaction, batches included) rewinds first, so nothing is reported twice;
 * `moveReport` hands it to the run's report once committed. Lanes in flight at once each have one.
 */
function laneEnv(env: RunEnv): RunEnv {
  const report = newReport(env.report.keep);
  return { ...env, report, db: rewindingDatabase(env.db, () => reportMark(report), (mark) => rewindReport(report, mark)) };
}

/**
 * Runs one kind of batch until it claims less than a full batch; charges what each batch recorded.
 * On a Postgres server two batches are in flight at once (one computes while the other writes; SKIP
 * LOCKED hands them different rows). A batch kind that claims from a key gets the furthest key any
 * batch of this drain claimed: what lies before it was renewed, or is held elsewhere and left to the
 * run's next step (runBilling looks again). Returns how many it claimed.
 */
async function drain(
  env: RunEnv,
  at: Date,
  size: number,
  batch: (env: RunEnv, at: Date, limit: number, after?: ClaimKey) => Promise<BatchResult>,
): Promise<number> {
  let after: ClaimKey | undefined;
  const lane = async () => {
    const own = laneEnv(env);
    let total = 0;
    for (;;) {
      const result = await batch(own, at, size, after);
      const last = result.last;
      if (last && (!after || last.at.getTime() > after.at.getTime() || (last.at.getTime() === after.at.getTime() && last.id > after.id))) after = last;
      await chargeAttempts(own, result.attempts, at);
      await cancelCharges(own.db, own.processor, result.cancels ?? [], { at, mode: own.config.mode, policy: own.config.prorationPolicy });
      moveReport(env.report, own.report);
      total += result.claimed;
      if (result.claimed < size) return total;
    }
  };
  const lanes = env.db.kind === 'postgres' ? PARALLEL_BATCHES : 1;
  const totals = await Promise.all(Array.from({ length: lanes }, lane));
  return totals.reduce((a, b) => a + b, 0);
}

/** Does all the work due at `at` (renewals first, then resumes, notices, overdue, retries, dunning ends, expiries). Returns how much it claimed. */
export async function runStep(env: RunEnv, at: Date, batchSize = DEFAULT_BATCH_SIZE): Promise<number> {
  let claimed = 0;
  claimed += await drain(env, at, batchSize, (e, t, n, after) => renewBatch(e.db, e, t, n, after));
  claimed += await drain(env, at, batchSize, (e, t, n) => resumeBatch(e.db, e, t, n));
  claimed += await drain(env, at, batchSize, (e, t, n) => trialNoticeBatch(e.db, e, t, n));
  claimed += await drain(env, at, batchSize, (e, t, n) => overdueBatch(e.db, e, t, n));
  claimed += await drain(env, at, batchSize, (e, t, n) => retryBatch(e.db, e, t, n));
  claimed += await drain(env, at, batchSize, (e, t, n) => dunningEndBatch(e.db, e, t, n));
  claimed += await drain(env, at, batchSize, (e, t, n) => expireApprovalBatch(e.db, e, t, n));
  claimed += await drain(env, at, batchSize, (e, t, n) => expireQuoteBatch(e.db, e, t, n));
  claimed += await drain(env, at, batchSize, (e, t, n) => expireIncompleteBatch(e.db, e, t, n));
  claimed += await drain(env, at, batchSize, (e, t, n) => expirePendingChangeBatch(e.db, e, t, n));
  return claimed;
}

/** Options of one billing run. */
export interface RunOptions {
  /** Do everything due up to this instant. */
  readonly until: Date;
  /** Nothing happens before this instant: work overdue since earlier is done now (default: `until`). */
  readonly floor?: Date;
  readonly batchSize?: number;
  /** Called before each step with its instant (the test clock follows the run through them). */
  readonly onStep?: (at: Date) => Promise<void>;
  /** Stops after this many steps (a guard; the default covers years of daily work). */
  readonly maxSteps?: number;
}

/**
 * Runs everything due up to `until`, step by step in time order (see the module comment). Lost attempts,
 * cancels and refunds are re-issued first. When another worker holds all that is due, the run returns and a later run
 * continues. Returns the number of steps it took; what happened is in `env.report`.
 */
export async function runBilling(env: RunEnv, opts: RunOptions): Promise<number> {
  const floor = opts.floor ?? opts.until;
  const sweep = laneEnv(env);
  await sweepPendingAttempts(sweep, new Date(opts.until.getTime() - PENDING_AFTER_MS), opts.until);
  await sweepCancels(sweep.db, sweep.processor, new Date(opts.until.getTime() - PENDING_AFTER_MS), { at: opts.until, mode: env.config.mode, policy: env.config.prorationPolicy });
  moveReport(env.report, sweep.report);
  let steps = 0;
  for (let idle = 0; steps < (opts.maxSteps ?? 10_000); ) {
    const due = await nextDueAt(env.db, env.settings.trialWillEndDays);
    if (!due || due.getTime() > opts.until.getTime()) break;
    const at = new Date(Math.max(due.getTime(), floor.getTime()));
    await opts.onStep?.(at);
    const claimed = await runStep(env, at, opts.batchSize);
    steps += 1;
    if (claimed > 0) {
      idle = 0;
      continue;
    }
    // Everything due is held by another worker (or a request): give it a moment, then leave it to the next run.
    if (++idle >= 3) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return steps;
}
