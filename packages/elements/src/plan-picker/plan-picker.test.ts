import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http } from 'msw';
import { catalogStore, getSharedClient } from '@subkit/client';
import '../define.js';
import type { SubkitPlanPicker } from './plan-picker.js';
import type { PlanSelectedEvent, SubkitErrorEvent } from '../events/index.js';
import { freshKey, startWorker, useFixtureServer, worker } from '../../test/msw.js';
import { apiError } from '../../test/handlers.js';
import { catalog, emptyCatalog } from '../../test/fixtures/index.js';
import { $, $$, text, type, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';
import { priceCompositionTests } from './tests/composition.js';
import { eventTests } from './tests/events.js';
import { quoteTests } from './tests/quote.js';
import { sessionTests } from './tests/session.js';

const api = location.origin;

async function picker(options: { key?: string; session?: string; locale?: string } = {}): Promise<SubkitPlanPicker> {
  const el = await fixture<SubkitPlanPicker>(
    html`<subkit-plan-picker api-base=${api} publishable-key=${options.key ?? freshKey()} session=${options.session ?? ''} locale=${options.locale ?? ''}></subkit-plan-picker>`,
  );
  return el;
}

async function loaded(options: Parameters<typeof picker>[0] = {}): Promise<SubkitPlanPicker> {
  const el = await picker(options);
  await until(() => $$(el, '[part~="plan-name"]').length > 0, 'plans rendered');
  return el;
}

/** The card of a plan, by its name. */
function card(el: SubkitPlanPicker, name: string): HTMLElement {
  const found = $$(el, 'li[part~="plan"]').find((li) => text(li.querySelector('[part~="plan-name"]')) === name);
  if (!found) throw new Error(`no card for ${name}`);
  return found;
}

const amountOf = (el: SubkitPlanPicker, name: string) => text(card(el, name).querySelector('[part~="amount"]'));

async function chooseInterval(el: SubkitPlanPicker, key: string): Promise<void> {
  const radio = $$(el, 'input[name="interval"]').find((r) => (r as HTMLInputElement).value === key) as HTMLInputElement;
  radio.click();
  await el.updateComplete;
}

async function setQuantity(el: SubkitPlanPicker, name: string, value: string): Promise<void> {
  type(card(el, name).querySelector('input[type="number"]') as HTMLInputElement, value);
  await el.updateComplete;
}

function breakdown(el: SubkitPlanPicker, name: string): string[][] {
  return [...card(el, name).querySelectorAll('[part~="breakdown-table"] tbody tr, [part~="breakdown-table"] tfoot tr')].map((tr) =>
    [...tr.children].map((c) => text(c)),
  );
}

describe('<subkit-plan-picker>', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  runWidgetContract('subkit-plan-picker', {
    serve(state) {
      const server = useFixtureServer(state === 'empty' ? { catalog: emptyCatalog, sessionCatalog: emptyCatalog } : {});
      if (state === 'loading') worker.use(http.get('*/v1/catalog', () => delay('infinite')));
      if (state === 'error') worker.use(http.get('*/v1/catalog', () => apiError(404, 'not_found_error', 'merchant_not_found', 'No such merchant.'), { once: true }));
      return () => server.requests;
    },
    loaded: (el) => $$(el, '[part~="plan-name"]').length === 5,
    loadingText: 'Loading plans…',
    emptyText: 'No plans are on sale right now.',
    error: { text: 'The plans could not be loaded.', source: 'plan-picker:catalog', code: 'merchant_not_found' },
    sessionPaths: ['/v1/session', '/v1/subscriptions'],
    arabicTitle: 'اختر خطتك',
    parts: ['header', 'controls', 'interval-toggle', 'interval-option', 'saving-badge', 'currency-select', 'plans', 'plan', 'plan-recommended', 'badge-trial', 'price', 'amount', 'period', 'quantity-input', 'breakdown', 'cta', 'features'],
    theming: [
      { token: '--subkit-color-primary', value: 'rgb(200, 0, 0)', element: (el) => card(el as SubkitPlanPicker, 'Starter').querySelector('[part~="cta"]')!, property: 'backgroundColor', expected: 'rgb(200, 0, 0)' },
      { token: '--subkit-radius', value: '0px', element: (el) => card(el as SubkitPlanPicker, 'Starter'), property: 'borderTopLeftRadius', expected: '0px' },
      { part: 'plan-name', value: 'color: rgb(1, 2, 3);', element: (el) => card(el as SubkitPlanPicker, 'Starter').querySelector('[part~="plan-name"]')!, property: 'color', expected: 'rgb(1, 2, 3)' },
    ],
    keyboard: ['input[name="interval"]', '[part~="currency-select"]', '[part~="quantity-input"]', '[part~="breakdown-toggle"]', '[part~="cta"]', '[part~="features-scroll"]'],
  });

  describe('rendering per data state', () => {
    it('renders one card per plan, in rank order', async () => {
      useFixtureServer();
      const el = await loaded();
      expect($$(el, '[part~="plan-name"]').map((n) => text(n))).to.deep.equal(['Starter', 'Vehicles', 'Team', 'Business', 'Enterprise']);
      expect(el.matches(':state(loading)')).to.equal(false);
    });

    it('marks the recommended plan and the trials', async () => {
      useFixtureServer();
      const el = await loaded();
      expect(card(el, 'Team').getAttribute('part')).to.contain('plan-recommended');
      expect(text(card(el, 'Team').querySelector('[part~="badge-recommended"]'))).to.equal('Recommended');
      expect(text(card(el, 'Team').querySelector('[part~="badge-trial"]'))).to.equal('14-day free trial');
      expect(text(card(el, 'Business').querySelector('[part~="badge-trial"]'))).to.equal('30-day free trial');
      expect(card(el, 'Starter').querySelector('[part~="badge-trial"]')).to.equal(null);
    });

    it('draws a catalog its store already holds on its first render, with no empty or loading frame (as hydration needs)', async () => {
      const key = freshKey();
      catalogStore(getSharedClient({ baseUrl: api, publishableKey: key })).seed(catalog);
      const el = Object.assign(document.createElement('subkit-plan-picker'), { apiBase: api, publishableKey: key });
      const frames: string[][] = [];
      el.addController({ hostUpdated: () => frames.push($$(el, '[part~="plan-name"], [part~="plan-skeleton"], [part~="empty"]').map((n) => n.getAttribute('part')!)) });
      await fixture(el);
      expect(frames[0]).to.deep.equal(catalog.products[0]!.plans.map(() => 'plan-name'));
    });
  });

  describe('prices and the pricing math shown', () => {
    it('offers only the intervals the catalog has, with the best saving', async () => {
      useFixtureServer();
      const el = await loaded();
      const options = $$(el, '[part~="interval-option"]').map((o) => text(o));
      expect(options).to.deep.equal(['Monthly', 'Quarterly Save up to 5%', 'Yearly Save up to 17%']);
    });

    it('prices per seat monthly, and yearly with the monthly equivalent and the saving', async () => {
      useFixtureServer();
      const el = await loaded();
      expect(amountOf(el, 'Starter')).to.equal('$36.00');
      await chooseInterval(el, 'year');
      expect(amountOf(el, 'Starter')).to.equal('$360.00');
      expect(text(card(el, 'Starter').querySelector('[part~="price-note"]'))).to.equal('$30.00 per month Save 17%');
      expect(text(card(el, 'Starter').querySelector('[part~="period"]'))).to.equal('per year');
      expect(el.getAttribute('interval')).to.equal('year');
    });

    it('switches currency and drops the intervals that currency lacks', async () => {
      useFixtureServer();
      const el = await loaded();
      type($(el, '[part~="currency-select"]') as HTMLSelectElement, 'EUR');
      await el.updateComplete;
      expect(amountOf(el, 'Starter')).to.equal('€33.00');
      expect($$(el, '[part~="interval-option"]').map((o) => text(o).split(' ')[0])).to.deep.equal(['Monthly', 'Yearly']);
    });

    it('computes graduated tiers live and shows each tier used', async () => {
      useFixtureServer();
      const el = await loaded();
      expect(amountOf(el, 'Team')).to.equal('$99.00');
      await setQuantity(el, 'Team', '12');
      expect(amountOf(el, 'Team')).to.equal('$165.00');
      expect(breakdown(el, 'Team')).to.deep.equal([
        ['Platform fee', '$49.00'],
        ['Seats · 1–10: 10 × $10.00', '$100.00'],
        ['Seats · 11–50: 2 × $8.00', '$16.00'],
        ['API calls · 10,000 included', '$0.00'],
        ['Total', '$165.00'],
      ]);
    });

    it('prices every seat by the volume tier the total falls in', async () => {
      useFixtureServer();
      const el = await loaded();
      expect(amountOf(el, 'Business')).to.equal('$210.00');
      expect(breakdown(el, 'Business')[0]).to.deep.equal(['Seats · All 30 at $7.00 (26–100)', '$210.00']);
      await setQuantity(el, 'Business', '101');
      expect(amountOf(el, 'Business')).to.equal('$505.00');
      expect(breakdown(el, 'Business')[0]).to.deep.equal(['Seats · All 101 at $5.00 (101+)', '$505.00']);
    });

    it('charges packages per started block', async () => {
      useFixtureServer();
      const el = await loaded();
      expect(amountOf(el, 'Vehicles')).to.equal('$120.00');
      expect(breakdown(el, 'Vehicles')[0]).to.deep.equal(['Vehicles · 3 × $40.00 per 10', '$120.00']);
      await setQuantity(el, 'Vehicles', '30');
      expect(amountOf(el, 'Vehicles')).to.equal('$120.00');
      await setQuantity(el, 'Vehicles', '31');
      expect(amountOf(el, 'Vehicles')).to.equal('$160.00');
    });

    it('states the metered allowance and the overage rate', async () => {
      useFixtureServer();
      const el = await loaded();
      expect(text(card(el, 'Team').querySelector('[part~="usage-note"]'))).to.equal('API calls: 10,000 included, then $1.00 per 1,000');
    });

    it('labels the quantity with the plural unit, or the singular when the catalog names no plural', async () => {
      const singularOnly = structuredClone(catalog);
      delete singularOnly.products[0]!.plans.find((p) => p.id === 'plan_business')!.quantity!.unitLabelPlural;
      useFixtureServer({ catalog: singularOnly });
      const el = await loaded();
      const label = (name: string) => text(card(el, name).querySelector('[part~="quantity"] label'));
      expect([label('Starter'), label('Vehicles'), label('Business')]).to.deep.equal(['Number of seats', 'Number of vehicles', 'Number of seat']);
    });

    it('refuses a quantity outside the plan rule, with a message tied to the input', async () => {
      useFixtureServer();
      const el = await loaded();
      await setQuantity(el, 'Starter', '11');
      const input = card(el, 'Starter').querySelector('input') as HTMLInputElement;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      const message = card(el, 'Starter').querySelector('[part~="field-error"]')!;
      expect(text(message)).to.equal('Enter a whole number from 1 to 10.');
      expect(input.getAttribute('aria-describedby')).to.contain(message.id);
      expect((card(el, 'Starter').querySelector('[part~="cta"]') as HTMLButtonElement).disabled).to.equal(true);
      // No price for a quantity that cannot be bought: not the price of the nearest allowed one.
      expect(card(el, 'Starter').querySelector('[part~="amount"]')).to.equal(null);
      expect(card(el, 'Starter').querySelector('[part~="breakdown"]')).to.equal(null);
      expect(text(card(el, 'Starter').querySelector('[part~="price-needs-quantity"]'))).to.equal('Choose a number of seats in range to see the price.');
      await setQuantity(el, 'Starter', '4');
      expect(amountOf(el, 'Starter')).to.equal('$48.00');
    });


    it('names the add-ons sold with each plan in the chosen currency and period', async () => {
      useFixtureServer();
      const el = await loaded();
      const note = (name: string) => text(card(el, name).querySelector('[part~="add-ons-note"]'));
      expect(note('Team')).to.equal('Available add-ons: Priority support, Advanced reports, and Spare GPS trackers');
      // Advanced reports is sold only with the seat plans.
      expect(note('Vehicles')).to.equal('Available add-ons: Priority support and Spare GPS trackers');
      expect(card(el, 'Enterprise').querySelector('[part~="add-ons-note"]')).to.equal(null);
      // No add-on has a quarterly price.
      await chooseInterval(el, 'quarter');
      expect(card(el, 'Team').querySelector('[part~="add-ons-note"]')).to.equal(null);
      await chooseInterval(el, 'month');
      // Spare GPS trackers are not sold in EUR.
      type($(el, '[part~="currency-select"]') as HTMLSelectElement, 'EUR');
      await el.updateComplete;
      expect(note('Team')).to.equal('Available add-ons: Priority support and Advanced reports');
    });

    it('compares features in a real table with row and column headers', async () => {
      useFixtureServer();
      const el = await loaded();
      const table = $(el, 'table[part~="features"]') as HTMLTableElement;
      expect(text(table.caption)).to.equal('Compare features');
      expect([...table.tHead!.rows[0]!.cells].map((c) => [c.tagName, c.getAttribute('scope'), text(c)])).to.deep.equal([
        ['TH', 'col', 'Feature'],
        ['TH', 'col', 'Starter'],
        ['TH', 'col', 'Vehicles'],
        ['TH', 'col', 'Team'],
        ['TH', 'col', 'Business'],
        ['TH', 'col', 'Enterprise'],
      ]);
      const sso = [...table.tBodies[0]!.rows].find((r) => text(r.cells[0]) === 'Single sign-on (SAML)')!;
      expect(sso.cells[0]!.getAttribute('scope')).to.equal('row');
      expect([...sso.cells].slice(1).map((c) => text(c.querySelector('.visually-hidden')))).to.deep.equal([
        'Not included',
        'Not included',
        'Not included',
        'Included',
        'Included',
      ]);
    });

    // At 390 px in Arabic the Enterprise column was cut off at the left with nothing saying the table scrolls.
    for (const locale of ['ar', 'en'] as const) {
      it(`${locale}: on a phone the comparison scrolls in a named, focusable region with a shadow at each edge that has more`, async () => {
        useFixtureServer();
        const el = await loaded({ locale });
        el.style.cssText = 'display: block; inline-size: 340px';
        await until(() => $(el, '[part~="base"]').getAttribute('dir') === (locale === 'ar' ? 'rtl' : 'ltr'), 'its direction');
        const region = $(el, '[part~="features-scroll"]');
        expect(region.getAttribute('role')).to.equal('region');
        const name = locale === 'ar' ? 'قارن الميزات' : 'Compare features';
        await until(() => text(el.shadowRoot!.getElementById(region.getAttribute('aria-labelledby')!)) === name, 'named by its caption');
        expect(region.scrollWidth, 'five plans do not fit 340 px').to.be.greaterThan(region.clientWidth);
        const style = getComputedStyle(region);
        // Two covers moving with the table, two shadows staying at the box's edges.
        expect(style.backgroundAttachment).to.equal('local, local, scroll, scroll');
        expect(style.backgroundImage.match(/linear-gradient/g)).to.have.length(4);
        region.focus();
        expect(el.shadowRoot!.activeElement).to.equal(region);
        await sendKeys({ press: locale === 'ar' ? 'ArrowLeft' : 'ArrowRight' });
        await until(() => Math.abs(region.scrollLeft) > 0, 'scrolled by the keyboard');
      });
    }
  });

  eventTests({ loaded, card, setQuantity });
  quoteTests({ loaded, card });

  sessionTests({ loaded, card, amountOf, chooseInterval });

  describe('keyboard', () => {
    it('changes the interval with the arrow keys and selects with Enter', async () => {
      useFixtureServer();
      const el = await loaded();
      const monthly = $$(el, 'input[name="interval"]')[0] as HTMLInputElement;
      monthly.focus();
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(el.interval).to.equal('year');
      expect(amountOf(el, 'Starter')).to.equal('$360.00');
      const events: PlanSelectedEvent[] = [];
      document.addEventListener('subkit-plan-selected', (e) => events.push(e), { once: true });
      (card(el, 'Starter').querySelector('[part~="cta"]') as HTMLButtonElement).focus();
      await sendKeys({ press: 'Enter' });
      await until(() => events.length === 1, 'selected by keyboard');
      expect(events[0]!.detail.recurring).to.deep.equal({ interval: 'year', intervalCount: 1 });
    });

    it('opens the price breakdown from the keyboard', async () => {
      useFixtureServer();
      const el = await loaded();
      const details = card(el, 'Team').querySelector('details')!;
      (details.querySelector('summary') as HTMLElement).focus();
      await sendKeys({ press: 'Enter' });
      expect(details.open).to.equal(true);
    });
  });

  describe('accessibility', () => {
    it('has no axe violations with a price breakdown open', async () => {
      useFixtureServer();
      const el = await loaded();
      card(el, 'Team').querySelector('details')!.open = true;
      await expect(el).to.be.accessible();
    });
  });

  priceCompositionTests({ loaded, card });

  describe('localization', () => {
    for (const [locale, title, monthly] of [
      ['zh-CN', '选择您的套餐', '按月'],
      ['tr', 'Planınızı seçin', 'Aylık'],
      ['hi', 'अपना प्लान चुनें', 'मासिक'],
    ] as const) {
      it(`speaks ${locale}`, async () => {
        useFixtureServer();
        const el = await loaded({ locale });
        await until(() => text($(el, '[part~="title"]')) === title, `${locale} strings`);
        expect(text($$(el, '[part~="interval-option"]')[0])).to.equal(monthly);
        expect($(el, '[part~="base"]').getAttribute('dir')).to.equal('ltr');
      });
    }

    it('asks the catalog in its locale, shows its texts with counted unit forms, and asks again when the locale changes', async () => {
      useFixtureServer();
      const asked: (string | null)[] = [];
      const arabic = structuredClone(catalog);
      for (const plan of arabic.products.flatMap((p) => p.plans)) {
        if (plan.name === 'Team') plan.name = 'الفريق';
        if (plan.quantity?.unitLabel === 'seat') {
          plan.quantity = { ...plan.quantity, unitLabel: 'مقعد', unitLabelPlural: 'المقاعد', unitLabels: { one: 'مقعد', two: 'مقعد', few: 'مقاعد', many: 'مقعدًا', other: 'مقعد' } };
        }
        for (const item of plan.prices.flatMap((p) => p.items)) {
          if (item.unitLabel === 'seat') Object.assign(item, { description: 'المقاعد', unitLabel: 'مقعد', unitLabelPlural: 'المقاعد' });
          if (item.description === 'Platform fee') item.description = 'رسوم المنصة';
        }
      }
      worker.use(
        http.get('*/v1/catalog', ({ request }) => {
          const locale = new URL(request.url).searchParams.get('locale');
          asked.push(locale);
          return Response.json(locale === 'ar' ? { ...arabic, locale } : { ...catalog, locale: locale ?? 'en' });
        }),
      );
      const el = await picker({ locale: 'ar' });
      await until(() => $$(el, '[part~="plan-name"]').some((n) => text(n) === 'الفريق'), 'the Arabic plan name');
      expect(asked).to.deep.equal(['ar'], 'one request, in Arabic');
      const label = text(card(el, 'الفريق').querySelector('label'));
      expect(label).to.equal('عدد المقاعد');
      expect(text(card(el, 'الفريق'))).not.to.match(/seat|platform/i);

      el.locale = 'tr';
      await until(() => $$(el, '[part~="plan-name"]').some((n) => text(n) === 'Team'), 'the catalog asked again in Turkish');
      expect(asked).to.deep.equal(['ar', 'tr']);
    });

    it('falls back to the nearest lang attribute', async () => {
      useFixtureServer();
      const wrapper = await fixture(html`<div lang="tr-TR"><subkit-plan-picker api-base=${api} publishable-key=${freshKey()}></subkit-plan-picker></div>`);
      const el = wrapper.querySelector('subkit-plan-picker')!;
      await until(() => text(el.shadowRoot?.querySelector('[part~="title"]')) === 'Planınızı seçin', 'Turkish from lang');
    });

    it('takes string overrides', async () => {
      useFixtureServer();
      const el = await loaded();
      el.strings = { title: 'Pricing', recommended: 'Most popular' };
      await el.updateComplete;
      expect(text($(el, '[part~="title"]'))).to.equal('Pricing');
      expect(text(card(el, 'Team').querySelector('[part~="badge-recommended"]'))).to.equal('Most popular');
    });
  });
});
