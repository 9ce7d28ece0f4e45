// A merchant who keeps subscriptions on hold when dunning ends (SUBKIT_DUNNING_END=unpaid), through the demo
// storefront: Globex's billing admin renews on a card that now declines; once the retries ran out the manager
// says the subscription is on hold and what restores it, and its "Pay now" (with a working card) brings it back.
// The same shop bills Acme by invoice at net 30, whose overdue invoice the manager must name (not the next one).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { apiAsMember, axeViolations, screenshot, useStorefront, type RunningServer } from './harness.js';

const ADMIN = 'globex-admin';
const ACME = 'acme-admin';
const DAY = 86_400_000;
const card = (number: string) => ({ testCard: { number, expMonth: 12, expYear: 2034, cvc: '123' } });

let server: RunningServer;
let page: Page;
let browser: Browser;
let subscriptionId = '';
let acmeSubscriptionId = '';
const pageErrors: string[] = [];

const asAdmin = (method: string, path: string, body?: unknown) => apiAsMember(server, ADMIN, method, path, body);

/** Moves the shop's time with the test clock's API (the panel's steps are the test-clock file's to test). */
async function advanceTo(at: Date): Promise<void> {
  const res = await fetch(`${server.url}/v1/test-clock/advance`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: at.toISOString() }),
  });
  assert.equal(res.status, 200, await res.text());
}

describe('a subscription on hold after dunning (SUBKIT_DUNNING_END=unpaid)', () => {
  const storefront = useStorefront({
    server: { env: { SUBKIT_DUNNING_END: 'unpaid', SUBKIT_DUNNING_RETRY_DAYS: '1' } },
    page: { viewport: { width: 1280, height: 900 } },
  });
  before(async () => {
    ({ server, page, browser } = storefront);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const result = await asAdmin('POST', '/v1/checkout', {
      planId: 'plan_portal_starter',
      currency: 'USD',
      recurring: { interval: 'month', intervalCount: 1 },
      quantity: 3,
      payment: { method: 'card', ...card('4242424242424242') },
    });
    assert.equal(result.status, 'succeeded');
    subscriptionId = result.subscription.id;
    // The card on file declines from now on: the renewal fails, the one retry a day later too.
    const declining = await asAdmin('POST', '/v1/payment-methods', card('4000000000000341'));
    await asAdmin('POST', `/v1/payment-methods/${declining.paymentMethod.id}/default`);
    // Acme pays by invoice at net 30: its first invoice falls due about when the next month's is issued.
    const invoiced = await apiAsMember(server, ACME, 'POST', '/v1/checkout', {
      planId: 'plan_portal_starter',
      currency: 'EUR',
      recurring: { interval: 'month', intervalCount: 1 },
      quantity: 3,
      payment: { method: 'invoice' },
    });
    acmeSubscriptionId = invoiced.subscription.id;
    await advanceTo(new Date(Date.parse(result.subscription.currentPeriodEnd) + 2 * DAY));
    assert.equal((await asAdmin('GET', `/v1/subscriptions/${subscriptionId}`)).status, 'unpaid');
    await page.goto(`${server.url}/account.html`);
    const select = page.locator('#buyer-switch');
    await select.locator(`option[value="${ADMIN}"]`).waitFor({ state: 'attached' });
    await Promise.all([page.waitForEvent('load'), select.selectOption(ADMIN)]);
  });

  test('in Arabic on a 390 px phone: the banner speaks Arabic, right to left, with its Pay now; axe (with colour contrast) finds nothing', async () => {
    // axe is injected as a script, which the storefront's CSP refuses: this page bypasses it (csp.test.ts checks the CSP).
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, reducedMotion: 'reduce', bypassCSP: true });
    try {
      const arabic = await phone.newPage();
      await arabic.addInitScript((buyer) => {
        localStorage.setItem('storefront.buyer', buyer);
        localStorage.setItem('storefront.locale', 'ar');
      }, ADMIN);
      await arabic.goto(`${server.url}/account.html`);
      const manager = arabic.locator('subkit-subscription-manager');
      const banner = manager.getByRole('alert').filter({ hasText: 'أُوقفت' });
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', /فشلت دفعات .+ ولن تُعاد محاولتها، لذا أُوقفت الخدمة مؤقتًا\. ادفع الفاتورة المفتوحة بقيمة .+ لاستعادتها\./);
      await manager.getByRole('button', { name: 'ادفع الآن' }).waitFor();
      assert.equal(await manager.locator('[part~="base"]').getAttribute('dir'), 'rtl');
      const box = await banner.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the banner fits the phone: ${JSON.stringify(box)}`);
      assert.deepEqual(await axeViolations(arabic), []);
      await screenshot(arabic, 'unpaid-on-hold-ar-phone');
      // Canceling it, in Arabic: the choices say it stays on hold until the period end, or what canceling now takes off.
      await manager.getByRole('button', { name: 'إلغاء الاشتراك' }).click();
      const dialog = manager.getByRole('dialog');
      await dialog.getByRole('radio', { name: 'السعر مرتفع جدًا' }).check();
      await dialog.getByRole('button', { name: 'متابعة' }).click();
      await dialog.getByRole('heading', { name: 'تأكيد الإلغاء' }).waitFor();
      await dialog.getByRole('radio', { name: /تبقى الخدمة موقوفة حتى ذلك الحين$/ }).waitFor();
      await dialog.getByRole('radio', { name: 'فورًا؛ يُخصم الوقت غير المستخدم من المبلغ المستحق عليك' }).waitFor();
      const sheet = await dialog.boundingBox();
      assert.ok(sheet && sheet.x >= 0 && sheet.x + sheet.width <= 390, `the dialog fits the phone: ${JSON.stringify(sheet)}`);
      assert.deepEqual(await axeViolations(arabic), []);
      await screenshot(arabic, 'unpaid-cancel-ar-phone');
      await dialog.getByRole('button', { name: 'الإبقاء على الاشتراك' }).click();
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await phone.close();
    }
  });

  // Before, the manager named the newest open invoice: with net 30 on monthly billing, the next month's, not due yet.
  test('net terms: the overdue invoice is the one the manager names, not the next month\'s issued meanwhile', async () => {
    const open = (await apiAsMember(server, ACME, 'GET', `/v1/invoices?subscriptionId=${acmeSubscriptionId}&status=open`)).data as { number: string; dueAt: string }[];
    assert.equal(open.length, 2, 'the overdue invoice and the next one');
    const [next, overdue] = open;
    assert.ok(overdue!.dueAt < next!.dueAt);
    assert.equal((await apiAsMember(server, ACME, 'GET', `/v1/subscriptions/${acmeSubscriptionId}`)).status, 'past_due');
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const acme = await other.newPage();
      await acme.addInitScript((buyer) => localStorage.setItem('storefront.buyer', buyer), ACME);
      await acme.goto(`${server.url}/account.html`);
      const banner = acme.locator('subkit-subscription-manager').getByRole('alert').filter({ hasText: 'overdue' });
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', new RegExp(`Invoice ${overdue!.number} for .+ is overdue: €[\\d,.]+ to pay by bank transfer\\.`));
      await screenshot(acme, 'net-terms-overdue');
    } finally {
      await other.close();
    }
  });

  // Before, an unpaid subscription had no Cancel (the engine answered 409): a company could not leave it, and each
  // period issued it one more invoice.
  test('the buyer can cancel it (keyboard only): at the period end it stays on hold until then, and Reactivate takes that back', async () => {
    const manager = page.locator('subkit-subscription-manager');
    await manager.getByRole('alert').filter({ hasText: 'on hold' }).waitFor();
    await manager.getByRole('button', { name: 'Cancel subscription' }).focus();
    await page.keyboard.press('Enter');
    const dialog = manager.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'It is too expensive' }).focus();
    await page.keyboard.press('Space');
    await dialog.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    // No offer to stay for a subscription on hold: the engine answers none, the dialog goes on to when.
    await dialog.getByRole('heading', { name: 'Confirm cancellation' }).waitFor();
    const atPeriodEnd = dialog.getByRole('radio', { name: /^At the end of the current period \(.+\); it stays on hold until then$/ });
    assert.equal(await atPeriodEnd.isChecked(), true);
    await dialog.getByRole('button', { name: 'Cancel subscription' }).focus();
    await page.keyboard.press('Enter');
    await manager.getByText('Cancels at period end').waitFor();
    const scheduled = await asAdmin('GET', `/v1/subscriptions/${subscriptionId}`);
    assert.deepEqual([scheduled.status, scheduled.cancelAtPeriodEnd], ['unpaid', true]);
    await screenshot(page, 'unpaid-cancel-scheduled');
    await manager.getByRole('button', { name: 'Reactivate' }).focus();
    await page.keyboard.press('Enter');
    await manager.getByText('Cancels at period end').waitFor({ state: 'detached' });
    assert.equal((await asAdmin('GET', `/v1/subscriptions/${subscriptionId}`)).cancelAtPeriodEnd, false);
  });

  test('the manager says it is on hold and what restores it; a new card and "Pay now" bring it back to active', async () => {
    const manager = page.locator('subkit-subscription-manager');
    const banner = manager.getByRole('alert').filter({ hasText: 'on hold' });
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', /The last payment for .+ failed and it is on hold\. Pay the open invoice of \$[\d,.]+ to restore it\./);
    assert.equal(await manager.locator('[part~="next-retry"]').count(), 0, 'no retry is coming');
    assert.equal((await manager.locator('[part~="status"]').first().textContent())?.trim(), 'Unpaid');
    await screenshot(page, 'unpaid-on-hold');

    // The card that declined would decline again: a working one first, as a buyer would.
    const good = await asAdmin('POST', '/v1/payment-methods', card('4242424242424242'));
    await asAdmin('POST', `/v1/payment-methods/${good.paymentMethod.id}/default`);
    await page.reload();
    await manager.getByRole('button', { name: 'Pay now' }).click();
    const pay = manager.getByRole('dialog');
    await pay.getByRole('button', { name: /^Pay \$/ }).click();
    await manager.locator('[part~="status-active"]').waitFor({ timeout: 30_000 });
    assert.equal((await asAdmin('GET', `/v1/subscriptions/${subscriptionId}`)).status, 'active');
    assert.equal(await manager.locator('[part~="banner"]').count(), 0);
    assert.deepEqual(pageErrors, []);
  });
});
