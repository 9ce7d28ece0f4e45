/**
 * Stryker's build step (run in its sandbox, after the sources were instrumented): bundles each math test
 * file with the code it imports into one plain ES module, so every test process starts with bare Node
 * instead of compiling TypeScript through tsx (about a quarter of the CPU per process). Packages stay
 * external and load from node_modules.
 */
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const entryPoints = ['test/math', 'test/oracle'].flatMap((dir) =>
  readdirSync(dir).filter((name) => name.endsWith('.test.ts')).map((name) => `${dir}/${name}`),
);
await build({
  entryPoints,
  outdir: '.stryker-build',
  outbase: 'test',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
