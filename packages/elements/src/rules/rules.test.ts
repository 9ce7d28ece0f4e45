import '../../test/readable-failures.js';
import { expect } from '@open-wc/testing';
import { subkitError } from '@subkit/client';
import type { Subscription } from '@subkit/core';
import { catalog, liveCatalog, sessionFor, stripeCatalog, teamSubscription } from '../../test/fixtures/index.js';
import { unitFor } from '../locales/plural.js';
import { inCatalogLanguage } from './catalog.js';
import { html, render } from 'lit';
import { lineText } from '../templates/line-text.js';
import { lineTexts } from '../locales/en/line-texts.js';
import { addOnPriceLabel, addOnsFor } from './add-ons.js';
import en from '../locales/en/checkout.js';
import { addOnQuantityError, clampQuantity, parseQuantity, quantityError, quantityHint } from './quantity.js';
import { can, cardsAvailable, hasEnded, isDeclined, isLive, mayBuy } from './selectors.js';

const strings = {
  quantityInvalid: 'Enter a whole number from {min} to {max}.',
  quantityInvalidMin: 'Enter a whole number of at least {min}.',
  quantityRange: '{min} to {max}',
  quantityMin: '{min} or more',
  addOnQuantityInvalid: 'Enter a whole number from 0 to {max}.',
};
const month = { interval: 'month', intervalCount: 1 } as const;

describe('shared rules', () => {
  describe('selectors', () => {
    it('counts every status but canceled and incomplete_expired as live, incomplete and unpaid included', () => {
      const all: Subscription['status'][] = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'paused', 'canceled', 'unpaid'];
      expect(all.filter((status) => isLive({ status }))).to.deep.equal(['incomplete', 'trialing', 'active', 'past_due', 'paused', 'unpaid']);
    });

    it('counts canceled and incomplete_expired as ended, nothing else', () => {
      const all: Subscription['status'][] = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'paused', 'canceled', 'unpaid'];
      expect(all.filter((status) => hasEnded({ status }))).to.deep.equal(['incomplete_expired', 'canceled']);
    });

    it('grants a permission only to a session that has it, and none while the session is unknown', () => {
      expect(can(sessionFor('billing_admin'), 'subscriptions:cancel')).to.equal(true);
      expect(can(sessionFor('purchaser'), 'subscriptions:cancel')).to.equal(false);
      expect(can(null, 'invoices:read')).to.equal(false);
    });

    it('lets a signed-out visitor and a purchaser buy, a viewer not', () => {
      expect([mayBuy(null), mayBuy(sessionFor('purchaser')), mayBuy(sessionFor('viewer'))]).to.deep.equal([true, true, false]);
    });

    it('offers cards with Stripe or in test mode, never as our own inputs in live mode; unknown counts as available', () => {
      expect(cardsAvailable(catalog.merchant)).to.equal(true);
      expect(cardsAvailable(stripeCatalog.merchant)).to.equal(true);
      expect(cardsAvailable(liveCatalog.merchant)).to.equal(false);
      expect(cardsAvailable({ ...catalog.merchant, mode: 'live', payments: 'test' })).to.equal(false);
      expect(cardsAvailable(null)).to.equal(true);
    });

    it('tells a decline from other failures', () => {
      expect(isDeclined(subkitError('api_error', 'card_declined', 'declined', { status: 402 }))).to.equal(true);
      expect(isDeclined(subkitError('api_error', 'card_declined', 'declined', { serverType: 'payment_error' }))).to.equal(true);
      expect(isDeclined(subkitError('api_error', 'parameter_invalid', 'bad', { status: 400 }))).to.equal(false);
      expect(isDeclined(subkitError('network_error', 'network_failed', 'offline'))).to.equal(false);
    });
  });

  describe('quantities', () => {
    const seats = { minimum: 1, maximum: 10 };
    const open = { minimum: 5, maximum: null };

    it('takes whole numbers within the limits and nothing else', () => {
      expect(['1', '10', ' 7 ', '0', '11', '2.5', '', 'x', '1e1'].map((raw) => parseQuantity(raw, seats))).to.deep.equal([1, 10, 7, null, null, null, null, null, 10]);
      expect(parseQuantity('1000000', open)).to.equal(1_000_000);
    });

    it('says what to type, and hints the range in the buyer’s locale', () => {
      expect(quantityError('11', seats, strings)).to.equal('Enter a whole number from 1 to 10.');
      expect(quantityError('3', open, strings)).to.equal('Enter a whole number of at least 5.');
      expect(quantityError('4', seats, strings)).to.equal(null);
      expect([quantityHint(seats, strings, 'en'), quantityHint(open, strings, 'en')]).to.deep.equal(['1 to 10', '5 or more']);
      expect(quantityHint({ minimum: 10, maximum: 1000 }, strings, 'en')).to.equal('10 to 1,000');
      expect(quantityHint({ minimum: 1000, maximum: null }, strings, 'tr')).to.equal('1.000 or more');
    });

    it('brings a quantity within the limits', () => {
      expect([clampQuantity(0, seats), clampQuantity(4, seats), clampQuantity(99, seats), clampQuantity(99, open)]).to.deep.equal([1, 4, 10, 99]);
    });

    it('takes 0 to a million of an add-on', () => {
      expect(addOnQuantityError('0', strings, 'en')).to.equal(null);
      expect(addOnQuantityError('1000000', strings, 'en')).to.equal(null);
      expect(addOnQuantityError('1000001', strings, 'en')).to.equal('Enter a whole number from 0 to 1,000,000.');
      expect(addOnQuantityError('-1', strings, 'en')).to.not.equal(null);
    });
  });

  describe('add-ons', () => {
    const names = (planId: string, currency: string, recurring = month as { interval: 'month' | 'quarter' | 'year'; intervalCount: number }) =>
      addOnsFor(catalog, planId, currency, recurring).map((o) => o.addOn.name);

    it('offers the add-ons sold with a plan, in the currency and billing interval asked, in catalog order', () => {
      expect(names('plan_team', 'USD')).to.deep.equal(['Priority support', 'Advanced reports', 'Spare GPS trackers']);
      expect(names('plan_vehicles', 'USD')).to.deep.equal(['Priority support', 'Spare GPS trackers']);
      expect(names('plan_team', 'EUR')).to.deep.equal(['Priority support', 'Advanced reports']);
      expect(names('plan_team', 'USD', { interval: 'quarter', intervalCount: 1 })).to.deep.equal([]);
      expect(addOnsFor(catalog, null, 'USD', month)).to.deep.equal([]);
      expect(addOnsFor(null, 'plan_team', 'USD', month)).to.deep.equal([]);
    });

    it('names the unit of a package price even when the add-on names none ("€150.00 per 10 units per year")', () => {
      const addOn = { ...catalog.products[0]!.addOns[0]!, quantityMode: 'quantity' as const, unitLabel: undefined, unitLabelPlural: undefined };
      const price = { id: 'price_pack', currency: 'EUR', recurring: { interval: 'year' as const, intervalCount: 1 }, model: { type: 'package' as const, packageSize: 10, packageAmount: 15000 } };
      expect(addOnPriceLabel(addOn, price, null, en, 'en')).to.equal('€150.00 per 10 units per year');
      expect(addOnPriceLabel({ ...addOn, unitLabel: 'GB', unitLabelPlural: 'GB' }, price, null, en, 'en')).to.equal('€150.00 per 10 GB per year');
    });

    it('prices each offered add-on in the currency asked', () => {
      for (const { price } of addOnsFor(catalog, 'plan_team', 'EUR', month)) expect(price.currency).to.equal('EUR');
    });
  });

  describe('catalog texts', () => {
    const seat = { unitLabel: 'مقعد', unitLabelPlural: 'المقاعد', unitLabels: { zero: 'مقعد', one: 'مقعد', two: 'مقعد', few: 'مقاعد', many: 'مقعدًا', other: 'مقعد' } };

    it('picks the counted form of a unit by the locale plural category, the catalog plural where it has no forms', () => {
      expect([1, 2, 3, 10, 11, 99, 100].map((n) => unitFor(n, seat, 'ar'))).to.deep.equal(['مقعد', 'مقعد', 'مقاعد', 'مقاعد', 'مقعدًا', 'مقعدًا', 'مقعد']);
      expect(unitFor(3, { unitLabel: 'seat', unitLabelPlural: 'seats' }, 'en')).to.equal('seats');
      expect(unitFor(1, { unitLabel: 'seat', unitLabelPlural: 'seats' }, 'en')).to.equal('seat');
      expect(unitFor(5, { unitLabel: '席位', unitLabels: { other: '个席位' } }, 'zh-CN')).to.equal('个席位');
    });

    it('words a subscription as the catalog (asked in the widget locale) names its plan, items and add-ons', () => {
      const arabic = structuredClone(catalog);
      const plan = arabic.products.flatMap((p) => p.plans).find((p) => p.id === teamSubscription.planId)!;
      plan.name = 'الفريق';
      for (const item of plan.prices.flatMap((p) => p.items)) Object.assign(item, { description: `ع ${item.id}`, ...(item.unitLabel ? seat : {}) });
      for (const addOn of arabic.products.flatMap((p) => p.addOns)) addOn.name = `إضافة ${addOn.id}`;
      const worded = inCatalogLanguage(teamSubscription, arabic);
      expect(worded.planName).to.equal('الفريق');
      expect(worded.items.map((i) => i.description)).to.deep.equal(teamSubscription.items.map((i) => `ع ${i.priceItemId}`));
      expect(worded.addOns.map((a) => a.name)).to.deep.equal(teamSubscription.addOns.map((a) => `إضافة ${a.addOnId}`));
      expect(worded.id).to.equal(teamSubscription.id);
      expect(inCatalogLanguage(teamSubscription, null)).to.equal(teamSubscription);
    });

    it("names a line's plan and item as the catalog does, and keeps the server's names for what it does not know", () => {
      const arabic = structuredClone(catalog);
      const plan = arabic.products.flatMap((p) => p.plans).find((p) => p.id === teamSubscription.planId)!;
      plan.name = 'الفريق';
      const item = plan.prices[0]!.items[0]!;
      item.description = 'المقاعد';
      const subject = { type: 'plan' as const, planId: plan.id, planName: 'Team', itemId: item.id, name: 'Seats', unitLabel: null, unitLabelPlural: null };
      const words = (text: Parameters<typeof lineText>[0]['text'], c = arabic) => {
        const div = document.createElement('div');
        render(html`${lineText({ description: 'x', text }, lineTexts, 'en', { catalog: c })}`, div);
        return div.textContent!.replace(/\s+/g, ' ').trim();
      };
      expect(words({ kind: 'unused_time', subject })).to.equal('Unused time on الفريق — المقاعد');
      expect(words({ kind: 'unused_time', subject }, null as never)).to.equal('Unused time on Team — Seats');
      expect(words({ kind: 'period', subject: { ...subject, planId: 'plan_gone', itemId: 'gone' } })).to.equal('Team — Seats');
    });
  });
});
