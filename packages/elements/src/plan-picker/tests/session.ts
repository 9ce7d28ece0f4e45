import { expect } from '@open-wc/testing';
import { getSharedClient, subscriptionsStore } from '@subkit/client';
import { formatMoney, quotePrice } from '@subkit/core';
import type { SubkitPlanPicker } from '../plan-picker.js';
import type { PlanSelectedEvent } from '../../events/index.js';
import { catalog, sessionFor, teamSubscription } from '../../../test/fixtures/index.js';
import { freshKey, useFixtureServer, worker } from '../../../test/msw.js';
import { $, $$, text, until } from '../../../test/helpers.js';

/** The picker's helpers these tests use (they live in plan-picker.test.ts). */
export interface PickerSessionHelpers {
  loaded(options?: { key?: string; session?: string }): Promise<SubkitPlanPicker>;
  card(el: SubkitPlanPicker, name: string): HTMLElement;
  amountOf(el: SubkitPlanPicker, name: string): string;
  chooseInterval(el: SubkitPlanPicker, key: string): Promise<void>;
}

const api = location.origin;

/** A signed-in buyer: contract prices, the current plan and changes instead of purchases, a viewer's limits. */
export function sessionTests({ loaded, card, amountOf, chooseInterval }: PickerSessionHelpers): void {
  describe('with a buyer session', () => {
    it('shows contract prices, the current plan, and upgrade/downgrade instead of buy', async () => {
      useFixtureServer({ subscriptions: [teamSubscription] });
      const el = await loaded({ session: 'tok_purchaser' });
      await until(() => !!card(el, 'Team').querySelector('[part~="badge-current"]'), 'current plan marked');
      expect(text(card(el, 'Team').querySelector('[part~="badge-contract"]'))).to.equal('Your contract price');
      expect(amountOf(el, 'Team')).to.equal('$79.00');
      // The list price it beats, struck through: the public Team price for the same seats.
      const publicTeam = catalog.products[0]!.plans.find((p) => p.id === 'plan_team')!.prices.find((p) => p.currency === 'USD' && p.recurring.interval === 'month')!;
      const list = quotePrice(publicTeam, { quantity: 5 }).subtotal;
      expect(text(card(el, 'Team').querySelector('[part~="list-price"]'))).to.equal(`List price ${formatMoney(list, 'USD', 'en')}`);
      expect(card(el, 'Team').querySelector('[part~="list-price"] del')).to.exist;
      expect(card(el, 'Starter').querySelector('[part~="list-price"]')).to.equal(null);
      const current = card(el, 'Team').querySelector('[part~="cta"]') as HTMLButtonElement;
      expect([text(current), current.disabled]).to.deep.equal(['Current plan', true]);
      expect(text(card(el, 'Starter').querySelector('[part~="cta"]'))).to.equal('Downgrade to Starter');
      expect(text(card(el, 'Business').querySelector('[part~="cta"]'))).to.equal('Upgrade to Business');
      const events: PlanSelectedEvent[] = [];
      document.addEventListener('subkit-plan-selected', (e) => events.push(e), { once: true });
      (card(el, 'Business').querySelector('[part~="cta"]') as HTMLButtonElement).click();
      await until(() => events.length === 1, 'upgrade chosen');
      expect(events[0]!.detail).to.include({ planId: 'plan_business', change: 'upgrade', subscriptionId: 'sub_acme_team', quantity: 30 });
    });

    it('marks a plan current while its first payment awaits the bank, and no longer once that subscription expired unpaid', async () => {
      useFixtureServer({ subscriptions: [{ ...teamSubscription, status: 'incomplete' }] });
      let el = await loaded({ session: 'tok_purchaser' });
      await until(() => !!card(el, 'Team').querySelector('[part~="badge-current"]'), 'incomplete: current plan marked');
      expect(text(card(el, 'Team').querySelector('[part~="cta"]'))).to.equal('Current plan');
      worker.resetHandlers();
      useFixtureServer({ subscriptions: [{ ...teamSubscription, status: 'incomplete_expired' }] });
      const key = freshKey();
      el = await loaded({ session: 'tok_purchaser', key });
      const $subscriptions = subscriptionsStore(getSharedClient({ baseUrl: api, publishableKey: key })).$subscriptions;
      await until(() => $subscriptions.get().data?.[0]?.status === 'incomplete_expired', 'expired subscription loaded');
      await el.updateComplete;
      const cta = card(el, 'Team').querySelector('[part~="cta"]') as HTMLButtonElement;
      expect(card(el, 'Team').querySelector('[part~="badge-current"]')).to.equal(null);
      expect([text(cta), cta.disabled]).to.deep.equal([text(card(el, 'Starter').querySelector('[part~="cta"]')).replace('Starter', 'Team'), false]);
    });

    // Before, an unpaid subscription did not count: the picker sold Team again while the held one went on invoicing.
    it('marks a plan current while its subscription is on hold (unpaid), so it is not sold a second time', async () => {
      useFixtureServer({ subscriptions: [{ ...teamSubscription, status: 'unpaid' }] });
      const el = await loaded({ session: 'tok_purchaser' });
      await until(() => !!card(el, 'Team').querySelector('[part~="badge-current"]'), 'unpaid: current plan marked');
      const cta = card(el, 'Team').querySelector('[part~="cta"]') as HTMLButtonElement;
      expect([text(cta), cta.disabled]).to.deep.equal(['Current plan', true]);
    });

    it("starts at the current subscription's billing period and currency, so its plan shows as current", async () => {
      const yearlyInEuro = {
        ...teamSubscription,
        priceId: 'price_team_eur_year',
        currency: 'EUR',
        recurring: { interval: 'year' as const, intervalCount: 1 },
        quantity: 8,
      };
      useFixtureServer({ subscriptions: [yearlyInEuro] });
      const el = await loaded({ session: 'tok_purchaser' });
      await until(() => !!card(el, 'Team').querySelector('[part~="badge-current"]'), 'current plan marked');
      const checked = $$(el, 'input[name="interval"]').find((r) => (r as HTMLInputElement).checked) as HTMLInputElement;
      expect(checked.value).to.equal('year');
      expect(($(el, '[part~="currency-select"]') as HTMLSelectElement).value).to.equal('EUR');
      const current = card(el, 'Team').querySelector('[part~="cta"]') as HTMLButtonElement;
      expect([text(current), current.disabled]).to.deep.equal(['Current plan', true]);
      expect((card(el, 'Team').querySelector('[part~="quantity-input"]') as HTMLInputElement).value).to.equal('8');
      expect(text(card(el, 'Business').querySelector('[part~="cta"]'))).to.equal('Upgrade to Business');
      // The buyer can still look at other periods: monthly Team is then a change of terms.
      await chooseInterval(el, 'month');
      expect(text(card(el, 'Team').querySelector('[part~="cta"]'))).to.equal('Downgrade to Team');
    });

    it('lets a viewer compare but not buy', async () => {
      useFixtureServer({ session: sessionFor('viewer') });
      const el = await loaded({ session: 'tok_viewer' });
      await until(() => $$(el, '[part~="note"]').length > 0, 'viewer note');
      expect(text($(el, '[part~="note"]'))).to.contain('Your role can see plans but not buy them.');
      expect($$(el, 'button[part~="cta"]').filter((b) => !b.matches('[part~="cta-contact"]'))).to.have.length(0);
    });
  });
}
