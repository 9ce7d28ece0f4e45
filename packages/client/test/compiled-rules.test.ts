import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { compileBrowserApi } from '../../core/build/compile-wire.js';
import { catalog, fakeFetch, json, page, subscription } from './helpers.js';

// The client as a production browser bundle runs it: `@subkit/core/api` and `/endpoints` swapped for the
// compiled rules with compact response checks (what core's Vite plugin does in a production build). The
// other client tests run it on zod's schemas (the `development` condition); both refuse a malformed answer.
type Client = typeof import('../src/index.js');
let production: Client;
let dir: string;

before(async () => {
  const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
  const compiled = compileBrowserApi({ responses: 'compact' });
  const result = await build({
    stdin: { contents: "export * from './src/index.ts';", resolveDir: pkg, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'neutral', write: false, external: ['nanostores'],
    plugins: [{
      name: 'compiled-rules',
      setup(b) {
        b.onResolve({ filter: /^@subkit\/core\/(api|endpoints)$/ }, () => ({ path: 'compiled-api', namespace: 'subkit' }));
        b.onLoad({ filter: /.*/, namespace: 'subkit' }, () => ({ contents: compiled, loader: 'js' }));
      },
    }],
  });
  // Beside the package, so the bundle's `nanostores` import resolves to the package's own.
  dir = mkdtempSync(join(pkg, 'node_modules', '.compiled-rules-'));
  const file = join(dir, 'client.mjs');
  writeFileSync(file, result.outputFiles[0]!.text);
  production = await import(pathToFileURL(file).href);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function client(handler: Parameters<typeof fakeFetch>[0]) {
  const { fetch, seen } = fakeFetch(handler);
  return { client: production.createClient({ baseUrl: 'https://api.example', publishableKey: 'pk_test_123', fetch }), seen };
}

describe('createClient on the compiled rules (production bundles)', () => {
  test('a well-formed answer is used as it came', async () => {
    const { client: c } = client(() => json(200, catalog()));
    const result = await c.getCatalog();
    assert.equal(result.ok, true);
    assert.equal(result.data?.products[0]?.plans[0]?.name, 'Team');
  });

  test('a malformed answer is a validation_error response_invalid naming the field, never used', async () => {
    for (const [body, param] of [
      [{ ...catalog(), defaultCurrency: 12 }, 'defaultCurrency'],
      [{ ...catalog(), products: undefined }, 'products'],
      [[], ''],
    ] as const) {
      const { client: c } = client(() => json(200, body, { 'request-id': 'req_9' }));
      const result = await c.getCatalog();
      assert.equal(result.ok, false);
      assert.equal(result.data, null);
      assert.equal(result.error?.type, 'validation_error');
      assert.equal(result.error?.code, 'response_invalid');
      assert.equal(result.error?.param ?? '', param);
      assert.equal(result.error?.requestId, 'req_9');
    }
    const { client: c } = client(() => json(200, page([{ ...subscription('sub_1'), quantity: '5' }])));
    const list = await c.listSubscriptions();
    assert.equal(list.error?.code, 'response_invalid');
    assert.equal(list.error?.param, 'data.0.quantity');
  });

  test('what the widget sends is still checked by every rule before anything is sent', async () => {
    const { client: c, seen } = client(() => json(200, {}));
    const query = await c.listInvoices({ query: { limit: 500 } });
    assert.equal(query.error?.code, 'request_invalid');
    assert.equal(query.error?.param, 'limit');
    const body = await c.createCheckout({
      body: { planId: 'p', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 0, payment: { method: 'invoice' } },
    });
    assert.equal(body.error?.code, 'request_invalid');
    assert.equal(body.error?.param, 'quantity');
    assert.equal(seen.length, 0);
  });
});
