/**
 * Governance as an insider would try to get around it, within one company: a purchaser approving (or
 * rejecting) their own request, accepting a quote, loosening the purchasing policy or making themselves
 * billing admin; a billing admin demoted a moment ago still deciding; a viewer withdrawing someone else's
 * request. Each is refused before anything changes — 403 for a role without the permission, 404 for a
 * request the caller may not see — and the request, the policy and the member stay as they were.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { asBuyer, buyerClient, checkout, expectError, expectStatus, IDS, MONTHLY, starterByInvoice } from '../billing/helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');
const MAR_10 = new Date('2026-03-10T09:00:00.000Z');

describe('governance: no role gets around the approval it needs', () => {
  const suite = testServerOfSuite();

  test('a purchaser cannot decide their own request, loosen the policy, accept a quote or promote themselves', async () => {
    suite.server.clock.set(MAR_1);
    const sub = (await checkout(await asBuyer(suite.server, 'acme-admin'), starterByInvoice())).subscription;
    suite.server.clock.set(MAR_10);
    const admin = await asBuyer(suite.server, 'acme-admin');
    const strict = { rolesWithoutApproval: ['billing_admin'], thresholds: [] };
    expectStatus(await admin.post('/v1/purchasing-policy', strict), 200);
    const policyBefore = (await admin.get('/v1/purchasing-policy')).body;
    const purchaser = await asBuyer(suite.server, 'acme-purchaser');
    const request = await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change: { expectedVersion: sub.version, quantity: 9 } });
    expectStatus(request, 200);
    const id = request.body.id as string;

    expectError(await purchaser.post(`/v1/approval-requests/${id}/approve`, { expectedVersion: sub.version, prorationDate: MAR_10.toISOString() }), 403, 'insufficient_role');
    expectError(await purchaser.post(`/v1/approval-requests/${id}/reject`, { comment: 'Never mind.' }), 403, 'insufficient_role');
    expectError(await purchaser.post('/v1/purchasing-policy', { rolesWithoutApproval: ['purchaser', 'billing_admin'], thresholds: [] }), 403, 'insufficient_role');
    expectError(await purchaser.post('/v1/subscriptions/' + sub.id + '/change', { expectedVersion: sub.version, quantity: 9 }), 403, 'approval_required');
    const memberId = ((await purchaser.get('/v1/session')).body as { member: { id: string } }).member.id;
    expectError(await suite.server.request('PATCH', `/v1/members/${memberId}`, { token: await suite.server.mintSession('acme-purchaser'), body: { role: 'billing_admin' } }), 403, 'insufficient_role');

    const quote = await suite.server.request('POST', '/v1/quotes', {
      token: suite.server.config.secretKey,
      body: {
        companyId: 'co_acme', planId: IDS.enterprise, currency: 'EUR', recurring: MONTHLY, quantity: 40, termMonths: 12,
        items: [{ id: 'seats', description: 'Seats', model: { type: 'per_unit', unitAmount: 2500 } }],
        expiresAt: new Date(MAR_10.getTime() + 30 * 86_400_000).toISOString(),
      },
    });
    expectStatus(quote, 200);
    expectError(await purchaser.post(`/v1/quotes/${quote.body.id}/accept`, {}), 403, 'insufficient_role');

    // Nothing moved: the request waits, the policy and the purchaser's role are as they were.
    assert.equal((await admin.get(`/v1/approval-requests/${id}`)).body.status, 'pending');
    assert.deepEqual((await admin.get('/v1/purchasing-policy')).body, policyBefore);
    assert.equal((await admin.get('/v1/members')).body.data.find((m: { id: string }) => m.id === memberId)?.role, 'purchaser');
    assert.equal((await admin.get(`/v1/quotes/${quote.body.id}`)).body.status, 'open');
    assert.equal((await admin.get(`/v1/subscriptions/${sub.id}`)).body.quantity, 5);

    // A viewer sees neither the request nor a way to withdraw it; a billing admin never needs approval.
    const viewer = await asBuyer(suite.server, 'acme-viewer');
    expectError(await viewer.post(`/v1/approval-requests/${id}/cancel`, {}), 403, 'insufficient_role');
    expectError(await admin.post('/v1/approval-requests', { subscriptionId: sub.id, change: { expectedVersion: sub.version, quantity: 9 } }), 409, 'approval_not_required');
    expectError(await admin.post('/v1/purchasing-policy', { rolesWithoutApproval: ['purchaser'] }), 400, 'billing_admin_required', 'rolesWithoutApproval');
  });

  test('a billing admin demoted a moment ago decides nothing with the session they still hold', async () => {
    suite.server.clock.set(MAR_10);
    const admin = await asBuyer(suite.server, 'acme-admin');
    // A second billing admin, signed in before the demotion.
    const added = await admin.post('/v1/members', { customerId: 'acme-second-admin', email: 'second@acme.example', name: 'Second Admin', role: 'billing_admin' });
    expectStatus(added, 200);
    const second = buyerClient(suite.server, await suite.server.mintSession('acme-second-admin', { companyId: 'co_acme', ttlSeconds: 3600 }));
    const sub = (await admin.get('/v1/subscriptions')).body.data[0];
    const purchaser = await asBuyer(suite.server, 'acme-purchaser');
    const request = await purchaser.post('/v1/approval-requests', { subscriptionId: sub.id, change: { expectedVersion: sub.version, quantity: 7 } });
    expectStatus(request, 200);

    expectStatus(await suite.server.request('PATCH', `/v1/members/${added.body.id}`, { token: await suite.server.mintSession('acme-admin'), body: { role: 'viewer' } }), 200);
    expectError(await second.post(`/v1/approval-requests/${request.body.id}/approve`, { expectedVersion: sub.version, prorationDate: MAR_10.toISOString() }), 403, 'insufficient_role');
    expectError(await second.post('/v1/purchasing-policy', { rolesWithoutApproval: ['viewer', 'purchaser', 'billing_admin'] }), 403, 'insufficient_role');
    assert.equal((await admin.get(`/v1/approval-requests/${request.body.id}`)).body.status, 'pending');
  });
});
