// Widget tests in Debian's Chromium: TypeScript sources through esbuild, msw's real service worker,
// and a last line `N passed, N failed` that CI reads.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const mswWorker = resolve(dirname(require.resolve('msw/package.json')), 'lib/mockServiceWorker.js');

/** Sources import `./x.js` (TypeScript's convention); serve the `./x.ts` next to it. */
const jsToTs = {
  name: 'subkit-js-to-ts',
  resolveImport({ source, context }) {
    if (!source.startsWith('.') || !source.endsWith('.js')) return undefined;
    const importer = fileURLToPath(new URL(context.path, 'file://' + process.cwd() + '/'));
    const candidate = resolve(dirname(importer), source.replace(/\.js$/, '.ts'));
    return existsSync(candidate) ? source.replace(/\.js$/, '.ts') : undefined;
  },
};

/** msw's worker script straight from the msw package, at the root scope. */
const serveMswWorker = (ctx, next) => {
  if (ctx.path === '/mockServiceWorker.js') {
    ctx.type = 'application/javascript';
    ctx.body = readFileSync(mswWorker, 'utf8');
    return undefined;
  }
  return next();
};

/**
 * Counts every test of the run and prints `N passed, N failed` alone on the last line, after a
 * `✖ failing tests:` block naming each failure and its message — the end of the output is what a CI log keeps.
 */
function summaryReporter() {
  return {
    stop({ sessions }) {
      let passed = 0;
      let failed = 0;
      const failures = [];
      const walk = (suite, file, path) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else {
            failed++;
            failures.push(`✖ ${[file, ...path, test.name].join(' › ')}`, ...errorLines(test.error));
          }
        }
        for (const child of suite.suites) walk(child, file, [...path, child.name]);
      };
      for (const session of sessions) {
        const file = session.testFile.replace(`${process.cwd()}/`, '');
        if (session.testResults) walk(session.testResults, file, []);
        // A file that failed to load or threw outside a test has no failed test of its own: count it.
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          failed++;
          failures.push(`✖ ${file}`, ...session.errors.flatMap(errorLines));
        }
      }
      const block = failures.length > 0 ? `\n✖ failing tests:\n${failures.join('\n')}\n` : '';
      // The runner still prints its final progress after stop(): write at exit so these lines come last.
      process.once('exit', () => process.stdout.write(`${block}\n${passed} passed, ${failed} failed\n`));
    },
  };
}

/** An error's message and the first lines of its stack that are not the runner's own. */
function errorLines(error) {
  if (!error) return ['  (no error recorded: timed out or the page went away)'];
  const message = String(error.message ?? error).split('\n').slice(0, 6);
  const stack = String(error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && !line.includes('node_modules'))
    .slice(0, 3);
  return [...message, ...stack].map((line) => `  ${line.trim()}`);
}

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export default {
  rootDir: resolve(here, '../..'),
  files: [resolve(here, 'src/**/*.test.ts')],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromium,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
  middleware: [serveMswWorker],
  // esbuild reads the tsconfig as raw JSON (no "extends"): the root one carries the decorator settings Lit needs.
  plugins: [jsToTs, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: resolve(here, '../../tsconfig.json') })],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="en">
      <head><script>window.process = { env: { NODE_ENV: 'development' } };</script></head>
      <body><script type="module" src="${testFramework}"></script></body>
    </html>`,
  reporters: [defaultReporter(), summaryReporter()],
};
