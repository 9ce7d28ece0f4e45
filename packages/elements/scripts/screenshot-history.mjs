#!/usr/bin/env node
// Serves <subkit-billing-history> on msw fixtures (Vite dev server) and takes Chromium screenshots in light,
// dark and right-to-left Arabic, of the list and of an invoice's detail, into ./screenshots/billing-history
// (gitignored). Usage: node scripts/screenshot-history.mjs
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(pkg, 'screenshots', 'billing-history');
mkdirSync(out, { recursive: true });
const require = createRequire(import.meta.url);
const mswWorker = readFileSync(join(dirname(require.resolve('msw/package.json')), 'lib/mockServiceWorker.js'), 'utf8');

const server = await createServer({
  root: join(pkg, 'scripts/screenshot-history'),
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
  { name: 'light-detail', query: '', colorScheme: 'light', open: 'INV-2026-0042' },
  { name: 'dark-detail', query: 'theme=dark', colorScheme: 'dark', open: 'INV-2026-0041' },
  { name: 'rtl-ar-detail', query: 'locale=ar', colorScheme: 'light', open: 'INV-2026-0042' },
  { name: 'light-pay', query: '', colorScheme: 'light', pay: 'INV-2026-0042' },
  { name: 'viewer-10000', query: 'role=viewer&many', colorScheme: 'light' },
  { name: 'mobile', query: '', colorScheme: 'light', width: 390 },
  { name: 'dark-keyboard-focus', query: 'theme=dark', colorScheme: 'dark', tabs: 12 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width ?? 1280, height: 900 }, colorScheme: shot.colorScheme });
    page.on('pageerror', (error) => console.error(`[${shot.name}] page error: ${error.message}`));
    await page.goto(`${base}?${shot.query}`);
    const history = page.locator('subkit-billing-history');
    await history.locator('tr[data-index="0"]').waitFor({ timeout: 15000 });
    if (shot.open) {
      await history.locator('button[part~="number"]', { hasText: shot.open }).click();
      await history.locator('[part~="lines"]').waitFor();
    }
    if (shot.pay) {
      await history.locator('tr', { hasText: shot.pay }).locator('button[part~="pay"]').click();
      await history.locator('[part~="pay-confirm"]').waitFor();
    }
    for (let i = 0; i < (shot.tabs ?? 0); i++) await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    const file = join(out, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: !shot.open && !shot.pay });
    console.log(file);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
