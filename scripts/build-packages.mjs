#!/usr/bin/env node
// Builds what each publishable package ships in lib/: JavaScript, declarations (.d.ts) and their maps,
// from one TypeScript program over every package's src (tsconfig.lib.json) — each package's imports of the
// others are checked once, not once per package. The output is moved from .lib-build/<name>/src/ to
// packages/<name>/lib/ with its maps pointing at the package's own src/ (shipped for the `development`
// export condition and for go-to-definition). The server's SQL migrations are copied beside its JS.
// Skips the build when every lib/ is newer than the sources (`--force` builds anyway).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(readFileSync(join(root, 'tsconfig.lib.json'), 'utf8'));
/** The publishable packages: those tsconfig.lib.json compiles. */
export const packages = config.include.map((glob) => glob.split('/')[1]);
const staging = join(root, '.lib-build');

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const newest = (dir) => (existsSync(dir) ? Math.max(0, ...[...files(dir)].map((f) => statSync(f).mtimeMs)) : 0);
const oldest = (dir) => (existsSync(dir) ? Math.min(...[...files(dir)].map((f) => statSync(f).mtimeMs)) : 0);

function stale() {
  const inputs = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, statSync(join(root, 'tsconfig.lib.json')).mtimeMs);
  return packages.some((name) => {
    const lib = join(root, 'packages', name, 'lib');
    return !existsSync(lib) || oldest(lib) < Math.max(inputs, newest(join(root, 'packages', name, 'src')));
  });
}

/** Rewrites a map's `sources` for its new folder: each still names the same file. */
function moveMap(path, from, to) {
  const map = JSON.parse(readFileSync(path, 'utf8'));
  map.sources = map.sources.map((source) => relative(to, resolve(from, source)).split('\\').join('/'));
  writeFileSync(path, JSON.stringify(map));
}

/**
 * core's wire rules compiled to plain validators (build/compile-wire.ts, what the widgets' own bundle uses):
 * the `browser` condition of `@subkit/core/api` and `/endpoints` in the published package, so a merchant's
 * browser bundle carries no zod runtime (answers checked by their shape, requests by every rule: `--compact`);
 * the `development` condition keeps the zod schemas and their messages.
 */
function compiledWireRules(out) {
  const core = join(root, 'packages', 'core');
  const printed = spawnSync(process.execPath, ['--import', 'tsx', join(core, 'build', 'print-browser-api.ts'), '--modules', 'API', '--compact'], { cwd: core, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (printed.status !== 0) throw new Error(`compiling core's wire rules failed: ${printed.stderr}`);
  const file = (id) => join(out, id === 'API' ? 'index.js' : `${id.slice('API/'.length)}.js`);
  for (const [id, code] of Object.entries(JSON.parse(printed.stdout))) {
    const path = file(id);
    const linked = code.replace(/(from\s*|import\s*\(\s*)(["'])(API(?:\/[^"']*)?)\2/g, (_, lead, quote, target) => {
      const to = relative(dirname(path), file(target)).split('\\').join('/');
      return lead + quote + (to.startsWith('.') ? to : `./${to}`) + quote;
    });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, linked);
  }
}

export function buildPackages({ force = false } = {}) {
  // The framework drop-ins' sources are generated from the widgets' manifest.
  const generated = spawnSync(process.execPath, [join(root, 'scripts', 'framework-types.mjs')], { cwd: root, stdio: 'inherit' });
  if (generated.status !== 0) throw new Error('generating the framework drop-ins failed');
  if (!force && !stale()) return false;
  rmSync(staging, { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.lib.json')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the packages (tsc -p tsconfig.lib.json) failed');
  for (const name of packages) {
    const from = join(staging, name, 'src');
    const lib = join(root, 'packages', name, 'lib');
    rmSync(lib, { recursive: true, force: true });
    for (const file of [...files(from)]) {
      const target = join(lib, relative(from, file));
      mkdirSync(dirname(target), { recursive: true });
      renameSync(file, target);
      if (file.endsWith('.map')) moveMap(target, dirname(file), dirname(target));
    }
  }
  compiledWireRules(join(root, 'packages', 'core', 'lib', 'compiled'));
  cpSync(join(root, 'packages', 'server', 'src', 'db', 'migrations'), join(root, 'packages', 'server', 'lib', 'db', 'migrations'), { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const built = buildPackages({ force: process.argv.includes('--force') });
  console.log(built ? `built lib/ of ${packages.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'lib/ of every package is up to date');
}
