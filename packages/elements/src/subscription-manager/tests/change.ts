import { expect, fixture, html } from '@open-wc/testing';
import { delay, http } from 'msw';
import { createStores, getSharedClient } from '@subkit/client';
import { formatTaxPercent, type Subscription } from '@subkit/core';
import type { SubkitSubscriptionManager } from '../subscription-manager.js';
import { freshKey, worker } from '../../../test/msw.js';
import { apiError } from '../../../test/handlers.js';
import { sessionFor } from '../../../test/fixtures/index.js';
import { changePreviewFor, managedTeam, subscriptionFixture } from '../../../test/fixtures/subscriptions.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import { api, serve, manager, loaded, item, button, dialog, isOpen, detail, listen, sessionToken, catalogWithUnits, invoicedTeam } from './support.js';

/** Changing a subscription: the change dialog (plan, seats, interval, add-ons, preview, conflicts) and previewChange/change called from the page. */
export function changeTests(): void {
  describe('changing plan, seats, interval or add-ons', () => {
    async function openChange(el: SubkitSubscriptionManager, id = 'sub_team'): Promise<void> {
      button(item(el, id), 'action-change').click();
      await until(() => isOpen(el), 'change dialog open');
    }

    async function review(el: SubkitSubscriptionManager): Promise<void> {
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="preview-lines"]'), 'preview shown');
    }

    const previewRows = (el: SubkitSubscriptionManager) =>
      [...dialog(el).querySelectorAll('[part~="preview-lines"] tbody tr, [part~="preview-lines"] tfoot tr')].map((tr) => [...tr.children].map((c) => text(c)));

    it('previews the exact proration of more seats, then confirms with the same expectedVersion', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const key = freshKey();
      const el = await loaded({ key });
      await openChange(el);
      expect(dialog(el).getAttribute('aria-labelledby')).to.equal('dialog-title');
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Change Team');
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await review(el);
      expect(text(dialog(el).querySelector('#dialog-title'))).to.equal('Review your change');
      // One sentence first: what changes and what it costs now.
      expect(text(dialog(el).querySelector('[part~="preview-headline"]'))).to.equal('5 → 8 seats on Team: $9.12 charged now.');
      expect(previewRows(el)).to.deep.equal([
        ['Credit: Unused time on Team × 5', 'Nov 21, 2026 – Dec 1, 2026', '-$25.24'],
        ['Charge: Remaining time on Team × 8', 'Nov 21, 2026 – Dec 1, 2026', '$32.90'],
        ['Subtotal', '$7.66'],
        ['VAT 19%', '$1.46'],
        ['Due now', '$9.12'],
      ]);
      expect(text(dialog(el).querySelector('[part~="preview-next"]'))).to.equal('Next invoice on Dec 1, 2026: $122.57');
      const previewBody = server.calls('POST', '/v1/subscriptions/sub_team/change/preview')[0]!.body;
      expect(previewBody).to.deep.equal({ expectedVersion: 3, quantity: 8 });

      const changed = listen('subkit-subscription-changed');
      const confirm = button(dialog(el), 'confirm');
      expect(text(confirm)).to.equal('Confirm and pay $9.12');
      confirm.click();
      await until(() => changed.length === 1, 'changed event');
      const apply = server.calls('POST', '/v1/subscriptions/sub_team/change');
      expect(apply).to.have.length(1);
      expect(apply[0]!.body).to.deep.equal({ expectedVersion: 3, quantity: 8 });
      expect(apply[0]!.idempotencyKey).to.be.a('string');
      const event = changed[0]!;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail).to.include({ kind: 'change', invoiceId: 'in_proration_1' });
      expect(event.detail.subscription).to.include({ quantity: 8, version: 4 });
      expect(event.detail.preview!.amountDueNow).to.equal(912);
      expect($$(el, 'dialog')).to.have.length(0);
      expect(detail(el, 'sub_team', 'Number of seats')).to.equal('8');
      expect(detail(el, 'sub_team', 'Next invoice')).to.equal('$103.00 on Dec 1, 2026');
      // A visible confirmation (not only a screen-reader text), saying what changed and what it cost.
      const notice = $(el, '[part~="notice-success"]');
      expect(notice.getAttribute('role')).to.equal('status');
      expect(text(notice)).to.equal('Your subscription was changed. 5 → 8 seats on Team: $9.12 charged now.');
      expect(notice.getBoundingClientRect().height).to.be.greaterThan(20);
      expect(getComputedStyle(notice).clipPath).to.equal('none');
      // The billing history shares the stores: the change reloaded the invoices it shows.
      const invoices = createStores(getSharedClient({ baseUrl: api, publishableKey: key })).$invoices.get();
      expect(invoices.data?.map((i) => i.id)).to.include('in_proration_1');
      expect(server.calls('GET', '/v1/invoices')).to.have.length(1);
    });

    it('refreshes a <subkit-billing-history> on the same page after a change', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const key = freshKey();
      const wrapper = await fixture(html`<div>
        <subkit-subscription-manager api-base=${api} publishable-key=${key} session="tok_buyer"></subkit-subscription-manager>
        <subkit-billing-history api-base=${api} publishable-key=${key} session="tok_buyer"></subkit-billing-history>
      </div>`);
      const el = wrapper.querySelector('subkit-subscription-manager')!;
      const history = wrapper.querySelector('subkit-billing-history')!;
      await until(() => !!el.shadowRoot!.querySelector('[part~="action-change"]'), 'manager ready');
      await until(() => server.calls('GET', '/v1/invoices').length === 1, 'history loaded');
      expect(history.shadowRoot!.textContent).to.not.contain('ACME-0043');
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await review(el);
      button(dialog(el), 'confirm').click();
      await until(() => (history.shadowRoot!.textContent ?? '').includes('ACME-0043'), 'history shows the proration invoice');
    });

    it('sends only what changed: a new plan with its seats, an interval, an add-on', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      await openChange(el);
      const plan = $(el, '#change-plan') as HTMLSelectElement;
      expect([...plan.options].map((o) => o.text)).to.deep.equal(['Starter', 'Vehicles', 'Team', 'Business']);
      type(plan, 'plan_business');
      await el.updateComplete;
      expect(($(el, '#change-quantity') as HTMLInputElement).value).to.equal('10');
      expect(text($(el, '#change-quantity-hint'))).to.equal('10 to 1,000');
      const interval = $(el, '#change-interval') as HTMLSelectElement;
      expect([...interval.options].map((o) => o.text)).to.deep.equal(['Monthly', 'Quarterly', 'Yearly']);
      type(interval, 'year');
      await el.updateComplete;
      const addOn = dialog(el).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
      expect(text(addOn.closest('label'))).to.equal('Priority support ($990.00 per year)');
      addOn.click();
      await el.updateComplete;
      await review(el);
      expect(server.calls('POST', '/change/preview')[0]!.body).to.deep.equal({
        expectedVersion: 3,
        planId: 'plan_business',
        recurring: { interval: 'year', intervalCount: 1 },
        quantity: 10,
        addOns: [{ addOnId: 'addon_priority' }],
      });
      const expected = changePreviewFor(managedTeam, { expectedVersion: 3, planId: 'plan_business', recurring: { interval: 'year', intervalCount: 1 }, quantity: 10, addOns: [{ addOnId: 'addon_priority' }] });
      expect(previewRows(el).find((r) => r[0] === 'Due now')).to.deep.equal(['Due now', `$${(expected.amountDueNow / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`]);
    });

    it('names seats with the plural unit label, and counts add-on units with the locale plural rules', async () => {
      const withTrackers = (id: string, quantity: number) =>
        subscriptionFixture({ id, planId: 'plan_team', quantity: 5, overrides: { addOns: [{ addOnId: 'addon_trackers', name: 'Spare GPS trackers', quantity }] } });
      serve({ subscriptions: [withTrackers('sub_team', 1), withTrackers('sub_two', 3)], catalog: catalogWithUnits() });
      const el = await loaded();
      expect(detail(el, 'sub_team', 'Number of seats')).to.equal('5');
      const addOnItem = (id: string) => text(item(el, id).querySelector('[part~="item-addon"]'));
      expect(addOnItem('sub_team')).to.equal('Spare GPS trackers: 1 tracker');
      expect(addOnItem('sub_two')).to.equal('Spare GPS trackers: 3 trackers');
      await openChange(el);
      expect(text(dialog(el).querySelector('label[for="change-quantity"]'))).to.equal('Number of seats');
      type($(el, '#change-plan') as HTMLSelectElement, 'plan_vehicles');
      await el.updateComplete;
      expect(text(dialog(el).querySelector('label[for="change-quantity"]'))).to.equal('Number of vehicles');
    });

    it('prices per-seat add-ons per seat and takes a quantity for add-ons bought in any number', async () => {
      const server = serve({ subscriptions: [managedTeam], catalog: catalogWithUnits() });
      const el = await loaded();
      await openChange(el);
      const addOns = [...dialog(el).querySelectorAll('[part~="add-on"]')].map((a) => text(a));
      expect(addOns).to.deep.equal([
        'Priority support ($99.00 per month)',
        'Advanced reports ($3.00 per seat per month)',
        'Spare GPS trackers ($4.50 per tracker per month)',
      ]);
      const trackers = $(el, '#addon-addon_trackers') as HTMLInputElement;
      expect([trackers.type, trackers.value, trackers.min]).to.deep.equal(['number', '0', '0']);
      expect(text(dialog(el).querySelector('label[for="addon-addon_trackers"]'))).to.equal('Spare GPS trackers ($4.50 per tracker per month)');
      type(trackers, '-1');
      await el.updateComplete;
      expect(trackers.getAttribute('aria-invalid')).to.equal('true');
      expect(text($(el, '#addon-addon_trackers-error'))).to.equal('Enter a whole number from 0 to 1,000,000.');
      expect(button(dialog(el), 'confirm').disabled).to.equal(true);
      type(trackers, '3');
      (dialog(el).querySelector('#addon-addon_reports') as HTMLInputElement).click();
      await el.updateComplete;
      await review(el);
      expect(server.calls('POST', '/change/preview')[0]!.body).to.deep.equal({
        expectedVersion: 3,
        addOns: [{ addOnId: 'addon_reports' }, { addOnId: 'addon_trackers', quantity: 3 }],
      });
      const charges = previewRows(el).filter((r) => r[0]!.startsWith('Charge:')).map((r) => r[0]);
      expect(charges).to.include.members(['Charge: Remaining time on Advanced reports × 5', 'Charge: Remaining time on Spare GPS trackers × 3']);
      expect(text(dialog(el).querySelector('[part~="preview-headline"]'))).to.match(/^\+ Advanced reports, \+ Spare GPS trackers: \$[\d.]+ charged now\.$/);
    });

    it('changes the number of a quantity add-on already on the subscription, and drops it at 0', async () => {
      const team = subscriptionFixture({ id: 'sub_team', planId: 'plan_team', quantity: 5, overrides: { addOns: [{ addOnId: 'addon_trackers', name: 'Spare GPS trackers', quantity: 2 }] } });
      const server = serve({ subscriptions: [team], catalog: catalogWithUnits() });
      const el = await loaded();
      await openChange(el);
      const trackers = $(el, '#addon-addon_trackers') as HTMLInputElement;
      expect(trackers.value).to.equal('2');
      expect(button(dialog(el), 'confirm').disabled, 'nothing changed yet').to.equal(true);
      type(trackers, '0');
      await el.updateComplete;
      await review(el);
      expect(server.calls('POST', '/change/preview')[0]!.body).to.deep.equal({ expectedVersion: 3, addOns: [] });
    });

    for (const [days, due, dueDate] of [
      [30, 'Invoiced now — due in 30 days', 'Dec 21, 2026'],
      [1, 'Invoiced now — due in 1 day', 'Nov 22, 2026'],
    ] as const) {
      it(`says "${due}" and charges nothing for a subscription billed by invoice`, async () => {
        const server = serve({ subscriptions: [invoicedTeam(days)] });
        const el = await loaded();
        await openChange(el);
        type($(el, '#change-quantity') as HTMLInputElement, '8');
        await el.updateComplete;
        await review(el);
        const rows = previewRows(el);
        expect(rows.at(-1)).to.deep.equal([due, '$9.12']);
        expect(text(dialog(el).querySelector('[part~="preview-headline"]'))).to.equal(`5 → 8 seats on Team: $9.12 invoiced now, due ${dueDate}.`);
        expect(rows.map((r) => r[0])).to.not.include('Due now');
        expect(dialog(el).querySelector('[part~="preview-due"]')!.getAttribute('part')).to.contain('preview-invoiced');
        expect(text(dialog(el).querySelector('[part~="hint"]'))).to.contain('Nothing is charged now: the amount is invoiced to your company and paid by bank transfer.');
        const confirm = button(dialog(el), 'confirm');
        expect(text(confirm)).to.equal('Confirm change');
        expect(text(dialog(el))).to.not.match(/pay/i);
        const changed = listen('subkit-subscription-changed');
        confirm.click();
        await until(() => changed.length === 1, 'changed event');
        expect(server.calls('POST', '/v1/subscriptions/sub_team/change')).to.have.length(1);
      });
    }

    /** The Arabic manager reviewing a change of this subscription to 8 seats. */
    async function arabicPreviewOf8Seats(subscription: Subscription): Promise<SubkitSubscriptionManager> {
      serve({ subscriptions: [subscription] });
      const el = await loaded({ locale: 'ar' });
      await until(() => text($(el, '[part~="title"]')) === 'اشتراكاتك', 'Arabic strings');
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await review(el);
      return el;
    }

    it('words an invoiced change in Arabic with its plural category', async () => {
      const el = await arabicPreviewOf8Seats(invoicedTeam(7));
      expect(text(dialog(el).querySelector('[part~="preview-due"] th'))).to.equal(`صدرت الفاتورة الآن — مستحقة خلال ${new Intl.NumberFormat('ar').format(7)} أيام`);
      expect(text(button(dialog(el), 'confirm'))).to.equal('تأكيد التغيير');
    });

    it('words the change preview in Arabic: the proration lines and the tax with its rate', async () => {
      const el = await arabicPreviewOf8Seats(managedTeam);
      const n = (value: number) => new Intl.NumberFormat('ar').format(value);
      const labels = [...dialog(el).querySelectorAll('[part~="preview-line"] th')].map((th) => text(th).replace(/^[^:]+:\s*/, ''));
      expect(labels).to.deep.equal([`الوقت غير المستخدم من Team × ${n(5)}`, `الوقت المتبقي من Team × ${n(8)}`]);
      expect(text(dialog(el).querySelector('[part~="preview-tax"] th'))).to.equal(`ضريبة القيمة المضافة ${formatTaxPercent(19, 'ar')}`);
      expect(dialog(el).textContent).not.to.match(/Unused time|Remaining time|\bTax\b|VAT|charged now/);
    });

    it('refuses seats outside the plan rule and sends nothing', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      await openChange(el);
      type($(el, '#change-plan') as HTMLSelectElement, 'plan_starter');
      await el.updateComplete;
      type($(el, '#change-quantity') as HTMLInputElement, '11');
      await el.updateComplete;
      expect(button(dialog(el), 'confirm').disabled).to.equal(true);
      const input = $(el, '#change-quantity');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(text($(el, '#change-quantity-error'))).to.equal('Enter a whole number from 1 to 10.');
      expect(server.calls('POST', '/change/preview')).to.have.length(0);
    });

    it('offers no review until something changes', async () => {
      serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      await openChange(el);
      const review = button(dialog(el), 'confirm');
      expect(review.disabled).to.equal(true);
      expect(text($(el, `#${review.getAttribute('aria-describedby')}`))).to.equal('Choose a different plan, billing period, number of seats or add-ons.');
    });

    it('is busy while the preview is computed', async () => {
      serve({ subscriptions: [managedTeam] });
      worker.use(http.post('*/v1/subscriptions/:id/change/preview', () => delay('infinite')));
      const el = await loaded();
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '6');
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => text(button(dialog(el), 'confirm')) === 'Calculating…', 'busy label');
      expect(button(dialog(el), 'confirm').disabled).to.equal(true);
      expect(dialog(el).getAttribute('aria-busy')).to.equal('true');
      expect(el.matches(':state(busy)')).to.equal(true);
    });

    it('on a 409 reloads the subscription and explains that someone else changed it', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '8');
      await el.updateComplete;
      await review(el);
      // A colleague adds a seat between the preview and the confirmation.
      const colleague = subscriptionFixture({ id: 'sub_team', planId: 'plan_team', quantity: 6, overrides: { version: 4 } });
      server.subscriptions = server.subscriptions.map((s) => (s.id === 'sub_team' ? colleague : s));
      const errors = listen('subkit-error');
      const changed = listen('subkit-subscription-changed');
      button(dialog(el), 'confirm').click();
      await until(() => $$(el, '[part~="notice-conflict"]').length === 1, 'conflict notice');
      const notice = $(el, '[part~="notice-conflict"]');
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(text(notice.querySelector('p'))).to.equal('This subscription was changed by someone else; review the new state.');
      expect(server.calls('POST', '/v1/subscriptions/sub_team/change')[0]!.body).to.deep.equal({ expectedVersion: 3, quantity: 8 });
      expect($$(el, 'dialog')).to.have.length(0);
      await until(() => detail(el, 'sub_team', 'Number of seats') === '6', 'fresh state shown');
      expect(errors[0]!.detail.error.type).to.equal('conflict_error');
      expect(errors[0]!.detail.source).to.equal('subscription-manager:change');
      expect(changed).to.have.length(0);
    });

    it('shows a server error inside the dialog and keeps it open', async () => {
      serve({ subscriptions: [managedTeam] });
      worker.use(http.post('*/v1/subscriptions/:id/change/preview', () => apiError(503, 'api_error', 'unavailable', 'down')));
      const el = await loaded();
      await openChange(el);
      type($(el, '#change-quantity') as HTMLInputElement, '6');
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => text(dialog(el).querySelector('[part~="dialog-error"]')) !== '', 'dialog error');
      expect(text(dialog(el).querySelector('[part~="dialog-error"]'))).to.equal('The billing service is busy. Try again in a moment.');
      expect(dialog(el).open).to.equal(true);
    });
  });

  describe('starting a change from the page (previewChange, change)', () => {
    const previewTitle = (el: SubkitSubscriptionManager) => text(el.shadowRoot!.querySelector('dialog #dialog-title'));

    it('opens the exact preview of a proposed change once the subscriptions load, for the buyer to confirm', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await manager();
      const opened = el.previewChange('sub_team', { planId: 'plan_business', recurring: { interval: 'year', intervalCount: 1 }, quantity: 12 });
      expect(await opened).to.equal(true);
      await el.updateComplete;
      expect(isOpen(el)).to.equal(true);
      expect(previewTitle(el)).to.equal('Review your change');
      expect(el.shadowRoot!.activeElement?.id).to.equal('dialog-title');
      const body = { expectedVersion: 3, planId: 'plan_business', recurring: { interval: 'year' as const, intervalCount: 1 }, quantity: 12 };
      expect(server.calls('POST', '/change/preview').map((c) => c.body)).to.deep.equal([body]);
      const expected = changePreviewFor(managedTeam, body);
      expect(text(dialog(el).querySelector('[part~="preview-due"] td'))).to.equal(`$${(expected.amountDueNow / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
      const changed = listen('subkit-subscription-changed');
      button(dialog(el), 'confirm').click();
      await until(() => changed.length === 1, 'changed event');
      expect(server.calls('POST', '/v1/subscriptions/sub_team/change')[0]!.body).to.deep.equal(body);
      expect(changed[0]!.detail.subscription).to.include({ planId: 'plan_business', quantity: 12 });
      // Opened by the page, focus returns to the subscription it changed.
      await until(() => el.shadowRoot!.activeElement?.id === 'sub-sub_team-title', 'focus on the subscription');
    });

    it("takes the plan picker's subkit-plan-selected detail through the change property, keeping the subscription's add-ons", async () => {
      const team = subscriptionFixture({ id: 'sub_team', planId: 'plan_team', quantity: 5, overrides: { addOns: [{ addOnId: 'addon_priority', name: 'Priority support', quantity: 1 }] } });
      const server = serve({ subscriptions: [team] });
      const el = await manager();
      el.change = {
        planId: 'plan_business',
        priceId: 'price_business_usd_month',
        currency: 'USD',
        recurring: { interval: 'month', intervalCount: 1 },
        quantity: 10,
        addOns: [],
        subscriptionId: 'sub_team',
        change: 'upgrade',
      };
      await until(() => !!el.shadowRoot!.querySelector('dialog [part~="preview-lines"]'), 'preview shown');
      expect(server.calls('POST', '/change/preview')[0]!.body).to.deep.equal({ expectedVersion: 3, planId: 'plan_business', quantity: 10 });
      button(dialog(el), 'back').click();
      await el.updateComplete;
      expect(($(el, '#change-plan') as HTMLSelectElement).value).to.equal('plan_business');
      expect(($(el, '#addon-addon_priority') as HTMLInputElement).checked).to.equal(true);
    });

    it('opens nothing for an unknown subscription or a viewer, and shows the form when the proposal breaks the plan rule', async () => {
      serve({ subscriptions: [managedTeam], session: sessionFor('viewer') });
      const viewer = await manager({ session: sessionToken('viewer') });
      expect(await viewer.previewChange('sub_team', { quantity: 8 })).to.equal(false);
      expect(isOpen(viewer)).to.equal(false);

      const server = serve({ subscriptions: [managedTeam] });
      const el = await manager();
      expect(await el.previewChange('sub_nope', { quantity: 8 })).to.equal(false);
      expect(isOpen(el)).to.equal(false);
      expect(await el.previewChange('sub_team', { planId: 'plan_business', quantity: 5000 })).to.equal(false);
      await el.updateComplete;
      expect(isOpen(el)).to.equal(true);
      expect(previewTitle(el)).to.equal('Change Team');
      expect(text($(el, '#change-quantity-error'))).to.equal('Enter a whole number from 10 to 1000.');
      expect(server.calls('POST', '/change/preview')).to.have.length(0);
    });

    it('does not interrupt a dialog the buyer has open', async () => {
      const server = serve({ subscriptions: [managedTeam] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-pause').click();
      await until(() => isOpen(el), 'pause dialog');
      expect(await el.previewChange('sub_team', { quantity: 8 })).to.equal(false);
      await new Promise((r) => setTimeout(r, 50));
      expect(dialog(el).getAttribute('part')).to.equal('dialog dialog-pause');
      expect(isOpen(el)).to.equal(true);
      expect(server.calls('POST', '/change/preview')).to.have.length(0);
    });
  });
}
