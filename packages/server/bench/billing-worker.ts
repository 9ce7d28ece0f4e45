// The benchmark's worker process (bench/billing-run.ts forks it): runs the billing run over everything
// due at the seeded instant, then — on the same database, in the same process — a raw set-based INSERT
// of as many invoice rows, and sends back both timings, their CPU seconds (its own, and the Postgres
// backends' when the bench started the server) and its peak RSS (taken before the raw insert).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { generateKeys } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/open.js';
import type { Database } from '../src/db/types.js';
import { runBilling, runEnv } from '../src/engine/run/index.js';

/** What the worker measured. */
export interface WorkerResult {
  readonly invoices: number;
  readonly runSeconds: number;
  readonly rawRows: number;
  readonly rawSeconds: number;
  readonly peakRssBytes: number;
  /** CPU seconds of the run: this process (with PGlite, the database too) and the Postgres server's backends (0 when unknown). */
  readonly runCpu: { readonly worker: number; readonly server: number };
  /** CPU seconds of the raw insert, the same way. */
  readonly rawCpu: { readonly worker: number; readonly server: number };
}

const input = JSON.parse(process.argv[2] ?? '{}') as {
  url?: string;
  dataDir?: string;
  at: string;
  count: number;
  batchSize?: number;
  /** The Postgres server's postmaster (a server the bench started): its backends' CPU is read from /proc. */
  postmasterPid?: number;
};
const at = new Date(input.at);
const open = () => openDatabase(input.url ? { url: input.url } : { dataDir: input.dataDir! });
const config = loadConfig({}, { ...generateKeys('test') });
const ticks = input.postmasterPid ? Number(execFileSync('getconf', ['CLK_TCK']).toString()) : 1;

/** CPU seconds of the server's backends that have ended (the postmaster's reaped children), 0 when unknown. */
function serverCpu(): number {
  if (!input.postmasterPid) return 0;
  const stat = readFileSync(`/proc/${input.postmasterPid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime: fields 16 and 17 of proc(5), counted from the state (field 3) here.
  return (Number(fields[13]) + Number(fields[14])) / ticks;
}
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
/** Closes the connections and waits for their backends to end, so their CPU is counted. */
const closed = async (db: Database) => {
  await db.close();
  if (input.postmasterPid) await new Promise((resolve) => setTimeout(resolve, 300));
};

let db = await open();
const env = runEnv(db, config);
const server0 = serverCpu();
const cpu0 = process.cpuUsage();
const started = performance.now();
await runBilling(env, { until: at, ...(input.batchSize ? { batchSize: input.batchSize } : {}) });
const runSeconds = (performance.now() - started) / 1000;
const runWorkerCpu = cpuSeconds(cpu0);
// Kilobytes on Linux.
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
await closed(db);
const server1 = serverCpu();

db = await open();
const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices WHERE billing_reason = 'subscription_cycle' AND issued_at = $1`, [at]);
const invoices = rows[0]!.n;

// The floor: one INSERT … SELECT of as many invoice rows as the run made (a copy of its own rows, for
// the next period), into the same table with its indexes and constraints, in one transaction.
const cpu1 = process.cpuUsage();
const rawStarted = performance.now();
const raw = await db.transaction(async (tx) =>
  tx.query(
    `INSERT INTO invoices (id, number, company_id, subscription_id, status, billing_reason, collection_method, currency, lines, subtotal,
       discount_total, tax_lines, tax, total, credit_applied, amount_paid, amount_due, po_number, period_start, period_end, issued_at, due_at,
       paid_at, created_at)
     SELECT 'in_raw_' || i.id, 'RAW-' || i.number, company_id, subscription_id, status, billing_reason, collection_method, currency, lines, subtotal,
       discount_total, tax_lines, tax, total, credit_applied, amount_paid, amount_due, po_number, period_end, period_end + interval '1 month',
       issued_at, due_at, paid_at, created_at
       FROM invoices i WHERE billing_reason = 'subscription_cycle' AND issued_at = $1`,
    [at],
  ),
);
const rawSeconds = (performance.now() - rawStarted) / 1000;
const rawWorkerCpu = cpuSeconds(cpu1);
await closed(db);

const result: WorkerResult = {
  invoices,
  runSeconds,
  rawRows: raw.rowCount ?? 0,
  rawSeconds,
  peakRssBytes,
  runCpu: { worker: runWorkerCpu, server: server1 - server0 },
  rawCpu: { worker: rawWorkerCpu, server: serverCpu() - server1 },
};
process.send?.(result);
