#!/usr/bin/env node
/**
 * Runs StrykerJS with a config (default: ./stryker.config.mjs of the current package), then prints the
 * mutation score per file, every surviving or uncovered mutant, and every mutant marked equivalent with
 * its reason. Arguments after the options go to Stryker as they are (e.g. `--incremental false`).
 *
 *   node scripts/mutation.mjs [--config file] [--report-only] [stryker args…]
 *
 * `--report-only` prints the summary of the last run's JSON report without running anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
let configFile = 'stryker.config.mjs';
let reportOnly = false;
const strykerArgs = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--config') configFile = args[++i];
  else if (args[i] === '--report-only') reportOnly = true;
  else if (args[i] === '--') continue;
  else strykerArgs.push(args[i]);
}
const configPath = resolve(configFile);
const config = (await import(pathToFileURL(configPath).href)).default;
const reportPath = resolve(config.jsonReporter?.fileName ?? 'reports/mutation/mutation.json');

if (!reportOnly) {
  const manifest = createRequire(configPath).resolve('@stryker-mutator/core/package.json');
  const bin = join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.stryker);
  const run = spawnSync(process.execPath, [bin, 'run', configPath, ...strykerArgs], { stdio: 'inherit' });
  if (run.status !== 0 && !existsSync(reportPath)) process.exit(run.status ?? 1);
  process.exitCode = run.status ?? 1;
}

const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const detected = new Set(['Killed', 'Timeout']);
const undetected = new Set(['Survived', 'NoCoverage']);
const rows = [];
const open = [];
const equivalent = [];
const totals = { mutants: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, errors: 0 };

for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const name = relative(process.cwd(), resolve(report.projectRoot ?? process.cwd(), file));
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const row = {
    file: name,
    mutants: mutants.length,
    killed: count('Killed'),
    timeout: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    equivalent: count('Ignored'),
    errors: count('CompileError') + count('RuntimeError'),
  };
  rows.push(row);
  for (const key of Object.keys(totals)) totals[key] += row[key];
  for (const m of mutants) {
    const where = `${name}:${m.location.start.line}:${m.location.start.column}`;
    const what = `${m.mutatorName} → ${JSON.stringify(m.replacement ?? '').slice(0, 80)}`;
    if (undetected.has(m.status)) open.push(`${m.status === 'Survived' ? 'survived ' : 'no test  '} ${where}  ${what}`);
    else if (m.status === 'Ignored') equivalent.push(`${where}  ${m.mutatorName}: ${m.statusReason ?? '(no reason given)'}`);
  }
}

/** Stryker's score: detected / (detected + undetected); equivalent (ignored) and erroring mutants are left out. */
const score = (r) => {
  const found = r.killed + r.timeout;
  const valid = found + r.survived + r.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * found) / valid).toFixed(2)}%`;
};
/** The stricter figure: equivalent mutants counted as survivors. */
const strict = (r) => {
  const found = r.killed + r.timeout;
  const valid = found + r.survived + r.noCoverage + r.equivalent;
  return valid === 0 ? 'n/a' : `${((100 * found) / valid).toFixed(2)}%`;
};

const header = ['file', 'score', 'strict', 'mutants', 'killed', 'timeout', 'survived', 'no test', 'equivalent', 'errors'];
const table = [...rows, { file: 'all files', ...totals }].map((r) => [
  r.file, score(r), strict(r), r.mutants, r.killed, r.timeout, r.survived, r.noCoverage, r.equivalent, r.errors,
].map(String));
const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i].length)));
const print = (cells) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));

console.log(`\nMutation score per file (strict: equivalent mutants counted as survivors)`);
print(header);
for (const cells of table) print(cells);
console.log(`\nSurviving or untested mutants: ${open.length}`);
for (const line of open) console.log(`  ${line}`);
console.log(`\nMarked equivalent: ${equivalent.length}`);
for (const line of equivalent) console.log(`  ${line}`);
console.log(`\nHTML report: ${relative(process.cwd(), resolve(config.htmlReporter?.fileName ?? 'reports/mutation/index.html'))}`);
