import { createRequire } from 'node:module';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { subkitCompiledApi } from '@subkit/core/vite-plugin';

// SUBKIT_REACT=18 builds the same app with React 18 (the `react18`/`react-dom18` aliases) into dist-react18/:
// @subkit/react supports both versions, and the example test runs both builds.
const react18 = process.env.SUBKIT_REACT === '18';
const require = createRequire(import.meta.url);
const alias = react18
  ? ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom', 'react-dom/client'].map((name) => ({
      find: new RegExp(`^${name}$`),
      replacement: require.resolve(name.replace(/^react(-dom)?/, (m) => `${m}18`)),
    }))
  : [];

// `pnpm dev` proxies the API and the shop's session route to the reference server (`npm start`, port 8787).
// Built with relative paths, so the test serves it under /examples/react/ of the reference server.
export default defineConfig({
  base: './',
  plugins: [react(), subkitCompiledApi()],
  resolve: { alias },
  define: {
    'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV === 'development' ? 'development' : 'production'),
    'import.meta.env.SUBKIT_REACT': JSON.stringify(react18 ? '18' : '19'),
  },
  server: { proxy: { '/v1': 'http://localhost:8787', '/storefront': 'http://localhost:8787' } },
  build: { outDir: react18 ? 'dist-react18' : 'dist', emptyOutDir: true, target: 'es2022' },
});
