#!/usr/bin/env node
// The one entry point behind `npm start` and `npm test`: it sets up what a fresh machine lacks
// (pnpm, dependencies, Chromium, PostgreSQL), then runs the demo or every test suite.
// Plain Node on purpose: it must run before any dependency is installed.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '10.34.9';
const isRoot = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
const hasPerl = spawnSync('perl', ['-e', '1']).status === 0;

function log(message) {
  process.stdout.write(`[subkit] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`\n[subkit] ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  return result.status === 0;
}

function output(cmd, args) {
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function ensurePnpm() {
  const local = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  if (output('pnpm', ['--version']) === PNPM_VERSION) return 'pnpm';
  if (existsSync(local) && output(local, ['--version']) === PNPM_VERSION) return usePnpmFrom(local);
  log(`installing pnpm ${PNPM_VERSION} (project-local, in .tools/)`);
  // Corepack fails signature checks on these machines (TOOLCHAIN.md), so npm installs a pinned pnpm.
  if (!run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(root, '.tools'), `pnpm@${PNPM_VERSION}`])) {
    fail(`could not install pnpm ${PNPM_VERSION}. Install it with: npm install -g pnpm@${PNPM_VERSION}`);
  }
  return usePnpmFrom(local);
}

/** Puts a project-local pnpm on PATH too, so scripts and tests that call `pnpm` find the same one. */
function usePnpmFrom(path) {
  process.env.PATH = `${dirname(path)}:${process.env.PATH}`;
  return path;
}

function installDependencies(pnpm) {
  log('installing dependencies (pnpm install)');
  const args = ['install', '--prefer-offline'];
  if (process.env.CI) args.push('--frozen-lockfile');
  if (!run(pnpm, args)) fail('pnpm install failed (see above).');
}

let aptUpdated = false;
function aptInstall(packages) {
  if (!isRoot || !hasApt) return false;
  if (!aptUpdated) {
    log('apt-get update');
    run('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
    aptUpdated = true;
  }
  log(`apt-get install ${packages.join(' ')}`);
  return run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

function ensureChromium() {
  let path = findChromium();
  if (!path) {
    aptInstall(['chromium']);
    path = findChromium();
  }
  if (!path) fail('Chromium is needed for the widget and end-to-end tests. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
  ensureFonts();
  return path;
}

/**
 * Debian's Noto fonts for the scripts of the widgets' languages, each package only when fontconfig finds no
 * Noto face for its language: without them Chromium draws zh-CN and hi as boxes in screenshots and in the
 * invoice PDFs (a fresh Debian has DejaVu only). fonts-noto-ui-core (1.4 MB download) has Noto Sans Arabic UI
 * and Devanagari UI; fonts-noto-cjk (57 MB) is the only Noto CJK Debian ships — it installed in 12 s here
 * (6.5 s CPU), the UI fonts in 8 s, against ~35 s for Chromium.
 */
function ensureFonts() {
  if (!existsSync('/usr/bin/fc-list')) return;
  const hasNoto = (lang) => /Noto/.test(output('fc-list', [`:lang=${lang}`, 'family']) ?? '');
  const missing = [
    ...(hasNoto('hi') && hasNoto('ar') ? [] : ['fonts-noto-ui-core']),
    ...(hasNoto('zh-cn') ? [] : ['fonts-noto-cjk']),
  ];
  if (missing.length === 0) return;
  if (!aptInstall(missing)) log(`fonts for Chinese, Hindi or Arabic are missing: screenshots may show boxes (Debian: apt-get install ${missing.join(' ')})`);
}

function findPostgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : null;
}

function ensurePostgresBinaries() {
  let bin = findPostgresBin();
  if (!bin) {
    aptInstall(['postgresql']);
    bin = findPostgresBin();
  }
  return bin;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts a throwaway PostgreSQL server of our own (not the system cluster) and returns its URL and a stop function. */
async function startPostgres() {
  if (process.env.SUBKIT_TEST_DATABASE_URL) return { url: process.env.SUBKIT_TEST_DATABASE_URL, stop() {} };
  const bin = ensurePostgresBinaries();
  if (!bin) fail('PostgreSQL is needed for the server suite on Postgres. Install it (Debian: apt-get install postgresql) or set SUBKIT_TEST_DATABASE_URL.');
  const dir = mkdtempSync(join(tmpdir(), 'subkit-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // initdb refuses to run as root, so as root the cluster belongs to the postgres user.
  const asUser = (args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)]);
  if (isRoot) chownSync(dir, Number(output('id', ['-u', 'postgres'])), Number(output('id', ['-g', 'postgres'])));
  const [c1, a1] = asUser([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  if (!run(c1, a1, { stdio: ['ignore', 'ignore', 'inherit'] })) fail('initdb failed.');
  const [c2, a2] = asUser([
    join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start',
  ]);
  if (!run(c2, a2, { stdio: ['ignore', 'ignore', 'inherit'] })) fail(`PostgreSQL did not start (log: ${join(dir, 'log')}).`);
  log(`PostgreSQL ${bin.split('/').at(-2)} on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      const [c3, a3] = asUser([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
      run(c3, a3, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs one suite and reads its pass/fail counts from the runner's summary. Its output is held back and
 * printed in one block when it ends, so suites running side by side never interleave their lines.
 */
function runSuite(pnpm, suite, env) {
  return new Promise((resolve) => {
    log(`started ${suite.name}`);
    const started = Date.now();
    const { child, cpu } = spawnTimed(pnpm, suite.args, { ...env, ...suite.env });
    const chunks = [];
    let size = 0;
    const take = (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
      // Keep the last ~2 MB of a very chatty suite: the summary lines are at its end.
      while (size > 2_000_000 && chunks.length > 1) size -= chunks.shift().length;
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (exitCode) => {
      const text = Buffer.concat(chunks).toString();
      process.stdout.write(`\n[subkit] ── ${suite.name} ──\n${text}`);
      let code = exitCode;
      // node --test prints "ℹ pass N" / "ℹ fail N"; our web-test-runner reporter prints "N passed, N failed".
      const num = (re) => [...text.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
      let passed = num(/^[ℹ#] pass (\d+)$/gm) + num(/^(\d+) passed, \d+ failed/gm);
      let failed = num(/^[ℹ#] fail (\d+)$/gm) + num(/^\d+ passed, (\d+) failed/gm);
      if (suite.counts === false) {
        passed = code === 0 ? 1 : 0;
        failed = code === 0 ? 0 : 1;
      }
      if (code !== 0 && failed === 0) failed = 1;
      // A suite that ran nothing proves nothing: count it as a failure rather than a pass.
      if (code === 0 && passed + failed === 0) {
        failed = 1;
        code = 1;
        process.stdout.write(`[subkit] ${suite.name} ran no test\n`);
      }
      const seconds = (Date.now() - started) / 1000;
      log(`${code === 0 ? 'finished' : 'FAILED'} ${suite.name} in ${seconds.toFixed(1)} s (${cpu().toFixed(1)} s CPU)`);
      resolve({ name: suite.name, code, passed, failed, seconds, cpu: cpu(), failures: code === 0 ? [] : failureLines(text) });
    });
  });
}

/**
 * What a failed suite's output says about its failures, for the summary at the end of the run (a CI log
 * keeps only the end): every `✖ failing tests:` block (node --test's spec reporter and our web-test-runner
 * reporter print one) without stack frames, or else the output's last lines.
 */
function failureLines(text) {
  const lines = text.split('\n');
  const picked = [];
  lines.forEach((line, i) => {
    if (!/^✖ failing tests:/.test(line)) return;
    for (const next of lines.slice(i + 1)) {
      if (/^\d+ passed, \d+ failed/.test(next) || /^[ℹ#] tests \d+/.test(next)) break;
      if (next.trim() === '' || /^\s+at /.test(next)) continue;
      picked.push(next);
    }
  });
  const chosen = picked.length > 0 ? picked : lines.filter((l) => l.trim() !== '').slice(-15);
  return chosen.length > 60 ? [...chosen.slice(0, 60), `… ${chosen.length - 60} more lines above in this suite's output`] : chosen;
}

/**
 * Spawns `pnpm args` under scripts/cpu-time.pl, which writes the user + system CPU seconds of the whole
 * process tree (browsers' orphaned children included) to fd 3 at the end; `cpu()` reads it after 'close'.
 */
function spawnTimed(pnpm, args, env) {
  const [cmd, cmdArgs] = hasPerl ? ['perl', [join(root, 'scripts', 'cpu-time.pl'), pnpm, ...args]] : [pnpm, args];
  const child = spawn(cmd, cmdArgs, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let times = '';
  child.stdio[3]?.on('data', (chunk) => (times += chunk));
  return { child, cpu: () => Number(times.trim()) || 0 };
}

/** Builds the widgets (dist/) once; resolves whether it succeeded, printing the build's output only when it failed. */
function buildOnce(pnpm, env) {
  return new Promise((resolve) => {
    log('building the widgets (dist/) for the suites that serve them');
    const started = Date.now();
    const { child, cpu } = spawnTimed(pnpm, ['--filter', '@subkit/elements', 'run', 'build'], env);
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code) => {
      if (code !== 0) process.stdout.write(Buffer.concat(chunks));
      log(`built the widgets in ${((Date.now() - started) / 1000).toFixed(1)} s (${cpu().toFixed(1)} s CPU)`);
      resolve(code === 0);
    });
  });
}

/** How many suites run side by side (SUBKIT_TEST_JOBS; default 3: most suites wait on a browser or a database part of the time). */
function jobCount() {
  const raw = process.env.SUBKIT_TEST_JOBS;
  const n = raw === undefined || raw === '' ? 3 : Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`SUBKIT_TEST_JOBS must be a whole number of at least 1, got "${raw}".`);
  return n;
}

async function test(pnpm) {
  const chromium = ensureChromium();
  const env = { CHROMIUM_PATH: chromium, NODE_ENV: 'test', STORYBOOK_DISABLE_TELEMETRY: '1' };
  let postgres = null;
  const filter = (pkg, script, extra = {}) => ['--filter', pkg, 'run', script, ...(extra.args ?? [])];
  // Listed longest first (wall seconds of the 2026-11-30 CI, 3 at a time), so the long ones start early and the
  // short ones fill the gaps: end to end ~450 (it used to start seventh and end the run alone), elements ~300,
  // typecheck ~220, the server's parts ~150-320, packages ~150, Storybook ~130 since it checks the stories in
  // one page per locale (it was ~590), the framework examples ~120.
  const suites = [
    { name: 'end to end in Chromium', args: filter('@subkit/e2e', 'test'), widgets: true },
    serverShard('server on PGlite', 1, {}),
    { name: 'elements in Chromium', args: filter('@subkit/elements', 'test') },
    { name: 'typecheck', args: ['run', 'typecheck'], counts: false },
    serverShard('server on PostgreSQL', 1, { postgres: true }),
    serverShard('server on PGlite', 2, {}),
    { name: 'packages (built, packed, each tarball checked; npm pack --dry-run)', args: filter('@subkit/e2e', 'test:packages'), widgets: true },
    serverShard('server on PostgreSQL', 2, { postgres: true }),
    { name: 'Storybook (build, every story in Chromium)', args: filter('@subkit/stories', 'test') },
    { name: 'framework examples in Chromium (@subkit/react; each example built once, one server, one browser)', args: filter('@subkit/examples', 'test'), widgets: true },
    { name: 'reference server', args: filter('@subkit/reference-server', 'test') },
    { name: 'client (unit + integration)', args: filter('@subkit/client', 'test') },
    { name: 'core (unit, property, oracle)', args: filter('@subkit/core', 'test') },
    { name: 'SSR (every entry in plain Node, the server-rendered plan picker)', args: filter('@subkit/ssr', 'test') },
    { name: 'ERP sync example (webhook receiver)', args: filter('@subkit/erp-sync', 'test') },
  ];
  // The server suite is the longest on each database; its test files run in two parts of equal measured
  // weight (SUBKIT_TEST_SHARD, read by packages/server/test/one-process.ts), one process each, so that the
  // parts share the cores with the other suites instead of ending last.
  function serverShard(name, i, extra) {
    return { name: `${name} (${i} of 2)`, args: filter('@subkit/server', 'test'), env: { SUBKIT_TEST_SHARD: `${i}/2` }, ...extra };
  }
  const only = process.env.SUBKIT_SUITES?.split(',');
  const selected = suites.filter((suite) => (!only || only.some((o) => suite.name.startsWith(o))) && hasScript(suite));
  const started = Date.now();
  const results = [];
  try {
    if (selected.some((suite) => suite.postgres)) postgres = await startPostgres();
    const queue = [...selected];
    // The suites that serve dist/ wait for one fresh build of the widgets: built by each on its own, on a
    // fresh clone they emptied dist/ under one another (and a stale dist/ tested yesterday's widgets).
    let widgets = null;
    const buildWidgets = () => (widgets ??= buildOnce(pnpm, env));
    const worker = async () => {
      for (let suite = queue.shift(); suite; suite = queue.shift()) {
        const suiteEnv = suite.postgres ? { ...env, SUBKIT_TEST_DB: 'postgres', SUBKIT_TEST_DATABASE_URL: postgres.url } : env;
        if (suite.widgets && !(await buildWidgets())) {
          log(`FAILED ${suite.name}: building the widgets failed`);
          results.push({ name: suite.name, code: 1, passed: 0, failed: 1, seconds: 0, cpu: 0, failures: ["building the widgets failed (its output is above)"] });
          continue;
        }
        results.push(await runSuite(pnpm, suite, suiteEnv));
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobCount(), selected.length) }, worker));
  } finally {
    postgres?.stop();
  }
  log('── summary ──');
  results.sort((a, b) => selected.findIndex((s) => s.name === a.name) - selected.findIndex((s) => s.name === b.name));
  for (const r of results) {
    log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(1)} s, ${r.cpu.toFixed(1)} s CPU)`);
  }
  for (const r of results.filter((x) => x.failures.length > 0)) {
    log(`── failures in ${r.name} ──`);
    process.stdout.write(`${r.failures.join('\n')}\n`);
  }
  log(`suites' CPU ${results.reduce((s, r) => s + r.cpu, 0).toFixed(1)} s`);
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  const ok = results.every((r) => r.code === 0);
  log(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s with ${jobCount()} suites at a time`);
  process.stdout.write(`Total: ${passed} passed, ${failed} failed\n`);
  process.exit(ok ? 0 : 1);
}

function hasScript(suite) {
  const i = suite.args.indexOf('--filter');
  if (i === -1) return true;
  const pkg = suite.args[i + 1];
  const script = suite.args[suite.args.indexOf('run') + 1];
  for (const dir of ['packages', 'apps', '.']) {
    const base = join(root, dir);
    const candidates = dir === '.' ? ['test', 'stories'] : readdirSync(base);
    for (const name of candidates) {
      const file = join(base, name, 'package.json');
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8'));
      if (json.name === pkg) return Boolean(json.scripts?.[script]);
    }
  }
  return false;
}

const command = process.argv[2];
const pnpm = ensurePnpm();
installDependencies(pnpm);
if (command === 'setup') {
  ensureChromium();
  ensurePostgresBinaries();
} else if (command === 'start') {
  if (!run(pnpm, ['--filter', '@subkit/elements', 'run', 'build'])) fail('building the widgets failed.');
  const child = spawn(pnpm, ['--filter', '@subkit/reference-server', 'start'], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
} else if (command === 'test') {
  await test(pnpm);
} else {
  fail('usage: node scripts/subkit.mjs start|test|setup');
}
