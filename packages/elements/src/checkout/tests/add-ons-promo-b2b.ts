import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http } from 'msw';
import type { SubkitCheckout } from '../checkout.js';
import type { SubkitErrorEvent } from '../../events/index.js';
import { useFixtureServer, worker } from '../../../test/msw.js';
import { apiError, type FixtureServer } from '../../../test/handlers.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import { formatMoney } from '@subkit/core';
import { format } from '../../locales/locales.js';
import { money } from '../../internal/format.js';
import { checkout, priced, summary, input, errorOf, checkoutRequests, choose, submit, completion } from './support.js';

/** Add-ons, promo codes and the B2B fields (company, tax ID, PO number). */
export function addOnPromoAndB2bTests(): void {
  describe('add-ons', () => {
    const addOnRows = (el: SubkitCheckout) =>
      $$(el, '[part~="add-on"]').map((row) => [
        text(row.querySelector('[part~="add-on-name"]')),
        text(row.querySelector('[part~="add-on-price"]')),
        (row.querySelector('input') as HTMLInputElement).type,
      ]);
    const addOnInput = (el: SubkitCheckout, id: string) => $(el, `#addon-${id}`) as HTMLInputElement;
    const previewBodies = (server: FixtureServer) =>
      server.requests.filter((r) => r.path === '/v1/checkout/preview').map((r) => r.body as { addOns?: unknown; quantity?: number });
    const lineOf = (el: SubkitCheckout, label: string) => summary(el).find(([l]) => l === label);

    it('lists the add-ons sold with the plan: name, description, price per seat or each, per period', async () => {
      useFixtureServer();
      const el = await priced();
      expect(text($(el, '[part~="add-ons"] legend'))).to.equal('Add-ons');
      expect(addOnRows(el)).to.deep.equal([
        ['Priority support', '$99.00 per month', 'checkbox'],
        ['Advanced reports', '$3.00 per seat per month', 'checkbox'],
        ['Spare GPS trackers', '$4.50 per tracker per month', 'number'],
      ]);
      expect(text($(el, '#addon-addon_priority-description'))).to.equal('Answers within one hour.');
      expect(addOnInput(el, 'addon_priority').getAttribute('aria-describedby')).to.equal('addon-addon_priority-price addon-addon_priority-description');
      expect(addOnInput(el, 'addon_trackers').value).to.equal('0');
      expect(addOnInput(el, 'addon_priority').checked).to.equal(false);
    });

    it('hides add-ons the plan, currency or billing interval is not sold with', async () => {
      useFixtureServer();
      const vehicles = await priced({ plan: 'plan_vehicles' });
      expect(addOnRows(vehicles).map(([name]) => name)).to.deep.equal(['Priority support', 'Spare GPS trackers']);
      const quarterly = await priced({ interval: 'quarter' });
      expect($$(quarterly, '[part~="add-ons"]')).to.have.length(0);
      const euro = await checkout({ plan: null });
      euro.selection = { planId: 'plan_team', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 5 };
      await until(() => $$(euro, '[part~="summary-total"]').length > 0, 'priced in EUR');
      expect(addOnRows(euro)).to.deep.equal([
        ['Priority support', '€89.00 per month', 'checkbox'],
        ['Advanced reports', '€2.80 per seat per month', 'checkbox'],
      ]);
    });

    it('re-prices on the server when an add-on is checked: its line and the new totals', async () => {
      const server = useFixtureServer();
      const el = await priced();
      addOnInput(el, 'addon_priority').click();
      await until(() => !!lineOf(el, 'Priority support'), 'add-on line');
      expect(lineOf(el, 'Priority support')).to.deep.equal(['Priority support', '$99.00']);
      expect(lineOf(el, 'Subtotal')).to.deep.equal(['Subtotal', '$178.00']);
      expect(lineOf(el, 'VAT 19%')).to.deep.equal(['VAT 19%', '$33.82']);
      expect(lineOf(el, 'Total')).to.deep.equal(['Total', '$211.82']);
      expect(text($(el, '[part~="next-invoice"]'))).to.equal('Next invoice on Dec 5, 2026: $211.82');
      expect($(el, '[part~="add-on"]').getAttribute('part')).to.contain('add-on-selected');
      expect(previewBodies(server).at(-1)!.addOns).to.deep.equal([{ addOnId: 'addon_priority' }]);
      addOnInput(el, 'addon_priority').click();
      await until(() => !lineOf(el, 'Priority support'), 'add-on line removed');
      expect(lineOf(el, 'Total')).to.deep.equal(['Total', '$94.01']);
      expect(previewBodies(server).at(-1)!.addOns).to.equal(undefined);
    });

    it('prices a per-seat add-on for every seat, following the seats', async () => {
      const server = useFixtureServer();
      const el = await priced();
      addOnInput(el, 'addon_reports').click();
      await until(() => !!lineOf(el, '5 × Advanced reports'), 'per-seat line');
      expect(lineOf(el, '5 × Advanced reports')).to.deep.equal(['5 × Advanced reports', '$15.00']);
      type(input(el, 'quantity'), '12');
      await until(() => !!lineOf(el, '12 × Advanced reports'), 'per-seat line follows the seats');
      expect(lineOf(el, '12 × Advanced reports')).to.deep.equal(['12 × Advanced reports', '$36.00']);
      expect(lineOf(el, 'Subtotal')).to.deep.equal(['Subtotal', '$167.80']);
      expect(previewBodies(server).at(-1)).to.deep.include({ quantity: 12, addOns: [{ addOnId: 'addon_reports' }] });
    });

    it('takes the number typed for a quantity add-on, and refuses one that is not a whole number', async () => {
      const server = useFixtureServer();
      const el = await priced();
      type(addOnInput(el, 'addon_trackers'), '4');
      await until(() => !!lineOf(el, '4 × Spare GPS trackers'), 'quantity line');
      expect(lineOf(el, '4 × Spare GPS trackers')).to.deep.equal(['4 × Spare GPS trackers', '$18.00']);
      expect(lineOf(el, 'Total')).to.deep.equal(['Total', '$115.43']);
      expect(previewBodies(server).at(-1)!.addOns).to.deep.equal([{ addOnId: 'addon_trackers', quantity: 4 }]);
      type(addOnInput(el, 'addon_trackers'), '2.5');
      await el.updateComplete;
      expect(errorOf(el, 'addon-addon_trackers')).to.equal('Enter a whole number from 0 to 1,000,000.');
      expect(addOnInput(el, 'addon_trackers').getAttribute('aria-invalid')).to.equal('true');
      await choose(el, 'invoice');
      submit(el);
      await el.updateComplete;
      expect(text($(el, '[part~="form-error"]'))).to.equal('Check the highlighted fields.');
      expect(checkoutRequests(server)).to.have.length(0);
      type(addOnInput(el, 'addon_trackers'), '0');
      await until(() => !summary(el).some(([l]) => l?.endsWith('Spare GPS trackers')), 'quantity add-on removed');
      expect(errorOf(el, 'addon-addon_trackers')).to.equal('');
      expect(lineOf(el, 'Total')).to.deep.equal(['Total', '$94.01']);
    });

    it('buys the chosen add-ons with the plan, in catalog order, and names them on success', async () => {
      const server = useFixtureServer();
      const el = await priced();
      type(addOnInput(el, 'addon_trackers'), '2');
      addOnInput(el, 'addon_priority').click();
      await until(() => !!lineOf(el, 'Priority support') && !!lineOf(el, '2 × Spare GPS trackers'), 'both add-ons priced');
      await choose(el, 'invoice');
      const done = completion();
      submit(el);
      const event = await done;
      const body = checkoutRequests(server)[0]!.body as { addOns: unknown };
      expect(body.addOns).to.deep.equal([{ addOnId: 'addon_priority' }, { addOnId: 'addon_trackers', quantity: 2 }]);
      expect(event.detail.subscription.addOns.map((a) => [a.name, a.quantity])).to.deep.equal([['Priority support', 1], ['Spare GPS trackers', 2]]);
      await el.updateComplete;
      expect(text($(el, '[part~="success-add-ons"]'))).to.equal('Add-ons: Priority support and 2 × Spare GPS trackers');
    });

    it("keeps the picker's add-ons the plan is sold with and drops the others before pricing", async () => {
      const server = useFixtureServer();
      const el = await checkout({ plan: null });
      el.selection = {
        planId: 'plan_team',
        currency: 'USD',
        recurring: { interval: 'month', intervalCount: 1 },
        quantity: 5,
        addOns: [{ addOnId: 'addon_priority' }],
      };
      await until(() => !!lineOf(el, 'Priority support'), 'priced with the add-on');
      expect(addOnInput(el, 'addon_priority').checked).to.equal(true);
      el.selection = { ...el.selection, planId: 'plan_business', recurring: { interval: 'quarter', intervalCount: 1 }, quantity: 40 };
      await until(() => lineOf(el, '40 × Seats')?.[1] === '$800.00', 're-priced quarterly');
      expect(lineOf(el, 'Priority support')).to.equal(undefined);
      expect($$(el, '[part~="error"]')).to.have.length(0);
      expect(previewBodies(server).at(-1)!.addOns).to.equal(undefined);
      // Never asked the server to price an add-on it does not sell quarterly (it would answer 400).
      const quarterly = server.requests.filter((r) => r.path === '/v1/checkout/preview' && (r.body as { planId: string }).planId === 'plan_business');
      expect(quarterly.map((r) => (r.body as { addOns?: unknown }).addOns)).to.deep.equal([undefined]);
    });

    it('toggles an add-on with the keyboard', async () => {
      useFixtureServer();
      const el = await priced();
      addOnInput(el, 'addon_priority').focus();
      await sendKeys({ press: 'Space' });
      await until(() => !!lineOf(el, 'Priority support'), 'add-on by keyboard');
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(addOnInput(el, 'addon_reports'));
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '3' });
      await sendKeys({ press: 'Tab' });
      await until(() => !!lineOf(el, '3 × Spare GPS trackers'), 'quantity by keyboard');
    });

    it('has no axe violations with add-ons chosen and a quantity error shown', async () => {
      useFixtureServer();
      const el = await priced();
      addOnInput(el, 'addon_reports').click();
      await until(() => !!lineOf(el, '5 × Advanced reports'), 'per-seat line');
      type(addOnInput(el, 'addon_trackers'), '-1');
      await el.updateComplete;
      expect(errorOf(el, 'addon-addon_trackers')).to.not.equal('');
      await expect(el).to.be.accessible();
    });

    it('speaks Arabic and Turkish', async () => {
      useFixtureServer();
      const ar = await priced({ locale: 'ar' });
      await until(() => text($(ar, '[part~="add-ons"] legend')) === 'الإضافات', 'Arabic add-ons');
      const spaced = (t: string) => t.replace(/\s+/g, ' ');
      // A per-seat add-on is priced per unit of the plan, named as the catalog names it.
      expect(text($(ar, '#addon-addon_reports-price'))).to.equal(spaced(`${format('{price} لكل seat', { price: money(300, 'USD', 'ar') })} شهريًا`));
      const tr = await priced({ locale: 'tr' });
      await until(() => text($(tr, '[part~="add-ons"] legend')) === 'Eklentiler', 'Turkish add-ons');
      expect(text($(tr, '#addon-addon_reports-price'))).to.equal(spaced(`aylık seat başına ${formatMoney(300, 'USD', 'tr')}`));
    });
  });

  describe('promo codes', () => {
    it('applies a valid code and shows the discount', async () => {
      useFixtureServer();
      const el = await priced();
      type(input(el, 'promoCode'), 'welcome10');
      $(el, '[part~="promo-apply"]').click();
      await until(() => $$(el, '[part~="summary-discount"]').length > 0, 'discount');
      expect(text($(el, '[part~="summary-discount"] dt'))).to.equal('Discount (WELCOME10)');
      expect(text($(el, '[part~="summary-discount"] dd'))).to.equal('−$7.90');
      expect(text($(el, '#promo-message'))).to.contain('Code WELCOME10 applied: 10% off the first invoice');
    });

    it('says clearly when a code is not valid', async () => {
      useFixtureServer();
      const el = await priced();
      type(input(el, 'promoCode'), 'BOGUS');
      $(el, '[part~="promo-apply"]').click();
      await until(() => text($(el, '#promo-message')) !== '', 'promo message');
      expect(text($(el, '#promo-message'))).to.equal('The code BOGUS is not valid.');
      expect(input(el, 'promoCode').getAttribute('aria-invalid')).to.equal('true');
      expect($$(el, '[part~="summary-discount"]')).to.have.length(0);
    });
  });

  describe('B2B fields', () => {
    it('checks the tax ID format per country as it is typed', async () => {
      useFixtureServer();
      const el = await priced();
      type(input(el, 'taxValue'), 'DE12');
      input(el, 'taxValue').dispatchEvent(new Event('blur'));
      await el.updateComplete;
      await el.updateComplete;
      expect(errorOf(el, 'taxValue')).to.equal('This is not a valid tax ID for DE. Example: DE136695976');
      expect(input(el, 'taxValue').getAttribute('aria-invalid')).to.equal('true');
      type(input(el, 'taxValue'), 'de 123 456 789');
      await el.updateComplete;
      expect(errorOf(el, 'taxValue')).to.equal('');
      expect(text($(el, '#taxValue-hint'))).to.equal('Valid: DE123456789');
      type($(el, '#taxCountry') as HTMLSelectElement, 'US');
      await el.updateComplete;
      expect(errorOf(el, 'taxValue')).to.equal('This is not a valid tax ID for US. Example: 12-3456789');
    });

    it("puts the server's validation error on the field it names", async () => {
      const server = useFixtureServer();
      worker.use(
        http.post('*/v1/checkout', () => apiError(400, 'invalid_request_error', 'postal_code_invalid', 'Postal code 10119X does not exist in DE.', { param: 'billing.address.postalCode' })),
      );
      const el = await priced();
      await choose(el, 'invoice');
      const errors: SubkitErrorEvent[] = [];
      document.addEventListener('subkit-error', (e) => errors.push(e), { once: true });
      submit(el);
      await until(() => errorOf(el, 'postalCode') !== '', 'field error');
      expect(errors[0]?.detail).to.deep.include({ source: 'checkout:submit' });
      expect(errors[0]?.detail.error.param).to.equal('billing.address.postalCode');
      expect(errorOf(el, 'postalCode')).to.equal('Postal code 10119X does not exist in DE.');
      expect(input(el, 'postalCode').getAttribute('aria-invalid')).to.equal('true');
      expect(text($(el, '[part~="form-error"]'))).to.equal('Check the highlighted fields.');
      await until(() => el.shadowRoot!.activeElement === input(el, 'postalCode'), 'focus on the field');
      expect(server.requests.filter((r) => r.path === '/v1/checkout')).to.have.length(0);
    });

    it('refuses to send without a company name', async () => {
      const server = useFixtureServer();
      const el = await priced();
      type(input(el, 'companyName'), '');
      await choose(el, 'invoice');
      submit(el);
      await el.updateComplete;
      expect(errorOf(el, 'companyName')).to.equal('This field is required.');
      expect(checkoutRequests(server)).to.have.length(0);
    });
  });
}
