// The test clock through the demo storefront (test mode): Globex's billing admin has a monthly card
// subscription; moving the shop's time a month on the panel renews it (the renewal invoice appears in
// the billing history, paid); with a card that now declines, the next month puts the subscription past
// due; a new card and "Pay now" in the manager bring it back to active; a renewal on a card the bank
// always wants authenticated says "Authentication needed", and Pay now with the bank's confirmation settles it.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiAsMember, screenshot, useStorefront, type RunningServer } from './harness.js';

const ADMIN = 'globex-admin';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const STARTER = 'plan_portal_starter';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let subscriptionId = '';
const pageErrors: string[] = [];

/** Calls the API as the signed-in buyer would (test set-up only). */
const asAdmin = (method: string, path: string, body?: unknown) => apiAsMember(server, ADMIN, method, path, body);

/** Presses a step of the test-clock panel; the page reloads once the engine ran. */
async function advance(label: string): Promise<string[]> {
  const panel = page.getByRole('region', { name: 'Test clock' });
  await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), panel.getByRole('button', { name: label }).click()]);
  const lines = page.getByRole('region', { name: 'Test clock' }).locator('.clock-lines li');
  await lines.first().waitFor();
  return lines.allTextContents();
}

async function subscriptionStatus(): Promise<string> {
  const status = page.locator('subkit-subscription-manager [part~="status"]').first();
  await status.waitFor();
  return (await status.textContent())?.trim() ?? '';
}

describe('the test clock panel in the demo storefront', () => {
  const storefront = useStorefront({ page: { viewport: { width: 1280, height: 900 } } });
  before(async () => {
    ({ server, browser, context, page } = storefront);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // Set-up through the API: the checkout itself is the journey's to test.
    const result = await asAdmin('POST', '/v1/checkout', {
      planId: STARTER,
      currency: 'USD',
      recurring: { interval: 'month', intervalCount: 1 },
      quantity: 3,
      payment: { method: 'card', testCard: { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' } },
    });
    assert.equal(result.status, 'succeeded');
    subscriptionId = result.subscription.id;
    await page.goto(`${server.url}/account.html`);
    const select = page.locator('#buyer-switch');
    await select.locator(`option[value="${ADMIN}"]`).waitFor({ state: 'attached' });
    await Promise.all([page.waitForEvent('load'), select.selectOption(ADMIN)]);
  });


  test('the panel shows the shop\'s today; a month later the renewal invoice is in the history, paid', async () => {
    const panel = page.getByRole('region', { name: 'Test clock' });
    await panel.waitFor();
    const today = await panel.locator('time').getAttribute('datetime');
    assert.ok(today && Math.abs(Date.parse(today) - server.now().getTime()) < 60_000, `today is the engine's now: ${today}`);
    const history = page.locator('subkit-billing-history');
    await history.locator('[part~="row"][data-id]').first().waitFor();
    assert.equal(await history.locator('[part~="row"][data-id]').count(), 1);

    const lines = await advance('+1 month');
    const renewal = lines.find((l) => l.startsWith('Renewal invoice'));
    assert.ok(renewal, `the panel names the renewal invoice: ${lines.join(' | ')}`);
    assert.match(renewal, /: paid\.$/);
    assert.ok(lines.some((l) => l.startsWith('Charged $')), lines.join(' | '));
    const number = /Renewal invoice (\S+) for/.exec(renewal)![1]!;
    await history.locator('[part~="row"][data-id]').nth(1).waitFor();
    const row = history.locator('[part~="row"][data-id]').filter({ has: page.getByRole('button', { name: number, exact: true }) });
    assert.equal(await row.count(), 1, `invoice ${number} is in the history`);
    assert.equal((await row.locator('[part~="badge"]').first().textContent())?.trim(), 'Paid');
    assert.equal(await subscriptionStatus(), 'Active');
    await screenshot(page, 'test-clock-renewal');
  });

  test('with a card that declines now, the next month puts the subscription past due', async () => {
    const added = await asAdmin('POST', '/v1/payment-methods', { testCard: { number: '4000000000000341', expMonth: 12, expYear: 2034, cvc: '123' } });
    await asAdmin('POST', `/v1/payment-methods/${added.paymentMethod.id}/default`);
    await page.reload();
    const lines = await advance('+1 month');
    assert.ok(lines.some((l) => l.startsWith('The card was declined')), lines.join(' | '));
    assert.ok(lines.includes('Subscription active → past due.'), lines.join(' | '));
    assert.equal(await subscriptionStatus(), 'Past due');
    const banner = page.locator('subkit-subscription-manager [part~="banner-past-due"]');
    // The banner's words come with the open invoice (a skeleton holds their place until it is there).
    await banner.locator('p').first().waitFor();
    assert.match((await banner.textContent()) ?? '', /The last payment for .+ failed/);
    const open = page.locator('subkit-billing-history [part~="row"][data-id]').filter({ has: page.locator('[part~="badge-open"]') });
    await open.first().waitFor();
    assert.equal(await open.count(), 1, 'the declined renewal is the one open invoice');
    await screenshot(page, 'test-clock-past-due');
  });

  test('a new card and "Pay now" bring it back to active; the next day retries nothing', async () => {
    const manager = page.locator('subkit-subscription-manager');
    await manager.getByRole('button', { name: 'Update payment method' }).click();
    const dialog = manager.getByRole('dialog');
    await dialog.getByLabel('Card number').fill('4242 4242 4242 4242');
    await dialog.getByLabel(/Expiry/).fill('12/30');
    await dialog.getByLabel('Security code').fill('123');
    await dialog.getByRole('button', { name: 'Save card' }).click();
    await manager.getByText(/Your default payment method is now/).waitFor();
    const close = dialog.getByRole('button', { name: /Close|Done/ });
    if (await close.count()) await close.first().click();
    await manager.getByRole('button', { name: 'Pay now' }).click();
    const pay = manager.getByRole('dialog');
    await pay.getByRole('button', { name: /^Pay \$/ }).click();
    await manager.locator('[part~="status-active"]').waitFor({ timeout: 30_000 });
    assert.equal(await subscriptionStatus(), 'Active');
    const state = await asAdmin('GET', `/v1/subscriptions/${subscriptionId}`);
    assert.equal(state.status, 'active');
    const lines = await advance('+1 day');
    assert.ok(!lines.some((l) => l.startsWith('The card was declined')), `no retry after the payment: ${lines.join(' | ')}`);
    assert.equal(await subscriptionStatus(), 'Active');
    await screenshot(page, 'test-clock-recovered');
  });

  test('a renewal the bank wants authenticated (3-D Secure test card): the manager says so in words; Pay now and the bank\'s confirmation settle it', async () => {
    const added = await asAdmin('POST', '/v1/payment-methods', { testCard: { number: '4000002760003184', expMonth: 12, expYear: 2034, cvc: '123' } });
    await asAdmin('POST', `/v1/payment-methods/${added.paymentMethod.id}/default`);
    await page.reload();
    const lines = await advance('+1 month');
    assert.ok(lines.includes('Subscription active → past due.'), lines.join(' | '));
    const state = await asAdmin('GET', `/v1/subscriptions/${subscriptionId}`);
    assert.equal(state.paymentIssue?.reason, 'authentication_required', JSON.stringify(state.paymentIssue));
    const manager = page.locator('subkit-subscription-manager');
    await manager.locator('[part~="status-authentication"]').waitFor();
    assert.equal((await manager.locator('[part~="status-authentication"]').textContent())?.trim(), 'Authentication needed');
    const banner = manager.locator('[part~="banner-past-due"]');
    await banner.locator('p').first().waitFor();
    assert.match((await banner.textContent()) ?? '', /Your bank asks you to confirm the payment of \$[\d.,]+ for .+\. Pay now and confirm it with your bank/);
    await screenshot(page, 'test-clock-authentication-needed');
    await manager.getByRole('button', { name: 'Pay now' }).click();
    const pay = manager.getByRole('dialog');
    await pay.getByRole('button', { name: /^Pay \$/ }).click();
    await pay.getByRole('heading', { name: 'Confirm this payment' }).waitFor();
    await pay.getByRole('button', { name: 'Confirm payment' }).click();
    await manager.locator('[part~="status-active"]').waitFor({ timeout: 30_000 });
    assert.equal(await manager.locator('[part~="status-authentication"]').count(), 0, 'the status clears once paid');
    const after = await asAdmin('GET', `/v1/subscriptions/${subscriptionId}`);
    assert.deepEqual([after.status, after.paymentIssue], ['active', null]);
  });

  test('axe (WCAG 2.2 A/AA, colour contrast) finds nothing in the panel, light and dark; on a phone it fits', async () => {
    // axe is injected as a script, which the storefront's CSP (Trusted Types) refuses: this page alone
    // bypasses it (the CSP has its own end-to-end test, csp.test.ts).
    const axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, reducedMotion: 'reduce' });
    try {
      const axePage = await axeContext.newPage();
      await axePage.goto(`${server.url}/account.html`);
      await axePage.evaluate((id) => localStorage.setItem('storefront.buyer', id), ADMIN);
      await axePage.reload();
      const panel = axePage.getByRole('region', { name: 'Test clock' });
      await Promise.all([axePage.waitForEvent('load', { timeout: 60_000 }), panel.getByRole('button', { name: '+1 day' }).click()]);
      for (const scheme of ['light', 'dark'] as const) {
        await axePage.emulateMedia({ colorScheme: scheme });
        await axePage.getByRole('region', { name: 'Test clock' }).locator('.clock-lines li').first().waitFor();
        await axePage.addScriptTag({ content: AXE_SOURCE });
        const violations = await axePage.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
          const result = await axe.run({ include: [['.clock-panel']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
          return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
        });
        assert.deepEqual(violations, [], `${scheme}: ${violations.join('; ')}`);
      }
    } finally {
      await axeContext.close();
    }
    await page.reload();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('region', { name: 'Test clock' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the account page scrolls sideways by ${overflow}px on a phone`);
    await screenshot(page, 'test-clock-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('keyboard: the steps are reachable and pressed with Enter; no script error', async () => {
    const panel = page.getByRole('region', { name: 'Test clock' });
    const day = panel.getByRole('button', { name: '+1 day' });
    await day.focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '+1 week');
    const before = await panel.locator('time').getAttribute('datetime');
    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.keyboard.press('Enter')]);
    const after = await page.getByRole('region', { name: 'Test clock' }).locator('time').getAttribute('datetime');
    assert.equal(Date.parse(after!) - Date.parse(before!) >= 7 * 86_400_000 - 60_000, true, `${before} → ${after}`);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '+1 week', 'focus is back on the step pressed');
    assert.deepEqual(pageErrors, []);
  });

  test('in Arabic at 390 px the panel speaks Arabic, right to left — its steps, today, what a month did — and English again once switched back', async () => {
    const arContext = await browser.newContext({ viewport: { width: 390, height: 844 }, reducedMotion: 'reduce' });
    try {
      const arPage = await arContext.newPage();
      await arPage.goto(`${server.url}/account.html`);
      await arPage.evaluate((id) => {
        localStorage.setItem('storefront.buyer', id);
        localStorage.setItem('storefront.locale', 'ar');
      }, ADMIN);
      await arPage.reload();
      const panel = arPage.getByRole('region', { name: 'ساعة الاختبار' });
      await panel.waitFor();
      assert.equal(await panel.evaluate((el) => getComputedStyle(el).direction), 'rtl');
      assert.deepEqual(await panel.getByRole('group', { name: 'تقديم الوقت' }).getByRole('button').allTextContents(), ['+ يوم', '+ أسبوع', '+ شهر']);
      assert.match((await panel.locator('.clock-now').textContent()) ?? '', /^اليوم في المتجر: /);
      await Promise.all([arPage.waitForEvent('load', { timeout: 60_000 }), panel.getByRole('button', { name: '+ شهر' }).click()]);
      const moved = arPage.getByRole('region', { name: 'ساعة الاختبار' }).locator('.clock-moved');
      await moved.waitFor();
      assert.match((await moved.textContent()) ?? '', /^تقدّم الوقت من .+ إلى .+:$/);
      const lines = await arPage.locator('.clock-lines li').allTextContents();
      assert.ok(lines.length > 0);
      // Nothing in English but invoice numbers (a token with a digit) and a currency's code.
      const english = lines.filter((line) => /[A-Za-z]{3,}/.test(line.replace(/\S*\d\S*/g, '')));
      assert.deepEqual(english, [], lines.join(' | '));
      // An amount or an invoice number keeps its order inside the Arabic sentence (isolated: U+2068…U+2069).
      assert.ok(lines.every((line) => !/\d/.test(line) || /\u2068[^\u2069]*\d[^\u2069]*\u2069/.test(line)), lines.join(' | '));
      // …and "US$" stays whole beside its figure (not "$US 93.00").
      const dollars = lines.filter((line) => line.includes('US$'));
      assert.ok(dollars.length > 0 && dollars.every((line) => line.includes('\u2068US$\u2069')), lines.join(' | '));
      assert.equal(await arPage.evaluate(() => document.scrollingElement!.scrollWidth), 390, 'the panel fits the phone');
      await screenshot(arPage, 'test-clock-ar-390');
      // The language switch redraws the panel (no reload): its words and what the month did, in English.
      await arPage.locator('#lang-switch').selectOption('en');
      const english2 = arPage.getByRole('region', { name: 'Test clock' });
      await english2.waitFor();
      assert.match((await english2.locator('.clock-moved').textContent()) ?? '', /^Moved from .+ to .+:$/);
      assert.match((await english2.locator('.clock-lines li').first().textContent()) ?? '', /^(Renewal invoice|Invoice|Charged|The |Subscription|Nothing)/);
      assert.deepEqual(await english2.getByRole('button').allTextContents(), ['+1 day', '+1 week', '+1 month']);
    } finally {
      await arContext.close();
    }
  });

  test('signed out, the panel does not speak of "your company": it counts the shop\'s updates and says how to see one\'s own', async () => {
    const outContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    try {
      const outPage = await outContext.newPage();
      await outPage.goto(`${server.url}/`);
      const panel = outPage.getByRole('region', { name: 'Test clock' });
      await Promise.all([outPage.waitForEvent('load', { timeout: 60_000 }), panel.getByRole('button', { name: '+1 month' }).click()]);
      const lines = outPage.getByRole('region', { name: 'Test clock' }).locator('.clock-lines li');
      await lines.first().waitFor();
      const said = await lines.allTextContents();
      assert.equal(said.length, 1, said.join(' | '));
      assert.match(said[0]!, /^(\d+ updates for the shop's companies — choose who you are in “Signed in as” to see your company's\.|Nothing was due in the shop\.)$/);
    } finally {
      await outContext.close();
    }
  });
});
