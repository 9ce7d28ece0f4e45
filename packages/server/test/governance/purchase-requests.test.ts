/**
 * Approval for new purchases (issue #17): a checkout outside the company's allowed plans is refused; one
 * above the role's threshold answers 403 approval_required with the limit, and the purchaser submits it as
 * a purchase request instead; the billing admin sees it recomputed and approves — by invoice, the
 * subscription and its invoice with the PO exactly as shown; by card, the company's default card charged
 * off-session (paid; the bank wants authentication → invoice open, paid on the page later; declined → the
 * request waits again). Rejection, events for each step, and hostile bodies.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { buyerClient, card, CARDS, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { newCompany } from '../engine/run-helpers.js';

const START = new Date('2027-05-03T09:00:00.000Z');
const DAY = 86_400_000;
/** Purchasers ask above 100.00 USD due now; the Enterprise plan is not the company's to buy. */
const POLICY = {
  rolesWithoutApproval: ['billing_admin'],
  thresholds: [{ currency: 'USD', amountDueNow: 10_000, annualizedIncrease: null }],
  allowedPlanIds: [IDS.starter, IDS.growth],
};
const GROWTH_20 = { planId: IDS.growth, currency: 'USD', recurring: MONTHLY, quantity: 20, trial: false };

describe('governance: approval for new purchases', () => {
  const suite = testServerOfSuite();

  /** A US company with its billing admin and a purchaser, under POLICY, at `START`. */
  async function company(opts: { invoiceAllowed?: boolean } = {}) {
    suite.server.clock.set(START);
    const co = await newCompany(suite.server, { country: 'US', invoiceAllowed: opts.invoiceAllowed ?? true, currency: 'USD' });
    const customerId = `${co.id}-buyer`;
    expectStatus(
      await suite.server.request('POST', `/v1/companies/${co.id}/members`, {
        token: suite.server.config.secretKey,
        body: { customerId, email: `${co.id}@buyer.example`, name: 'Pat Purchaser', role: 'purchaser' },
      }),
      200,
    );
    const admin = await co.client();
    expectStatus(await admin.post('/v1/purchasing-policy', POLICY), 200);
    const purchaser = async () => buyerClient(suite.server, await suite.server.mintSession(customerId, { companyId: co.id, ttlSeconds: 3600 }));
    return { id: co.id, admin, purchaser: await purchaser(), purchaserAgain: purchaser, adminAgain: co.client };
  }
  const eventsOf = async (type: string, objectId: string) =>
    (await suite.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE type = $1 AND object_id = $2', [type, objectId])).rows[0]!.n;

  test('checkout: a plan outside the allowed ones is refused; above the threshold 403 approval_required with the limit', async () => {
    const { admin, purchaser } = await company();
    const small = await purchaser.post('/v1/checkout/preview', { ...GROWTH_20, planId: IDS.starter, quantity: 1 });
    expectStatus(small, 200);
    assert.deepEqual([small.body.approval.required, small.body.approval.reasons], [false, []]);

    const big = await purchaser.post('/v1/checkout/preview', GROWTH_20);
    expectStatus(big, 200);
    assert.ok(big.body.amountDueToday > 10_000, `due ${big.body.amountDueToday}`);
    assert.deepEqual(big.body.approval.reasons, ['amount_due_now']);
    assert.deepEqual(big.body.approval.threshold, { currency: 'USD', amountDueNow: 10_000, annualizedIncrease: null });
    const refused = await purchaser.post('/v1/checkout', { ...GROWTH_20, payment: { method: 'invoice', poNumber: 'PO-1' } });
    expectError(refused, 403, 'approval_required');
    assert.match(refused.body.error.message, /above your limit of \$100\.00/);
    assert.deepEqual(refused.body.error.approval.threshold, { currency: 'USD', amountDueNow: 10_000, annualizedIncrease: null });
    assert.equal((await purchaser.get('/v1/subscriptions')).body.data.length, 0, 'nothing was bought');

    for (const client of [purchaser, admin]) {
      expectError(await client.post('/v1/checkout/preview', { ...GROWTH_20, planId: IDS.fleet }), 403, 'plan_not_allowed', 'planId');
      expectError(await client.post('/v1/checkout', { ...GROWTH_20, planId: IDS.fleet, payment: { method: 'invoice' } }), 403, 'plan_not_allowed', 'planId');
    }
    // The billing admin buys the same without approval.
    assert.equal((await admin.post('/v1/checkout/preview', GROWTH_20)).body.approval.required, false);
  });

  test('by invoice: request → recomputed at approval → the subscription and its invoice with the PO exactly as shown', async () => {
    const { purchaser, purchaserAgain, adminAgain } = await company();
    const shown = (await purchaser.post('/v1/checkout/preview', GROWTH_20)).body;
    const created = await purchaser.post('/v1/purchase-requests', { ...GROWTH_20, paymentMethod: 'invoice', poNumber: 'PO-2027-55', note: 'Rollout to the Hamburg depot.' });
    expectStatus(created, 200);
    const request = created.body;
    assert.deepEqual([request.kind, request.status, request.planName, request.poNumber], ['purchase', 'pending', 'Growth', 'PO-2027-55']);
    assert.deepEqual(request.change, { expectedVersion: 1, planId: IDS.growth, recurring: MONTHLY, quantity: 20, effective: 'now' });
    assert.equal(request.purchase.trial, false);
    assert.equal(request.purchase.paymentMethod, 'invoice');
    assert.deepEqual([request.requestedPreview.amountDueNow, request.requestedPreview.tax, request.requestedPreview.nextInvoice], [shown.amountDueToday, shown.tax, shown.nextInvoice]);
    assert.equal(request.requestedPreview.prorationLines.reduce((sum: number, l: any) => sum + l.amount, 0), shown.subtotal);
    assert.match(request.subscriptionId, /^sub_/);
    expectError(await purchaser.get(`/v1/subscriptions/${request.subscriptionId}`), 404, 'resource_missing');
    assert.equal(await eventsOf('approval_request.created', request.id), 1);

    // Two days later the admin opens it: the same purchase, recomputed now.
    suite.server.clock.set(new Date(START.getTime() + 2 * DAY));
    const admin = await adminAgain();
    const detail = (await admin.get(`/v1/approval-requests/${request.id}`)).body;
    assert.equal(detail.currentPreview.prorationDate, new Date(START.getTime() + 2 * DAY).toISOString());
    assert.deepEqual(detail.difference, { amountDueNow: 0, subtotal: 0, tax: 0, creditCreated: 0, nextInvoiceTotal: 0 });
    expectError(await admin.post(`/v1/approval-requests/${request.id}/approve`, { prorationDate: detail.currentPreview.prorationDate, expectedVersion: 2 }), 400, 'parameter_invalid', 'expectedVersion');
    const approved = await admin.post(`/v1/approval-requests/${request.id}/approve`, { prorationDate: detail.currentPreview.prorationDate, expectedVersion: 1, comment: 'Budgeted.' });
    expectStatus(approved, 200);
    assert.deepEqual([approved.body.status, approved.body.subscriptionId, approved.body.decisionComment], ['approved', request.subscriptionId, 'Budgeted.']);

    const subscription = (await admin.get(`/v1/subscriptions/${request.subscriptionId}`)).body;
    assert.deepEqual([subscription.status, subscription.planId, subscription.quantity, subscription.collectionMethod], ['active', IDS.growth, 20, 'send_invoice']);
    assert.equal(subscription.currentPeriodStart, detail.currentPreview.prorationDate, 'it starts at the instant shown');
    const invoice = (await admin.get(`/v1/invoices/${approved.body.invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.poNumber, invoice.total, invoice.tax], ['open', 'PO-2027-55', detail.currentPreview.amountDueNow, detail.currentPreview.tax]);
    for (const [type, id] of [['approval_request.approved', request.id], ['subscription.created', request.subscriptionId]] as const) assert.equal(await eventsOf(type, id), 1, type);
    expectError(await admin.post(`/v1/approval-requests/${request.id}/approve`, { prorationDate: detail.currentPreview.prorationDate, expectedVersion: 1 }), 409, 'request_decided');
    // The requester sees the outcome.
    assert.equal((await (await purchaserAgain()).get(`/v1/approval-requests/${request.id}`)).body.status, 'approved');
  });

  /** A purchase by card requested by the purchaser of a company whose default card is `number`; the admin's detail. */
  async function cardRequest(number: string) {
    const co = await company();
    expectStatus(await co.admin.post('/v1/payment-methods', { testCard: card(number) }), 200);
    const created = await co.purchaser.post('/v1/purchase-requests', { ...GROWTH_20, paymentMethod: 'card', poNumber: 'PO-CARD', note: 'Card on file.' });
    expectStatus(created, 200);
    const detail = (await co.admin.get(`/v1/approval-requests/${created.body.id}`)).body;
    const approve = () => co.admin.post(`/v1/approval-requests/${created.body.id}/approve`, { prorationDate: detail.currentPreview.prorationDate, expectedVersion: 1 });
    return { ...co, request: created.body, detail, approve };
  }
  const attemptsOf = async (invoiceId: string) =>
    (await suite.server.db.query<{ status: string; on_session: boolean; failure_code: string | null }>('SELECT status, on_session, failure_code FROM payments WHERE invoice_id = $1 ORDER BY attempt', [invoiceId])).rows;

  test('by card: the default card is charged off-session at approval; the subscription is active and its invoice paid', async () => {
    const { admin, request, detail, approve } = await cardRequest(CARDS.success);
    const approved = await approve();
    expectStatus(approved, 200);
    assert.equal(approved.body.status, 'approved');
    const invoice = (await admin.get(`/v1/invoices/${approved.body.invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.amountPaid, invoice.poNumber], ['paid', detail.currentPreview.amountDueNow, 'PO-CARD']);
    assert.deepEqual(await attemptsOf(invoice.id), [{ status: 'succeeded', on_session: false, failure_code: null }]);
    assert.equal((await admin.get(`/v1/subscriptions/${request.subscriptionId}`)).body.status, 'active');
    for (const type of ['subscription.created', 'invoice.paid']) assert.equal(await eventsOf(type, type === 'invoice.paid' ? invoice.id : request.subscriptionId), 1, type);
  });

  test('by card, declined: 402, nothing bought, the request waits again; a good card then buys it', async () => {
    const { admin, request, approve } = await cardRequest(CARDS.attachThenDecline);
    const declined = await approve();
    expectError(declined, 402, 'card_declined');
    const again = (await admin.get(`/v1/approval-requests/${request.id}`)).body;
    assert.deepEqual([again.status, again.invoiceId, again.decidedBy], ['pending', null, null]);
    expectError(await admin.get(`/v1/subscriptions/${request.subscriptionId}`), 404, 'resource_missing');
    assert.equal((await admin.get('/v1/invoices')).body.data.length, 0, 'no invoice left behind');
    assert.equal(await eventsOf('approval_request.approved', request.id), 0);

    expectStatus(await admin.post('/v1/payment-methods', { testCard: card(CARDS.success), makeDefault: true }), 200);
    const bought = await approve();
    expectStatus(bought, 200);
    assert.equal((await admin.get(`/v1/subscriptions/${request.subscriptionId}`)).body.status, 'active');
  });

  test('by card, the bank wants authentication: approved, invoice open (authentication_required) until paid on the page', async () => {
    const { admin, request, approve } = await cardRequest(CARDS.scaAlways);
    const approved = await approve();
    expectStatus(approved, 200);
    assert.equal(approved.body.status, 'approved');
    const invoice = (await admin.get(`/v1/invoices/${approved.body.invoiceId}`)).body;
    assert.deepEqual([invoice.status, invoice.openReason, invoice.poNumber], ['open', 'authentication_required', 'PO-CARD']);
    assert.deepEqual(await attemptsOf(invoice.id), [{ status: 'failed', on_session: false, failure_code: 'authentication_required' }]);
    const waiting = (await admin.get(`/v1/subscriptions/${request.subscriptionId}`)).body;
    assert.equal(waiting.status, 'incomplete');
    assert.deepEqual(waiting.paymentIssue, { reason: 'authentication_required', invoiceId: invoice.id });
    assert.equal(await eventsOf('subscription.created', request.subscriptionId), 1);

    const pay = await admin.post(`/v1/invoices/${invoice.id}/pay`, {});
    expectStatus(pay, 200);
    assert.equal(pay.body.status, 'requires_action');
    expectStatus(await admin.post(`/v1/payments/${pay.body.nextAction.paymentId}/confirm`, { outcome: 'approve' }), 200);
    assert.equal((await admin.get(`/v1/subscriptions/${request.subscriptionId}`)).body.status, 'active');
    assert.equal((await admin.get(`/v1/invoices/${invoice.id}`)).body.status, 'paid');
  });

  test('rejected: nothing bought; refused bodies change nothing', async () => {
    const { id, admin, purchaser } = await company({ invoiceAllowed: false });
    expectError(await purchaser.post('/v1/purchase-requests', { ...GROWTH_20, paymentMethod: 'invoice' }), 400, 'invoice_not_allowed', 'paymentMethod');
    expectError(await purchaser.post('/v1/purchase-requests', { ...GROWTH_20, paymentMethod: 'card' }), 400, 'payment_method_required', 'paymentMethod');
    expectError(await purchaser.post('/v1/purchase-requests', { ...GROWTH_20, planId: IDS.starter, quantity: 1, paymentMethod: 'card' }), 409, 'approval_not_required');
    expectError(await admin.post('/v1/purchase-requests', { ...GROWTH_20, paymentMethod: 'card' }), 409, 'approval_not_required');
    const hostile: [Record<string, unknown>, number, string, string?][] = [
      [{ ...GROWTH_20, planId: IDS.fleet, paymentMethod: 'card' }, 403, 'plan_not_allowed', 'planId'],
      [{ ...GROWTH_20, planId: 'plan_nope', paymentMethod: 'card' }, 403, 'plan_not_allowed', 'planId'],
      [{ ...GROWTH_20, paymentMethod: 'cash' }, 400, 'parameter_invalid', 'paymentMethod'],
      [{ ...GROWTH_20, quantity: 0, paymentMethod: 'card' }, 400, 'parameter_invalid', 'quantity'],
      [{ ...GROWTH_20, currency: 'usd!', paymentMethod: 'card' }, 400, 'parameter_invalid', 'currency'],
      [{ ...GROWTH_20, paymentMethod: 'card', note: 'x'.repeat(2001) }, 400, 'parameter_invalid', 'note'],
      [{ ...GROWTH_20, paymentMethod: 'card', poNumber: '' }, 400, 'parameter_invalid', 'poNumber'],
      [{ ...GROWTH_20, paymentMethod: 'card', addOns: [{ addOnId: 'addon_nope' }] }, 404, 'resource_missing', 'addOns.0.addOnId'],
      [{ ...GROWTH_20, paymentMethod: 'card', promoCode: 'NOPE' }, 400, 'promo_code_invalid', 'promoCode'],
      [{ planId: IDS.growth, paymentMethod: 'card' }, 400, 'parameter_invalid', 'currency'],
    ];
    expectStatus(await admin.post('/v1/payment-methods', { testCard: card(CARDS.success) }), 200);
    for (const [body, status, code, param] of hostile) {
      const res = await purchaser.post('/v1/purchase-requests', body);
      assert.ok(res.status === status && res.body.error.code === code, `${JSON.stringify(body).slice(0, 80)} → ${res.status} ${JSON.stringify(res.body)}`);
      if (param) assert.equal(res.body.error.param, param, JSON.stringify(res.body));
    }
    assert.equal((await admin.get('/v1/approval-requests')).body.data.length, 0, 'nothing refused was stored');

    const request = (await purchaser.post('/v1/purchase-requests', { ...GROWTH_20, paymentMethod: 'card', note: 'Please.' })).body;
    const rejected = await admin.post(`/v1/approval-requests/${request.id}/reject`, { comment: 'Not this quarter.' });
    expectStatus(rejected, 200);
    assert.deepEqual([rejected.body.status, rejected.body.decisionComment, rejected.body.kind], ['rejected', 'Not this quarter.', 'purchase']);
    assert.equal(await eventsOf('approval_request.rejected', request.id), 1);
    assert.equal((await admin.get('/v1/subscriptions')).body.data.length, 0);
    assert.equal((await suite.server.db.query('SELECT 1 FROM subscriptions WHERE company_id = $1', [id])).rowCount, 0);
  });
});
