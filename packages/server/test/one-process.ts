/**
 * The server's test files in one process: `node --test` starts a process per file, and each paid ~6 s of
 * CPU before its first test (tsx, the server's imports, PGlite's WebAssembly) — about 400 s of a run's CPU
 * on each database. Test files here share nothing at module level (no top-level hooks, tests or env
 * changes), so importing them into one process keeps them apart as separate describe blocks.
 *
 * SUBKIT_TEST_SHARD=i/n runs the i-th of n parts, balanced by the files' measured weights (seconds on PGlite
 * in CI; a file not listed weighs the median), so the parts end together. SUBKIT_TEST_FILES (a comma-
 * separated list of substrings) narrows the run to matching files while working.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Seconds on PGlite in the CI run of 2026-11-30, the heavy files only (checkout, idempotency and db: estimated, their suites were not matched in the log). */
const WEIGHTS: Record<string, number> = {
  'fuzz/fuzz.test.ts': 200,
  'billing/access.test.ts': 60,
  'engine/crash.test.ts': 60,
  'engine/promises.test.ts': 58,
  'billing/invoice-pdf.test.ts': 35,
  'engine/processor.test.ts': 31,
  'engine/dunning.test.ts': 31,
  'billing/invoices.test.ts': 30,
  'fuzz/replay.test.ts': 29,
  'billing/changes.test.ts': 28,
  'billing/checkout.test.ts': 40,
  'platform/idempotency.test.ts': 25,
  'engine/trials-calendar.test.ts': 22,
  'billing/lifecycle.test.ts': 21,
  'metrics/engine-book.test.ts': 21,
  'engine/run.test.ts': 21,
  'billing/payment-methods.test.ts': 19,
  'platform/catalog.test.ts': 18,
  'platform/db.test.ts': 17,
};
const OTHER = 8;

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
for (const file of files) await import(pathToFileURL(join(here, file)).href);
