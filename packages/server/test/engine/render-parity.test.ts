/**
 * A webhook consumer gets one subscription shape, whatever wrote the event: the billing run's renewal
 * events carry the subscription exactly as the API's GET shows it then — the projected next invoice, the
 * payment issue the renewal's pending charge makes, what buyers may do and the contract terms. Renewed
 * with the processor unreachable, so each renewal's event is the subscription's last word (its charge
 * stays pending) and a GET afterwards must answer the same object, key for key and value for value.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EVENTS_WITH_DATA } from '../../src/db/events.js';
import { paymentProcessor, ProcessorUnavailableError } from '../../src/engine/processor/index.js';
import { runBilling, runEnv } from '../../src/engine/run/index.js';
import { withCharge } from './processor-helpers.js';
import { newCompany } from './run-helpers.js';
import { CARDS, card, checkout, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { startTestServer, type TestServer } from '../harness.js';

/** A projected next invoice's lines get new ids each time it is projected: the rest must be equal. */
function withoutLineIds(sub: any): unknown {
  return sub.nextInvoice ? { ...sub, nextInvoice: { ...sub.nextInvoice, lines: sub.nextInvoice.lines.map(({ id: _id, ...line }: any) => line) } } : sub;
}

describe('a renewal event carries the subscription as the API shows it', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-04-01T09:00:00.000Z'));
  });
  after(async () => {
    assert.deepEqual(server.serverErrors, []);
    await server.close();
  });

  /** The subscription in its newest event. */
  async function lastEvent(subscriptionId: string): Promise<{ type: string; object: Record<string, unknown> }> {
    const { rows } = await server.db.query<{ type: string; data: { object: Record<string, unknown> } }>(
      `SELECT type, data FROM ${EVENTS_WITH_DATA} WHERE object_type = 'subscription' AND object_id = $1 ORDER BY sequence DESC LIMIT 1`,
      [subscriptionId],
    );
    const row = rows[0]!;
    return { type: row.type, object: typeof row.data === 'string' ? JSON.parse(row.data).object : row.data.object };
  }

  it('by card (charge pending, under a contract) and on net terms: the event equals the GET', async () => {
    const byCard = await (await newCompany(server, { invoiceAllowed: false })).client();
    const byTerms = await (await newCompany(server, { invoiceAllowed: true })).client();
    const carded = await checkout(byCard, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 3, payment: { method: 'card', testCard: card(CARDS.success) } });
    const termed = await checkout(byTerms, { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 5, payment: { method: 'invoice', poNumber: 'PO-PARITY' } });
    const commitment = await server.request('POST', `/v1/subscriptions/${carded.subscription.id}/commitment`, {
      token: server.config.secretKey,
      body: { termMonths: 12, minimumSeats: 2 },
    });
    expectStatus(commitment, 200);

    // The processor does not answer: the renewal's first attempt stays pending.
    const unreachable = withCharge(paymentProcessor(server.db, server.config), async () => {
      throw new ProcessorUnavailableError('the processor does not answer');
    });
    const env = runEnv(server.db, server.config, { processor: unreachable });
    await runBilling(env, { until: new Date(carded.subscription.currentPeriodEnd) });
    assert.equal(env.report.counts.invoices, 2, 'both renewed');

    for (const [client, sub] of [[byCard, carded.subscription], [byTerms, termed.subscription]] as const) {
      const event = await lastEvent(sub.id);
      assert.equal(event.type, 'subscription.updated');
      const got = await client.get(`/v1/subscriptions/${sub.id}`);
      expectStatus(got, 200);
      assert.deepEqual(Object.keys(event.object).sort(), Object.keys(got.body).sort(), 'the same fields');
      assert.deepEqual(withoutLineIds(event.object), withoutLineIds(got.body));
      assert.equal(event.object.currentPeriodStart, sub.currentPeriodEnd, 'the renewed period');
    }
    const cardEvent = (await lastEvent(carded.subscription.id)).object as any;
    assert.equal(cardEvent.paymentIssue?.reason, 'payment_processing');
    assert.deepEqual([cardEvent.commitment?.minimumSeats, typeof cardEvent.actions], [2, 'object']);
    assert.equal((await lastEvent(termed.subscription.id)).object.paymentIssue, null);
  });

  it('by card, the charge answered: the newest event (after the renewal event) equals the GET, no payment issue left', async () => {
    const byCard = await (await newCompany(server, { invoiceAllowed: false })).client();
    const carded = await checkout(byCard, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 2, payment: { method: 'card', testCard: card(CARDS.success) } });
    const env = runEnv(server.db, server.config);
    await runBilling(env, { until: new Date(carded.subscription.currentPeriodEnd) });
    assert.equal(env.report.counts.payments, 1, 'charged once');

    const event = await lastEvent(carded.subscription.id);
    const got = await byCard.get(`/v1/subscriptions/${carded.subscription.id}`);
    expectStatus(got, 200);
    assert.equal(got.body.paymentIssue, null);
    assert.equal(event.type, 'subscription.updated');
    assert.deepEqual(withoutLineIds(event.object), withoutLineIds(got.body));
  });

  it('the list shows each subscription as its GET does: paid by card, waiting for its SCA challenge, on net terms', async () => {
    const client = await (await newCompany(server, { invoiceAllowed: true })).client();
    await checkout(client, { planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, quantity: 3, payment: { method: 'card', testCard: card(CARDS.success) } });
    await checkout(client, { planId: IDS.growth, currency: 'EUR', recurring: MONTHLY, quantity: 5, trial: false, payment: { method: 'card', testCard: card(CARDS.scaAlways) } });
    await checkout(client, { planId: 'plan_fleet_care', currency: 'EUR', recurring: MONTHLY, quantity: 4, payment: { method: 'invoice', poNumber: 'PO-LIST' } });
    const list = await client.get('/v1/subscriptions');
    expectStatus(list, 200);
    assert.equal(list.body.data.length, 3);
    assert.ok(list.body.data.some((sub: any) => sub.paymentIssue !== null), 'one waits for its challenge');
    for (const listed of list.body.data) {
      const got = await client.get(`/v1/subscriptions/${listed.id}`);
      expectStatus(got, 200);
      assert.deepEqual(withoutLineIds(listed), withoutLineIds(got.body));
    }
  });
});
