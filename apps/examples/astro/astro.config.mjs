import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

// The pricing page is rendered per request (the plans and prices come from the shop's subkit API, as the
// buyer would see them now). Node adapter in middleware mode: the shop mounts `handler` from
// dist/server/entry.mjs in its own server (the test mounts it in the reference server) under /examples/astro.
// The page reaches the shop's backend at SUBKIT_API_URL (default http://localhost:8787, `npm start`); browsers
// reach the subkit API at SUBKIT_PUBLIC_API_BASE (default: the same). `pnpm dev` serves it on :4321 and
// proxies the shop's session route.
export default defineConfig({
  base: '/examples/astro',
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  vite: {
    define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV === 'development' ? 'development' : 'production') },
    server: { proxy: { '/v1': 'http://localhost:8787', '/storefront': 'http://localhost:8787' } },
  },
});
