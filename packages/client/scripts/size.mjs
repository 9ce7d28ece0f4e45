#!/usr/bin/env node
// Prints the min+gzip size of @subkit/client as a browser loads it: client + stores + the wire rules +
// nanostores, bundled and minified by esbuild — both with core's zod/mini schemas (what Node and tests
// run) and with the compiled rule table that browser builds swap in (core's build/compile-wire.ts).
// Fails if classic zod or a Node API sneaks in.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  'client (createClient + buyer endpoint schemas)': "export { createClient } from './src/client.ts';",
  'client + stores + schemas (the package entry)': "export * from './src/index.ts';",
  'client + stores + schemas + Lit StoreController': "export * from './src/index.ts'; export * from './src/lit.ts';",
};
const core = join(pkg, '..', 'core');
const compiledApi = execFileSync(process.execPath, ['--import', 'tsx', join(core, 'build', 'print-browser-api.ts')], { cwd: core, encoding: 'utf8' });
/** The same swap the widgets' Vite build makes: `@subkit/core/api` becomes the compiled rule table. */
const compiledRules = {
  name: 'compiled-rules',
  setup(b) {
    b.onResolve({ filter: /^@subkit\/core\/api$/ }, () => ({ path: 'compiled-api', namespace: 'subkit' }));
    b.onLoad({ filter: /.*/, namespace: 'subkit' }, () => ({ contents: compiledApi, loader: 'js' }));
  },
};
let failed = false;
for (const [name, contents, plugins] of Object.entries(entries).flatMap(([n, c]) => [[`${n}, zod/mini`, c, []], [`${n}, compiled rules`, c, [compiledRules]]])) {
  const result = await build({
    plugins,
    stdin: { contents, resolveDir: pkg, loader: 'ts' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, treeShaking: true,
    metafile: true, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const classic = inputs.filter((p) => /zod\/v[34]\/classic\//.test(p) || /zod\/v3\//.test(p));
  if (classic.length) {
    failed = true;
    console.log(`${name}: bundles classic zod (${classic[0]})`);
  }
  const code = result.outputFiles[0].contents;
  console.log(`${name}: ${(code.length / 1024).toFixed(1)} KB min, ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KB min+gzip`);
}
process.exit(failed ? 1 : 0);
