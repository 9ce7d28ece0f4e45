// axe (WCAG 2.2 A/AA, colour contrast included) on what the widget contracts do not reach: every buyer widget's
// open dialogs and error states, in English and in Arabic (right to left) — the manager's change (form, an
// invalid quantity, the preview), pause and cancel (reasons, retention offers) dialogs, the history's invoice
// dialog and its error state, the checkout's validation errors, and the picker's out-of-range quantity.
import './define.js';
import { expect } from '@open-wc/testing';
import { http } from 'msw';
import { startWorker, worker } from '../test/msw.js';
import { apiError } from '../test/handlers.js';
import { sessionFor } from '../test/fixtures/index.js';
import { managedTeam } from '../test/fixtures/subscriptions.js';
import { $, $$, text, type, until } from '../test/helpers.js';
import * as manager from './subscription-manager/tests/support.js';
import * as billing from './billing-history/tests/support.js';
import * as buying from './checkout/tests/support.js';
import { useFixtureServer } from '../test/msw.js';
import { fixture, html } from '@open-wc/testing';
import type { SubkitPlanPicker } from './plan-picker/plan-picker.js';

/** The widget as a buyer sees it: shown in its language (axe skips a widget hidden while its words load). */
async function shown(el: HTMLElement): Promise<void> {
  await until(() => !el.matches(':state(localizing)'), 'the widget shown in its language');
  await (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
}

/** axe's findings on a widget, colour contrast included, as "rule: targets" lines (an empty list passes). */
async function axe(el: HTMLElement): Promise<void> {
  await shown(el);
  await expect(el).to.be.accessible();
}

describe('axe with colour contrast on dialogs and error states', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  for (const locale of ['en', 'ar'] as const) {
    describe(locale, () => {
      it('subscription manager: the change dialog, an invalid quantity, the preview', async () => {
        manager.serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
        const el = await manager.loaded({ locale });
        manager.button(manager.item(el, 'sub_team'), 'action-change').click();
        await until(() => manager.isOpen(el), 'change dialog');
        expect($(el, 'section, [part~="base"]').closest('[dir]')?.getAttribute('dir') ?? 'ltr').to.equal(locale === 'ar' ? 'rtl' : 'ltr');
        await axe(el);
        type($(el, '#change-quantity') as HTMLInputElement, '0');
        await until(() => text($(el, '#change-quantity-error')) !== '', 'quantity error');
        expect(($(el, '#change-quantity') as HTMLInputElement).getAttribute('aria-invalid')).to.equal('true');
        await axe(el);
        type($(el, '#change-quantity') as HTMLInputElement, '8');
        await el.updateComplete;
        manager.button(manager.dialog(el), 'confirm').click();
        await until(() => !!manager.dialog(el).querySelector('[part~="preview-lines"]'), 'preview');
        await axe(el);
      });

      it('subscription manager: the pause dialog, and the change dialog when the server refuses', async () => {
        manager.serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
        const el = await manager.loaded({ locale });
        manager.button(manager.item(el, 'sub_team'), 'action-pause').click();
        await until(() => manager.isOpen(el), 'pause dialog');
        await axe(el);
        manager.button(manager.dialog(el), 'close').click();
        await until(() => !manager.isOpen(el), 'closed');
        worker.use(http.post('*/v1/subscriptions/:id/change/preview', () => apiError(400, 'invalid_request_error', 'parameter_invalid', 'This change is not possible right now.')));
        manager.button(manager.item(el, 'sub_team'), 'action-change').click();
        await until(() => manager.isOpen(el), 'change dialog');
        type($(el, '#change-quantity') as HTMLInputElement, '8');
        await el.updateComplete;
        manager.button(manager.dialog(el), 'confirm').click();
        await until(() => $$(el, 'dialog [part~="dialog-error"]').some((n) => text(n) !== ''), 'the refusal shown in the dialog');
        await axe(el);
      });

      it('subscription manager: the cancel dialog and its retention offers', async () => {
        manager.serve({ subscriptions: [managedTeam], session: sessionFor('billing_admin') });
        const el = await manager.loaded({ locale });
        manager.button(manager.item(el, 'sub_team'), 'action-cancel').click();
        await until(() => manager.isOpen(el), 'cancel dialog');
        await axe(el);
        manager.dialog(el).querySelector<HTMLInputElement>('input[value="too_expensive"]')!.click();
        await el.updateComplete;
        manager.button(manager.dialog(el), 'confirm').click();
        await until(() => $$(el, '[part~="offer"]').length > 0, 'offers');
        await axe(el);
      });

      it('billing history: the invoice dialog, and the error state', async () => {
        billing.serve();
        const el = await billing.loaded({ locale });
        await billing.openDetail(el, 'INV-2026-0042');
        await axe(el);
        worker.use(http.get('*/v1/invoices', () => apiError(500, 'api_error', 'internal', 'boom')));
        const failed = await billing.history({ locale });
        await until(() => $$(failed, '[part~="error"]').length > 0, 'error state');
        await axe(failed);
      });

      it('checkout: required fields, a wrong tax ID and the form error', async () => {
        useFixtureServer();
        const el = await buying.priced({ locale });
        type(buying.input(el, 'companyName'), '');
        type(buying.input(el, 'taxValue'), 'DE12');
        buying.input(el, 'taxValue').dispatchEvent(new Event('blur'));
        await buying.choose(el, 'invoice');
        buying.submit(el);
        await until(() => buying.errorOf(el, 'companyName') !== '' && buying.errorOf(el, 'taxValue') !== '', 'field errors');
        await until(() => text($(el, '[part~="form-error"]')) !== '', 'form error');
        await axe(el);
      });

      it('checkout: the check sees colour: a pale danger colour on the same errors fails it', async () => {
        useFixtureServer();
        const el = await buying.priced({ locale });
        type(buying.input(el, 'companyName'), '');
        await buying.choose(el, 'invoice');
        buying.submit(el);
        await until(() => buying.errorOf(el, 'companyName') !== '', 'field error');
        el.style.setProperty('--subkit-color-danger', '#f4b4b4');
        await shown(el);
        await expect(el).not.to.be.accessible();
      });

      it('plan picker: a quantity out of range', async () => {
        useFixtureServer();
        const el = await fixture<SubkitPlanPicker>(html`<subkit-plan-picker api-base=${location.origin} publishable-key=${`pk_test_a11y_${locale}_${Math.random()}`} locale=${locale}></subkit-plan-picker>`);
        await until(() => $$(el, 'input[type="number"]').length > 0, 'plans');
        type($$(el, 'input[type="number"]')[0] as HTMLInputElement, '100000');
        await until(() => $$(el, '[part~="field-error"]').some((n) => text(n) !== ''), 'quantity error');
        await axe(el);
      });
    });
  }
});
