import { expect } from '@open-wc/testing';
import type { Subscription } from '@subkit/core';
import type { SubkitSubscriptionManager } from '../subscription-manager.js';
import { openInvoiceFor, subscriptionFixture } from '../../../test/fixtures/subscriptions.js';
import { $, text, until } from '../../../test/helpers.js';
import { money } from '../../internal/format.js';
import { sessionFor } from '../../../test/fixtures/index.js';
import { serve, loaded, item, button, dialog, payNowConfirmingWithBank, toCancelConfirmation } from './support.js';

/** Starter bought at checkout by card; the first payment is not made yet, for `reason`. */
const incomplete = (reason: NonNullable<Subscription['paymentIssue']>['reason']) =>
  subscriptionFixture({
    id: 'sub_new',
    planId: 'plan_starter',
    quantity: 4,
    status: 'incomplete',
    overrides: { paymentIssue: { reason, invoiceId: 'in_open_sub_new' } },
  });
const amountDue = openInvoiceFor(incomplete('authentication_required')).amountRemaining;

/** The banner's sentence in each locale for a first payment the bank wants confirmed (plan and amount filled in). */
const CONFIRM = {
  en: 'Your bank asks you to confirm the first payment of {amount} for Starter. Pay now and confirm it with your bank to start your subscription.',
  'zh-CN': '您的银行要求您确认 Starter 的首次付款 {amount}。请立即支付并向银行确认，以开始订阅。',
  ar: 'يطلب منك مصرفك تأكيد الدفعة الأولى بقيمة {amount} لـ Starter. ادفع الآن وأكّدها لدى مصرفك لبدء اشتراكك.',
  hi: 'आपका बैंक Starter के {amount} के पहले भुगतान की पुष्टि माँग रहा है। सदस्यता शुरू करने के लिए अभी भुगतान करें और अपने बैंक से इसकी पुष्टि करें।',
  tr: 'Bankanız Starter için {amount} tutarındaki ilk ödemeyi onaylamanızı istiyor. Aboneliğinizi başlatmak için şimdi ödeyin ve bankanızla onaylayın.',
} as const;

const banner = (el: SubkitSubscriptionManager) => item(el, 'sub_new').querySelector('[part~="banner"]');
const words = (el: SubkitSubscriptionManager) => text(banner(el)?.querySelector('p') ?? null);

/**
 * A subscription whose first payment is not made yet (the checkout's 3-D Secure page closed unanswered, a
 * declined card, a bank still processing it): the manager says what it waits for and, where the buyer can
 * act, completes it with pay now — the subscription starts.
 */
export function firstPaymentTests(): void {
  describe('a first payment not made yet (incomplete)', () => {
    for (const [locale, sentence] of Object.entries(CONFIRM)) {
      it(`asks the buyer to confirm it with the bank in ${locale}`, async () => {
        serve({ subscriptions: [incomplete('authentication_required')] });
        const el = await loaded({ locale });
        // text() folds white space as the page shows it (Intl puts a no-break space in some locales' amounts).
        const expected = sentence.replace('{amount}', money(amountDue, 'USD', locale)).replace(/\s+/g, ' ');
        await until(() => words(el) === expected, `${locale} banner`).catch(() => expect(words(el)).to.equal(expected));
        expect(banner(el)!.getAttribute('part')).to.equal('banner banner-incomplete');
        expect(banner(el)!.getAttribute('role')).to.equal('alert');
        expect(button(item(el, 'sub_new'), 'pay-now')).to.exist;
        expect(item(el, 'sub_new').querySelector('[part~="status-authentication"]'), 'the status says a confirmation is needed').to.exist;
        expect($(el, '[part~="base"]').getAttribute('dir')).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
      });
    }

    it('pay now → the bank confirms → the subscription starts', async () => {
      const server = serve({ subscriptions: [incomplete('authentication_required')], scaPayment: true });
      const el = await loaded();
      const sub = () => item(el, 'sub_new');
      expect(text(sub().querySelector('[part~="status"]'))).to.equal('Incomplete');
      await payNowConfirmingWithBank(el, 'sub_new');
      expect(server.calls('POST', '/v1/invoices/in_open_sub_new/pay')).to.have.length(1);
      await until(() => text(sub().querySelector('[part~="status"]')) === 'Active', 'active after paying');
      expect(sub().querySelector('[part~="banner"]')).to.equal(null);
    });

    it('a declined first payment asks for it again; one the bank is processing is not offered twice', async () => {
      serve({ subscriptions: [incomplete('payment_failed')] });
      const declined = await loaded();
      const amount = money(amountDue, 'USD', 'en');
      await until(() => words(declined) === `The first payment of ${amount} for Starter failed. Pay now to start your subscription.`, 'decline banner');
      expect(button(item(declined, 'sub_new'), 'pay-now')).to.exist;
      expect(item(declined, 'sub_new').querySelector('[part~="status-authentication"]')).to.equal(null);
      declined.remove();

      serve({ subscriptions: [incomplete('payment_processing')] });
      const processing = await loaded();
      await until(() => words(processing) === `Your bank is processing the first payment of ${amount} for Starter. The subscription starts once it clears.`, 'processing banner');
      expect(banner(processing)!.getAttribute('role'), 'news, not an alarm').to.equal('status');
      expect(item(processing, 'sub_new').querySelector('[part~="pay-now"]'), 'paying twice is not offered').to.equal(null);
    });

    it('a past-due renewal the bank is still processing is not offered to pay again either', async () => {
      const processing = subscriptionFixture({ id: 'sub_past_due', planId: 'plan_starter', quantity: 4, status: 'past_due', overrides: { paymentIssue: { reason: 'payment_processing', invoiceId: 'in_open_sub_past_due' } } });
      serve({ subscriptions: [processing] });
      const el = await loaded();
      const amount = money(openInvoiceFor(processing).amountRemaining, 'USD', 'en');
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="banner"] p')) === `Your bank is processing the payment of ${amount} for Starter.`, 'processing banner');
      expect(item(el, 'sub_past_due').querySelector('[part~="pay-now"]')).to.equal(null);
      expect(item(el, 'sub_past_due').querySelector('[part~="next-retry"]'), 'no retry date while the bank processes it').to.equal(null);
    });

    // Before, the dialog offered "At the end of the current period …; you keep access until then" (chosen by default)
    // although the engine ends an incomplete subscription at once whatever is asked, and "unused time is credited".
    it('canceled, it ends now: the only choice says so, with no unused time to credit, and now is what is sent', async () => {
      const server = serve({ subscriptions: [incomplete('authentication_required')], session: sessionFor('billing_admin') });
      const el = await loaded();
      const sub = () => item(el, 'sub_new');
      await toCancelConfirmation(el, 'sub_new', 'switched_service');
      const choices = [...dialog(el).querySelectorAll<HTMLInputElement>('input[name="when"]')];
      expect(choices.map((c) => [c.value, c.checked, text(c.closest('label'))])).to.deep.equal([
        ['now', true, 'Immediately; it has not started, so there is no unused time to credit'],
      ]);
      button(dialog(el), 'confirm').click();
      await until(() => text(sub().querySelector('[part~="status"]')) === 'Canceled', 'canceled');
      expect(server.calls('POST', '/v1/subscriptions/sub_new/cancel')[0]!.body).to.deep.equal({ expectedVersion: incomplete('authentication_required').version, reason: 'switched_service', when: 'now' });
    });
  });
}
