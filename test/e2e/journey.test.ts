// The buyer journey through the demo storefront, as a buyer would go through it, on a fresh database:
// Acme's purchaser signs in, picks a plan with seats and an interval, checks out by invoice with a PO
// number, finds the subscription on the account page, previews an upgrade with its exact proration,
// confirms it, and finds both invoices (with a real PDF) in the billing history. Then Globex's viewer
// signs in and sees nothing of Acme, and is offered no action.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatMoney,
  prorationLines,
  quotePrice,
  type Catalog,
  type ChangePreview,
  type CheckoutPreview,
  type CheckoutResult,
  type Invoice,
  type Plan,
  type Price,
  type SubscriptionChangeResult,
} from '@subkit/core';
import { docsPageScreenshot, docsScreenshot, scratchDir, screenshot, useStorefront, type RunningServer } from './harness.js';

const PURCHASER = { customerId: 'acme-purchaser', name: 'Jonas Becker', company: 'Acme Logistics GmbH' };
const OTHER_PURCHASER = { customerId: 'globex-purchaser' };
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
let firstInvoiceTotal = 0;
let subscriptionPeriod: { start: Date; end: Date };
let upgradePreview: ChangePreview;
let scratch = '';
let sessionsMinted = 0;
let otherSubscriptionId = '';
const pageErrors: string[] = [];
const received: Promise<{ url: string; body: string }>[] = [];

/** The public catalog, straight from the API (what the widget computes its prices from). */
async function catalog(): Promise<Catalog> {
  const config = (await (await fetch(`${server.url}/storefront/config`)).json()) as { publishableKey: string };
  const response = await fetch(`${server.url}/v1/catalog`, { headers: { authorization: `Bearer ${config.publishableKey}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as Catalog;
}

/** The EUR monthly price of a plan as the signed-in buyer's company sees it (its contract price, if any). */
async function sessionCatalogPrice(planId: string): Promise<Price> {
  const token = await page.evaluate(async () => {
    const response = await fetch('/storefront/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: localStorage.getItem('storefront.buyer') }) });
    return ((await response.json()) as { token: string }).token;
  });
  const response = await fetch(`${server.url}/v1/catalog`, { headers: { authorization: `Bearer ${token}`, origin: server.url } });
  assert.equal(response.status, 200);
  const price = plan((await response.json()) as Catalog, planId).prices.find((p) => p.currency === 'EUR' && p.recurring.interval === 'month' && p.contract);
  assert.ok(price, `${planId} has a contract price for this company`);
  return price;
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
  const storefront = useStorefront({ page: { viewport: { width: 1280, height: 900 }, locale: 'en-US', colorScheme: 'light', acceptDownloads: true } });
  before(async () => {
    ({ server, browser, context, page } = storefront);
    scratch = scratchDir('subkit-e2e-downloads-');
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Everything the browser receives, to prove the secret key never reaches it.
    page.on('request', (request) => {
      if (request.url().endsWith('/storefront/session')) sessionsMinted += 1;
    });
    page.on('response', (response) => {
      received.push(response.body().then((body) => ({ url: response.url(), body: body.toString('utf8') }), () => ({ url: response.url(), body: '' })));
    });
  });

  after(async () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test("Acme's purchaser signs in with the storefront's own login", async () => {
    await page.goto(`${server.url}/`);
    // Signed out: the public catalog, the public Growth price, no contract.
    const growth = plan(await catalog(), 'plan_portal_growth');
    const publicMonthly = growth.prices.find((p) => p.currency === 'EUR' && p.recurring.interval === 'month' && !p.contract)!;
    const defaultSeats = growth.quantity!.default;
    await assertText(planCard('Growth').locator('[part~="amount"]'), eur(quotePrice(publicMonthly, { quantity: defaultSeats }).subtotal));
    assert.equal(await page.locator('subkit-plan-picker [part~="badge-contract"]').count(), 0);

    await signInAs(PURCHASER.customerId);
    assert.equal(await page.locator('#buyer-switch').inputValue(), PURCHASER.customerId);
    assert.equal(await page.evaluate(() => localStorage.getItem('storefront.buyer')), PURCHASER.customerId);
    assert.equal((await page.locator('.buyer-avatar').textContent())?.trim(), 'JB');
    // The session reached the widgets: Acme's negotiated Growth price is shown, which no anonymous visitor sees.
    await planCard('Growth').locator('[part~="badge-contract"]').waitFor();
    const contract = await sessionCatalogPrice('plan_portal_growth');
    assert.notEqual(quotePrice(contract, { quantity: defaultSeats }).subtotal, quotePrice(publicMonthly, { quantity: defaultSeats }).subtotal);
    await assertText(planCard('Growth').locator('[part~="amount"]'), eur(quotePrice(contract, { quantity: defaultSeats }).subtotal));
    await screenshot(page, '01-signed-in-pricing', { always: true });
    await docsScreenshot(page.locator('#plans-panel'), 'plan-picker');
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
    await screenshot(page, '02-plan-chosen', { always: true });

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
    await screenshot(page, '03-checkout-by-invoice', { always: true });
    await docsScreenshot(page.locator('.checkout-layout > .panel'), 'checkout');

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
    firstInvoiceTotal = preview.total;
    subscriptionId = result.subscription.id;
    subscriptionPeriod = { start: new Date(result.subscription.currentPeriodStart), end: new Date(result.subscription.currentPeriodEnd) };

    await assertText(checkout.locator('[part~="success"]'), 'Thank you, you are subscribed');
    await assertText(checkout.locator('[part~="success"]'), `${SEATS} × seat`);
    const bought = (await page.evaluate(() => (window as unknown as { bought?: { subscription: { id: string } } }).bought)) ?? null;
    assert.equal(bought?.subscription.id, subscriptionId, 'subkit-checkout-completed reached the page');
    await page.locator('#bought-notice').waitFor();
    await screenshot(page, '04-checkout-done', { always: true });
  });

  test('the account page shows the subscription and its first invoice', async () => {
    await Promise.all([page.waitForURL(/\/account\.html$/), page.getByRole('link', { name: 'Go to your account' }).click()]);
    const manager = page.locator('subkit-subscription-manager');
    const subscription = manager.locator(`[part~="subscription"][data-subscription="${subscriptionId}"]`);
    await subscription.waitFor();
    assert.equal(await manager.locator('[part~="subscription"]').count(), 1);
    assert.equal((await subscription.locator('[part~="plan-name"]').textContent())?.trim(), 'Starter');
    await assertText(subscription.locator('[part~="status"]'), 'Active');
    const details = subscription.locator('[part~="details"]');
    await assertText(details, PO_NUMBER);
    await assertText(details, 'Yearly');
    assert.equal(await detailValue(details, /Number of seat/), String(SEATS));

    const history = page.locator('subkit-billing-history');
    await history.locator('[part~="row"][data-id]').first().waitFor();
    const rows = history.locator('[part~="row"][data-id]');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute('data-id'), firstInvoiceId);
    await assertText(rows.first().locator('[part~="cell-po"]'), PO_NUMBER);
    await assertText(rows.first().locator('[part~="cell-amount"]'), eur(firstInvoiceTotal));
    await screenshot(page, '05-account-subscription', { always: true });
  });

  test('back on pricing, Starter is the current plan and "Upgrade to Growth" opens that upgrade\'s preview on the account page', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('subkit-plan-picker [part~="interval-option"]', { hasText: 'Yearly' }).click();
    await planCard('Starter').locator('[part~="quantity-input"]').fill(String(SEATS));
    await planCard('Starter').locator('[part~="badge-current"]').waitFor();
    const upgrade = planCard('Growth').getByRole('button', { name: 'Upgrade to Growth' });
    await upgrade.waitFor();
    await planCard('Growth').locator('[part~="quantity-input"]').fill(String(SEATS));
    await screenshot(page, '06-pricing-current-plan', { always: true });
    const [previewResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/v1/subscriptions/${subscriptionId}/change/preview`) && r.status() !== 401),
      page.waitForURL(/\/account\.html\?subscription=/),
      upgrade.click(),
    ]);
    // The manager opened the preview of exactly what was chosen on the pricing page.
    assert.equal(previewResponse.status(), 200);
    const proposed = JSON.parse(previewResponse.request().postData() ?? '{}') as { planId?: string; quantity?: number };
    assert.equal(proposed.planId, 'plan_portal_growth');
    assert.equal(proposed.quantity, SEATS);
    const dialog = page.locator('subkit-subscription-manager [part~="dialog-change"]');
    await dialog.locator('[part~="preview-lines"]').waitFor();
    // Bought by invoice: the upgrade is invoiced with the company's terms, nothing is charged now.
    await assertText(dialog.locator('[part~="preview-due"]'), 'Invoiced now — due in');
    await dialog.getByRole('button', { name: 'Confirm change' }).waitFor();
    assert.equal(await page.locator('#change-notice').isHidden(), true, 'no hint when the preview opens');
    await screenshot(page, '06b-upgrade-preview-from-pricing', { always: true });
    // Not now: the buyer closes it (nothing was charged) and comes back months later.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForURL((url) => !url.searchParams.has('subscription'));
  });

  test('months later, previews the upgrade to Growth and sees the exact proration the server computed', async () => {
    // 137 days and some hours into the yearly period: the proration is a real fraction, and the
    // session the page holds has long expired, so the widgets must ask the storefront for a new one.
    server.advance(((137 * 24 + 5) * 60 + 17) * 60_000);
    const sessionsBefore = sessionsMinted;
    const manager = page.locator('subkit-subscription-manager');
    const subscription = manager.locator(`[part~="subscription"][data-subscription="${subscriptionId}"]`);
    await subscription.locator('[part~="action-change"]').click();
    const dialog = manager.locator('[part~="dialog-change"]');
    await dialog.getByLabel('Plan').selectOption({ label: 'Growth' });
    await dialog.getByLabel('Billing period').selectOption('year');
    await dialog.getByLabel(/Number of seat/).fill(String(SEATS));
    const [response] = await Promise.all([
      // A 401 here is the expired session; the client gets a new one and asks again.
      page.waitForResponse((r) => r.url().endsWith(`/v1/subscriptions/${subscriptionId}/change/preview`) && r.status() !== 401),
      dialog.getByRole('button', { name: 'Review change' }).click(),
    ]);
    assert.equal(response.status(), 200);
    const preview = (await response.json()) as ChangePreview;

    // The server's lines are core's proration of the known demo prices at the preview's instant, to the cent.
    const expected = await expectedProration(new Date(preview.prorationDate));
    assert.deepEqual(preview.prorationLines.map((l) => [l.kind, l.amount]).sort(), expected.lines.map((l) => [l.kind, l.amount]).sort());
    assert.equal(preview.subtotal, expected.total);
    assert.ok(preview.subtotal > 0, 'an upgrade costs something now');
    const elapsed = (new Date(preview.prorationDate).getTime() - subscriptionPeriod.start.getTime()) / (subscriptionPeriod.end.getTime() - subscriptionPeriod.start.getTime());
    assert.ok(elapsed > 0.3 && elapsed < 0.45, `the change falls mid-period (${elapsed.toFixed(3)} of it elapsed)`);
    assert.equal(preview.amountDueNow, preview.subtotal - preview.discountTotal + preview.tax);

    // …and the buyer sees exactly those figures before confirming.
    const lines = dialog.locator('[part~="preview-line"]');
    assert.equal(await lines.count(), preview.prorationLines.length);
    for (const line of preview.prorationLines) {
      await assertText(dialog.locator(`[part~="preview-line-${line.kind}"]`), eur(line.amount));
    }
    await assertText(dialog.locator('[part~="preview-due"]'), eur(preview.amountDueNow));
    assert.ok(sessionsMinted > sessionsBefore, 'the expired session was replaced through getSession');
    await screenshot(page, '07-upgrade-preview', { always: true });
    await docsScreenshot(dialog, 'upgrade-preview', { modal: true });
    upgradePreview = preview;
  });

  test('confirms the upgrade; the billing history lists both invoices and the PDF downloads', async () => {
    const manager = page.locator('subkit-subscription-manager');
    const dialog = manager.locator('[part~="dialog-change"]');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/v1/subscriptions/${subscriptionId}/change`) && r.request().method() === 'POST'),
      dialog.getByRole('button', { name: 'Confirm change' }).click(),
    ]);
    assert.equal(response.status(), 200);
    const change = (await response.json()) as SubscriptionChangeResult;
    assert.equal(change.subscription.planId, 'plan_portal_growth');
    assert.ok(change.invoiceId, 'the upgrade was invoiced');
    await dialog.waitFor({ state: 'hidden' });
    const subscription = manager.locator(`[part~="subscription"][data-subscription="${subscriptionId}"]`);
    await assertText(subscription.locator('[part~="plan-name"]'), 'Growth');

    const history = page.locator('subkit-billing-history');
    const rows = history.locator('[part~="row"][data-id]');
    await history.locator(`[part~="row"][data-id="${change.invoiceId}"]`).waitFor();
    assert.equal(await rows.count(), 2);
    assert.deepEqual(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-id'))), [change.invoiceId, firstInvoiceId]);

    // The upgrade invoice, opened from the history: its proration lines are core's at the instant it was applied.
    const [invoiceResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/v1/invoices/${change.invoiceId}`)),
      history.locator(`[part~="row"][data-id="${change.invoiceId}"] [part~="number"]`).click(),
    ]);
    const invoice = (await invoiceResponse.json()) as Invoice;
    const prorated = invoice.lines.filter((l) => l.proration);
    assert.ok(prorated.length > 0, 'the invoice carries the proration lines');
    const at = new Date(prorated[0]!.periodStart);
    const expected = await expectedProration(at);
    assert.deepEqual(prorated.map((l) => l.amount).sort((a, b) => a - b), expected.lines.map((l) => l.amount).sort((a, b) => a - b));
    assert.equal(invoice.poNumber, PO_NUMBER);
    const detail = history.locator('[part~="dialog"]');
    await assertText(detail.locator('[part~="total"]'), eur(invoice.total));
    await screenshot(page, '08-upgrade-invoice', { always: true });
    await detail.locator('[part~="close"]').first().click();
    await screenshot(page, '09-account-after-upgrade', { always: true });
    await docsScreenshot(page.locator('subkit-subscription-manager').locator('xpath=..'), 'subscription-manager');
    await docsScreenshot(history.locator('xpath=..'), 'billing-history');
    if (process.env.SUBKIT_DOCS_SCREENSHOTS) {
      // The same page in dark mode: the brand's tokens switch and the widgets follow.
      await page.emulateMedia({ colorScheme: 'dark' });
      await docsPageScreenshot(page, 'account-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    }

    // Download both PDFs, as AP would.
    for (const [id, number] of [[change.invoiceId, invoice.number], [firstInvoiceId, null]] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), history.locator(`[part~="row"][data-id="${id}"] [part~="pdf"]`).click()]);
      const file = join(scratch, `${id}.pdf`);
      await download.saveAs(file);
      const bytes = readFileSync(file);
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
      assert.ok(bytes.length > 500, 'the PDF has content');
      if (number) assert.equal(download.suggestedFilename(), `${number}.pdf`);
    }
  });

  test("Globex's purchaser buys Starter for their own company, paying by test card", async () => {
    await page.goto(`${server.url}/`);
    await signInAs(OTHER_PURCHASER.customerId);
    const card = planCard('Starter');
    await card.locator('[part~="quantity-input"]').fill('3');
    await Promise.all([page.waitForURL(/\/checkout\.html\?/), card.getByRole('button', { name: /Choose Starter/ }).click()]);
    const checkout = page.locator('subkit-checkout');
    // Globex may not pay by invoice: the card form is the only way.
    await checkout.locator('[part~="due-today"]').waitFor();
    assert.equal(await checkout.locator('[part~="payment-option"]', { hasText: 'Pay by invoice' }).count(), 0);
    await checkout.getByLabel('Card number').fill('4242 4242 4242 4242');
    await checkout.getByLabel(/Expiry/).fill('12/30');
    await checkout.getByLabel('CVC').fill('123');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST'),
      checkout.getByRole('button', { name: /^Pay \$.+ and subscribe$/ }).click(),
    ]);
    assert.equal(response.status(), 200);
    const result = (await response.json()) as CheckoutResult;
    assert.equal(result.status, 'succeeded');
    assert.equal(result.subscription.currency, 'USD');
    assert.equal(result.subscription.collectionMethod, 'charge_automatically');
    otherSubscriptionId = result.subscription.id;
    await assertText(checkout.locator('[part~="success"]'), 'Thank you, you are subscribed');
  });

  test("Globex's viewer sees none of Acme's subscriptions or invoices and is offered no action", async () => {
    await page.goto(`${server.url}/account.html`);
    await signInAs(OTHER_VIEWER.customerId);
    assert.equal((await page.locator('#account-title').textContent())?.trim(), OTHER_VIEWER.company);
    const manager = page.locator('subkit-subscription-manager');
    const history = page.locator('subkit-billing-history');
    // Globex's own subscription and its paid invoice are there…
    await manager.locator(`[part~="subscription"][data-subscription="${otherSubscriptionId}"]`).waitFor();
    assert.equal(await manager.locator('[part~="subscription"]').count(), 1);
    await history.locator('[part~="row"][data-id]').first().waitFor();
    assert.equal(await history.locator('[part~="row"][data-id]').count(), 1);
    await assertText(history.locator('[part~="cell-status"]'), 'Paid');
    // …with the role notes that say why there is nothing to do.
    await assertText(manager.locator('[part~="note"]'), 'can see subscriptions but not change them');
    // Nothing of Acme anywhere on the page, shadow roots included.
    // A string, not a function: tsx's name-keeping helper does not exist in the page.
    const text = await page.evaluate<string>(`(() => {
      const texts = [document.body.innerText];
      const walk = (root) => { for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { texts.push(el.shadowRoot.textContent); walk(el.shadowRoot); } };
      walk(document);
      return texts.join(' ');
    })()`);
    for (const secret of [PO_NUMBER, subscriptionId, firstInvoiceId, PURCHASER.company, 'Growth']) {
      assert.ok(!text.includes(secret), `"${secret}" is not shown to Globex`);
    }
    // No action is offered: no action buttons in the manager, no pay buttons in the history.
    assert.equal(await manager.locator('[part~="actions"] button, [part~="pay-now"], [part~="upgrade"]').count(), 0);
    assert.equal(await history.locator('[part~="pay"]').count(), 0);
    await screenshot(page, '10-other-viewer-account', { always: true });
  });

  test("Globex's viewer sees Globex's prices, not Acme's plan or contract, and is offered nothing to buy", async () => {
    await page.goto(`${server.url}/`);
    const picker = page.locator('subkit-plan-picker');
    await picker.locator('[part~="note"]').waitFor();
    await assertText(picker.locator('[part~="note"]'), 'can see plans but not buy them');
    assert.equal(await picker.locator('[part~="currency-select"]').inputValue(), 'USD');
    assert.equal(await picker.locator('[part~="plan"]').count(), 3);
    // The current plan is Globex's own monthly Starter, not Acme's Growth; Acme's contract price is not shown.
    await planCard('Starter').locator('[part~="badge-current"]').waitFor();
    assert.equal(await picker.locator('[part~="badge-current"]').count(), 1);
    assert.equal(await picker.locator('[part~="badge-contract"]').count(), 0);
    // A viewer may look but not buy: the only call to action left is "Contact sales".
    const ctas = picker.locator('[part~="cta"]');
    assert.equal(await ctas.count(), 1);
    assert.equal((await ctas.first().textContent())?.trim(), 'Contact sales');
    await screenshot(page, '11-other-viewer-pricing', { always: true });
  });

  test('on a phone, the pages fit the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [['/account.html', '12-phone-account'], ['/', '13-phone-pricing'], ['/checkout.html?plan=plan_portal_starter&interval=month&seats=3&currency=USD', '14-phone-checkout']] as const) {
      await page.goto(`${server.url}${path}`);
      await page.locator('subkit-provider').first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px on a phone`);
      await screenshot(page, name, { always: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
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

/** The value next to a term in a widget's definition list. */
async function detailValue(details: Locator, term: RegExp): Promise<string> {
  const row = details.locator('div').filter({ has: details.page().locator('[part~="detail-term"]', { hasText: term }) });
  return ((await row.locator('[part~="detail-value"]').textContent()) ?? '').trim();
}

/**
 * Core's proration of the upgrade (Starter → Growth, yearly, 5 seats, the public EUR prices) at `at`:
 * a credit for the unused time of each Starter item and a charge for the rest of the period on each Growth item.
 */
async function expectedProration(at: Date) {
  const cat = await catalog();
  const yearlyEur = (planId: string) => {
    const price = plan(cat, planId).prices.find((p) => p.currency === 'EUR' && p.recurring.interval === 'year' && p.recurring.intervalCount === 1);
    assert.ok(price, `${planId} has a yearly EUR price`);
    return quotePrice(price, { quantity: SEATS }).items.map((i) => ({ key: i.priceItemId, description: i.description, amount: i.amount }));
  };
  return prorationLines({
    periodStart: subscriptionPeriod.start,
    periodEnd: subscriptionPeriod.end,
    at,
    oldItems: yearlyEur('plan_portal_starter'),
    newItems: yearlyEur('plan_portal_growth'),
  });
}
