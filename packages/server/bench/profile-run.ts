// Where a renewal's time goes (issue #10's benchmark, the profile behind its figures): seeds N due
// subscriptions as bench:billing does, then runs the billing run in this process with the V8 profiler
// on (node:inspector, the run only — not the seeding) and, on a Postgres server with pg_stat_statements
// loaded, the server's time per statement. Prints the JS self time by function and by file, and the
// statements by total time, all per renewal, and the CPU of this process and of the server's backends. Writes the .cpuprofile next to it for a closer look.
// Usage: pnpm --filter @subkit/server run bench:profile -- N [postgres URL (with pg_stat_statements) | pglite] [batch size]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeys } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { DEFAULT_BATCH_SIZE, newReport, REPORT_SAMPLE, runBilling, runEnv } from '../src/engine/run/index.js';
import { seedDemo } from '../src/seed/demo.js';
import { seedDueSubscriptions } from './due.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const count = Number(args[0] ?? 10_000);
const target = args[1] ?? 'pglite';
const batchSize = Number(args[2] ?? DEFAULT_BATCH_SIZE);
const AT = new Date('2027-06-01T00:00:00.000Z');
const config = loadConfig({}, { ...generateKeys('test'), allowedOrigins: ['http://bench.local'] });

const dir = target === 'pglite' ? mkdtempSync(join(tmpdir(), 'subkit-profile-')) : null;
const db = await openDatabase(dir ? { dataDir: dir } : { url: target });
const fmt = (n: number, d = 3) => n.toFixed(d).padStart(9);
try {
  await migrate(db);
  await seedDemo(db);
  await seedDueSubscriptions(db, config, { count, at: AT });
  // pg_stat_statements answers only when the server preloads it.
  let stats = false;
  if (db.kind === 'postgres') {
    try {
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await db.query('SELECT pg_stat_statements_reset()');
      stats = true;
    } catch {
      stats = false;
    }
  }

  // The CPU of this database's server backends, read from /proc (a server on this machine; 0 elsewhere).
  const backendsCpu = async () => {
    if (db.kind !== 'postgres') return 0;
    const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
    const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString());
    return rows.reduce((sum, { pid }) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return sum + (Number(fields[11]) + Number(fields[12])) / ticks;
      } catch {
        return sum;
      }
    }, 0);
  };
  const server0 = await backendsCpu();

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const env = runEnv(db, config, { report: newReport(REPORT_SAMPLE) });
  await runBilling(env, { until: AT, batchSize });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const renewals = env.report.renewals;
  const serverMs = ((await backendsCpu()) - server0) * 1000;
  const file = join(tmpdir(), `subkit-billing-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(
    `${renewals} renewals in ${seconds.toFixed(1)} s; CPU per renewal: this process ${(((cpu.user + cpu.system) / 1000) / renewals).toFixed(3)} ms` +
      (db.kind === 'postgres' ? `, the database's backends ${(serverMs / renewals).toFixed(3)} ms` : '') +
      `; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB` +
      ` (load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}; profile: ${file})\n`,
  );

  // Self time per function and per file, from the samples.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^file:\/\//, '').replace(/.*\/node_modules\/(\.pnpm\/)?/, 'nm:').replace(/.*\/packages\//, '') || `(${f.functionName || 'program'})`;
    const fn = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  process.stdout.write('\nJS self time, ms per renewal, by file:\n');
  for (const [k, us] of top(byFile, 20)) process.stdout.write(`${fmt(us / 1000 / renewals)}  ${k}\n`);
  process.stdout.write('\nJS self time, ms per renewal, by function:\n');
  for (const [k, us] of top(byFn, 30)) process.stdout.write(`${fmt(us / 1000 / renewals)}  ${k}\n`);

  if (stats) {
    const { rows } = await db.query<{ query: string; calls: number; total: number; rows: number }>(
      `SELECT query, calls::int, total_exec_time AS total, rows::int FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 25`,
    );
    process.stdout.write('\nPostgres execution time, ms per renewal (calls, rows), by statement:\n');
    for (const r of rows) {
      process.stdout.write(`${fmt(r.total / renewals)}  (${r.calls}, ${r.rows})  ${r.query.replace(/\s+/g, ' ').slice(0, 150)}\n`);
    }
  } else if (db.kind === 'postgres') {
    process.stdout.write('\n(no pg_stat_statements on this server: start it with shared_preload_libraries=pg_stat_statements)\n');
  }
} finally {
  await db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
