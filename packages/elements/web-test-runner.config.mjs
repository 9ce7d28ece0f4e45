// Widget tests in Debian's Chromium: TypeScript sources through esbuild, msw's real service worker,
// and a last line `N passed, N failed` that CI reads.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, chromiumPath } from '../../test/chromium.mjs';

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

/** Lit's development build (its warnings) in the sources and in the bundled dependencies alike. */
const exportConditions = ['browser', 'development'];

const esbuild = createRequire(require.resolve('@web/dev-server-esbuild'))('esbuild');

/** The npm packages the test pages import, by specifier, and the package whose dependency each is. */
const bundledDependencies = {
  msw: here,
  'msw/browser': here,
  '@open-wc/testing': here,
  nanostores: here,
  'zod/mini': resolve(here, '../core'),
};
/** Packages left to the dev server: the sources and the bundle must share one Lit; axe registers itself on window only when loaded as a plain script. */
const unbundled = ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/reactive-element', '@lit/reactive-element/*', 'axe-core/*'];
/** `@open-wc/testing` → `open-wc-testing`. */
const fileName = (specifier) => specifier.replace(/^@/, '').replace(/\W+/g, '-');
// One directory per run: two runs in one checkout (a file run beside the suite) must not delete each other's bundle.
const dependencyDir = resolve(here, `node_modules/.cache/wtr-dependencies/${process.pid}`);

/**
 * The test pages' npm dependencies (msw with graphql and tldts, @open-wc/testing with chai, zod/mini, nanostores)
 * bundled once per run into a few files. Each test file runs in a fresh browser context with an empty cache, and
 * fetched them as ~470 of its ~700 modules, one request each through the dev server, Chromium's browser process
 * and its network service (227 requests a page now). The sources stay one module per file, so lazy views still
 * load as they do on a page.
 */
const bundleDependencies = {
  name: 'subkit-bundle-dependencies',
  async serverStart() {
    process.once('exit', () => rmSync(dependencyDir, { recursive: true, force: true }));
    const entries = Object.keys(bundledDependencies);
    await esbuild.build({
      entryPoints: entries.map((specifier) => ({ in: `dependency:${specifier}`, out: fileName(specifier) })),
      bundle: true,
      splitting: true,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      conditions: exportConditions,
      outdir: dependencyDir,
      external: unbundled,
      // chai-a11y-axe takes `require` when one is defined (a bundle's stand-in throws): the page has none, it imports axe.
      define: { require: 'undefined' },
      logLevel: 'error',
      plugins: [
        {
          name: 'dependency-entries',
          setup(build) {
            build.onResolve({ filter: /^dependency:/ }, async ({ path }) => {
              const specifier = path.slice('dependency:'.length);
              const { path: file, errors } = await build.resolve(specifier, { kind: 'import-statement', resolveDir: bundledDependencies[specifier] });
              return { path: file, errors };
            });
          },
        },
      ],
    });
  },
  resolveImport({ source }) {
    if (!Object.hasOwn(bundledDependencies, source)) return undefined;
    return `/${relative(resolve(here, '../..'), dependencyDir)}/${fileName(source)}.js`;
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


export default {
  rootDir: resolve(here, '../..'),
  files: [resolve(here, 'src/**/*.test.ts')],
  nodeResolve: { exportConditions },
  // One file at a time: `npm test` runs this suite beside others on two cores. Measured (2026-12-02): two at a time
  // was 10–15% faster run alone but took 2–10% more CPU, which the suites beside it would lose.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  middleware: [serveMswWorker],
  // esbuild reads the tsconfig as raw JSON (no "extends"): the root one carries the decorator settings Lit needs.
  plugins: [bundleDependencies, jsToTs, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: resolve(here, '../../tsconfig.json') })],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="en">
      <head><script>window.process = { env: { NODE_ENV: 'development' } };</script></head>
      <body><script type="module" src="${testFramework}"></script></body>
    </html>`,
  reporters: [defaultReporter(), summaryReporter()],
};
