/**
 * Quotes for "contact sales" plans (issue #17): the merchant quotes Enterprise to Acme; Acme's billing
 * admin sees the exact first invoice and accepts, which creates the subscription with the contract prices
 * and the quote's terms; accepted quotes never change; declines, withdrawals and expiry.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite, type TestResponse } from '../harness.js';
import { asBuyer, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { recordSql, writesIn } from '../sql-recorder.js';

const MAY_4 = new Date('2026-05-04T10:00:00.000Z');
const ITEMS = [
  { id: 'platform_fee', description: 'Platform fee (contract)', model: { type: 'flat', amount: 49000 } },
  { id: 'seats', description: 'Seats (contract)', unitLabel: 'seat', unitLabelPlural: 'seats', model: { type: 'per_unit', unitAmount: 2500 } },
];

describe('governance: quotes for contact-sales plans', () => {
  const suite = testServerOfSuite();
  const merchant = (method: string, path: string, body?: unknown) => suite.server.request(method, path, { token: suite.server.config.secretKey, ...(body === undefined ? {} : { body }) });
  const quoteBody = (extra: Record<string, unknown> = {}) => ({
    companyId: 'co_acme', planId: IDS.enterprise, currency: 'EUR', recurring: MONTHLY, items: ITEMS, quantity: 40,
    termMonths: 12, minimumSeats: 30, downgradesAtRenewalOnly: true, paymentTermsDays: 45, note: 'As discussed with Miriam on 28 April.',
    expiresAt: '2026-06-03T10:00:00.000Z', ...extra,
  });

  test('the merchant refuses nonsense with 400/404 and stores nothing', async () => {
    suite.server.clock.set(MAY_4);
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ expiresAt: '2026-05-01T00:00:00.000Z' })), 400, 'expires_at_in_past', 'expiresAt');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ companyId: 'co_nope' })), 404, 'resource_missing', 'companyId');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ planId: 'plan_nope' })), 404, 'resource_missing', 'planId');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ items: [] })), 400, 'parameter_invalid');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ items: [ITEMS[0], ITEMS[0]] })), 400, 'parameter_invalid');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ quantity: 0 })), 400, 'parameter_invalid');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ items: [{ ...ITEMS[1], model: { type: 'per_unit', unitAmount: 2 ** 52 } }] })), 400, 'amount_too_large');
    expectError(await merchant('POST', '/v1/quotes', '{"companyId":'), 400, 'invalid_json');
    const { rows } = await suite.server.db.query('SELECT count(*)::int AS n FROM quotes');
    assert.equal((rows[0] as { n: number }).n, 0);
  });

  test('quote → the exact first invoice → accepted into a subscription with the contract prices and terms', async () => {
    suite.server.clock.set(MAY_4);
    const created = await merchant('POST', '/v1/quotes', quoteBody());
    expectStatus(created, 200);
    const quote = created.body;
    assert.equal(quote.status, 'open');
    assert.equal(quote.planName, 'Enterprise');
    // 490.00 platform fee + 40 seats × 25.00, German VAT 19% (Acme is in Germany).
    const first = quote.firstInvoice;
    assert.equal(first.subtotal, 49000 + 40 * 2500);
    assert.equal(first.lines.reduce((sum: number, l: { amount: number }) => sum + l.amount, 0), first.subtotal);
    assert.equal(first.total, first.subtotal + first.tax);
    assert.equal(first.dueAt, '2026-06-18T10:00:00.000Z');

    const admin = await asBuyer(suite.server, 'acme-admin');
    const purchaser = await asBuyer(suite.server, 'acme-purchaser');
    const listed = await purchaser.get('/v1/quotes?status=open');
    assert.deepEqual(listed.body.data.map((q: { id: string }) => q.id), [quote.id]);
    const seen = await admin.get(`/v1/quotes/${quote.id}`);
    const withoutIds = (inv: { lines: { id: string }[] }) => ({ ...inv, lines: inv.lines.map(({ id: _id, ...line }) => line) });
    assert.deepEqual(withoutIds(seen.body.firstInvoice), withoutIds(first), 'the same first invoice, worked out again');
    expectError(await purchaser.post(`/v1/quotes/${quote.id}/accept`, {}), 403, 'insufficient_role');
    expectError(await (await asBuyer(suite.server, 'globex-admin')).get(`/v1/quotes/${quote.id}`), 404, 'resource_missing', 'quoteId');
    // Without the quote, Enterprise cannot be bought.
    expectError(await admin.post('/v1/checkout', { planId: IDS.enterprise, currency: 'EUR', recurring: MONTHLY, quantity: 40, payment: { method: 'invoice' } }), 400, 'plan_contact_sales', 'planId');

    const accepted = await admin.post(`/v1/quotes/${quote.id}/accept`, { poNumber: 'PO-ENT-2026' });
    expectStatus(accepted, 200);
    const sub = accepted.body.subscription;
    assert.equal(sub.planId, IDS.enterprise);
    assert.equal(sub.status, 'active');
    assert.equal(sub.quantity, 40);
    assert.equal(sub.paymentTermsDays, 45);
    assert.deepEqual(sub.items.map((i: { model: unknown }) => i.model), ITEMS.map((i) => i.model));
    assert.deepEqual(sub.commitment, {
      termEndsAt: '2027-05-04T10:00:00.000Z', earliestCancelAt: '2027-05-04T10:00:00.000Z', minimumSeats: 30, downgradesAtRenewalOnly: true, quoteId: quote.id,
    });
    assert.equal(accepted.body.invoice.total, first.total, 'the invoice is the first invoice shown, to the cent');
    assert.equal(accepted.body.invoice.poNumber, 'PO-ENT-2026');
    assert.equal(accepted.body.invoice.dueAt, first.dueAt);
    // Renewals bill the contract prices too.
    assert.equal(sub.nextInvoice.subtotal, 49000 + 40 * 2500);

    const after = await admin.get(`/v1/quotes/${quote.id}`);
    assert.equal(after.body.status, 'accepted');
    assert.equal(after.body.subscriptionId, sub.id);
    assert.equal(after.body.firstInvoice, null);
    assert.deepEqual(after.body.acceptedBy, { memberId: 'mem_acme_admin', name: 'Miriam Wagner', role: 'billing_admin' });
    expectError(await admin.post(`/v1/quotes/${quote.id}/accept`, {}), 409, 'quote_decided');
    expectError(await admin.post(`/v1/quotes/${quote.id}/decline`, {}), 409, 'quote_decided');
    expectError(await merchant('POST', `/v1/quotes/${quote.id}/cancel`), 409, 'quote_decided');
    // The contract: cancel refused with the earliest date; seats held.
    const refused = await admin.post(`/v1/subscriptions/${sub.id}/cancel`, { reason: 'too_expensive' });
    expectError(refused, 409, 'commitment_active', 'when');
    assert.match(refused.body.error.message, /2027-05-04/);
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 20, effective: 'period_end' }), 409, 'commitment_active', 'quantity');
    const { rows } = await suite.server.db.query<{ type: string }>(`SELECT type FROM events WHERE type LIKE 'quote.%' ORDER BY created_at, sequence`);
    assert.deepEqual(rows.map((r) => r.type), ['quote.created', 'quote.accepted']);
    const log = await admin.get(`/v1/audit-log?objectId=${quote.id}`);
    assert.deepEqual(log.body.data.map((e: { action: string; actor: { type: string } }) => [e.action, e.actor.type]), [['quote.updated', 'member'], ['quote.created', 'merchant']]);
  });

  test('reading an open quote works out its first invoice without writing anything (no lock a checkout would wait for)', async () => {
    suite.server.clock.set(MAY_4);
    const created = await merchant('POST', '/v1/quotes', quoteBody({ companyId: 'co_globex' }));
    expectStatus(created, 200);
    const admin = await asBuyer(suite.server, 'globex-admin');
    const sql = recordSql(suite.server.db);
    const seen: TestResponse[] = [];
    const statements = await sql.during(async () => {
      seen.push(await admin.get(`/v1/quotes/${created.body.id}`));
    });
    expectStatus(seen[0]!, 200);
    assert.equal(seen[0]!.body.firstInvoice.subtotal, 49000 + 40 * 2500);
    assert.equal(seen[0]!.body.firstInvoice.total, created.body.firstInvoice.total, 'the same first invoice as when it was created');
    assert.ok(statements.length > 0, 'the recorder saw the read');
    assert.deepEqual(writesIn(statements), []);
    const prices = await suite.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM prices WHERE company_id = 'co_globex'`);
    assert.equal(prices.rows[0]!.n, 0, 'no contract price until the quote is accepted');
  });

  test('declined by the billing admin, withdrawn by the merchant, expired when its date passes', async () => {
    suite.server.clock.set(MAY_4);
    const admin = await asBuyer(suite.server, 'acme-admin');
    const a = (await merchant('POST', '/v1/quotes', quoteBody())).body;
    const declined = await admin.post(`/v1/quotes/${a.id}/decline`, { reason: 'We go with 30 seats.' });
    expectStatus(declined, 200);
    assert.equal(declined.body.status, 'declined');
    assert.equal(declined.body.declineReason, 'We go with 30 seats.');
    const b = (await merchant('POST', '/v1/quotes', quoteBody())).body;
    expectStatus(await merchant('POST', `/v1/quotes/${b.id}/cancel`), 200);
    expectError(await admin.post(`/v1/quotes/${b.id}/accept`, {}), 409, 'quote_decided');
    const c = (await merchant('POST', '/v1/quotes', quoteBody({ expiresAt: '2026-05-04T11:00:00.000Z' }))).body;
    suite.server.clock.set(new Date('2026-05-04T11:30:00.000Z'));
    const admin2 = await asBuyer(suite.server, 'acme-admin');
    assert.equal((await admin2.get(`/v1/quotes/${c.id}`)).body.status, 'expired');
    expectError(await admin2.post(`/v1/quotes/${c.id}/accept`, {}), 409, 'quote_expired');
    const listed = await merchant('GET', '/v1/companies/co_acme/quotes?status=expired');
    assert.deepEqual(listed.body.data.map((q: { id: string }) => q.id), [c.id]);
  });

  test("GET /v1/session names the company's open quotes by plan, newest first — not decided, expired or another company's", async () => {
    suite.server.clock.set(new Date('2026-05-05T10:00:00.000Z'));
    const older = (await merchant('POST', '/v1/quotes', quoteBody())).body;
    suite.server.clock.set(new Date('2026-05-05T11:00:00.000Z'));
    const newer = (await merchant('POST', '/v1/quotes', quoteBody({ expiresAt: '2026-05-20T10:00:00.000Z' }))).body;
    expectStatus(await merchant('POST', '/v1/quotes', quoteBody({ companyId: 'co_globex' })), 200);
    const session = async (customerId: string) => {
      const res = await (await asBuyer(suite.server, customerId)).get('/v1/session');
      expectStatus(res, 200);
      return res.body.openQuotes;
    };
    // The quotes of the tests above are accepted, declined, withdrawn or expired by now.
    const both = [{ planId: IDS.enterprise, quoteId: newer.id }, { planId: IDS.enterprise, quoteId: older.id }];
    assert.deepEqual(await session('acme-viewer'), both, 'a viewer reads quotes too');
    assert.deepEqual(await session('acme-purchaser'), both);
    // Past its expiry a quote is no longer open, though the expiry job has not marked it yet.
    suite.server.clock.set(new Date('2026-05-25T10:00:00.000Z'));
    assert.deepEqual(await session('acme-admin'), [{ planId: IDS.enterprise, quoteId: older.id }]);
    expectStatus(await merchant('POST', `/v1/quotes/${older.id}/cancel`), 200);
    assert.deepEqual(await session('acme-admin'), []);
  });
});
