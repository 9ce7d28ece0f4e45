// The demo storefront as a keyboard and screen-reader user meets it (issue #15): axe (WCAG 2.2 A/AA with colour
// contrast) on every page, signed out and signed in, light and dark; the skip link shows when focused; the
// "signed in as" select does not reload the page on an arrow key; the checkout's order summary sticks below
// the sticky header instead of sliding under it.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ALL_SCREENSHOTS, ARTIFACTS, axeViolations, screenshot, useStorefront, type RunningServer } from './harness.js';

const CHECKOUT = '/checkout.html?plan=plan_portal_starter&currency=EUR&interval=month&every=1&seats=5';

let server: RunningServer;
let browser: Browser;

/**
 * A fresh page, signed in as `buyer` (the storefront's login keeps the buyer in its storage, set up front rather than
 * by loading a page first to write it). axe is injected as a script, which the storefront's CSP refuses: these pages
 * bypass it; csp.test.ts checks the CSP.
 */
async function newPage(options: { width?: number; height?: number; scheme?: 'light' | 'dark'; buyer?: string | null } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.scheme ?? 'light',
    locale: 'en-US',
    bypassCSP: true,
    reducedMotion: 'reduce',
    storageState: { cookies: [], origins: [{ origin: server.url, localStorage: options.buyer ? [{ name: 'storefront.buyer', value: options.buyer }] : [] }] },
  });
  return context.newPage();
}

/** Waits until every widget on the page has drawn its data (no loading or skeleton part left). */
async function settled(page: Page): Promise<void> {
  // Checked every 100 ms: by default it is checked on every animation frame, which keeps Chromium drawing frames all along.
  await page.waitForFunction(() => {
    const widgets = [...document.querySelectorAll('subkit-plan-picker, subkit-checkout, subkit-subscription-manager, subkit-billing-history, subkit-quote')];
    return widgets.every((w) => w.shadowRoot && w.shadowRoot.childElementCount > 0 && !w.shadowRoot.querySelector('[part~="skeletons"], [part~="row-skeleton"], [aria-busy="true"]'));
  }, undefined, { timeout: 30_000, polling: 100 });
}

/** A fresh page signed in as `customerId` on the checkout of Starter with 5 seats, its widgets drawn. */
async function checkoutAs(customerId: string, options: Parameters<typeof newPage>[0] = {}): Promise<Page> {
  const page = await newPage({ ...options, buyer: customerId });
  await page.goto(`${server.url}${CHECKOUT}`);
  await settled(page);
  return page;
}

describe('the demo storefront, accessible', () => {
  const storefront = useStorefront();
  before(() => ({ server, browser } = storefront));

  for (const scheme of ['light', 'dark'] as const) {
    for (const who of [null, 'acme-admin'] as const) {
      test(`axe finds nothing on pricing, checkout and account, ${who ?? 'signed out'}, ${scheme}`, async () => {
        const page = await newPage({ scheme, buyer: who });
        try {
          for (const path of ['/', CHECKOUT, '/account.html', '/quotes.html']) {
            await page.goto(`${server.url}${path}`);
            await settled(page);
            assert.deepEqual(await axeViolations(page), [], `${path}`);
          }
        } finally {
          await page.context().close();
        }
      });
    }
  }

  test('the skip link shows when a keyboard user reaches it, and leads to the main content', async () => {
    const page = await newPage();
    try {
      await page.goto(`${server.url}/`);
      await page.keyboard.press('Tab');
      const link = page.getByRole('link', { name: 'Skip to content' });
      assert.equal(await link.evaluate((a) => a === document.activeElement), true, 'the first Tab stop is the skip link');
      const box = await link.boundingBox();
      assert.ok(box && box.width > 40 && box.height > 16 && box.y >= 0, `visible on focus: ${JSON.stringify(box)}`);
      await screenshot(page, 'a11y-skip-link');
      await page.keyboard.press('Enter');
      assert.match(page.url(), /#main$/);
    } finally {
      await page.context().close();
    }
  });

  test('"Signed in as": arrow keys move through the buyers without reloading; Enter signs in', async () => {
    const page = await newPage();
    try {
      await page.goto(`${server.url}/`);
      const select = page.locator('#buyer-switch:not([disabled])');
      await select.focus();
      let loads = 0;
      page.on('load', () => (loads += 1));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(500);
      assert.equal(loads, 0, 'no reload on an arrow key');
      const shown = await select.inputValue();
      assert.notEqual(shown, '');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      assert.equal(await page.evaluate(() => localStorage.getItem('storefront.buyer')), shown);
    } finally {
      await page.context().close();
    }
  });

  test("the checkout's order summary sticks below the storefront's sticky header", async () => {
    const page = await checkoutAs('acme-purchaser', { height: 700 });
    try {
      await page.evaluate(() => window.scrollTo(0, 600));
      await page.waitForTimeout(200);
      const header = await page.locator('.site-header').boundingBox();
      const side = await page.locator('subkit-checkout').evaluate((el) => el.shadowRoot!.querySelector('[part~="side"]')!.getBoundingClientRect().toJSON() as DOMRect);
      assert.ok(header && side.top >= header.y + header.height, `summary top ${side.top} below the header's bottom ${header ? header.y + header.height : '?'}`);
      if (ALL_SCREENSHOTS) await page.screenshot({ path: join(ARTIFACTS, 'a11y-sticky-summary.png') });
    } finally {
      await page.context().close();
    }
  });

  test('a viewer at the checkout is told whom to sign in as instead; signing in as the purchaser there keeps the order', async () => {
    const page = await checkoutAs('acme-viewer');
    try {
      const notice = page.locator('#viewer-notice');
      await notice.waitFor();
      assert.equal(await notice.innerText(), 'Viewers can look, not order. In this demo, choose a purchaser or a billing admin of your company in “Signed in as” at the top: the order you chose stays here.');
      assert.deepEqual(await axeViolations(page), []);
      const select = page.locator('#buyer-switch:not([disabled])');
      await Promise.all([page.waitForEvent('load'), select.selectOption('acme-purchaser')]);
      await settled(page);
      assert.equal(await page.locator('#viewer-notice').isVisible(), false);
      assert.equal(await page.locator('subkit-checkout').getByLabel('Number of seats').inputValue(), '5', 'the order chosen is still there');
    } finally {
      await page.context().close();
    }
  });

  test('keyboard focus is never hidden under the sticky header (WCAG 2.4.11): Shift+Tab from the footer up through the checkout', async () => {
    const page = await checkoutAs('acme-purchaser');
    try {
      await page.locator('.site-footer a').last().focus();
      const hidden: string[] = [];
      let reachedHeader = false;
      for (let i = 0; i < 80 && !reachedHeader; i++) {
        await page.keyboard.press('Shift+Tab');
        const focus = await page.evaluate(() => {
          let el = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          const box = el!.getBoundingClientRect();
          return {
            inHeader: Boolean(document.activeElement?.closest('.site-header')),
            name: (el!.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el!.textContent ?? '').trim().slice(0, 40),
            top: box.top,
            headerBottom: document.querySelector('.site-header')!.getBoundingClientRect().bottom,
          };
        });
        reachedHeader = focus.inHeader;
        if (!focus.inHeader && focus.top < focus.headerBottom - 1) hidden.push(`${focus.name} (top ${Math.round(focus.top)} under ${Math.round(focus.headerBottom)})`);
      }
      assert.ok(reachedHeader, 'Shift+Tab reached the header');
      assert.deepEqual(hidden, []);
    } finally {
      await page.context().close();
    }
  });
});
