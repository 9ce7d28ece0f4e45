// Every publishable package as npm would publish it: built (lib/ from scripts/build-packages.mjs, the
// elements' CDN files from vite build), packed with `pnpm pack` (which writes the publishConfig exports and
// real versions for workspace: ranges), and each tarball checked as a merchant's install would meet it — no
// test files, no source map naming a file the package does not ship (another package's source), every
// export's types/development/default present, README and licence, and `npm pack --dry-run` listing the same
// files. The elements' CDN shape: the loader under a stable name, content-hashed chunks, and SRI hashes that
// match the bytes shipped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ensureWidgetsBuilt, ROOT, scratchDir } from '../workspace.js';
// @ts-expect-error -- a plain .mjs script without declarations
import { buildPackages, packages } from '../../scripts/build-packages.mjs';
// @ts-expect-error -- a plain .mjs script without declarations
import { sri } from '../../packages/elements/scripts/integrity.mjs';

interface Packed {
  name: string;
  files: Set<string>;
  manifest: Record<string, unknown> & { exports?: Record<string, unknown> };
  read(path: string): Buffer;
}

const run = (cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) => {
  const result = spawnSync(cmd, args, { cwd, encoding: 'buffer', env: { ...process.env, ...env }, maxBuffer: 256 << 20 });
  assert.equal(result.status, 0, `${cmd} ${args.join(' ')} in ${cwd}: ${result.stderr.toString()}`);
  return result.stdout;
};

const TEST_FILE = /(^|\/)(test|tests|__tests__|fixtures|stories)\/|\.(test|spec|stories)\.[cm]?[jt]sx?$|\.(test|spec)\.d\.ts(\.map)?$/;
const scratch = scratchDir('subkit-pack-');
const packed: Packed[] = [];

describe('the publishable packages, packed', () => {
  before(() => {
    // The widgets' CDN build as every suite shares it (built when missing; never emptied under a running suite).
    ensureWidgetsBuilt();
    (buildPackages as (o: { force: boolean }) => boolean)({ force: false });
    // One pnpm for every package (a pnpm per package paid its start-up nine times). The build ran above;
    // prepack would run it again per package.
    const filters = (packages as string[]).flatMap((name) => ['--filter', `./packages/${name}`]);
    run('pnpm', ['--recursive', ...filters, 'pack', '--pack-destination', scratch], ROOT, { npm_config_ignore_scripts: 'true' });
    for (const name of packages as string[]) {
      const tarball = join(scratch, readdirSync(scratch).find((f) => f.startsWith(`subkit-${name}-`))!);
      const files = new Set(run('tar', ['-tzf', tarball], scratch).toString().split('\n').filter((f) => f && !f.endsWith('/')).map((f) => f.replace(/^package\//, '')));
      const unpacked = join(scratch, name);
      mkdirSync(unpacked);
      run('tar', ['-xzf', tarball, '-C', unpacked], scratch);
      const read = (path: string) => readFileSync(join(unpacked, 'package', path));
      packed.push({ name, files, manifest: JSON.parse(read('package.json').toString()), read });
    }
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('every package is packed, none private', () => {
    assert.deepEqual(packed.map((p) => p.name).sort(), [...(packages as string[])].sort());
    for (const p of packed) assert.notEqual(p.manifest.private, true, p.name);
  });

  test('no test files, fixtures or stories in any tarball', () => {
    for (const p of packed) assert.deepEqual([...p.files].filter((f) => TEST_FILE.test(f)), [], p.name);
  });

  test('every source map names only files its package ships (no other package\'s source), and every lib script has its map', () => {
    for (const p of packed) {
      for (const file of p.files) {
        if (file.endsWith('.js') && file.startsWith('lib/') && !file.startsWith('lib/compiled/')) assert.ok(p.files.has(`${file}.map`), `${p.name}: ${file}.map`);
        if (!file.endsWith('.map')) continue;
        const map = JSON.parse(p.read(file).toString()) as { sources: string[]; sourceRoot?: string };
        for (const source of map.sources) {
          const target = posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? '', source));
          assert.ok(!target.startsWith('..') && p.files.has(target), `${p.name}: ${file} names ${source}, not in the package`);
        }
      }
    }
  });

  test('exports: types, a development condition and a default for every entry, each file in the tarball', () => {
    const exists = (p: Packed, target: string) => {
      const path = target.replace(/^\.\//, '');
      if (!path.includes('*')) return p.files.has(path);
      const [head, tail] = path.split('*') as [string, string];
      return [...p.files].some((f) => f.startsWith(head) && f.endsWith(tail));
    };
    for (const p of packed) {
      const entries = Object.entries(p.manifest.exports ?? {});
      assert.ok(entries.length > 0, `${p.name} has exports`);
      for (const [key, value] of entries) {
        if (typeof value === 'string') {
          // The elements' CDN scripts, loaded by URL rather than imported for an API.
          assert.match(value, /^\.\/dist\//, `${p.name} ${key}`);
          assert.ok(exists(p, value), `${p.name} ${key} → ${value}`);
          continue;
        }
        const conditions = value as Record<string, string>;
        assert.deepEqual(Object.keys(conditions).slice(0, 2), ['types', 'development'], `${p.name} ${key}: types first, then development`);
        assert.equal(Object.keys(conditions).at(-1), 'default', `${p.name} ${key}: default last`);
        for (const target of Object.values(conditions)) assert.ok(exists(p, target), `${p.name} ${key} → ${target}`);
      }
    }
  });

  test('every entry the repository exports is published (bar the test fixtures and core\'s build plugin)', () => {
    for (const p of packed) {
      const repo = JSON.parse(readFileSync(join(ROOT, 'packages', p.name, 'package.json'), 'utf8')) as { exports: Record<string, string> };
      const missing = Object.keys(repo.exports)
        .filter((key) => !key.startsWith('./test/') && key !== './vite-plugin')
        .filter((key) => !(key in (p.manifest.exports ?? {})) && !(`${key}.js` in (p.manifest.exports ?? {})));
      assert.deepEqual(missing, [], `${p.name}: add them to publishConfig.exports`);
    }
  });

  test('README, licence, files, sideEffects and real dependency ranges in every manifest', () => {
    for (const p of packed) {
      assert.ok(p.files.has('README.md') && p.files.has('LICENSE'), `${p.name}: README.md and LICENSE`);
      assert.equal(p.manifest.license, 'MIT', p.name);
      assert.match(p.read('LICENSE').toString(), /^MIT License/, p.name);
      assert.ok(Array.isArray(p.manifest.files), `${p.name}: files`);
      assert.ok(p.manifest.sideEffects === false || Array.isArray(p.manifest.sideEffects), `${p.name}: sideEffects`);
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [dep, range] of Object.entries((p.manifest[field] ?? {}) as Record<string, string>)) {
          assert.doesNotMatch(range, /^workspace:/, `${p.name} ${field} ${dep}`);
        }
      }
    }
  });

  test('npm pack --dry-run lists the same files', () => {
    // npm reads a package's whole node_modules tree before it lists anything (~5 s of CPU per package here),
    // yet takes nothing from it but bundled dependencies, which no package has: it lists copies of the
    // packages without node_modules, all in one npm.
    const copies = join(scratch, 'npm-pack');
    for (const p of packed) {
      const dir = join(ROOT, 'packages', p.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(manifest.bundleDependencies ?? manifest.bundledDependencies, undefined, `${p.name} bundles dependencies, which npm packs from the node_modules its copy leaves out`);
      cpSync(dir, join(copies, p.name), { recursive: true, filter: (source) => source !== join(dir, 'node_modules') });
    }
    const reports = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...packed.map((p) => `./${p.name}`)], copies).toString()) as { name: string; files: { path: string }[] }[];
    assert.deepEqual(reports.map((r) => r.name), packed.map((p) => `@subkit/${p.name}`));
    for (const [i, p] of packed.entries()) assert.deepEqual(reports[i]!.files.map((f) => f.path).sort(), [...p.files].sort(), p.name);
  });

  test('changesets: every publishable package has a changelog or a pending changeset, the private ones none', () => {
    const out = join(scratch, 'changesets.json');
    run(join(ROOT, 'node_modules', '.bin', 'changeset'), ['status', `--output=${out}`], ROOT);
    const { releases: all } = JSON.parse(readFileSync(out, 'utf8')) as { releases: { name: string; type: string }[] };
    const releases = all.filter((r) => r.type !== 'none');
    for (const p of packed) {
      const pending = releases.some((r) => r.name === `@subkit/${p.name}`);
      assert.ok(pending || p.files.has('CHANGELOG.md'), `@subkit/${p.name}: a CHANGELOG.md or a pending changeset`);
    }
    assert.deepEqual(releases.filter((r) => !packed.some((p) => r.name === `@subkit/${p.name}`)), [], 'no private package released');
  });

  test('the server ships its SQL migrations beside its JavaScript', () => {
    const server = packed.find((p) => p.name === 'server')!;
    const migrations = [...server.files].filter((f) => f.startsWith('lib/db/migrations/') && f.endsWith('.sql'));
    assert.deepEqual(migrations.map((f) => posix.basename(f)), [...server.files].filter((f) => f.startsWith('src/db/migrations/')).map((f) => posix.basename(f)));
    assert.ok(migrations.length > 0);
  });

  test('the CDN shape: the loader under a stable name, content-hashed chunks, SRI hashes matching the shipped bytes', () => {
    const elements = packed.find((p) => p.name === 'elements')!;
    assert.ok(elements.files.has('dist/subkit.js'), 'the loader');
    const chunks = [...elements.files].filter((f) => f.startsWith('dist/chunks/'));
    assert.ok(chunks.length > 3, 'chunks');
    for (const chunk of chunks) assert.match(chunk, /-[\w-]{8}\.js$/, `${chunk} carries its content hash`);
    for (const dir of ['dist', 'dist/admin']) {
      const integrity = JSON.parse(elements.read(`${dir}/integrity.json`).toString()) as Record<string, string>;
      const scripts = [...elements.files].filter((f) => f.startsWith(`${dir}/`) && f.endsWith('.js') && (dir === 'dist/admin' || !f.startsWith('dist/admin/')));
      assert.deepEqual(Object.keys(integrity).map((f) => `${dir}/${f}`).sort(), scripts.sort(), `${dir}: a hash for every script`);
      for (const [file, hash] of Object.entries(integrity)) assert.equal(hash, sri(elements.read(`${dir}/${file}`)), `${dir}/${file}`);
    }
  });
});
