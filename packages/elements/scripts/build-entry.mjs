// Builds a piece of module source the way dist/subkit.js is built (scripts/build-options.mjs), in
// memory. The size script and the history benchmark measure exactly what a page would load.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { browserBuild } from './build-options.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The output chunks of `code` built as an ES library entry (`oneChunk` inlines the lazy chunks too;
 * `chunks` cuts them as `loaderChunks()` says; `sourcemap` gives each chunk its `map`; `minify: false` keeps names readable, for profiles).
 * `asApp` builds it as a page's own bundler builds an app that imports it: a lazy chunk may import from the
 * entry (a library build keeps the entry's exports as written, so what the entry shares with a lazy chunk
 * becomes a third file). Imports in `code` should be absolute paths.
 */
export async function buildEntry(code, { oneChunk = false, chunks, sourcemap = false, minify = true, asApp = false } = {}) {
  const options = browserBuild({ chunks });
  const result = await build({
    ...options,
    configFile: false,
    root: pkg,
    logLevel: 'silent',
    plugins: [
      ...options.plugins,
      {
        name: 'virtual-entry',
        enforce: 'pre',
        resolveId: (id) => (id.endsWith('virtual:entry') ? '\0virtual-entry' : null),
        load: (id) => (id === '\0virtual-entry' ? code : null),
      },
    ],
    build: {
      ...options.build,
      write: false,
      sourcemap,
      lib: { entry: 'virtual:entry', formats: ['es'], fileName: 'entry' },
      rollupOptions: { ...options.build.rollupOptions, ...(asApp ? { preserveEntrySignatures: 'allow-extension' } : {}), output: { ...options.build.rollupOptions.output, minify, ...(oneChunk ? { codeSplitting: false } : {}) } },
    },
  });
  return (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).filter((o) => o.type === 'chunk');
}
