/**
 * Settings every subkit mutation run shares (core's billing math, the server's engine lines): the tap
 * runner over node:test, per-test coverage, the error-text ignorer, a generous timeout, incremental
 * runs, HTML and JSON reports in ./reports/mutation/ (git-ignored) of the package that runs it.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Stryker resolves local plugins from the directory it runs in.
const ignorer = `./${relative(process.cwd(), fileURLToPath(new URL('./error-text-ignorer.mjs', import.meta.url)))}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export const mutationDefaults = {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner', ignorer],
  ignorers: ['error-text'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Generous: the shared machine is often loaded, and a slow run must not pass for a killed mutant.
  timeoutMS: 60_000,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['html', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
};
