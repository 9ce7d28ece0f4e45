import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { HttpResponse, http } from 'msw';
import type { PurchaseApprovalCheck, PurchaseRequestCreate } from '@subkit/core';
import { useFixtureServer, worker } from '../../../test/msw.js';
import { OVER_LIMIT, REQUEST_EXPIRES, purchaseApprovalRoutes } from '../../../test/fixture-server/purchase-request-routes.js';
import { $, $$, text, until } from '../../../test/helpers.js';
import { date, money } from '../../internal/format.js';
import type { SubkitCheckout } from '../checkout.js';
import type { PurchaseRequestedEvent } from '../../events/index.js';
import { checkout, checkoutRequests, choose, input, priced } from './support.js';

const EXPIRES = REQUEST_EXPIRES;

/** A server whose purchasing policy asks a billing admin to approve the draft, and which takes purchase requests; returns what was sent. */
function serveApproval(approval: PurchaseApprovalCheck = OVER_LIMIT) {
  const server = useFixtureServer();
  const sent: PurchaseRequestCreate[] = [];
  worker.use(...purchaseApprovalRoutes(() => server.state.sessionCatalog, approval, sent));
  return { server, sent };
}

/** The checkout of a purchase that needs approval, its review step on screen. */
async function reviewing(options: Parameters<typeof priced>[0] = {}): Promise<SubkitCheckout> {
  const el = await priced({ quantity: 5, ...options });
  await until(() => !!el.shadowRoot!.querySelector('[part~="approval"]'), 'the approval step');
  return el;
}

const submitButton = (el: SubkitCheckout) => $(el, '[part~="submit"]') as HTMLButtonElement;
const sentView = (el: SubkitCheckout) => el.shadowRoot!.querySelector('[part~="request-sent"]');
const refusal = (status: number, error: Record<string, string>) =>
  http.post('*/v1/purchase-requests', () => HttpResponse.json({ error: { ...error, requestId: 'req_1' } }, { status }), { once: true });

/**
 * Approval for new purchases (issue #17): when the company's purchasing policy asks a billing admin to
 * approve the purchase, the review step shows why (the order's amount and the limit) and the exact total,
 * offers "Submit for approval" with a PO number and a note in place of the order button, sends a purchase
 * request, and confirms who decides and where the outcome shows; a plan the policy leaves out is said so —
 * in five languages, right to left in Arabic, by keyboard, with axe (colour contrast included).
 */
export function approvalTests(): void {
  describe('when a billing admin must approve the purchase', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('shows why, the exact total and "Submit for approval" instead of the order button; nothing is bought', async () => {
      const { server } = serveApproval();
      const el = await reviewing();
      const due = text($(el, '[part~="due-today"] strong'));
      expect(text($(el, '[part~="approval-title"]'))).to.equal('Approval needed');
      expect(text($(el, '[part~="approval-reason"]'))).to.equal(
        `This order is ${due} due today, above your company's limit of $50.00: a billing admin of your company approves it before it is placed.`,
      );
      expect(text($(el, '[part~="approval-total"]'))).to.equal(`Exact total due today ${due}`);
      expect($$(el, '[part~="submit"]').map((b) => text(b))).to.deep.equal(['Submit for approval']);
      expect(text($(el, '[part~="approval-card"]'))).to.equal("Nothing is charged now: your company's default card is charged once a billing admin approves.");
      expect(el.shadowRoot!.querySelector('#cardNumber'), 'no card to type').to.equal(null);
      expect(text($(el, 'label[for="approval-po"]'))).to.equal('PO number (optional)');
      expect(text($(el, 'label[for="approval-note"]'))).to.equal('Note for the approver (optional)');
      submitButton(el).click();
      await until(() => !!sentView(el), 'sent');
      expect(checkoutRequests(server), 'nothing bought').to.have.length(0);
      expect(text(sentView(el))).to.contain('is waiting for a billing admin of your company');
      expect(text(sentView(el))).to.contain("You'll see whether it was approved under Approvals.");
      expect(el.matches(':state(success)')).to.equal(true);
    });

    it('never offers the order button while the review step is on its way: a placeholder holds its place', async () => {
      serveApproval();
      const el = await checkout({ quantity: 5 });
      const offered: string[] = [];
      const observer = new MutationObserver(() => {
        for (const button of $$(el, '[part~="submit"]') as HTMLButtonElement[]) {
          if (!button.disabled && text(button) !== 'Submit for approval') offered.push(text(button));
        }
      });
      observer.observe(el.shadowRoot!, { subtree: true, childList: true, attributes: true, characterData: true });
      await until(() => !!el.shadowRoot!.querySelector('[part~="approval"]'), 'the approval step');
      observer.disconnect();
      expect(offered, 'an order button that would do nothing').to.deep.equal([]);
    });

    it('sends the PO number and the note, by keyboard, fires subkit-purchase-requested and confirms it', async () => {
      const { sent } = serveApproval();
      const el = await reviewing();
      const due = text($(el, '[part~="due-today"] strong'));
      const requested: PurchaseRequestedEvent[] = [];
      el.addEventListener('subkit-purchase-requested', (e) => requested.push(e));
      input(el, 'approval-po').focus();
      await sendKeys({ type: 'PO-7731' });
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.id).to.equal('approval-note');
      await sendKeys({ type: 'Second depot opens in March.' });
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(submitButton(el));
      await sendKeys({ press: 'Enter' });
      await until(() => !!sentView(el), 'sent');
      expect(sent).to.have.length(1);
      expect(sent[0]).to.include({ planId: 'plan_team', paymentMethod: 'card', poNumber: 'PO-7731', note: 'Second depot opens in March.', quantity: 5 });
      expect(el.shadowRoot!.activeElement, 'focus on the confirmation').to.equal(sentView(el));
      expect(text(sentView(el)!.querySelector('h3'))).to.equal('Sent for approval');
      expect(text(sentView(el))).to.contain(`Your request for Team (${due} due today) is waiting for a billing admin of your company. It expires on ${date(EXPIRES, 'en')}.`);
      expect(text(sentView(el))).to.contain('PO number: PO-7731');
      await until(() => requested.length === 1, 'subkit-purchase-requested');
      expect(requested[0]!.detail.requestId).to.equal('apr_1');
      expect(requested[0]!.bubbles && requested[0]!.composed).to.equal(true);
    });

    it('by invoice: the PO number is asked once, in the step; a refused PO number shows on its field, another refusal above the button', async () => {
      const { server } = serveApproval({ ...OVER_LIMIT, reasons: ['annualized_increase'], threshold: { currency: 'USD', amountDueNow: null, annualizedIncrease: 100_000 } });
      const el = await reviewing({ paymentMethod: 'invoice' });
      await choose(el, 'invoice');
      expect(text($(el, '[part~="approval-reason"]'))).to.equal(
        "This order adds $948.12 a year, above your company's limit of $1,000.00: a billing admin of your company approves it before it is placed.",
      );
      expect($$(el, '#poNumber, #approval-po').map((i) => i.id)).to.deep.equal(['approval-po']);
      worker.use(refusal(400, { type: 'invalid_request_error', code: 'parameter_invalid', message: 'A PO number has at most 64 characters.', param: 'poNumber' }));
      input(el, 'approval-po').value = 'PO-1';
      input(el, 'approval-po').dispatchEvent(new Event('input'));
      submitButton(el).click();
      await until(() => text($(el, '#approval-po-error')) !== '', 'the PO number refused');
      expect(text($(el, '#approval-po-error'))).to.equal('A PO number has at most 64 characters.');
      expect(input(el, 'approval-po').getAttribute('aria-invalid')).to.equal('true');
      expect(el.shadowRoot!.activeElement).to.equal(input(el, 'approval-po'));
      expect(text($(el, '[part~="approval"] [part~="form-error"]'))).to.equal('Check the highlighted fields.');
      worker.use(refusal(400, { type: 'invalid_request_error', code: 'invoice_not_allowed', message: 'Your company cannot pay by invoice; choose the card.' }));
      submitButton(el).click();
      await until(() => text($(el, '#approval-po-error')) === '', 'the field error cleared');
      await until(() => text($(el, '[part~="approval"] [part~="form-error"]')).includes('cannot pay by invoice'), 'the refusal');
      expect(text($(el, '[part~="approval"] [part~="form-error"]'))).to.equal('The order was not placed: your company cannot pay by invoice. Choose Card and try again.');
      expect(sentView(el)).to.equal(null);
      expect(checkoutRequests(server)).to.have.length(0);
    });

    it("says so when the company's policy does not include the plan (403 plan_not_allowed), and offers no order button", async () => {
      useFixtureServer();
      worker.use(
        http.post('*/v1/checkout/preview', () =>
          HttpResponse.json(
            { error: { type: 'permission_error', code: 'plan_not_allowed', message: "Your company's purchasing policy does not include this plan; ask a billing admin.", param: 'planId', requestId: 'req_2' } },
            { status: 403 },
          ),
        ),
      );
      const el = await checkout({ quantity: 5 });
      await until(() => !!el.shadowRoot!.querySelector('[part~="plan-not-allowed"]'), 'the policy sentence');
      expect(text($(el, '[part~="plan-not-allowed"]'))).to.equal(
        "Your company's purchasing policy does not include this plan. Choose another plan, or ask a billing admin of your company to add it.",
      );
      expect($(el, '[part~="plan-not-allowed"]').getAttribute('role')).to.equal('alert');
      expect(el.shadowRoot!.querySelector('[part~="retry"]'), 'nothing to retry').to.equal(null);
      expect(submitButton(el).disabled).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('has no axe violations (colour contrast included) on the review step and the confirmation, at 390 px', async () => {
      serveApproval();
      await setViewport({ width: 390, height: 900 });
      const el = await reviewing();
      await expect(el).to.be.accessible();
      expect(submitButton(el).getBoundingClientRect().right).to.be.at.most(390);
      expect(input(el, 'approval-po').getBoundingClientRect().right).to.be.at.most(390);
      submitButton(el).click();
      await until(() => !!sentView(el), 'sent');
      await expect(el).to.be.accessible();
    });

    const LOCALES: [string, string, string, string, string][] = [
      ['zh-CN', '需要审批', '提交审批', '已提交审批', '审批结果会显示在“审批”中。'],
      ['ar', 'الموافقة مطلوبة', 'إرسال للموافقة', 'أُرسل الطلب للموافقة', 'ستجد نتيجة الطلب في قسم الموافقات.'],
      ['hi', 'स्वीकृति आवश्यक', 'स्वीकृति के लिए भेजें', 'स्वीकृति के लिए भेजा गया', 'परिणाम आपको स्वीकृतियाँ में दिखेगा।'],
      ['tr', 'Onay gerekli', 'Onaya gönder', 'Onaya gönderildi', 'Sonucu Onaylar bölümünde göreceksiniz.'],
    ];
    for (const [locale, title, button, sentTitle, outcome] of LOCALES) {
      it(`speaks ${locale}${locale === 'ar' ? ', right to left' : ''}`, async () => {
        serveApproval();
        const el = await reviewing({ locale });
        await until(() => text($(el, '[part~="approval-title"]')) === title, `${locale} title`);
        const limit = money(5_000, 'USD', locale).replace(/\s+/g, ' ');
        expect(text($(el, '[part~="approval-reason"]'))).to.contain(limit);
        expect(text(submitButton(el))).to.equal(button);
        expect($(el, '[part~="base"]').getAttribute('dir')).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
        if (locale === 'ar') {
          // Right to left: the total's amount sits at the end of its row, on the left.
          const row = $(el, '[part~="approval-total"]').getBoundingClientRect();
          expect($(el, '[part~="approval-total"] strong').getBoundingClientRect().left - row.left).to.be.below(row.width / 2);
          expect(text($(el, '[part~="approval"]'))).to.not.match(/[A-Za-z]{3,}/);
          await expect(el).to.be.accessible();
        }
        submitButton(el).click();
        await until(() => text(sentView(el)?.querySelector('h3')) === sentTitle, `${locale} confirmation`);
        expect(text(sentView(el))).to.contain(date(EXPIRES, locale).replace(/\s+/g, ' '));
        expect(text(sentView(el))).to.contain(outcome);
      });
    }
  });
}
