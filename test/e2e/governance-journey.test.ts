// B2B buying governance through the demo storefront (issue #17), on a fresh database: Acme's policy asks a
// billing admin to approve a change due above €10. The purchaser adds seats, sees the exact preview and
// submits it for approval with a PO number; the billing admin signs in, reviews the request with its amounts
// worked out again now and approves it; the change's invoice carries the PO number in the billing history and
// the audit log (the API's and the widget's Audit log tab) names who did what. A second request is rejected, and the purchaser reads the comment.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { ApprovalRequest, AuditEntry, CheckoutResult } from '@subkit/core';

type List<T> = { data: T[] };
import { DEMO_IDS } from '@subkit/server';
import { apiAsMember, screenshot, useStorefront, type RunningServer } from './harness.js';

const PURCHASER = 'acme-purchaser';
const ADMIN = 'acme-admin';
const PO_NUMBER = 'PO-ACME-2026-0099';
const REJECTION = 'Budget for new seats is frozen until January.';
const PURCHASE_PO = 'PO-ACME-2026-0131';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let subscriptionId = '';
const pageErrors: string[] = [];

/** Calls the buyer API as a demo member (test set-up only). */
const asMember = <T>(customerId: string, method: string, path: string, body?: unknown) => apiAsMember<T>(server, customerId, method, path, body);

/** Signs in through the storefront's "Signed in as" switch; the page reloads (unless that member is signed in already). */
async function signInAs(customerId: string): Promise<void> {
  const select = page.getByLabel('Signed in as');
  await select.locator(`option[value="${customerId}"]`).waitFor({ state: 'attached' });
  if ((await select.inputValue()) === customerId) return;
  await Promise.all([page.waitForEvent('load'), select.selectOption(customerId)]);
}

const manager = () => page.locator('subkit-subscription-manager');
const approvals = () => page.locator('subkit-approvals');
const request = (planText: RegExp): Locator => approvals().getByRole('listitem').filter({ has: page.getByRole('heading', { name: planText }) });

/** The purchaser asks for `seats` seats: the preview, then "Submit for approval" with a PO number and a note. */
async function requestSeats(seats: number, poNumber: string): Promise<void> {
  await manager().getByRole('button', { name: 'Change plan' }).click();
  const dialog = manager().getByRole('dialog');
  await dialog.getByLabel('Number of seats').fill(String(seats));
  await dialog.getByRole('button', { name: 'Review change' }).click();
  await dialog.getByText("Your company's policy needs a billing admin's approval for this change").waitFor();
  assert.equal(await dialog.getByRole('button', { name: /^Confirm/ }).count(), 0, 'no Confirm: the change needs approval');
  await dialog.getByLabel('PO number (optional)').fill(poNumber);
  await dialog.getByLabel('Note for the approver (optional)').fill(`${seats} seats for the Hamburg depot.`);
  await dialog.getByRole('button', { name: 'Submit for approval' }).click();
  await manager().getByText('Sent for approval. Follow it under Approvals.').waitFor();
}

describe('B2B governance through the demo storefront', () => {
  const storefront = useStorefront({ page: { viewport: { width: 1280, height: 900 }, locale: 'en-US' } });
  before(async () => {
    ({ server, browser, context, page } = storefront);
    // Set-up through the API: a Starter subscription (3 seats, invoiced) and Acme's purchasing policy.
    const bought = await asMember<CheckoutResult>(PURCHASER, 'POST', '/v1/checkout', {
      planId: DEMO_IDS.plans.starter,
      currency: 'EUR',
      recurring: { interval: 'month', intervalCount: 1 },
      quantity: 3,
      payment: { method: 'invoice', poNumber: 'PO-ACME-START' },
    });
    subscriptionId = bought.subscription!.id;
    const policy = await fetch(`${server.url}/v1/companies/${DEMO_IDS.companies.acme}/purchasing-policy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json', 'idempotency-key': 'e2e-governance-policy' },
      body: JSON.stringify({ rolesWithoutApproval: ['billing_admin'], thresholds: [{ currency: 'EUR', amountDueNow: 1000, annualizedIncrease: null }] }),
    });
    assert.equal(policy.status, 200, await policy.text());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });


  test('the purchaser adds seats above the threshold and submits the change for approval with a PO number', async () => {
    await page.goto(`${server.url}/account.html`);
    await signInAs(PURCHASER);
    await manager().getByRole('button', { name: 'Change plan' }).waitFor();
    await requestSeats(8, PO_NUMBER);
    // Nothing changed yet; the request waits in the purchaser's approvals.
    const pending = request(/Change to Starter · 8 seats/);
    await pending.getByText('Pending', { exact: true }).waitFor();
    await pending.getByText(PO_NUMBER).waitFor();
    assert.equal(await pending.getByRole('button', { name: 'Review' }).count(), 0, 'a purchaser does not decide');
    const sub = await asMember<{ quantity: number }>(PURCHASER, 'GET', `/v1/subscriptions/${subscriptionId}`);
    assert.equal(sub.quantity, 3);
    await screenshot(page, 'governance-01-requested');
  });

  test('the billing admin reviews the amounts worked out now and approves; the invoice carries the PO number', async () => {
    await signInAs(ADMIN);
    const pending = request(/Change to Starter · 8 seats/);
    await pending.getByText('Requested by Jonas Becker (Purchaser)', { exact: false }).waitFor();
    // Keyboard: Review is reached and pressed like any button.
    await pending.getByRole('button', { name: 'Review' }).focus();
    await page.keyboard.press('Enter');
    const dialog = approvals().getByRole('dialog');
    await dialog.getByRole('table').waitFor();
    await dialog.getByText('The amounts are the same as when the request was made.').waitFor();
    const [{ id: requestId, requestedPreview }] = (await asMember<List<ApprovalRequest>>(ADMIN, 'GET', '/v1/approval-requests?status=pending')).data as [ApprovalRequest];
    const due = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(requestedPreview.amountDueNow / 100);
    await screenshot(page, 'governance-02-review');
    await dialog.getByRole('button', { name: `Approve (${due} due now)` }).click();
    await dialog.getByText('Approved: the change to Starter is applied.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await request(/Change to Starter · 8 seats/).getByText('Approved by Miriam Wagner', { exact: false }).waitFor();

    const approved = await asMember<ApprovalRequest>(ADMIN, 'GET', `/v1/approval-requests/${requestId}`);
    assert.equal(approved.status, 'approved');
    assert.ok(approved.invoiceId, 'the approved change issued an invoice');
    const sub = await asMember<{ quantity: number }>(ADMIN, 'GET', `/v1/subscriptions/${subscriptionId}`);
    assert.equal(sub.quantity, 8);
    // The billing history shows the change's invoice with the request's PO number.
    const row = page.locator('subkit-billing-history').getByRole('row').filter({ hasText: PO_NUMBER });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', new RegExp(due.replace(/[.$€]/g, (c) => `\\${c}`)));

    // The audit log names who asked and who approved, and the subscription's change by the approver.
    const audit = (await asMember<List<AuditEntry>>(ADMIN, 'GET', '/v1/audit-log?limit=50')).data;
    const requestEntries = audit.filter((e) => e.objectType === 'approval_request' && e.objectId === requestId);
    assert.ok(requestEntries.some((e) => e.actor.name === 'Jonas Becker' && e.actor.role === 'purchaser'), 'the request by the purchaser');
    assert.ok(requestEntries.some((e) => e.actor.name === 'Miriam Wagner' && e.actor.role === 'billing_admin'), 'the approval by the billing admin');
    const change = audit.find((e) => e.objectType === 'subscription' && e.objectId === subscriptionId && e.actor.name === 'Miriam Wagner');
    assert.ok(change, 'the subscription change is recorded with the approver');
    // The same in the widget's Audit log tab (reached with the arrow keys from Requests).
    await approvals().getByRole('tab', { name: 'Requests' }).focus();
    await page.keyboard.press('ArrowRight');
    const rows = approvals().getByRole('row');
    await rows.filter({ hasText: 'Approval request created' }).filter({ hasText: 'Jonas Becker · Purchaser' }).first().waitFor();
    await rows.filter({ hasText: 'Approval request changed' }).filter({ hasText: 'Miriam Wagner · Billing admin' }).first().waitFor();
    await rows.filter({ hasText: 'Subscription changed' }).filter({ hasText: 'Miriam Wagner · Billing admin' }).filter({ hasText: subscriptionId }).first().waitFor();
    await screenshot(page, 'governance-03b-audit');
    await approvals().getByRole('tab', { name: 'Requests' }).click();
    await screenshot(page, 'governance-03-approved');
  });

  test('a rejected request shows its comment to the requester', async () => {
    await signInAs(PURCHASER);
    await manager().getByRole('button', { name: 'Change plan' }).waitFor();
    await requestSeats(10, 'PO-ACME-2026-0100');
    await signInAs(ADMIN);
    await request(/Change to Starter · 10 seats/).getByRole('button', { name: 'Review' }).click();
    const dialog = approvals().getByRole('dialog');
    await dialog.getByRole('table').waitFor();
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.getByText('Say why: the requester reads this.').waitFor();
    await dialog.getByLabel('Comment for the requester').fill(REJECTION);
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.getByText('Rejected: Jonas Becker sees your comment.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await signInAs(PURCHASER);
    const rejected = request(/Change to Starter · 10 seats/);
    await rejected.getByText('Rejected by Miriam Wagner', { exact: false }).waitFor();
    await rejected.getByText(REJECTION).waitFor();
    await screenshot(page, 'governance-04-rejected');
    assert.deepEqual(pageErrors, []);
  });

  test('a purchase above the threshold: the purchaser submits it from the checkout, the billing admin approves it, the invoice carries the PO number', async () => {
    await page.goto(`${server.url}/checkout.html?plan=${DEMO_IDS.plans.consumables}&currency=EUR&interval=month&every=1&seats=20`);
    await signInAs(PURCHASER);
    const checkout = page.locator('subkit-checkout');
    // The exact order summary, why it needs approval, and "Submit for approval" instead of "Place order".
    await checkout.getByRole('heading', { name: 'Approval needed' }).waitFor();
    const due = (await checkout.locator('[part~="due-today"] strong').textContent())!.trim();
    await checkout.getByText(`This order is ${due} due today, above your company's limit of €10.00`).waitFor();
    assert.equal(await checkout.getByRole('button', { name: /^Place order|^Pay/ }).count(), 0, 'no order button: the purchase needs approval');
    await checkout.locator('[part~="payment-option"]', { hasText: 'Pay by invoice' }).click();
    await checkout.getByLabel('PO number (optional)').fill(PURCHASE_PO);
    await checkout.getByLabel('Note for the approver (optional)').fill('Cases for the Hamburg depot.');
    const sent = page.waitForResponse((r) => r.url().endsWith('/v1/purchase-requests') && r.request().method() === 'POST');
    await checkout.getByRole('button', { name: 'Submit for approval' }).click();
    assert.equal((await sent).status(), 200);
    await checkout.getByRole('heading', { name: 'Sent for approval' }).waitFor();
    await checkout.getByText("You'll see whether it was approved under Approvals.").waitFor();
    await page.locator('#requested-notice').waitFor();
    await screenshot(page, 'governance-05-purchase-requested');

    // The billing admin finds it among the approvals, reviews the amounts worked out now and approves.
    await page.goto(`${server.url}/account.html`);
    await signInAs(ADMIN);
    const pending = request(/Replenishment/);
    await pending.getByText(PURCHASE_PO).waitFor();
    await pending.getByRole('button', { name: 'Review' }).click();
    const dialog = approvals().getByRole('dialog');
    await dialog.getByRole('table').waitFor();
    await dialog.getByRole('button', { name: /^Approve/ }).click();
    await dialog.getByText(/^Approved/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const [approved] = (await asMember<List<ApprovalRequest>>(ADMIN, 'GET', '/v1/approval-requests?status=approved')).data.filter((r) => r.poNumber === PURCHASE_PO) as [ApprovalRequest];
    assert.ok(approved?.invoiceId, 'the approved purchase issued an invoice');
    // The purchase's invoice, with the PO number, in the billing history.
    await page.locator('subkit-billing-history').getByRole('row').filter({ hasText: PURCHASE_PO }).waitFor();
    await screenshot(page, 'governance-06-purchase-approved');
    assert.deepEqual(pageErrors, []);
  });

  test('the policy changes between pricing and the order button: the 403 approval_required moves the purchaser into the approval step, the order kept, and it is sent for approval', async () => {
    const setPolicy = async (policy: object, key: string) => {
      const res = await fetch(`${server.url}/v1/companies/${DEMO_IDS.companies.acme}/purchasing-policy`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(policy),
      });
      assert.equal(res.status, 200, await res.text());
    };
    // Purchasers buy alone while the checkout prices the order…
    await setPolicy({ rolesWithoutApproval: ['billing_admin', 'purchaser'], thresholds: [] }, 'e2e-governance-policy-open');
    await page.goto(`${server.url}/checkout.html?plan=${DEMO_IDS.plans.fleetCare}&currency=EUR&interval=month&every=1&seats=4`);
    await signInAs(PURCHASER);
    const checkout = page.locator('subkit-checkout');
    await checkout.locator('[part~="payment-option"]', { hasText: 'Pay by invoice' }).click();
    // The order button (a trial's or an invoice's: "Start free trial" / "Place order") — no approval asked yet.
    const order = checkout.getByRole('button', { name: /^(Start free trial|Place order)$/ });
    await order.waitFor();
    assert.equal(await checkout.getByRole('heading', { name: 'Approval needed' }).count(), 0);
    await checkout.getByLabel('PO number (optional)').fill('PO-ACME-2026-0140');
    // …then a billing admin sets a limit of €10.00 a year, before the purchaser presses the button.
    await setPolicy({ rolesWithoutApproval: ['billing_admin'], thresholds: [{ currency: 'EUR', amountDueNow: null, annualizedIncrease: 1000 }] }, 'e2e-governance-policy-limit');
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST');
    await order.click();
    assert.equal((await refused).status(), 403);
    const notice = checkout.getByText("Nothing was bought: since this order was priced, it needs a billing admin's approval. Everything you entered is kept — submit it for approval.");
    await notice.waitFor();
    await checkout.getByText("above your company's limit of €10.00", { exact: false }).waitFor();
    assert.equal(await checkout.getByLabel('PO number (optional)').inputValue(), 'PO-ACME-2026-0140', 'the order is kept');
    assert.equal(await checkout.getByLabel('Number of vehicles').inputValue(), '4');
    const sent = page.waitForResponse((r) => r.url().endsWith('/v1/purchase-requests') && r.request().method() === 'POST');
    await checkout.getByRole('button', { name: 'Submit for approval' }).click();
    assert.equal((await sent).status(), 200);
    await checkout.getByRole('heading', { name: 'Sent for approval' }).waitFor();
    await screenshot(page, 'governance-07-approval-at-submit');
    const pending = (await asMember<List<ApprovalRequest>>(ADMIN, 'GET', '/v1/approval-requests?status=pending')).data.filter((r) => r.poNumber === 'PO-ACME-2026-0140');
    assert.equal(pending.length, 1, 'one purchase request, nothing bought');
    assert.deepEqual(pageErrors, []);
  });
});
