// The billing run's throughput (issue #10): N subscriptions (default 100,000; the mix of bench/due.ts:
// per seat, graduated tiers with usage, volume tiers, by card and by invoice) due at one instant, renewed
// by one worker process, next to a raw set-based INSERT of as many invoice rows on the same database in
// the same run. Prints renewals/s, the ratio to the raw insert and the worker's peak RSS, on PGlite and
// on a Postgres server (DATABASE_URL, or a throwaway one started here like `npm test` does). Also the CPU
// both took (the worker's, and the server's backends' when it started the server itself): on a machine
// shared with other work the wall-clock figures move with the load, CPU per renewal much less.
// Targets: at least half the raw insert rate; 100,000 renewals in under 30 s on Postgres.
// Usage: pnpm --filter @subkit/server run bench:billing [-- N [pglite|postgres|both] [batch sizes, e.g. 250,500,1000]]
import { execFileSync, fork } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
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
import type { WorkerResult } from './billing-worker.js';

// `pnpm run x -- args` hands the `--` on.
const args = process.argv.slice(2).filter((a) => a !== '--');
const count = Number(args[0] ?? 100_000);
const which = args[1] ?? 'both';
const batchSizes = (args[2] ?? String(DEFAULT_BATCH_SIZE)).split(',').map(Number);
if (!Number.isSafeInteger(count) || count < 4 || !['pglite', 'postgres', 'both'].includes(which) || !batchSizes.every((b) => Number.isSafeInteger(b) && b > 0)) {
  throw new Error('usage: bench:billing [N ≥ 4] [pglite|postgres|both] [batch sizes, comma-separated]');
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
function runWorker(target: Target, batchSize: number): Promise<WorkerResult> {
  const child = fork(fileURLToPath(new URL('./billing-worker.ts', import.meta.url)), [JSON.stringify({ ...target, at: AT.toISOString(), count, batchSize })], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as WorkerResult));
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
  }
}

interface Row {
  database: string;
  batchSize: number;
  renewals: number;
  runSeconds: number;
  renewalsPerSecond: number;
  rawPerSecond: number;
  ratio: number;
  /** CPU milliseconds per renewal (worker and database), and per raw row; null when the server's CPU is unknown. */
  cpuPerRenewalMs: number | null;
  cpuRatio: number | null;
  peakRssMb: number;
}

async function bench(name: string, target: Target, batchSize: number): Promise<Row> {
  process.stdout.write(`${name}, batches of ${batchSize}:\n`);
  const seeded = await seed(target);
  const result = await runWorker(target, batchSize);
  if (result.invoices !== seeded) throw new Error(`${name}: ${result.invoices} renewal invoices for ${seeded} due subscriptions`);
  const renewalsPerSecond = result.invoices / result.runSeconds;
  const rawPerSecond = result.rawRows / result.rawSeconds;
  // CPU is what the machine's load does not change much: with PGlite the database runs in the worker.
  const cpuKnown = name === 'PGlite' || target.postmasterPid !== undefined;
  const runCpu = result.runCpu.worker + result.runCpu.server;
  const rawCpu = result.rawCpu.worker + result.rawCpu.server;
  return {
    database: name,
    batchSize,
    renewals: result.invoices,
    runSeconds: result.runSeconds,
    renewalsPerSecond,
    rawPerSecond,
    ratio: renewalsPerSecond / rawPerSecond,
    cpuPerRenewalMs: cpuKnown ? (runCpu * 1000) / result.invoices : null,
    cpuRatio: cpuKnown ? result.invoices / runCpu / (result.rawRows / rawCpu) : null,
    peakRssMb: result.peakRssBytes / 1024 / 1024,
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
        const name = `subkit_bench_${process.pid}_${batchSize}`;
        await admin.query(`CREATE DATABASE ${name}`);
        const url = new URL(server.url);
        url.pathname = `/${name}`;
        try {
          rows.push(await bench('PostgreSQL', { url: url.toString(), ...(server.postmasterPid ? { postmasterPid: server.postmasterPid } : {}) }, batchSize));
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
process.stdout.write(
  `\n| database | batch | renewals | run (s) | renewals/s | raw INSERT rows/s | ratio | CPU ms/renewal (worker + db) | ratio by CPU | worker peak RSS (MB) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n`,
);
const orDash = (n: number | null, f: (n: number) => string) => (n === null ? '–' : f(n));
for (const r of rows) {
  process.stdout.write(
    `| ${r.database} | ${fmt(r.batchSize)} | ${fmt(r.renewals)} | ${fmt(r.runSeconds, 1)} | ${fmt(r.renewalsPerSecond)} | ${fmt(r.rawPerSecond)} | ${fmt(r.ratio * 100, 1)} % | ${orDash(r.cpuPerRenewalMs, (n) => fmt(n, 2))} | ${orDash(r.cpuRatio, (n) => `${fmt(n * 100, 1)} %`)} | ${fmt(r.peakRssMb)} |\n`,
  );
}
const pgRow = rows.filter((r) => r.database === 'PostgreSQL').sort((a, b) => b.renewalsPerSecond - a.renewalsPerSecond)[0];
process.stdout.write(
  `\ntargets: ratio ≥ 50 % (${rows.map((r) => `${r.database}/${r.batchSize} ${r.ratio >= 0.5 ? 'met' : 'NOT met'}`).join(', ')}); ` +
    `100,000 renewals < 30 s on Postgres (${pgRow ? `${fmt((100_000 / pgRow.renewalsPerSecond), 1)} s projected: ${100_000 / pgRow.renewalsPerSecond < 30 ? 'met' : 'NOT met'}` : 'not measured'})\n`,
);
