#!/usr/bin/env node
// What the size figures are made of, through each chunk's source map: the bytes of a minified chunk are
// given to the module they come from, and a module's share of the chunk's gzip size is its share of the
// minified bytes (gzip compresses modules unevenly, so read it as an estimate). Wire rules compiled by core
// show as `(wire rules)`; the lines that import from other chunks as `(imports)`, the list of what a chunk exports
// to them as `(exports)`.
// - first the plan picker bundled alone (the figure with the 18 KB budget), by kind of code (Lit, the
//   client's request loop, stores, wire checks, strings, CSS, templates, rules, the element) and by module;
// - then each chunk of dist/subkit.js (built as `size` builds it), module by module; a `more-<hash>.js` chunk with the
//   widgets that load it up front (or the lazy views that share it), as loaderChunks() named it.
// Usage: pnpm --filter @subkit/elements run size:modules [-- <chunk name part>…] (only those loader chunks)
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntry } from './build-entry.mjs';
import { loaderChunks } from './build-options.mjs';
import { decode } from './export-names.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);

/** A module's name as people read it: the package file, or the path under packages/. */
const label = (source, chunk) =>
  source.includes('node_modules/')
    ? source.replace(/.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')
    : resolve(pkg, 'dist', dirname(chunk.fileName), source).replace(/.*packages\//, '');

/** The minified bytes of `chunk` per module (its label). */
function attribute(chunk) {
  if (!chunk.map) return new Map([["(no source map)", chunk.code.length]]);
  const bytes = new Map();
  const add = (key, n) => bytes.set(key, (bytes.get(key) ?? 0) + n);
  const code = chunk.code.split('\n');
  const name = (source) => (source < 0 || !chunk.map.sources[source] ? '(wire rules)' : label(chunk.map.sources[source], chunk));
  // A line without mappings continues the multi-line template literal (html``) of the module mapped last.
  let last = '(unmapped)';
  // A segment without a source (its fields are [column] alone) is code the map gives no module.
  decode(chunk.map.mappings).map((line) => line.map((f) => [f[0], f.length > 1 ? f[1] : -1])).forEach((segments, line) => {
    let text = code[line] ?? '';
    // The import statements a chunk starts with (minified, they share a line with the code after them), and the
    // export statement it ends with: the lists other chunks import its bindings by (no source gives them).
    const imports = /^(?:import[^;]*;)*/.exec(text)[0].length;
    add('(imports)', imports);
    const exports = /export\{[^}]*\}(?:from"[^"]*")?;?$/.exec(text)?.[0] ?? '';
    add('(exports)', exports.length);
    text = text.slice(0, text.length - exports.length);
    if (segments.length === 0) return add(last, text.length + 1 - imports);
    add(last, Math.max(0, segments[0][0] - imports));
    segments.forEach(([column, source], i) => {
      const start = Math.max(column, imports);
      const end = Math.min(i + 1 < segments.length ? segments[i + 1][0] : text.length + 1, text.length + 1);
      if (end > start) add((last = name(source)), end - start);
    });
  });
  return bytes;
}

/** The kinds of code the size budget is spent on, first match wins (a module label → its kind). */
const KINDS = [
  ['Lit (lit-html, reactive element, decorators)', /^(lit|lit-html|lit-element|@lit\/reactive-element)\//],
  ['Lit context', /^@lit\/context\//],
  ['wire checks (compiled core rules)', /^\(wire rules\)$|subkit-compiled-api/],
  ['stores (nanostores, client/stores)', /^nanostores\/|^client\/src\/stores\//],
  ['client request loop (transport, auth, retry, errors)', /^client\/src\//],
  ['locale strings', /^elements\/src\/locales\//],
  ['CSS', /\.styles\.ts$|^elements\/src\/styles\//],
  ['templates', /\.templates\.ts$|^elements\/src\/templates\/|\/plan-cards\.ts$|\.view\.ts$/],
  ['rules (money, pricing, catalog rules)', /^core\/src\/|^elements\/src\/rules\//],
  ['element, controllers, events, formatting', /^elements\/src\//],
];
const kindOf = (name) => KINDS.find(([, test]) => test.test(name))?.[0] ?? 'other (bundler runtime, imports, exports)';
const kb = (n) => `${(n / 1024).toFixed(2).padStart(6)} KB`;

/** Prints `chunks` by kind and by module, each module's minified bytes and its estimated min+gzip share. */
function breakdown(title, chunks) {
  const kinds = new Map();
  const modules = new Map();
  let gzTotal = 0;
  for (const chunk of chunks) {
    const gz = gzipSync(chunk.code, { level: 9 }).length;
    gzTotal += gz;
    for (const [name, n] of attribute(chunk)) {
      const share = (n / chunk.code.length) * gz;
      const kind = kindOf(name);
      kinds.set(kind, [(kinds.get(kind)?.[0] ?? 0) + share, (kinds.get(kind)?.[1] ?? 0) + n]);
      modules.set(name, [(modules.get(name)?.[0] ?? 0) + share, (modules.get(name)?.[1] ?? 0) + n]);
    }
  }
  console.log(`\n${title}: ${kb(gzTotal).trim()} min+gzip in ${chunks.length} file(s)`);
  for (const [name, [share, n]] of [...kinds].sort((a, b) => b[1][0] - a[1][0])) console.log(`  ${kb(share)}  ${kb(n)} min  ${name}`);
  console.log('  by module (≥ 0.1 KB):');
  for (const [name, [share, n]] of [...modules].sort((a, b) => b[1][0] - a[1][0])) {
    if (share >= 102.4) console.log(`  ${kb(share)}  ${kb(n)} min  ${name}`);
  }
}

if (filters.length === 0) {
  const outputs = await buildEntry(`import ${JSON.stringify(resolve(pkg, 'src/define/plan-picker.ts'))};`, { sourcemap: true, asApp: true });
  const byName = new Map(outputs.map((o) => [o.fileName, o]));
  const closure = (chunk, seen = new Set()) => (seen.has(chunk) ? seen : (seen.add(chunk), chunk.imports.forEach((n) => closure(byName.get(n), seen)), seen));
  breakdown('plan picker alone (own bundle, what arrives before it runs)', [...closure(outputs.find((o) => o.isEntry))]);
}

const outputs = await buildEntry(`import ${JSON.stringify(resolve(pkg, 'src/loader.ts'))};`, { chunks: await loaderChunks(), sourcemap: true });
console.log('\ndist/subkit.js, chunk by chunk');
for (const chunk of outputs.sort((a, b) => b.code.length - a.code.length)) {
  if (filters.length > 0 && !filters.some((f) => chunk.fileName.includes(f))) continue;
  const bytes = attribute(chunk);
  const total = chunk.code.length;
  const gz = gzipSync(chunk.code, { level: 9 }).length;
  console.log(`\n${chunk.fileName}${chunk.fileName.includes('/more-') ? ` (${chunk.name.replace('subkit-more~', '')})` : ''}: ${(total / 1024).toFixed(1)} KB min, ${(gz / 1024).toFixed(1)} KB min+gzip${chunk.imports.length ? `, imports ${chunk.imports.join(', ')}` : ''}`);
  for (const [name, n] of [...bytes].sort((a, b) => b[1] - a[1])) {
    if (n / total < 0.01) continue;
    console.log(`  ${((n / total) * gz / 1024).toFixed(2).padStart(6)} KB  ${(n / 1024).toFixed(1).padStart(5)} KB min  ${name}`);
  }
}
