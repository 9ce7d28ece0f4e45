import '../../define.js';
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { AuditEntry } from '@subkit/core';
import { startWorker, useFixtureServer, worker } from '../../../test/msw.js';
import { acmePolicy, approvalRequests, pendingRequest, sessionFor, teamSubscription } from '../../../test/fixtures/index.js';
import { $, $$, text, until } from '../../../test/helpers.js';
import { loaded, serve, tab } from './support.js';

/** Each row of the log: when, who, what, and its changes one per line. */
const auditRows = (el: HTMLElement) =>
  $$(el, 'tr[part~="audit-row"]').map((r) => [...r.children].map((c, i) => (i === 3 ? [...c.querySelectorAll('li')].map((li) => text(li)) : text(c))));

async function openAudit(el: HTMLElement, rows = 4): Promise<void> {
  tab(el, 'Audit log')!.click();
  await until(() => $$(el, 'tr[part~="audit-row"]').length === rows, 'audit rows');
}

describe('<subkit-approvals> audit log', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  it('opens from the keyboard (arrow keys between the tabs) and reads who did what: fields in words, dates, plan names, yes/no, before → after', async () => {
    const server = serve();
    const el = await loaded();
    const selected = $(el, '[role="tab"][aria-selected="true"]');
    expect(text(selected)).to.equal('Requests');
    selected.focus();
    await sendKeys({ press: 'ArrowRight' });
    await until(() => $$(el, 'tr[part~="audit-row"]').length === 4 && $$(el, '[data-field="planId"]').some((li) => text(li).includes('Business')), 'audit rows with plan names');
    expect(text(el.shadowRoot!.activeElement)).to.equal('Audit log');
    expect($(el, '[role="tabpanel"]').getAttribute('aria-labelledby')).to.equal('tab-audit');
    expect(auditRows(el)).to.deep.equal([
      [
        'Nov 3, 2026, 11:00 AM', 'Bea Billing · Billing admin', 'Subscription changed sub_acme_team',
        ['Plan: Team → Business', 'Seats: 5 → 6', 'Period end: Dec 1, 2026 → Jan 1, 2027', 'Cancels at period end: Yes → No'],
      ],
      ['Nov 3, 2026, 11:00 AM', 'Bea Billing · Billing admin', 'Approval request changed apr_six', ['Status: Pending → Approved', 'Decided on: — → Nov 3, 2026']],
      // A created object: its fields as created, without its empty ones or the ids the row already names.
      ['Nov 2, 2026, 10:00 AM', 'Paul Purchaser · Purchaser', 'Approval request created apr_six', ['Status: Pending', 'PO number: PO-2026-020', 'Change: Seats: 6 · Takes effect: At once']],
      [
        'Nov 1, 2026, 8:00 AM', 'Merchant', 'Purchasing policy created co_acme',
        ['Buy without approval: Billing admin', 'Approval limits: USD: due now above $500.00', 'Requests expire after: 14 days'],
      ],
    ]);
    expect(server.calls('GET', '/v1/audit-log')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('filters by kind of object and exports what the filter shows as CSV (the machine values)', async () => {
    const server = serve();
    const el = await loaded();
    await openAudit(el);
    const select = $(el, '#audit-filter') as HTMLSelectElement;
    select.value = 'approval_request';
    select.dispatchEvent(new Event('change'));
    await until(() => $$(el, 'tr[part~="audit-row"]').length === 2, 'filtered rows');
    expect(server.calls('GET', '/v1/audit-log').at(-1)!.query).to.deep.equal({ limit: '100', objectType: 'approval_request' });
    $(el, '[part~="export"]').click();
    await until(() => server.calls('GET', '/v1/audit-log/export.csv').length === 1, 'export asked');
    expect(server.calls('GET', '/v1/audit-log/export.csv')[0]!.query).to.deep.equal({ objectType: 'approval_request' });
    await until(() => $$(el, '[role="status"]').some((n) => text(n) === 'audit-log-approval_request.csv downloaded.'), 'announced');
  });

  it("reads the merchant's write-off of an invoice (voided, marked uncollectible), in English and in Turkish", async () => {
    const entry = (id: string, before: string, after: string): AuditEntry =>
      AuditEntry.parse({
        id, object: 'audit_entry', companyId: 'co_acme', at: '2026-11-04T09:00:00.000Z', requestId: null,
        actor: { type: 'merchant', memberId: null, name: null, role: null, key: null },
        action: 'invoice.updated', objectType: 'invoice', objectId: 'in_0039', before: { status: before }, after: { status: after },
      });
    for (const [locale, name, want] of [
      ['en', 'Audit log', [['Merchant', 'Invoice changed in_0039', ['Status: Uncollectible → Void']], ['Merchant', 'Invoice changed in_0039', ['Status: Open → Uncollectible']]]],
      ['tr', 'Denetim kaydı', [['Satıcı', 'Fatura değiştirildi in_0039', ['Durum: Tahsil edilemez → İptal edildi']], ['Satıcı', 'Fatura değiştirildi in_0039', ['Durum: Açık → Tahsil edilemez']]]],
    ] as const) {
      useFixtureServer({ session: sessionFor('billing_admin'), subscriptions: [teamSubscription], approvals: approvalRequests, audit: [entry('aud_2', 'uncollectible', 'void'), entry('aud_1', 'open', 'uncollectible')], policy: acmePolicy });
      const el = await loaded(locale);
      await until(() => tab(el, name) !== undefined, `${locale} tabs`);
      tab(el, name)!.click();
      const seen = () => auditRows(el).map(([, who, what, changes]) => [who, what, changes]);
      // The locale's strings arrive in their own chunk, after the rows: wait for the whole log in the language.
      await until(() => JSON.stringify(seen()) === JSON.stringify(want), `${locale} rows`);
      expect(seen()).to.deep.equal(want);
      const options = [...($(el, '#audit-filter') as HTMLSelectElement).options].map((o) => o.value);
      expect(options).to.include('invoice');
      worker.resetHandlers();
    }
  });

  it('is not offered to a purchaser', async () => {
    serve('purchaser', [pendingRequest]);
    const el = await loaded();
    expect($$(el, '[role="tab"]')).to.have.length(0);
  });

  const localized: Record<string, { tab: string; first: string[]; dir: string }> = {
    'zh-CN': { tab: '审计日志', first: ['套餐: Team → Business', '席位数: 5 → 6', '本期结束: 2026年12月1日 → 2027年1月1日', '期末取消: 是 → 否'], dir: 'ltr' },
    ar: { tab: 'سجل التدقيق', first: ['الخطة: Team ← Business', 'المقاعد: 5 ← 6', 'نهاية الفترة: 01‏/12‏/2026 ← 01‏/01‏/2027', 'يُلغى في نهاية الفترة: نعم ← لا'], dir: 'rtl' },
    hi: { tab: 'ऑडिट लॉग', first: ['प्लान: Team → Business', 'सीटें: 5 → 6', 'अवधि का अंत: 1 दिस॰ 2026 → 1 जन॰ 2027', 'अवधि के अंत में रद्द: हाँ → नहीं'], dir: 'ltr' },
    tr: { tab: 'Denetim kaydı', first: ['Plan: Team → Business', 'Koltuk: 5 → 6', 'Dönem sonu: 1 Ara 2026 → 1 Oca 2027', 'Dönem sonunda iptal: Evet → Hayır'], dir: 'ltr' },
  };
  for (const [locale, want] of Object.entries(localized)) {
    it(`${locale}: the log in the widget's language and direction, axe with colour contrast`, async () => {
      serve();
      const el = await loaded(locale);
      await until(() => tab(el, want.tab) !== undefined, `${locale} tabs`);
      tab(el, want.tab)!.click();
      // The plan names arrive with the catalog, after the rows: wait for the whole first entry.
      await until(() => JSON.stringify(auditRows(el)[0]?.[3]) === JSON.stringify(want.first), `${locale} rows`);
      expect(auditRows(el)[0]![3]).to.deep.equal(want.first);
      expect($(el, '[part~="base"]').getAttribute('dir')).to.equal(want.dir);
      await expect(el).to.be.accessible();
    });
  }

  describe('on a phone (390 px)', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    const phone: [string, string, string, string][] = [
      ['en', 'Audit log', 'When', 'Before → after'],
      ['ar', 'سجل التدقيق', 'متى', 'قبل ← بعد'],
    ];
    for (const [locale, name, when, changes] of phone) {
      it(`${locale}: one block per entry, each value under its column's name, nothing scrolls sideways; axe with colour contrast`, async () => {
        await setViewport({ width: 390, height: 900 });
        serve();
        const el = await loaded(locale);
        await until(() => tab(el, name) !== undefined, `${locale} tabs`);
        tab(el, name)!.click();
        await until(() => $$(el, 'tr[part~="audit-row"]').length === 4, 'audit rows');
        const region = $(el, '[part~="table-scroll"]');
        expect(region.scrollWidth, 'the log scrolls sideways').to.be.at.most(region.clientWidth);
        expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(390);
        const cells = [...$$(el, 'tr[part~="audit-row"]')[0]!.children] as HTMLElement[];
        const boxes = cells.map((cell) => cell.getBoundingClientRect());
        // Stacked: each cell below the one before, all starting at the same edge (the right one in Arabic).
        for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.top).to.be.at.least(boxes[i - 1]!.bottom - 1);
        const edge = (b: DOMRect) => (locale === 'ar' ? b.right : b.left);
        for (const box of boxes) expect(Math.abs(edge(box) - edge(boxes[0]!))).to.be.below(1);
        expect(getComputedStyle(cells[0]!, '::before').content).to.contain(when);
        expect(getComputedStyle(cells[3]!, '::before').content).to.contain(changes);
        // The header row is out of sight but still names the columns to a screen reader.
        expect($(el, 'thead').getBoundingClientRect().height).to.be.at.most(1);
        expect($$(el, '[role="columnheader"]').map((th) => text(th))).to.include(when);
        await expect(el).to.be.accessible();
      });
    }

    it('in a wide widget the log stays a table: the header row shows and the cells of an entry sit side by side', async () => {
      serve();
      const el = await loaded();
      await openAudit(el);
      const cells = [...$$(el, 'tr[part~="audit-row"]')[0]!.children].map((cell) => cell.getBoundingClientRect());
      expect(new Set(cells.map((b) => Math.round(b.top))).size).to.equal(1);
      expect($(el, 'thead').getBoundingClientRect().height).to.be.above(10);
      expect(getComputedStyle($$(el, 'tr[part~="audit-row"] td')[0]!, '::before').content).to.equal('none');
    });
  });
});
