#!/usr/bin/env node
// What the size figures are made of: each chunk of dist/subkit.js (built as `size` builds it) with the
// modules its minified bytes come from, found through the chunk's source map, and their share of the
// chunk's gzip size (the share of its minified bytes; gzip compresses modules unevenly, so read it as an
// estimate). Wire rules compiled by core show as `(wire rules)`; the lines that import from other
// chunks as `(imports)`. Usage: pnpm --filter @subkit/elements run size:modules [-- <chunk name part>…]
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntry } from './build-entry.mjs';
import { loaderChunks } from './build-options.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** The segments of a source map's `mappings`: per generated line, [column, source index or -1]. */
function decode(mappings) {
  const lines = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',').filter(Boolean)) {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = B64[char];
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      segments.push([column, fields.length > 1 ? source : -1]);
    }
    lines.push(segments);
  }
  return lines;
}

/** A module's name as people read it: the package file, or the path under packages/. */
const label = (source) =>
  source.includes('node_modules/') ? source.replace(/.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '') : source.replace(/.*packages\//, '');

const outputs = await buildEntry(`import ${JSON.stringify(resolve(pkg, 'src/loader.ts'))};`, { chunks: await loaderChunks(), sourcemap: true });
for (const chunk of outputs.sort((a, b) => b.code.length - a.code.length)) {
  if (filters.length > 0 && !filters.some((f) => chunk.fileName.includes(f))) continue;
  const bytes = new Map();
  const add = (key, n) => bytes.set(key, (bytes.get(key) ?? 0) + n);
  const code = chunk.code.split('\n');
  decode(chunk.map.mappings).forEach((segments, line) => {
    const text = code[line] ?? '';
    // The import statements a chunk starts with (minified, they share a line with the code after them).
    const imports = /^(?:import[^;]*;)*/.exec(text)[0].length;
    add('(imports)', imports);
    if (segments.length === 0) return add('(unmapped)', text.length + 1 - imports);
    add('(unmapped)', Math.max(0, segments[0][0] - imports));
    segments.forEach(([column, source], i) => {
      const start = Math.max(column, imports);
      const end = i + 1 < segments.length ? segments[i + 1][0] : text.length + 1;
      if (end > start) add(source < 0 || !chunk.map.sources[source] ? '(wire rules)' : label(chunk.map.sources[source]), end - start);
    });
  });
  const total = chunk.code.length;
  const gz = gzipSync(chunk.code, { level: 9 }).length;
  console.log(`\n${chunk.fileName}: ${(total / 1024).toFixed(1)} KB min, ${(gz / 1024).toFixed(1)} KB min+gzip${chunk.imports.length ? `, imports ${chunk.imports.join(', ')}` : ''}`);
  for (const [name, n] of [...bytes].sort((a, b) => b[1] - a[1])) {
    if (n / total < 0.01) continue;
    console.log(`  ${((n / total) * gz / 1024).toFixed(2).padStart(6)} KB  ${(n / 1024).toFixed(1).padStart(5)} KB min  ${name}`);
  }
}
