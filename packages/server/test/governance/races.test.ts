/**
 * Races at the edges: two requests that both want the last word, sent at the same time. Each race has
 * exactly one effect — one subscription, one decision, one accepted quote, one move of the clock per
 * starting instant — and the loser gets a clear 409 (or 422 for a reused Idempotency-Key), never a 5xx
 * and never a second effect. Real concurrency on PostgreSQL (SUBKIT_TEST_DB=postgres); on PGlite the
 * transactions take turns, which the assertions allow for (the same invariants, whoever goes first).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { asBuyer, checkout, expectError, expectStatus, IDS, MONTHLY, starterByInvoice } from '../billing/helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
const MAR_10 = new Date('2026-03-10T09:00:00.000Z');

describe('races: one effect, a clear 409 for the loser', () => {
  const suite = testServerOfSuite();
  const merchant = (method: string, path: string, body?: unknown) =>
    suite.server.request(method, path, { token: suite.server.config.secretKey, ...(body === undefined ? {} : { body }) });
  const count = async (sql: string, params: unknown[] = []) => (await suite.server.db.query<{ n: number }>(sql, params)).rows[0]!.n;

  test('the same Idempotency-Key twice at once with different bodies: one subscription, the other 409 or 422', async () => {
    suite.server.clock.set(MAR_1);
    const admin = await asBuyer(suite.server, 'acme-admin');
    const before = await count(`SELECT count(*)::int AS n FROM subscriptions WHERE company_id = 'co_acme'`);
    const key = `race-${Date.now()}`;
    const bodies = [starterByInvoice({ quantity: 3 }), starterByInvoice({ quantity: 4 })];
    const answers = await Promise.all(bodies.map((body) => admin.post('/v1/checkout', body, { 'idempotency-key': key })));
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status !== 200);
    assert.equal(won.length, 1, `statuses ${answers.map((a) => a.status)}: ${JSON.stringify(lost.map((a) => a.body))}`);
    assert.ok([409, 422].includes(lost[0]!.status), JSON.stringify(lost[0]!.body));
    assert.ok(['idempotency_key_in_use', 'idempotency_key_reused'].includes(lost[0]!.body.error.code), lost[0]!.body.error.code);
    assert.equal(await count(`SELECT count(*)::int AS n FROM subscriptions WHERE company_id = 'co_acme'`), before + 1, 'one subscription');
    // Either body sent again with the key: the winner's replays, the loser's is refused, nothing more is bought.
    const winner = bodies[answers.indexOf(won[0]!)]!;
    const loser = bodies[1 - answers.indexOf(won[0]!)]!;
    const replay = await admin.post('/v1/checkout', winner, { 'idempotency-key': key });
    expectStatus(replay, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body.subscription.id, won[0]!.body.subscription.id);
    expectError(await admin.post('/v1/checkout', loser, { 'idempotency-key': key }), 422, 'idempotency_key_reused', 'Idempotency-Key');
    assert.equal(await count(`SELECT count(*)::int AS n FROM subscriptions WHERE company_id = 'co_acme'`), before + 1);
  });

  test('approve and reject the same request at once: one decision, the other 409 request_decided', async () => {
    suite.server.clock.set(MAR_1);
    const sub = (await checkout(await asBuyer(suite.server, 'acme-admin'), starterByInvoice())).subscription;
    suite.server.clock.set(MAR_10);
    const admin = await asBuyer(suite.server, 'acme-admin');
    const other = await asBuyer(suite.server, 'acme-admin');
    expectStatus(await admin.post('/v1/purchasing-policy', { rolesWithoutApproval: ['billing_admin'], thresholds: [] }), 200);
    const purchaser = await asBuyer(suite.server, 'acme-purchaser');
    const request = await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change: { expectedVersion: sub.version, quantity: 8 } });
    expectStatus(request, 200);
    const id = request.body.id as string;

    const [approved, rejected] = await Promise.all([
      admin.post(`/v1/approval-requests/${id}/approve`, { expectedVersion: sub.version, prorationDate: MAR_10.toISOString() }),
      other.post(`/v1/approval-requests/${id}/reject`, { comment: 'No budget.' }),
    ]);
    const answers = [approved, rejected];
    assert.equal(answers.filter((a) => a.status === 200).length, 1, `statuses ${answers.map((a) => `${a.status} ${a.body.error?.code ?? ''}`)}`);
    const loser = answers.find((a) => a.status !== 200)!;
    expectError(loser, 409, 'request_decided');
    const final = (await purchaser.get(`/v1/approval-requests/${id}`)).body;
    const quantity = (await purchaser.get(`/v1/subscriptions/${sub.id}`)).body.quantity;
    if (approved.status === 200) {
      assert.equal(final.status, 'approved');
      assert.equal(quantity, 8);
    } else {
      assert.equal(final.status, 'rejected');
      assert.equal(quantity, 5, 'a rejected change is not applied');
    }
    const decisions = await count(`SELECT count(*)::int AS n FROM events WHERE type IN ('approval_request.approved', 'approval_request.rejected') AND data -> 'object' ->> 'id' = $1`, [id]);
    assert.equal(decisions, 1, 'one decision event');
  });

  test('a quote accepted twice at once (and declined meanwhile): one subscription, the others 409', async () => {
    suite.server.clock.set(MAR_10);
    const quote = await merchant('POST', '/v1/quotes', {
      companyId: 'co_acme', planId: IDS.enterprise, currency: 'EUR', recurring: MONTHLY, quantity: 40, termMonths: 12,
      items: [{ id: 'seats', description: 'Seats (contract)', model: { type: 'per_unit', unitAmount: 2500 } }],
      expiresAt: new Date(MAR_10.getTime() + 30 * 86_400_000).toISOString(),
    });
    expectStatus(quote, 200);
    const id = quote.body.id as string;
    const admins = [await asBuyer(suite.server, 'acme-admin'), await asBuyer(suite.server, 'acme-admin'), await asBuyer(suite.server, 'acme-admin')];
    const answers = await Promise.all([
      admins[0]!.post(`/v1/quotes/${id}/accept`, { poNumber: 'PO-RACE-1' }),
      admins[1]!.post(`/v1/quotes/${id}/accept`, { poNumber: 'PO-RACE-2' }),
      admins[2]!.post(`/v1/quotes/${id}/decline`, { reason: 'Changed our minds.' }),
    ]);
    const won = answers.filter((a) => a.status === 200);
    assert.equal(won.length, 1, `statuses ${answers.map((a) => `${a.status} ${a.body.error?.code ?? ''}`)}`);
    for (const lost of answers.filter((a) => a.status !== 200)) {
      assert.equal(lost.status, 409, JSON.stringify(lost.body));
      assert.equal(lost.body.error.type, 'conflict_error');
    }
    const stored = (await admins[0]!.get(`/v1/quotes/${id}`)).body;
    const fromQuote = await count(`SELECT count(*)::int AS n FROM quotes q JOIN subscriptions s ON s.id = q.subscription_id WHERE q.id = $1`, [id]);
    if (answers[2]!.status === 200) {
      assert.equal(stored.status, 'declined');
      assert.equal(fromQuote, 0);
    } else {
      assert.equal(stored.status, 'accepted');
      assert.equal(fromQuote, 1, 'one subscription from the quote');
    }
    const enterprise = await count(`SELECT count(*)::int AS n FROM subscriptions WHERE company_id = 'co_acme' AND plan_id = $1`, [IDS.enterprise]);
    assert.equal(enterprise, answers[2]!.status === 200 ? 0 : 1, 'no second Enterprise subscription');
  });

  test('test-clock advances at once: each starting instant is advanced from once; a running advance makes the next a 409', async () => {
    const start = (await merchant('GET', '/v1/test-clock')).body.now as string;
    const answers = await Promise.all(Array.from({ length: 3 }, () => merchant('POST', '/v1/test-clock/advance', { by: 'P1D' })));
    const won = answers.filter((a) => a.status === 200);
    for (const lost of answers.filter((a) => a.status !== 200)) expectError(lost, 409, 'test_clock_busy');
    // Whoever ran, ran from where the previous one stopped: never two advances from the same instant.
    const froms = won.map((a) => a.body.from as string).sort();
    assert.equal(new Set(froms).size, froms.length, `advances from the same instant: ${froms}`);
    assert.equal(froms[0], start);
    const now = (await merchant('GET', '/v1/test-clock')).body.now as string;
    assert.equal(new Date(now).getTime() - new Date(start).getTime(), won.length * 86_400_000, `${won.length} advance(s) of a day`);

    // An advance still running (its lease held) turns the next one away, and leaves the clock where it is.
    await suite.server.db.query(`UPDATE test_clock SET advancing_until = now() + interval '1 minute' WHERE id`);
    expectError(await merchant('POST', '/v1/test-clock/advance', { by: 'P1D' }), 409, 'test_clock_busy');
    assert.equal((await merchant('GET', '/v1/test-clock')).body.now, now);
    await suite.server.db.query('UPDATE test_clock SET advancing_until = NULL WHERE id');
  });
});
