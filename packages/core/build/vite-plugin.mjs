// Vite/Rollup plugin for browser bundles: `@subkit/core/api` becomes the compiled validators of
// build/compile-wire.ts, so zod's runtime stays out of the widgets while the rules stay the core schemas'.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiSource = join(core, 'src', 'api.ts');
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
      if (source === '@subkit/core/api') return VIRTUAL;
      if (importer && source.endsWith('/api.js')) {
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        if (resolved?.id === apiSource) return VIRTUAL;
      }
      return null;
    },
    load(id) {
      return id === VIRTUAL ? code : null;
    },
  };
}
