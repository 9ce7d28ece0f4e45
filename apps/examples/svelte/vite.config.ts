import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { subkitCompiledApi } from '@subkit/core/vite-plugin';

const require = createRequire(import.meta.url);
const svelteVersion = (JSON.parse(readFileSync(require.resolve('svelte/package.json'), 'utf8')) as { version: string }).version;

// `pnpm dev` proxies the API and the shop's session route to the reference server (`npm start`, port 8787).
// Built with relative paths, so the test serves it under /examples/svelte/ of the reference server.
export default defineConfig({
  base: './',
  plugins: [svelte(), subkitCompiledApi()],
  define: {
    'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV === 'development' ? 'development' : 'production'),
    __SVELTE_VERSION__: JSON.stringify(svelteVersion),
  },
  server: { proxy: { '/v1': 'http://localhost:8787', '/storefront': 'http://localhost:8787' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
