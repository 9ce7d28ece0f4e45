import { expect } from '@open-wc/testing';
import { http } from 'msw';
import { openInvoiceFor, subscriptionFixture } from '../../../test/fixtures/subscriptions.js';
import { $, text, until } from '../../../test/helpers.js';
import { money } from '../../internal/format.js';
import { worker } from '../../../test/msw.js';
import { serve, loaded, manager, item, button, payNowConfirmingWithBank } from './support.js';

/** Starter, past due because its renewal's off-session charge needs the buyer's authentication (3-D Secure). */
const needsAuthentication = subscriptionFixture({
  id: 'sub_past_due',
  planId: 'plan_starter',
  quantity: 4,
  status: 'past_due',
  overrides: { paymentIssue: { reason: 'authentication_required', invoiceId: 'in_open_sub_past_due' } },
});
const amountDue = openInvoiceFor(needsAuthentication).amountRemaining;

/** What each locale says: the status beside "past due", and the banner's sentence (plan and amount filled in). */
const WORDS = {
  en: ['Authentication needed', 'Your bank asks you to confirm the payment of {amount} for Starter. Pay now and confirm it with your bank to keep your service running.'],
  'zh-CN': ['需要验证', '您的银行要求您确认 Starter 的 {amount} 付款。请立即支付并向银行确认，以继续使用服务。'],
  ar: ['يلزم التحقق', 'يطلب منك مصرفك تأكيد دفعة بقيمة {amount} لـ Starter. ادفع الآن وأكّدها لدى مصرفك لتستمر الخدمة.'],
  hi: ['प्रमाणीकरण आवश्यक', 'आपका बैंक Starter के {amount} के भुगतान की पुष्टि माँग रहा है। सेवा जारी रखने के लिए अभी भुगतान करें और अपने बैंक से इसकी पुष्टि करें।'],
  tr: ['Doğrulama gerekli', 'Bankanız Starter için {amount} tutarındaki ödemeyi onaylamanızı istiyor. Hizmetin sürmesi için şimdi ödeyin ve bankanızla onaylayın.'],
} as const;

/** A renewal the bank wants authenticated: said in words in every locale, completed with pay now and the bank's confirmation. */
export function authenticationTests(): void {
  describe('a renewal that needs authentication', () => {
    for (const [locale, [status, sentence]] of Object.entries(WORDS)) {
      it(`says so in ${locale}, with the action that completes it`, async () => {
        serve({ subscriptions: [needsAuthentication] });
        const el = await loaded({ locale });
        const sub = () => item(el, 'sub_past_due');
        await until(() => text(sub().querySelector('[part~="status-authentication"]')) === status, `${locale} status`);
        const amount = money(amountDue, 'USD', locale);
        // text() folds white space as the page shows it (Intl puts a no-break space in some locales' amounts).
        const expected = sentence.replace('{amount}', amount).replace(/\s+/g, ' ');
        const banner = () => text(sub().querySelector('[part~="banner"] p'));
        await until(() => banner() === expected, `${locale} banner`).catch(() => expect(banner()).to.equal(expected));
        expect(sub().querySelector('[part~="banner"]')!.getAttribute('role')).to.equal('alert');
        expect(button(sub(), 'pay-now')).to.exist;
        expect($(el, '[part~="base"]').getAttribute('dir')).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
      });
    }

    it('says nothing while the open invoice is on its way that its arrival would contradict', async () => {
      serve({ subscriptions: [needsAuthentication] });
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      worker.use(http.get('*/v1/invoices', async () => (await held, undefined)));
      const el = await manager();
      const said: string[] = [];
      const observer = new MutationObserver(() => {
        const words = el.shadowRoot!.querySelector('[part~="banner-past-due"] p');
        if (words) said.push(text(words));
      });
      observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
      await until(() => !!el.shadowRoot!.querySelector('[data-subscription="sub_past_due"] [part~="banner-past-due"]'), 'the banner');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(said, 'words before the invoice').to.deep.equal([]);
      release();
      const expected = WORDS.en[1].replace('{amount}', money(amountDue, 'USD', 'en'));
      await until(() => said.includes(expected), 'the banner speaks');
      observer.disconnect();
      expect([...new Set(said)]).to.deep.equal([expected]);
    });

    it('pay now → the bank confirms → paid: the status clears', async () => {
      const server = serve({ subscriptions: [needsAuthentication], scaPayment: true });
      const el = await loaded();
      const sub = () => item(el, 'sub_past_due');
      await payNowConfirmingWithBank(el, 'sub_past_due');
      expect(server.calls('POST', '/v1/invoices/in_open_sub_past_due/pay')).to.have.length(1);
      await until(() => text(sub().querySelector('[part~="status"]')) === 'Active', 'active after paying');
      expect(sub().querySelector('[part~="status-authentication"]'), 'no longer needs authentication').to.equal(null);
      expect(sub().querySelector('[part~="banner"]')).to.equal(null);
    });

    it('a declined renewal is not called an authentication', async () => {
      const declined = subscriptionFixture({ id: 'sub_past_due', planId: 'plan_starter', quantity: 4, status: 'past_due', overrides: { paymentIssue: { reason: 'payment_failed', invoiceId: 'in_open_sub_past_due' } } });
      serve({ subscriptions: [declined] });
      const el = await loaded();
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="banner"] p')).startsWith('The last payment for Starter failed.'), 'decline banner');
      expect(item(el, 'sub_past_due').querySelector('[part~="status-authentication"]')).to.equal(null);
    });
  });
}
