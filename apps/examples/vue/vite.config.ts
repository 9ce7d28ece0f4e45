import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { isCustomElement } from '@subkit/vue';
import { subkitCompiledApi } from '@subkit/core/vite-plugin';

// Vue's compiler leaves the subkit-* tags to the browser (isCustomElement); `pnpm dev` proxies the API and
// the shop's session route to the reference server (`npm start`, port 8787). Built with relative paths,
// so the test serves it under /examples/vue/ of the reference server.
export default defineConfig({
  base: './',
  plugins: [vue({ template: { compilerOptions: { isCustomElement } } }), subkitCompiledApi()],
  define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV === 'development' ? 'development' : 'production') },
  server: { proxy: { '/v1': 'http://localhost:8787', '/storefront': 'http://localhost:8787' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
