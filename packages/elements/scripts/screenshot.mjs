#!/usr/bin/env node
// Screenshots of the widgets on msw fixtures (one Vite-served page, Debian's Chromium): light, dark,
// right-to-left Arabic, mobile and the states worth looking at, into ./screenshots/<widget>/ (gitignored).
// Usage: pnpm --filter @subkit/elements run screenshot [-- <widget>…]   (SUBKIT_SHOTS=a,b: only those shots)
//   widgets: checkout (plan picker + checkout), subscription-manager, billing-history, revenue-dashboard, approvals; all when none named.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { chromiumPath, screenshotArgs } from '../../../test/chromium.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const mswWorker = readFileSync(join(dirname(require.resolve('msw/package.json')), 'lib/mockServiceWorker.js'), 'utf8');

/** Runs a buyer's steps inside a widget's shadow root. */
const inWidget = (page, tag) => (selector) => page.locator(`${tag} >> ${selector}`);

/**
 * Per widget: the page's query, the viewport width, when the page is ready, the shots (`query` is added
 * to the widget's own; `act` drives the widget first, as a buyer would) and whether a shot is full-page.
 */
const scenarios = {
  checkout: {
    width: 1280,
    ready: () => {
      const picker = document.querySelector('subkit-plan-picker');
      const checkout = document.querySelector('subkit-checkout');
      const pickerReady = !picker || picker.shadowRoot?.querySelector('[part~="plan-name"]');
      const checkoutReady = !checkout || checkout.shadowRoot?.querySelector('[part~="summary-total"]');
      // The approval step's code arrives after the summary: until then the order button stands in its place.
      const approvalReady = !new URLSearchParams(location.search).has('approval') || checkout?.shadowRoot?.querySelector('[part~="approval"]');
      return pickerReady && checkoutReady && approvalReady;
    },
    shots: [
      { name: 'light' },
      { name: 'dark', query: 'theme=dark', colorScheme: 'dark' },
      { name: 'rtl-ar', query: 'locale=ar' },
      { name: 'light-current-plan', query: 'current&widgets=picker' },
      { name: 'light-invoice', query: 'widgets=checkout&method=invoice' },
      { name: 'mobile', query: 'widgets=picker', width: 390 },
      { name: 'quote-offered', query: 'quote&widgets=picker' },
      { name: 'quote-offered-dark', query: 'quote&widgets=picker&theme=dark', colorScheme: 'dark' },
      { name: 'quote-offered-ar-mobile', query: 'quote&widgets=picker&locale=ar', width: 390 },
      { name: 'checkout-mobile', query: 'widgets=checkout', width: 390 },
      { name: 'checkout-mobile-ar', query: 'widgets=checkout&locale=ar', width: 390 },
      { name: 'checkout-errors', query: 'widgets=checkout', act: 'errors' },
      { name: 'checkout-sca', query: 'widgets=checkout', act: 'sca' },
      { name: 'checkout-success', query: 'widgets=checkout&method=invoice', act: 'success' },
      { name: 'checkout-approval', query: 'widgets=checkout&approval' },
      { name: 'checkout-approval-invoice', query: 'widgets=checkout&approval&method=invoice' },
      { name: 'checkout-approval-mobile-ar', query: 'widgets=checkout&approval&locale=ar', width: 390 },
      { name: 'checkout-approval-sent', query: 'widgets=checkout&approval', act: 'approval-sent' },
      { name: 'checkout-refused-approval', query: 'widgets=checkout&refused&method=invoice', act: 'place-order' },
      { name: 'checkout-refused-approval-ar-mobile', query: 'widgets=checkout&refused&method=invoice&locale=ar', width: 390, act: 'place-order' },
    ],
    fullPage: () => true,
    async act(page, what) {
      const shadow = inWidget(page, 'subkit-checkout');
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
      } else if (what === 'approval-sent') {
        await shadow('#approval-po').fill('PO-2026-131');
        await shadow('#approval-note').fill('Second depot opens in March.');
        await shadow('[part~="submit"]').click();
        await page.waitForFunction(() => document.querySelector('subkit-checkout').shadowRoot.querySelector('[part~="request-sent"]'));
      } else if (what === 'place-order') {
        await shadow('#poNumber').fill('PO-2026-140');
        await shadow('[part~="submit"]').click();
        await page.waitForFunction(() => document.querySelector('subkit-checkout').shadowRoot.querySelector('[part~="approval-notice"]'));
      } else if (what === 'success') {
        await shadow('#poNumber').fill('PO-2026-118');
        await shadow('[part~="submit"]').click();
        await page.waitForFunction(() => document.querySelector('subkit-checkout').shadowRoot.querySelector('[part~="success"]'));
      }
    },
  },
  'subscription-manager': {
    width: 1100,
    ready: () => {
      const root = document.querySelector('subkit-subscription-manager')?.shadowRoot;
      return root?.querySelector('[part~="empty"]') || (root?.querySelector('[part~="usage-metric"]') && root?.querySelector('[part~="banner"] p')?.textContent?.match(/\d/));
    },
    shots: [
      { name: 'light' },
      { name: 'dark', query: 'theme=dark', colorScheme: 'dark' },
      { name: 'rtl-ar', query: 'locale=ar' },
      { name: 'viewer', query: 'role=viewer' },
      { name: 'mobile', width: 390 },
      { name: 'empty', query: 'empty' },
      { name: 'no-card', query: 'no-card' },
      { name: 'no-card-ar', query: 'no-card&locale=ar' },
      { name: 'authentication', query: 'authentication' },
      { name: 'authentication-ar-mobile', query: 'authentication&locale=ar', width: 390 },
      { name: 'authentication-dark', query: 'authentication&theme=dark', colorScheme: 'dark' },
      { name: 'change-preview', act: 'preview' },
      { name: 'change-preview-dark', query: 'theme=dark', colorScheme: 'dark', act: 'preview' },
      { name: 'change-preview-ar', query: 'locale=ar', act: 'preview' },
      { name: 'change-preview-ar-mobile', query: 'locale=ar', act: 'preview', width: 390 },
      { name: 'change-add-ons', query: 'invoiced', act: 'add-ons' },
      { name: 'change-add-ons-ar', query: 'invoiced&locale=ar', act: 'add-ons' },
      { name: 'invoiced-preview', query: 'invoiced', act: 'preview' },
      { name: 'invoiced-preview-dark', query: 'invoiced&theme=dark', colorScheme: 'dark', act: 'preview' },
      { name: 'invoiced-preview-ar', query: 'invoiced&locale=ar', act: 'preview' },
      { name: 'cancel-offers', act: 'offers' },
      { name: 'cancel-offers-ar', query: 'locale=ar', act: 'offers' },
      { name: 'card', act: 'card' },
      { name: 'pay', act: 'pay' },
      { name: 'approval-preview', query: 'role=purchaser&approval', act: 'preview' },
      { name: 'approval-preview-ar-mobile', query: 'role=purchaser&approval&locale=ar', act: 'preview', width: 390 },
      { name: 'commitment', query: 'commitment' },
    ],
    fullPage: (shot) => !shot.act,
    async act(page, what) {
      const shadow = inWidget(page, 'subkit-subscription-manager');
      const team = (part) => shadow(`li[data-subscription="sub_team"] [part~="${part}"]`);
      if (what === 'preview') {
        await team('action-change').click();
        await shadow('#change-quantity').fill('8');
        await shadow('dialog [part~="confirm"]').click();
        await shadow('[part~="preview-lines"]').waitFor();
      } else if (what === 'add-ons') {
        await team('action-change').click();
        await shadow('#addon-addon_trackers').fill('5');
        await shadow('#addon-addon_reports').check();
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
    },
  },
  'revenue-dashboard': {
    width: 1280,
    ready: () => {
      const root = document.querySelector('subkit-revenue-dashboard')?.shadowRoot;
      return root?.querySelector('[part~="empty"]') || root?.querySelector('#movements-canvas canvas');
    },
    shots: [
      { name: 'light' },
      { name: 'dark', query: 'theme=dark', colorScheme: 'dark' },
      { name: 'rtl-ar', query: 'locale=ar' },
      { name: 'eur', query: 'currency=EUR', act: 'tables' },
      { name: 'mobile', width: 390 },
      { name: 'empty', query: 'empty' },
      { name: 'zh-CN', query: 'locale=zh-CN' },
    ],
    fullPage: () => true,
    async act(page, what) {
      if (what === 'tables') {
        for (const toggle of await page.locator('subkit-revenue-dashboard >> [part~="chart-table-toggle"]').all()) await toggle.click();
      }
    },
  },
  approvals: {
    width: 1000,
    ready: () => document.querySelector('subkit-approvals')?.shadowRoot?.querySelector('li[part~="request"]'),
    shots: [
      { name: 'light' },
      { name: 'dark', query: 'theme=dark', colorScheme: 'dark' },
      { name: 'rtl-ar', query: 'locale=ar' },
      { name: 'requester', query: 'role=purchaser' },
      { name: 'mobile', width: 390 },
      { name: 'mobile-ar', query: 'locale=ar', width: 390 },
      { name: 'review', act: 'review' },
      { name: 'review-drift', query: 'drift', act: 'review' },
      { name: 'review-ar', query: 'locale=ar&drift', act: 'review' },
      { name: 'review-mobile', width: 390, act: 'review' },
      { name: 'review-reject-needs-comment', act: 'reject' },
      { name: 'audit', act: 'audit' },
      { name: 'audit-mobile', width: 390, act: 'audit' },
      { name: 'audit-ar-mobile', query: 'locale=ar', width: 390, act: 'audit' },
      { name: 'audit-dark', query: 'theme=dark', colorScheme: 'dark', act: 'audit' },
      { name: 'policy', act: 'policy' },
      { name: 'policy-errors', act: 'policy:errors' },
      { name: 'policy-saved', act: 'policy:save' },
      { name: 'policy-ar-mobile', query: 'locale=ar', width: 390, act: 'policy' },
      { name: 'policy-dark-keyboard', query: 'theme=dark', colorScheme: 'dark', act: 'policy:keyboard' },
      { name: 'policy-tr', query: 'locale=tr', act: 'policy' },
    ],
    fullPage: (shot) => !shot.act,
    async act(page, what) {
      const widget = page.locator('subkit-approvals');
      if (what === 'audit') {
        await widget.locator('#tab-audit').click();
        await widget.locator('tr[part~="audit-row"]').first().waitFor();
        return;
      }
      if (what.startsWith('policy')) {
        await widget.locator('#tab-policy').click();
        await widget.locator('input[name="allowedPlanIds"]').first().waitFor();
        const step = what.split(':')[1];
        if (step === 'errors') {
          await widget.locator('#policy-due-now').fill('12.345');
          await widget.locator('#policy-ttl').fill('120');
          await widget.locator('[part~="save"]').click();
          await widget.locator('#policy-due-now-error').filter({ hasText: /./ }).waitFor();
        } else if (step === 'save') {
          await widget.locator('input[name="rolesWithoutApproval"][value="purchaser"]').check();
          await widget.locator('#policy-yearly').fill('12000');
          await widget.locator('[part~="save"]').click();
          await widget.locator('[part~="saved"]').waitFor();
        } else if (step === 'keyboard') {
          await widget.locator('#tab-policy').focus();
          for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
        }
        return;
      }
      await widget.locator('button[part~="review"]').first().click();
      await widget.locator('[part~="comparison"]').waitFor();
      if (what === 'reject') await widget.locator('button[part~="reject"]').click();
    },
  },
  quote: {
    width: 1024,
    ready: () => document.querySelector('subkit-quote')?.shadowRoot?.querySelector('[part~="quote-title"]'),
    shots: [
      { name: 'light' },
      { name: 'dark', query: 'theme=dark', colorScheme: 'dark' },
      { name: 'rtl-ar', query: 'locale=ar' },
      { name: 'accept', act: 'accept' },
      { name: 'accept-ar-mobile', query: 'locale=ar', width: 390, act: 'accept' },
      { name: 'accepted', act: 'accepted' },
      { name: 'decline-dark', query: 'theme=dark', colorScheme: 'dark', act: 'decline' },
      { name: 'read-only-mobile', query: 'role=purchaser', width: 390 },
      { name: 'keyboard-focus', act: 'tab:2' },
    ],
    fullPage: () => true,
    async act(page, what) {
      const quote = page.locator('subkit-quote');
      const [kind, arg] = what.split(':');
      if (kind === 'tab') {
        for (let i = 0; i < Number(arg); i++) await page.keyboard.press('Tab');
        return;
      }
      await quote.locator(kind === 'decline' ? '[part~="decline"]' : '[part~="accept"]').click();
      if (kind === 'decline') await quote.locator('textarea').fill('We go with 30 seats this year.');
      else await quote.locator('input').fill('PO-ENT-2026-7');
      if (kind === 'accepted') {
        await quote.locator('[part~="confirm"]').click();
        await quote.locator('[part~="done"]').waitFor();
      }
    },
  },
  'billing-history': {
    width: 1280,
    ready: () => document.querySelector('subkit-billing-history')?.shadowRoot?.querySelector('tr[data-index="0"]'),
    shots: [
      { name: 'light' },
      { name: 'dark', query: 'theme=dark', colorScheme: 'dark' },
      { name: 'rtl-ar', query: 'locale=ar' },
      { name: 'light-detail', act: 'open:INV-2026-0042' },
      { name: 'dark-detail', query: 'theme=dark', colorScheme: 'dark', act: 'open:INV-2026-0041' },
      { name: 'rtl-ar-detail', query: 'locale=ar', act: 'open:INV-2026-0042' },
      { name: 'light-pay', act: 'pay:INV-2026-0042' },
      { name: 'viewer-10000', query: 'role=viewer&many' },
      { name: 'mobile', width: 390 },
      { name: 'dark-keyboard-focus', query: 'theme=dark', colorScheme: 'dark', act: 'tab:12' },
      { name: 'filter-busy', query: 'hold-filters', act: 'filter:paid' },
      { name: 'filter-busy-dark', query: 'hold-filters&theme=dark', colorScheme: 'dark', act: 'filter:paid' },
    ],
    fullPage: (shot) => !shot.act || /^(tab|filter):/.test(shot.act),
    async act(page, what) {
      const history = page.locator('subkit-billing-history');
      const [kind, arg] = what.split(':');
      if (kind === 'open') {
        await history.locator('button[part~="number"]', { hasText: arg }).click();
        await history.locator('[part~="lines"]').waitFor();
      } else if (kind === 'pay') {
        await history.locator('tr', { hasText: arg }).locator('button[part~="pay"]').click();
        await history.locator('[part~="pay-confirm"]').waitFor();
      } else if (kind === 'filter') {
        await history.locator('select[name="status"]').selectOption(arg);
        await history.locator('[part~="table-scroll-busy"]').waitFor();
      } else if (kind === 'tab') {
        for (let i = 0; i < Number(arg); i++) await page.keyboard.press('Tab');
      }
    },
  },
};

const requested = process.argv.slice(2).filter((a) => a !== '--');
const unknown = requested.filter((w) => !(w in scenarios));
if (unknown.length > 0) {
  console.error(`Unknown widget ${unknown.join(', ')}; choose from ${Object.keys(scenarios).join(', ')}.`);
  process.exit(2);
}

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

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: screenshotArgs,
});
try {
  for (const widget of requested.length > 0 ? requested : Object.keys(scenarios)) {
    const scenario = scenarios[widget];
    const out = join(pkg, 'screenshots', widget);
    mkdirSync(out, { recursive: true });
    // SUBKIT_SHOTS=name,…: only these shots (while iterating on one state).
    const only = process.env.SUBKIT_SHOTS?.split(',');
    for (const shot of scenario.shots.filter((s) => !only || only.includes(s.name))) {
      const page = await browser.newPage({ viewport: { width: shot.width ?? scenario.width, height: 900 }, colorScheme: shot.colorScheme ?? 'light' });
      page.on('pageerror', (error) => console.error(`[${widget}/${shot.name}] page error: ${error.message}`));
      await page.goto(`${base}?${new URLSearchParams({ widget })}${shot.query ? `&${shot.query}` : ''}`);
      await page.waitForFunction(scenario.ready, undefined, { timeout: 15000 });
      if (shot.act) await scenario.act(page, shot.act);
      // Settled: web fonts (Arabic falls back to a system font loaded on first use) and a quiet network
      // (a scenario that holds a request open on purpose waits two seconds at most).
      await page.evaluate(() => document.fonts.ready);
      await page.waitForLoadState('networkidle', { timeout: 2000 }).catch(() => undefined);
      await page.waitForTimeout(300);
      const file = join(out, `${shot.name}.png`);
      await page.screenshot({ path: file, fullPage: scenario.fullPage(shot) });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
