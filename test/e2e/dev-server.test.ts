// The root vite.config.ts (`pnpm dev`): the demo storefront served by Vite with the widgets compiled from
// their TypeScript source and the API proxied to a reference server. A visitor's page shows the plan
// picker's cards, drawn by the loader's source module (not packages/elements/dist), with the catalog
// fetched through the dev server's /v1 proxy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { ROOT, useStorefront, type RunningServer } from './harness.js';

let server: RunningServer;
let vite: ViteDevServer;
let browser: Browser;

describe('pnpm dev (the root vite.config.ts)', () => {
  // Vite compiles the widgets from source: no bundle to build.
  const storefront = useStorefront({ widgets: false });
  before(async () => {
    ({ server, browser } = storefront);
    // The config reads where the API is when it loads.
    process.env.SUBKIT_API_URL = server.url;
    const { createServer } = await import('vite');
    vite = await createServer({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
    await vite.listen();
  });

  after(async () => {
    await vite?.close();
    delete process.env.SUBKIT_API_URL;
  });

  test('the storefront\'s pricing page shows the plans, with the widgets from source and the catalog through the /v1 proxy', async () => {
    const url = vite.resolvedUrls!.local[0]!;
    const page = await browser.newPage();
    try {
      const catalog = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/catalog');
      const loader = page.waitForResponse((r) => new URL(r.url()).pathname === '/subkit/subkit.js');
      await page.goto(url);
      assert.equal((await catalog).status(), 200, 'the catalog answered through the proxy');
      const script = await (await loader).text();
      // Vite's compiled loader.ts imports its modules from the sources, and no bundle chunk.
      assert.match(script, /packages\/elements\/src\//, 'the loader is the source module');
      assert.doesNotMatch(script, /dist\/chunks/);
      const names = await page.locator('subkit-plan-picker [part~="plan-name"]').allTextContents();
      await page.locator('subkit-plan-picker [part~="plan-name"]').first().waitFor();
      assert.ok((await page.locator('subkit-plan-picker [part~="plan-name"]').count()) >= 2, `plans shown: ${names.join(', ')}`);
      // Every widget source module is in Vite's graph: an edit reloads the page.
      assert.ok(vite.moduleGraph.getModulesByFile(join(ROOT, 'packages', 'elements', 'src', 'plan-picker', 'plan-picker.ts'))?.size, 'the picker\'s source is watched');
    } finally {
      await page.close();
    }
  });
});
