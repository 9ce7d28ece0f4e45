import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http } from 'msw';
import { createStores, getSharedClient } from '@subkit/client';
import type { ExportCompletedEvent, InvoiceDownloadedEvent, InvoicePaidEvent, SubkitErrorEvent } from '../../events/index.js';
import { freshKey, worker } from '../../../test/msw.js';
import { apiError } from '../../../test/handlers.js';
import { generateInvoices, invoices } from '../../../test/fixtures/invoices.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import { api, serve, history, rows, numbers, cells, row, loaded, openDetail, captureDownloads, listRequests, payButton } from './support.js';

/** The invoice dialog, and what a buyer does from a row: PDF, CSV export, paying. */
export function detailAndActionsTests(): void {
  describe('invoice detail', () => {
    it("loads the list without the dialog's code: the dialog's styles join the widget's, once, when a buyer first opens an invoice by keyboard", async () => {
      serve();
      const el = await loaded();
      const sheets = () => el.shadowRoot!.adoptedStyleSheets.length;
      const before = sheets();
      const number = row(el, 'INV-2026-0041').querySelector('[part~="number"]') as HTMLElement;
      number.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => $$(el, '[part~="lines"]').length > 0, 'detail open');
      expect(($(el, 'dialog') as HTMLDialogElement).open).to.equal(true);
      expect(sheets()).to.equal(before + 1);
      expect(getComputedStyle($(el, '[part~="dialog-title"] bdi')).whiteSpace, "the dialog's styles apply").to.equal('nowrap');
      expect(el.matches(':state(busy)'), 'not busy once open').to.equal(false);
      await sendKeys({ press: 'Escape' });
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      expect(el.shadowRoot!.activeElement).to.equal(row(el, 'INV-2026-0041').querySelector('[part~="number"]'));
      await openDetail(el, 'INV-2026-0042');
      expect(sheets(), 'added once').to.equal(before + 1);
    });

    it("shows how to pay an invoice billed for bank transfer — the merchant's account and the reference — in English and in Arabic", async () => {
      const bank = { accountHolder: 'Northwind Industrial Supply GmbH', bankName: 'Hamburger Sparkasse', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountNumber: null, routingNumber: null };
      const seller = { legalName: 'Northwind Industrial Supply GmbH', address: { line1: 'Hafenstraße 1', city: 'Hamburg', postalCode: '20457', country: 'DE' }, vatId: 'DE136695976', taxNumber: null, registration: null, email: null, phone: null, website: null, bank };
      const open = { ...invoices[0]!, seller };
      for (const locale of ['en', 'ar']) {
        serve({ invoices: [open, ...invoices.slice(1)] });
        const el = await loaded({ locale });
        await openDetail(el, open.number);
        const panel = $(el, '[part~="transfer"]');
        const details = [...panel.querySelectorAll('[part~="transfer-details"] div')].map((d) => [text(d.querySelector('dt')!), text(d.querySelector('dd')!)]);
        expect(details.map(([, value]) => value)).to.deep.equal([bank.accountHolder, bank.bankName, 'DE89 3704 0044 0532 0130 00', bank.bic, `${open.number} (${locale === 'ar' ? 'أمر الشراء' : 'PO'} ${open.poNumber})`]);
        if (locale === 'en') {
          expect(text(panel.querySelector('h4')!)).to.equal('Pay by bank transfer');
          expect(text(panel.querySelector('p')!)).to.match(/^Please pay \$\d+\.\d\d by .+ to:$/);
        }
        // The account's characters read left to right inside an Arabic sentence.
        expect([...panel.querySelectorAll('bdi')].every((b) => b.getAttribute('dir') === 'ltr')).to.equal(true);
        await expect(el).to.be.accessible();
      }
      // Paid, nothing is asked any more.
      serve();
      const paid = await loaded();
      await openDetail(paid, 'INV-2026-0041');
      expect($$(paid, '[part~="transfer"]')).to.have.length(0);
    });

    it('shows every line with exact figures: proration credit and charge, tiers, usage, discount, tax and payments', async () => {
      serve();
      const el = await loaded();
      const dialog = await openDetail(el, 'INV-2026-0042');
      expect(dialog.open).to.equal(true);
      expect(text($(el, '[part~="dialog-title"]'))).to.equal('Invoice INV-2026-0042');
      const lines = $$(el, '[part~="lines"] tbody:not([part~="totals"]) tr').map((tr) => cells(tr));
      expect(lines).to.deep.equal([
        ['Unused time on Team — Seats Proration credit Oct 16 – Nov 1, 2026 · Quantity 5', '-$20.00'],
        ['Remaining time on Team — Seats Proration charge Oct 16 – Nov 1, 2026 · Quantity 12', '$46.40'],
        ['Team — Platform fee Nov 1 – Dec 1, 2026', '$39.00'],
        ['Team — Seats Nov 1 – Dec 1, 2026 · Quantity 12', '$92.80'],
        ['1–10: 10 × $8.00', '$80.00'],
        ['11–50: 2 × $6.40', '$12.80'],
        ['Team — API calls: usage (10,000 included) Usage Oct 1 – Nov 1, 2026 · Quantity 13,500', '$3.20'],
        ['10,000 included', '$0.00'],
        ['Over the allowance: 4 × $0.80', '$3.20'],
      ]);
      expect($$(el, '[part~="line-credit"]')).to.have.length(1);
      expect($$(el, '[part~="totals"] tr').map((tr) => cells(tr))).to.deep.equal([
        ['Subtotal', '$161.40'],
        ['Discount', '-$16.14'],
        ['VAT 19% on $145.26', '$27.60'],
        ['Total', '$172.86'],
        ['Amount due', '$172.86'],
      ]);
      expect(text($(el, '[part~="payment"]'))).to.equal('Nov 1, 2026 $172.86 Failed Your card was declined. Next try on Nov 4, 2026');
      expect($$(el, '[part~="meta"] > div').map((d) => [...d.children].map((c) => text(c)))).to.deep.equal([
        ['For', 'Renewal'],
        ['Issued', 'Nov 1, 2026'],
        ['Due', 'Nov 15, 2026'],
        ['Period', 'Nov 1 – Dec 1, 2026'],
        ['PO number', 'PO-2026-001'],
        ['Payment', 'Charged automatically'],
      ]);
    });

    it('shows an invoice’s credit notes with it', async () => {
      const server = serve();
      const el = await loaded();
      expect(text(row(el, 'INV-2026-0041').querySelector('[part~="badge-credited"]'))).to.equal('Credited');
      await openDetail(el, 'INV-2026-0041');
      await until(() => $$(el, '[part~="credit-note"]').length === 1, 'credit note');
      const note = $(el, '[part~="credit-note"]');
      expect(text(note.querySelector('p'))).to.equal('CN-0003 · Oct 20, 2026 · Duplicate charge · -$9.52');
      expect([...note.querySelectorAll('li')].map((li) => text(li))).to.deep.equal(['Team — Seats × 1: -$8.00', 'VAT 19%: -$1.52']);
      expect(server.requests.find((r) => r.path === '/v1/credit-notes')!.query).to.deep.equal({ invoiceId: 'in_0041' });
    });

    it('shows an error with a retry when the invoice cannot be loaded', async () => {
      serve();
      const el = await loaded();
      let failing = true;
      worker.use(http.get('*/v1/invoices/:invoiceId', () => (failing ? apiError(500, 'api_error', 'internal', 'boom') : undefined)));
      const errors: SubkitErrorEvent[] = [];
      document.addEventListener('subkit-error', (e) => errors.push(e), { once: true });
      (row(el, 'INV-2026-0040').querySelector('[part~="number"]') as HTMLButtonElement).click();
      await until(() => $$(el, 'dialog [part~="error"]').length > 0, 'detail error');
      expect(text($(el, 'dialog [part~="error"] p'))).to.equal('The invoice could not be loaded. The billing service is busy. Try again in a moment.');
      expect(errors[0]!.detail.source).to.equal('billing-history:invoice');
      failing = false;
      $(el, 'dialog [part~="retry"]').click();
      await until(() => $$(el, '[part~="lines"]').length > 0, 'detail after retry');
    });
  });

  describe('actions and events', () => {
    it('downloads the PDF named after the invoice and emits subkit-invoice-downloaded', async () => {
      serve();
      const el = await loaded();
      const downloads = captureDownloads();
      const events: InvoiceDownloadedEvent[] = [];
      document.addEventListener('subkit-invoice-downloaded', (e) => events.push(e), { once: true });
      try {
        const button = row(el, 'INV-2026-0042').querySelector('[part~="pdf"]') as HTMLButtonElement;
        expect(text(button.querySelector('.visually-hidden'))).to.equal('Download INV-2026-0042 as PDF');
        button.click();
        await until(() => events.length === 1, 'downloaded');
      } finally {
        downloads.restore();
      }
      expect(downloads.files.map((f) => f.download)).to.deep.equal(['INV-2026-0042.pdf']);
      const file = await (await fetch(downloads.files[0]!.href)).blob();
      expect(file.type).to.equal('application/pdf');
      const body = await file.text();
      expect(body.startsWith('%PDF-')).to.equal(true);
      expect(body).to.contain('INV-2026-0042');
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      expect(events[0]!.detail).to.deep.equal({ invoiceId: 'in_0042', number: 'INV-2026-0042', filename: 'INV-2026-0042.pdf' });
      expect(text($(el, '[aria-live="polite"]'))).to.equal('INV-2026-0042.pdf downloaded.');
    });

    it('pays an overdue invoice after confirming the amount, and emits subkit-invoice-paid', async () => {
      const server = serve();
      const el = await loaded();
      await until(() => row(el, 'INV-2026-0042').querySelector('[part~="pay"]') !== null, 'pay offered once the session is known');
      (await payButton(el, 'INV-2026-0042')).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      const confirm = $(el, '[part~="pay-confirm"]');
      expect(text(confirm)).to.equal('Pay $172.86 now');
      expect(text($(el, '[part~="pay-panel"] p'))).to.equal('$172.86 will be charged now to your company’s default payment method.');
      expect(el.shadowRoot!.activeElement).to.equal(confirm);
      expect(server.requests.filter((r) => r.method === 'POST')).to.have.length(0);
      const events: InvoicePaidEvent[] = [];
      document.addEventListener('subkit-invoice-paid', (e) => events.push(e), { once: true });
      confirm.click();
      await until(() => events.length === 1, 'paid');
      const pay = server.requests.filter((r) => r.method === 'POST');
      expect(pay.map((r) => r.path)).to.deep.equal(['/v1/invoices/in_0042/pay']);
      expect(pay[0]!.idempotencyKey).to.be.a('string').and.not.empty;
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      expect(events[0]!.detail).to.deep.include({ invoiceId: 'in_0042', number: 'INV-2026-0042', amount: 17286, currency: 'USD', subscriptionId: 'sub_acme_team' });
      expect(events[0]!.detail.payment.status).to.equal('succeeded');
      expect(text($(el, '[part~="message-success"]'))).to.equal('Invoice INV-2026-0042 is paid. Thank you.');
      await until(() => text(row(el, 'INV-2026-0042').querySelector('[part~="badge"]')) === 'Paid', 'row shows paid');
      await until(() => text($(el, '[part~="dialog-header"] [part~="badge"]')) === 'Paid', 'dialog shows paid');
      expect(row(el, 'INV-2026-0042').querySelector('[part~="pay"]')).to.equal(null);
    });

    it('pays an invoice far down a long list in its row, keeping the loaded pages and the scroll position', async () => {
      const server = serve({ invoices: generateInvoices(250) });
      const key = freshKey();
      const el = await loaded({ key });
      const store = createStores(getSharedClient({ baseUrl: api, publishableKey: key })).$invoices;
      $(el, '[part~="load-more"]').click();
      await until(() => store.get().data?.length === 200 && !store.get().loadingMore, 'second page');
      // INV-00107 is open, the 144th row: on the second page.
      const scroller = $(el, '[part~="table-scroll"]');
      const rowHeight = rows(el)[0]!.getBoundingClientRect().height;
      scroller.scrollTop = 140 * rowHeight;
      scroller.dispatchEvent(new Event('scroll'));
      await until(() => numbers(el).includes('INV-00107'), 'row in view');
      const top = scroller.scrollTop;
      const listed = listRequests(server).length;
      (await payButton(el, 'INV-00107')).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      $(el, '[part~="pay-confirm"]').click();
      await until(() => $$(el, '[part~="message-success"]').length > 0, 'paid');
      expect(text(row(el, 'INV-00107').querySelector('[part~="badge"]'))).to.equal('Paid');
      expect(row(el, 'INV-00107').querySelector('[part~="pay"]')).to.equal(null);
      $(el, '[part~="dialog-header"] [part~="close"]').click();
      await until(() => $$(el, 'dialog').length === 0, 'dialog closed');
      await el.updateComplete;
      expect(scroller.scrollTop).to.equal(top);
      expect(store.get().data).to.have.length(200);
      expect(listRequests(server)).to.have.length(listed);
      expect(text(row(el, 'INV-00107').querySelector('[part~="badge"]'))).to.equal('Paid');
      expect(el.shadowRoot!.activeElement).to.equal(row(el, 'INV-00107').querySelector('[part~="number"]'));
    });

    it('says a bank-transfer invoice is paid by card instead', async () => {
      serve();
      const el = await loaded();
      await until(() => row(el, 'INV-2026-0043').querySelector('[part~="pay"]') !== null, 'pay offered once the session is known');
      (await payButton(el, 'INV-2026-0043')).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      expect(text($(el, '[part~="pay-panel"] p'))).to.equal('Instead of a bank transfer, $117.81 will be charged now to your company’s default payment method.');
      expect(text($(el, '[part~="pay-confirm"]'))).to.equal('Pay $117.81 by card');
    });

    it('pays an uncollectible invoice (written off, the claim kept) as an open one: it reads Paid', async () => {
      const server = serve();
      const el = await loaded();
      expect(text(row(el, 'INV-2026-0039').querySelector('[part~="badge"]'))).to.equal('Uncollectible');
      (await payButton(el, 'INV-2026-0039')).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      $(el, '[part~="pay-confirm"]').click();
      await until(() => $$(el, '[part~="message-success"]').length > 0, 'paid');
      expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.path)).to.deep.equal(['/v1/invoices/in_0039/pay']);
      await until(() => text(row(el, 'INV-2026-0039').querySelector('[part~="badge"]')) === 'Paid', 'row shows paid');
      expect(row(el, 'INV-2026-0039').querySelector('[part~="pay"]')).to.equal(null);
    });

    it('explains a declined payment and emits subkit-error', async () => {
      serve({ payOutcome: 'declined' });
      const el = await loaded();
      (await payButton(el, 'INV-2026-0043')).click();
      await until(() => $$(el, '[part~="pay-confirm"]').length > 0, 'pay confirmation');
      const errors: SubkitErrorEvent[] = [];
      document.addEventListener('subkit-error', (e) => errors.push(e), { once: true });
      $(el, '[part~="pay-confirm"]').click();
      await until(() => $$(el, '[part~="message-error"]').length > 0, 'declined');
      expect(text($(el, '[part~="message-error"]'))).to.equal('The payment was declined. Use another payment method or try again later.');
      expect($(el, '[part~="message-error"]').getAttribute('role')).to.equal('alert');
      expect(errors[0]!.detail.source).to.equal('billing-history:pay');
      expect(errors[0]!.detail.error.declineCode).to.equal('generic_decline');
      expect(text(row(el, 'INV-2026-0043').querySelector('[part~="badge"]'))).to.equal('Open');
    });

    for (const [role, canPay] of [
      ['viewer', false],
      ['purchaser', true],
      ['billing_admin', true],
    ] as const) {
      it(`${canPay ? 'offers' : 'hides'} paying to a ${role}`, async () => {
        serve({ role });
        const el = await loaded({ session: `tok_${role}` });
        await until(() => (canPay ? $$(el, '[part~="pay"]').length > 0 : $$(el, '[part~="note"]').length > 0), 'role applied');
        expect(rows(el).filter((r) => r.querySelector('[part~="pay"]')).map((r) => text(r.querySelector('[part~="number"]')))).to.deep.equal(
          // The uncollectible one too: written off, it is still owed (and Stripe lets it be paid).
          canPay ? ['INV-2026-0043', 'INV-2026-0042', 'INV-2026-0039'] : [],
        );
        expect($$(el, '[part~="note"]').map((n) => text(n))).to.deep.equal(canPay ? [] : ['Your role can see invoices but not pay them. Ask a purchaser or a billing admin of your company.']);
        await openDetail(el, 'INV-2026-0042');
        expect($$(el, 'dialog [part~="pay"]')).to.have.length(canPay ? 1 : 0);
        expect($$(el, 'dialog [part~="pdf"]')).to.have.length(1);
      });
    }

    it('exports the filtered invoices as CSV and emits subkit-export-completed', async () => {
      const server = serve();
      const el = await loaded();
      type($(el, 'select[name="status"]') as HTMLSelectElement, 'paid');
      type($(el, 'input[name="from"]') as HTMLInputElement, '2026-09-01');
      await until(() => rows(el).length === 1, 'filtered');
      const downloads = captureDownloads();
      const events: ExportCompletedEvent[] = [];
      document.addEventListener('subkit-export-completed', (e) => events.push(e), { once: true });
      try {
        $(el, '[part~="export"]').click();
        await until(() => events.length === 1, 'exported');
      } finally {
        downloads.restore();
      }
      expect(server.requests.find((r) => r.path === '/v1/invoices/export.csv')!.query).to.deep.equal({ status: 'paid', from: '2026-09-01' });
      expect(downloads.files.map((f) => f.download)).to.deep.equal(['invoices-paid-from-2026-09-01.csv']);
      const csv = await (await fetch(downloads.files[0]!.href)).text();
      expect(csv.trim().split('\n')).to.deep.equal([
        'number,issued,period_start,period_end,po_number,currency,total,status',
        'INV-2026-0041,2026-10-01,2026-10-01,2026-11-01,PO-2026-001,USD,94.01,paid',
      ]);
      expect(events[0]!.detail).to.deep.equal({ format: 'csv', filename: 'invoices-paid-from-2026-09-01.csv', filters: { status: 'paid', from: '2026-09-01' }, bytes: csv.length });
    });
  });
}
