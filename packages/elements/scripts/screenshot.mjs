#!/usr/bin/env node
// Serves the widgets on msw fixtures (Vite dev server) and takes Chromium screenshots in light, dark
// and right-to-left Arabic, into ./screenshots (gitignored). Usage: pnpm --filter @subkit/elements run screenshot
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(pkg, 'screenshots');
mkdirSync(out, { recursive: true });
const require = createRequire(import.meta.url);
const mswWorker = readFileSync(join(dirname(require.resolve('msw/package.json')), 'lib/mockServiceWorker.js'), 'utf8');

const server = await createServer({
  root: join(pkg, 'scripts/screenshot'),
  configFile: false,
  logLevel: 'error',
  define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  server: { port: 0, host: '127.0.0.1', fs: { allow: [resolve(pkg, '../..')] } },
  plugins: [
    {
      name: 'msw-worker',
      configureServer(s) {
        s.middlewares.use('/mockServiceWorker.js', (_req, res) => {
          res.setHeader('content-type', 'application/javascript');
          res.end(mswWorker);
        });
      },
    },
  ],
});
await server.listen();
const { port } = server.httpServer.address();
const base = `http://127.0.0.1:${port}/`;

const shots = [
  { name: 'light', query: '', colorScheme: 'light' },
  { name: 'dark', query: 'theme=dark', colorScheme: 'dark' },
  { name: 'rtl-ar', query: 'locale=ar', colorScheme: 'light' },
  { name: 'light-current-plan', query: 'current&widgets=picker', colorScheme: 'light' },
  { name: 'light-invoice', query: 'widgets=checkout&method=invoice', colorScheme: 'light' },
  { name: 'mobile', query: 'widgets=picker', colorScheme: 'light', width: 390 },
  { name: 'checkout-errors', query: 'widgets=checkout', colorScheme: 'light', act: 'errors' },
  { name: 'checkout-sca', query: 'widgets=checkout', colorScheme: 'light', act: 'sca' },
  { name: 'checkout-success', query: 'widgets=checkout&method=invoice', colorScheme: 'light', act: 'success' },
];

/** Drives the checkout into a state worth looking at, as a buyer would (typing, clicking). */
async function act(page, what) {
  const shadow = (selector) => page.locator(`subkit-checkout >> ${selector}`);
  if (what === 'errors') {
    await shadow('#promoCode').fill('BOGUS');
    await shadow('[part~="promo-apply"]').click();
    await shadow('#taxValue').fill('DE12');
    await shadow('#companyName').fill('');
    await shadow('#cardNumber').fill('4111 1111 1111 1111');
    await shadow('[part~="submit"]').click();
    await page.waitForFunction(() => document.querySelector('subkit-checkout').shadowRoot.querySelector('#promo-message')?.textContent.includes('BOGUS'));
  } else if (what === 'sca') {
    await shadow('#cardNumber').fill('4000 0025 0000 3155');
    await shadow('#cardExpiry').fill('12/30');
    await shadow('#cardCvc').fill('123');
    await shadow('[part~="submit"]').click();
    await page.waitForFunction(() => document.querySelector('subkit-checkout').shadowRoot.querySelector('dialog')?.open);
  } else if (what === 'success') {
    await shadow('#poNumber').fill('PO-2026-118');
    await shadow('[part~="submit"]').click();
    await page.waitForFunction(() => document.querySelector('subkit-checkout').shadowRoot.querySelector('[part~="success"]'));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width ?? 1280, height: 900 }, colorScheme: shot.colorScheme });
    page.on('pageerror', (error) => console.error(`[${shot.name}] page error: ${error.message}`));
    await page.goto(`${base}?${shot.query}`);
    // Ready when the picker has cards and the checkout has its summary (whichever are on the page).
    await page.waitForFunction(() => {
      const picker = document.querySelector('subkit-plan-picker');
      const checkout = document.querySelector('subkit-checkout');
      const pickerReady = !picker || picker.shadowRoot?.querySelector('[part~="plan-name"]');
      const checkoutReady = !checkout || checkout.shadowRoot?.querySelector('[part~="summary-total"]');
      return pickerReady && checkoutReady;
    }, undefined, { timeout: 15000 });
    if (shot.act) await act(page, shot.act);
    await page.waitForTimeout(300);
    const file = join(out, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
