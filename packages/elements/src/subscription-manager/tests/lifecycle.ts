import { expect } from '@open-wc/testing';
import { http } from 'msw';
import type { SubkitSubscriptionManager } from '../subscription-manager.js';
import type { StripeLike } from '../../internal/payment-element.js';
import { worker } from '../../../test/msw.js';
import { sessionFor, stripeCatalog } from '../../../test/fixtures/index.js';
import { managedTeam, subscriptionsByStatus } from '../../../test/fixtures/subscriptions.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import { money } from '../../internal/format.js';
import { serve, loaded, item, button, dialog, isOpen, detail, listen } from './support.js';

/** Pause, resume and skip; the three-step cancel flow with retention offers; payment methods and paying an overdue invoice. */
export function pauseCancelPaymentTests(): void {
  describe('pause, resume and skip', () => {
    it('pauses until a date', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-pause').click();
      await until(() => isOpen(el), 'pause dialog');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Pause Team');
      // What happens to the period already paid for.
      expect(text(dialog(el).querySelector('[part~="pause-prepaid"]'))).to.equal(
        'You have paid until Dec 1, 2026. Pausing neither refunds nor extends that period: if you resume before Dec 1, 2026, it simply goes on; if later, a new period starts and is billed on the day you resume.',
      );
      type($(el, '#pause-until') as HTMLInputElement, '2027-02-01');
      const paused = listen('subkit-subscription-paused');
      button(dialog(el), 'confirm').click();
      await until(() => paused.length === 1, 'paused event');
      expect(server.calls('POST', '/pause')[0]!.body).to.deep.equal({ expectedVersion: 3, resumesAt: '2027-02-01' });
      expect(paused[0]!.detail.resumesAt).to.equal('2027-02-01T00:00:00.000Z');
      expect(text(item(el, 'sub_team').querySelector('[part~="status"]'))).to.equal('Paused');
      expect(detail(el, 'sub_team', 'Paused until')).to.equal('Feb 1, 2027');
      expect(text(button(item(el, 'sub_team'), 'action-resume'))).to.equal('Resume');
    });

    it('refuses a resume date in the past', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-pause').click();
      await until(() => isOpen(el), 'pause dialog');
      type($(el, '#pause-until') as HTMLInputElement, '2020-01-01');
      button(dialog(el), 'confirm').click();
      await el.updateComplete;
      expect(text($(el, '#pause-until-error'))).to.equal('Choose a date after today.');
      expect($(el, '#pause-until').getAttribute('aria-invalid')).to.equal('true');
      expect(server.calls('POST', '/pause')).to.have.length(0);
    });

    it('resumes a paused subscription', async () => {
      const server = serve({ subscriptions: subscriptionsByStatus });
      const el = await loaded();
      const resumed = listen('subkit-subscription-resumed');
      button(item(el, 'sub_paused'), 'action-resume').click();
      await until(() => resumed.length === 1, 'resumed event');
      expect(server.calls('POST', '/v1/subscriptions/sub_paused/resume')[0]!.body).to.deep.equal({ expectedVersion: 3 });
      expect(resumed[0]!.detail.subscription.status).to.equal('active');
      expect(text(item(el, 'sub_paused').querySelector('[part~="status"]'))).to.equal('Active');
      expect(text($(el, '[part~="notice-success"]'))).to.equal('Your subscription is active again.');
    });

    it('skips the next period', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      const changed = listen('subkit-subscription-changed');
      button(item(el, 'sub_team'), 'action-skip').click();
      await until(() => changed.length === 1, 'changed event');
      expect(server.calls('POST', '/skip')).to.have.length(1);
      expect(changed[0]!.detail.kind).to.equal('skip');
      expect(detail(el, 'sub_team', 'Skipped periods')).to.equal('Dec 1, 2026');
    });
  });

  describe('the cancel flow', () => {
    async function startCancel(el: SubkitSubscriptionManager, reason: string): Promise<void> {
      button(item(el, 'sub_team'), 'action-cancel').click();
      await until(() => isOpen(el), 'cancel dialog');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Cancel Team');
      const radio = dialog(el).querySelector<HTMLInputElement>(`input[name="reason"][value="${reason}"]`)!;
      radio.click();
      await el.updateComplete;
    }

    it('asks for a reason first', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-cancel').click();
      await until(() => isOpen(el), 'cancel dialog');
      button(dialog(el), 'confirm').click();
      await el.updateComplete;
      expect(text($(el, '#reason-error'))).to.equal('Choose a reason.');
      expect(server.calls('GET', '/retention-offers?reason=too_expensive')).to.have.length(0);
    });

    it('keeps the buyer with an accepted retention offer', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      await startCancel(el, 'too_expensive');
      button(dialog(el), 'confirm').click();
      await until(() => $$(el, '[part~="offer"]').length > 0, 'offers shown');
      expect(server.calls('GET', '/v1/subscriptions/sub_team/retention-offers?reason=too_expensive')).to.have.length(1);
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Before you go');
      expect($$(el, '[part~="offer-title"]').map((o) => text(o))).to.deep.equal(['20% off for 3 months', 'Switch to Vehicles', 'Pause for 1 month']);
      // The discount's amounts, exact: the next bill before tax, 20% off it, three times.
      const bill = managedTeam.nextInvoice!.amountDue;
      const saved = Math.round(bill / 5);
      const usd = (minor: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(minor / 100);
      expect(text($$(el, '[part~="offer-description"]')[0]!)).to.equal(
        `You pay ${usd(bill - saved)} instead of ${usd(bill)} per bill before tax: ${usd(3 * saved)} saved over 3 months.`,
      );
      const changed = listen('subkit-subscription-changed');
      button($$(el, '[part~="offer"]')[0]!, 'accept-offer').click();
      await until(() => changed.length === 1, 'changed event');
      expect(server.calls('POST', '/retention-offers/accept')[0]!.body).to.deep.equal({ offerId: 'offer_discount_20_3', expectedVersion: 3 });
      expect(changed[0]!.detail.kind).to.equal('retention_offer');
      expect(changed[0]!.detail.offer!.id).to.equal('offer_discount_20_3');
      expect(server.calls('POST', '/cancel')).to.have.length(0);
      expect(detail(el, 'sub_team', 'Discount')).to.equal('20% off for 3 more periods');
      expect(text($(el, '[part~="notice-success"]'))).to.equal('Offer accepted: 20% off for 3 months.');
    });

    // They were joined with a Latin ", " in every language.
    it('lists skipped periods as Arabic writes a list (و), not with a Latin comma', async () => {
      serve({ subscriptions: [{ ...managedTeam, skippedPeriods: ['2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'] }] });
      const el = await loaded({ locale: 'ar' });
      const when = (iso: string) => new Intl.DateTimeFormat('ar', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
      await until(() => detail(el, 'sub_team', 'الفترات المتخطّاة') === `${when('2027-01-01')} و${when('2027-02-01')}`, 'the skipped periods as an Arabic list');
    });

    it('fits a discount to a yearly plan (one bill, a year) and words every offer in Arabic', async () => {
      const yearly = { ...managedTeam, recurring: { interval: 'year' as const, intervalCount: 1 } };
      serve({ subscriptions: [yearly], session: sessionFor('billing_admin') });
      const el = await loaded({ locale: 'ar' });
      button(item(el, 'sub_team'), 'action-cancel').click();
      await until(() => isOpen(el), 'cancel dialog');
      dialog(el).querySelector<HTMLInputElement>('input[name="reason"][value="too_expensive"]')!.click();
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => $$(el, '[part~="offer"]').length > 0, 'offers shown');
      const titles = $$(el, '[part~="offer-title"]').map((o) => text(o));
      const year = new Intl.NumberFormat('ar', { style: 'unit', unit: 'year', unitDisplay: 'long' }).format(1);
      expect(titles[0]).to.equal(`خصم ${new Intl.NumberFormat('ar', { style: 'percent' }).format(0.2)} لمدة ${year}`);
      const bill = yearly.nextInvoice!.amountDue;
      // The amounts as the widget writes money in Arabic, each isolated: what a bill costs with the offer, without it, saved in all.
      const amounts = $$(el, '[part~="offer-description"]')[0]!.querySelectorAll('bdi');
      expect([...amounts].map((b) => b.textContent)).to.deep.equal([bill - Math.round(bill / 5), bill, Math.round(bill / 5)].map((m) => money(m, 'USD', 'ar')));
      // No English from the server: merchant plan names are the only Latin text, each isolated.
      const offers = $$(el, '[part~="offer"]');
      expect(offers.length).to.be.at.least(2);
      for (const offer of offers) {
        const copy = offer.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('bdi').forEach((b) => b.remove());
        expect(copy.textContent).not.to.match(/[A-Za-z]/);
      }
    });

    it('cancels at the period end by default once offers are declined, then reactivates', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      await startCancel(el, 'unused');
      ($(el, '#cancel-feedback') as HTMLTextAreaElement).value = 'Seasonal business';
      $(el, '#cancel-feedback').dispatchEvent(new Event('input'));
      button(dialog(el), 'confirm').click();
      await until(() => $$(el, '[part~="offer"]').length > 0, 'offers shown');
      button(dialog(el), 'decline-offers').click();
      await until(() => text(dialog(el).querySelector('#dialog-title')) === 'Confirm cancellation', 'confirm step');
      const periodEnd = dialog(el).querySelector<HTMLInputElement>('input[name="when"][value="period_end"]')!;
      expect(periodEnd.checked).to.equal(true);
      expect(text(periodEnd.closest('label'))).to.equal('At the end of the current period (Dec 1, 2026); you keep access until then');
      const canceled = listen('subkit-subscription-canceled');
      button(dialog(el), 'confirm').click();
      await until(() => canceled.length === 1, 'canceled event');
      expect(server.calls('POST', '/cancel')[0]!.body).to.deep.equal({ expectedVersion: 3, reason: 'unused', when: 'period_end', feedback: 'Seasonal business' });
      expect(canceled[0]!.detail).to.include({ reason: 'unused', when: 'period_end', feedback: 'Seasonal business' });
      expect($$(el, `li[data-subscription="sub_team"] [part~="status"]`).map((s) => text(s))).to.deep.equal(['Active', 'Cancels at period end']);
      expect(text($(el, '[part~="notice-success"]'))).to.equal('Your subscription will cancel on Dec 1, 2026.');

      const reactivated = listen('subkit-subscription-reactivated');
      button(item(el, 'sub_team'), 'action-reactivate').click();
      await until(() => reactivated.length === 1, 'reactivated event');
      expect(server.calls('POST', '/reactivate')[0]!.body).to.deep.equal({ expectedVersion: 4 });
      expect($$(el, `li[data-subscription="sub_team"] [part~="status"]`).map((s) => text(s))).to.deep.equal(['Active']);
    });

    it('cancels at once when chosen, going straight to confirm when there is no offer', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      worker.use(http.get('*/v1/subscriptions/:id/retention-offers', () => Response.json({ object: 'list', data: [], hasMore: false, nextCursor: null })));
      const el = await loaded();
      await startCancel(el, 'switched_service');
      button(dialog(el), 'confirm').click();
      await until(() => text(dialog(el).querySelector('#dialog-title')) === 'Confirm cancellation', 'confirm step');
      dialog(el).querySelector<HTMLInputElement>('input[name="when"][value="now"]')!.click();
      await el.updateComplete;
      const canceled = listen('subkit-subscription-canceled');
      button(dialog(el), 'confirm').click();
      await until(() => canceled.length === 1, 'canceled event');
      expect(server.calls('POST', '/cancel')[0]!.body).to.deep.equal({ expectedVersion: 3, reason: 'switched_service', when: 'now' });
      expect(text(item(el, 'sub_team').querySelector('[part~="status"]'))).to.equal('Canceled');
      expect(item(el, 'sub_team').querySelector('[part~="actions"]')).to.equal(null);
    });
  });

  describe('payment', () => {
    it('saves a test card and makes it the default', async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-payment').click();
      await until(() => isOpen(el), 'payment dialog');
      expect(text($(el, '[part~="test-mode-badge"]'))).to.equal('TEST MODE');
      type($(el, '#cardNumber') as HTMLInputElement, '4111 1111 1111 1111');
      type($(el, '#cardExpiry') as HTMLInputElement, '13/30');
      type($(el, '#cardCvc') as HTMLInputElement, '12');
      button(dialog(el), 'confirm').click();
      await el.updateComplete;
      expect(text($(el, '#cardNumber-error'))).to.equal('In test mode, use one of the test cards listed above.');
      expect(text($(el, '#cardExpiry-error'))).to.equal('Enter the expiry as MM/YY.');
      expect(text($(el, '#cardCvc-error'))).to.equal('Enter the 3 or 4 digits on the back of the card.');
      expect(server.calls('POST', '/v1/payment-methods')).to.have.length(0);

      type($(el, '#cardNumber') as HTMLInputElement, '5555 5555 5555 4444');
      type($(el, '#cardExpiry') as HTMLInputElement, '04/29');
      type($(el, '#cardCvc') as HTMLInputElement, '123');
      const updated = listen('subkit-payment-method-updated');
      button(dialog(el), 'confirm').click();
      await until(() => updated.length === 1, 'updated event');
      expect(server.calls('POST', '/v1/payment-methods')[0]!.body).to.deep.equal({ testCard: { number: '5555555555554444', cvc: '123', expMonth: 4, expYear: 2029 } });
      expect(server.calls('POST', '/v1/payment-methods/pm_new_2/default')).to.have.length(1);
      expect(updated[0]!.detail.paymentMethod).to.include({ id: 'pm_new_2', isDefault: true });
      expect(text($(el, '[part~="notice-success"]'))).to.equal('Your default payment method is now Mastercard ending in 4444.');
    });

    it('says so when the card is declined', async () => {
      serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-payment').click();
      await until(() => isOpen(el), 'payment dialog');
      type($(el, '#cardNumber') as HTMLInputElement, '4000 0000 0000 0002');
      type($(el, '#cardExpiry') as HTMLInputElement, '04/29');
      type($(el, '#cardCvc') as HTMLInputElement, '123');
      const errors = listen('subkit-error');
      button(dialog(el), 'confirm').click();
      await until(() => text($(el, '#cardNumber-error')) !== '', 'decline shown');
      expect(text($(el, '#cardNumber-error'))).to.equal('The card was declined. Try another card.');
      expect(errors[0]!.detail.error.declineCode).to.equal('generic_decline');
      expect(dialog(el).open).to.equal(true);
    });

    it("collects the card with Stripe's Payment Element on the Stripe engine", async () => {
      const server = serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin'), catalog: stripeCatalog });
      const el = await loaded();
      const mounted: HTMLElement[] = [];
      const fake: StripeLike = {
        elements: (options) => {
          expect(options).to.deep.equal({ mode: 'setup', currency: 'usd' });
          return { create: () => ({ mount: (target) => mounted.push(target), destroy: () => undefined }), submit: async () => ({}) };
        },
        createPaymentMethod: async () => ({ paymentMethod: { id: 'pm_stripe_fake' } }),
        handleNextAction: async () => ({}),
      };
      const loads: string[] = [];
      el.loadStripe = async (key) => {
        loads.push(key);
        return fake;
      };
      button(item(el, 'sub_team'), 'action-payment').click();
      await until(() => mounted.length === 1, 'payment element mounted');
      expect(loads).to.deep.equal(['pk_test_stripe_fixture']);
      expect(mounted[0]!.slot).to.equal('payment-element');
      expect($$(el, '#cardNumber')).to.have.length(0);
      await until(() => !button(dialog(el), 'confirm').disabled, 'save enabled');
      const updated = listen('subkit-payment-method-updated');
      button(dialog(el), 'confirm').click();
      await until(() => updated.length === 1, 'updated event');
      expect(server.calls('POST', '/v1/payment-methods')[0]!.body).to.deep.equal({ stripePaymentMethodId: 'pm_stripe_fake' });
      expect(mounted[0]!.isConnected).to.equal(false);
    });

    it('pays the open invoice of a past-due subscription after confirmation', async () => {
      const server = serve({ subscriptions: subscriptionsByStatus });
      const el = await loaded();
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Pay invoice ACME-0042');
      expect(text(dialog(el).querySelector('[part~="dialog-body"] > p'))).to.equal('Pay $57.12 now with Visa ending in 4242.');
      expect(server.calls('POST', '/pay')).to.have.length(0);
      const paid = listen('subkit-invoice-paid');
      const confirm = button(dialog(el), 'confirm');
      expect(text(confirm)).to.equal('Pay $57.12');
      confirm.click();
      await until(() => paid.length === 1, 'paid event');
      expect(server.calls('POST', '/v1/invoices/in_open_sub_past_due/pay')).to.have.length(1);
      expect(paid[0]!.detail).to.include({ invoiceId: 'in_open_sub_past_due', subscriptionId: 'sub_past_due', number: 'ACME-0042', amount: 5712, currency: 'USD' });
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="status"]')) === 'Active', 'active after paying');
      expect(item(el, 'sub_past_due').querySelector('[part~="banner"]')).to.equal(null);
    });

    it("asks for the bank's confirmation (test-mode SCA) before paying, and pays once approved", async () => {
      const server = serve({ subscriptions: subscriptionsByStatus, scaPayment: true });
      const el = await loaded();
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      button(dialog(el), 'confirm').click();
      await until(() => text(dialog(el).querySelector('#dialog-title')) === 'Confirm this payment', 'SCA step');
      expect(text(dialog(el).querySelector('[part~="dialog-body"] > p'))).to.equal('Your bank asks you to confirm the payment of $57.12.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('dialog-title');
      const paid = listen('subkit-invoice-paid');
      button(dialog(el), 'sca-approve').click();
      await until(() => paid.length === 1, 'paid event');
      expect(server.calls('POST', '/v1/payments/pay_sca_invoice/confirm')[0]!.body).to.deep.equal({ outcome: 'approve' });
      expect(paid[0]!.detail.payment.status).to.equal('succeeded');
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="status"]')) === 'Active', 'active after paying');
    });

    it("with Stripe, runs Stripe.js's 3-D Secure step and has the server settle the payment from Stripe", async () => {
      const server = serve({ subscriptions: subscriptionsByStatus, scaPayment: true, catalog: stripeCatalog });
      const el = await loaded();
      const secrets: string[] = [];
      el.loadStripe = async () =>
        ({
          elements: () => ({ create: () => ({ mount() {}, destroy() {} }), submit: async () => ({}) }),
          createPaymentMethod: async () => ({}),
          handleNextAction: async ({ clientSecret }: { clientSecret: string }) => (secrets.push(clientSecret), {}),
        }) satisfies StripeLike;
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      const paid = listen('subkit-invoice-paid');
      button(dialog(el), 'confirm').click();
      await until(() => paid.length === 1, 'paid event');
      expect(secrets).to.deep.equal(['pi_sca_invoice_secret_fixture']);
      expect(server.calls('POST', '/v1/payments/pay_sca_invoice/confirm')[0]!.body).to.deep.equal({});
      await until(() => text(item(el, 'sub_past_due').querySelector('[part~="status"]')) === 'Active', 'active after paying');
    });

    it('says so when the bank does not confirm the payment', async () => {
      serve({ subscriptions: subscriptionsByStatus, scaPayment: true });
      const el = await loaded();
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="sca-fail"]'), 'SCA step');
      const paid = listen('subkit-invoice-paid');
      button(dialog(el), 'sca-fail').click();
      await until(() => text(dialog(el).querySelector('[part~="dialog-error"]')) !== '', 'failure shown');
      expect(text(dialog(el).querySelector('[part~="dialog-error"]'))).to.equal('The payment failed. Update your payment method and try again.');
      expect(text(button(dialog(el), 'confirm'))).to.equal('Pay $57.12');
      expect(paid).to.have.length(0);
      expect(text(item(el, 'sub_past_due').querySelector('[part~="status"]'))).to.equal('Past due');
    });

    it('keeps the dialog open with a message when the payment fails', async () => {
      serve({ subscriptions: subscriptionsByStatus, declinePayment: true });
      const el = await loaded();
      await until(() => !!item(el, 'sub_past_due').querySelector('[part~="pay-now"]'), 'pay now');
      button(item(el, 'sub_past_due'), 'pay-now').click();
      await until(() => isOpen(el), 'pay dialog');
      button(dialog(el), 'confirm').click();
      await until(() => text(dialog(el).querySelector('[part~="dialog-error"]')) !== '', 'failure shown');
      expect(text(dialog(el).querySelector('[part~="dialog-error"]'))).to.equal('The payment failed. Update your payment method and try again.');
    });
  });
}
