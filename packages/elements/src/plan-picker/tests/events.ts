import { expect } from '@open-wc/testing';
import { createStores, getSharedClient } from '@subkit/client';
import type { SubkitPlanPicker } from '../plan-picker.js';
import type { ContactSalesEvent, PlanSelectedEvent } from '../../events/index.js';
import { catalog } from '../../../test/fixtures/index.js';
import { freshKey, useFixtureServer } from '../../../test/msw.js';
import { text, until } from '../../../test/helpers.js';

/** The picker's helpers these tests use (they live in plan-picker.test.ts). */
export interface PickerEventHelpers {
  loaded(options?: { key?: string }): Promise<SubkitPlanPicker>;
  card(el: SubkitPlanPicker, name: string): HTMLElement;
  setQuantity(el: SubkitPlanPicker, name: string, value: string): Promise<void>;
}

const api = location.origin;

/** What the picker tells the page: the chosen plan (and the shared checkout draft), contact sales. */
export function eventTests({ loaded, card, setQuantity }: PickerEventHelpers): void {
  describe('events', () => {
    it('emits subkit-plan-selected (bubbling, composed) and writes the shared checkout draft', async () => {
      useFixtureServer();
      const key = freshKey();
      const el = await loaded({ key });
      await setQuantity(el, 'Team', '12');
      const events: PlanSelectedEvent[] = [];
      document.addEventListener('subkit-plan-selected', (e) => events.push(e), { once: true });
      (card(el, 'Team').querySelector('[part~="cta"]') as HTMLButtonElement).click();
      await until(() => events.length === 1, 'plan selected');
      const event = events[0]!;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail).to.deep.equal({
        planId: 'plan_team',
        priceId: 'price_team_usd_month',
        currency: 'USD',
        recurring: { interval: 'month', intervalCount: 1 },
        quantity: 12,
        addOns: [],
        subscriptionId: null,
        change: 'new',
      });
      const draft = createStores(getSharedClient({ baseUrl: api, publishableKey: key })).$checkoutDraft.get();
      expect(draft).to.include({ planId: 'plan_team', currency: 'USD', quantity: 12 });
      expect(draft.recurring).to.deep.equal({ interval: 'month', intervalCount: 1 });
      expect(text(card(el, 'Team').querySelector('[part~="cta"]'))).to.equal('Team selected');
      expect(card(el, 'Team').getAttribute('part')).to.contain('plan-selected');
    });

    it('carries over only the chosen add-ons the newly chosen plan is sold with', async () => {
      useFixtureServer();
      const key = freshKey();
      const stores = createStores(getSharedClient({ baseUrl: api, publishableKey: key }));
      stores.updateDraft({ addOns: [{ addOnId: 'addon_priority' }, { addOnId: 'addon_reports' }, { addOnId: 'addon_trackers', quantity: 3 }] });
      const el = await loaded({ key });
      const events: PlanSelectedEvent[] = [];
      document.addEventListener('subkit-plan-selected', (e) => events.push(e), { once: true });
      (card(el, 'Vehicles').querySelector('[part~="cta"]') as HTMLButtonElement).click();
      await until(() => events.length === 1, 'plan selected');
      const kept = [{ addOnId: 'addon_priority' }, { addOnId: 'addon_trackers', quantity: 3 }];
      expect(events[0]!.detail.addOns).to.deep.equal(kept);
      expect(stores.$checkoutDraft.get().addOns).to.deep.equal(kept);
    });

    it('emits subkit-contact-sales and lets the page keep the buyer from leaving', async () => {
      useFixtureServer();
      const el = await loaded();
      const link = card(el, 'Enterprise').querySelector('a[part~="cta-contact"]') as HTMLAnchorElement;
      expect(link.href).to.equal('https://fleet.example/contact-sales');
      const events: ContactSalesEvent[] = [];
      const listener = (e: ContactSalesEvent) => {
        events.push(e);
        e.preventDefault();
      };
      document.addEventListener('subkit-contact-sales', listener);
      link.click();
      document.removeEventListener('subkit-contact-sales', listener);
      expect(events).to.have.length(1);
      expect(events[0]!.detail).to.deep.equal({ planId: 'plan_enterprise', planName: 'Enterprise', contactUrl: 'https://fleet.example/contact-sales' });
      expect(location.pathname).to.not.contain('contact-sales');
    });

    it('never links to a contact URL that is not http(s)', async () => {
      const hostile = structuredClone(catalog);
      hostile.products[0]!.plans.find((p) => p.id === 'plan_enterprise')!.contactUrl = 'javascript:alert(1)';
      useFixtureServer({ catalog: hostile });
      const el = await loaded();
      const cta = card(el, 'Enterprise').querySelector('[part~="cta-contact"]')!;
      expect(cta.tagName).to.equal('BUTTON');
      expect(cta.hasAttribute('href')).to.equal(false);
      const events: ContactSalesEvent[] = [];
      document.addEventListener('subkit-contact-sales', (e) => events.push(e), { once: true });
      (cta as HTMLButtonElement).click();
      expect(events[0]!.detail.contactUrl).to.equal(null);
    });
  });
}
