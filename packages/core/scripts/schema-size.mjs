#!/usr/bin/env node
// Prints the min+gzip size of core's wire schemas as a browser loads them (zod/mini, bundled by esbuild).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  'schemas (all wire objects)': "export * from './src/schemas/index.ts';",
  'schemas + buyer endpoint table': "export * from './src/schemas/index.ts'; export { buyerEndpoints } from './src/api.ts';",
  'schemas + math': "export * from './src/schemas/index.ts'; export * from './src/math/index.ts';",
};
for (const [name, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: pkg, loader: 'ts' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, treeShaking: true,
  });
  const code = result.outputFiles[0].contents;
  console.log(`${name}: ${(code.length / 1024).toFixed(1)} KB min, ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KB min+gzip`);
}
