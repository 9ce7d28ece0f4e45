/**
 * Quotes' terms over time (issue #17): a quote that starts later (the subscription starts then, its first
 * invoice is dated then); the billing run expiring open quotes with `quote.expired`; the quoted seats
 * staying changeable on a plan sold through sales; `subscription.created` carrying the commitment.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { asBuyer, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';

const MAY_4 = new Date('2026-05-04T10:00:00.000Z');
const ITEMS = [
  { id: 'platform_fee', description: 'Platform fee (contract)', model: { type: 'flat', amount: 49000 } },
  { id: 'seats', description: 'Seats (contract)', unitLabel: 'seat', unitLabelPlural: 'seats', model: { type: 'per_unit', unitAmount: 2500 } },
];

describe('governance: quote terms — later start, expiry in the billing run, seats, the created event', () => {
  const suite = testServerOfSuite();
  const merchant = (method: string, path: string, body?: unknown) => suite.server.request(method, path, { token: suite.server.config.secretKey, ...(body === undefined ? {} : { body }) });
  const quoteBody = (extra: Record<string, unknown> = {}) => ({
    companyId: 'co_acme', planId: IDS.enterprise, currency: 'EUR', recurring: MONTHLY, items: ITEMS, quantity: 40,
    termMonths: 12, minimumSeats: 30, paymentTermsDays: 45, expiresAt: '2026-05-20T10:00:00.000Z', ...extra,
  });

  test('a later start date: refused in the past or over a year ahead; the quote, its first invoice and the subscription start then', async () => {
    suite.server.clock.set(MAY_4);
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ startAt: '2026-05-04T09:00:00.000Z' })), 400, 'start_at_in_past', 'startAt');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ startAt: '2027-06-01T00:00:00.000Z' })), 400, 'start_at_too_far', 'startAt');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ startAt: 'next monday' })), 400, 'parameter_invalid', 'startAt');
    expectError(await merchant('POST', '/v1/quotes', quoteBody({ startAt: 20260601 })), 400, 'parameter_invalid', 'startAt');

    const created = await merchant('POST', '/v1/quotes', quoteBody({ startAt: '2026-06-01T00:00:00.000Z' }));
    expectStatus(created, 200);
    const quote = created.body;
    assert.equal(quote.startAt, '2026-06-01T00:00:00.000Z');
    assert.equal(quote.firstInvoice.issuedAt, '2026-06-01T00:00:00.000Z', 'the first invoice is dated on the start');
    assert.equal(quote.firstInvoice.periodStart, '2026-06-01T00:00:00.000Z');
    assert.equal(quote.firstInvoice.periodEnd, '2026-07-01T00:00:00.000Z');
    assert.equal(quote.firstInvoice.dueAt, '2026-07-16T00:00:00.000Z', '45 days after the start');
    assert.equal(quote.firstInvoice.subtotal, 49000 + 40 * 2500, 'a whole first period');

    const admin = await asBuyer(suite.server, 'acme-admin');
    const seen = (await admin.get(`/v1/quotes/${quote.id}`)).body;
    assert.equal(seen.startAt, quote.startAt);
    assert.equal(seen.firstInvoice.total, quote.firstInvoice.total);
    const accepted = await admin.post(`/v1/quotes/${quote.id}/accept`, { poNumber: 'PO-LATER' });
    expectStatus(accepted, 200);
    const sub = accepted.body.subscription;
    assert.equal(sub.currentPeriodStart, '2026-06-01T00:00:00.000Z');
    assert.equal(sub.currentPeriodEnd, '2026-07-01T00:00:00.000Z');
    assert.equal(sub.commitment.termEndsAt, '2027-06-01T00:00:00.000Z', 'the minimum term runs from the start');
    assert.equal(accepted.body.invoice.total, quote.firstInvoice.total);
    assert.equal(accepted.body.invoice.dueAt, quote.firstInvoice.dueAt);
    const invoice = (await admin.get(`/v1/invoices/${accepted.body.invoiceId}`)).body;
    assert.equal(invoice.issuedAt ?? invoice.createdAt, '2026-06-01T00:00:00.000Z', 'the invoice is dated on the start');
    assert.equal(invoice.periodStart, '2026-06-01T00:00:00.000Z');
    // Nothing is billed twice: the next invoice is the second period's, at the first period's end.
    assert.equal(sub.nextInvoice.date, '2026-07-01T00:00:00.000Z');
  });

  test('the billing run expires an open quote when its expiry passes, with quote.expired and the engine as the actor', async () => {
    suite.server.clock.set(MAY_4);
    const quote = (await merchant('POST', '/v1/quotes', quoteBody({ expiresAt: '2026-05-05T10:00:00.000Z' }))).body;
    const later = (await merchant('POST', '/v1/quotes', quoteBody({ expiresAt: '2026-05-30T10:00:00.000Z' }))).body;
    const advanced = await merchant('POST', '/v1/test-clock/advance', { by: 'P2D' });
    expectStatus(advanced, 200);
    const expired = advanced.body.events.filter((e: { type: string }) => e.type === 'quote.expired');
    assert.equal(expired.length, 1);
    const { rows } = await suite.server.db.query<{ id: string; status: string; decided_at: Date }>('SELECT id, status, decided_at FROM quotes WHERE id = ANY($1::text[]) ORDER BY expires_at', [[quote.id, later.id]]);
    assert.deepEqual(rows.map((r) => r.status), ['expired', 'open'], 'the one past its expiry only');
    assert.equal(new Date(rows[0]!.decided_at).toISOString(), '2026-05-05T10:00:00.000Z', 'expired at its expiry, not when the run got there');
    const event = await suite.server.db.query<{ id: string; status: string }>(`SELECT data->'object'->>'id' AS id, data->'object'->>'status' AS status FROM events WHERE type = 'quote.expired'`);
    assert.deepEqual(event.rows, [{ id: quote.id, status: 'expired' }]);
    const admin = await asBuyer(suite.server, 'acme-admin');
    expectError(await admin.post(`/v1/quotes/${quote.id}/accept`, {}), 409, 'quote_expired');
    const log = await admin.get(`/v1/audit-log?objectId=${quote.id}`);
    assert.deepEqual(log.body.data.map((e: { action: string; actor: { type: string } }) => [e.action, e.actor.type]), [['quote.updated', 'system'], ['quote.created', 'merchant']]);
  });

  test('accepted on a plan without a quantity rule: seats still change (the quote keeps the rule), not below the contract minimum; subscription.created carries the commitment', async () => {
    suite.server.clock.set(MAY_4);
    const plan = await suite.server.db.query<{ quantity: unknown }>('SELECT quantity FROM plans WHERE id = $1', [IDS.enterprise]);
    assert.equal(plan.rows[0]!.quantity, null, 'Enterprise is sold through sales, without a quantity rule');
    const quote = (await merchant('POST', '/v1/quotes', quoteBody())).body;
    const admin = await asBuyer(suite.server, 'acme-admin');
    const accepted = await admin.post(`/v1/quotes/${quote.id}/accept`, {});
    expectStatus(accepted, 200);
    const sub = accepted.body.subscription;

    const { rows } = await suite.server.db.query<{ object: string }>(
      `SELECT (data->'object')::text AS object FROM events WHERE type = 'subscription.created' AND data->'object'->>'id' = $1`, [sub.id],
    );
    assert.equal(rows.length, 1);
    const object = JSON.parse(rows[0]!.object);
    assert.equal(object.id, sub.id);
    assert.equal(object.commitment?.quoteId, quote.id, 'the created event carries the commitment and its quote');
    assert.equal(object.commitment?.minimumSeats, 30);

    const more = await admin.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: sub.version, quantity: 45 });
    expectStatus(more, 200);
    const after = more.body.subscription ?? more.body;
    assert.equal(after.quantity, 45);
    const seats = after.items.find((i: { priceItemId: string }) => i.priceItemId === 'seats');
    assert.deepEqual([seats?.quantity, seats?.model], [45, ITEMS[1]!.model], 'still the contract price, for 45 seats');
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: after.version, quantity: 20, effective: 'period_end' }), 409, 'commitment_active', 'quantity');
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/change`, { expectedVersion: after.version, quantity: 0 }), 400, 'parameter_invalid', 'quantity');
  });
});
