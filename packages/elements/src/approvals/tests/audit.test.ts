import '../../define.js';
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { startWorker, worker } from '../../../test/msw.js';
import { pendingRequest } from '../../../test/fixtures/index.js';
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
        'Nov 1, 2026, 8:00 AM', 'Merchant (secret_key …4f2a)', 'Purchasing policy created co_acme',
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
      await until(() => auditRows(el)[0]?.[3]?.[3] === want.first[3], `${locale} rows`);
      expect(auditRows(el)[0]![3]).to.deep.equal(want.first);
      expect($(el, '[part~="base"]').getAttribute('dir')).to.equal(want.dir);
      await expect(el).to.be.accessible();
    });
  }
});
