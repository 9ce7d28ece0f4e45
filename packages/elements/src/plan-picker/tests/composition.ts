import { expect } from '@open-wc/testing';
import type { SubkitPlanPicker } from '../plan-picker.js';
import { useFixtureServer } from '../../../test/msw.js';
import { text, until } from '../../../test/helpers.js';

/** The picker's helpers these tests use (they live in plan-picker.test.ts). */
export interface PickerHelpers {
  loaded(options?: { locale?: string }): Promise<SubkitPlanPicker>;
  card(el: SubkitPlanPicker, name: string): HTMLElement;
}

/** What a headline amount is made of ("€12 per seat + €49 platform fee"), in English and in Arabic. */
export function priceCompositionTests({ loaded, card }: PickerHelpers): void {
  describe('what the price is made of', () => {
    it('says what the headline amount is made of: the per-seat price and the fixed fees', async () => {
      useFixtureServer();
      const el = await loaded();
      const composition = (name: string) => text(card(el, name).querySelector('[part~="price-composition"]'));
      expect(composition('Starter')).to.equal('$12.00 per seat');
      expect(composition('Team')).to.equal('from $6.00 per seat + $49.00 Platform fee');
      expect(composition('Vehicles')).to.equal('$40.00 per 10 vehicles');
    });

    it('isolates the merchant’s names and the amounts inside the Arabic sentence', async () => {
      useFixtureServer();
      const el = await loaded({ locale: 'ar' });
      await until(() => !!card(el, 'Team').querySelector('[part~="price-composition"]')?.textContent?.includes('لكل'), 'Arabic composition');
      const isolated = [...card(el, 'Team').querySelectorAll('[part~="price-composition"] bdi')].map((b) => b.textContent);
      expect(isolated).to.include.members(['seat', 'Platform fee']);
      // Both amounts ("from US$ 6.00", "US$ 49.00") are isolated too.
      expect(isolated.filter((t) => t?.includes('$'))).to.have.length(2);
    });
  });
}
