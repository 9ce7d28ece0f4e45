// The merchant voids an open invoice (POST /v1/invoices/:id/void, secret key): what it held is released — its
// dunning, a subscription past due or on hold, a 3-D Secure attempt, a waiting change — and nothing is owed on it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../harness.js';
import { CARDS, card, checkout, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, balanceOf, changeBilledByInvoice, dunnedRenewal, engineNow, eventTypesOf, newCompany, plusDays as plus, renewalWithCredit } from './run-helpers.js';

describe('the merchant voids an open invoice', () => {
  let server: TestServer;
  const merchant = (method: string, path: string) => server.request(method, path, { token: server.config.secretKey });
  const eventsOf = (objectId: string) => eventTypesOf(server, objectId);

  before(async () => {
    server = await startTestServer({ config: { billing: { dunningEnd: 'unpaid', retryDays: [2, 4] } } });
    server.clock.set(new Date('2027-03-01T09:00:00.000Z'));
  });
  after(() => server.close());

  test('on hold (unpaid): the invoice whose retries ran out, voided, puts the subscription back in service; it can no longer be paid', async () => {
    const { company, subscription, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 6);
    const buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'unpaid');

    const voided = await merchant('POST', `/v1/invoices/${dunned.id}/void`);
    expectStatus(voided, 200);
    assert.deepEqual([voided.body.id, voided.body.status, voided.body.amountRemaining, voided.body.number], [dunned.id, 'void', 0, dunned.number]);
    const after = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
    assert.deepEqual([after.status, after.paymentIssue], ['active', null]);
    assert.deepEqual((await eventsOf(dunned.id)).slice(-1), ['invoice.voided']);
    assert.deepEqual((await eventsOf(subscription.id)).slice(-1), ['subscription.updated']);
    const setup = await buyer.post('/v1/payment-methods', { testCard: card(CARDS.success) });
    expectError(await buyer.post(`/v1/invoices/${dunned.id}/pay`, { paymentMethodId: setup.body.paymentMethod.id }), 409, 'invoice_not_open');
    // Voided twice: the same refusal, nothing written.
    expectError(await merchant('POST', `/v1/invoices/${dunned.id}/void`), 409, 'invoice_not_open');
  });

  test('in dunning (past due): voided, its retries stop and the subscription is active again', async () => {
    const { company, subscription, end, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 1);
    assert.ok(dunned.nextPaymentAttemptAt, 'a retry is planned');
    expectStatus(await merchant('POST', `/v1/invoices/${dunned.id}/void`), 200);
    let buyer = await company.client();
    assert.equal((await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
    const report = await advance(server, { to: plus(end, 10) });
    assert.deepEqual(report.payments.filter((p) => p.invoiceId === dunned.id), [], 'no retry of a void invoice');
    buyer = await company.client();
    assert.equal((await buyer.get(`/v1/invoices/${dunned.id}`)).body.nextPaymentAttemptAt, null);
  });

  test('a renewal awaiting the buyer\'s 3-D Secure: the attempt fails and authenticating it afterwards takes nothing', async () => {
    const { company, dunned: invoice } = await dunnedRenewal(server, CARDS.scaAlways, 1);
    const buyer = await company.client();
    const paid = await buyer.post(`/v1/invoices/${invoice.id}/pay`, {});
    expectStatus(paid, 200);
    assert.equal(paid.body.status, 'requires_action');
    expectStatus(await merchant('POST', `/v1/invoices/${invoice.id}/void`), 200);
    // The buyer approves at the bank afterwards: nothing is kept (a charge that went through anyway is refunded in full).
    const confirmed = await buyer.post(`/v1/payments/${paid.body.id}/confirm`, { outcome: 'approve' });
    expectError(confirmed, 409, 'payment_not_confirmable');
    const kept = await server.db.query<{ n: number }>(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM payments WHERE invoice_id = $1 AND (status = 'succeeded' OR processor_cancel = 'succeeded'))
            - (SELECT coalesce(sum(amount), 0) FROM refunds WHERE invoice_id = $1 AND status <> 'failed') AS n`,
      [invoice.id],
    );
    assert.equal(Number(kept.rows[0]!.n), 0, 'nothing kept of a void invoice');
    const after = (await buyer.get(`/v1/invoices/${invoice.id}`)).body;
    assert.equal(after.status, 'void');
    assert.ok(after.paymentAttempts.every((a: { status: string }) => a.status === 'failed'), JSON.stringify(after.paymentAttempts));
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE invoice_id = $1 AND status = 'succeeded'`, [invoice.id]);
    assert.equal(rows[0]!.n, 0);
  });

  // Found by helper-86's probe: canceling now after the void credited 64.00 to the balance for the written-off period.
  test('a period written off gives no credit for its unused time: canceling now, or fewer seats now, credits nothing', async () => {
    for (const leave of ['cancel', 'downgrade'] as const) {
      const { company, subscription, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 6);
      expectStatus(await merchant('POST', `/v1/invoices/${dunned.id}/void`), 200);
      const buyer = await company.client();
      const { version } = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
      const before = await balanceOf(server, company.id);
      const notesBefore = (await buyer.get('/v1/credit-notes')).body.data.length;
      const left =
        leave === 'cancel'
          ? await buyer.post(`/v1/subscriptions/${subscription.id}/cancel`, { reason: 'too_expensive', when: 'now', expectedVersion: version })
          : await buyer.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: version, quantity: 1 });
      expectStatus(left, 200);
      assert.equal(await balanceOf(server, company.id), before, `${leave}: nothing credited`);
      assert.equal((await buyer.get('/v1/credit-notes')).body.data.length, notesBefore, `${leave}: no credit note`);
    }
  });

  // helper-87's probes: with the period written off, a change made now had been free (no proration at all) and an
  // interval switch kept the old anchor, so the first yearly period was ten months billed as twelve.
  test('a change made now in a period written off: more seats charge the difference as usual; a switch to yearly starts its year now, charged in full', async () => {
    for (const change of [{ quantity: 10 }, { recurring: { interval: 'year', intervalCount: 1 } }]) {
      const { company, subscription, dunned } = await dunnedRenewal(server, CARDS.attachThenDecline, 6);
      const now = await engineNow(server);
      expectStatus(await merchant('POST', `/v1/invoices/${dunned.id}/void`), 200);
      const buyer = await company.client();
      const setup = await buyer.post('/v1/payment-methods', { testCard: card(CARDS.success) });
      expectStatus(await buyer.post(`/v1/payment-methods/${setup.body.paymentMethod.id}/default`), 200);
      const sub = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
      const preview = await buyer.post(`/v1/subscriptions/${subscription.id}/change/preview`, { expectedVersion: sub.version, ...change });
      expectStatus(preview, 200);
      const lines = preview.body.prorationLines as { kind: string; amount: number }[];
      const sum = (kind: string) => lines.filter((l) => l.kind === kind).reduce((total, l) => total + l.amount, 0);
      if ('quantity' in change) {
        // 8 more seats for the rest of the period: the charge for 10 less the forgiven 2 (it had been 0).
        assert.ok(sum('credit') < 0 && sum('charge') + sum('credit') > 0, JSON.stringify(lines));
        assert.ok(preview.body.amountDueNow > 0, JSON.stringify(preview.body));
      } else {
        assert.equal(sum('credit'), 0, 'no credit for the forgiven period');
      }
      const changed = await buyer.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: sub.version, ...change });
      expectStatus(changed, 200);
      const after = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body;
      if ('recurring' in change) {
        assert.equal(after.currentPeriodStart, now, 'the yearly period starts now');
        const yearLater = new Date(now);
        yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
        assert.equal(after.currentPeriodEnd, yearLater.toISOString());
        assert.ok(preview.body.amountDueNow > 0 && sum('charge') > 0, JSON.stringify(preview.body));
      }
    }
  });

  test("the invoice of a change already made (billed by invoice, applied at once) is not voided: the subscription would keep it unpaid", async () => {
    const { buyer, invoiceId } = await changeBilledByInvoice(server);
    expectError(await merchant('POST', `/v1/invoices/${invoiceId}/void`), 409, 'change_applied');
    assert.equal((await buyer.get(`/v1/invoices/${invoiceId}`)).body.status, 'open');
  });

  test('the credit an invoice took is given back to the company balance', async () => {
    // Fewer seats ten days in: the unused time is credited to the balance, which the renewal takes.
    const { company, renewal } = await renewalWithCredit(server);
    const before = await balanceOf(server, company.id);
    expectStatus(await merchant('POST', `/v1/invoices/${renewal.id}/void`), 200);
    assert.equal(await balanceOf(server, company.id), before + renewal.creditApplied);
  });

  test('refused: a paid invoice, the first invoice of a subscription not started, an unknown id (404), a buyer session (not the merchant)', async () => {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: false });
    const buyer = await company.client();
    const paid = await checkout(buyer, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 1, payment: { method: 'card', testCard: card(CARDS.success) } });
    expectError(await merchant('POST', `/v1/invoices/${paid.invoiceId}/void`), 409, 'invoice_not_open');
    const pending = await buyer.post('/v1/checkout', { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.scaAlways) } });
    expectStatus(pending, 200);
    assert.equal(pending.body.subscription.status, 'incomplete');
    expectError(await merchant('POST', `/v1/invoices/${pending.body.invoiceId}/void`), 409, 'subscription_incomplete');
    expectError(await merchant('POST', '/v1/invoices/in_nothing_here/void'), 404, 'resource_missing');
    const asBuyer = await buyer.post(`/v1/invoices/${pending.body.invoiceId}/void`, {});
    assert.ok(asBuyer.status === 401 || asBuyer.status === 403, `a buyer session is refused: ${asBuyer.status}`);
    assert.equal((await buyer.get(`/v1/invoices/${pending.body.invoiceId}`)).body.status, 'open', 'nothing written');
  });
});
