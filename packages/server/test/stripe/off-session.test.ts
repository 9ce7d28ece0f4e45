// Charges without the buyer (renewals, dunning retries, trial ends) and the buyer's way back when the
// bank wants them: every charge through the engine's attempt steps, against Stripe (the fake).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueAttempt, recordAttempt, settleAttempt } from '../../src/engine/attempts.js';
import { paymentProcessor } from '../../src/engine/processor/index.js';
import type { InvoiceRow, PaymentMethodRow, PaymentRow } from '../../src/engine/rows.js';
import { asBuyer, checkout, expectError, expectStatus, starterByInvoice } from '../billing/helpers.js';
import { authenticateInBrowser, browserCard, paymentsOf, STRIPE_CARDS, stripeTestBedOfSuite } from './helpers.js';

describe('off-session charges with Stripe', () => {
  const bed = stripeTestBedOfSuite();

  /** Acme's open invoice (bought by invoice) and a card saved through a SetupIntent from the Payment Element (3-D Secure passed if asked). */
  async function openInvoiceAndCard(number: string) {
    const acme = await asBuyer(bed.server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice());
    const pm = await browserCard(bed.fake, number);
    let setup = await acme.post('/v1/payment-methods', { stripePaymentMethodId: pm });
    expectStatus(setup, 200);
    if (setup.body.status === 'requires_action') {
      await authenticateInBrowser(bed.fake, setup.body.clientSecret);
      setup = await acme.post('/v1/payment-methods', { stripePaymentMethodId: pm });
    }
    assert.equal(setup.body.status, 'succeeded');
    const invoice = (await bed.server.db.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [invoiceId])).rows[0]!;
    const method = (await bed.server.db.query<PaymentMethodRow>('SELECT * FROM payment_methods WHERE id = $1', [setup.body.paymentMethod.id])).rows[0]!;
    return { acme, invoice, method };
  }

  /** What the billing run does for a due invoice: record the attempt, charge off-session, record the answer. */
  async function chargeOffSession(invoice: InvoiceRow, method: PaymentMethodRow) {
    const processor = paymentProcessor(bed.server.db, bed.server.config);
    const payment = await bed.server.db.transaction((tx) => recordAttempt(tx, { invoice, paymentMethod: method, processor: processor.name, onSession: false, firstUse: false, at: new Date() }));
    const result = await issueAttempt(processor, payment, method);
    assert.ok(result, 'Stripe answered');
    const settled = await bed.server.db.transaction((tx) => settleAttempt(tx, { payment, result, at: new Date(), mode: 'test', policy: bed.server.config.prorationPolicy }));
    return { payment: settled.payment, result, invoice: settled.invoice };
  }

  test('a saved card is charged off-session: a PaymentIntent with off_session, and the invoice is paid', async () => {
    const { invoice, method } = await openInvoiceAndCard(STRIPE_CARDS.visa);
    const { result, invoice: paid } = await chargeOffSession(invoice, method);
    assert.equal(result.status, 'succeeded');
    assert.equal(paid?.status, 'paid');
    const pi = bed.fake.state.paymentIntents.get(result.processorPaymentId!)!;
    const create = bed.fake.requests.find((r) => r.path === '/v1/payment_intents' && r.method === 'POST' && r.idempotencyKey === `${invoice.id}:attempt:1`);
    assert.equal(create?.params.off_session, 'true');
    assert.equal(pi.amount, invoice.amount_due);
  });

  test('soft and hard declines: insufficient funds may be retried, a stolen card never', async () => {
    for (const [number, declineCode, hard] of [
      [STRIPE_CARDS.insufficientFunds, 'insufficient_funds', false],
      [STRIPE_CARDS.attachThenDecline, 'generic_decline', false],
      [STRIPE_CARDS.stolen, 'stolen_card', true],
      [STRIPE_CARDS.lost, 'lost_card', true],
    ] as const) {
      // Declining cards are refused when saved already (except 0341); the bank declines a later charge just the same.
      const { invoice, method } = number === STRIPE_CARDS.attachThenDecline ? await openInvoiceAndCard(number) : await savedThenReported(number);
      const { payment, result } = await chargeOffSession(invoice, method);
      assert.equal(result.status, 'failed');
      assert.equal(payment.status, 'failed');
      assert.equal(payment.failure_code, declineCode);
      assert.equal(payment.hard_decline, hard, `${declineCode} is ${hard ? 'hard' : 'soft'}`);
      assert.equal((await bed.server.db.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [invoice.id])).rows[0]!.status, 'open');
    }
  });

  /** A card that was fine when saved and declines since (funds gone, reported stolen): the saved row points at a declining card. */
  async function savedThenReported(number: string) {
    const { acme, invoice, method } = await openInvoiceAndCard(STRIPE_CARDS.visa);
    const reported = await browserCard(bed.fake, number);
    const customer = bed.fake.state.paymentMethods.get(method.processor_ref!)!.customer as string;
    bed.fake.state.paymentMethods.get(reported)!.customer = customer;
    await bed.server.db.query('UPDATE payment_methods SET processor_ref = $2 WHERE id = $1', [method.id, reported]);
    return { acme, invoice, method: { ...method, processor_ref: reported } };
  }

  test('a renewal the bank wants authenticated fails softly off-session; the buyer completes it on the page', async () => {
    const { acme, invoice, method } = await openInvoiceAndCard(STRIPE_CARDS.authenticateAlways);
    const { payment, result } = await chargeOffSession(invoice, method);
    assert.equal(result.status === 'failed' && result.code, 'authentication_required');
    assert.equal(payment.hard_decline, false);

    const paid = await acme.post(`/v1/invoices/${invoice.id}/pay`, { paymentMethodId: method.id });
    expectStatus(paid, 200);
    assert.equal(paid.body.status, 'requires_action');
    assert.equal(paid.body.nextAction.type, 'stripe_confirm');
    assert.match(paid.body.nextAction.clientSecret, /^pi_/);
    await authenticateInBrowser(bed.fake, paid.body.nextAction.clientSecret);
    const confirmed = await acme.post(`/v1/payments/${paid.body.id}/confirm`, {});
    assert.equal(confirmed.body.status, 'succeeded');
    assert.equal((await acme.get(`/v1/invoices/${invoice.id}`)).body.status, 'paid');
    assert.deepEqual(
      (await paymentsOf(bed.server, invoice.id)).map((p) => [p.attempt, p.status, p.on_session]),
      [
        [1, 'failed', false],
        [2, 'succeeded', true],
      ],
    );
  });

  test('a card set up with 3-D Secure once is charged off-session without asking again', async () => {
    const acme = await asBuyer(bed.server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice());
    const pm = await browserCard(bed.fake, STRIPE_CARDS.authenticateOnce);
    const first = await acme.post('/v1/payment-methods', { stripePaymentMethodId: pm });
    expectStatus(first, 200);
    assert.equal(first.body.status, 'requires_action');
    assert.equal(first.body.paymentMethod, null);
    assert.match(first.body.clientSecret, /^seti_\w+_secret_/);
    bed.fake.webhooks.hold();
    try {
      await authenticateInBrowser(bed.fake, first.body.clientSecret);
      // The browser comes back with the same PaymentMethod: the setup is done, the card is saved.
      const again = await acme.post('/v1/payment-methods', { stripePaymentMethodId: pm });
      expectStatus(again, 200);
      assert.equal(again.body.status, 'succeeded');
      // And the setup's webhook, arriving after, changes nothing.
      for (const event of bed.fake.webhooks.eventsOf('setup_intent.succeeded')) await bed.fake.webhooks.deliver(event);
    } finally {
      bed.fake.webhooks.release();
    }
    const saved = (await acme.get('/v1/payment-methods')).body.data.filter((m: any) => m.card.last4 === '3155');
    assert.equal(saved.length, 1, 'saved once');
    const invoice = (await bed.server.db.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [invoiceId])).rows[0]!;
    const method = (await bed.server.db.query<PaymentMethodRow>('SELECT * FROM payment_methods WHERE id = $1', [saved[0].id])).rows[0]!;
    const { result } = await chargeOffSession(invoice, method);
    assert.equal(result.status, 'succeeded');
  });

  test("a setup completed in the browser is saved by Stripe's webhook when the browser never comes back", async () => {
    const globex = await asBuyer(bed.server, 'globex-admin');
    const pm = await browserCard(bed.fake, STRIPE_CARDS.authenticateOnce);
    const first = await globex.post('/v1/payment-methods', { stripePaymentMethodId: pm });
    assert.equal(first.body.status, 'requires_action');
    await authenticateInBrowser(bed.fake, first.body.clientSecret);
    await bed.fake.webhooks.settled();
    const saved = (await globex.get('/v1/payment-methods')).body.data.filter((m: any) => m.card.last4 === '3155');
    assert.equal(saved.length, 1);
    // The browser's late second request finds it.
    const late = await globex.post('/v1/payment-methods', { stripePaymentMethodId: pm });
    assert.equal(late.body.paymentMethod.id, saved[0].id);
  });

  test('saving a declining card answers 402; an unknown PaymentMethod 400; a test card 400', async () => {
    const globex = await asBuyer(bed.server, 'globex-admin');
    const declined = await globex.post('/v1/payment-methods', { stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.declined) });
    expectError(declined, 402, 'card_declined', 'stripePaymentMethodId');
    expectError(await globex.post('/v1/payment-methods', { stripePaymentMethodId: 'pm_unknown0000' }), 400, 'payment_method_invalid', 'stripePaymentMethodId');
    expectError(await globex.post('/v1/payment-methods', { testCard: { number: '4242424242424242', expMonth: 1, expYear: 2035, cvc: '123' } }), 400, 'test_card_not_accepted', 'testCard');
    expectError(await globex.post('/v1/payment-methods', {}), 400, 'parameter_missing', 'stripePaymentMethodId');
  });

  test('a crash after Stripe charged but before subkit recorded it: the webhook finds the attempt by its key and settles it; no second charge', async () => {
    const { invoice, method } = await openInvoiceAndCard(STRIPE_CARDS.visa);
    const processor = paymentProcessor(bed.server.db, bed.server.config);
    bed.fake.webhooks.hold();
    let payment: PaymentRow;
    try {
      payment = await bed.server.db.transaction((tx) => recordAttempt(tx, { invoice, paymentMethod: method, processor: processor.name, onSession: false, firstUse: false, at: new Date() }));
      const result = await issueAttempt(processor, payment, method);
      assert.equal(result?.status, 'succeeded');
      // ... and the process dies here: the answer is never recorded.
      assert.equal((await paymentsOf(bed.server, invoice.id))[0]!.processor_payment_id, null);
      const [event] = bed.fake.webhooks.eventsOf('payment_intent.succeeded').filter((e) => (e.data.object as { metadata: Record<string, string> }).metadata.subkit_invoice_id === invoice.id);
      assert.deepEqual(await bed.fake.webhooks.deliver(event!), [200]);
    } finally {
      bed.fake.webhooks.release();
    }
    const [settled] = await paymentsOf(bed.server, invoice.id);
    assert.equal(settled!.status, 'succeeded');
    assert.equal((await bed.server.db.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [invoice.id])).rows[0]!.status, 'paid');
    // The sweep would re-issue a pending attempt: it is not pending any more, and Stripe replays the key anyway.
    const replay = await issueAttempt(processor, payment!, method);
    assert.equal(replay?.status, 'succeeded');
    assert.equal([...bed.fake.state.paymentIntents.values()].filter((pi) => pi.metadata.subkit_invoice_id === invoice.id).length, 1);
    assert.equal([...bed.fake.state.charges.values()].filter((c) => (c.metadata as Record<string, string>).subkit_invoice_id === invoice.id).length, 1);
  });

  test('an answer lost on the network after Stripe charged: stripe-node retries with the same key and the invoice is paid once', async () => {
    const { acme, invoice, method } = await openInvoiceAndCard(STRIPE_CARDS.visa);
    bed.fake.inject({ method: 'POST', path: '/v1/payment_intents', kind: 'drop_response' });
    const paid = await acme.post(`/v1/invoices/${invoice.id}/pay`, { paymentMethodId: method.id });
    expectStatus(paid, 200);
    assert.equal(paid.body.status, 'succeeded');
    assert.equal([...bed.fake.state.paymentIntents.values()].filter((pi) => pi.metadata.subkit_invoice_id === invoice.id).length, 1);
  });
});
