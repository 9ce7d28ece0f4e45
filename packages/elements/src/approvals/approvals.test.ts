import '../define.js';
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http } from 'msw';
import type { ApprovalRequest } from '@subkit/core';
import type { SubkitApprovals } from './approvals.js';
import type { ApprovalDecidedEvent } from '../events/approvals.js';
import { startWorker, worker } from '../../test/msw.js';
import { apiError } from '../../test/handlers.js';
import { approvalRequests, approvedRequest, pendingRequest, rejectedRequest, teamSubscription } from '../../test/fixtures/index.js';
import { card, cards, loaded, serve } from './tests/support.js';
import { $, $$, text, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';

const paul = { memberId: 'mem_purchaser', name: 'Paul Purchaser', role: 'purchaser' } as const;

/** Opens the pending request's review and waits for the amounts worked out now. */
async function review(el: SubkitApprovals): Promise<HTMLDialogElement> {
  (card(el, pendingRequest.id).querySelector('[part~="review"]') as HTMLButtonElement).click();
  await until(() => $$(el, '[part~="comparison"]').length > 0, 'the recomputed amounts');
  return $(el, 'dialog') as HTMLDialogElement;
}

function decisions() {
  const events: ApprovalDecidedEvent[] = [];
  const listener = (event: ApprovalDecidedEvent) => events.push(event);
  document.addEventListener('subkit-approval-decided', listener);
  return { events, stop: () => document.removeEventListener('subkit-approval-decided', listener) };
}

describe('<subkit-approvals>', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  runWidgetContract('subkit-approvals', {
    serve(state) {
      const server = serve('billing_admin', state === 'empty' ? [] : approvalRequests);
      if (state === 'loading') worker.use(http.get('*/v1/approval-requests', () => delay('infinite')));
      if (state === 'error') worker.use(http.get('*/v1/approval-requests', () => apiError(403, 'permission_error', 'permission_denied', 'No.'), { once: true }));
      return () => server.requests;
    },
    loaded: (el) => cards(el).length === 4 && $$(el, '[part~="review"]').length > 0,
    loadingText: 'Loading approval requests…',
    emptyText: 'No approval requests yet.',
    error: { text: 'The approval requests could not be loaded. Your role does not allow this.', source: 'approvals:list', code: 'permission_denied' },
    signedOutText: 'Sign in to see approval requests.',
    sessionPaths: ['/v1/session', '/v1/approval-requests'],
    arabicTitle: 'الموافقات',
    parts: ['header', 'group', 'group-title', 'requests', 'request', 'request-pending', 'request-header', 'request-title', 'badge', 'requested-by', 'facts', 'fact-term', 'fact-value', 'outcome', 'comment', 'expires', 'actions', 'review'],
    theming: [
      { token: '--subkit-color-primary', value: 'rgb(200, 0, 0)', element: (el) => $(el, '[part~="review"]'), property: 'backgroundColor', expected: 'rgb(200, 0, 0)' },
      { token: '--subkit-radius', value: '0px', element: (el) => $(el, '[part~="request"]'), property: 'borderTopLeftRadius', expected: '0px' },
      { part: 'comment', value: 'color: rgb(1, 2, 3);', element: (el) => $(el, '[part~="comment"]'), property: 'color', expected: 'rgb(1, 2, 3)' },
    ],
    keyboard: ['[part~="review"]'],
  });

  describe('a billing admin', () => {
    it('sees what waits for a decision first — the change, who asked, due now, yearly increase, PO number, why — then what was decided', async () => {
      serve();
      const el = await loaded();
      expect($$(el, '[part~="group-title"]').map(text)).to.deep.equal(['Waiting for a decision', 'Decided']);
      const pending = card(el, pendingRequest.id);
      expect(text(pending.querySelector('[part~="request-title"]'))).to.equal('Change to Business · 12 seats · takes effect at once');
      expect(text(pending.querySelector('[part~="requested-by"]'))).to.equal('Requested by Paul Purchaser (Purchaser) on Nov 21, 2026');
      const facts = [...pending.querySelectorAll('[part~="fact"]')].map((f) => text(f));
      expect(facts[0]).to.match(/^Due now\$\d/);
      expect(facts.slice(1)).to.deep.equal(['Yearly increase$768.00', 'PO numberPO-2026-031', 'Why approvalthe amount due now is above the limit', 'NoteOnboarding the Hamburg depot in December.']);
      expect(text(pending.querySelector('[part~="expires"]'))).to.equal('Expires Dec 5, 2026');
      const rejected = card(el, rejectedRequest.id);
      expect(text(rejected.querySelector('[part~="outcome"]'))).to.equal('Rejected by Bea Billing on Nov 12, 2026.');
      expect(text(rejected.querySelector('[part~="comment"]'))).to.equal('Comment: We move to yearly billing in January: ask again then.');
      expect(cards(el).map((c) => text(c.querySelector('[part~="badge"]')))).to.deep.equal(['Pending', 'Rejected', 'Approved', 'Expired']);
      expect(el.matches(':state(pending)')).to.equal(true);
    });

    it('names a request for a new purchase as one, with how it is to be paid (not as a change taking effect)', async () => {
      const purchase: ApprovalRequest = { ...pendingRequest, id: 'apr_purchase', kind: 'purchase', purchase: { paymentMethod: 'invoice' } };
      serve('billing_admin', [purchase]);
      const el = await loaded();
      expect(text(card(el, 'apr_purchase').querySelector('[part~="request-title"]'))).to.equal('New subscription to Business · 12 seats · paid by invoice');
      serve('billing_admin', [{ ...purchase, purchase: { paymentMethod: 'card' } }]);
      const ar = await loaded('ar');
      // The plan as the merchant's Arabic texts name it (`?locale=ar`).
      expect(text(card(ar, 'apr_purchase').querySelector('[part~="request-title"]'))).to.equal('اشتراك جديد في الأعمال · عدد المقاعد: 12 · الدفع بالبطاقة');
    });

    it('reviews the amounts worked out now next to those requested, and approving sends exactly the preview shown', async () => {
      const server = serve();
      const el = await loaded();
      const events = decisions();
      try {
        const dialog = await review(el);
        expect(dialog.open).to.equal(true);
        expect(text($(el, '[part~="same"]'))).to.equal('The amounts are the same as when the request was made.');
        const detail = server.calls('GET', `/v1/approval-requests/${pendingRequest.id}`);
        expect(detail).to.have.length(1);
        const approve = $(el, '[part~="approve"]');
        expect(text(approve)).to.match(/^Approve \(\$\d+\.\d\d due now\)$/);
        approve.click();
        await until(() => $$(el, '[part~="message-success"]').length > 0, 'approved');
        expect(text($(el, '[part~="message-success"]'))).to.equal('Approved: the change to Business is applied.');
        const sent = server.calls('POST', `/approve`)[0]!.body as { prorationDate: string; expectedVersion: number };
        expect(sent).to.deep.equal({ prorationDate: pendingRequest.requestedPreview.prorationDate, expectedVersion: teamSubscription.version });
        expect(events.events).to.have.length(1);
        expect(events.events[0]!.detail).to.include({ requestId: pendingRequest.id, decision: 'approved', invoiceId: `in_${pendingRequest.id}` });
        expect(server.invoices[0]!.poNumber).to.equal('PO-2026-031');
        $(el, '[part~="dialog-close"]').click();
        await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
        expect(text(card(el, pendingRequest.id).querySelector('[part~="badge"]'))).to.equal('Approved');
        expect(text($(el, '[part~="empty"]'))).to.equal('Nothing is waiting for a decision.');
      } finally {
        events.stop();
      }
    });

    it('shows plainly how the amounts changed since the request (a colleague changed the seats meanwhile)', async () => {
      const server = serve();
      server.subscriptions = [{ ...teamSubscription, quantity: 8, version: teamSubscription.version + 1 }];
      const el = await loaded();
      await review(el);
      expect(text($(el, '[part~="changed"]'))).to.equal('The amounts changed since the request was made. Approving applies the amounts as of now.');
      const changed = $$(el, '[part~="row-changed"]');
      expect(changed.length).to.be.greaterThan(0);
      const diff = text(changed[0]!.querySelector('[part~="cell-difference"]'));
      expect(diff).to.match(/^[+-]?-?\$\d/);
      $(el, '[part~="approve"]').click();
      await until(() => server.calls('POST', '/approve').length === 1, 'approve sent');
      expect((server.calls('POST', '/approve')[0]!.body as { expectedVersion: number }).expectedVersion).to.equal(teamSubscription.version + 1);
    });

    it('rejects only with a comment for the requester, and fires the decision', async () => {
      const server = serve();
      const el = await loaded();
      const events = decisions();
      try {
        await review(el);
        $(el, '[part~="reject"]').click();
        await until(() => text($(el, '#decision-comment-error')) !== '', 'comment required');
        expect(text($(el, '#decision-comment-error'))).to.equal('Say why: the requester reads this.');
        expect(el.shadowRoot!.activeElement?.id).to.equal('decision-comment');
        expect(server.calls('POST', '/reject')).to.have.length(0);
        await sendKeys({ type: 'Budget is frozen until Q1.' });
        $(el, '[part~="reject"]').click();
        await until(() => $$(el, '[part~="message-success"]').length > 0, 'rejected');
        expect(text($(el, '[part~="message-success"]'))).to.equal('Rejected: Paul Purchaser sees your comment.');
        expect(server.calls('POST', '/reject')[0]!.body).to.deep.equal({ comment: 'Budget is frozen until Q1.' });
        expect(events.events.map((e) => e.detail.decision)).to.deep.equal(['rejected']);
      } finally {
        events.stop();
      }
    });

    it('opens the review from the keyboard, keeps Escape from closing it while deciding, and returns focus to Review', async () => {
      serve();
      const el = await loaded();
      const button = card(el, pendingRequest.id).querySelector('[part~="review"]') as HTMLButtonElement;
      button.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => $$(el, '[part~="comparison"]').length > 0, 'review open');
      await sendKeys({ press: 'Escape' });
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      await until(() => el.shadowRoot!.activeElement === button, 'focus back on Review');
      await expect(el).to.be.accessible();
    });

    it('passes axe with the review dialog open', async () => {
      serve();
      const el = await loaded();
      await review(el);
      await expect(el).to.be.accessible();
    });
  });

  describe('a requester', () => {
    it('sees only their own requests with the outcome, the rejection comment included, and no Review', async () => {
      serve('purchaser', [pendingRequest, { ...rejectedRequest, requestedBy: paul }, approvedRequest, { ...rejectedRequest, id: 'apr_olga' }]);
      const el = await loaded();
      expect(cards(el).map((c) => c.dataset.id)).to.deep.equal([pendingRequest.id, rejectedRequest.id, approvedRequest.id]);
      expect($$(el, '[part~="review"]')).to.have.length(0);
      expect(text(card(el, rejectedRequest.id).querySelector('[part~="comment"]'))).to.equal('Comment: We move to yearly billing in January: ask again then.');
      expect(text(card(el, approvedRequest.id).querySelector('[part~="outcome"]'))).to.equal('Approved by Bea Billing on Nov 3, 2026.');
    });

    it('withdraws a pending request', async () => {
      const server = serve('purchaser', [pendingRequest]);
      const el = await loaded();
      const events = decisions();
      try {
        (card(el, pendingRequest.id).querySelector('[part~="withdraw"]') as HTMLButtonElement).click();
        await until(() => text(card(el, pendingRequest.id).querySelector('[part~="badge"]')) === 'Withdrawn', 'withdrawn');
        expect(server.calls('POST', `/v1/approval-requests/${pendingRequest.id}/cancel`)).to.have.length(1);
        expect(text(card(el, pendingRequest.id).querySelector('[part~="outcome"]'))).to.equal('Withdrawn by Paul Purchaser on Nov 21, 2026.');
        expect(events.events.map((e) => e.detail.decision)).to.deep.equal(['canceled']);
        expect($$(el, '[part~="withdraw"]')).to.have.length(0);
      } finally {
        events.stop();
      }
    });
  });

  describe('in five languages', () => {
    const expected: Record<string, { title: string; pending: string; review: string; dir: string }> = {
      en: { title: 'Approvals', pending: 'Pending', review: 'Review', dir: 'ltr' },
      'zh-CN': { title: '审批', pending: '待处理', review: '审核', dir: 'ltr' },
      ar: { title: 'الموافقات', pending: 'قيد الانتظار', review: 'مراجعة', dir: 'rtl' },
      hi: { title: 'स्वीकृतियाँ', pending: 'लंबित', review: 'समीक्षा करें', dir: 'ltr' },
      tr: { title: 'Onaylar', pending: 'Beklemede', review: 'İncele', dir: 'ltr' },
    };
    for (const [locale, want] of Object.entries(expected)) {
      it(`${locale}: its strings, direction, and axe with the review open`, async () => {
        serve();
        const el = await loaded(locale);
        await until(() => text($(el, '[part~="title"]')) === want.title, `${locale} strings`);
        expect(text(card(el, pendingRequest.id).querySelector('[part~="badge"]'))).to.equal(want.pending);
        expect(text(card(el, pendingRequest.id).querySelector('[part~="review"]'))).to.equal(want.review);
        expect($(el, '[part~="base"]').getAttribute('dir')).to.equal(want.dir);
        await review(el);
        await expect(el).to.be.accessible();
      });
    }

    // Reasons were joined with a Latin "; " in every language.
    it("joins a request's reasons as the language writes a list (Chinese 和, Arabic و), not with a Latin '; '", async () => {
      const twoReasons = { ...pendingRequest, approval: { ...pendingRequest.approval, reasons: ['amount_due_now', 'annualized_increase'] } } satisfies ApprovalRequest;
      const why: Record<string, string> = {
        en: 'the amount due now is above the limit and the yearly increase is above the limit',
        'zh-CN': '当前应付金额超过限额和年度增加超过限额',
        ar: 'المبلغ المستحق الآن يتجاوز الحد والزيادة السنوية تتجاوز الحد',
      };
      for (const [locale, want] of Object.entries(why)) {
        serve('billing_admin', [twoReasons]);
        const el = await loaded(locale);
        const facts = () => [...card(el, pendingRequest.id).querySelectorAll('[part~="fact-value"]')].map((f) => text(f));
        await until(() => facts().includes(want), `${locale}: the reasons as a list (shown: ${facts().join(' | ')})`);
        el.remove();
      }
    });

    // The plan was named in English in Chinese and Arabic: the requests are now asked in the widget's language.
    it("zh-CN: names the plan as the merchant's Chinese texts do — in the list, the review, and after approving", async () => {
      const server = serve();
      const el = await loaded('zh-CN');
      const title = () => text(card(el, pendingRequest.id).querySelector('[part~="request-title"]'));
      await until(() => title().includes('商务版'), `the plan in Chinese (shown: ${title()})`);
      expect(server.calls('GET', '/v1/approval-requests').map((r) => r.query.locale), 'one list, asked in Chinese').to.deep.equal(['zh-CN']);
      const dialog = await review(el);
      expect(text(dialog.querySelector('[part~="dialog-title"]'))).to.include('商务版');
      $(el, '[part~="approve"]').click();
      await until(() => $$(el, '[part~="message-success"]').length > 0, 'approved');
      $(el, '[part~="dialog-close"]').click();
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      expect(text(card(el, pendingRequest.id).querySelector('[part~="badge"]'))).to.equal('已批准');
      expect(title(), "the decision's answer names it in the merchant's words: the list keeps its own").to.include('商务版');
    });

    it('ar: lays the card out right to left (the status badge at the left end)', async () => {
      serve();
      const el = await loaded('ar');
      await until(() => text($(el, '[part~="title"]')) === 'الموافقات', 'Arabic');
      const header = card(el, pendingRequest.id).querySelector('[part~="request-header"]')!.getBoundingClientRect();
      const title = card(el, pendingRequest.id).querySelector('[part~="request-title"]')!.getBoundingClientRect();
      const badge = card(el, pendingRequest.id).querySelector('[part~="badge"]')!.getBoundingClientRect();
      expect(title.right).to.be.closeTo(header.right, 2);
      expect(badge.left).to.be.lessThan(title.left);
    });
  });
});
