// How the widgets are built for browsers, in one place: `vite build` (vite.config.ts, dist/subkit.js)
// and the scripts that measure a build (size, the history benchmark) use the same options.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subkitCompiledApi } from '@subkit/core/vite-plugin';
import { minifyLitCss } from './minify-css.mjs';
import { minifyLitHtml } from './minify-html.mjs';
import { integrity } from './integrity.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The plugins, defines and output options of a production browser build (add `lib` and `outDir`). */
export function browserBuild({ chunks } = {}) {
  return {
    // core's wire rules compiled (no zod runtime; answers checked by their shape, requests by every rule); the CSS of Lit's css`` templates minified, the indentation of its html`` templates collapsed; the SRI
    // hashes of what is written printed and kept in integrity.json.
    plugins: [subkitCompiledApi({ responses: 'compact' }), minifyLitCss(), minifyLitHtml(), compileHints(), integrity()],
    // nanostores reads process.env.NODE_ENV in the browser.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    // Vite picks a package's `development` export (Lit's dev build, 4 KB more) whenever NODE_ENV is not
    // 'production' — `npm test` runs with NODE_ENV=test; what ships is the production build, always.
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      target: 'es2022',
      // Vite keeps whitespace in ES library builds; this bundle ships to browsers as is, so minify fully
      // (and drop the bundler's annotation comments: nothing downstream tree-shakes this bundle).
      // A chunk two or more widgets share is named by the set of widgets (`subkit-more~checkout~quote…`), up to 90
      // characters a widget's imports repeat for each such chunk: its file is `more-<hash>.js` (the name stays in the
      // build's metadata, as `size` prints it).
      rollupOptions: {
        output: { chunkFileNames, minify: true, comments: false, ...(chunks ? { codeSplitting: { groups: chunks } } : {}) },
      },
    },
  };
}

/** Where a chunk is written: `chunks/<name>-<hash>.js`, the shared pieces `chunks/more-<hash>.js`. */
const chunkFileNames = (chunk) => (chunk.name.startsWith('subkit-more~') ? 'chunks/more-[hash].js' : 'chunks/[name]-[hash].js');

/**
 * V8's explicit compile hint (Chrome 136+): a script starting with this comment has every function compiled
 * while it loads, off the main thread, instead of each on its first call — on the main thread, in the middle of
 * a widget's first render. Other engines read a comment.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * The compile hint on the chunks that run when a widget first renders: the entry, each widget's own chunk
 * (`src/define/<widget>.ts`) and what they import. Not on the lazy chunks (dialogs, other locales' strings,
 * Stripe's loader): most pages never run them, and compiling them would be wasted. Nor on the small ones
 * (under `HINTED_FROM` bytes: the loader itself, the `subkit-more~` pieces two widgets share): the comment
 * costs each file ~22 bytes gzip, more than compiling their few functions lazily costs a page.
 */
const HINTED_FROM = 3072;

function compileHints() {
  return {
    name: 'subkit-compile-hints',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const initial = new Set();
      const add = (chunk) => {
        if (!chunk || initial.has(chunk)) return;
        initial.add(chunk);
        for (const name of chunk.imports) add(byFile.get(name));
      };
      for (const chunk of chunks) if (chunk.isEntry || /[\\/]src[\\/]define[\\/][\w-]+\.ts$/.test(chunk.facadeModuleId ?? '')) add(chunk);
      for (const chunk of initial) {
        if (chunk.code.length < HINTED_FROM) continue;
        chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
        // The source map's lines move down by the one added.
        if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
        const map = bundle[`${chunk.fileName}.map`];
        if (map?.type === 'asset') map.source = JSON.stringify({ ...JSON.parse(map.source), mappings: `;${JSON.parse(map.source).mappings}` });
      }
    },
  };
}

/** Lazy chunks that stay apart: the string tables of the locales other than English, Stripe.js's loader. */
const lazyModule = /[\\/]src[\\/]locales[\\/](?!en[\\/])[\w-]+[\\/]|[\\/]@stripe[\\/]/;

/**
 * How the loader's chunks are cut (dist/subkit.js). Left to itself the bundler makes a chunk for every
 * set of widgets sharing code — a page with the plan picker fetched six files, and each file gzipped on
 * its own plus the imports between them cost ~5 KB. Here: what the plan picker shares with the other
 * widgets is one chunk (`subkit`, Lit, the client and what every widget uses), what the other widgets
 * share among themselves another (`subkit-more`: dialogs, payment, invoices), and each widget keeps its
 * own code. The plan picker's modules are found by building it alone first.
 */
export async function loaderChunks() {
  const { build } = await import('vite');
  const options = browserBuild();
  const result = await build({
    ...options,
    configFile: false,
    root: pkg,
    logLevel: 'silent',
    build: { ...options.build, write: false, lib: { entry: resolve(pkg, 'src/define/plan-picker.ts'), formats: ['es'], fileName: 'picker' } },
  });
  const picker = new Set((Array.isArray(result) ? result : [result]).flatMap((r) => r.output).flatMap((o) => (o.type === 'chunk' ? o.moduleIds : [])));
  return [
    { name: 'subkit', priority: 2, minShareCount: 2, test: (id) => picker.has(id) && !lazyModule.test(id) },
    { name: 'subkit-more', priority: 1, minShareCount: 2, entriesAware: true, test: (id) => !lazyModule.test(id) },
  ];
}
