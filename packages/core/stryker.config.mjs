/**
 * Mutation testing of the billing math (`pnpm --filter @subkit/core run mutation`).
 * Node's test runner prints TAP; Stryker's tap runner runs each test file with its hook. In the sandbox,
 * ./stryker/build.mjs first bundles each test file with the instrumented sources into plain JS.
 * Equivalent mutants: error-message prose is ignored by ./stryker/error-text-ignorer.mjs (one rule, one
 * reason); any other is marked where it occurs (`// Stryker disable next-line <mutator>: <reason>`).
 */
import { mutationDefaults } from './stryker/defaults.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...mutationDefaults,
  buildCommand: 'node stryker/build.mjs',
  tap: {
    testFiles: ['test/math/*.test.ts', 'test/oracle/*.test.ts'],
    nodeArgs: ['--test-reporter=tap', '-r', '{{hookFile}}', 'stryker/run-built.mjs', '{{testFile}}'],
  },
  mutate: ['src/math/**/*.ts', '!src/math/index.ts'],
};
