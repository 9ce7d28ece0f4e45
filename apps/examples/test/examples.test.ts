// Every framework example (apps/examples/<name>, built once by build.mjs) is served by one reference server
// under /examples/<name>/ and driven in one Chromium as a buyer would: the plan picker shows the catalog,
// choosing a plan reaches the app as the typed event (the app prints its detail), the checkout it mounts with
// that selection completes by invoice with a PO number, and the app prints the new subscription from the
// typed completion event — which the database holds as an invoiced subscription with that PO.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { formatMoney, quotePrice, type Catalog } from '@subkit/core';
import type { Browser, Page } from 'playwright-core';
import { apiAsMember, screenshot, useStorefront, type RunningServer } from '../../../test/e2e/harness.js';
import { examples } from '../build.js';

/** What each example's header says it runs on, checked against the framework it was built with. */
const FRAMEWORK: Record<string, RegExp> = {
  react: /@subkit\/react components on React 19\./,
  react18: /@subkit\/react components on React 18\./,
  vue: /subkit tags in a Vue 3\.\d+\.\d+ template/,
  svelte: /subkit tags in Svelte 5\.\d+\.\d+ markup/,
  astro: /rendered on the server by Astro v5\.\d+\.\d+/,
};


let server: RunningServer;
let browser: Browser;
const built = examples().map((example) => ({ ...example, out: join(example.dir, example.name === 'react18' ? 'dist-react18' : 'dist') }));

/** Every example mounted under /examples/<name>/, seen before the reference app. */
async function mountExamples(): Promise<express.Express> {
  const mounts = express();
  for (const example of built) {
    if (existsSync(join(example.out, 'server', 'entry.mjs'))) {
      // A server-rendering example (Astro's Node adapter in middleware mode): its handler serves its pages.
      const { handler } = (await import(join(example.out, 'server', 'entry.mjs'))) as { handler: express.RequestHandler };
      const base = `/examples/${example.name}`;
      mounts.use(base, express.static(join(example.out, 'client')));
      mounts.use((req, res, next) => (req.url === base || req.url.startsWith(`${base}/`) ? handler(req, res, next) : next()));
    } else {
      mounts.use(`/examples/${example.name}`, express.static(example.out));
    }
  }
  return mounts;
}

describe('the framework examples against the reference server, in Chromium', () => {
  const storefront = useStorefront({
    server: async () => {
      const mounts = await mountExamples();
      return { before: (req, res, next) => mounts(req as express.Request, res as express.Response, next) };
    },
  });
  before(() => {
    ({ server, browser } = storefront);
    // The server-rendering example reaches the shop's backend here (read per request).
    process.env.SUBKIT_API_URL = server.url;
  });

  test('every framework has its example', () => {
    assert.deepEqual(built.map((e) => e.name).sort(), Object.keys(FRAMEWORK).sort());
  });

  test('astro: the pricing page carries every plan and price in its HTML, shown with JavaScript off', async () => {
    const config = (await (await fetch(`${server.url}/storefront/config`)).json()) as { publishableKey: string };
    const catalog = (await (await fetch(`${server.url}/v1/catalog`, { headers: { authorization: `Bearer ${config.publishableKey}` } })).json()) as Catalog;
    const product = catalog.products.find((p) => p.id === 'prod_portal')!;
    const html = await (await fetch(`${server.url}/examples/astro/`)).text();
    assert.match(html, /<subkit-plan-picker\s[^>]*><template shadowroot="open" shadowrootmode="open">/, 'declarative shadow DOM');
    const text = html
      .replace(/<script[\s\S]*?<\/script>|<style>[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ');
    const shown: string[] = [];
    for (const plan of product.plans) {
      assert.ok(text.includes(plan.name), `${plan.name} is in the HTML`);
      const price = plan.prices.find((p) => p.currency === catalog.defaultCurrency && p.recurring.interval === 'month' && p.recurring.intervalCount === 1);
      if (!price || plan.contactSales) continue;
      const amount = formatMoney(quotePrice(price, { quantity: plan.quantity?.default ?? 1 }).subtotal, price.currency, 'en').replace(/\s/g, ' ');
      assert.ok(text.includes(amount), `${plan.name}'s price ${amount} is in the HTML`);
      shown.push(amount);
    }
    assert.ok(shown.length >= 2, 'at least two priced plans checked');

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/examples/astro/`);
      const names = await page.locator('subkit-plan-picker [part~="plan-name"]').allTextContents();
      assert.deepEqual(names.map((n) => n.trim()), product.plans.map((p) => p.name), 'the cards a visitor sees without JavaScript');
      assert.equal(await page.locator('subkit-plan-picker [part~="plan-skeleton"]').count(), 0);
      await screenshot(page, 'example-astro-no-javascript');
    } finally {
      await context.close();
    }
  });

  test('astro: the browser takes the server-rendered picker over without a skeleton or a public catalog request', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      // Every frame from the end of parsing until 3 s and 10 frames later: does any picker show a skeleton, or
      // no plan at all? Before the parser has read a picker's whole declarative shadow root, a frame can show
      // half of it (the page arrives in chunks): that is the page loading, not the takeover, so the watch starts
      // when parsing ends (readyState 'interactive'), before the module scripts that hydrate run. Frames and
      // time both, so a slow machine that paints few frames still watches long enough.
      // A string, not a function: a transpiled function can carry helpers (esbuild's __name) the page lacks.
      await context.addInitScript(`(() => {
        const watch = { flashes: [], frames: 0, done: false };
        window.subkitWatch = watch;
        document.addEventListener('readystatechange', () => {
          if (document.readyState !== 'interactive') return;
          const started = performance.now();
          const check = () => {
            const pickers = document.querySelectorAll('subkit-plan-picker');
            if (pickers.length > 0) watch.frames++;
            for (const picker of pickers) {
              const root = picker.shadowRoot;
              if (!root || root.querySelector('[part~="plan-skeleton"]') || !root.querySelector('[part~="plan-name"]')) {
                watch.flashes.push(Math.round(performance.now() - started) + ' ms');
              }
            }
            if (performance.now() - started < 3000 || watch.frames < 10) requestAnimationFrame(check);
            else watch.done = true;
          };
          check();
        });
      })()`);
      const page = await context.newPage();
      // A hydration mismatch is thrown on the page (Lit: 'Hydration value mismatch').
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const publicCatalogRequests: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/v1/catalog' && r.headers().authorization?.startsWith('Bearer pk_')) publicCatalogRequests.push(r.url());
      });
      await page.goto(`${server.url}/examples/astro/`);
      await page.waitForFunction('window.subkitWatch.done', undefined, { timeout: 60_000 });
      const watch = await page.evaluate('window.subkitWatch') as { flashes: string[]; frames: number };
      assert.ok(watch.frames >= 10, `frames watched: ${watch.frames}`);
      assert.deepEqual(watch.flashes, [], 'no frame without the plans');
      const names = await page.locator('subkit-plan-picker [part~="plan-name"]').allTextContents();
      assert.equal(new Set(names).size, names.length, `each plan once, got ${names.join(', ')}`);
      // The public catalog came with the page; the signed-in one (contract prices) follows the session.
      assert.deepEqual(publicCatalogRequests, []);
      assert.deepEqual(errors, [], 'hydrated without an error');
    } finally {
      await context.close();
    }
  });

  for (const example of built) {
    test(`${example.name}: choose a plan, get the typed event, check out by invoice`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      const page: Page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
      });
      let subscriptionId: string | undefined;
      try {
        await page.goto(`${server.url}/examples/${example.name}/`);
        assert.match((await page.getByTestId('framework').textContent()) ?? '', FRAMEWORK[example.name]!);

        const starter = page.locator('subkit-plan-picker [part~="plan"]').filter({ has: page.locator('[part~="plan-name"]', { hasText: 'Starter' }) });
        await starter.locator('[part~="quantity-input"]').fill('4');
        await starter.locator('[part~="cta"]').click();
        // The app's own text, written from the typed event's detail.
        await page.getByTestId('selection').filter({ hasText: 'plan_portal_starter, 4 × month' }).waitFor();

        const checkout = page.locator('subkit-checkout');
        await checkout.locator('[part~="payment-option"]', { hasText: 'Pay by invoice' }).click();
        const po = `PO-${example.name.toUpperCase()}-7`;
        await checkout.getByLabel(/PO number/).fill(po);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST'),
          checkout.getByRole('button', { name: 'Place order' }).click(),
        ]);
        assert.equal(response.status(), 200);
        const { subscription } = (await response.json()) as { subscription: { id: string } };
        subscriptionId = subscription.id;
        // The app's text from the typed completion event names the subscription the server made.
        await page.getByTestId('subscribed').filter({ hasText: subscription.id }).waitFor();
        assert.match((await page.getByTestId('subscribed').textContent()) ?? '', /plan_portal_starter/);
        const { rows } = await server.db.query<{ collection_method: string; po_number: string | null; quantity: number }>(
          'SELECT * FROM subscriptions WHERE id = $1',
          [subscription.id],
        );
        assert.equal(rows[0]?.collection_method, 'send_invoice', 'bought by invoice');
        assert.equal(rows[0]?.po_number, po);
        assert.equal(rows[0]?.quantity, 4, 'the seats chosen in the picker');
        await screenshot(page, `example-${example.name}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
        // Ends the subscription as Acme's billing admin would (through the API), so the next example buys afresh.
        if (subscriptionId) await apiAsMember(server, 'acme-admin', 'POST', `/v1/subscriptions/${subscriptionId}/cancel`, { reason: 'switched_service', when: 'now' });
      }
    });
  }
});
