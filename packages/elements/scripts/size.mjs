#!/usr/bin/env node
// What a page downloads of the widgets (min+gzip, each file gzipped on its own as a server sends it),
// built as `vite build` builds them (compiled wire rules, minified CSS). Two ways a page loads them:
// - dist/subkit.js, the loader: it registers every tag and fetches a widget's code only when its tag
//   appears. Printed: the shared part (the loader and what every widget needs), each widget's own
//   increment, and all buyer widgets together;
// - one widget's own module (`@subkit/elements/define/plan-picker.js`) bundled alone by the page (as the
//   page's bundler builds an app: its lazy chunks import what they share with the entry from it);
// - the merchant's admin script (the revenue dashboard): never in dist/subkit.js, its chart library fetched
//   when it first draws.
// The lazy chunks (non-English string tables, Stripe's loader, the dialogs a buyer opens rarely) are listed
// apart: a page fetches them only when it needs them. Exits non-zero when a figure passes its limit, so CI holds the line (the elements
// test script runs it).
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntry } from './build-entry.mjs';
import { loaderChunks } from './build-options.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WIDGETS = ['plan-picker', 'checkout', 'subscription-manager', 'billing-history', 'approvals', 'quote'];

/**
 * The budgets of issue #12 (DESIGN.md §8), in KB. Until a figure is within its budget, CI holds the
 * ceiling beside it (the figure when it was last brought down): growing past a ceiling fails, as passing a
 * budget does once it is met.
 */
const LIMITS = {
  'plan picker alone (own bundle)': { budget: 18, ceiling: 22.23 },
  'plan picker alone (dist/subkit.js)': { budget: 18, ceiling: 26.63 },
  '+ checkout': { budget: 10, ceiling: 13.90 },
  '+ subscription-manager': { budget: 10, ceiling: 9.70 },
  '+ billing-history': { budget: 10, ceiling: 12.26 },
  '+ approvals': { budget: 10, ceiling: 8.79 },
  '+ quote': { budget: 10, ceiling: 8.45 },
  'all buyer widgets (dist/subkit.js)': { budget: 45, ceiling: 74.56 },
};

/** uPlot's code (its class names): it belongs to the admin script only. */
const isUplot = (o) => o.code.includes('u-legend') && o.code.includes('u-series');
// SIZE_DIGITS=3 prints the figures to the byte or so, as ceilings are set: a ceiling is the figure rounded up.
const kb = (bytes) => `${(bytes / 1024).toFixed(process.env.SIZE_DIGITS ? Number(process.env.SIZE_DIGITS) : 1)} KB`;
const gz = (chunk) => gzipSync(chunk.code, { level: 9 }).length;
const size = (chunks) => [...chunks].reduce((sum, c) => sum + gz(c), 0);
const src = (path) => JSON.stringify(resolve(pkg, 'src', path));
const failures = [];
const lazyChunks = new Set();

/** The chunks of a build and, for one of them, every chunk it imports statically (what arrives before it runs). */
function graph(outputs) {
  const byName = new Map(outputs.map((o) => [o.fileName, o]));
  const closure = (chunk, seen = new Set()) => {
    if (seen.has(chunk)) return seen;
    seen.add(chunk);
    for (const name of chunk.imports) closure(byName.get(name), seen);
    return seen;
  };
  return closure;
}

function report(label, bytes) {
  const limit = LIMITS[label];
  let note = '';
  if (limit) {
    const within = bytes / 1024 <= limit.budget;
    const over = bytes / 1024 > (within ? limit.budget : limit.ceiling);
    if (over) failures.push(`${label}: ${kb(bytes)} over ${within ? limit.budget : limit.ceiling} KB`);
    note = within ? `  budget ${limit.budget} KB ok` : `  budget ${limit.budget} KB not met${over ? ', OVER' : ''} (CI ceiling ${limit.ceiling} KB)`;
  }
  console.log(`${label.padEnd(38)}${kb(bytes).padStart(9)}${note}`);
}

// The loader, as dist/subkit.js.
{
  const outputs = await buildEntry(`import ${src('loader.ts')};`, { chunks: await loaderChunks() });
  const closure = graph(outputs);
  const loader = closure(outputs.find((o) => o.isEntry));
  const parts = Object.fromEntries(WIDGETS.map((w) => [w, closure(outputs.find((o) => o.facadeModuleId?.endsWith(`/src/define/${w}.ts`)))]));
  const shared = new Set(loader);
  for (const chunk of parts[WIDGETS[0]]) if (WIDGETS.every((w) => parts[w].has(chunk))) shared.add(chunk);
  const initial = new Set([loader, ...Object.values(parts)].flatMap((set) => [...set]));
  for (const o of outputs) if (!initial.has(o)) lazyChunks.add(o);
  console.log('dist/subkit.js (the loader) — min+gzip a page downloads');
  report('shared (loader, Lit, client, stores)', size(shared));
  for (const widget of WIDGETS) report(`+ ${widget}`, size([...parts[widget]].filter((c) => !shared.has(c))));
  report('plan picker alone (dist/subkit.js)', size(new Set([...loader, ...parts['plan-picker']])));
  report('all buyer widgets (dist/subkit.js)', size(initial));
  if ([...initial].some((o) => o.code.includes('js.stripe.com'))) failures.push("Stripe.js's loader is in the initial chunks");
  if (outputs.some(isUplot)) failures.push("the chart library is in dist/subkit.js's chunks");
}

// The merchant's admin script (dist/admin/subkit-admin.js): the revenue dashboard, and uPlot only when it draws.
{
  const outputs = await buildEntry(`import ${src('define/revenue-dashboard.ts')};`);
  const entry = graph(outputs)(outputs.find((o) => o.isEntry));
  console.log('\nthe admin script (dist/admin/subkit-admin.js)');
  report('revenue dashboard (admin, alone)', size(entry));
  report('+ its charts (uPlot, when it draws)', size(outputs.filter(isUplot)));
  if ([...entry].some(isUplot)) failures.push('uPlot is in the admin script itself, not in the chunk loaded when a chart draws');
}

// Each widget bundled alone by a page.
console.log('\none widget bundled alone (define/<widget>.js)');
for (const widget of WIDGETS) {
  const outputs = await buildEntry(`import ${src(`define/${widget}.ts`)};`, { asApp: true });
  const alone = graph(outputs)(outputs.find((o) => o.isEntry));
  report(widget === 'plan-picker' ? 'plan picker alone (own bundle)' : widget, size(alone));
}

const lazy = [...lazyChunks];
const stripe = lazy.filter((o) => o.code.includes('js.stripe.com'));
const locales = lazy.filter((o) => !stripe.includes(o) && o.moduleIds.every((id) => /[\\/]src[\\/]locales[\\/]/.test(id)));
const flows = lazy.filter((o) => !stripe.includes(o) && !locales.includes(o));
console.log(`\nlazy: ${locales.length} string tables of other locales (largest ${kb(Math.max(...locales.map(gz)))}), Stripe.js's loader ${kb(size(stripe))}`);
console.log(`lazy, fetched when a buyer first opens them: ${flows.map((o) => `${o.name} ${kb(gz(o))}`).join(', ') || 'none'}`);

if (failures.length > 0) {
  console.log(`\nsize check FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('\nsize check ok');
