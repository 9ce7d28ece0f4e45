import { expect, fixture } from '@open-wc/testing';
import { HttpResponse, delay, http } from 'msw';
import type { StripeLike } from '../../internal/payment-element.js';
import { useFixtureServer, worker } from '../../../test/msw.js';
import { liveCatalog, stripeCatalog } from '../../../test/fixtures/index.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import { checkout, priced, summary, input, errorOf, checkoutRequests, choose, fillTestCard, submit, completion } from './support.js';

/** Paying by invoice (net terms, PO) and by card (test cards, declines, the bank's confirmation). */
export function payingTests(): void {
  describe('paying by invoice', () => {
    it('shows the net terms and buys with the PO number', async () => {
      const server = useFixtureServer();
      const el = await priced({ plan: 'plan_starter' });
      await choose(el, 'invoice');
      expect(text($(el, '[part~="net-terms"]'))).to.equal('We send an invoice, due 30 days after it is issued (NET 30).');
      expect(input(el, 'invoiceEmail').value).to.equal('billing@acme.example');
      type(input(el, 'poNumber'), 'PO-7781');
      expect(text($(el, '[part~="submit"]'))).to.equal('Place order');
      // Nothing is charged today: the invoice is issued with the first period (Nov 21) and due 30 days later.
      expect(text($(el, '[part~="due-today"]'))).to.equal('Invoiced today — due Dec 21, 2026 (NET 30) $42.84');
      const done = completion();
      submit(el);
      const event = await done;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail.subscription.id).to.equal('sub_new');
      expect(event.detail.subscription.poNumber).to.equal('PO-7781');
      expect(event.detail.invoiceId).to.equal('in_0001');
      const body = checkoutRequests(server)[0]!.body as Record<string, unknown>;
      expect(body.payment).to.deep.equal({ method: 'invoice', poNumber: 'PO-7781', invoiceEmail: 'billing@acme.example' });
      expect(body.billing).to.deep.equal({
        companyName: 'Acme GmbH',
        email: 'billing@acme.example',
        taxId: { country: 'DE', value: 'DE123456789' },
        address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' },
      });
      await el.updateComplete;
      expect(text($(el, '[part~="success-title"]'))).to.equal('Thank you, you are subscribed');
      expect(text($(el, '[part~="success-plan"]'))).to.equal('Starter, 3 × seats, Billed monthly');
      // What was invoiced today, by number, with its due date and PO — not only the next invoice.
      expect(text($(el, '[part~="success-invoice"]'))).to.equal('Invoiced today: INV-001001 for $42.84, PO PO-7781, due Dec 21, 2026.');
      expect(text($(el, '[part~="success"]'))).to.contain('The invoice goes to billing@acme.example.');
      expect(text($(el, '[part~="success"]'))).to.contain('Next invoice on Dec 21, 2026: $42.84.');
      expect(el.matches(':state(success)')).to.equal(true);
    });

    it('never buys twice on a double click', async () => {
      const server = useFixtureServer();
      worker.use(
        // Answers nothing after the wait, so the fixture server's handler answers: a slow server.
        http.post('*/v1/checkout', async () => {
          await delay(150);
        }),
      );
      const el = await priced();
      await choose(el, 'invoice');
      const done = completion();
      const button = submit(el);
      button.click();
      await el.updateComplete;
      expect(button.disabled).to.equal(true);
      expect(text(button)).to.equal('Processing…');
      expect(el.matches(':state(busy)')).to.equal(true);
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('true');
      button.click();
      await done;
      expect(checkoutRequests(server)).to.have.length(1);
    });

    it('retries a failed network call with the same Idempotency-Key', async () => {
      const server = useFixtureServer();
      const keys: string[] = [];
      worker.use(
        http.post('*/v1/checkout', ({ request }) => {
          keys.push(request.headers.get('Idempotency-Key') ?? '');
          return HttpResponse.error();
        }),
      );
      const el = await priced();
      await choose(el, 'invoice');
      submit(el);
      await until(() => text($(el, '[part~="form-error"]')) !== '', 'network error shown');
      expect(text($(el, '[part~="form-error"]'))).to.equal('We could not reach the billing service. Check your connection and try again.');
      worker.resetHandlers(...server.handlers);
      const done = completion();
      submit(el);
      await done;
      const sent = checkoutRequests(server);
      expect(sent).to.have.length(1);
      expect(keys.length).to.be.greaterThan(0);
      expect(new Set([...keys, sent[0]!.idempotencyKey])).to.have.property('size', 1);
    });

    it('names a value the client refuses before sending on its field, in the widget\'s words', async () => {
      const server = useFixtureServer();
      const el = await priced({ plan: 'plan_starter' });
      await choose(el, 'invoice');
      // The order's rules allow a PO number of 64 characters at most; the form has no rule of its own for it.
      type(input(el, 'poNumber'), 'P'.repeat(65));
      submit(el);
      await until(() => errorOf(el, 'poNumber') !== '', 'the refused PO number');
      expect(errorOf(el, 'poNumber')).to.equal('This value is not valid.');
      expect(text($(el, '[part~="form-error"]'))).to.equal('Check the highlighted fields.');
      expect(checkoutRequests(server), 'nothing sent').to.have.length(0);
    });
  });

  describe('paying by card', () => {
    it('offers a form clearly marked TEST MODE that takes only documented test cards', async () => {
      const server = useFixtureServer();
      const el = await priced();
      expect(text($(el, '[part~="test-mode-badge"]'))).to.equal('TEST MODE');
      expect(text($(el, '[part~="test-cards"]'))).to.contain('4242 4242 4242 4242 — payment succeeds');
      await fillTestCard(el, '4111 1111 1111 1111');
      submit(el);
      await el.updateComplete;
      expect(errorOf(el, 'cardNumber')).to.equal('Only the test cards listed above work in test mode.');
      expect(checkoutRequests(server)).to.have.length(0);
      await fillTestCard(el, '4242 4242 4242 4242');
      const done = completion();
      submit(el);
      await done;
      expect((checkoutRequests(server)[0]!.body as { payment: unknown }).payment).to.deep.equal({
        method: 'card',
        testCard: { number: '4242424242424242', cvc: '123', expMonth: 12, expYear: 2030 },
      });
    });

    it('handles the SCA challenge as a step before completing', async () => {
      const server = useFixtureServer();
      const el = await priced();
      await fillTestCard(el, '4000 0025 0000 3155');
      submit(el);
      await until(() => ($$(el, 'dialog')[0] as HTMLDialogElement | undefined)?.open === true, 'SCA dialog');
      const dialog = $(el, 'dialog') as HTMLDialogElement;
      expect(text(dialog.querySelector('h3'))).to.equal('Confirm this payment');
      expect(el.shadowRoot!.activeElement?.closest('dialog')).to.equal(dialog);
      const done = completion();
      (dialog.querySelector('[part~="sca-approve"]') as HTMLButtonElement).click();
      const event = await done;
      expect(event.detail.subscription.id).to.equal('sub_new');
      const confirm = server.requests.find((r) => r.path === '/v1/payments/pay_sca_1/confirm');
      expect(confirm?.body).to.deep.equal({ outcome: 'approve' });
      expect(dialog.open).to.equal(false);
    });

    it('returns to the form when the SCA challenge fails', async () => {
      useFixtureServer();
      const el = await priced();
      await fillTestCard(el, '4000 0025 0000 3155');
      submit(el);
      await until(() => ($$(el, 'dialog')[0] as HTMLDialogElement | undefined)?.open === true, 'SCA dialog');
      ($(el, '[part~="sca-fail"]') as HTMLButtonElement).click();
      await until(() => text($(el, '[part~="form-error"]')) !== '', 'failure message');
      expect(text($(el, '[part~="form-error"]'))).to.equal('The payment was not confirmed. Try again or use another card.');
      expect($$(el, 'dialog')).to.have.length(0);
    });

    it('shows a decline on the card field', async () => {
      useFixtureServer();
      const el = await priced();
      await fillTestCard(el, '4000 0000 0000 9995');
      submit(el);
      await until(() => errorOf(el, 'cardNumber') !== '', 'decline');
      expect(errorOf(el, 'cardNumber')).to.equal('Your card was declined (insufficient funds). Try another card.');
    });

    it("loads Stripe's Payment Element lazily, only when the card option is shown", async () => {
      const server = useFixtureServer({ catalog: stripeCatalog, sessionCatalog: stripeCatalog });
      const loads: string[] = [];
      const mounted: HTMLElement[] = [];
      const elements = {
        create: () => ({ mount: (target: HTMLElement) => mounted.push(target), destroy() {} }),
        submit: async () => ({}),
      };
      const fake: StripeLike = {
        elements: () => elements,
        createPaymentMethod: async () => ({ paymentMethod: { id: 'pm_fake' } }),
        handleNextAction: async () => ({}),
      };
      const el = await checkout({ plan: 'plan_starter', paymentMethod: 'invoice' });
      el.loadStripe = async (key) => {
        loads.push(key);
        return fake;
      };
      await until(() => $$(el, '[part~="summary-total"]').length > 0, 'summary');
      expect($$(el, '[part~="net-terms"]')).to.have.length(1);
      expect(loads).to.deep.equal([]);
      await choose(el, 'card');
      await until(() => mounted.length === 1, 'Payment Element mounted');
      expect(loads).to.deep.equal(['pk_test_stripe_fixture']);
      expect(mounted[0]!.parentElement).to.equal(el);
      expect(mounted[0]!.slot).to.equal('payment-element');
      expect($$(el, 'input[autocomplete^="cc-"]')).to.have.length(0);
      const done = completion();
      submit(el);
      await done;
      expect((checkoutRequests(server)[0]!.body as { payment: unknown }).payment).to.deep.equal({ method: 'card', stripePaymentMethodId: 'pm_fake' });
    });

    it('never renders card inputs of its own in live mode', async () => {
      useFixtureServer({ catalog: liveCatalog, sessionCatalog: liveCatalog });
      const el = await priced();
      await until(() => $$(el, '[part~="net-terms"]').length > 0, 'invoice chosen');
      expect($$(el, 'input[autocomplete^="cc-"]')).to.have.length(0);
      expect($$(el, 'input[name="method"][value="card"]')).to.have.length(0);
      expect(text($(el, '[part~="payment-choice"] + [part~="hint"]'))).to.equal('Card payments are not available here. Pay by invoice instead.');
    });
  });
}
