// The buyer journey through the demo storefront, as a buyer would go through it, on a fresh database:
// Acme's purchaser signs in, picks a plan with seats and an interval, checks out by invoice with a PO
// number, finds the subscription on the account page, previews an upgrade with its exact proration,
// confirms it, and finds both invoices (with a real PDF) in the billing history. Then Globex's viewer
// signs in and sees nothing of Acme, and is offered no action.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { formatMoney, quotePrice, type Catalog, type CheckoutPreview, type CheckoutResult, type Plan } from '@subkit/core';
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
let checkoutPreview: Promise<Response>;
let subscriptionId = '';
let firstInvoiceId = '';
const pageErrors: string[] = [];
const received: Promise<{ url: string; body: string }>[] = [];

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
    // Everything the browser receives, to prove the secret key never reaches it.
    page.on('response', (response) => {
      received.push(response.body().then((body) => ({ url: response.url(), body: body.toString('utf8') }), () => ({ url: response.url(), body: '' })));
    });
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

    checkoutPreview = page.waitForResponse((r) => r.url().endsWith('/v1/checkout/preview') && r.request().method() === 'POST');
    await Promise.all([page.waitForURL(/\/checkout\.html\?/), card.getByRole('button', { name: /Choose Starter/ }).click()]);
    const query = new URL(page.url()).searchParams;
    assert.equal(query.get('plan'), 'plan_portal_starter');
    assert.equal(query.get('interval'), 'year');
    assert.equal(query.get('seats'), String(SEATS));
    assert.equal(query.get('currency'), 'EUR');
  });

  test('checks out paying by invoice with a PO number', async () => {
    const checkout = page.locator('subkit-checkout');
    // The order summary is the server's: its subtotal is core's price of 5 Starter seats, and the widget shows its figures.
    const previewResponse = await checkoutPreview;
    assert.equal(previewResponse.status(), 200);
    const preview = (await previewResponse.json()) as CheckoutPreview;
    const starter = plan(await catalog(), 'plan_portal_starter');
    const yearly = starter.prices.find((p) => p.currency === 'EUR' && p.recurring.interval === 'year')!;
    assert.equal(preview.subtotal, quotePrice(yearly, { quantity: SEATS }).subtotal);
    assert.equal(preview.recurring.interval, 'year');
    assert.ok(preview.tax > 0, 'German VAT is charged');
    assert.equal(preview.total, preview.subtotal - preview.discountTotal + preview.tax);
    await assertText(checkout.locator('[part~="due-today"]'), eur(preview.amountDueToday));
    // The company's billing details come prefilled from the session.
    assert.equal(await checkout.getByLabel('Company name').inputValue(), PURCHASER.company);

    await checkout.locator('[part~="payment-option"]', { hasText: 'Pay by invoice' }).click();
    await assertText(checkout.locator('[part~="net-terms"]'), 'NET 30');
    await checkout.getByLabel(/PO number/).fill(PO_NUMBER);
    await page.evaluate(() => {
      document.addEventListener('subkit-checkout-completed', (e) => ((window as unknown as { bought: unknown }).bought = (e as CustomEvent).detail), { once: true });
    });
    await screenshot(page, '03-checkout-by-invoice');

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST'),
      checkout.getByRole('button', { name: 'Place order' }).click(),
    ]);
    assert.equal(response.status(), 200);
    const result = (await response.json()) as CheckoutResult;
    assert.equal(result.status, 'succeeded');
    assert.equal(result.subscription.poNumber, PO_NUMBER);
    assert.equal(result.subscription.collectionMethod, 'send_invoice');
    assert.equal(result.subscription.quantity, SEATS);
    assert.equal(result.subscription.planId, 'plan_portal_starter');
    assert.ok(result.invoiceId, 'the first invoice was issued');
    firstInvoiceId = result.invoiceId;
    subscriptionId = result.subscription.id;

    await assertText(checkout.locator('[part~="success"]'), 'Thank you, you are subscribed');
    await assertText(checkout.locator('[part~="success"]'), `${SEATS} × seat`);
    const bought = (await page.evaluate(() => (window as unknown as { bought?: { subscription: { id: string } } }).bought)) ?? null;
    assert.equal(bought?.subscription.id, subscriptionId, 'subkit-checkout-completed reached the page');
    await page.locator('#bought-notice').waitFor();
    await screenshot(page, '04-checkout-done');
  });

  test('back on pricing, Starter is marked as the current plan and Growth is offered as an upgrade', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('subkit-plan-picker [part~="interval-option"]', { hasText: 'Yearly' }).click();
    await planCard('Starter').locator('[part~="quantity-input"]').fill(String(SEATS));
    await planCard('Starter').locator('[part~="badge-current"]').waitFor();
    await planCard('Growth').getByRole('button', { name: 'Upgrade to Growth' }).waitFor();
    await screenshot(page, '05-pricing-current-plan');
  });

  test("Globex's viewer sees Globex's prices, not Acme's plan or contract, and is offered nothing to buy", async () => {
    await page.goto(`${server.url}/`);
    await signInAs(OTHER_VIEWER.customerId);
    const picker = page.locator('subkit-plan-picker');
    await picker.locator('[part~="note"]').waitFor();
    await assertText(picker.locator('[part~="note"]'), 'can see plans but not buy them');
    assert.equal(await picker.locator('[part~="currency-select"]').inputValue(), 'USD');
    assert.equal(await picker.locator('[part~="plan"]').count(), 3);
    // Acme bought Starter and has a contract price for Growth: neither shows for Globex.
    assert.equal(await picker.locator('[part~="badge-current"]').count(), 0);
    assert.equal(await picker.locator('[part~="badge-contract"]').count(), 0);
    assert.equal(await picker.locator('[part~="plan-current"]').count(), 0);
    // A viewer may look but not buy: the only call to action left is "Contact sales".
    const ctas = picker.locator('[part~="cta"]');
    assert.equal(await ctas.count(), 1);
    assert.equal((await ctas.first().textContent())?.trim(), 'Contact sales');
    await screenshot(page, '09-other-viewer-pricing');
  });

  test('no script error on any page, and the secret key never reached the browser', async () => {
    assert.deepEqual(pageErrors, []);
    const bodies = await Promise.all(received);
    assert.ok(bodies.some((b) => b.url.endsWith('/storefront/session')), 'sessions were minted through the storefront route');
    const leaks = bodies.filter((b) => b.body.includes(server.secretKey)).map((b) => b.url);
    assert.deepEqual(leaks, []);
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
