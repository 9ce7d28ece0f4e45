/**
 * Mutation testing of the engine's invoice lines and totals (engine/lines.ts) against the tests that
 * reach them: the unit tests of lines.ts and the PGlite billing suites of changes and invoices.
 * Run: `node ../core/scripts/mutation.mjs` in packages/server (prints the score per file and every
 * survivor). Server tests read migrations relative to their sources, so they run under tsx, unbundled.
 */
import { mutationDefaults } from '../core/stryker/defaults.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...mutationDefaults,
  tap: {
    testFiles: ['test/engine/lines.test.ts', 'test/billing/changes.test.ts', 'test/billing/invoices.test.ts'],
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  mutate: ['src/engine/lines.ts'],
  // The first run of the PGlite suites (with coverage) takes minutes on a loaded machine.
  dryRunTimeoutMinutes: 30,
};
