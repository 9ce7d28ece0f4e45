// The billing run's throughput (issue #10): N subscriptions (default 100,000; the mix of bench/due.ts:
// per seat, graduated tiers with usage, volume tiers, by card and by invoice) due at one instant, renewed
// by one worker process, next to two raw set-based baselines on the same database in the same run
// (bench/raw.ts): an INSERT of as many invoice rows (the issue's), and the writes of every row the run
// wrote (~10 per renewal: the subscription, invoice, payment, events and their snapshots…). Prints renewals/s,
// both ratios, the worker's peak RSS and the load average, on PGlite and on a Postgres server (DATABASE_URL, or a throwaway one started here like `npm test` does). Also the CPU
// both took (the worker's, and the server's backends' when it started the server itself): on a machine
// shared with other work the wall-clock figures move with the load, CPU per renewal much less.
// Targets: at least half the raw insert rate; 100,000 renewals in under 30 s on Postgres.
// Several workers at once on Postgres (the 4th argument, e.g. 1,2): each renews what it claims (SKIP LOCKED),
// the run's time is from the first start to the last end, its CPU the workers' together and the server's.
// Usage: pnpm --filter @subkit/server run bench:billing [-- N [pglite|postgres|both] [batch sizes, e.g. 250,500,1000] [workers, e.g. 1,2]]
import { execFileSync, fork } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generateKeys } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { DEFAULT_BATCH_SIZE } from '../src/engine/run/index.js';
import { seedDemo } from '../src/seed/demo.js';
import { seedDueSubscriptions } from './due.js';
import type { RunOnlyResult, WorkerResult } from './billing-worker.js';
import { endedBackendsCpu } from './server-cpu.js';

// `pnpm run x -- args` hands the `--` on.
const args = process.argv.slice(2).filter((a) => a !== '--');
const count = Number(args[0] ?? 100_000);
const which = args[1] ?? 'both';
const batchSizes = (args[2] ?? String(DEFAULT_BATCH_SIZE)).split(',').map(Number);
const workerCounts = (args[3] ?? '1').split(',').map(Number);
const positive = (list: number[]) => list.every((b) => Number.isSafeInteger(b) && b > 0);
if (!Number.isSafeInteger(count) || count < 4 || !['pglite', 'postgres', 'both'].includes(which) || !positive(batchSizes) || !positive(workerCounts)) {
  throw new Error('usage: bench:billing [N ≥ 4] [pglite|postgres|both] [batch sizes, comma-separated] [workers, comma-separated]');
}
const AT = new Date('2027-06-01T00:00:00.000Z');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    server.on('error', reject);
  });
}

/** A throwaway Postgres server of our own (Debian's binaries), tuned as the test suite's: no fsync. */
async function startPostgres(): Promise<{ url: string; postmasterPid?: number; stop: () => void }> {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).sort().at(-1) : undefined;
  if (!version) throw new Error('No PostgreSQL binaries under /usr/lib/postgresql: install postgresql or set DATABASE_URL.');
  const bin = join(base, version, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'subkit-bench-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const as = (args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0]!, args.slice(1)]);
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  execFileSync(...as([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']), { stdio: 'ignore' });
  execFileSync(
    ...as([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']),
    { stdio: 'ignore' },
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // Its backends' CPU is counted from /proc (the first line of postmaster.pid).
    postmasterPid: Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop: () => {
      execFileSync(...as([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the billing run in a worker process of its own (its peak RSS is the worker's alone). */
function runWorker<R = WorkerResult>(target: Target, batchSize: number, mode: 'all' | 'run' | 'baselines' = 'all'): Promise<R> {
  const child = fork(fileURLToPath(new URL('./billing-worker.ts', import.meta.url)), [JSON.stringify({ ...target, at: AT.toISOString(), count, batchSize, mode })], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as R));
    child.once('exit', (code) => reject(new Error(`the billing worker exited with ${code}`)));
  });
}

/** Where the run happens; `postmasterPid` when the bench started the Postgres server (its CPU is then counted). */
type Target = { url?: string; dataDir?: string; postmasterPid?: number };

const config = loadConfig({}, { ...generateKeys('test'), allowedOrigins: ['http://bench.local'] });

async function seed(target: Target): Promise<number> {
  const db = await openDatabase(target);
  try {
    await migrate(db);
    await seedDemo(db);
    const started = performance.now();
    const seeded = await seedDueSubscriptions(db, config, { count, at: AT });
    process.stdout.write(`  seeded ${seeded.count} due subscriptions (${seeded.byCard} by card) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return seeded.count;
  } finally {
    await db.close();
    await backendsEnded(target.postmasterPid);
  }
}

/**
 * Waits until the seeding connection's backend has ended and been counted: its CPU (the seed's inserts and
 * ANALYZE, ~2.8 s for 20,000) lands in the postmaster's ended-children total some time after the
 * connection closes, and read too early it was counted as the run's (0.14 ms per renewal more with
 * two workers, whose run starts at once; the single worker's starts after its process boots).
 */
async function backendsEnded(pid: number | undefined): Promise<void> {
  if (!pid) return;
  for (let last = endedBackendsCpu(pid), i = 0; i < 20; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = endedBackendsCpu(pid);
    if (now === last && i >= 2) return;
    last = now;
  }
}

interface Row {
  database: string;
  batchSize: number;
  workers: number;
  renewals: number;
  runSeconds: number;
  renewalsPerSecond: number;
  /** Baseline 1: invoice rows per second. */
  rawPerSecond: number;
  ratio: number;
  /** Baseline 2: renewals' worth of rows (all the run wrote) per second. */
  rawAllPerSecond: number;
  rawAllRowsPerRenewal: number;
  ratioAll: number;
  /** CPU milliseconds per renewal: the worker's (with PGlite, the database's too) and the server's; null when unknown or in the worker. */
  workerCpuMs: number;
  serverCpuMs: number | null;
  /** The same ratios by CPU (worker + server), null when the server's CPU is unknown. */
  cpuRatio: number | null;
  cpuRatioAll: number | null;
  peakRssMb: number;
  /** The machine's 1-minute load average when the run started and when it ended. */
  load: [number, number];
}

/**
 * `workers` run processes at once, then the baselines in one more: the run's time from the first start to
 * the last end, its CPU the workers' together and the server's backends' (counted here once all ended).
 */
async function runWorkers(target: Target, batchSize: number, workers: number): Promise<WorkerResult> {
  const server0 = endedBackendsCpu(target.postmasterPid);
  const runs = await Promise.all(Array.from({ length: workers }, () => runWorker<RunOnlyResult>(target, batchSize, 'run')));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const server = endedBackendsCpu(target.postmasterPid) - server0;
  process.stdout.write(`  ${workers} workers renewed ${runs.map((r) => r.renewals).join(' + ')}\n`);
  const baselines = await runWorker(target, batchSize, 'baselines');
  return {
    ...baselines,
    runSeconds: (Math.max(...runs.map((r) => r.endedAt)) - Math.min(...runs.map((r) => r.startedAt))) / 1000,
    runCpu: { worker: runs.reduce((sum, r) => sum + r.workerCpu, 0), server },
    peakRssBytes: Math.max(...runs.map((r) => r.peakRssBytes)),
  };
}

async function bench(name: string, target: Target, batchSize: number, workers = 1): Promise<Row> {
  process.stdout.write(`${name}, batches of ${batchSize}, ${workers} worker(s):\n`);
  const seeded = await seed(target);
  const load0 = loadavg()[0]!;
  const result = workers === 1 ? await runWorker(target, batchSize) : await runWorkers(target, batchSize, workers);
  if (result.invoices !== seeded) throw new Error(`${name}: ${result.invoices} renewal invoices for ${seeded} due subscriptions`);
  const renewalsPerSecond = result.invoices / result.runSeconds;
  const rawPerSecond = result.rawRows / result.rawSeconds;
  const rawAllPerSecond = result.invoices / result.rawAllSeconds;
  // CPU is what the machine's load does not change much: with PGlite the database runs in the worker.
  const cpuKnown = name === 'PGlite' || target.postmasterPid !== undefined;
  const cpu = (c: { worker: number; server: number }) => c.worker + c.server;
  return {
    database: name,
    batchSize,
    workers,
    renewals: result.invoices,
    runSeconds: result.runSeconds,
    renewalsPerSecond,
    rawPerSecond,
    ratio: renewalsPerSecond / rawPerSecond,
    rawAllPerSecond,
    rawAllRowsPerRenewal: result.rawAllRows / result.invoices,
    ratioAll: renewalsPerSecond / rawAllPerSecond,
    workerCpuMs: (result.runCpu.worker * 1000) / result.invoices,
    serverCpuMs: target.postmasterPid !== undefined ? (result.runCpu.server * 1000) / result.invoices : null,
    cpuRatio: cpuKnown ? cpu(result.rawCpu) / result.rawRows / (cpu(result.runCpu) / result.invoices) : null,
    cpuRatioAll: cpuKnown ? cpu(result.rawAllCpu) / cpu(result.runCpu) : null,
    peakRssMb: result.peakRssBytes / 1024 / 1024,
    load: [load0, loadavg()[0]!],
  };
}

const rows: Row[] = [];
if (which === 'pglite' || which === 'both') {
  for (const batchSize of batchSizes) {
    const dir = mkdtempSync(join(tmpdir(), 'subkit-bench-pglite-'));
    try {
      rows.push(await bench('PGlite', { dataDir: dir }, batchSize));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
if (which === 'postgres' || which === 'both') {
  const server: { url: string; postmasterPid?: number; stop: () => void } = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: () => {} }
    : await startPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      for (const batchSize of batchSizes) {
        for (const workers of workerCounts) {
          const name = `subkit_bench_${process.pid}_${batchSize}_${workers}`;
          await admin.query(`CREATE DATABASE ${name}`);
          const url = new URL(server.url);
          url.pathname = `/${name}`;
          try {
            rows.push(await bench('PostgreSQL', { url: url.toString(), ...(server.postmasterPid ? { postmasterPid: server.postmasterPid } : {}) }, batchSize, workers));
          } finally {
            await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          }
        }
      }
    } finally {
      await admin.end();
    }
  } finally {
    server.stop();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (n: number) => `${fmt(n * 100, 1)} %`;
const orDash = (n: number | null, f: (n: number) => string) => (n === null ? '–' : f(n));
process.stdout.write(
  `\n| database | batch | workers | renewals | run (s) | renewals/s | raw invoice INSERT (rows/s) | ratio | raw all-rows INSERT (renewals/s) | ratio | CPU ms/renewal: worker + db | ratios by CPU | worker peak RSS (MB) | load avg (start → end) |\n` +
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n`,
);
for (const r of rows) {
  process.stdout.write(
    `| ${r.database} | ${fmt(r.batchSize)} | ${fmt(r.workers)} | ${fmt(r.renewals)} | ${fmt(r.runSeconds, 1)} | ${fmt(r.renewalsPerSecond)} | ${fmt(r.rawPerSecond)} | ${pct(r.ratio)} | ` +
      `${fmt(r.rawAllPerSecond)} (${fmt(r.rawAllRowsPerRenewal, 1)} rows each) | ${pct(r.ratioAll)} | ` +
      `${fmt(r.workerCpuMs, 2)} + ${orDash(r.serverCpuMs, (n) => fmt(n, 2))} | ${orDash(r.cpuRatio, pct)} / ${orDash(r.cpuRatioAll, pct)} | ${fmt(r.peakRssMb)} | ` +
      `${fmt(r.load[0], 1)} → ${fmt(r.load[1], 1)} |\n`,
  );
}
process.stdout.write(
  `\nraw invoice INSERT: as many invoice rows as the run made (the issue's baseline); raw all-rows INSERT: every row the run wrote (subscriptions updated, ` +
    `their history versions if any, invoices, payments, processor charges, events, event snapshots, event sequences, webhook deliveries) in its final state, set-based, in one transaction; ` +
    `ratio = renewals/s ÷ the baseline's rate. With PGlite the database's CPU is the worker's.\n`,
);
const pgRow = rows.filter((r) => r.database === 'PostgreSQL').sort((a, b) => b.renewalsPerSecond - a.renewalsPerSecond)[0];
process.stdout.write(
  `targets: ratio ≥ 50 % of the raw invoice INSERT (${rows.map((r) => `${r.database}/${r.batchSize}/${r.workers}w ${r.ratio >= 0.5 ? 'met' : 'NOT met'}`).join(', ')}); ` +
    `100,000 renewals < 30 s on Postgres (${pgRow ? `${fmt(100_000 / pgRow.renewalsPerSecond, 1)} s projected: ${100_000 / pgRow.renewalsPerSecond < 30 ? 'met' : 'NOT met'}` : 'not measured'})\n`,
);
