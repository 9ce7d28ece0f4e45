// How the widgets are built for browsers, in one place: `vite build` (vite.config.ts, dist/subkit.js)
// and the scripts that measure a build (size, the history benchmark) use the same options.
import { subkitCompiledApi } from '@subkit/core/vite-plugin';
import { minifyLitCss } from './minify-css.mjs';

/** The plugins, defines and output options of a production browser build (add `lib` and `outDir`). */
export function browserBuild() {
  return {
    // core's wire rules compiled (no zod runtime); the CSS of Lit's css`` templates minified.
    plugins: [subkitCompiledApi(), minifyLitCss()],
    // nanostores reads process.env.NODE_ENV in the browser.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    // Vite picks a package's `development` export (Lit's dev build, 4 KB more) whenever NODE_ENV is not
    // 'production' — `npm test` runs with NODE_ENV=test; what ships is the production build, always.
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      target: 'es2022',
      // Vite keeps whitespace in ES library builds; this bundle ships to browsers as is, so minify fully.
      rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
    },
  };
}
