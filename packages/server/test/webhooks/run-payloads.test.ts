/**
 * What a webhook consumer receives from the billing run stays the same, byte for byte, whatever the run
 * does to write it faster (the founders' rule: every event carries the full object as of the event).
 * A fixed scenario on a fixed clock — a card renewal with metered usage, a renewal on net terms, a card
 * declined into dunning — is renewed and delivered to a real receiver; the bodies, with their random ids
 * numbered in order of appearance, must equal the recorded ones (fixtures/run-payloads.json, recorded
 * before event snapshots were shared: SUBKIT_RECORD_FIXTURES=1 records them again).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { engineClock } from '../../src/engine/run/clock.js';
import { createWebhookWorker } from '../../src/webhooks/index.js';
import { buyerClient, CARDS, card, checkout, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance } from '../engine/run-helpers.js';
import { startTestServer, type TestServer } from '../harness.js';
import { startReceiver, type Receiver } from './receiver.js';

const FIXTURE = new URL('./fixtures/run-payloads.json', import.meta.url);
/**
 * Random ids (`in_…`, `evt_…`: 24 base62 characters), and invoice numbers: a batch numbers its invoices in
 * the order of their subscriptions' (random) ids.
 */
const RANDOM_ID = /\b([a-z]+_[0-9A-Za-z]{24}|INV-\d+)\b/g;

/**
 * The bodies in an order that does not depend on the random ids (sorted with every id blanked), then
 * each id replaced by its number of first appearance in that order.
 */
export function normalize(bodies: readonly string[]): string[] {
  const blank = (s: string) => s.replace(RANDOM_ID, 'ID');
  const sorted = [...bodies].sort((a, b) => (blank(a) < blank(b) ? -1 : blank(a) > blank(b) ? 1 : 0));
  const numbers = new Map<string, string>();
  return sorted.map((body) =>
    body.replace(RANDOM_ID, (id) => {
      let n = numbers.get(id);
      if (n === undefined) numbers.set(id, (n = `${id.slice(0, id.search(/[_-]/))}_#${numbers.size + 1}`));
      return n;
    }),
  );
}

describe('the billing run delivers the same payloads', () => {
  let server: TestServer;
  let receiver: Receiver;

  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-03-01T09:00:00.000Z'));
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await server.close();
  });

  async function company(id: string, invoiceAllowed: boolean) {
    const created = await server.request('POST', '/v1/companies', {
      token: server.config.secretKey,
      body: {
        id,
        name: `Payloads ${id}`,
        billingEmail: `ap@${id.replaceAll("_", "-")}.example`,
        billingAddress: { line1: '1 Test Street', city: 'Testville', postalCode: '12345', country: 'DE' },
        invoiceAllowed,
        paymentTermsDays: 30,
      },
    });
    expectStatus(created, 200);
    const member = await server.request('POST', `/v1/companies/${id}/members`, {
      token: server.config.secretKey,
      body: { customerId: `${id}-admin`, email: `admin@${id.replaceAll("_", "-")}.example`, name: 'Robin Admin', role: 'billing_admin' },
    });
    expectStatus(member, 200);
    return buyerClient(server, await server.mintSession(`${id}-admin`, { companyId: id, ttlSeconds: 3600 }));
  }

  it('renewals by card, on net terms and declined: the bodies the receiver got equal the recorded ones', async () => {
    const byCard = await company('co_payloads_card', false);
    const byTerms = await company('co_payloads_terms', true);
    const declined = await company('co_payloads_declined', false);
    const first = await checkout(byCard, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 3, payment: { method: 'card', testCard: card(CARDS.success) } });
    await checkout(byTerms, { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 5, payment: { method: 'invoice', poNumber: 'PO-PAYLOADS' } });
    const third = await checkout(declined, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 1, payment: { method: 'card', testCard: card(CARDS.success) } });
    // The declined company's card starts failing before the renewal.
    const failing = await declined.post('/v1/payment-methods', { testCard: card(CARDS.attachThenDecline) });
    expectStatus(failing, 200);
    expectStatus(await declined.post(`/v1/payment-methods/${failing.body.paymentMethod.id}/default`), 200);

    // Only the run's events go to the receiver.
    const endpoint = await server.request('POST', '/v1/webhook-endpoints', { token: server.config.secretKey, body: { url: receiver.url } });
    expectStatus(endpoint, 200);
    assert.equal(first.subscription.currentPeriodEnd, third.subscription.currentPeriodEnd);
    await advance(server, { to: first.subscription.currentPeriodEnd });

    const worker = createWebhookWorker({ db: server.db, config: server.config, clock: engineClock(server.db, server.config, server.clock.now), random: () => 0.5 });
    try {
      while ((await worker.runOnce()).attempted > 0);
    } finally {
      await worker.stop();
    }
    const bodies = normalize(receiver.received.map((r) => r.rawBody));
    assert.ok(bodies.length >= 10, `the run's events were delivered (${bodies.length})`);
    if (process.env.SUBKIT_RECORD_FIXTURES === '1') writeFileSync(FIXTURE, `${JSON.stringify(bodies, null, 1)}\n`);
    const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as string[];
    assert.deepEqual(bodies, recorded);
  });
});
