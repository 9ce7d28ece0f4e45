import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type * as z from 'zod/mini';
import { browserEndpoints, buyerEndpoints } from '../../src/api.js';
import { build } from 'esbuild';
import { COMPACT_DEPTH, compileBrowserApi, compileBrowserModules } from '../../build/compile-wire.js';

type Parser = { safeParse(x: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } };
type Def = { type: string; [key: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

let compiled: Record<string, Record<string, Parser>>;
let compiledModule: Record<string, unknown>;
let compact: Record<string, Record<string, Parser>>;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'subkit-wire-'));
  const file = join(dir, 'api.browser.mjs');
  writeFileSync(file, compileBrowserApi());
  compiledModule = await import(pathToFileURL(file).href);
  // Every endpoint a browser calls, by its export (the buyer table and the admin widgets' getMetrics).
  compiled = Object.fromEntries(Object.keys(browserEndpoints).map((name) => [name, compiledModule[name]])) as typeof compiled;
  assert.deepEqual(Object.keys(compiledModule.buyerEndpoints as object), Object.keys(buyerEndpoints), 'the compiled buyerEndpoints table');
  const compactFile = join(dir, 'api.compact.mjs');
  writeFileSync(compactFile, compileBrowserApi({ responses: 'compact' }));
  const compactModule = await import(pathToFileURL(compactFile).href);
  compact = Object.fromEntries(Object.keys(browserEndpoints).map((name) => [name, compactModule[name]])) as typeof compact;
});

/** Strings that satisfy the contract's formats; the generator picks one that passes a pattern. */
const CANDIDATES = ['EUR', 'DE', '2026-01-31T00:00:00.000Z', '2026-02-28', '2026-01', 'buyer@acme.example', '4242 4242 4242 4242', '123', '4242', 'https://shop.example', 'plan_growth'];

function mulberry(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random value that zod accepts for `schema` (checked by the caller). */
function sample(schema: z.ZodMiniType, rnd: () => number, depth = 0): unknown {
  const def = defOf(schema);
  const checks = [...(def.check ? [def] : []), ...((def.checks as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []).map((c) => c._zod.def)];
  switch (def.type) {
    case 'string': {
      const pattern = checks.find((c) => c.pattern)?.pattern as RegExp | undefined;
      if (pattern) return CANDIDATES.find((c) => pattern.test(c)) ?? 'x';
      if (checks.some((c) => c.format === 'url')) return 'https://shop.example/contact';
      const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      return 'ab'.repeat(Math.max(1, min));
    }
    case 'number': {
      const min = (checks.find((c) => c.check === 'greater_than')?.value as number | undefined) ?? 0;
      const max = (checks.find((c) => c.check === 'less_than')?.value as number | undefined) ?? min + 1000;
      return Math.floor(min + rnd() * (max - min));
    }
    case 'boolean':
      return rnd() < 0.5;
    case 'unknown':
      return { any: 1 };
    case 'literal':
      return (def.values as unknown[])[0];
    case 'enum': {
      const values = Object.values(def.entries as Record<string, string>);
      return values[Math.floor(rnd() * values.length)];
    }
    case 'optional':
    case 'default':
      return rnd() < 0.3 || depth > 6 ? undefined : sample(def.innerType as z.ZodMiniType, rnd, depth + 1);
    case 'nullable':
      return rnd() < 0.3 || depth > 6 ? null : sample(def.innerType as z.ZodMiniType, rnd, depth + 1);
    case 'array': {
      const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const n = depth > 6 ? min : min + Math.floor(rnd() * 2);
      return Array.from({ length: n }, () => sample(def.element as z.ZodMiniType, rnd, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, s] of Object.entries(def.shape as Record<string, z.ZodMiniType>)) {
        const value = sample(s, rnd, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'record':
      return { k: sample(def.valueType as z.ZodMiniType, rnd, depth + 1) };
    case 'union': {
      const options = def.options as z.ZodMiniType[];
      return sample(options[Math.floor(rnd() * options.length)]!, rnd, depth + 1);
    }
    default:
      throw new Error(`no sampler for ${def.type}`);
  }
}

/** Every path to a value inside `value`. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function replaced(value: unknown, path: (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (next === undefined) delete node[last];
  else node[last] = next;
  return copy;
}

const BAD = [undefined, null, 1.5, -1, 0, 'x', '', {}, [], true, 'EUR', 9007199254740993, '2026-13-45T00:00:00Z', 'no-at-sign'];

const schemas = Object.entries(browserEndpoints).flatMap(([name, endpoint]) =>
  (['params', 'query', 'body', 'response'] as const)
    .filter((part) => (endpoint as Record<string, unknown>)[part])
    .map((part) => ({ name, part, schema: (endpoint as Record<string, unknown>)[part] as z.ZodMiniType })),
);

describe('browser rule compiler', () => {
  it('covers every part of every endpoint a browser calls', () => {
    for (const { name, part } of schemas) assert.ok(compiled[name]?.[part], `${name}.${part}`);
  });

  it('accepts exactly what zod accepts, on valid samples and on samples with one field broken', () => {
    for (const { name, part, schema } of schemas) {
      fc.assert(
        fc.property(fc.integer(), fc.nat(), fc.nat(BAD.length - 1), (seed, pick, bad) => {
          const rnd = mulberry(seed);
          const valid = sample(schema, rnd);
          assert.equal((schema as unknown as Parser).safeParse(valid).success, true, `sampler made an invalid ${name}.${part}`);
          assert.equal(compiled[name]![part]!.safeParse(valid).success, true, `${name}.${part} rejected a valid value`);
          const all = paths(valid);
          const path = all[pick % all.length]!;
          const broken = replaced(valid, path, BAD[bad]);
          const expected = (schema as unknown as Parser).safeParse(broken);
          const actual = compiled[name]![part]!.safeParse(broken);
          assert.equal(actual.success, expected.success, `${name}.${part} at ${path.join('.')} = ${JSON.stringify(BAD[bad])}`);
          if (!actual.success) {
            const reported = actual.error!.issues[0]!.path.join('.');
            const zodPaths = expected.error!.issues.map((i) => i.path.join('.'));
            assert.ok(zodPaths.some((p) => p === reported || p.startsWith(`${reported}.`) || reported.startsWith(p)), `${name}.${part}: reported ${reported}, zod ${zodPaths.join(' | ')}`);
          }
        }),
        { numRuns: 40 },
      );
    }
  });

  it('exports every endpoint a browser calls by name, as src/endpoints.ts does in Node, so bundles keep only what they call', async () => {
    const names = Object.keys(browserEndpoints).sort();
    const source = await import('../../src/endpoints.js');
    assert.deepEqual(Object.keys(source).sort(), names, 'src/endpoints.ts lists every endpoint a browser calls');
    for (const name of names) {
      assert.equal((source as Record<string, unknown>)[name], (browserEndpoints as Record<string, unknown>)[name], name);
      assert.equal(compiledModule[name], compiled[name], `compiled ${name}`);
    }
  });

  it('splits into one module per rule and per endpoint that behave as the one module does', async () => {
    const modules = compileBrowserModules('api');
    const result = await build({
      stdin: { contents: "export * from 'api';", resolveDir: '/' },
      bundle: true, format: 'esm', write: false, treeShaking: true,
      plugins: [{
        name: 'virtual',
        setup(b) {
          b.onResolve({ filter: /^api/ }, (args) => ({ path: args.path, namespace: 'api' }));
          b.onLoad({ filter: /.*/, namespace: 'api' }, (args) => {
            const contents = modules.get(args.path);
            assert.ok(contents, `module ${args.path} exists`);
            return { contents, loader: 'js' };
          });
        },
      }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'subkit-wire-modules-'));
    const file = join(dir, 'api.modules.mjs');
    writeFileSync(file, result.outputFiles[0]!.text);
    const splitModule = await import(pathToFileURL(file).href);
    const split = Object.fromEntries(Object.keys(browserEndpoints).map((name) => [name, splitModule[name]])) as typeof compiled;
    assert.deepEqual(Object.keys(splitModule.buyerEndpoints), Object.keys(buyerEndpoints));
    for (const { name, part, schema } of schemas) {
      const rnd = mulberry(name.length * 31 + part.length);
      for (let i = 0; i < 5; i++) {
        const valid = sample(schema, rnd);
        const broken = replaced(valid, paths(valid)[i % paths(valid).length]!, BAD[i % BAD.length]);
        for (const value of [valid, broken]) assert.deepEqual(split[name]![part]!.safeParse(value), compiled[name]![part]!.safeParse(value), `${name}.${part}`);
      }
    }
    // One module per endpoint and per distinct rule, plus the checker and the index.
    assert.equal([...modules.keys()].filter((id) => id.startsWith('api/endpoint/')).length, schemas.length > 0 ? Object.keys(browserEndpoints).length : 0);
  });

  it('names the offending field and keeps the value untouched when valid', () => {
    const result = compiled.createCheckout!.body!.safeParse({ planId: 'p', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 0, payment: { method: 'invoice' } });
    assert.equal(result.success, false);
    assert.deepEqual(result.error!.issues[0]!.path, ['quantity']);
    const catalogError = compiled.getCatalog!.response!.safeParse({ object: 'catalog' });
    assert.deepEqual(catalogError.error!.issues[0]!.path, ['merchant']);
  });
});

/** What a JSON value is, as the compact rules tell values apart. */
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);

describe('compact response rules (production browser bundles)', () => {
  const responses = schemas.filter((s) => s.part === 'response');

  it('check requests by every rule, as the full rules do', () => {
    for (const { name, part, schema } of schemas.filter((s) => s.part !== 'response')) {
      const rnd = mulberry(name.length * 7 + part.length);
      for (let i = 0; i < 5; i++) {
        const valid = sample(schema, rnd);
        const broken = replaced(valid, paths(valid)[i % paths(valid).length]!, BAD[i % BAD.length]);
        for (const value of [valid, broken]) assert.deepEqual(compact[name]![part]!.safeParse(value), compiled[name]![part]!.safeParse(value), `${name}.${part}`);
      }
    }
  });

  it('accept every answer zod accepts, and refuse an answer whenever a field down to the compact depth is of another kind, as zod does', () => {
    for (const { name, schema } of responses) {
      fc.assert(
        fc.property(fc.integer(), fc.nat(), fc.nat(BAD.length - 1), (seed, pick, bad) => {
          const valid = sample(schema, mulberry(seed));
          assert.equal(compact[name]!.response!.safeParse(valid).success, true, `${name} rejected a valid answer`);
          const all = paths(valid);
          const path = all[pick % all.length]!;
          const broken = replaced(valid, path, BAD[bad]);
          const expected = (schema as unknown as Parser).safeParse(broken).success;
          const actual = compact[name]!.response!.safeParse(broken);
          // Never refuses what zod accepts; down to the compact depth, a value of another kind is refused as zod refuses it.
          if (!actual.success) assert.equal(expected, false, `${name} at ${path.join('.')} refused a valid answer`);
          const depth = path.filter((key) => typeof key === 'string').length;
          let current: unknown = valid;
          for (const key of path) current = (current as Record<string | number, unknown>)[key];
          // (A null there may stand for a value of another kind the field allows: a nullable date.)
          if (depth <= COMPACT_DEPTH && current !== null && kindOf(current) !== kindOf(BAD[bad])) {
            assert.equal(actual.success, expected, `${name} at ${path.join('.')} = ${JSON.stringify(BAD[bad])}`);
          }
        }),
        { numRuns: 40 },
      );
    }
  });

  it('refuse a malformed answer and name the field', () => {
    assert.equal(compact.getCatalog!.response!.safeParse('<html>').success, false);
    assert.deepEqual(compact.getCatalog!.response!.safeParse({ object: 'catalog' }).error!.issues[0]!.path, ['merchant']);
    const list = compact.listSubscriptions!.response!.safeParse({ object: 'list', data: [{ id: 'sub_1' }], hasMore: false, nextCursor: null });
    assert.deepEqual(list.error!.issues[0]!.path, ['data', 0, 'object']);
  });

  it('are smaller than the full rules', () => {
    // Requests keep every rule by design, so the more request rules the table has, the closer the ratio (0.82 with #17's endpoints).
    assert.ok(compileBrowserApi({ responses: 'compact' }).length < compileBrowserApi().length * 0.85);
  });
});
