// The plan picker rendered on the server: plans and prices in the HTML as declarative shadow DOM, no
// loading skeleton, and the catalog it was drawn from as an inert, script-safe JSON data block.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney, quotePrice, type Catalog } from '@subkit/core';
import { catalog } from '@subkit/elements/test/fixtures.js';
import { renderPlanPicker, scriptSafeJson } from '../src/render.js';

const options = { apiBase: 'https://shop.example', publishableKey: 'pk_test_ssr' };

/** What the picker shows for a plan: its monthly price at the default quantity, in the catalog's default currency. */
function shownAmount(cat: Catalog, planId: string): string | null {
  const plan = cat.products.flatMap((p) => p.plans).find((p) => p.id === planId)!;
  const price = plan.prices.find((p) => p.currency === cat.defaultCurrency && p.recurring.interval === 'month' && p.recurring.intervalCount === 1);
  if (!price || plan.contactSales) return null;
  return formatMoney(quotePrice(price, { quantity: plan.quantity?.default ?? 1 }).subtotal, price.currency, 'en');
}

/** Text as a visitor reads it: markup and Lit's comment markers removed, entities decoded, spaces collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;|\u00a0|\u202f/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('renderPlanPicker', () => {
  test('the first product\'s plans and prices are in the HTML, inside a declared shadow root, with no skeleton', () => {
    const html = renderPlanPicker({ ...options, catalog });
    assert.match(html, /<subkit-plan-picker\s[^>]*api-base="https:\/\/shop\.example"[^>]*><template shadowroot="open" shadowrootmode="open">/);
    assert.doesNotMatch(html, /part="plan plan-skeleton"/);
    const text = visibleText(html).replace(/\s/g, ' ');
    const product = catalog.products[0]!;
    assert.ok(product.plans.length >= 2);
    for (const plan of product.plans) {
      assert.ok(text.includes(plan.name), `${plan.name} is in the HTML`);
      const amount = shownAmount(catalog, plan.id);
      if (amount) assert.ok(text.includes(amount.replace(/\s/g, ' ')), `${plan.name} shows ${amount}`);
    }
  });

  test('the interval attribute chooses the prices rendered: yearly amounts, not monthly', () => {
    const html = renderPlanPicker({ ...options, catalog, interval: 'year' });
    assert.match(html, /interval="year"/);
    const text = visibleText(html);
    let checked = 0;
    for (const plan of catalog.products[0]!.plans) {
      const yearly = plan.prices.find((p) => p.currency === catalog.defaultCurrency && p.recurring.interval === 'year');
      if (!yearly || plan.contactSales) continue;
      const amount = formatMoney(quotePrice(yearly, { quantity: plan.quantity?.default ?? 1 }).subtotal, yearly.currency, 'en');
      assert.ok(text.includes(amount.replace(/\s/g, ' ')), `${plan.name} shows its yearly ${amount}`);
      checked++;
    }
    assert.ok(checked >= 1, 'a plan with a yearly price was checked');
  });

  test('the catalog travels as an inert data block a plan name cannot break out of', () => {
    const hostile = structuredClone(catalog) as Catalog;
    const name = '</script><script>alert(1)</script>';
    (hostile.products[0]!.plans[0] as { name: string }).name = name;
    const html = renderPlanPicker({ ...options, catalog: hostile });
    const blocks = [...html.matchAll(/<script type="application\/json" data-subkit-catalog>([\s\S]*?)<\/script>/g)];
    assert.equal(blocks.length, 1, 'one data block, not cut short');
    assert.equal(html.match(/<script/g)?.length, 1, 'no executable script element');
    const seed = JSON.parse(blocks[0]![1]!) as { apiBase: string; publishableKey: string; catalog: Catalog };
    assert.equal(seed.catalog.products[0]!.plans[0]!.name, name);
    assert.deepEqual({ apiBase: seed.apiBase, publishableKey: seed.publishableKey }, options);
    // In the shadow root the name is escaped text.
    assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  test('a contact-sales plan is drawn as the browser draws it: a link to its contact URL (relative kept as written), a button for an unsafe one', () => {
    const withUrl = (contactUrl: string) => {
      const copy = structuredClone(catalog) as Catalog;
      const plan = copy.products.flatMap((p) => p.plans).find((p) => p.contactSales)! as { contactUrl: string | null };
      plan.contactUrl = contactUrl;
      const product = copy.products.find((p) => p.plans.some((x) => x.contactSales))!;
      return renderPlanPicker({ ...options, catalog: copy, product: product.id });
    };
    // The browser's first render makes an <a> of any http(s) URL: a server-drawn <button> fails Lit's hydration.
    assert.match(withUrl('https://fleet.example/contact-sales'), /<a part="button cta cta-contact" href="https:\/\/fleet\.example\/contact-sales"/);
    assert.match(withUrl('/contact-sales'), /<a part="button cta cta-contact" href="\/contact-sales"/);
    const unsafe = withUrl('javascript:alert(1)');
    assert.match(unsafe, /<button part="button cta cta-contact" type="button"/);
    assert.doesNotMatch(unsafe.slice(0, unsafe.indexOf('<script')), /javascript:/, 'only in the catalog data block');
  });

  test('scriptSafeJson escapes what could end a script element or a JS line', () => {
    assert.equal(scriptSafeJson({ a: '</script>\u2028' }), '{"a":"\\u003c/script>\\u2028"}');
    assert.deepEqual(JSON.parse(scriptSafeJson({ a: '</script>\u2028\u2029' })), { a: '</script>\u2028\u2029' });
  });
});
