// The demo storefront's own chrome (walking the demo): one module draws the header, navigation and footer of
// every page (the pages hold their <main> only); on a 390 px phone the navigation wraps instead of scrolling
// out of sight; and the storefront's own words — navigation, footer, page headings, notices — follow the
// language switch with the widgets: Chinese, Arabic right to left, Hindi, Turkish; English stays the default.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, ROOT, screenshot, useStorefront, type RunningServer } from './harness.js';

const PAGES = ['/', '/checkout.html', '/account.html', '/quotes.html', '/console.html'];
const PUBLIC = join(ROOT, 'apps', 'storefront', 'public');

let server: RunningServer;
let browser: Browser;

/** A fresh page whose storefront language and buyer are chosen in its storage; it is still blank. */
async function newPage(width: number, locale: string | null, buyer: string | null = null): Promise<Page> {
  const localStorage = [
    ...(locale ? [{ name: 'storefront.locale', value: locale }] : []),
    ...(buyer ? [{ name: 'storefront.buyer', value: buyer }] : []),
  ];
  // axe is injected as a script, which the storefront's CSP refuses: this context bypasses it (csp.test.ts checks the CSP).
  // The storage is set up front, not by loading the pricing page first to write it: one page load less per context.
  const context = await browser.newContext({
    viewport: { width, height: 844 },
    locale: 'en-US',
    bypassCSP: true,
    reducedMotion: 'reduce',
    storageState: { cookies: [], origins: [{ origin: server.url, localStorage }] },
  });
  return context.newPage();
}

/** The texts of the storefront's own chrome and page heading (the widgets, the test clock and the brand's name left out). */
async function chromeTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.skip-link, .site-header, .site-footer, .page-head, .notice:not([hidden]), .section-head, .hero, .help-row')]
      .flatMap((el) => [...el.querySelectorAll<HTMLElement>('*')].filter((n) => n.children.length === 0 && !n.closest('.brand-name, select, subkit-provider')))
      .map((n) => (n.textContent ?? '').trim())
      .filter(Boolean),
  );
}

describe('the demo storefront: one chrome, a phone, five languages', () => {
  const storefront = useStorefront();
  before(() => ({ server, browser } = storefront));

  test('no page carries its own header or footer: one module draws the same chrome on every page', async () => {
    const html = readdirSync(PUBLIC).filter((f) => f.endsWith('.html'));
    assert.equal(html.length, PAGES.length);
    for (const file of html) {
      const source = readFileSync(join(PUBLIC, file), 'utf8');
      assert.doesNotMatch(source, /class="(site-header|site-footer|site-nav|skip-link)"/, `${file} repeats the chrome`);
    }
    const page = await newPage(1280, null);
    try {
      for (const path of PAGES) {
        await page.goto(`${server.url}${path}`);
        const nav = page.getByRole('navigation', { name: 'Main' });
        assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Pricing', 'Checkout', 'Account', 'Quotes', 'Console'], path);
        assert.equal(await nav.locator('[aria-current="page"]').count(), 1, `${path}: the link to this page is marked`);
        assert.equal(await page.locator('header.site-header').count(), 1);
        assert.equal(await page.locator('footer.site-footer').count(), 1);
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content', `${path}: the skip link is the first Tab stop`);
      }
    } finally {
      await page.context().close();
    }
  });

  test('the navigation marks this page at its short address too (/account, /console: the server adds .html)', async () => {
    const page = await newPage(1280, null);
    try {
      for (const [path, link] of [['/account', 'Account'], ['/console', 'Console'], ['/index.html', 'Pricing']]) {
        await page.goto(`${server.url}${path}`);
        assert.deepEqual(await page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').allTextContents(), [link], path);
      }
    } finally {
      await page.context().close();
    }
  });

  test('Tab follows the header as it is seen: the brand\'s row (Language, "Signed in as"), then the navigation; the console has no "Signed in as"', async () => {
    const page = await newPage(1280, null, 'acme-purchaser');
    try {
      for (const [path, expected] of [
        ['/', ['Skip to content', 'brand', 'lang-switch', 'buyer-switch', 'Pricing', 'Checkout']],
        ['/console.html', ['Skip to content', 'brand', 'lang-switch', 'Pricing']],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        await page.locator('#lang-switch').waitFor();
        const order: string[] = [];
        for (const _ of expected) {
          await page.keyboard.press('Tab');
          order.push(await page.evaluate(() => {
            const el = document.activeElement as HTMLElement;
            return el.id || (el.classList.contains('brand') ? 'brand' : (el.textContent ?? '').trim());
          }));
        }
        assert.deepEqual(order, expected, path);
      }
    } finally {
      await page.context().close();
    }
  });

  test('at 390 px the navigation wraps — every link on screen, nothing scrolls sideways — in English and in Arabic', async () => {
    for (const locale of [null, 'ar']) {
      const page = await newPage(390, locale, 'acme-purchaser');
      try {
        for (const path of PAGES) {
          await page.goto(`${server.url}${path}`);
          const links = await page.locator('.site-nav a').evaluateAll((as) => as.map((a) => a.getBoundingClientRect().toJSON() as DOMRect));
          for (const box of links) assert.ok(box.left >= 0 && box.right <= 390, `${locale ?? 'en'} ${path}: a link off screen ${JSON.stringify(box)}`);
          assert.ok(new Set(links.map((b) => Math.round(b.top))).size > 1, 'the links wrap onto a second line');
          assert.equal(await page.evaluate(() => document.scrollingElement!.scrollWidth), 390, `${path} scrolls sideways`);
        }
      } finally {
        await page.context().close();
      }
    }
  });

  test('Arabic, keyboard only at 390 px: the language switch turns the chrome, headings and notices into Arabic, right to left; axe finds nothing', async () => {
    const page = await newPage(390, null);
    try {
      await page.goto(`${server.url}/checkout.html`);
      // Keyboard only: Tab to "Language", arrow to العربية, Enter.
      for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'lang-switch'; i++) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'lang-switch');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl', undefined, { polling: 100 });
      assert.equal(await page.title(), 'الدفع · Northwind Industrial Supply');
      const nav = page.getByRole('navigation', { name: 'التنقل الرئيسي' });
      assert.deepEqual(await nav.getByRole('link').allTextContents(), ['الأسعار', 'الدفع', 'الحساب', 'عروض الأسعار', 'لوحة التحكم']);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'أكمل طلبك');
      assert.equal(await page.locator('#signin-notice').innerText(), 'سجّل الدخول للشراء. اختر من أنت في «مسجّل الدخول باسم» في الأعلى — يمكن لمسؤولي المشتريات ومسؤولي الفوترة إتمام الشراء.');
      assert.equal(await page.getByRole('navigation', { name: 'المتجر' }).getByRole('link').first().textContent(), 'الخطط والأسعار');
      // A sentence keeps its link, now in Arabic, where the Arabic sentence has it.
      assert.equal(await page.locator('.help-row li').nth(2).innerText(), 'يظهر اشتراكك في حسابك، حيث يمكن لفريقك تغيير المقاعد أو الخطط.');
      assert.equal(await page.locator('.help-row li').nth(2).getByRole('link').textContent(), 'حسابك');
      // Nothing of the storefront's own left in English but its brand, the API's name and "subkit".
      const english = (await chromeTexts(page)).filter((text) => /[A-Za-z]{3,}/.test(text.replace(/OpenAPI|API|subkit|NET|PO/g, '')));
      assert.deepEqual(english, []);
      await screenshot(page, 'storefront-ar-390-checkout-chrome');
      assert.deepEqual(await axeViolations(page), []);
      // The choice is kept: the next page opens in Arabic, its own heading and notice too.
      await page.goto(`${server.url}/account.html`);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'حسابك');
      assert.equal(await page.locator('#signin-notice strong').textContent(), 'أنت غير مسجّل الدخول.');
      assert.equal(await page.locator('#account-widgets').isVisible(), false, 'signed out, the account shows the notice, not empty widgets');
      assert.deepEqual((await chromeTexts(page)).filter((text) => /[A-Za-z]{3,}/.test(text.replace(/OpenAPI|API|subkit/g, ''))), []);
      await screenshot(page, 'storefront-ar-390-account-chrome');
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('"Signed in as" reads whole in every language: at 1280 px on the brand\'s row, on a 390 px phone on a row of its own', async () => {
    for (const width of [1280, 390]) {
      for (const locale of ['en', 'zh-CN', 'ar', 'hi', 'tr']) {
        const page = await newPage(width, locale, 'acme-admin');
        try {
          await page.goto(`${server.url}/`);
          await page.locator('#buyer-switch:not([disabled])').waitFor();
          const seen = await page.evaluate(() => {
            const select = document.querySelector<HTMLSelectElement>('#buyer-switch')!;
            const shown = select.offsetWidth;
            // The width the browser gives the select when nothing squeezes it: its longest option, its padding, its arrow.
            select.style.cssText = 'flex: none; inline-size: max-content; max-inline-size: none';
            const natural = select.offsetWidth;
            select.style.cssText = '';
            const ruler = document.body.appendChild(Object.assign(document.createElement('span'), { style: `position: absolute; white-space: pre; font: ${getComputedStyle(select).font}` }));
            const widths = [...select.options].map((option) => [option.text, (ruler.textContent = option.text, ruler.getBoundingClientRect().width)] as const);
            ruler.remove();
            const around = natural - Math.max(...widths.map(([, w]) => w));
            const [label, brand, nav] = ['.buyer-switch label', '.brand', '.site-nav'].map((selector) => document.querySelector(selector)!.getBoundingClientRect());
            return {
              cut: widths.filter(([, w]) => w + around > shown + 0.5).map(([text]) => text),
              labelMiddle: (label!.top + label!.bottom) / 2,
              brand: [brand!.top, brand!.bottom],
              navTop: nav!.top,
              scrollWidth: document.scrollingElement!.scrollWidth,
            };
          });
          assert.deepEqual(seen.cut, [], `${width} px, ${locale}: names cut in "Signed in as"`);
          assert.equal(seen.scrollWidth, width, `${width} px, ${locale}: the page scrolls sideways`);
          if (width === 1280) {
            const [top, bottom] = seen.brand;
            assert.ok(seen.labelMiddle > top! && seen.labelMiddle < bottom!, `${locale}: "Signed in as" sits on the brand's row (${seen.labelMiddle} in ${top}–${bottom})`);
            assert.ok(seen.navTop >= bottom!, `${locale}: the navigation is the header's second row`);
          }
          if (locale === 'ar' || (locale === 'en' && width === 1280)) await screenshot(page, `storefront-header-${locale}-${width}`);
        } finally {
          await page.context().close();
        }
      }
    }
  });

  test('every widget on every page wears the brand (its primary colour is the brand\'s orange), the console\'s revenue dashboard too', async () => {
    const page = await newPage(1280, null, 'acme-admin');
    try {
      const seen: string[] = [];
      for (const path of PAGES) {
        await page.goto(`${server.url}${path}`);
        seen.push(
          ...(await page.evaluate(() => {
            const brand = getComputedStyle(document.documentElement).getPropertyValue('--brand-orange').trim();
            return [...document.querySelectorAll('*')]
              .filter((el) => el.localName.startsWith('subkit-') && el.localName !== 'subkit-provider')
              .map((el) => `${el.localName}: ${getComputedStyle(el).getPropertyValue('--subkit-color-primary').trim() === brand ? 'brand' : 'default'}`);
          })),
        );
      }
      for (const tag of ['subkit-plan-picker', 'subkit-checkout', 'subkit-subscription-manager', 'subkit-approvals', 'subkit-billing-history', 'subkit-quote', 'subkit-revenue-dashboard']) {
        assert.ok(seen.includes(`${tag}: brand`), `${tag} is on a page and wears the brand: ${seen.join(', ')}`);
      }
      assert.deepEqual(seen.filter((s) => s.endsWith('default')), []);
    } finally {
      await page.context().close();
    }
  });

  const OTHERS: [string, string, string, string][] = [
    ['zh-CN', '价格', '套餐与价格', '让产线不停转，把供应交给订阅。'],
    ['hi', 'कीमतें', 'प्लान और कीमतें', 'लाइन चलती रहे। आपूर्ति को सदस्यता पर रखें।'],
    ['tr', 'Fiyatlar', 'Planlar ve fiyatlar', 'Hat durmasın. Tedariki aboneliğe bağlayın.'],
  ];
  for (const [locale, pricing, plans, hero] of OTHERS) {
    test(`${locale}: the pricing page's chrome, heading and footer in ${locale}; the buyers' roles in "Signed in as" too`, async () => {
      const page = await newPage(1280, locale, 'acme-purchaser');
      try {
        await page.goto(`${server.url}/`);
        assert.equal(await page.locator('.site-nav a').first().textContent(), pricing);
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), hero);
        assert.equal(await page.locator('.site-footer nav').first().getByRole('link').first().textContent(), plans);
        await page.locator('#buyer-switch:not([disabled])').waitFor();
        const roles = { 'zh-CN': '采购员', hi: 'क्रेता', tr: 'Satın alma sorumlusu' }[locale]!;
        assert.match((await page.locator('#buyer-switch option:checked').textContent()) ?? '', new RegExp(`· ${roles}$`));
      } finally {
        await page.context().close();
      }
    });
  }
});
