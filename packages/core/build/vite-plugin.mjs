// Vite/Rollup plugin for browser bundles: `@subkit/core/api` and `@subkit/core/endpoints` become the
// compiled validators of build/compile-wire.ts, so zod's runtime stays out of the widgets while the rules
// stay the core schemas'. The compiled rules come as many small modules (one per rule and per endpoint),
// so a bundle keeps only the endpoints it calls, and a page split into chunks gets each endpoint's rules
// with the code that calls it.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [join(core, 'src', 'api.ts'), join(core, 'src', 'endpoints.ts')];
const VIRTUAL = '\0subkit-compiled-api';

/**
 * The compiled modules (JSON) by compiler arguments and the time core's sources last changed. A process that
 * builds several times (the size script's ten builds, the loader's chunking builds before `vite build`'s own)
 * compiles once instead of spawning the compiler for each build (~2.5 s CPU a time); a changed source compiles again.
 */
const compiled = new Map();

/** The newest modification time of core's sources and compiler (src/ and build/). */
function sourcesChangedAt() {
  let newest = 0;
  for (const dir of ['src', 'build']) {
    for (const entry of readdirSync(join(core, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Replaces the endpoint table (and its zod schemas) with compiled validators in a browser build. A
 * production build (Vite's mode `production`, what `vite build` uses whatever NODE_ENV says) checks
 * answers by their shape only (`responses: 'compact'`, see compile-wire.ts) and requests by every rule;
 * other modes check both by every rule. `responses` overrides that choice.
 */
export function subkitCompiledApi({ responses } = {}) {
  let modules = null;
  let compact = responses === 'compact';
  return {
    name: 'subkit-compiled-api',
    enforce: 'pre',
    configResolved(config) {
      if (responses === undefined) compact = config.mode === 'production';
    },
    buildStart() {
      const args = ['--import', 'tsx', join(core, 'build', 'print-browser-api.ts'), '--modules', 'API', ...(compact ? ['--compact'] : [])];
      const key = `${args.join(' ')} @${sourcesChangedAt()}`;
      const json = compiled.get(key) ?? execFileSync(process.execPath, args, { cwd: core, encoding: 'utf8' });
      compiled.set(key, json);
      // Ids start with \0 (Rollup's mark of a virtual module); a child process argument cannot carry it.
      modules = new Map(Object.entries(JSON.parse(json)).map(([id, code]) => [id.replace(/^API/, VIRTUAL), code.replaceAll('"API/', `"${VIRTUAL}/`)]));
    },
    async resolveId(source, importer, options) {
      if (source === '@subkit/core/api' || source === '@subkit/core/endpoints') return VIRTUAL;
      if (source.startsWith(`${VIRTUAL}/`)) return source;
      if (importer && (source.endsWith('/api.js') || source.endsWith('/endpoints.js'))) {
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        if (resolved && sources.includes(resolved.id)) return VIRTUAL;
      }
      return null;
    },
    load(id) {
      return modules?.get(id) ?? null;
    },
  };
}
