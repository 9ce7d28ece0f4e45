// The buyer journey in Arabic on a 390 px phone, keyboard only (issue #15): the storefront's language switch puts
// the page and its widgets into Arabic, and Acme's purchaser picks Starter with 5 seats, checks out by invoice,
// upgrades it to Growth in the subscription manager and opens the upgrade invoice in the billing history — seeing
// the catalog's Arabic texts (plan names, units counted the Arabic way), right-to-left layout, amounts formatted
// for Arabic, and no English unit word anywhere.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Catalog, CheckoutResult, SubscriptionChangeResult } from '@subkit/core';
import { axeViolations, screenshot, useStorefront, type RunningServer } from './harness.js';

const PO_NUMBER = 'PO-ACME-AR-7';
/** English words a unit or a catalog text of the demo would leave behind. */
const ENGLISH_UNITS = /\b(seats?|vehicles?|cases?|hours?|Starter|Growth|Platform fee|Seats)\b/;
const WIDGETS = 'subkit-plan-picker, subkit-checkout, subkit-subscription-manager, subkit-billing-history';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let subscriptionId = '';
let upgradeInvoiceId = '';
const pageErrors: string[] = [];

/** The text a buyer sees in every widget of the page (shadow roots included). */
function widgetText(): Promise<string> {
  return page.evaluate((selector) => [...document.querySelectorAll(selector)].map((w) => (w.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ')).join(' | '), WIDGETS);
}

async function assertNoEnglishUnits(where: string): Promise<void> {
  const text = await widgetText();
  const found = ENGLISH_UNITS.exec(text);
  assert.equal(found, null, `${where}: English left ("${found?.[0]}") in: ${text.slice(Math.max(0, (found?.index ?? 0) - 80), (found?.index ?? 0) + 80)}`);
}

/** Money as Chromium's Intl formats it for Arabic, the amount and its currency symbol bidi-isolated (what the widgets must show). */
function arabicMoney(minor: number, currency = 'EUR'): Promise<string> {
  return page.evaluate(([amount, code]) => {
    const format = new Intl.NumberFormat('ar', { style: 'currency', currency: code as string, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const symbol = format.formatToParts(1).find((p) => p.type === 'currency')!.value;
    return `\u2068${format.format((amount as number) / 100).replace(symbol, `\u2068${symbol}\u2069`)}\u2069`;
  }, [minor, currency] as const);
}

/** Presses a control with the keyboard: focus, then Enter (or Space for radios and checkboxes). */
async function press(locator: Locator, key: 'Enter' | ' ' = 'Enter'): Promise<void> {
  await locator.focus();
  await page.keyboard.press(key);
}

/** Types into a field with the keyboard, replacing what is there. */
async function typeInto(locator: Locator, value: string): Promise<void> {
  await locator.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value);
}

async function assertAccessible(where: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], where);
}

async function assertText(locator: Locator, expected: string): Promise<void> {
  try {
    await locator.filter({ hasText: expected }).first().waitFor({ timeout: 15_000 });
  } catch {
    assert.fail(`expected "${expected}" in ${locator}, got "${(await locator.allTextContents()).join(' | ')}"`);
  }
}

async function isRtl(widget: Locator): Promise<boolean> {
  return widget.evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('[dir]') ?? el).direction === 'rtl');
}

/** The catalog as the API answers it in Arabic, with the session's company prices. */
async function arabicCatalog(): Promise<Catalog> {
  const config = (await (await fetch(`${server.url}/storefront/config`)).json()) as { publishableKey: string };
  const response = await fetch(`${server.url}/v1/catalog?locale=ar`, { headers: { authorization: `Bearer ${config.publishableKey}` } });
  return (await response.json()) as Catalog;
}

describe('the buyer journey in Arabic, 390 px, keyboard only', () => {
  // axe is injected as a script, which the storefront's CSP refuses: this page bypasses it (csp.test.ts checks the CSP).
  const storefront = useStorefront({ page: { viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light', deviceScaleFactor: 1, bypassCSP: true } });
  before(() => {
    ({ server, browser, context, page } = storefront);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  test('the language switch puts the page and its widgets into Arabic, right to left, without a reload', async () => {
    await page.goto(`${server.url}/`);
    await page.evaluate(() => localStorage.setItem('storefront.buyer', 'acme-purchaser'));
    await page.reload();
    const picker = page.locator('subkit-plan-picker');
    await picker.locator('[part~="plan-name"]', { hasText: 'Starter' }).first().waitFor();
    let loads = 0;
    page.on('load', () => (loads += 1));

    const language = page.getByLabel('Language');
    await language.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'arrow keys only move through the languages');
    const catalogInArabic = page.waitForResponse((r) => r.url().includes('/v1/catalog') && new URL(r.url()).searchParams.get('locale') === 'ar');
    await page.keyboard.press('Enter');
    const response = await catalogInArabic;
    assert.equal(((await response.json()) as Catalog).locale, 'ar');
    assert.match(response.headers()['vary'] ?? '', /Accept-Language/i);

    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['ar', 'rtl']);
    await picker.locator('[part~="plan-name"]', { hasText: 'المبتدئة' }).waitFor();
    assert.equal(loads, 0, 'no reload');
    assert.equal(await isRtl(picker), true);
    await page.getByLabel('اللغة').waitFor();
    await page.getByRole('link', { name: 'الأسعار', exact: true }).waitFor();
    await page.getByRole('link', { name: 'عروض الأسعار' }).waitFor();
  });

  test('picks Starter with 5 seats: Arabic plan texts, seats counted the Arabic way, amounts formatted for Arabic', async () => {
    const picker = page.locator('subkit-plan-picker');
    const card = picker.locator('[part~="plan"]').filter({ has: page.locator('[part~="plan-name"]', { hasText: /^المبتدئة$/ }) });
    await card.getByLabel('عدد المقاعد').waitFor();
    await assertText(card, 'لكل مقعد');
    await typeInto(card.getByLabel('عدد المقاعد'), '5');
    const catalog = await arabicCatalog();
    const starter = catalog.products.flatMap((p) => p.plans).find((p) => p.id === 'plan_portal_starter')!;
    assert.equal(starter.name, 'المبتدئة');
    const monthly = starter.prices.find((p) => p.currency === 'EUR' && p.recurring.interval === 'month')!;
    const items = monthly.items.map((i) => (i.model.type === 'flat' ? i.model.amount : i.model.type === 'per_unit' ? i.model.unitAmount * 5 : 0));
    await assertText(card.locator('[part~="amount"]'), await arabicMoney(items.reduce((a, b) => a + b, 0)));
    await assertText(picker, 'البريد الإلكتروني');
    await assertNoEnglishUnits('pricing');
    await screenshot(page, 'ar-390-01-pricing');
    await assertAccessible('pricing');

    await Promise.all([page.waitForURL(/\/checkout\.html\?/), press(card.getByRole('button', { name: 'اختر المبتدئة' }))]);
    assert.equal(new URL(page.url()).searchParams.get('seats'), '5');
  });

  test('checks out by invoice with a PO number, in Arabic', async () => {
    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['ar', 'rtl'], 'the language is kept across pages');
    const checkout = page.locator('subkit-checkout');
    await checkout.locator('[part~="due-today"]').waitFor();
    assert.equal(await isRtl(checkout), true);
    await assertText(checkout, 'المبتدئة');
    await press(checkout.getByRole('radio', { name: 'الدفع بفاتورة' }), ' ');
    await typeInto(checkout.getByLabel('رقم أمر الشراء (اختياري)'), PO_NUMBER);
    await assertNoEnglishUnits('checkout');
    await screenshot(page, 'ar-390-02-checkout');
    await assertAccessible('checkout');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST'),
      press(checkout.getByRole('button', { name: 'أرسل الطلب' })),
    ]);
    assert.equal(response.status(), 200);
    const result = (await response.json()) as CheckoutResult;
    subscriptionId = result.subscription.id;
    await assertText(checkout.locator('[part~="success"]'), 'شكرًا لك، تم اشتراكك');
    // Five is counted with the plural ("٥ × مقاعد"), in the page's Arabic digits.
    const five = await page.evaluate(() => new Intl.NumberFormat('ar').format(5));
    await assertText(checkout.locator('[part~="success"]'), `${five} × مقاعد`);
    await assertText(checkout.locator('[part~="success"]'), 'المبتدئة');
    // The storefront's own thank-you names the plan as the widget does (the subscription carries "Starter").
    await page.locator('#bought-notice:not([hidden])').waitFor();
    assert.equal(await page.locator('#bought-text').textContent(), 'أصبحت \u2068المبتدئة\u2069 الآن ضمن حساب شركتك.');
    await assertNoEnglishUnits('checkout done');
    await screenshot(page, 'ar-390-03-checkout-done');
    await assertAccessible('checkout done');
  });

  test('the manager shows the subscription in Arabic and upgrades it to Growth with a preview of Arabic amounts', async () => {
    await Promise.all([page.waitForURL(/\/account\.html$/), press(page.getByRole('link', { name: 'انتقل إلى حسابك' }))]);
    const manager = page.locator('subkit-subscription-manager');
    const subscription = manager.locator(`[part~="subscription"][data-subscription="${subscriptionId}"]`);
    await assertText(subscription.locator('[part~="plan-name"]'), 'المبتدئة');
    await assertText(subscription.locator('[part~="detail-term"]'), 'عدد المقاعد');
    assert.equal(await isRtl(manager), true);
    await assertNoEnglishUnits('account');
    await screenshot(page, 'ar-390-04-account');
    await assertAccessible('account');

    await press(subscription.getByRole('button', { name: 'تغيير الخطة' }));
    const dialog = manager.locator('[part~="dialog-change"]');
    const plan = dialog.getByLabel('الخطة');
    await plan.waitFor();
    await plan.focus();
    await plan.selectOption({ label: 'النمو' });
    const [previewResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/v1/subscriptions/${subscriptionId}/change/preview`)),
      press(dialog.getByRole('button', { name: 'مراجعة التغيير' })),
    ]);
    assert.equal(previewResponse.status(), 200);
    await dialog.locator('[part~="preview-lines"]').waitFor();
    // The credits for Starter's unused time are negative amounts with Intl's own sign, isolated as one amount.
    const preview = (await previewResponse.json()) as { prorationLines: { kind: string; amount: number }[]; currency: string };
    const credits = preview.prorationLines.filter((l) => l.amount < 0);
    assert.ok(credits.length > 0, 'the upgrade credits the unused time');
    for (const credit of credits) await assertText(dialog.locator('[part~="preview-line"]'), await arabicMoney(credit.amount, preview.currency));
    await assertText(dialog.locator('[part~="preview-line"]'), 'الوقت غير المستخدم من المبتدئة');
    await assertNoEnglishUnits('change preview');
    await screenshot(page, 'ar-390-05-change-preview');
    await assertAccessible('change preview dialog');
    const [changeResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/v1/subscriptions/${subscriptionId}/change`) && r.request().method() === 'POST'),
      press(dialog.getByRole('button', { name: 'تأكيد التغيير' })),
    ]);
    assert.equal(changeResponse.status(), 200);
    const change = (await changeResponse.json()) as SubscriptionChangeResult;
    assert.ok(change.invoiceId);
    upgradeInvoiceId = change.invoiceId;
    await dialog.waitFor({ state: 'hidden' });
    await assertText(subscription.locator('[part~="plan-name"]'), 'النمو');
  });

  test('the billing history lists the invoices with Arabic amounts, and the upgrade invoice reads in Arabic', async () => {
    const history = page.locator('subkit-billing-history');
    const row = history.locator(`[part~="row"][data-id="${upgradeInvoiceId}"]`);
    await row.waitFor();
    const invoice = (await page.evaluate(async (id) => {
      const session = await fetch('/storefront/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 'acme-purchaser' }) });
      const { token } = (await session.json()) as { token: string };
      return (await fetch(`/v1/invoices/${id}`, { headers: { authorization: `Bearer ${token}` } })).json();
    }, upgradeInvoiceId)) as { total: number; currency: string };
    await assertText(row.locator('[part~="cell-amount"]'), await arabicMoney(invoice.total, invoice.currency));
    assert.equal(await isRtl(history), true);
    await assertNoEnglishUnits('history');
    await screenshot(page, 'ar-390-06-history');
    await assertAccessible('history');

    await press(row.locator('[part~="number"]'));
    const detail = history.locator('dialog[open]');
    await detail.waitFor();
    await assertText(detail, 'النمو');
    await assertNoEnglishUnits('invoice dialog');
    await assertAccessible('invoice dialog');
    const shot = await screenshot(page, 'ar-390-07-invoice');
    if (shot) await detail.screenshot({ path: shot.replace(/\.png$/, '-dialog.png') });
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    assert.deepEqual(pageErrors, []);
  });
});
