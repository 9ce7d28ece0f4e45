import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { CreditNote, formatTaxPercent, type Invoice } from '@subkit/core';
import { creditNote, prorationInvoice } from '../../../test/fixtures/invoices.js';
import { $, $$, text, until } from '../../../test/helpers.js';
import { serve, history, cells, row, loaded, openDetail } from './support.js';

/**
 * What the server words as data, shown in the buyer's language (line texts, what the invoice is for, the
 * tax's name and rate, the reverse-charge note), merchant text isolated in Arabic, and the layout from a
 * phone to a wide screen.
 */
export function buyerLanguageAndLayoutTests(): void {
  describe("the buyer's language", () => {
    for (const [locale, purpose, unused, usage, tax] of [
      ['ar', 'تجديد', 'الوقت غير المستخدم من Team — Seats', `Team — API calls: الاستخدام (${new Intl.NumberFormat('ar').format(10_000)} مشمولة)`, 'ضريبة القيمة المضافة'],
      ['zh-CN', '续订', 'Team — Seats 未使用时间', 'Team — API calls：用量（含 10,000）', '增值税'],
      ['hi', 'नवीनीकरण', 'Team — Seats का अप्रयुक्त समय', `Team — API calls: उपयोग (${new Intl.NumberFormat('hi').format(10_000)} शामिल)`, 'वैट'],
      ['tr', 'Yenileme', 'Team — Seats için kullanılmayan süre', 'Team — API calls: kullanım (10.000 dahil)', 'KDV'],
    ] as const) {
      it(`words the server's lines, the invoice's purpose and the tax with its rate in ${locale}`, async () => {
        serve();
        const el = await loaded({ locale });
        await until(() => text(row(el, 'INV-2026-0042').querySelector('[part~="purpose"]')) === purpose, `${locale} purpose in the row`);
        await openDetail(el, 'INV-2026-0042');
        const descriptions = $$(el, '[part~="line-description"]').map((d) => text(d));
        expect(descriptions[0]).to.equal(unused);
        expect(descriptions[4]).to.equal(usage);
        expect(text($(el, '[part~="meta"] > div [part~="meta-value"]'))).to.equal(purpose);
        // The tax's name and its rate, in the locale's order around the taxable amount.
        expect(text($(el, '[part~="tax"] th'))).to.contain(`${tax} ${formatTaxPercent(19, locale)}`);
        // No English the server made is left: only the merchant's names (Team, Seats, API calls).
        expect(el.shadowRoot!.textContent).not.to.match(/Unused time|Remaining time|usage|Renewal|\bVAT\b/);
      });
    }

    it('isolates merchant names and invoice numbers in Arabic, so they keep their own order', async () => {
      serve();
      const el = await loaded({ locale: 'ar' });
      await openDetail(el, 'INV-2026-0042');
      const names = [...$(el, '[part~="line-description"]').querySelectorAll('bdi')].map((b) => b.textContent);
      expect(names).to.deep.equal(['Team', 'Seats']);
      expect($(el, '[part~="dialog-title"] bdi').textContent).to.equal('INV-2026-0042');
      expect(getComputedStyle($(el, '[part~="dialog-title"] bdi')).whiteSpace).to.equal('nowrap');
    });

    it('prints a tax rate once when an older server wrote it into the name ("VAT 19%", never "VAT 19% 19%")', async () => {
      const old: Invoice = { ...prorationInvoice, taxLines: prorationInvoice.taxLines.map(({ kind: _k, treatment: _t, country: _c, ...t }) => ({ ...t, name: 'VAT 19%' })) };
      serve({ invoices: [old] });
      const el = await loaded();
      await openDetail(el, 'INV-2026-0042');
      expect(text($(el, '[part~="tax"] th'))).to.equal('VAT 19% on $145.26');
    });

    it('shows a reverse charge as VAT 0% with the note that the buyer accounts for the VAT', async () => {
      const reverse: Invoice = {
        ...prorationInvoice,
        taxLines: [{ name: 'VAT', percent: 0, taxableAmount: 14526, amount: 0, inclusive: false, kind: 'vat', treatment: 'reverse_charge', country: null }],
      };
      serve({ invoices: [reverse] });
      const el = await loaded();
      await openDetail(el, 'INV-2026-0042');
      expect(cells($(el, '[part~="tax"]'))).to.deep.equal(['VAT 0% on $145.26', '$0.00']);
      expect(text($(el, '[part~="tax-note"]'))).to.equal('Reverse charge: your company accounts for the VAT.');
    });
  });

  describe('credit notes in the buyer\'s language', () => {
    const noteOf = (reason: CreditNote['reason'], amount: number, line: CreditNote['lines'][number], memo: string | null = null): CreditNote =>
      CreditNote.parse({ ...creditNote, reason, memo, amount, lines: [line] });
    const prorationNote = noteOf(
      'proration',
      4200,
      { description: 'Unused time — Change to Team × 3', amount: 4200, text: { kind: 'unused_time', cause: 'change', planName: 'Team', quantity: 3, settlement: 'balance' } },
      'Unused time credited to your balance: Change to Team × 3.',
    );
    // A payment that went through after its invoice was voided (3-D Secure finished after the subscription or the change expired).
    const lateRefund = noteOf(
      'other',
      5712,
      { description: 'Payment received after the invoice was voided', amount: 5712, text: { kind: 'late_payment', cause: 'invoice_voided', settlement: 'refund' } },
      'Paid after this invoice was voided (what it was for expired unpaid): refunded in full.',
    );
    // An older attempt's payment that went through after a newer one had paid the invoice.
    const paidTwice = noteOf('duplicate', 5712, { description: 'Second payment of this invoice', amount: 5712, text: { kind: 'late_payment', cause: 'invoice_paid', settlement: 'refund' } });
    // A charge the merchant refunded in part at the processor (the Stripe Dashboard), not through subkit.
    const atProcessor = noteOf(
      'other',
      1200,
      { description: 'Refund to the payment method', amount: 1200, text: { kind: 'refunded_at_processor', settlement: 'refund' } },
      'Refunded at the payment processor (re_123), not through subkit.',
    );
    // Part of a paid invoice the merchant forgave and paid back outside subkit, without a memo: its own words for the line, a phrase for where the money went.
    const outOfBand = noteOf('product_unsatisfactory', 1500, { description: 'Service credit for the outage on 3 March', amount: 1500, text: { kind: 'adjustment', settlement: 'out_of_band' } });
    // The same forgiven off what the invoice still owed, with the merchant's memo: the memo is shown as written.
    const withMemo = noteOf('duplicate', 1500, { description: 'Seat billed twice', amount: 1500, text: { kind: 'adjustment', settlement: 'invoice' } }, 'Sorry for the double seat.');
    const cases: [string, CreditNote, string, string, string, RegExp][] = [
      ['a merchant\'s credit paid back outside', outOfBand, 'en', 'Service credit for the outage on 3 March', 'Settled outside this shop.', /(?!)/],
      ['a merchant\'s credit paid back outside', outOfBand, 'ar', 'Service credit for the outage on 3 March', 'سُوّي خارج هذا المتجر.', /Settled outside/],
      ['a merchant\'s credit with a memo', withMemo, 'en', 'Seat billed twice', 'Sorry for the double seat.', /Taken off/],
      ['a merchant\'s credit with a memo', withMemo, 'ar', 'Seat billed twice', 'Sorry for the double seat.', /خُصم من هذه الفاتورة/],
      ['unused time', prorationNote, 'en', 'Unused time, change to Team × 3', 'Credited to your balance.', /(?!)/],
      ['unused time', prorationNote, 'tr', 'Kullanılmayan süre, Team × 3 planına geçiş', 'Bakiyenize eklendi.', /Unused time|Change to|credited/],
      ['unused time', prorationNote, 'ar', `الوقت غير المستخدم، التغيير إلى Team × ${new Intl.NumberFormat('ar').format(3)}`, 'أُضيف إلى رصيدك.', /Unused time|Change to|credited/],
      ['a late payment', lateRefund, 'en', 'Payment received after the invoice was voided', 'Refunded in full to the payment method it came from.', /(?!)/],
      ['a late payment', lateRefund, 'zh-CN', '发票作废后收到的付款', '已全额退还至原付款方式。', /Payment received|refunded in full/],
      ['a late payment', lateRefund, 'ar', 'دفعة وصلت بعد إلغاء الفاتورة', 'رُدّت بالكامل إلى وسيلة الدفع التي جاءت منها.', /Payment received|refunded in full/],
      ['a late payment', lateRefund, 'hi', 'चालान रद्द होने के बाद मिला भुगतान', 'जिस भुगतान माध्यम से आया था, उसमें पूरा लौटाया गया।', /Payment received|refunded in full/],
      ['a late payment', lateRefund, 'tr', 'Fatura iptal edildikten sonra alınan ödeme', 'Geldiği ödeme yöntemine tamamen iade edildi.', /Payment received|refunded in full/],
      ['a refund at the processor', atProcessor, 'en', 'Refund to your payment method', 'Refunded in full to the payment method it came from.', /(?!)/],
      ['a refund at the processor', atProcessor, 'ar', 'استرداد إلى وسيلة الدفع الخاصة بك', 'رُدّت بالكامل إلى وسيلة الدفع التي جاءت منها.', /Refund to|processor/],
      ['a second payment', paidTwice, 'tr', 'Bu faturanın ikinci ödemesi', 'Geldiği ödeme yöntemine tamamen iade edildi.', /Second payment|refunded/i],
    ];
    for (const [what, note, locale, line, memo, english] of cases) {
      it(`words ${what}'s line and where the money went in ${locale}`, async () => {
        serve({ creditNotes: [note] });
        const el = await loaded({ locale });
        await openDetail(el, 'INV-2026-0041');
        await until(() => $$(el, '[part~="credit-note"]').length === 1, 'credit note');
        const shown = $(el, '[part~="credit-note"]');
        // The locale's table can arrive after the rows: wait for its words, then compare.
        const lineText = () => text(shown.querySelector('li')).split(/:\s/)[0];
        await until(() => lineText() === line, `${locale} line`).catch(() => expect(lineText()).to.equal(line));
        expect(text(shown.querySelector('[part~="note"]'))).to.equal(memo);
        expect(text(shown)).not.to.match(english);
      });
    }
  });

  describe('layout', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('shows a company without invoices an empty state without filters and export', async () => {
      serve({ invoices: [] });
      const el = await history();
      await until(() => $$(el, '[part~="empty"]').length > 0, 'empty state');
      expect(text($(el, '[part~="empty"]'))).to.equal('No invoices yet.');
      expect($$(el, '[part~="filters"]')).to.have.length(0);
      expect($$(el, '[part~="export"]')).to.have.length(0);
    });

    it('stacks each invoice on a phone: amount, status and actions in view without scrolling sideways', async () => {
      await setViewport({ width: 390, height: 800 });
      serve();
      const el = await loaded();
      // The rows can come before the session: Pay shows once the buyer's role is known.
      await until(() => !!row(el, 'INV-2026-0042').querySelector('[part~="pay"]'), 'Pay offered');
      const scroller = $(el, '[part~="table-scroll"]');
      expect(scroller.scrollWidth).to.be.at.most(scroller.clientWidth);
      const view = scroller.getBoundingClientRect();
      const inView = (node: Element | null) => {
        const box = node!.getBoundingClientRect();
        return box.width > 0 && box.left >= view.left - 0.5 && box.right <= view.right + 0.5;
      };
      const open = row(el, 'INV-2026-0042');
      for (const part of ['number', 'cell-amount', 'badge', 'pdf', 'pay']) expect(inView(open.querySelector(`[part~="${part}"]`)), part).to.equal(true);
      // The amount sits beside the number, above the status.
      expect(open.querySelector('[part~="cell-amount"]')!.getBoundingClientRect().top).to.be.below(open.querySelector('[part~="cell-status"]')!.getBoundingClientRect().top);
    });

    it('gives the PO number and the period their full text on a wide screen', async () => {
      await setViewport({ width: 1280, height: 800 });
      serve();
      const el = await loaded();
      for (const part of ['cell-po', 'cell-period']) {
        const cell = row(el, 'INV-2026-0043').querySelector<HTMLElement>(`[part~="${part}"]`)!;
        expect(cell.scrollWidth, part).to.be.at.most(cell.clientWidth);
      }
    });
  });
}
