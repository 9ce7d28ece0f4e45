import '../../define.js';
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http } from 'msw';
import { startWorker, worker } from '../../../test/msw.js';
import { apiError } from '../../../test/handlers.js';
import { acmePolicy, pendingRequest } from '../../../test/fixtures/index.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import type { SubkitApprovals } from '../approvals.js';
import { loaded, mount, serve, tab } from './support.js';

const input = (el: HTMLElement, id: string) => $(el, `#${id}`) as HTMLInputElement;
const box = (el: HTMLElement, name: string, value: string) => $(el, `input[name="${name}"][value="${value}"]`) as HTMLInputElement;
const checked = (el: HTMLElement, name: string) => $$(el, `input[name="${name}"]`).filter((i) => (i as HTMLInputElement).checked).map((i) => (i as HTMLInputElement).value);
const errorOf = (el: HTMLElement, id: string) => text($(el, `#${id}-error`));

/** Opens the policy tab and waits for the form with the loaded policy. */
async function openPolicy(el: SubkitApprovals, name = 'Purchasing policy'): Promise<void> {
  tab(el, name)!.click();
  await until(() => $$(el, '[data-policy-form]').length === 1 && $$(el, 'input[name="allowedPlanIds"]').length > 0, 'the policy form with the plans');
}

describe('<subkit-approvals> purchasing policy', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  describe('who sees it', () => {
    it('a billing admin has the tab; the policy loads only when it opens', async () => {
      const server = serve();
      const el = await loaded();
      expect($$(el, '[role="tab"]').map(text)).to.deep.equal(['Requests', 'Audit log', 'Purchasing policy']);
      expect(server.calls('GET', '/v1/purchasing-policy')).to.have.length(0);
      await openPolicy(el);
      expect(server.calls('GET', '/v1/purchasing-policy')).to.have.length(1);
      expect($(el, '[role="tabpanel"]').getAttribute('aria-labelledby')).to.equal('tab-policy');
    });

    for (const role of ['purchaser', 'viewer'] as const) {
      it(`a ${role} has no tabs and never loads it`, async () => {
        const server = serve(role, [pendingRequest]);
        const el = await mount();
        await until(() => $$(el, 'li[part~="request"], [part~="empty"]').length > 0 && $$(el, '[aria-busy="true"]').length === 0, 'the requests');
        // The session (who the viewer is) has arrived too: no tabs is its answer, not its absence.
        await until(() => server.calls('GET', '/v1/session').length === 1, 'the session');
        await new Promise((resolve) => setTimeout(resolve, 50));
        await el.updateComplete;
        expect($$(el, '[role="tab"]')).to.have.length(0);
        expect($$(el, '[data-policy-form]')).to.have.length(0);
        expect(server.calls('GET', '/v1/purchasing-policy')).to.have.length(0);
      });
    }
  });

  it('shows the policy as set: roles (billing admin always), the limits in the company currency, every plan allowed, the expiry', async () => {
    serve();
    const el = await loaded();
    await openPolicy(el);
    expect(checked(el, 'rolesWithoutApproval')).to.deep.equal(['billing_admin']);
    expect(box(el, 'rolesWithoutApproval', 'billing_admin').disabled).to.equal(true);
    expect(text($(el, 'fieldset[part~="limits"] legend'))).to.equal('Approval limits (USD)');
    expect([input(el, 'policy-due-now').value, input(el, 'policy-yearly').value, input(el, 'policy-ttl').value]).to.deep.equal(['500.00', '', '14']);
    expect($$(el, '[part~="plan-group-title"]').map(text)).to.deep.equal(['Fleet Cloud']);
    expect($$(el, 'input[name="allowedPlanIds"]').map((i) => text(i.closest('label')))).to.deep.equal(['Starter', 'Vehicles', 'Team', 'Business', 'Enterprise']);
    expect(checked(el, 'allowedPlanIds')).to.deep.equal([]);
    expect(text($(el, '[part~="policy-updated"]'))).to.equal('Last changed on Nov 1, 2026.');
    await expect(el).to.be.accessible();
  });

  it('checks every field before sending: amounts exact in USD, whole days 1–90; the first wrong field gets focus', async () => {
    const server = serve();
    const el = await loaded();
    await openPolicy(el);
    type(input(el, 'policy-due-now'), '12.345');
    type(input(el, 'policy-yearly'), '-5');
    type(input(el, 'policy-ttl'), '0');
    $(el, '[part~="save"]').click();
    await until(() => errorOf(el, 'policy-due-now') !== '', 'errors');
    expect(errorOf(el, 'policy-due-now')).to.equal('Enter an amount such as 500.00, or leave it empty.');
    expect(errorOf(el, 'policy-yearly')).to.equal('Enter an amount such as 500.00, or leave it empty.');
    expect(errorOf(el, 'policy-ttl')).to.equal('Enter whole days from 1 to 90.');
    expect(input(el, 'policy-due-now').getAttribute('aria-invalid')).to.equal('true');
    expect(text($(el, '[part~="message-error"]'))).to.equal('Correct the marked fields.');
    await until(() => el.shadowRoot!.activeElement?.id === 'policy-due-now', 'focus on the first wrong field');
    expect(server.calls('POST', '/v1/purchasing-policy')).to.have.length(0);
    await expect(el).to.be.accessible();
    // Correcting a field clears its error alone.
    type(input(el, 'policy-due-now'), '12.34');
    await el.updateComplete;
    expect(errorOf(el, 'policy-due-now')).to.equal('');
    expect(errorOf(el, 'policy-ttl')).to.equal('Enter whole days from 1 to 90.');
  });

  it('saves exactly what was typed (minor units), says Saved, and the change is in the audit log', async () => {
    const server = serve();
    const el = await loaded();
    await openPolicy(el);
    box(el, 'rolesWithoutApproval', 'purchaser').click();
    type(input(el, 'policy-due-now'), '1,250.5');
    type(input(el, 'policy-yearly'), '12000');
    box(el, 'allowedPlanIds', 'plan_team').click();
    box(el, 'allowedPlanIds', 'plan_business').click();
    type(input(el, 'policy-ttl'), '21');
    $(el, '[part~="save"]').click();
    await until(() => $$(el, '[part~="saved"]').length === 1, 'Saved');
    expect(text($(el, '[part~="saved"]'))).to.equal('Saved');
    expect(server.calls('POST', '/v1/purchasing-policy').map((r) => r.body)).to.deep.equal([
      {
        rolesWithoutApproval: ['purchaser', 'billing_admin'],
        thresholds: [{ currency: 'USD', amountDueNow: 125_050, annualizedIncrease: 1_200_000 }],
        allowedPlanIds: ['plan_team', 'plan_business'],
        requestTtlDays: 21,
      },
    ]);
    await until(() => $$(el, '[role="status"]').some((n) => text(n) === 'Saved'), 'announced');
    // The form shows the policy as saved.
    expect(input(el, 'policy-due-now').value).to.equal('1250.50');
    expect(text($(el, '[part~="policy-updated"]'))).to.equal('Last changed on Nov 21, 2026.');

    tab(el, 'Audit log')!.click();
    await until(() => $$(el, 'tr[part~="audit-row"]').length === 5, 'the new entry');
    const first = $$(el, 'tr[part~="audit-row"]')[0]!;
    expect(text(first.children[1])).to.equal('Bea Billing · Billing admin');
    expect(text(first.children[2])).to.equal('Purchasing policy changed co_acme');
    expect([...first.querySelectorAll('li')].map((li) => text(li))).to.deep.equal([
      'Buy without approval: Billing admin → Purchaser and Billing admin',
      'Approval limits: USD: due now above $500.00 → USD: due now above $1,250.50 and yearly increase above $12,000.00',
      'Plans the company may buy: All plans → Team and Business',
      'Requests expire after: 14 days → 21 days',
    ]);
  });

  it('both limits empty: says every costlier purchase then asks, and drops only this currency’s threshold', async () => {
    const server = serve('billing_admin', undefined, { ...acmePolicy, thresholds: [...acmePolicy.thresholds, { currency: 'EUR', amountDueNow: 30_000, annualizedIncrease: null }] });
    const el = await loaded();
    await openPolicy(el);
    expect($$(el, '[part~="limits-none"]')).to.have.length(0);
    type(input(el, 'policy-due-now'), '');
    await el.updateComplete;
    expect(text($(el, '[part~="limits-none"]'))).to.equal('With both limits empty, every purchase or change that costs more needs approval.');
    $(el, '[part~="save"]').click();
    await until(() => server.calls('POST', '/v1/purchasing-policy').length === 1, 'sent');
    expect((server.calls('POST', '/v1/purchasing-policy')[0]!.body as { thresholds: unknown }).thresholds).to.deep.equal([{ currency: 'EUR', amountDueNow: 30_000, annualizedIncrease: null }]);
  });

  it("shows the server's refusal at the field it names, and a failed save keeps what was typed", async () => {
    serve();
    const el = await loaded();
    await openPolicy(el);
    worker.use(http.post('*/v1/purchasing-policy', () => apiError(400, 'invalid_request_error', 'resource_missing', 'No such plan: plan_team.', { param: 'allowedPlanIds' }), { once: true }));
    box(el, 'allowedPlanIds', 'plan_team').click();
    $(el, '[part~="save"]').click();
    await until(() => errorOf(el, 'policy-plans') !== '', 'plans error');
    expect(errorOf(el, 'policy-plans')).to.equal('A plan ticked is no longer offered: reload the page and choose again.');
    expect(checked(el, 'allowedPlanIds')).to.deep.equal(['plan_team']);
    worker.use(http.post('*/v1/purchasing-policy', () => apiError(403, 'permission_error', 'insufficient_role', 'No.'), { once: true }));
    $(el, '[part~="save"]').click();
    await until(() => $$(el, '[part~="message-error"]').length === 1, 'form error');
    expect(text($(el, '[part~="message-error"]'))).to.equal('The policy could not be saved. Your role does not allow this. Ask a billing admin of your company.');
    expect(input(el, 'policy-due-now').value).to.equal('500.00');
  });

  it('keyboard only: End to the tab, Tab into the form, Space ticks, typing and Enter saves', async () => {
    const server = serve();
    const el = await loaded();
    $(el, '[role="tab"][aria-selected="true"]').focus();
    await sendKeys({ press: 'End' });
    await until(() => $$(el, 'input[name="allowedPlanIds"]').length > 0 && el.shadowRoot!.activeElement?.id === 'tab-policy', 'policy tab focused');
    await sendKeys({ press: 'Tab' });
    expect((el.shadowRoot!.activeElement as HTMLInputElement).value).to.equal('viewer');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    expect(box(el, 'rolesWithoutApproval', 'purchaser').checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.id).to.equal('policy-due-now');
    await sendKeys({ press: 'Control+A' });
    await sendKeys({ type: '750' });
    await sendKeys({ press: 'Enter' });
    await until(() => server.calls('POST', '/v1/purchasing-policy').length === 1, 'saved with Enter');
    const body = server.calls('POST', '/v1/purchasing-policy')[0]!.body as { rolesWithoutApproval: string[]; thresholds: unknown };
    expect(body.rolesWithoutApproval).to.deep.equal(['purchaser', 'billing_admin']);
    expect(body.thresholds).to.deep.equal([{ currency: 'USD', amountDueNow: 75_000, annualizedIncrease: null }]);
  });

  const localized: Record<string, { tab: string; legend: string; amount: string; typed: string; minor: number; save: string; dir: string }> = {
    'zh-CN': { tab: '采购政策', legend: '审批限额（USD）', amount: '500.00', typed: '1250.5', minor: 125_050, save: '保存政策', dir: 'ltr' },
    ar: { tab: 'سياسة الشراء', legend: 'حدود الموافقة (USD)', amount: '500.00', typed: '١٢٥٠٫٥', minor: 125_050, save: 'حفظ السياسة', dir: 'rtl' },
    hi: { tab: 'खरीद नीति', legend: 'स्वीकृति सीमाएँ (USD)', amount: '500.00', typed: '1,250.5', minor: 125_050, save: 'नीति सहेजें', dir: 'ltr' },
    tr: { tab: 'Satın alma politikası', legend: 'Onay sınırları (USD)', amount: '500,00', typed: '1.250,5', minor: 125_050, save: 'Politikayı kaydet', dir: 'ltr' },
  };
  for (const [locale, want] of Object.entries(localized)) {
    it(`${locale}: the form in the widget's language, amounts in its number format, axe with colour contrast`, async () => {
      const server = serve();
      const el = await loaded(locale);
      await until(() => tab(el, want.tab) !== undefined, `${locale} tabs`);
      await openPolicy(el, want.tab);
      await until(() => text($(el, 'fieldset[part~="limits"] legend')) === want.legend, `${locale} strings`);
      expect(input(el, 'policy-due-now').value).to.equal(want.amount);
      expect(text($(el, '[part~="save"]'))).to.equal(want.save);
      expect($(el, '[part~="base"]').getAttribute('dir')).to.equal(want.dir);
      await expect(el).to.be.accessible();
      type(input(el, 'policy-due-now'), want.typed);
      $(el, '[part~="save"]').click();
      await until(() => server.calls('POST', '/v1/purchasing-policy').length === 1, 'sent');
      expect((server.calls('POST', '/v1/purchasing-policy')[0]!.body as { thresholds: { amountDueNow: number }[] }).thresholds[0]!.amountDueNow).to.equal(want.minor);
    });
  }
});
