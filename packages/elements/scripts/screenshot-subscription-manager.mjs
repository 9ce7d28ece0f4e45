#!/usr/bin/env node
// Screenshots of <subkit-subscription-manager> on msw fixtures (Vite dev server, Chromium): light, dark,
// right-to-left Arabic, mobile, and its dialogs (change preview, cancel offers, card form), into
// ./screenshots (gitignored). Usage: node scripts/screenshot-subscription-manager.mjs
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
  root: join(pkg, 'scripts/screenshot-subscription-manager'),
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
  { name: 'manager-light', query: '', colorScheme: 'light' },
  { name: 'manager-dark', query: 'theme=dark', colorScheme: 'dark' },
  { name: 'manager-rtl-ar', query: 'locale=ar', colorScheme: 'light' },
  { name: 'manager-viewer', query: 'role=viewer', colorScheme: 'light' },
  { name: 'manager-mobile', query: '', colorScheme: 'light', width: 390 },
  { name: 'manager-empty', query: 'empty', colorScheme: 'light' },
  { name: 'manager-change-preview', query: '', colorScheme: 'light', act: 'preview' },
  { name: 'manager-change-preview-dark', query: 'theme=dark', colorScheme: 'dark', act: 'preview' },
  { name: 'manager-change-preview-ar', query: 'locale=ar', colorScheme: 'light', act: 'preview' },
  { name: 'manager-cancel-offers', query: '', colorScheme: 'light', act: 'offers' },
  { name: 'manager-card', query: '', colorScheme: 'light', act: 'card' },
  { name: 'manager-pay', query: '', colorScheme: 'light', act: 'pay' },
];

/** Drives the manager into a dialog worth looking at, as a buyer would (typing, clicking). */
async function act(page, what) {
  const shadow = (selector) => page.locator(`subkit-subscription-manager >> ${selector}`);
  const team = (part) => shadow(`li[data-subscription="sub_team"] [part~="${part}"]`);
  if (what === 'preview') {
    await team('action-change').click();
    await shadow('#change-quantity').fill('8');
    await shadow('dialog [part~="confirm"]').click();
    await shadow('[part~="preview-lines"]').waitFor();
  } else if (what === 'offers') {
    await team('action-cancel').click();
    await shadow('input[value="too_expensive"]').check();
    await shadow('dialog [part~="confirm"]').click();
    await shadow('[part~="offer"]').first().waitFor();
  } else if (what === 'card') {
    await team('action-payment').click();
    await shadow('#cardNumber').fill('4111 1111 1111 1111');
    await shadow('#cardExpiry').fill('13/30');
    await shadow('dialog [part~="confirm"]').click();
  } else if (what === 'pay') {
    await shadow('[part~="pay-now"]').click();
    await shadow('dialog [part~="confirm"]').waitFor();
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width ?? 1100, height: 900 }, colorScheme: shot.colorScheme });
    page.on('pageerror', (error) => console.error(`[${shot.name}] page error: ${error.message}`));
    await page.goto(`${base}?${shot.query}`);
    await page.waitForFunction(() => {
      const root = document.querySelector('subkit-subscription-manager')?.shadowRoot;
      return root?.querySelector('[part~="empty"]') || (root?.querySelector('[part~="usage-metric"]') && root?.querySelector('[part~="banner"] p')?.textContent?.match(/\d/));
    }, undefined, { timeout: 15000 });
    if (shot.act) await act(page, shot.act);
    await page.waitForTimeout(300);
    const file = join(out, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: !shot.act });
    console.log(file);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
