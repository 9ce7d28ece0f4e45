// The demo storefront under its strict Content-Security-Policy and Trusted Types: every page, signed
// out and signed in, through a checkout by invoice, with script payloads in a plan's name, the
// company's name, a member's name and the PO number. No violation may be reported (neither by the
// page's securitypolicyviolation events nor by the browser's reports to the server), no payload may
// run, and each payload must show as the literal text it is.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { CspViolation } from '@subkit/reference-server/src/content-security.js';
import { screenshot, useStorefront, type RunningServer } from './harness.js';

// Each payload would set window.pwned if it ever ran as markup or script.
const PLAN_NAME = '<img src=x onerror="window.pwned=\'plan\'">Starter';
const COMPANY_NAME = '<script>window.pwned="company"</script>Acme';
const MEMBER_NAME = '<svg onload="window.pwned=\'member\'"></svg>Jonas';
const PO_NUMBER = '"><img src=x onerror=window.pwned=1>';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const reported: CspViolation[] = [];
const dialogs: string[] = [];
const pageErrors: string[] = [];

/** The violations the page itself saw (recorded from the first script on, by an init script). */
async function pageViolations(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { violations?: string[] }).violations ?? []);
}

async function expectClean(where: string): Promise<void> {
  // Reports reach the server asynchronously: give the browser a moment to send any.
  await page.waitForTimeout(300);
  assert.deepEqual(await pageViolations(), [], `${where}: CSP / Trusted Types violations seen by the page`);
  assert.deepEqual(reported, [], `${where}: violations reported to the server`);
  assert.equal(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned), undefined, `${where}: a payload ran`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  assert.deepEqual(pageErrors, [], `${where}: page errors`);
}

async function visit(path: string): Promise<void> {
  const response = await page.goto(`${server.url}${path}`);
  assert.ok(response, `${path} answered`);
  const csp = (await response.allHeaders())['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'(;|$)/, `${path}: scripts only from the page's origin`);
  assert.match(csp, /require-trusted-types-for 'script'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
}

async function assertText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

describe('the storefront under a strict CSP with Trusted Types', () => {
  const storefront = useStorefront({ server: { onCspViolation: (violation) => reported.push(violation) }, page: { viewport: { width: 1280, height: 900 }, locale: 'en-US' } });
  before(async () => {
    ({ server, browser, context, page } = storefront);
    await server.db.query('UPDATE plans SET name = $1 WHERE id = $2', [PLAN_NAME, 'plan_portal_starter']);
    await server.db.query('UPDATE companies SET name = $1 WHERE id = $2', [COMPANY_NAME, 'co_acme']);
    await server.db.query('UPDATE members SET name = $1 WHERE id = $2', [MEMBER_NAME, 'mem_acme_purchaser']);
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });


  test('the policy is what the page gets, on pages and on the widget bundle', async () => {
    const pageResponse = await fetch(`${server.url}/`);
    const bundle = await fetch(`${server.url}/subkit/subkit.js`);
    for (const response of [pageResponse, bundle]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /style-src 'self'(;|$)/);
      assert.match(csp, /trusted-types lit-html(;|$)/);
      assert.match(csp, /object-src 'none'/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
    // A malformed report is the sender's mistake: a 4xx in the API's error shape.
    const bad = await fetch(`${server.url}/storefront/csp-report`, { method: 'POST', headers: { 'content-type': 'application/csp-report' }, body: '{' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  });

  test('the policy bites: a raw string into a script sink is refused and reported', async () => {
    await visit('/');
    const refused = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x onerror="window.pwned=1">';
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });
    assert.equal(refused, true, 'innerHTML with a plain string throws under Trusted Types');
    assert.equal((await pageViolations()).filter((v) => v.startsWith('require-trusted-types-for')).length, 1);
    for (let i = 0; i < 20 && !reported.some((v) => v.directive === 'require-trusted-types-for'); i++) await page.waitForTimeout(100);
    assert.ok(reported.some((v) => v.directive === 'require-trusted-types-for'), 'the browser reported it to the server');
    reported.length = 0;
    await page.evaluate(() => ((window as unknown as { violations: string[] }).violations.length = 0));
  });

  test('signed out, every page loads without a violation and the plan name is text', async () => {
    for (const path of ['/', '/checkout.html', '/account.html']) {
      await visit(path);
      await page.locator('#buyer-switch:not([disabled])').waitFor();
      if (path === '/') await assertText(page.locator('subkit-plan-picker [part~="plan-name"]'), PLAN_NAME);
      await expectClean(`${path} signed out`);
    }
    await screenshot(page, 'csp-signed-out');
  });

  test('signed in, the member and company names are text in the login switch', async () => {
    await visit('/');
    const select = page.locator('#buyer-switch');
    await select.locator('option[value="acme-purchaser"]').waitFor({ state: 'attached' });
    assert.equal(await select.locator('option[value="acme-purchaser"]').textContent(), `${MEMBER_NAME} · Purchaser`);
    assert.equal(await select.locator('optgroup').first().getAttribute('label'), COMPANY_NAME);
    await Promise.all([page.waitForEvent('load'), select.selectOption('acme-purchaser')]);
    await page.locator('subkit-plan-picker [part~="badge-contract"]').first().waitFor();
    await expectClean('pricing signed in');
  });

  test('a checkout by invoice with a payload PO number and company name stays inert', async () => {
    const card = page.locator('subkit-plan-picker [part~="plan"]').filter({ has: page.locator('[part~="plan-name"]', { hasText: PLAN_NAME }) });
    await Promise.all([page.waitForURL(/\/checkout\.html\?/), card.locator('[part~="cta"]').click()]);
    const checkout = page.locator('subkit-checkout');
    await checkout.getByLabel('Company name').waitFor();
    assert.equal(await checkout.getByLabel('Company name').inputValue(), COMPANY_NAME);
    await checkout.locator('[part~="payment-option"]', { hasText: 'Pay by invoice' }).click();
    await checkout.getByLabel(/PO number/).fill(PO_NUMBER);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST'),
      checkout.getByRole('button', { name: 'Place order' }).click(),
    ]);
    assert.equal(response.status(), 200);
    await checkout.locator('[part~="success"]').waitFor();
    await expectClean('checkout');

    await visit('/account.html');
    const manager = page.locator('subkit-subscription-manager');
    await assertText(manager.locator('[part~="plan-name"]'), PLAN_NAME);
    await assertText(manager.locator('[part~="details"]'), PO_NUMBER);
    const history = page.locator('subkit-billing-history');
    await assertText(history.locator('[part~="cell-po"]'), PO_NUMBER);
    await screenshot(page, 'csp-account-payloads');
    await expectClean('account');
  });
});
