// The merchant console, as the merchant sees it: Globex's billing admin starts a Growth trial in the
// storefront's API, the console shows no recurring revenue yet; the test clock passes the trial's end, the
// renewal converts it, and the console shows the MRR it brings — read by the revenue dashboard with a
// merchant session the console's backend minted (the secret key never in the browser).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formatMoney, type Catalog } from '@subkit/core';
import { axeViolations, screenshot, useStorefront, type RunningServer } from './harness.js';

const BUYER = 'globex-admin';
const SEATS = 5;

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** Content-Security-Policy and Trusted Types violations: reported to the server, and seen by the page. */
const reported: unknown[] = [];
const pageViolations = () => page.evaluate(() => (window as unknown as { violations?: string[] }).violations ?? []);

async function api(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, origin: server.url, 'content-type': 'application/json', 'idempotency-key': `console-${Math.random()}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as any;
  assert.equal(response.status, 200, `${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

/** The dashboard's MRR figure, once the figures are on screen. */
async function mrrShown(): Promise<string> {
  const value = page.locator('subkit-revenue-dashboard [part~="figure-mrr"] [part~="figure-value"]');
  await value.waitFor();
  return (await value.textContent())!.trim();
}

describe('the merchant console', () => {
  const storefront = useStorefront({ server: { onCspViolation: (violation) => reported.push(violation) }, page: { viewport: { width: 1280, height: 900 } } });
  before(async () => {
    ({ server, browser, page } = storefront);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
    });
  });

  test('shows no revenue before anything is paid, and never hands the browser the secret key', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.url()} ${request.headers().authorization ?? ''}`));
    await page.goto(`${server.url}/console`);
    const dashboard = page.locator('subkit-revenue-dashboard');
    await dashboard.locator('[part~="empty"]').waitFor();
    assert.equal((await dashboard.locator('[part~="empty"]').textContent())?.trim(), 'No recurring revenue yet.');
    assert.ok(requests.some((r) => r.includes('/v1/metrics') && / Bearer ms_test_/.test(r)), 'the dashboard reads with a merchant session');
    assert.ok(!requests.some((r) => r.includes(server.secretKey)), 'the secret key never leaves the server');
  });

  test('a renewal moves MRR on the console: the trial converts at its end', async () => {
    const session = await (await fetch(`${server.url}/storefront/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ customerId: BUYER }) })).json();
    const catalog = (await api('GET', '/v1/catalog?currency=USD', session.token)) as Catalog;
    const growth = catalog.products.flatMap((p) => p.plans).find((p) => p.id === 'plan_portal_growth')!;
    const price = growth.prices.find((p) => p.currency === 'USD' && p.recurring.interval === 'month')!;
    const monthly = price.items.reduce((sum, item) => sum + (item.model.type === 'flat' ? item.model.amount : item.model.type === 'per_unit' ? item.model.unitAmount * SEATS : 0), 0);
    const bought = await api('POST', '/v1/checkout', session.token, {
      planId: growth.id,
      currency: 'USD',
      recurring: { interval: 'month', intervalCount: 1 },
      quantity: SEATS,
      trial: true,
      payment: { method: 'card', testCard: { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' } },
    });
    assert.equal(bought.subscription.status, 'trialing');

    await page.reload();
    await page.locator('subkit-revenue-dashboard [part~="empty"]').waitFor();
    await screenshot(page, 'console-trial');

    const advanced = await api('POST', '/v1/test-clock/advance', server.secretKey, { by: `P${(growth.trialDays ?? 14) + 1}D` });
    assert.ok(advanced.statusChanges.some((c: { subscriptionId: string; to: string }) => c.subscriptionId === bought.subscription.id && c.to === 'active'), JSON.stringify(advanced.statusChanges));

    await page.reload();
    assert.equal(await mrrShown(), formatMoney(monthly, 'USD', 'en'));
    const companies = page.locator('subkit-revenue-dashboard [part~="figure-activeCompanies"] [part~="figure-value"]');
    assert.equal((await companies.textContent())?.trim(), '1');
    await screenshot(page, 'console-after-renewal');
    assert.deepEqual(pageErrors, []);
    // The admin script and its chart library run under the storefront's strict CSP and Trusted Types.
    assert.deepEqual(await pageViolations(), [], 'CSP / Trusted Types violations seen by the page');
    assert.deepEqual(reported, [], 'violations reported to the server');
  });

  // The B2B half of getting paid: Acme's accounts payable pays its net-terms invoice by the bank transfer the PDF
  // asks for, after the due date; the merchant records it on the console, by keyboard alone.
  test('records a bank transfer: the overdue invoice is paid and its subscription back in service', async () => {
    const session = await (await fetch(`${server.url}/storefront/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ customerId: 'acme-admin' }) })).json();
    const bought = await api('POST', '/v1/checkout', session.token, {
      planId: 'plan_portal_starter', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 3, payment: { method: 'invoice', poNumber: 'PO-E2E-1' },
    });
    const first = await api('GET', `/v1/invoices/${bought.invoiceId}`, session.token);
    // Past its due date (net 30) and into the next period: the first is overdue, the renewal not due yet.
    await api('POST', '/v1/test-clock/advance', server.secretKey, { to: new Date(Date.parse(first.dueAt) + 3 * 86_400_000).toISOString() });
    const fresh = await (await fetch(`${server.url}/storefront/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ customerId: 'acme-admin' }) })).json();
    assert.equal((await api('GET', `/v1/subscriptions/${bought.subscription.id}`, fresh.token)).status, 'past_due');

    await page.goto(`${server.url}/console`);
    const panel = page.getByRole('region', { name: 'Open invoices' });
    const items = panel.getByRole('listitem');
    await items.first().waitFor();
    const owed = await items.allTextContents();
    assert.ok(owed.length >= 2 && owed[0]!.includes(first.number) && owed[0]!.includes('Overdue since'), owed.join(' | '));
    assert.ok(owed[0]!.includes(formatMoney(first.amountRemaining, 'EUR', 'en')), owed[0]);
    await panel.getByRole('button', { name: `Record bank transfer for ${first.number}` }).focus();
    await page.keyboard.press('Enter');
    await panel.getByRole('status').filter({ hasText: `${first.number} is recorded as paid by bank transfer.` }).waitFor();
    await page.waitForFunction((n) => ![...document.querySelectorAll('#receivables-list li')].some((li) => li.textContent?.includes(n)), first.number);
    // Focus stays in the panel, on the next invoice's button.
    assert.match((await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '', /^Record bank transfer for INV-/);
    await screenshot(page, 'console-transfer-recorded');

    const paid = await api('GET', `/v1/invoices/${first.id}`, fresh.token);
    assert.deepEqual([paid.status, paid.amountRemaining], ['paid', 0]);
    assert.equal((await api('GET', `/v1/subscriptions/${bought.subscription.id}`, fresh.token)).status, 'active');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await pageViolations(), [], 'CSP / Trusted Types violations seen by the page');
  });

  test('axe (WCAG 2.2 A/AA, colour contrast) finds nothing on the console with its revenue, in the brand\'s light and dark', async () => {
    // axe is injected as a script, which the storefront's CSP refuses: this context bypasses it (csp.test.ts checks the CSP).
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, reducedMotion: 'reduce' });
    try {
      const axePage = await context.newPage();
      for (const scheme of ['light', 'dark'] as const) {
        await axePage.emulateMedia({ colorScheme: scheme });
        await axePage.goto(`${server.url}/console.html`);
        await axePage.locator('subkit-revenue-dashboard [part~="figure-mrr"] [part~="figure-value"]').waitFor();
        assert.deepEqual(await axeViolations(axePage), [], scheme);
      }
    } finally {
      await context.close();
    }
  });

  test('in Arabic on a 390 px phone: the open invoices read right to left, fit the screen, and axe finds nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true, reducedMotion: 'reduce' });
    try {
      await context.addInitScript(() => localStorage.setItem('storefront.locale', 'ar'));
      const phone = await context.newPage();
      await phone.goto(`${server.url}/console.html`);
      const panel = phone.getByRole('region', { name: 'الفواتير المفتوحة' });
      await panel.getByRole('button', { name: /^تسجيل تحويل مصرفي: INV-/ }).first().waitFor();
      assert.equal(await phone.evaluate(() => document.documentElement.dir), 'rtl');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'nothing wider than the phone');
      await screenshot(phone, 'console-receivables-ar-phone');
      assert.deepEqual(await axeViolations(phone), []);
    } finally {
      await context.close();
    }
  });
});
