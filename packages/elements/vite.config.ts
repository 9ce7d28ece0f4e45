import { defineConfig } from 'vite';
import { subkitCompiledApi } from '@subkit/core/vite-plugin';
import { minifyLitCss } from './scripts/minify-css.mjs';

/**
 * Library build of every widget and its registration: `dist/subkit.js`, ESM. Stripe.js's loader and the
 * non-English string tables are separate chunks, loaded only when a page needs them. The wire schemas
 * are compiled to a rule table (core's build/compile-wire.ts), so zod's runtime is not shipped.
 */
export default defineConfig({
  plugins: [subkitCompiledApi(), minifyLitCss()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: { subkit: 'src/define.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: {
      // Vite keeps whitespace in ES library builds; this bundle ships to browsers as is, so minify fully.
      output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
    },
  },
});
