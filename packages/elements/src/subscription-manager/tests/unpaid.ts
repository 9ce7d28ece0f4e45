import { expect } from '@open-wc/testing';
import type { SubkitSubscriptionManager } from '../subscription-manager.js';
import { sessionFor } from '../../../test/fixtures/index.js';
import { openInvoiceFor, subscriptionFixture } from '../../../test/fixtures/subscriptions.js';
import { $, text, until } from '../../../test/helpers.js';
import { money } from '../../internal/format.js';
import { serve, loaded, item, button, dialog, isOpen, toCancelConfirmation } from './support.js';

/** Starter after the renewal's retries ran out, with a merchant that keeps such subscriptions (SUBKIT_DUNNING_END=unpaid). */
const onHold = subscriptionFixture({
  id: 'sub_on_hold',
  planId: 'plan_starter',
  quantity: 4,
  status: 'unpaid',
  overrides: { paymentIssue: { reason: 'payment_failed', invoiceId: 'in_open_sub_on_hold' } },
});
const amountDue = openInvoiceFor(onHold).amountRemaining;

/** The banner's sentence in each locale (plan and amount filled in). */
const ON_HOLD = {
  en: 'The last payment for Starter failed and it is on hold. Pay the open invoice of {amount} to restore it.',
  ar: 'فشلت دفعات Starter ولن تُعاد محاولتها، لذا أُوقفت الخدمة مؤقتًا. ادفع الفاتورة المفتوحة بقيمة {amount} لاستعادتها.',
} as const;

const banner = (el: SubkitSubscriptionManager) => item(el, 'sub_on_hold').querySelector('[part~="banner"]');
const words = (el: SubkitSubscriptionManager) => text(banner(el)?.querySelector('p') ?? null);

/**
 * An unpaid subscription (the retries ran out; the engine keeps it, on hold, until its invoices are paid): the
 * manager says so and what restores it — paying the open invoice, which the buyer can do here.
 */
export function unpaidTests(): void {
  describe('a subscription on hold after its retries ran out (unpaid)', () => {
    for (const [locale, sentence] of Object.entries(ON_HOLD)) {
      it(`says it is on hold and what restores it, in ${locale}`, async () => {
        serve({ subscriptions: [onHold] });
        const el = await loaded({ locale });
        // text() folds white space as the page shows it (Intl puts a no-break space in some locales' amounts).
        const expected = sentence.replace('{amount}', money(amountDue, 'USD', locale)).replace(/\s+/g, ' ');
        await until(() => words(el) === expected, `${locale} banner`).catch(() => expect(words(el)).to.equal(expected));
        expect(banner(el)!.getAttribute('part')).to.equal('banner banner-unpaid');
        expect(banner(el)!.getAttribute('role')).to.equal('alert');
        // Asserted as booleans: chai's message of a failed equality with an element stalls the browser.
        expect(!!banner(el)!.querySelector('[part~="next-retry"]'), 'no retry is coming').to.equal(false);
        expect(button(item(el, 'sub_on_hold'), 'pay-now')).to.exist;
        expect($(el, '[part~="base"]').getAttribute('dir')).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
      });
    }

    it('pay now pays the open invoice, and the subscription is back in service', async () => {
      const server = serve({ subscriptions: [onHold] });
      const el = await loaded();
      const sub = () => item(el, 'sub_on_hold');
      expect(text(sub().querySelector('[part~="status"]'))).to.equal('Unpaid');
      await until(() => !!sub().querySelector('[part~="pay-now"]'), 'pay now');
      button(sub(), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      button(dialog(el), 'confirm').click();
      await until(() => text(sub().querySelector('[part~="status"]')) === 'Active', 'active after paying');
      expect(server.calls('POST', '/v1/invoices/in_open_sub_on_hold/pay')).to.have.length(1);
      expect(!!sub().querySelector('[part~="banner"]')).to.equal(false);
    });

    it('on hold past a renewal: paying one invoice brings up the next one to pay; paying that one restores it', async () => {
      // Issued a period later, while on hold: the engine lists it first (newest first).
      const issuedOnHold = { ...openInvoiceFor(onHold), id: 'in_on_hold_renewal', number: 'ACME-0043', amountDue: 9900, amountRemaining: 9900, total: 9900, issuedAt: onHold.currentPeriodEnd };
      const server = serve({ subscriptions: [onHold], invoices: [issuedOnHold] });
      const el = await loaded();
      const sub = () => item(el, 'sub_on_hold');
      const pay = async () => {
        await until(() => !!sub().querySelector('[part~="pay-now"]'), 'pay now');
        button(sub(), 'pay-now').click();
        await until(() => isOpen(el), 'pay dialog');
        button(dialog(el), 'confirm').click();
        await until(() => !isOpen(el) || !!dialog(el).querySelector('[part~="notice-success"], [role="status"]'), 'paid');
      };
      await until(() => words(el).includes(money(amountDue, 'USD', 'en')), 'the first open invoice');
      // Every sentence the banner says on the way from one invoice to the next.
      const said = new Set<string>();
      const observer = new MutationObserver(() => said.add(words(el)));
      observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
      await pay();
      await until(() => words(el).includes('$99.00'), 'the invoice issued on hold is next');
      observer.disconnect();
      // Between the two, its place shows as loading: never the advice for a subscription with nothing to pay.
      expect([...said].filter((w) => w && !w.includes('on hold'))).to.deep.equal([]);
      expect(text(sub().querySelector('[part~="status"]'))).to.equal('Unpaid');
      expect(!!button(sub(), 'pay-now')).to.equal(true);
      if (isOpen(el)) button(dialog(el), 'close').click();
      await pay();
      await until(() => text(sub().querySelector('[part~="status"]')) === 'Active', 'active once both are paid');
      expect(server.calls('POST', '/v1/invoices/in_open_sub_on_hold/pay')).to.have.length(1);
      expect(server.calls('POST', '/v1/invoices/in_on_hold_renewal/pay')).to.have.length(1);
    });

    // Before, an unpaid subscription did not count as live: no Cancel (the engine refused it too), so a company could
    // not leave a subscription that went on issuing an invoice each period.
    it('can be canceled: the period-end choice says it stays on hold (no access to keep), and canceling now ends it', async () => {
      const server = serve({ subscriptions: [onHold], session: sessionFor('billing_admin') });
      const el = await loaded();
      const sub = () => item(el, 'sub_on_hold');
      // No retention offer for a subscription on hold: straight to the confirmation.
      const choice = await toCancelConfirmation(el, 'sub_on_hold', 'too_expensive');
      const label = text(choice('period_end')!.closest('label'));
      expect(/^At the end of the current period \(.+\); it stays on hold until then$/.test(label), label).to.equal(true);
      // The engine takes the unused time off the open invoice, not to the balance.
      expect(text(choice('now')!.closest('label'))).to.equal('Immediately; the unused time is taken off what you owe');
      choice('now')!.click();
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => text(sub().querySelector('[part~="status"]')) === 'Canceled', 'canceled');
      expect(server.calls('POST', '/v1/subscriptions/sub_on_hold/cancel')[0]!.body).to.deep.equal({ expectedVersion: onHold.version, reason: 'too_expensive', when: 'now' });
      expect(!!sub().querySelector('[part~="banner"]'), 'no payment banner once it ended').to.equal(false);
    });
  });
}
