// The buyer's journey with the keyboard only, found by roles and labels as a screen-reader user meets it
// (no test ids, no clicks): on the pricing page Tab reaches Starter's seats and "Choose Starter"; the
// checkout's payment choice is a radio group moved with the arrow keys, the PO number a labelled field,
// "Place order" a button pressed with Enter; on the account page "Change plan" opens a dialog whose seats
// go up with ArrowUp, "Review change" and "Confirm change" apply it; the billing history lists the invoices
// and its "Download … as PDF" button downloads a real PDF. Each target must be reached by Tab from where the
// focus is (tabTo fails after 120 presses), and each step's result is what the buyer would see.
// Signing in uses the demo's "Signed in as" switch (the merchant's own login in a real store, not a widget).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { screenshot, useStorefront, type RunningServer } from './harness.js';

const PO_NUMBER = 'PO-KEYBOARD-7';
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** Whether the element the focus is on (through shadow roots) is `target`'s element. */
async function focused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === el;
  });
}

/** Presses Tab until the focus is on `target` (as a keyboard user would move to it); fails when it never gets there. */
async function tabTo(target: Locator, what: string): Promise<number> {
  await target.waitFor();
  for (let presses = 0; presses < 120; presses++) {
    if (await focused(target)) return presses;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${what}`);
}

describe('keyboard only: pick → checkout by invoice → change seats → history → PDF', () => {
  const storefront = useStorefront({ page: { viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true } });
  before(async () => {
    ({ server, browser, context, page } = storefront);
    await page.goto(`${server.url}/`);
    const login = page.getByLabel(/Signed in as/);
    await login.locator('option[value="acme-purchaser"]').waitFor({ state: 'attached' });
    await Promise.all([page.waitForEvent('load'), login.selectOption('acme-purchaser')]);
  });


  test('pricing: Tab to Starter\'s seats, type 4, Tab to "Choose Starter", Enter', async () => {
    const picker = page.locator('subkit-plan-picker');
    const starter = picker.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Starter', exact: true }) });
    const seats = starter.getByLabel(/Number of seats/);
    await tabTo(seats, "Starter's seats");
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('4');
    await tabTo(starter.getByRole('button', { name: /Choose Starter/ }), '"Choose Starter"');
    await Promise.all([page.waitForURL(/\/checkout\.html\?/), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).searchParams.get('seats'), '4');
  });

  test('checkout: the arrow keys choose "Pay by invoice", the PO number is typed, Enter on "Place order"', async () => {
    const checkout = page.locator('subkit-checkout');
    const invoice = checkout.getByRole('radio', { name: 'Pay by invoice' });
    await invoice.waitFor();
    // Tab enters a radio group at its checked option; the arrow keys move the choice.
    await tabTo(checkout.getByRole('radio', { checked: true }), 'the payment choice');
    for (let presses = 0; presses < 4 && !(await invoice.isChecked()); presses++) await page.keyboard.press('ArrowDown');
    assert.ok(await invoice.isChecked(), 'Pay by invoice chosen with the arrow keys');
    await tabTo(checkout.getByLabel(/PO number/), 'the PO number');
    await page.keyboard.type(PO_NUMBER);
    await tabTo(checkout.getByRole('button', { name: 'Place order' }), '"Place order"');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(response.status(), 200);
    const { subscription } = (await response.json()) as { subscription: { poNumber: string; quantity: number; collectionMethod: string } };
    assert.deepEqual([subscription.poNumber, subscription.quantity, subscription.collectionMethod], [PO_NUMBER, 4, 'send_invoice']);
    await checkout.getByText('Thank you, you are subscribed').waitFor();
  });

  test('account: "Change plan", seats up with ArrowUp, "Review change", "Confirm change"', async () => {
    await tabTo(page.getByRole('link', { name: 'Go to your account' }), '"Go to your account"');
    await Promise.all([page.waitForURL(/\/account\.html$/), page.keyboard.press('Enter')]);
    const manager = page.locator('subkit-subscription-manager');
    await tabTo(manager.getByRole('button', { name: 'Change plan' }), '"Change plan"');
    await page.keyboard.press('Enter');
    const dialog = manager.getByRole('dialog');
    const seats = dialog.getByLabel(/Number of seats/);
    await tabTo(seats, 'the seats in the change dialog');
    await page.keyboard.press('ArrowUp');
    assert.equal(await seats.inputValue(), '5');
    await tabTo(dialog.getByRole('button', { name: 'Review change' }), '"Review change"');
    await page.keyboard.press('Enter');
    const confirm = dialog.getByRole('button', { name: 'Confirm change' });
    await tabTo(confirm, '"Confirm change"');
    const [response] = await Promise.all([
      page.waitForResponse((r) => /\/v1\/subscriptions\/[^/]+\/change$/.test(r.url()) && r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(response.status(), 200);
    await dialog.waitFor({ state: 'detached' });
    // Focus is back on the button that opened the dialog.
    assert.ok(await focused(manager.getByRole('button', { name: 'Change plan' })), 'focus returned to "Change plan"');
    assert.equal(((await response.json()) as { subscription: { quantity: number } }).subscription.quantity, 5);
  });

  test('history: Tab to an invoice\'s "Download … as PDF", Enter downloads the PDF', async () => {
    const history = page.locator('subkit-billing-history');
    const pdf = history.getByRole('button', { name: /^Download .+ as PDF$/ }).first();
    await tabTo(pdf, 'a PDF download');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const path = await download.path();
    assert.equal(readFileSync(path).subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
    assert.match(download.suggestedFilename(), /\.pdf$/);
    await screenshot(page, 'keyboard-journey-account');
  });
});
