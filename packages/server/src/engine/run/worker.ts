/**
 * The billing worker: runs the billing run on a schedule against the configured database. Any number
 * of workers (processes, machines) may run at once on a Postgres server: they share the work through
 * `FOR UPDATE SKIP LOCKED`. In test mode it follows the test clock, and stands aside while an advance
 * of the test clock is running (the advance does that work itself, in order, and reports it).
 */
import type { ServerConfig } from '../../context.js';
import type { Database } from '../../db/types.js';
import { runBilling } from './billing-run.js';
import { engineClock, loadTestClock } from './clock.js';
import { runEnv } from './env.js';
import type { RunReport } from './report.js';
import { newReport, REPORT_SAMPLE } from './report.js';

/** What one run of the worker did. */
export interface WorkerRun {
  readonly at: Date;
  readonly steps: number;
  readonly report: RunReport;
  readonly ms: number;
}

/** A started worker. */
export interface BillingWorker {
  /** Runs once now (also what each tick does); resolves when the run is done. Skipped runs resolve null. */
  runOnce(): Promise<WorkerRun | null>;
  /** Stops the schedule and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/** Options of a worker. */
export interface WorkerOptions {
  /** Pause between runs (default 60 s; the run itself takes what it takes). */
  readonly intervalMs?: number;
  /** The host's clock (tests move it); the test clock's offset is added in test mode. */
  readonly clock?: () => Date;
  /** Subscriptions per transaction. */
  readonly batchSize?: number;
  readonly onRun?: (run: WorkerRun) => void;
  readonly onError?: (err: unknown) => void;
  /** Start the schedule (default true); false only makes `runOnce` available. */
  readonly schedule?: boolean;
}

async function advancing(db: Database): Promise<boolean> {
  try {
    const { rows } = await db.query<{ busy: boolean }>('SELECT coalesce(advancing_until > now(), false) AS busy FROM test_clock WHERE id');
    return rows[0]?.busy ?? false;
  } catch {
    return false;
  }
}

/** Starts the billing worker on `db`: a run now, then one every `intervalMs` after the previous one ended. */
export function startBillingWorker(db: Database, config: ServerConfig, opts: WorkerOptions = {}): BillingWorker {
  const now = engineClock(db, config, opts.clock);
  const interval = opts.intervalMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<WorkerRun | null> | null = null;
  let stopped = false;

  const runOnce = (): Promise<WorkerRun | null> => {
    running ??= (async () => {
      try {
        if (config.mode === 'test') {
          if (await advancing(db)) return null;
          await loadTestClock(db);
        }
        const started = Date.now();
        const at = now();
        // Counts and a sample: a run over 100,000 renewals keeps 100 summaries of each kind, not 100,000.
        const env = runEnv(db, config, { report: newReport(REPORT_SAMPLE) });
        const steps = await runBilling(env, { until: at, ...(opts.batchSize ? { batchSize: opts.batchSize } : {}) });
        const run = { at, steps, report: env.report, ms: Date.now() - started };
        opts.onRun?.(run);
        return run;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const tick = () => {
    runOnce()
      .catch((err: unknown) => opts.onError?.(err))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, interval);
      });
  };
  if (opts.schedule !== false) tick();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => null);
    },
  };
}

/** One line for the logs about a run. */
export function describeRun(run: WorkerRun): string {
  const { report } = run;
  const { counts } = report;
  return `billing run at ${run.at.toISOString()}: ${run.steps} step(s), ${report.renewals} renewal(s), ${counts.invoices} invoice(s), ${counts.paymentsSucceeded} payment(s) succeeded, ${counts.paymentsFailed} failed, ${counts.statusChanges} status change(s) in ${run.ms} ms`;
}
