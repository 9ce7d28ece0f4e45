/**
 * The server's test files in one process: `node --test` starts a process per file, and each paid ~6 s of
 * CPU before its first test (tsx, the server's imports, PGlite's WebAssembly) — about 400 s of a run's CPU
 * on each database. Test files here share nothing at module level (no top-level hooks, tests or env
 * changes), so importing them into one process keeps them apart as separate describe blocks.
 *
 * SUBKIT_TEST_SHARD=i/n runs the i-th of n parts, balanced by the files' measured weights (WEIGHTS), so the
 * parts end together. SUBKIT_TEST_FILES (a comma-separated list of substrings) narrows the run to matching
 * files while working. SUBKIT_TEST_TIMES=<path> appends each file's CPU and wall seconds to that file (lines
 * `file<TAB>cpu<TAB>wall`; the CPU of this process and of the child processes it waited for), to weigh the
 * files again: it adds one test per file.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
/**
 * Wall seconds on PGlite of the files that take 8 s or more, from SUBKIT_TEST_TIMES in two runs of both parts side
 * by side on 2 busy cores (2026-12-02; each file's mean share of the two runs, in seconds of the faster one,
 * 592 s in all). A file not listed weighs the median of the others. The fuzz, 225 then, scaled by its CPU since
 * its sweep reads only what a write changed (58 → 41 s alone on PGlite, 2026-12-03).
 */
const WEIGHTS: Record<string, number> = {
  'fuzz/fuzz.test.ts': 160,
  'engine/crash.test.ts': 34,
  'engine/promises.test.ts': 20,
  'engine/dunning.test.ts': 17,
  'billing/access.test.ts': 14,
  'billing/invoice-pdf.test.ts': 14,
  'engine/run.test.ts': 13,
  'fuzz/isolation.test.ts': 12,
  'billing/checkout.test.ts': 10,
  'engine/processor.test.ts': 10,
  'webhooks/crash.test.ts': 10,
  'billing/invoices.test.ts': 9,
  'engine/trials-calendar.test.ts': 9,
  'platform/db.test.ts': 9,
  'stripe/confirm-race.test.ts': 9,
  'fuzz/replay.test.ts': 8,
};
const OTHER = 2;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(here, path)] : [];
  });
}

/** The files of part `index` (0-based) of `count`: heaviest first, each to the lightest part so far. */
export function shardOf(files: readonly string[], index: number, count: number): string[] {
  const parts = Array.from({ length: count }, () => ({ weight: 0, files: [] as string[] }));
  const weighed = [...files].sort().map((file) => ({ file, weight: WEIGHTS[file] ?? OTHER }));
  for (const { file, weight } of weighed.sort((a, b) => b.weight - a.weight)) {
    const lightest = parts.reduce((min, part) => (part.weight < min.weight ? part : min));
    lightest.weight += weight;
    lightest.files.push(file);
  }
  return parts[index]!.files.sort();
}

const shard = (process.env.SUBKIT_TEST_SHARD ?? '1/1').split('/').map(Number);
const [index, count] = [shard[0]! - 1, shard[1]!];
if (!(count >= 1 && index >= 0 && index < count)) throw new Error(`SUBKIT_TEST_SHARD must be i/n with 1 ≤ i ≤ n, got ${process.env.SUBKIT_TEST_SHARD}`);
const only = process.env.SUBKIT_TEST_FILES?.split(',').filter(Boolean);
const files = shardOf(testFiles(here), index, count).filter((file) => !only || only.some((o) => file.includes(o)));
process.stdout.write(`# part ${index + 1} of ${count}: ${files.length} files\n`);
const timesFile = process.env.SUBKIT_TEST_TIMES;
/** CPU seconds of this process and its waited-for children (Linux: utime, stime, cutime, cstime of /proc/self/stat). */
const cpuSeconds = () => readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ').slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
let mark = timesFile ? { cpu: cpuSeconds(), wall: Date.now() } : undefined;
for (const file of files) {
  await import(pathToFileURL(join(here, file)).href);
  // Files run in the order they were imported: a test after a file's own ones runs when they have ended.
  if (timesFile) {
    test(`times of ${file}`, () => {
      const now = { cpu: cpuSeconds(), wall: Date.now() };
      appendFileSync(timesFile, `${file}\t${(now.cpu - mark!.cpu).toFixed(1)}\t${((now.wall - mark!.wall) / 1000).toFixed(1)}\n`);
      mark = now;
    });
  }
}
