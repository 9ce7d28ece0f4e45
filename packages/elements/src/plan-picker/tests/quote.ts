import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SubkitPlanPicker } from '../plan-picker.js';
import type { ViewQuoteEvent } from '../../events/index.js';
import { sessionFor } from '../../../test/fixtures/index.js';
import { useFixtureServer } from '../../../test/msw.js';
import { root, text, until } from '../../../test/helpers.js';

/** The picker's helpers these tests use (they live in plan-picker.test.ts). */
export interface PickerQuoteHelpers {
  loaded(options?: { session?: string; locale?: string }): Promise<SubkitPlanPicker>;
  card(el: SubkitPlanPicker, name: string): HTMLElement;
}

/** The session names Acme's open quotes, newest first: two for Enterprise (a contact-sales plan). */
const quoted = () => useFixtureServer({ session: { ...sessionFor('purchaser'), openQuotes: [{ planId: 'plan_enterprise', quoteId: 'qt_new' }, { planId: 'plan_enterprise', quoteId: 'qt_old' }] } });

/** The words of the card, by locale: what a buyer reads, in each shipped language. */
const WORDS = {
  en: ['Your company has a quote for this plan.', 'View your quote'],
  'zh-CN': ['贵公司有此方案的报价。', '查看您的报价'],
  ar: ['لدى شركتك عرض سعر لهذه الخطة.', 'اطّلع على عرض السعر'],
  hi: ['आपकी कंपनी के पास इस प्लान का कोटेशन है।', 'अपना कोटेशन देखें'],
  tr: ['Şirketinizin bu plan için bir teklifi var.', 'Teklifinizi görün'],
} as const;

/** A contact-sales plan the company has an open quote for (#17): the card says so and offers the quote. */
export function quoteTests({ loaded, card }: PickerQuoteHelpers): void {
  describe('an open quote for a contact-sales plan', () => {
    const quoteButton = (el: SubkitPlanPicker) => card(el, 'Enterprise').querySelector('button[part~="cta-quote"]') as HTMLButtonElement | null;

    it('says the company has a quote and offers it instead of contacting sales; the keyboard reaches it and Enter fires subkit-view-quote', async () => {
      quoted();
      const el = await loaded({ session: 'tok_purchaser' });
      await until(() => !!quoteButton(el), 'the quote offered');
      const enterprise = card(el, 'Enterprise');
      expect(text(enterprise.querySelector('[part~="quote-ready"]'))).to.equal(WORDS.en[0]);
      expect(text(quoteButton(el))).to.equal(WORDS.en[1]);
      expect(enterprise.querySelector('[part~="cta-contact"]')).to.equal(null);
      // The other cards keep their own calls to action.
      expect(text(card(el, 'Business').querySelector('[part~="cta"]'))).to.equal('Choose Business');
      const events: ViewQuoteEvent[] = [];
      document.addEventListener('subkit-view-quote', (e) => events.push(e), { once: true });
      (card(el, 'Business').querySelector('[part~="cta"]') as HTMLElement).focus();
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement).to.equal(quoteButton(el));
      await sendKeys({ press: 'Enter' });
      await until(() => events.length === 1, 'subkit-view-quote');
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      expect(events[0]!.detail).to.deep.equal({ planId: 'plan_enterprise', quoteId: 'qt_new' });
    });

    it('offers contact sales as before without a session, or when no quote is open', async () => {
      quoted();
      const signedOut = await loaded();
      expect(card(signedOut, 'Enterprise').querySelector('a[part~="cta-contact"]')).to.exist;
      expect(quoteButton(signedOut)).to.equal(null);
      useFixtureServer({ session: { ...sessionFor('purchaser'), openQuotes: [] } });
      const none = await loaded({ session: 'tok_purchaser' });
      await until(() => !!card(none, 'Enterprise').querySelector('a[part~="cta-contact"]'), 'contact sales');
      expect(quoteButton(none)).to.equal(null);
    });

    for (const locale of ['zh-CN', 'ar', 'hi', 'tr'] as const) {
      it(`says it in ${locale}`, async () => {
        quoted();
        const el = await loaded({ session: 'tok_purchaser', locale });
        await until(() => text(quoteButton(el)) === WORDS[locale][1], `${locale} strings`);
        expect(text(card(el, 'Enterprise').querySelector('[part~="quote-ready"]'))).to.equal(WORDS[locale][0]);
        if (locale === 'ar') expect(text(card(el, 'Enterprise').querySelector('[part~="quote-ready"]')) + text(quoteButton(el))).not.to.match(/[A-Za-z]/);
      });
    }

    it('has no axe violations (contrast included), in English and in Arabic', async () => {
      for (const locale of ['en', 'ar']) {
        quoted();
        const el = await loaded({ session: 'tok_purchaser', locale });
        await until(() => text(quoteButton(el)) === WORDS[locale as 'en' | 'ar'][1], 'the quote offered');
        await expect(el).to.be.accessible();
      }
    });
  });
}
