// The benchmark's worker process (bench/billing-run.ts forks it): runs the billing run over everything
// due at the seeded instant, then — on the same database, in the same process — the two raw set-based
// baselines of bench/raw.ts (as many invoice rows; every row the run wrote), and sends back the
// timings, their CPU seconds (its own, and the Postgres backends' when the bench started the server)
// and its peak RSS (taken before the baselines).
import { generateKeys } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/open.js';
import type { Database } from '../src/db/types.js';
import { newReport, REPORT_SAMPLE, runBilling, runEnv } from '../src/engine/run/index.js';
import { stageRunRows } from './raw.js';
import { endedBackendsCpu } from './server-cpu.js';

/** What the worker measured. */
export interface WorkerResult {
  readonly invoices: number;
  readonly runSeconds: number;
  readonly rawRows: number;
  readonly rawSeconds: number;
  readonly peakRssBytes: number;
  /** CPU seconds of the run: this process (with PGlite, the database too) and the Postgres server's backends (0 when unknown). */
  readonly runCpu: { readonly worker: number; readonly server: number };
  /** CPU seconds of the raw invoice insert, the same way. */
  readonly rawCpu: { readonly worker: number; readonly server: number };
  /** Rows the raw insert of everything the run wrote writes (subscriptions updated and their versions included), its time and CPU. */
  readonly rawAllRows: number;
  readonly rawAllSeconds: number;
  readonly rawAllCpu: { readonly worker: number; readonly server: number };
}

const input = JSON.parse(process.argv[2] ?? '{}') as {
  url?: string;
  dataDir?: string;
  at: string;
  count: number;
  batchSize?: number;
  /** The Postgres server's postmaster (a server the bench started): its backends' CPU is read from /proc. */
  postmasterPid?: number;
  /**
   * `run`: the billing run only (one of several workers at once; the bench counts the server's CPU);
   * `baselines`: the raw baselines only, after such a run; `all` (default): both.
   */
  mode?: 'all' | 'run' | 'baselines';
};
const mode = input.mode ?? 'all';
const at = new Date(input.at);
const open = () => openDatabase(input.url ? { url: input.url } : { dataDir: input.dataDir! });
const config = loadConfig({}, { ...generateKeys('test') });
/** CPU seconds of the server's backends that have ended, 0 when unknown. */
const serverCpu = () => endedBackendsCpu(input.postmasterPid);
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
/** Closes the connections and waits for their backends to end, so their CPU is counted. */
const closed = async (db: Database) => {
  await db.close();
  if (input.postmasterPid) await new Promise((resolve) => setTimeout(resolve, 300));
};

/** What a worker of mode `run` sends: its run alone, with its wall-clock span (several run at once). */
export interface RunOnlyResult {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly workerCpu: number;
  readonly peakRssBytes: number;
  readonly renewals: number;
}

let db = await open();
let runSeconds = 0;
let runWorkerCpu = 0;
let peakRssBytes = 0;
let server0 = 0;
let server1 = 0;
if (mode !== 'baselines') {
  const env = runEnv(db, config, { report: newReport(REPORT_SAMPLE) });
  server0 = serverCpu();
  const cpu0 = process.cpuUsage();
  const startedAt = Date.now();
  const started = performance.now();
  await runBilling(env, { until: at, ...(input.batchSize ? { batchSize: input.batchSize } : {}) });
  runSeconds = (performance.now() - started) / 1000;
  runWorkerCpu = cpuSeconds(cpu0);
  // Kilobytes on Linux.
  peakRssBytes = process.resourceUsage().maxRSS * 1024;
  await closed(db);
  server1 = serverCpu();
  if (mode === 'run') {
    const result: RunOnlyResult = { startedAt, endedAt: Date.now(), workerCpu: runWorkerCpu, peakRssBytes, renewals: env.report.renewals };
    process.send?.(result, () => process.exit(0));
    await new Promise(() => {});
  }
  db = await open();
}

const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices WHERE billing_reason = 'subscription_cycle' AND issued_at = $1`, [at]);
const invoices = rows[0]!.n;
// The rows the run wrote, copied aside (untimed) so that the baselines below time the writes alone.
const staged = await stageRunRows(db, at);
await closed(db);

/** Times `fn` on a connection of its own, with its CPU (this process's and, when known, the server backends'). */
async function timed(fn: (db: Database) => Promise<void>): Promise<{ seconds: number; cpu: { worker: number; server: number } }> {
  const db = await open();
  const server = serverCpu();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn(db);
  const seconds = (performance.now() - started) / 1000;
  const worker = cpuSeconds(cpu);
  await closed(db);
  return { seconds, cpu: { worker, server: serverCpu() - server } };
}

// Baseline 1 (the issue's): one INSERT … SELECT of as many invoice rows as the run made, into the same
// table with its indexes and constraints, in one transaction.
const rawInvoices = await timed((db) => db.transaction(async (tx) => void (await tx.query(staged.rawInvoices))));
// Baseline 2: everything the run wrote, set-based, in one transaction — the subscriptions' update (its
// history trigger writes none for a plain renewal, as for the run's), then invoices, payments, processor charges, events, their snapshots and event
// sequences: the same tables, row counts and row sizes, each row written once in its final state.
const rawAll = await timed((db) => db.transaction(async (tx) => {
  for (const statement of staged.rawAll) await tx.query(statement);
}));

const result: WorkerResult = {
  invoices,
  runSeconds,
  rawRows: staged.invoices,
  rawSeconds: rawInvoices.seconds,
  rawAllRows: staged.rows,
  rawAllSeconds: rawAll.seconds,
  peakRssBytes,
  runCpu: { worker: runWorkerCpu, server: server1 - server0 },
  rawCpu: rawInvoices.cpu,
  rawAllCpu: rawAll.cpu,
};
process.send?.(result);
