// The card journey with SUBKIT_PAYMENTS=stripe: the reference server collects through stripe-node, pointed
// at the local fake Stripe (@subkit/fake-stripe), whose events reach the server's webhook route signed as
// Stripe signs them. The page loads Stripe.js the way the widgets do in production (@stripe/stripe-js
// injects https://js.stripe.com/…/stripe.js); Chromium is given the fake's Stripe.js stand-in for that URL,
// because Stripe's CDN cannot be reached here. What is not Stripe: the stand-in's card form is plain inputs
// in the page (Stripe's Payment Element is an iframe), its 3-D Secure step is a dialog with "Complete" and
// "Fail" (Stripe's test authentication page is an iframe too), and the fake implements only the API calls
// subkit and Stripe.js make, with the documented test cards' behaviours.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startFakeStripe, type FakeStripe } from '@subkit/fake-stripe';
import type { CheckoutResult, Invoice, PaymentMethod, Subscription } from '@subkit/core';
import { screenshot, useStorefront, type RunningServer } from './harness.js';

let fake: FakeStripe;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let standIn = '';
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
const stripeJsRequests: string[] = [];
let bought: CheckoutResult;

/** A buyer's session token minted by the merchant's backend (the storefront's own endpoint). */
async function sessionToken(): Promise<string> {
  return page.evaluate(async () => {
    const response = await fetch('/storefront/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: localStorage.getItem('storefront.buyer') }) });
    return ((await response.json()) as { token: string }).token;
  });
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await sessionToken()}`, origin: server.url } });
  assert.equal(response.status, 200, `${path} answers 200`);
  return (await response.json()) as T;
}

async function signInAs(customerId: string): Promise<void> {
  const select = page.locator('#buyer-switch');
  await select.locator(`option[value="${customerId}"]`).waitFor({ state: 'attached' });
  await Promise.all([page.waitForEvent('load'), select.selectOption(customerId)]);
}

/** Types a card into the (stand-in) Payment Element mounted in the checkout's light DOM. */
async function typeCard(element: Locator, number: string): Promise<void> {
  await element.getByLabel('Card number').fill(number);
  await element.getByLabel('Expiration date').fill('12 / 34');
  await element.getByLabel('Security code').fill('123');
}

describe('paying by card with Stripe (SUBKIT_PAYMENTS=stripe, against the fake Stripe)', () => {
  const storefront = useStorefront({
    // The fake Stripe first: the reference server is configured with its address.
    server: async () => {
      fake = await startFakeStripe();
      return {
        env: {
          SUBKIT_PAYMENTS: 'stripe',
          STRIPE_SECRET_KEY: fake.secretKey,
          STRIPE_PUBLISHABLE_KEY: fake.publishableKey,
          STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
          STRIPE_API_BASE: fake.url,
        },
      };
    },
    page: { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
  });
  before(async () => {
    ({ server, browser, context, page } = storefront);
    fake.webhooks.addEndpoint(`${server.url}/v1/stripe/webhooks`);
    // The stand-in talks to https://api.stripe.com as Stripe.js does (the storefront's CSP allows only that),
    // and Chromium's requests to it are answered by the fake.
    standIn = (await (await fetch(`${fake.url}/v3`)).text()).replace(JSON.stringify(fake.url), JSON.stringify('https://api.stripe.com'));
    assert.match(standIn, /"https:\/\/api\.stripe\.com"/);
    // Stripe.js's real URL, answered with the stand-in: the widgets' loader is the production one.
    await context.route('https://js.stripe.com/**', (route) => {
      stripeJsRequests.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: standIn });
    });
    await context.route('https://api.stripe.com/**', async (route) => {
      const url = new URL(route.request().url());
      return route.fulfill({ response: await route.fetch({ url: `${fake.url}${url.pathname}${url.search}` }) });
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });

  after(async () => {
    await fake?.close();
  });

  test('the checkout loads Stripe.js only when the card form shows, with the publishable key from the catalog', async () => {
    await page.goto(`${server.url}/`);
    await signInAs('acme-purchaser');
    await page.locator('subkit-plan-picker [part~="plan"]').first().waitFor();
    assert.deepEqual(stripeJsRequests, [], 'the pricing page does not load Stripe.js');
    const starter = page.locator('subkit-plan-picker [part~="plan"]').filter({ has: page.locator('[part~="plan-name"]', { hasText: /^Starter$/ }) });
    await Promise.all([page.waitForURL(/\/checkout\.html\?/), starter.getByRole('button', { name: /Choose Starter/ }).click()]);
    const checkout = page.locator('subkit-checkout');
    await checkout.locator('[part~="payment-option"]', { hasText: 'Card' }).click();
    const element = checkout.locator('.fake-stripe-payment-element');
    await element.getByLabel('Card number').waitFor();
    assert.equal(stripeJsRequests.length, 1, 'Stripe.js was fetched once, from js.stripe.com');
    assert.match(stripeJsRequests[0]!, /^https:\/\/js\.stripe\.com\//);
    // Stripe's element, not the test processor's TEST MODE card form.
    await checkout.locator('[part~="stripe"]').waitFor();
    assert.equal(await checkout.getByText('TEST MODE').count(), 0);
    await screenshot(page, 'stripe-01-payment-element');
  });

  test('a declined card (insufficient funds) is refused with the reason; nothing is subscribed', async () => {
    const checkout = page.locator('subkit-checkout');
    await typeCard(checkout.locator('.fake-stripe-payment-element'), '4000 0000 0000 9995');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST'),
      checkout.getByRole('button', { name: /^Pay .* and subscribe$/ }).click(),
    ]);
    assert.equal(response.status(), 402);
    const body = (await response.json()) as { error: { code: string; declineCode?: string } };
    assert.equal(body.error.code, 'card_declined');
    await checkout.getByText(/insufficient funds/i).first().waitFor();
    await screenshot(page, 'stripe-02-declined');
    const subscriptions = await api<{ data: Subscription[] }>('/v1/subscriptions');
    assert.equal(subscriptions.data.length, 0, 'a declined checkout leaves no subscription');
  });

  test('a card that asks for 3-D Secure: the buyer completes it and is subscribed, the card saved for renewals', async () => {
    const checkout = page.locator('subkit-checkout');
    await typeCard(checkout.locator('.fake-stripe-payment-element'), '4000 0025 0000 3155');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST'),
      checkout.getByRole('button', { name: /^Pay .* and subscribe$/ }).click(),
    ]);
    assert.equal(response.status(), 200);
    const answer = (await response.json()) as CheckoutResult;
    assert.equal(answer.status, 'requires_action');
    assert.equal(answer.nextAction?.type, 'stripe_confirm');
    assert.match(answer.nextAction?.clientSecret ?? '', /^pi_.+_secret_/);
    bought = answer;

    // Stripe.js's authentication step (the stand-in's dialog, where Stripe shows the bank's page).
    const challenge = page.getByRole('dialog', { name: '3D Secure authentication' });
    await challenge.waitFor();
    await screenshot(page, 'stripe-03-authentication');
    await challenge.getByRole('button', { name: 'Complete authentication' }).click();
    await checkout.locator('[part~="success"]', { hasText: 'Thank you, you are subscribed' }).waitFor();
    await screenshot(page, 'stripe-04-subscribed');

    // subkit's side: the first invoice is paid and the subscription active (the confirm call or the webhook settled it).
    const invoice = await api<Invoice>(`/v1/invoices/${answer.invoiceId}`);
    assert.equal(invoice.status, 'paid');
    const subscription = await api<Subscription>(`/v1/subscriptions/${answer.subscription.id}`);
    assert.equal(subscription.status, 'active');
    // Stripe's side: one succeeded PaymentIntent for the invoice, made to save the card for off-session renewals.
    const intents = [...fake.state.paymentIntents.values()].filter((pi) => pi.metadata?.subkit_invoice_id === answer.invoiceId);
    assert.deepEqual(intents.map((pi) => pi.status), ['succeeded']);
    assert.equal(intents[0]!.amount, invoice.total);
    assert.equal(intents[0]!.setup_future_usage, 'off_session');
    const pm = fake.state.paymentMethods.get(String(intents[0]!.payment_method));
    assert.ok(pm?.customer, 'the card is attached to the company\'s Stripe customer');
    assert.equal(pm.card?.last4, '3155');
    const methods = await api<{ data: PaymentMethod[] }>('/v1/payment-methods');
    assert.deepEqual(methods.data.map((m) => [m.card?.last4, m.isDefault]), [['3155', true]]);
    assert.deepEqual(pageErrors, []);
    // The declined checkout's 402 is logged by Chromium; anything else (a Content-Security-Policy violation) is a failure.
    assert.deepEqual(consoleErrors.filter((e) => !/status of 402/.test(e)), [], 'no console error');
  });
});
