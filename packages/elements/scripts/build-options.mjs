// How the widgets are built for browsers, in one place: `vite build` (vite.config.ts, dist/subkit.js)
// and the scripts that measure a build (size, the history benchmark) use the same options.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subkitCompiledApi } from '@subkit/core/vite-plugin';
import { minifyLitCss } from './minify-css.mjs';
import { minifyLitHtml } from './minify-html.mjs';
import { integrity } from './integrity.mjs';
import { exportsByLocalName } from './export-names.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The plugins, defines and output options of a production browser build (add `lib` and `outDir`). */
export function browserBuild({ chunks } = {}) {
  return {
    // core's wire rules compiled (no zod runtime; answers checked by their shape, requests by every rule); the CSS of Lit's css`` templates minified, the indentation of its html`` templates collapsed; a chunk's
    // exports named after their bindings (export-names.mjs); the SRI hashes of what is written printed and kept in integrity.json.
    plugins: [subkitCompiledApi({ responses: 'compact' }), minifyLitCss(), minifyLitHtml(), exportsByLocalName(), compileHints(), integrity()],
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
        // loaderChunks() places each module's dependencies by their own widgets, which the bundler allows only when an
        // entry may gain exports; the loader's entry gains none (what it shares is a chunk of its own).
        ...(chunks ? { preserveEntrySignatures: 'allow-extension' } : {}),
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

/**
 * What a lazy view may fetch that it does not need (bytes before minifying, ~0.5 KB min+gzip) when it needs part of what
 * some widgets load up front. Measured: 0 → checkout 15.11 KB, 600–1000 → 14.98 (the manager's dialogs +0.2 KB, an
 * invoice +0.16), 1100–1600 → 14.87 (dialogs +0.08, an invoice +0.39), 2500 → 14.91, no limit → 14.70 (the approvals'
 * policy view +1.3, the dialogs +1.6).
 */
const LAZY_SPARE = 1200;

/**
 * What one file fewer saves each widget that fetches it, in bytes of code before minifying: its own gzip framing,
 * its export line and the import line (with a hash) in each chunk importing it, ~0.1 KB min+gzip, about what 250
 * bytes of code cost. A small chunk goes into the chunk of a larger set of widgets when its bytes, fetched in vain by
 * each widget of the larger set that does not need them, cost less than that saves its own widgets. Measured on
 * 18d5ced once the manager fetches the invoices store with its list (its modules left the shared sets for small chunks), as
 * manager, checkout, history, approvals, all buyer (KB): no fold → 10.739, 15.017, 12.393, 8.779, 75.557; 90–281 →
 * 10.665, 14.854, 12.242, 8.822, 75.386 (two folds into LazyView's chunk, which those four widgets load: a wire rule
 * of approvals, history and checkout; the view-unavailable error of history, checkout and manager); 300 → 10.663,
 * 14.984, 12.197, 8.822, 75.334 (a wire rule of the history's lazy views into the history's and checkout's chunk
 * too); 400 → 10.662, 14.933, 12.521, 8.822, 75.286 (the fields' template of checkout and quote into the history's,
 * checkout's and quote's chunk too). Without the manager's change 250 folded nothing there; a plain threshold instead
 * (any chunk under 1500 bytes into the nearest larger set) cost checkout +0.39 and the history +0.21 for the
 * manager's −0.11.
 */
const FOLD_GAIN = 250;

/** Lazy chunks that stay apart: the string tables of the locales other than English, Stripe.js's loader. */
const lazyModule = /[\\/]src[\\/]locales[\\/](?!en[\\/])[\w-]+[\\/]|[\\/]@stripe[\\/]/;

/**
 * How the loader's chunks are cut (dist/subkit.js), decided by what each widget loads *up front* (the static
 * imports of `src/define/<widget>.ts`, learned from a first build of the loader cut by the bundler alone):
 * - `subkit`: what the plan picker shares with the other widgets (Lit, the client, what every widget uses;
 *   the plan picker's modules are found by building it alone);
 * - what only one widget loads up front stays in that widget's chunk, its own lazy views import it from there;
 * - what two or more other widgets load up front: one chunk per set of those widgets (`subkit-more~checkout~quote`),
 *   whatever lazy views of other widgets need from it too — unless such a view would then fetch more than
 *   `LAZY_SPARE` bytes it does not need: what it needs is a chunk apart. So is what one widget loads up front and
 *   another widget's lazy view needs (a view never fetches another widget's chunk);
 * - what only lazy views share: a chunk per set of views, fetched with them (a view's own module stays in its chunk);
 * - a small chunk of some widgets goes into a chunk of a larger set of widgets that holds them all (the one with fewest
 *   other widgets, then the largest), one file fewer for each of them, when what the others then fetch in vain costs
 *   less than that (`FOLD_GAIN`), no lazy view then fetches more than `LAZY_SPARE` bytes it does not need, and it
 *   imports no chunk the others would not load anyway;
 * - what the loader shares with a widget (the provider's context event): a chunk of its own. In the loader it
 *   would save ~0.1 KB, but the loader would export it, and a page loading `subkit.js?v=2` would run the loader
 *   twice (the provider's chunk imports `../subkit.js`).
 * Left to itself the bundler made a chunk per set of importing chunks, lazy views included: ~25 files of
 * 0.1–1.7 KB, each gzipped on its own, each an import line with a hash in every widget that needs it.
 */
export async function loaderChunks() {
  const { build } = await import('vite');
  const options = browserBuild();
  // What each module imports statically (of the last build).
  const imported = new Map();
  const moduleGraph = {
    name: 'subkit-module-graph',
    buildEnd() {
      for (const id of this.getModuleIds()) imported.set(id, this.getModuleInfo(id)?.importedIds ?? []);
    },
  };
  /** The chunks of `entry` built for browsers, cut by the bundler alone. */
  const chunksOf = async (entry) => {
    const result = await build({
      ...options,
      plugins: [...options.plugins, moduleGraph],
      configFile: false,
      root: pkg,
      logLevel: 'silent',
      build: { ...options.build, write: false, lib: { entry: resolve(pkg, entry), formats: ['es'], fileName: 'first' } },
    });
    return (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).filter((o) => o.type === 'chunk');
  };
  // Every module of the plan picker built alone, its lazy chunks' too: the session and subscriptions stores and their
  // wire rules, which its signed-in view fetches, are in `subkit` (~1.3 KB min+gzip a picker page loads up front), as
  // the other widgets load them up front (the session store all five, the subscriptions store the manager). Measured
  // on 6aadf89 with only the picker's up-front modules in `subkit`: picker alone 26.65 → 25.36 KB, but + manager
  // 9.96 → 12.18 (over its 10 KB budget), + checkout 13.90 → 14.48, + history 12.25 → 12.93, all buyer widgets
  // 74.54 → 75.69; with those stores in one chunk of their own, + manager 11.63 and all buyer 75.01.
  const picker = new Set((await chunksOf('src/define/plan-picker.ts')).flatMap((o) => o.moduleIds));
  const first = await chunksOf('src/loader.ts');
  const byFile = new Map(first.map((o) => [o.fileName, o]));
  const widgetOf = (chunk) => /[\\/]src[\\/]define[\\/]([\w-]+)\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
  const upFrontOf = (chunk, seen = new Set()) => {
    if (seen.has(chunk)) return seen;
    seen.add(chunk);
    for (const file of chunk.imports) upFrontOf(byFile.get(file), seen);
    return seen;
  };
  const add = (map, key, value) => map.set(key, [...(map.get(key) ?? []), value]);
  // Which widgets load a module up front; which lazy views (by name) each widget may open.
  const upFront = new Map();
  const views = new Map();
  for (const chunk of first) {
    const widget = widgetOf(chunk);
    if (!widget) continue;
    for (const c of upFrontOf(chunk)) for (const id of c.moduleIds) add(upFront, id, widget);
    const seen = new Set();
    const visit = (c) => {
      if (seen.has(c)) return;
      seen.add(c);
      for (const file of c.imports) visit(byFile.get(file));
      for (const file of c.dynamicImports) if (!widgetOf(byFile.get(file)) && !byFile.get(file).moduleIds.every((id) => lazyModule.test(id))) visit(byFile.get(file));
    };
    visit(chunk);
    for (const c of seen) if (c.isDynamicEntry && c !== chunk) add(views, c, widget);
  }
  // The lazy views that need a module not loaded yet when they open (some widget opening them lacks it).
  const viewsNeeding = new Map();
  for (const [view, widgets] of views) {
    for (const c of upFrontOf(view)) for (const id of c.moduleIds) {
      if (!widgets.every((w) => upFront.get(id)?.includes(w))) add(viewsNeeding, id, view.name);
    }
  }
  const lazyViews = new Set(first.filter((o) => o.isDynamicEntry).map((o) => o.facadeModuleId));
  const loaderShared = new Set(first.filter((o) => o.isEntry).flatMap((entry) => [...upFrontOf(entry)].filter((c) => c !== entry)).flatMap((c) => c.moduleIds));
  // Modules by the widgets loading them up front, then by the views needing them; the parts of one set of widgets
  // merged while no view fetches more than LAZY_SPARE bytes it does not need.
  const bytes = new Map(first.flatMap((c) => Object.entries(c.modules).map(([id, m]) => [id, m.renderedLength])));
  const sets = new Map();
  for (const [id, widgets] of upFront) {
    const needing = [...new Set(viewsNeeding.get(id) ?? [])].sort();
    if (picker.has(id) || lazyModule.test(id) || loaderShared.has(id) || (widgets.length < 2 && needing.length === 0)) continue;
    const key = [...widgets].sort().join('~');
    if (!sets.has(key)) sets.set(key, new Map());
    const parts = sets.get(key);
    const part = parts.get(needing.join('~')) ?? { needing, ids: [], bytes: 0 };
    parts.set(needing.join('~'), part);
    part.ids.push(id);
    part.bytes += bytes.get(id) ?? 0;
  }
  /** True when no view needing one of `parts` would fetch more than LAZY_SPARE bytes of the others it does not need. */
  const viewsFit = (parts) =>
    parts.flatMap((p) => p.needing).every((view) => parts.filter((p) => !p.needing.includes(view)).reduce((sum, p) => sum + p.bytes, 0) <= LAZY_SPARE);
  const cut = [];
  for (const [key, parts] of sets) {
    const chunks = [];
    for (const part of [...parts.values()].sort((a, b) => b.bytes - a.bytes)) {
      const chunk = chunks.find((c) => viewsFit([...c, part]));
      if (chunk) chunk.push(part);
      else chunks.push([part]);
    }
    chunks.forEach((parts, i) => cut.push({ name: `subkit-more~${key}${i > 0 ? `~${i + 1}` : ''}`, widgets: upFront.get(parts[0].ids[0]), parts }));
  }
  // A small chunk folded into the chunk of a larger set of widgets holding all of its own (see FOLD_GAIN); the larger
  // sets first, so a chunk that takes others has stayed where it is.
  const sizeOf = (chunk) => chunk.parts.reduce((sum, p) => sum + p.bytes, 0);
  // A module no chunk holds (a package's index of re-exports) has no code to fetch.
  const loadedBy = (widgets) => (id) => !upFront.has(id) || picker.has(id) || loaderShared.has(id) || widgets.every((w) => upFront.get(id).includes(w));
  for (const chunk of [...cut].sort((a, b) => b.widgets.length - a.widgets.length || sizeOf(a) - sizeOf(b))) {
    const ids = new Set(chunk.parts.flatMap((p) => p.ids));
    const extra = (host) => host.widgets.length - chunk.widgets.length;
    const [host] = cut
      .filter((h) => !h.into && h !== chunk && extra(h) > 0 && chunk.widgets.every((w) => h.widgets.includes(w)))
      .filter((h) => sizeOf(chunk) * extra(h) <= FOLD_GAIN * chunk.widgets.length && viewsFit([...h.parts, ...chunk.parts]))
      .filter((h) => [...ids].every((id) => (imported.get(id) ?? []).every((dep) => ids.has(dep) || loadedBy(h.widgets)(dep))))
      .sort((a, b) => extra(a) - extra(b) || sizeOf(b) - sizeOf(a));
    if (!host) continue;
    host.parts.push(...chunk.parts);
    chunk.into = host;
  }
  const chunkName = new Map();
  for (const chunk of cut) if (!chunk.into) for (const part of chunk.parts) for (const id of part.ids) chunkName.set(id, chunk.name);
  return [
    { name: 'subkit', priority: 3, minShareCount: 2, test: (id) => picker.has(id) && !lazyModule.test(id) },
    { name: 'subkit-more~loader', priority: 2, test: (id) => loaderShared.has(id) },
    // Each module's dependencies are placed by their own widgets: a chunk imports only chunks loaded with it or before it.
    { name: (id) => chunkName.get(id) ?? null, priority: 1, includeDependenciesRecursively: false, test: (id) => chunkName.has(id) },
    // What only lazy views share: a chunk per set of views (named, as the others, by the set). A view's own module
    // stays its chunk's: in a shared chunk, its import() needs a namespace object and the bundler's helper (a chunk).
    { name: 'subkit-more', minShareCount: 2, entriesAware: true, includeDependenciesRecursively: false, test: (id) => !upFront.has(id) && !lazyModule.test(id) && !lazyViews.has(id) },
  ];
}
