// A quote for a "contact sales" plan (issue #17), through the demo storefront: Acme's billing admin opens
// the Quotes page, sees Enterprise at its contract prices with the exact first invoice, accepts it with a PO
// number; the subscription is in the manager with its 40 seats and the invoice — the amount the quote
// showed, with the PO number — in the history. axe (colour contrast included) on the quote and its form.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { seedDemoQuote, DEMO_QUOTE_ID } from '@subkit/server';
import { axeViolations, screenshot, useStorefront, type RunningServer } from './harness.js';

const PO_NUMBER = 'PO-ENT-E2E-17';

let server: RunningServer;
let browser: Browser;
let page: Page;

describe('a quote accepted in the storefront', () => {
  const storefront = useStorefront({ page: { viewport: { width: 1280, height: 900 }, locale: 'en-US', colorScheme: 'light', bypassCSP: true } });
  before(async () => {
    ({ server, browser, page } = storefront);
    await seedDemoQuote(server.db, server.now());
    await page.goto(`${server.url}/`);
    await page.evaluate(() => localStorage.setItem('storefront.buyer', 'acme-admin'));
  });


  test('the pricing page says Acme has a quote for Enterprise; "View your quote" opens it on the Quotes page', async () => {
    await page.goto(`${server.url}/`);
    const enterprise = page.locator('subkit-plan-picker [part~="plan"]', { hasText: 'Enterprise' });
    await enterprise.getByText('Your company has a quote for this plan.').waitFor();
    assert.equal(await enterprise.locator('[part~="cta-contact"]').count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    await Promise.all([page.waitForURL(/\/quotes\.html\?quote=/), enterprise.getByRole('button', { name: 'View your quote' }).click()]);
    assert.equal(new URL(page.url()).searchParams.get('quote'), DEMO_QUOTE_ID);
    await page.locator('subkit-quote').getByRole('heading', { name: 'Quote for Enterprise' }).waitFor();
  });

  test('the billing admin accepts the Enterprise quote with a PO number; the manager and the history show what it created', async () => {
    await page.goto(`${server.url}/quotes.html`);
    const quote = page.locator('subkit-quote');
    await quote.getByRole('heading', { name: 'Quote for Enterprise' }).waitFor();
    await quote.locator('[part~="status"]', { hasText: 'Open' }).waitFor();
    const total = ((await quote.locator('[part~="total"] td').textContent()) ?? '').trim();
    assert.match(total, /€/);
    assert.deepEqual(await axeViolations(page), []);

    await quote.getByRole('button', { name: 'Accept quote…' }).click();
    await quote.getByLabel('PO number (optional)').fill(PO_NUMBER);
    assert.deepEqual(await axeViolations(page), [], 'the accept form');
    await screenshot(page, 'quote-01-accept');
    await Promise.all([page.waitForURL(/\/account\.html/, { timeout: 30_000 }), quote.getByRole('button', { name: 'Accept and subscribe' }).click()]);

    const manager = page.locator('subkit-subscription-manager');
    const subscription = manager.locator('[part~="subscription"]', { hasText: 'Enterprise' });
    await subscription.waitFor();
    const details = subscription.locator('[part~="details"]');
    await details.getByText(PO_NUMBER).waitFor();
    assert.match((await details.textContent()) ?? '', /40/);

    const history = page.locator('subkit-billing-history');
    const row = history.locator('[part~="row"][data-id]', { hasText: PO_NUMBER });
    await row.waitFor();
    assert.equal(((await row.locator('[part~="cell-amount"]').textContent()) ?? '').trim(), total, 'the first invoice is the one the quote showed');
    await screenshot(page, 'quote-02-account');

    const { rows } = await server.db.query<{ status: string; subscription_id: string | null }>('SELECT status, subscription_id FROM quotes WHERE id = $1', [DEMO_QUOTE_ID]);
    assert.equal(rows[0]?.status, 'accepted');
    const sub = await server.db.query<{ items: { model: { type: string } }[] }>('SELECT items FROM subscriptions WHERE id = $1', [rows[0]!.subscription_id]);
    assert.deepEqual(sub.rows[0]!.items.map((i) => i.model.type), ['flat', 'per_unit'], 'the contract price items');
  });
});
