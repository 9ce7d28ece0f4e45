// Vite/Rollup plugin for browser bundles: `@subkit/core/api` and `@subkit/core/endpoints` become the
// compiled validators of build/compile-wire.ts, so zod's runtime stays out of the widgets while the rules
// stay the core schemas'. The compiled rules come as many small modules (one per rule and per endpoint),
// so a bundle keeps only the endpoints it calls, and a page split into chunks gets each endpoint's rules
// with the code that calls it.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [join(core, 'src', 'api.ts'), join(core, 'src', 'endpoints.ts')];
const VIRTUAL = '\0subkit-compiled-api';

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
      const json = execFileSync(process.execPath, args, { cwd: core, encoding: 'utf8' });
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
