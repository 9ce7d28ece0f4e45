/**
 * The reference server's demo approval (issue #17): Acme's billing admin finds one pending purchase request
 * by the purchaser, above the policy's limits, with the policy and the request in the audit log under the
 * members who made them; seeding again adds nothing, and a company with a policy of its own is left alone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { asBuyer, expectStatus } from '../billing/helpers.js';
import { DEMO_POLICY, seedDemoApproval } from '../../src/seed/demo-approval.js';

const NOW = new Date('2027-02-01T10:00:00.000Z');

describe('demo seed: a pending approval for Acme', () => {
  const suite = testServerOfSuite();

  test('the billing admin sees one pending purchase request; the audit log names who set what; seeding twice adds nothing', async () => {
    suite.server.clock.set(NOW);
    await seedDemoApproval(suite.server.db, suite.server.config, NOW);
    await seedDemoApproval(suite.server.db, suite.server.config, NOW);
    const admin = await asBuyer(suite.server, 'acme-admin');
    const list = await admin.get('/v1/approval-requests');
    expectStatus(list, 200);
    assert.equal(list.body.data.length, 1);
    const [request] = list.body.data;
    assert.deepEqual([request.status, request.kind, request.planName, request.requestedBy.name, request.poNumber], ['pending', 'purchase', 'Growth', 'Jonas Becker', 'PO-ACME-2041']);
    assert.deepEqual(request.approval.reasons, ['amount_due_now', 'annualized_increase']);
    assert.ok(request.requestedPreview.amountDueNow > DEMO_POLICY.thresholds[0].amountDueNow);

    const detail = await admin.get(`/v1/approval-requests/${request.id}`);
    expectStatus(detail, 200);
    assert.equal(detail.body.difference.amountDueNow, 0, 'approving it now buys what was requested');

    const policy = (await admin.get('/v1/purchasing-policy')).body;
    assert.deepEqual(policy.rolesWithoutApproval, ['viewer', 'billing_admin']);
    const audit = (await admin.get('/v1/audit-log')).body.data as { objectType: string; actor: { name: string | null } }[];
    assert.deepEqual(
      audit.map((e) => [e.objectType, e.actor.name]),
      [['approval_request', 'Jonas Becker'], ['purchasing_policy', 'Miriam Wagner']],
    );
  });
});

describe('demo seed: a company with a policy of its own', () => {
  const suite = testServerOfSuite();

  test('a company that set its own policy keeps it and gets no request', async () => {
    suite.server.clock.set(NOW);
    const admin = await asBuyer(suite.server, 'acme-admin');
    expectStatus(await admin.post('/v1/purchasing-policy', { rolesWithoutApproval: ['purchaser', 'billing_admin'] }), 200);
    await seedDemoApproval(suite.server.db, suite.server.config, NOW);
    assert.equal((await admin.get('/v1/approval-requests')).body.data.length, 0);
    assert.deepEqual((await admin.get('/v1/purchasing-policy')).body.rolesWithoutApproval, ['purchaser', 'billing_admin']);
  });
});
