// Importing any subkit package in Node (a Next.js, Nuxt or Astro server build) must never touch
// window, document or the storages at import time: every export of every package is imported in a
// fresh, plain Node process, where using any of them throws — and none may be left defined either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..');

/** Every package's import specifiers, from its `exports` (test fixtures, build output and wildcards left out). */
function entries(): string[] {
  const specifiers: string[] = [];
  for (const dir of readdirSync(packagesDir)) {
    let manifest: { name: string; private?: boolean; exports?: Record<string, unknown> };
    try {
      manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest.private) continue;
    for (const key of Object.keys(manifest.exports ?? {})) {
      if (key.includes('*') || key.startsWith('./test/') || key.startsWith('./dist/')) continue;
      specifiers.push(key === '.' ? manifest.name : `${manifest.name}${key.slice(1)}`);
    }
  }
  return specifiers.sort();
}

test('every entry of every package imports in plain Node, defining no browser global', () => {
  const all = entries();
  for (const expected of ['@subkit/core', '@subkit/client', '@subkit/elements', '@subkit/elements/define.js', '@subkit/server', '@subkit/ssr', '@subkit/ssr/hydrate']) {
    assert.ok(all.includes(expected), `${expected} is among the entries checked`);
  }
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'import-probe.ts'), ...all], {
    cwd: join(here, '..'),
    encoding: 'utf8',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(packagesDir, 'elements', 'tsconfig.json') },
  });
  const { failed, leaked } = JSON.parse(output.trim().split('\n').at(-1)!) as { failed: string[]; leaked: string[] };
  assert.deepEqual(failed, [], 'every entry imports without a browser');
  assert.deepEqual(leaked, [], 'no entry defines a browser global (a shim would fool the code after it)');
});

test('the probe catches a module that uses document at import time, or defines it', () => {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'import-probe.ts'), 'data:text/javascript,document.title', 'data:text/javascript,globalThis.window={}'],
    { cwd: join(here, '..'), encoding: 'utf8' },
  );
  const { failed, leaked } = JSON.parse(output.trim().split('\n').at(-1)!) as { failed: string[]; leaked: string[] };
  assert.equal(failed.length, 1);
  assert.match(failed[0]!, /document is not defined/);
  assert.deepEqual(leaked, ['window']);
});
