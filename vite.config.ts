// The root Vite config: `pnpm dev` serves the demo storefront (apps/storefront/public) with the widgets
// compiled from their TypeScript source — the page's /subkit/subkit.js is the loader's source,
// packages/elements/src/loader.ts, and every widget, store and rule it imports comes from src/ too, so an
// edit anywhere in packages/elements, client or core reloads the page — while /v1 and the storefront's
// own routes (session, config, test clock, CSP reports, the console's session) go to the reference server
// (`npm start`, http://localhost:8787, or SUBKIT_API_URL). The bundles `npm start` serves are built by
// packages/elements' own configs; this one is for working on the widgets inside the storefront.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The script URLs the storefront's pages load, and the source module each stands for in development. */
export const DEV_SCRIPTS: Record<string, string> = {
  '/subkit/subkit.js': source('./packages/elements/src/loader.ts'),
  '/subkit/admin/subkit-admin.js': source('./packages/elements/src/define/revenue-dashboard.ts'),
};

/** Serves each bundle URL of the pages from its source module (Vite compiles it and watches its imports). */
function widgetsFromSource(): Plugin {
  return {
    name: 'subkit-widgets-from-source',
    resolveId(id) {
      return DEV_SCRIPTS[id] ?? null;
    },
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = req.url?.split('?')[0];
        const module = path ? DEV_SCRIPTS[path] : undefined;
        if (module) req.url = `/@fs${module}`;
        next();
      });
    },
  };
}

const api = process.env.SUBKIT_API_URL ?? 'http://localhost:8787';

export default defineConfig({
  root: source('./apps/storefront/public'),
  // The storefront's pages are plain HTML with their own assets; Vite serves them as they are.
  publicDir: false,
  appType: 'mpa',
  plugins: [widgetsFromSource()],
  // nanostores reads process.env.NODE_ENV in the browser.
  define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  server: {
    port: Number(process.env.PORT ?? 5173),
    // The sources live outside the storefront's folder.
    fs: { allow: [source('./')] },
    proxy: Object.fromEntries(
      ['/v1', '/storefront', '/console/session'].map((prefix) => [prefix, { target: api, changeOrigin: false }]),
    ),
  },
});
