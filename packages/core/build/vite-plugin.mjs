// Vite/Rollup plugin for browser bundles: `@subkit/core/api` and `@subkit/core/endpoints` become the
// compiled validators of build/compile-wire.ts, so zod's runtime stays out of the widgets while the rules
// stay the core schemas'. Every endpoint is its own export there, so a bundle keeps only the ones it calls.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [join(core, 'src', 'api.ts'), join(core, 'src', 'endpoints.ts')];
const VIRTUAL = '\0subkit-compiled-api';

/** Replaces the endpoint table (and its zod schemas) with compiled validators in a browser build. */
export function subkitCompiledApi() {
  let code = null;
  return {
    name: 'subkit-compiled-api',
    enforce: 'pre',
    buildStart() {
      code = execFileSync(process.execPath, ['--import', 'tsx', join(core, 'build', 'print-browser-api.ts')], { cwd: core, encoding: 'utf8' });
    },
    async resolveId(source, importer, options) {
      if (source === '@subkit/core/api' || source === '@subkit/core/endpoints') return VIRTUAL;
      if (importer && (source.endsWith('/api.js') || source.endsWith('/endpoints.js'))) {
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        if (resolved && sources.includes(resolved.id)) return VIRTUAL;
      }
      return null;
    },
    load(id) {
      return id === VIRTUAL ? code : null;
    },
  };
}
