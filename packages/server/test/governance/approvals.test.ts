/**
 * A company's purchasing policy and approval requests (issue #17): a purchaser's over-threshold upgrade is
 * requested, the billing admin sees the preview recomputed and its difference, approves, and the engine
 * applies exactly what was shown; rejection; withdrawal; expiry through the billing run; events and the
 * audit log for every step.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { asBuyer, checkout, expectError, expectStatus, IDS, starterByInvoice } from '../billing/helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
const MAR_10 = new Date('2026-03-10T09:00:00.000Z');
const STRICT = { rolesWithoutApproval: ['billing_admin'], thresholds: [{ currency: 'EUR', amountDueNow: 2000, annualizedIncrease: null }] };

describe('governance: purchasing policy and approval requests', () => {
  const suite = testServerOfSuite();

  async function setUp(policy: Record<string, unknown> = STRICT) {
    suite.server.clock.set(MAR_1);
    const sub = (await checkout(await asBuyer(suite.server, 'acme-admin'), starterByInvoice())).subscription;
    suite.server.clock.set(MAR_10);
    const admin = await asBuyer(suite.server, 'acme-admin');
    expectStatus(await admin.post('/v1/purchasing-policy', policy), 200);
    return { sub, purchaser: await asBuyer(suite.server, 'acme-purchaser'), admin, viewer: await asBuyer(suite.server, 'acme-viewer') };
  }
  const events = async (type: string) =>
    (await suite.server.db.query<{ data: { object: { id: string } } }>('SELECT data FROM events WHERE type = $1 ORDER BY created_at', [type])).rows.map((r) => r.data.object.id);

  test('the policy: defaults, set by the billing admin, read by members, refused to purchasers; 400 on nonsense', async () => {
    const purchaser = await asBuyer(suite.server, 'acme-purchaser');
    const initial = await purchaser.get('/v1/purchasing-policy');
    expectStatus(initial, 200);
    assert.deepEqual(initial.body.rolesWithoutApproval, ['viewer', 'purchaser', 'billing_admin']);
    expectError(await purchaser.post('/v1/purchasing-policy', STRICT), 403, 'insufficient_role');
    const admin = await asBuyer(suite.server, 'acme-admin');
    expectError(await admin.post('/v1/purchasing-policy', { rolesWithoutApproval: ['purchaser'] }), 400, 'billing_admin_required', 'rolesWithoutApproval');
    expectError(await admin.post('/v1/purchasing-policy', { thresholds: [STRICT.thresholds[0], STRICT.thresholds[0]] }), 400, 'duplicate_currency', 'thresholds');
    expectError(await admin.post('/v1/purchasing-policy', { allowedPlanIds: ['plan_nope'] }), 400, 'resource_missing', 'allowedPlanIds');
    expectError(await admin.post('/v1/purchasing-policy', { thresholds: [{ currency: 'EUR', amountDueNow: 1e300, annualizedIncrease: null }] }), 400, 'parameter_invalid');
    expectError(await admin.post('/v1/purchasing-policy', { requestTtlDays: 0 }), 400, 'parameter_invalid');
    assert.equal((await purchaser.get('/v1/purchasing-policy')).body.updatedAt, null, 'nothing refused was stored');
    const merchant = await suite.server.request('GET', '/v1/companies/co_acme/purchasing-policy', { token: suite.server.config.secretKey });
    expectStatus(merchant, 200);
    expectError(await suite.server.request('GET', '/v1/companies/co_nope/purchasing-policy', { token: suite.server.config.secretKey }), 404, 'resource_missing', 'companyId');
  });

  test('over-threshold upgrade → request → approval of the recomputed preview → applied exactly, with the PO', async () => {
    const { sub, purchaser, admin, viewer } = await setUp();
    const change = { expectedVersion: sub.version, planId: IDS.growth };

    const preview = await purchaser.post(`/v1/subscriptions/${sub.id}/change/preview`, change);
    expectStatus(preview, 200);
    assert.equal(preview.body.approval.required, true);
    assert.deepEqual(preview.body.approval.reasons, ['amount_due_now']);
    assert.ok(preview.body.amountDueNow > 2000, `due now ${preview.body.amountDueNow}`);
    // (Growth at Acme's contract price 99 + 5 × 16 = 179 EUR vs Starter 49 + 5 × 12 = 109 EUR) × 12 months.
    assert.equal(preview.body.approval.annualizedIncrease, (17900 - 10900) * 12);
    expectError(await purchaser.post(`/v1/subscriptions/${sub.id}/change`, change), 403, 'approval_required');
    // The admin needs no approval for the same change.
    assert.equal((await admin.post(`/v1/subscriptions/${sub.id}/change/preview`, change)).body.approval.required, false);

    const created = await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change, poNumber: 'PO-2026-118', note: 'Second site opens in April.' });
    expectStatus(created, 200);
    const request = created.body;
    assert.equal(request.status, 'pending');
    assert.equal(request.planName, 'Growth');
    assert.deepEqual(request.requestedBy, { memberId: 'mem_acme_purchaser', name: 'Jonas Becker', role: 'purchaser' });
    assert.equal(request.requestedPreview.amountDueNow, preview.body.amountDueNow);
    assert.equal(request.expiresAt, '2026-03-24T09:00:00.000Z');
    assert.deepEqual(await events('approval_request.created'), [request.id]);
    // The viewer sees none of it; the subscription is unchanged.
    assert.deepEqual((await viewer.get('/v1/approval-requests')).body.data, []);
    expectError(await viewer.get(`/v1/approval-requests/${request.id}`), 404, 'resource_missing', 'approvalRequestId');
    assert.equal((await purchaser.get(`/v1/subscriptions/${sub.id}`)).body.planId, IDS.starter);

    // A day later the admin opens it: the preview recomputed now costs less (less of the period is left).
    suite.server.clock.set(new Date('2026-03-11T09:00:00.000Z'));
    const admin2 = await asBuyer(suite.server, 'acme-admin');
    const purchaser2 = await asBuyer(suite.server, 'acme-purchaser');
    const pending = await admin2.get('/v1/approval-requests?status=pending');
    assert.deepEqual(pending.body.data.map((r: { id: string }) => r.id), [request.id]);
    const detail = await admin2.get(`/v1/approval-requests/${request.id}`);
    expectStatus(detail, 200);
    const shown = detail.body.currentPreview;
    assert.equal(shown.prorationDate, '2026-03-11T09:00:00.000Z');
    assert.ok(shown.amountDueNow < request.requestedPreview.amountDueNow);
    assert.equal(detail.body.difference.amountDueNow, shown.amountDueNow - request.requestedPreview.amountDueNow);
    assert.equal(detail.body.currentError, null);

    // Approving a minute later applies the preview shown, not one recomputed at the click.
    suite.server.clock.advance(60);
    expectError(await admin2.post(`/v1/approval-requests/${request.id}/approve`, { prorationDate: '2026-03-11T08:00:00.000Z', expectedVersion: shown.expectedVersion }), 400, 'preview_stale', 'prorationDate');
    expectError(await admin2.post(`/v1/approval-requests/${request.id}/approve`, { prorationDate: shown.prorationDate, expectedVersion: shown.expectedVersion + 1 }), 409, 'version_conflict');
    expectError(await purchaser2.post(`/v1/approval-requests/${request.id}/approve`, { prorationDate: shown.prorationDate, expectedVersion: shown.expectedVersion }), 403, 'insufficient_role');
    const approved = await admin2.post(`/v1/approval-requests/${request.id}/approve`, { prorationDate: shown.prorationDate, expectedVersion: shown.expectedVersion, comment: 'OK for Q2.' });
    expectStatus(approved, 200);
    assert.equal(approved.body.status, 'approved');
    assert.deepEqual(approved.body.decidedBy, { memberId: 'mem_acme_admin', name: 'Miriam Wagner', role: 'billing_admin' });
    assert.equal(approved.body.decisionComment, 'OK for Q2.');
    const invoice = await admin2.get(`/v1/invoices/${approved.body.invoiceId}`);
    expectStatus(invoice, 200);
    assert.equal(invoice.body.amountDue, shown.amountDueNow, 'the invoice is the preview shown, to the cent');
    assert.equal(invoice.body.total, shown.subtotal - shown.discountTotal + shown.tax);
    assert.equal(invoice.body.poNumber, 'PO-2026-118');
    const after = await purchaser2.get(`/v1/subscriptions/${sub.id}`);
    assert.equal(after.body.planId, IDS.growth);
    assert.equal(after.body.poNumber, 'PO-4711', "the subscription keeps its own PO; the request's is on the change's invoice");
    assert.deepEqual(await events('approval_request.approved'), [request.id]);

    // The requester sees the outcome; a second decision is refused.
    const mine = await purchaser2.get(`/v1/approval-requests/${request.id}`);
    assert.equal(mine.body.status, 'approved');
    assert.equal(mine.body.currentPreview, null);
    expectError(await admin2.post(`/v1/approval-requests/${request.id}/reject`, { comment: 'late' }), 409, 'request_decided');

    // The audit log: who did what, with before/after.
    const log = await admin2.get('/v1/audit-log?limit=100');
    expectStatus(log, 200);
    const entries = log.body.data as { action: string; objectId: string; actor: { memberId: string; role: string; name: string }; before: any; after: any; at: string }[];
    const requestEntries = entries.filter((e) => e.objectId === request.id).reverse();
    assert.deepEqual(requestEntries.map((e) => [e.action, e.actor.role]), [['approval_request.created', 'purchaser'], ['approval_request.updated', 'billing_admin']]);
    assert.deepEqual([requestEntries[1]!.before.status, requestEntries[1]!.after.status], ['pending', 'approved']);
    const subEntry = entries.find((e) => e.objectId === sub.id && e.after?.planId === IDS.growth);
    assert.ok(subEntry, 'the subscription change is in the log');
    assert.equal(subEntry.before.planId, IDS.starter);
    assert.deepEqual([subEntry.actor.memberId, subEntry.actor.name, subEntry.at], ['mem_acme_admin', 'Miriam Wagner', '2026-03-11T09:01:00.000Z']);
    expectError(await purchaser2.get('/v1/audit-log'), 403, 'insufficient_role');
    const csv = await admin2.get('/v1/audit-log/export.csv?objectType=approval_request');
    expectStatus(csv, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.equal(csv.body.trim().split('\r\n').filter((l: string) => l.includes(request.id)).length, 2);
    const merchantLog = await suite.server.request('GET', `/v1/companies/co_acme/audit-log?objectId=${request.id}`, { token: suite.server.config.secretKey });
    expectStatus(merchantLog, 200);
    assert.equal(merchantLog.body.data.length, 2);
  });

  test('a change under the threshold is confirmed directly; requesting it is a 409', async () => {
    const { sub, purchaser } = await setUp({ ...STRICT, thresholds: [{ currency: 'EUR', amountDueNow: 100_000, annualizedIncrease: 100_000 }] });
    const change = { expectedVersion: sub.version, quantity: 6 };
    const preview = await purchaser.post(`/v1/subscriptions/${sub.id}/change/preview`, change);
    assert.equal(preview.body.approval.required, false);
    expectError(await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change }), 409, 'approval_not_required');
    expectStatus(await purchaser.post(`/v1/subscriptions/${sub.id}/change`, change), 200);
  });

  test('rejection with a comment leaves the subscription as it was; withdrawal by the requester', async () => {
    const { sub, purchaser, admin } = await setUp({ ...STRICT, thresholds: [] });
    const change = { expectedVersion: sub.version, quantity: 8 };
    const first = (await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change })).body;
    assert.deepEqual(first.approval.reasons, ['no_threshold']);
    expectError(await admin.post(`/v1/approval-requests/${first.id}/reject`, { comment: '' }), 400, 'parameter_invalid');
    const rejected = await admin.post(`/v1/approval-requests/${first.id}/reject`, { comment: 'Budget frozen until May.' });
    expectStatus(rejected, 200);
    assert.equal(rejected.body.status, 'rejected');
    assert.equal((await purchaser.get(`/v1/approval-requests/${first.id}`)).body.decisionComment, 'Budget frozen until May.');
    assert.equal((await purchaser.get(`/v1/subscriptions/${sub.id}`)).body.quantity, 5);
    assert.deepEqual(await events('approval_request.rejected'), [first.id]);

    const second = (await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change })).body;
    const withdrawn = await purchaser.post(`/v1/approval-requests/${second.id}/cancel`, {});
    expectStatus(withdrawn, 200);
    assert.equal(withdrawn.body.status, 'canceled');
    // Another company never sees them.
    const globex = await asBuyer(suite.server, 'globex-admin');
    expectError(await globex.get(`/v1/approval-requests/${second.id}`), 404, 'resource_missing');
    expectError(await globex.post(`/v1/approval-requests/${second.id}/reject`, { comment: 'x' }), 404, 'resource_missing');
  });

  // A widget in Chinese or Arabic named the requested plan in English: a request stores the merchant's name.
  test("a request names its plan in ?locale= (else Accept-Language) as the catalog does, a change of seats its subscription's plan", async () => {
    const { sub, purchaser, admin } = await setUp({ ...STRICT, thresholds: [] });
    const seats = (await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change: { expectedVersion: sub.version, quantity: 8 } })).body;
    const upgrade = (await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change: { expectedVersion: sub.version, planId: IDS.growth } })).body;
    assert.deepEqual([seats.planName, upgrade.planName], ['Starter', 'Growth'], "the answer to the requester: the merchant's words");
    const listed = await admin.get('/v1/approval-requests?limit=10&locale=zh-CN');
    expectStatus(listed, 200);
    const names = new Map((listed.body.data as { id: string; planName: string }[]).map((r) => [r.id, r.planName]));
    assert.deepEqual([names.get(seats.id), names.get(upgrade.id)], ['入门版', '成长版']);
    const arabic = await purchaser.get(`/v1/approval-requests/${upgrade.id}?locale=ar`);
    expectStatus(arabic, 200);
    assert.equal(arabic.body.planName, 'النمو');
    const turkish = await suite.server.request('GET', `/v1/approval-requests/${seats.id}`, { token: await suite.server.mintSession('acme-admin', { ttlSeconds: 600 }), headers: { 'accept-language': 'tr-TR,tr;q=0.9' } });
    assert.equal(turkish.body.planName, 'Başlangıç');
    assert.equal((await admin.get(`/v1/approval-requests/${seats.id}`)).body.planName, 'Starter', 'no language asked: the merchant language');
    expectError(await admin.get(`/v1/approval-requests?locale=${encodeURIComponent('ar;drop')}`), 400, 'parameter_invalid', 'locale');
  });

  test('allowed plans: a plan outside the policy is refused to everyone, in changes and checkouts', async () => {
    const { sub, admin, purchaser } = await setUp({ ...STRICT, allowedPlanIds: [IDS.starter] });
    expectError(await admin.post(`/v1/subscriptions/${sub.id}/change/preview`, { expectedVersion: sub.version, planId: IDS.growth }), 403, 'plan_not_allowed', 'planId');
    expectError(await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change: { expectedVersion: sub.version, planId: IDS.growth } }), 403, 'plan_not_allowed', 'planId');
    expectError(await purchaser.post('/v1/checkout', { ...starterByInvoice(), planId: IDS.growth, quantity: 5 }), 403, 'plan_not_allowed', 'planId');
    expectStatus(await admin.post('/v1/purchasing-policy', { allowedPlanIds: null }), 200);
  });

  test('an unanswered request expires in the billing run, with its event; approving it then is a 409', async () => {
    const { sub, purchaser } = await setUp({ ...STRICT, requestTtlDays: 2 });
    const request = (await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change: { expectedVersion: sub.version, planId: IDS.growth } })).body;
    assert.equal(request.expiresAt, '2026-03-12T09:00:00.000Z');
    const advanced = await suite.server.request('POST', '/v1/test-clock/advance', { token: suite.server.config.secretKey, body: { by: 'P3D' } });
    expectStatus(advanced, 200);
    assert.ok(advanced.body.events.some((e: { type: string }) => e.type === 'approval_request.expired'));
    const { rows } = await suite.server.db.query<{ status: string; decided_at: Date }>('SELECT status, decided_at FROM approval_requests WHERE id = $1', [request.id]);
    assert.equal(rows[0]!.status, 'expired');
    assert.equal(new Date(rows[0]!.decided_at).toISOString(), '2026-03-12T09:00:00.000Z');
    const admin = await asBuyer(suite.server, 'acme-admin');
    expectError(await admin.post(`/v1/approval-requests/${request.id}/approve`, { prorationDate: new Date(Date.parse('2026-03-13T09:00:00.000Z')).toISOString(), expectedVersion: sub.version }), 409, 'request_expired');
    const log = await admin.get(`/v1/audit-log?objectId=${request.id}`);
    assert.deepEqual(log.body.data.map((e: { action: string; actor: { type: string } }) => [e.action, e.actor.type]), [['approval_request.updated', 'system'], ['approval_request.created', 'member']]);
  });
});
