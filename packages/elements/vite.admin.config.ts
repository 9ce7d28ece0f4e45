import { defineConfig } from 'vite';
import { browserBuild } from './scripts/build-options.mjs';

/**
 * The merchant's admin script, `dist/admin/subkit-admin.js`: `<subkit-revenue-dashboard>` and, in a chunk
 * it fetches when it first draws, its chart library. A build of its own, apart from the buyers'
 * `dist/subkit.js`: a storefront never downloads admin code, and the buyer bundle's chunks are cut as if
 * the admin widgets did not exist.
 */
const options = browserBuild();
export default defineConfig({
  ...options,
  build: {
    ...options.build,
    outDir: 'dist/admin',
    emptyOutDir: true,
    sourcemap: true,
    lib: { entry: { 'subkit-admin': 'src/define/revenue-dashboard.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
  },
});
