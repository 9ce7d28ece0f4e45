import { expect } from '@open-wc/testing';
import { sendMouse, setViewport } from '@web/test-runner-commands';
import { formatTaxPercent } from '@subkit/core';
import { useFixtureServer } from '../../../test/msw.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import { priced, summary, input, errorOf } from './support.js';

/**
 * The checkout in a storefront: the summary under the page's sticky header, the order button after the
 * summary (phone, tab order), a press on "Pay by invoice" that an error appearing on blur does not swallow,
 * and the order summary worded in the buyer's language from the server's structured lines.
 */
export function layoutAndLanguageTests(): void {
  describe('layout in a storefront', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('sticks the summary below a storefront header of --subkit-sticky-top', async () => {
      useFixtureServer();
      await setViewport({ width: 1100, height: 500 });
      const el = await priced();
      el.style.setProperty('--subkit-sticky-top', '72px');
      window.scrollTo(0, 0);
      const top = $(el, '[part~="summary"]').getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, top + 200);
      await until(() => Math.round($(el, '[part~="summary"]').getBoundingClientRect().top) === 72, 'summary 72 px below the top');
      window.scrollTo(0, 0);
    });

    it('puts the summary and the promo code before the order button, on a phone and in tab order', async () => {
      useFixtureServer();
      await setViewport({ width: 390, height: 800 });
      const el = await priced();
      const submit = $(el, '[part~="submit"]') as HTMLButtonElement;
      expect($(el, '[part~="summary"]').getBoundingClientRect().bottom).to.be.at.most(submit.getBoundingClientRect().top);
      expect(input(el, 'promoCode').compareDocumentPosition(submit) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      // Outside the form element, the button still submits it (and Enter in a field does).
      expect(submit.form).to.equal($(el, 'form[part~="form"]'));
    });

    it('keeps a press on "Pay by invoice" when leaving an invalid tax ID makes its error appear', async () => {
      useFixtureServer();
      // A window tall enough not to scroll: Chrome's scroll anchoring would hide the shift of a scrolled page.
      await setViewport({ width: 800, height: 1600 });
      const el = await priced();
      input(el, 'taxValue').focus();
      type(input(el, 'taxValue'), 'DE12');
      await el.updateComplete;
      // Pressed near its top edge: an error appearing on blur would push the option from under the pointer.
      const option = $(el, 'input[name="method"][value="invoice"]').closest('label')!;
      const box = option.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + 3)] });
      await until(() => errorOf(el, 'taxValue') !== '', 'the tax ID error after the click');
      // The error did move the option down: the press was made before, the click must still land.
      expect(option.getBoundingClientRect().top).to.be.above(box.top + 10);
      expect(($(el, 'input[name="method"][value="invoice"]') as HTMLInputElement).checked).to.equal(true);
      expect(errorOf(el, 'taxValue')).to.equal('This is not a valid tax ID for DE. Example: DE136695976');
    });
  });

  describe("the buyer's language", () => {
    it('words the order summary in Arabic from the server’s structured lines, with the tax name and rate', async () => {
      useFixtureServer();
      const el = await priced({ locale: 'ar' });
      await until(() => text($(el, '[part~="title"]')) === 'إتمام الشراء', 'Arabic strings');
      const n = (value: number) => new Intl.NumberFormat('ar').format(value);
      expect(summary(el).map(([label]) => label)).to.deep.equal([
        'Platform fee',
        `${n(5)} × Seats`,
        `API calls: الاستخدام (${n(10_000)} مشمولة)`,
        'المجموع الفرعي',
        `ضريبة القيمة المضافة ${formatTaxPercent(19, 'ar')}`,
        'الإجمالي',
      ]);
      // Merchant names keep their own direction inside the Arabic sentence.
      expect($$(el, '[part~="summary-line"] dt bdi').map((b) => b.textContent)).to.deep.equal(['Platform fee', 'Seats', 'API calls']);
    });
  });
}
