// A Vite/Rolldown plugin that shortens the lists chunks import and export each other's bindings by.
// Rolldown gives what a chunk exports to other chunks a short name of its own (`minifyInternalExports`),
// and the minifier then renames the binding itself: the shared chunk ends in `export{lt as $,Nn as A,…}`,
// ~5 bytes a binding for ~100 bindings, every page downloading them (0.23 KB min+gzip of the shared chunk).
// No option makes the two names agree (oxc-project/oxc#15417); this names each such export after its
// binding (`export{lt,Nn,…}`) and rewrites the importers' lists to match (`import{lt as e}`: as long as before).

import { dirname, join, normalize } from 'node:path/posix';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = Object.fromEntries([...B64].map((c, i) => [c, i]));

/** The segments of a source map's `mappings`, per generated line, as absolute numbers ([column, source, line, column, name]). */
export function decode(mappings) {
  const state = [0, 0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    state[0] = 0;
    return line.split(',').filter(Boolean).map((segment) => {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = DIGIT[char];
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = shift = 0;
        }
      }
      return fields.map((delta, i) => (state[i] += delta));
    });
  });
}

/** The `mappings` of segments as `decode` gives them. */
function encode(lines) {
  const state = [0, 0, 0, 0, 0];
  const vlq = (n) => {
    let value = n < 0 ? (-n << 1) | 1 : n << 1;
    let out = '';
    do {
      const digit = value & 31;
      value >>>= 5;
      out += B64[value > 0 ? digit | 32 : digit];
    } while (value > 0);
    return out;
  };
  return lines
    .map((segments) => {
      state[0] = 0;
      return segments
        .map((fields) =>
          fields
            .map((n, i) => {
              const delta = n - state[i];
              state[i] = n;
              return vlq(delta);
            })
            .join(''),
        )
        .join(',');
    })
    .join(';');
}

/**
 * Replaces ranges of a chunk's code (`{ start, end, text }`, offsets into the code, not overlapping) and
 * moves its source map's segments with them: a segment inside a replaced range goes, one after it moves.
 */
function edit(chunk, bundle, edits) {
  if (edits.length === 0) return;
  const lineStarts = [0];
  for (let i = chunk.code.indexOf('\n'); i >= 0; i = chunk.code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const at = (offset) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > offset) line--;
    return [line, offset - lineStarts[line]];
  };
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let code = chunk.code;
  for (const { start, end, text } of sorted) code = code.slice(0, start) + text + code.slice(end);
  const map = bundle[`${chunk.fileName}.map`];
  if (chunk.map || map?.type === 'asset') {
    const lines = decode(chunk.map?.mappings ?? JSON.parse(map.source).mappings);
    for (const { start, end, text } of sorted) {
      const [line, from] = at(start);
      const to = at(end)[1];
      const delta = text.length - (end - start);
      if (!lines[line]) continue;
      lines[line] = lines[line].filter(([column]) => column <= from || column >= to).map((s) => (s[0] >= to ? [s[0] + delta, ...s.slice(1)] : s));
    }
    const mappings = encode(lines);
    if (chunk.map) chunk.map.mappings = mappings;
    if (map?.type === 'asset') map.source = JSON.stringify({ ...JSON.parse(map.source), mappings });
  }
  chunk.code = code;
}

/** `a as b` pairs of an import or export list (`{a as b,c}`), or null when it holds anything else. */
function specifiers(list) {
  const pairs = list.split(',').map((s) => /^([\w$]+)(?: as ([\w$]+))?$/.exec(s.trim()));
  return pairs.every(Boolean) ? pairs.map(([, name, as]) => [name, as ?? name]) : null;
}

// A minified chunk's own exports (the statement it ends with), and a list it imports or re-exports from another chunk.
const TRAILING_EXPORT = /export\{([^}]*)\}(?:from"([^"]+)")?;?(?=(?:\n\/\/# sourceMappingURL=[^\n]*)?\s*$)/;
const FROM = /(import|export)\{([^}]*)\}from"([^"]+)"/g;

/** The plugin: run after the minifier (in `generateBundle`), before anything that hashes or prefixes the chunks. */
export function exportsByLocalName() {
  return {
    name: 'subkit-export-names',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
      const loadedByImport = new Set(chunks.flatMap((c) => c.dynamicImports));
      // Per chunk no import() reads: export name → binding. An entry keeps the exports of its own module (a page's
      // import reads them); what it gained for its lazy chunks (an app's bundle) is renamed as the other chunks' are.
      const renamed = new Map();
      for (const chunk of chunks) {
        if (chunk.isDynamicEntry || loadedByImport.has(chunk.fileName)) continue;
        const match = TRAILING_EXPORT.exec(chunk.code);
        const pairs = match && !match[2] ? specifiers(match[1]) : null;
        if (!pairs) continue;
        const own = chunk.isEntry ? (this.getModuleInfo(chunk.facadeModuleId)?.exports ?? chunk.exports) : [];
        const used = new Set(own);
        const names = new Map();
        for (const [local, exported] of pairs) names.set(exported, own.includes(exported) || used.has(local) ? exported : (used.add(local), local));
        if (new Set(names.values()).size < names.size) continue;
        renamed.set(chunk.fileName, names);
        const list = pairs.map(([local, exported]) => (names.get(exported) === local ? local : `${local} as ${names.get(exported)}`));
        chunk.exports = chunk.exports.map((e) => names.get(e) ?? e);
        edit(chunk, bundle, [{ start: match.index, end: match.index + match[0].length, text: `export{${list.join(',')}};` }]);
      }
      // Every list naming a renamed export (the imports a chunk starts with, a re-export), then every list naming
      // another chunk's exports checked against them: a name missed here would fail the page's import.
      const target = (chunk, from) => bundle[normalize(join(dirname(chunk.fileName), from))];
      for (const chunk of chunks) {
        const edits = [];
        for (const m of chunk.code.matchAll(FROM)) {
          const names = renamed.get(target(chunk, m[3])?.fileName);
          const pairs = names && specifiers(m[2]);
          if (!pairs) continue;
          const list = pairs.map(([name, as]) => [names.get(name) ?? name, as]).map(([name, as]) => (name === as ? name : `${name} as ${as}`));
          edits.push({ start: m.index, end: m.index + m[0].length, text: `${m[1]}{${list.join(',')}}from"${m[3]}"` });
        }
        edit(chunk, bundle, edits);
      }
      for (const chunk of chunks) {
        for (const m of chunk.code.matchAll(FROM)) {
          const exporter = target(chunk, m[3]);
          const missing = exporter?.type === 'chunk' ? (specifiers(m[2]) ?? []).filter(([name]) => !exporter.exports.includes(name)) : [];
          if (missing.length > 0) throw new Error(`${chunk.fileName} imports ${missing.map(([name]) => name).join(', ')} that ${exporter.fileName} does not export`);
        }
      }
    },
  };
}
