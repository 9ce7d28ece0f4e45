// Builds a piece of module source the way dist/subkit.js is built (Vite library build, production,
// core's compiled wire rules instead of zod, minified Lit CSS, fully minified), in memory. The size
// script and the history benchmark measure exactly what a page would load.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { subkitCompiledApi } from '@subkit/core/vite-plugin';
import { minifyLitCss } from './minify-css.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The output chunks of `code` built as an ES library entry (`oneChunk` inlines the lazy chunks too).
 * Imports in `code` should be absolute paths.
 */
export async function buildEntry(code, { oneChunk = false } = {}) {
  const result = await build({
    configFile: false,
    root: pkg,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [
      subkitCompiledApi(),
      minifyLitCss(),
      {
        name: 'virtual-entry',
        enforce: 'pre',
        resolveId: (id) => (id.endsWith('virtual:entry') ? '\0virtual-entry' : null),
        load: (id) => (id === '\0virtual-entry' ? code : null),
      },
    ],
    build: {
      write: false,
      target: 'es2022',
      lib: { entry: 'virtual:entry', formats: ['es'], fileName: 'entry' },
      rollupOptions: { output: { minify: true, ...(oneChunk ? { codeSplitting: false } : {}) } },
    },
  });
  return (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).filter((o) => o.type === 'chunk');
}
