import { defineConfig } from 'vite';
import { browserBuild, loaderChunks } from './scripts/build-options.mjs';

/**
 * The subkit script pages load, `dist/subkit.js` (ESM): the loader (src/loader.ts) registers every tag
 * and fetches a widget's code when its tag appears. Its chunks are cut as `loaderChunks` says (what the
 * plan picker shares with the others, what the others share, each widget's own). Stripe.js's loader and
 * the non-English string tables are chunks of their own too, loaded only when a page needs them.
 */
export default defineConfig(async () => {
  const options = browserBuild({ chunks: await loaderChunks() });
  return {
    ...options,
    build: {
      ...options.build,
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      lib: { entry: { subkit: 'src/loader.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    },
  };
});
