import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { HttpResponse, http } from 'msw';
import type { PurchaseRequestCreate } from '@subkit/core';
import { useFixtureServer, worker } from '../../../test/msw.js';
import { OVER_LIMIT, purchaseApprovalRoutes } from '../../../test/fixture-server/purchase-request-routes.js';
import { $, text, until } from '../../../test/helpers.js';
import type { SubkitErrorEvent } from '../../events/index.js';
import type { SubkitCheckout } from '../checkout.js';
import { button, buttons, byLabel, checkoutRequests, priced } from './support.js';

/** Place order answers once with this refusal (at the edge: the preview said the order could be placed); counts the orders it refused. */
function refuseOrder(status: number, error: Record<string, unknown>): { refused: number } {
  const seen = { refused: 0 };
  worker.use(
    http.post('*/v1/checkout', () => {
      seen.refused++;
      return HttpResponse.json({ error: { message: 'Refused.', requestId: 'req_9', ...error } }, { status });
    }, { once: true }),
  );
  return seen;
}

/** The server's refusal: the order's yearly price passes the company's limit (lowered since the order was priced). */
const APPROVAL_REQUIRED = {
  type: 'permission_error',
  code: 'approval_required',
  message: "Your company's purchasing policy asks a billing admin to approve this purchase ($948.12 a year is above your limit of $500.00). Submit it for approval instead.",
  approval: { required: true, reasons: ['annualized_increase'], annualizedIncrease: 94_812, threshold: { currency: 'USD', amountDueNow: null, annualizedIncrease: 50_000 } },
};

/** A buyer's order by invoice with a PO number, as far as Place order (the preview asked for no approval). */
async function placeOrderByInvoice(locale?: string): Promise<SubkitCheckout> {
  const el = await priced({ quantity: 5, paymentMethod: 'invoice', ...(locale ? { locale } : {}) });
  await until(() => !!el.shadowRoot!.querySelector('#poNumber'), 'the invoice section');
  const po = el.shadowRoot!.querySelector<HTMLInputElement>('#poNumber')!;
  po.focus();
  await sendKeys({ type: 'PO-4410' });
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
  return el;
}

const notice = (el: SubkitCheckout) => el.shadowRoot!.querySelector<HTMLElement>('[part~="approval-notice"]');

/**
 * Place order refused (issue #17's governed checkout, found walking the demo): a 403 `approval_required`
 * — the purchase became subject to approval between pricing and submit — moves the buyer into the
 * approval step with the order kept; the other refusals the checkout knows say what happened and what to
 * do, in the buyer's language.
 */
export function placeOrderRefusalTests(): void {
  describe('when Place order is refused', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('403 approval_required: the approval step replaces Place order, says nothing was bought, keeps the order and sends it for approval', async () => {
      const server = useFixtureServer();
      const sent: PurchaseRequestCreate[] = [];
      // Purchase requests are taken; the preview still says no approval is needed (the policy changed at the server).
      worker.use(purchaseApprovalRoutes(() => server.state.sessionCatalog, OVER_LIMIT, sent)[1]!);
      const order = refuseOrder(403, APPROVAL_REQUIRED);
      const errors: SubkitErrorEvent[] = [];
      document.addEventListener('subkit-error', (e) => errors.push(e as SubkitErrorEvent));
      const el = await priced({ quantity: 5, paymentMethod: 'invoice' });
      expect(buttons(el)).to.include('Place order');
      byLabel(el, 'PO number (optional)').focus();
      await sendKeys({ type: 'PO-4410' });
      button(el, 'Place order').click();
      await until(() => !!notice(el), 'the approval step');
      const group = el.shadowRoot!.querySelector('[role="group"][aria-labelledby="approval-title"]')!;
      expect(text(el.shadowRoot!.getElementById('approval-title'))).to.equal('Approval needed');
      expect(group.contains(notice(el))).to.equal(true);
      expect(text(notice(el))).to.equal("Nothing was bought: since this order was priced, it needs a billing admin's approval. Everything you entered is kept — submit it for approval.");
      await until(() => el.shadowRoot!.activeElement === notice(el), 'focus on what happened');
      // Why, from the server's check: the limit the order passes.
      expect(text($(el, '[part~="approval-reason"]'))).to.equal(
        "This order adds $948.12 a year, above your company's limit of $500.00: a billing admin of your company approves it before it is placed.",
      );
      expect(buttons(el)).to.include('Submit for approval');
      expect(buttons(el)).to.not.include('Place order');
      // The order is kept: the PO number moved into the step, the seats and the company as they were.
      expect(byLabel(el, 'PO number (optional)').value).to.equal('PO-4410');
      expect(byLabel(el, 'PO number (optional)').id).to.equal('approval-po');
      expect(byLabel(el, 'Number of seats').value).to.equal('5');
      expect(byLabel(el, 'Company name').value).to.equal('Acme GmbH');
      expect(text($(el, '[part~="form-error"]'))).to.equal('');
      expect(errors.filter((e) => e.detail.error.code === 'approval_required'), 'not a failure: the next step').to.have.length(0);
      // Keyboard only: from the notice to the note, then Enter on "Submit for approval".
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.id).to.equal('approval-po');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'Prices changed at the vendor.' });
      await sendKeys({ press: 'Tab' });
      expect(text(el.shadowRoot!.activeElement)).to.equal('Submit for approval');
      await sendKeys({ press: 'Enter' });
      await until(() => sent.length === 1, 'the request sent');
      expect(sent[0]).to.include({ planId: 'plan_team', quantity: 5, paymentMethod: 'invoice', poNumber: 'PO-4410', note: 'Prices changed at the vendor.' });
      expect(order.refused, 'Place order sent once, and refused').to.equal(1);
      expect(checkoutRequests(server), 'nothing bought').to.have.length(0);
      await until(() => !!el.shadowRoot!.querySelector('[part~="request-sent"]'), 'the confirmation');
      expect(text($(el, '[part~="request-sent"] h3'))).to.equal('Sent for approval');
    });

    it('has no axe violations (colour contrast included) at 390 px, and in Arabic reads right to left with no English', async () => {
      const server = useFixtureServer();
      worker.use(purchaseApprovalRoutes(() => server.state.sessionCatalog)[1]!);
      await setViewport({ width: 390, height: 900 });
      refuseOrder(403, APPROVAL_REQUIRED);
      let el = await placeOrderByInvoice();
      await until(() => !!notice(el), 'the approval step');
      expect(notice(el)!.getBoundingClientRect().right).to.be.at.most(390);
      await expect(el).to.be.accessible();
      refuseOrder(403, APPROVAL_REQUIRED);
      el = await placeOrderByInvoice('ar');
      await until(() => !!notice(el), 'the Arabic approval step');
      expect(text(notice(el))).to.equal('لم يُشترَ شيء: منذ تسعير هذا الطلب أصبح بحاجة إلى موافقة مسؤول الفوترة. كل ما أدخلته محفوظ — أرسله للموافقة.');
      expect($(el, '[part~="base"]').getAttribute('dir')).to.equal('rtl');
      expect(text($(el, '[part~="approval"]'))).to.not.match(/[A-Za-z]{3,}/);
      await expect(el).to.be.accessible();
    });

    const NOTICES: [string, string][] = [
      ['zh-CN', '未进行任何购买：此订单在报价后变为须经账单管理员批准。您填写的内容均已保留——请提交审批。'],
      ['hi', 'कुछ भी नहीं खरीदा गया: मूल्य तय होने के बाद से इस ऑर्डर के लिए बिलिंग एडमिन की स्वीकृति आवश्यक हो गई है। आपकी भरी हुई सारी जानकारी सुरक्षित है — इसे स्वीकृति के लिए भेजें।'],
      ['tr', 'Hiçbir şey satın alınmadı: bu sipariş fiyatlandırıldıktan sonra bir fatura yöneticisinin onayını gerektirir hale geldi. Girdiğiniz her şey korundu — onaya gönderin.'],
    ];
    for (const [locale, expected] of NOTICES) {
      it(`says what happened in ${locale}`, async () => {
        useFixtureServer();
        refuseOrder(403, APPROVAL_REQUIRED);
        const el = await placeOrderByInvoice(locale);
        await until(() => !!notice(el), `the ${locale} approval step`);
        expect(text(notice(el))).to.equal(expected);
      });
    }

    // The refusals the checkout knows: what happened and what to do, above the button (no field on screen names it).
    const REFUSALS: [string, number, Record<string, unknown>, string][] = [
      ['plan_not_allowed', 403, { type: 'permission_error', code: 'plan_not_allowed', param: 'planId' },
        "The order was not placed: your company's purchasing policy no longer includes this plan. Choose another plan, or ask a billing admin of your company to add it."],
      ['invoice_not_allowed', 400, { type: 'invalid_request_error', code: 'invoice_not_allowed', param: 'payment.method' },
        'The order was not placed: your company cannot pay by invoice. Choose Card and try again.'],
      ['add_on_unavailable', 400, { type: 'invalid_request_error', code: 'add_on_unavailable', param: 'addOns.0.addOnId' },
        'The order was not placed: an add-on you chose is no longer sold with this plan. Remove it, then place the order again.'],
      ['price_unavailable', 400, { type: 'invalid_request_error', code: 'price_unavailable', param: 'currency' },
        'The order was not placed: this plan is no longer sold in this currency or billing interval. Choose the plan again on the pricing page.'],
      ['idempotency_key_in_use (409)', 409, { type: 'conflict_error', code: 'idempotency_key_in_use' },
        'This order is already being placed. Wait a moment, then check your subscriptions before placing it again.'],
      ['concurrent_update (409)', 409, { type: 'conflict_error', code: 'concurrent_update' },
        "The order was not placed: your company's details were changed at the same moment. Place the order again."],
    ];
    for (const [name, status, error, expected] of REFUSALS) {
      it(`${name}: says what happened and what to do, and keeps the order`, async () => {
        useFixtureServer();
        refuseOrder(status, error);
        const el = await placeOrderByInvoice();
        await until(() => text($(el, '[part~="form-error"]')) !== '', 'the refusal');
        // Said at once in its final words (its chunk is fetched first), never a generic message first.
        expect(text($(el, '[part~="form-error"]'))).to.equal(expected);
        expect($(el, '[part~="form-error"]').getAttribute('role')).to.equal('alert');
        expect(byLabel(el, 'PO number (optional)').value).to.equal('PO-4410');
        expect(buttons(el)).to.include('Place order');
      });
    }

    it('says it in Arabic', async () => {
      useFixtureServer();
      refuseOrder(400, { type: 'invalid_request_error', code: 'invoice_not_allowed', param: 'payment.method' });
      const el = await placeOrderByInvoice('ar');
      await until(() => text($(el, '[part~="form-error"]')) !== '', 'the refusal');
      // In Arabic from the first word: the refusals' Arabic table is fetched before anything is said.
      expect(text($(el, '[part~="form-error"]'))).to.equal('لم يُنفَّذ الطلب: لا يمكن لشركتك الدفع بالفاتورة. اختر البطاقة وحاول مرة أخرى.');
    });
  });
}
