import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { attemptKey, issueAttempt, recordAttempt, settleAttempt } from '../../src/engine/attempts.js';
import { chargeOutcome, acceptTestCard } from '../../src/engine/processor/test-cards.js';
import { ProcessorUnavailableError, TestProcessor, usePaymentProcessor } from '../../src/engine/processor/index.js';
import type { AcceptedPaymentMethod, ChargeRequest, ChargeResult, PaymentProcessor, SetupRequest, SetupResult } from '../../src/engine/processor/index.js';
import type { InvoiceRow, PaymentMethodRow, PaymentRow } from '../../src/engine/rows.js';
import type { ServerConfig } from '../../src/context.js';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { asBuyer, CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY, starterByInvoice } from '../billing/helpers.js';
import { advance } from './run-helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
const MAR_16_NOON = new Date('2026-03-16T12:00:00.000Z');
const GLOBEX_STARTER = { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2 };

/** A processor that wraps the test processor and counts (or fails) the calls that reach it. */
class CountingProcessor implements PaymentProcessor {
  readonly name = 'test' as const;
  calls: ChargeRequest[] = [];
  down = false;
  constructor(readonly inner: TestProcessor) {}
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.calls.push(request);
    if (this.down) throw new ProcessorUnavailableError('connection reset');
    return this.inner.charge(request);
  }
  retrieveCharge(id: string): Promise<ChargeResult> {
    return this.inner.retrieveCharge(id);
  }
  setupPaymentMethod(request: SetupRequest): Promise<SetupResult> {
    return this.inner.setupPaymentMethod(request);
  }
  acceptPaymentMethod(...args: Parameters<PaymentProcessor['acceptPaymentMethod']>): Promise<AcceptedPaymentMethod> {
    return this.inner.acceptPaymentMethod(...args);
  }
  syncPaymentMethod(...args: Parameters<PaymentProcessor['syncPaymentMethod']>): Promise<void> {
    return this.inner.syncPaymentMethod(...args);
  }
  refund(...args: Parameters<PaymentProcessor['refund']>): ReturnType<PaymentProcessor['refund']> {
    return this.inner.refund(...args);
  }
  cancelCharge(...args: Parameters<PaymentProcessor['cancelCharge']>): ReturnType<PaymentProcessor['cancelCharge']> {
    return this.inner.cancelCharge(...args);
  }
}

describe('test cards off-session', () => {
  const ref = (n: string) => acceptTestCard({ mode: 'test' } as ServerConfig, card(n), MAR_1, 'card').processorRef;

  test('a card that always asks for 3-D Secure fails softly off-session with authentication_required', () => {
    const outcome = chargeOutcome(ref(CARDS.scaAlways), { firstUse: false, onSession: false });
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed' && outcome.code === 'authentication_required' && !outcome.hard);
    assert.equal(chargeOutcome(ref(CARDS.scaOnce), { firstUse: false, onSession: false }).status, 'succeeded');
  });
});

describe('payment processor seam', () => {
  let server: TestServer;
  let processor: CountingProcessor;
  before(async () => {
    server = await startTestServer();
    server.clock.set(MAR_1);
    processor = new CountingProcessor(new TestProcessor(server.db));
    usePaymentProcessor(server.db, processor);
  });
  after(() => server.close());

  /** Acme (invoice-paid Starter) plus a saved card; returns the open invoice and the card row. */
  async function openInvoiceAndCard(number: string = CARDS.success) {
    const acme = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice());
    const setup = await acme.post('/v1/payment-methods', { testCard: card(number) });
    expectStatus(setup, 200);
    const invoice = (await server.db.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [invoiceId])).rows[0]!;
    const method = (await server.db.query<PaymentMethodRow>('SELECT * FROM payment_methods WHERE id = $1', [setup.body.paymentMethod.id])).rows[0]!;
    return { acme, invoice, method };
  }

  test('an attempt is recorded before the call with a key from our ids; a rerun re-issues the same key and the processor charges once', async () => {
    const { invoice, method } = await openInvoiceAndCard();
    const payment = await server.db.transaction((tx) =>
      recordAttempt(tx, { invoice, paymentMethod: method, processor: 'test', onSession: false, firstUse: false, at: MAR_1 }),
    );
    assert.equal(payment.status, 'pending');
    assert.equal(payment.attempt, 1);
    assert.equal(payment.idempotency_key, attemptKey(invoice.id, 1));
    assert.equal(payment.idempotency_key, `${invoice.id}:attempt:1`);

    // The process dies after the processor answered but before the answer was recorded ...
    const first = await issueAttempt(processor, payment, method);
    assert.equal(first?.status, 'succeeded');
    // ... so the rerun finds the attempt still pending and issues it again, with the same key.
    const stillPending = (await server.db.query<PaymentRow>('SELECT * FROM payments WHERE id = $1', [payment.id])).rows[0]!;
    assert.equal(stillPending.status, 'pending');
    const again = await issueAttempt(processor, stillPending, method);
    assert.deepEqual(again, first, 'the processor answers a repeated key with its first answer');
    const ledger = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM test_processor_charges WHERE idempotency_key = $1', [payment.idempotency_key]);
    assert.equal(ledger.rows[0]!.n, 1, 'one charge on the processor side');

    // Two processes recording the same answer: the first settles, the second changes nothing.
    const settled = await server.db.transaction((tx) => settleAttempt(tx, { payment, result: first!, at: MAR_1, mode: 'test', policy: 'second' }));
    const twice = await server.db.transaction((tx) => settleAttempt(tx, { payment, result: again!, at: MAR_1, mode: 'test', policy: 'second' }));
    assert.equal(settled.recorded, true);
    assert.equal(settled.invoice?.status, 'paid');
    assert.equal(twice.recorded, false);
    const paid = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'invoice.paid' AND object_id = $1", [invoice.id]);
    assert.equal(paid.rows[0]!.n, 1);
  });

  test('several charges in one call (chargeMany): each answered as if alone, a repeated key answered with its first outcome', async () => {
    const books = new TestProcessor(server.db);
    const ref = (n: string) => acceptTestCard({ mode: 'test' } as ServerConfig, card(n), MAR_1, 'card').processorRef;
    const request = (key: string, number: string): ChargeRequest => ({
      idempotencyKey: key,
      amount: 1999,
      currency: 'USD',
      companyId: IDS.acme,
      paymentMethod: { id: `pm_${key}`, processorRef: ref(number) },
      onSession: false,
      firstUse: false,
      description: key,
      metadata: { invoiceId: key, attempt: 1 },
    });
    const tag = `many_${Date.now()}`;
    const first = await books.chargeMany([request(`${tag}_a`, CARDS.success), request(`${tag}_b`, CARDS.decline), request(`${tag}_c`, CARDS.fraudulent)]);
    assert.deepEqual(first.map((r) => r?.status), ['succeeded', 'failed', 'failed']);
    assert.equal(first[1]?.status === 'failed' && first[1].hard, false, 'a generic decline is soft');
    assert.equal(first[2]?.status === 'failed' && first[2].hard, true, 'a stolen card is a hard decline');
    // A rerun re-issues a (now with another card: the key wins) next to a new one.
    const again = await books.chargeMany([request(`${tag}_d`, CARDS.decline), request(`${tag}_a`, CARDS.decline)]);
    assert.equal(again[0]?.status, 'failed');
    assert.deepEqual(again[1], first[0], 'the repeated key answers its first outcome');
    const ledger = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM test_processor_charges WHERE idempotency_key LIKE $1', [`${tag}_%`]);
    assert.equal(ledger.rows[0]!.n, 4, 'one charge per key on the processor side');
  });

  test('a second attempt while one awaits the processor answers 409; its number is the next one', async () => {
    const { acme, invoice, method } = await openInvoiceAndCard();
    await server.db.transaction((tx) => recordAttempt(tx, { invoice, paymentMethod: method, processor: 'test', onSession: true, firstUse: false, at: MAR_1 }));
    expectError(await acme.post(`/v1/invoices/${invoice.id}/pay`, {}), 409, 'payment_in_progress');
    await server.db.query(`UPDATE payments SET status = 'failed', settled_at = now() WHERE invoice_id = $1`, [invoice.id]);
    const paid = await acme.post(`/v1/invoices/${invoice.id}/pay`, {});
    expectStatus(paid, 200);
    const rows = await server.db.query<PaymentRow>('SELECT * FROM payments WHERE invoice_id = $1 ORDER BY attempt', [invoice.id]);
    assert.deepEqual(rows.rows.map((r) => [r.attempt, r.status]), [[1, 'failed'], [2, 'succeeded']]);
  });

  test('pay now with a card that always asks for 3-D Secure answers a next action, not a 402', async () => {
    const { acme, invoice, method } = await openInvoiceAndCard(CARDS.scaAlways);
    const res = await acme.post(`/v1/invoices/${invoice.id}/pay`, { paymentMethodId: method.id });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'requires_action');
    assert.deepEqual(res.body.nextAction, { type: 'sca_challenge', paymentId: res.body.id, clientSecret: null });
    assert.equal((await acme.get(`/v1/invoices/${invoice.id}`)).body.status, 'open');
  });

  test('the processor unreachable: checkout answers 503, the attempt stays recorded, and re-issuing it settles the checkout', async () => {
    const globex = await asBuyer(server, 'globex-admin');
    processor.down = true;
    let res;
    try {
      res = await globex.post('/v1/checkout', { ...GLOBEX_STARTER, payment: { method: 'card', testCard: card(CARDS.success) } });
    } finally {
      processor.down = false;
    }
    expectError(res, 503, 'processor_unavailable');
    const pending = (await server.db.query<PaymentRow>("SELECT * FROM payments WHERE status = 'pending' AND company_id = 'co_globex'")).rows;
    assert.equal(pending.length, 1);
    // The buyer sees no invoice yet: it is a draft until the charge answers.
    assert.equal((await globex.get('/v1/invoices')).body.data.length, 0);

    const method = (await server.db.query<PaymentMethodRow>('SELECT * FROM payment_methods WHERE id = $1', [pending[0]!.payment_method_id])).rows[0]!;
    const result = await issueAttempt(processor, pending[0]!, method);
    const settled = await server.db.transaction((tx) => settleAttempt(tx, { payment: pending[0]!, result: result!, at: MAR_1, mode: 'test', policy: 'second' }));
    assert.equal(settled.invoice?.status, 'paid');
    assert.match(settled.invoice?.number ?? '', /^INV-\d{6}$/);
    const subs = (await globex.get('/v1/subscriptions')).body.data;
    assert.equal(subs.length, 1);
    assert.equal(subs[0].status, 'active');
    assert.equal(processor.calls.filter((c) => c.idempotencyKey === pending[0]!.idempotency_key).length, 2, 'the same attempt, issued twice with one key');
    const ledger = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM test_processor_charges WHERE idempotency_key = $1', [pending[0]!.idempotency_key]);
    assert.equal(ledger.rows[0]!.n, 1);
  });

  test('a trial may start without a card', async () => {
    const fresh = await startTestServer();
    try {
      const globex = await asBuyer(fresh, 'globex-admin');
      // Growth has a 14-day trial in the demo catalog.
      const result = await checkout(globex, { planId: IDS.growth, currency: 'USD', recurring: MONTHLY, quantity: 5, payment: { method: 'card' } });
      assert.equal(result.subscription.status, 'trialing');
      assert.equal(result.subscription.defaultPaymentMethodId, null);
      expectError(
        await globex.post('/v1/checkout', { ...GLOBEX_STARTER, trial: false, payment: { method: 'card' } }),
        400,
        'payment_method_required',
        'payment.testCard',
      );
    } finally {
      await fresh.close();
    }
  });

  test('no request answered 500 (the 503 of an unreachable processor aside)', () => {
    assert.deepEqual(server.serverErrors.filter((e) => (e as { code?: string }).code !== 'processor_unavailable'), []);
  });
});

describe('a card-paid change charges before it applies', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  /** Globex buys Starter × 2 by card on March 1st and moves to mid-March; returns the buyer and subscription. */
  async function globexOnStarter(s: TestServer, number: string) {
    s.clock.set(MAR_1);
    const globex = await asBuyer(s, 'globex-admin');
    const result = await checkout(globex, { ...GLOBEX_STARTER, payment: { method: 'card', testCard: card(CARDS.success) } });
    // Switch the default card to the one under test.
    const setup = await globex.post('/v1/payment-methods', { testCard: card(number) });
    expectStatus(setup, 200);
    expectStatus(await globex.post(`/v1/payment-methods/${setup.body.paymentMethod.id}/default`), 200);
    s.clock.set(MAR_16_NOON);
    const later = await asBuyer(s, 'globex-admin');
    const sub = (await later.get(`/v1/subscriptions/${result.subscription.id}`)).body;
    return { globex: later, sub };
  }

  test('declined: 402, the subscription unchanged, no invoice to see, the failed attempt kept nowhere the buyer looks', async () => {
    const fresh = await startTestServer();
    try {
      const { globex, sub } = await globexOnStarter(fresh, CARDS.attachThenDecline);
      const res = await globex.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 5 });
      expectError(res, 402, 'card_declined');
      const after = (await globex.get(`/v1/subscriptions/${sub.id}`)).body;
      assert.equal(after.quantity, 2);
      assert.equal((await globex.get('/v1/invoices')).body.data.length, 1, 'only the checkout invoice');
      const drafts = await fresh.db.query<{ n: number }>("SELECT count(*)::int AS n FROM invoices WHERE status = 'draft'");
      assert.equal(drafts.rows[0]!.n, 0);
      // A new change may follow at once (nothing is left pending).
      const retry = await globex.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: after.version, quantity: 5 });
      expectStatus(retry, 200);
    } finally {
      await fresh.close();
    }
  });

  test('3-D Secure: the change answers a next action and applies only once the buyer authenticates', async () => {
    const { globex, sub } = await globexOnStarter(server, CARDS.scaAlways);
    const res = await globex.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 5 });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'requires_action');
    assert.equal(res.body.nextAction.type, 'sca_challenge');
    assert.equal(res.body.subscription.quantity, 2, 'not applied while the payment waits');
    const invoice = (await globex.get(`/v1/invoices/${res.body.invoiceId}`)).body;
    assert.equal(invoice.status, 'open');
    expectError(await globex.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: res.body.subscription.version, quantity: 6 }), 409, 'change_pending');

    const confirmed = await globex.post(`/v1/payments/${res.body.nextAction.paymentId}/confirm`, { outcome: 'approve' });
    expectStatus(confirmed, 200);
    assert.equal(confirmed.body.status, 'succeeded');
    const after = (await globex.get(`/v1/subscriptions/${sub.id}`)).body;
    assert.equal(after.quantity, 5);
    assert.equal((await globex.get(`/v1/invoices/${res.body.invoiceId}`)).body.status, 'paid');
  });

  test('left at 3-D Secure: 23 hours on, the change expires — dropped, its invoice voided, the attempt no longer takes money; a new change may follow', async () => {
    const { globex, sub } = await globexOnStarter(server, CARDS.scaAlways);
    const res = await globex.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 5 });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'requires_action');
    const hour = 3_600_000;
    await advance(server, { to: new Date(MAR_16_NOON.getTime() + 22 * hour).toISOString() });
    let buyer = await asBuyer(server, 'globex-admin');
    let now = (await buyer.get(`/v1/subscriptions/${sub.id}`)).body;
    expectError(await buyer.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: now.version, quantity: 6 }), 409, 'change_pending');

    const report = await advance(server, { to: new Date(MAR_16_NOON.getTime() + 23 * hour).toISOString() });
    buyer = await asBuyer(server, 'globex-admin');
    assert.equal((await buyer.get(`/v1/invoices/${res.body.invoiceId}`)).body.status, 'void');
    now = (await buyer.get(`/v1/subscriptions/${sub.id}`)).body;
    assert.deepEqual([now.status, now.quantity], ['active', 2], 'the change never applied');
    const events = report.events.filter((e) => e.companyId === 'co_globex').map((e) => e.type);
    assert.ok(events.includes('invoice.voided') && events.includes('subscription.updated'), events.join(', '));
    // The bank's page answered afterwards takes nothing and changes nothing.
    const late = await buyer.post(`/v1/payments/${res.body.nextAction.paymentId}/confirm`, { outcome: 'approve' });
    assert.notEqual(late.body.status, 'succeeded', JSON.stringify(late.body));
    assert.equal((await buyer.get(`/v1/invoices/${res.body.invoiceId}`)).body.status, 'void');
    assert.equal((await buyer.get(`/v1/subscriptions/${sub.id}`)).body.quantity, 2);
    expectStatus(await buyer.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: now.version, quantity: 6 }), 200);
  });

  test('3-D Secure failed: the change is discarded and its invoice voided', async () => {
    const { globex, sub } = await globexOnStarter(server, CARDS.scaAlways);
    const res = await globex.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, planId: IDS.growth });
    expectStatus(res, 200);
    const failed = await globex.post(`/v1/payments/${res.body.nextAction.paymentId}/confirm`, { outcome: 'fail' });
    expectStatus(failed, 200);
    assert.equal(failed.body.status, 'failed');
    const after = (await globex.get(`/v1/subscriptions/${sub.id}`)).body;
    assert.equal(after.planId, IDS.starter);
    assert.equal((await globex.get(`/v1/invoices/${res.body.invoiceId}`)).body.status, 'void');
    const again = await globex.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: after.version, planId: IDS.growth });
    expectStatus(again, 200);
  });

  test('paid at once: the change applies and its invoice is paid', async () => {
    const { globex, sub } = await globexOnStarter(server, CARDS.success);
    const res = await globex.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 4 });
    expectStatus(res, 200);
    assert.equal(res.body.status, 'succeeded');
    assert.equal(res.body.nextAction, null);
    assert.equal(res.body.subscription.quantity, 4);
    const invoice = (await globex.get(`/v1/invoices/${res.body.invoiceId}`)).body;
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.paymentAttempts.length, 1);
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
