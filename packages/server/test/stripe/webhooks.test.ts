import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import { STRIPE_WEBHOOK_PATH } from '../../src/payments/stripe/webhook-route.js';
import { startTestServer } from '../harness.js';
import { startStripeTestBed, type StripeTestBed } from './helpers.js';

const signer = new Stripe('sk_test_signer_only');

describe('inbound Stripe webhooks', () => {
  let bed: StripeTestBed;
  before(async () => {
    bed = await startStripeTestBed();
  });
  after(() => bed.close());

  const recorded = async (id: string) =>
    (await bed.server.db.query<{ id: string; type: string; outcome: string }>('SELECT id, type, outcome FROM stripe_events WHERE id = $1', [id])).rows;

  /** A fresh event in the fake (held, so only the test delivers it). */
  async function heldEvent(): Promise<Stripe.Event> {
    bed.fake.webhooks.hold();
    try {
      const customer = await bed.stripe.customers.create({ name: `Held ${Date.now()}` });
      return bed.fake.webhooks.eventsOf('customer.created').find((e) => (e.data.object as Stripe.Customer).id === customer.id)!;
    } finally {
      bed.fake.webhooks.release();
    }
  }

  function post(body: string, headers: Record<string, string>) {
    return fetch(bed.server.url + STRIPE_WEBHOOK_PATH, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  }

  test('an event signed by Stripe is accepted and recorded once, whatever the number of deliveries', async () => {
    const event = await heldEvent();
    assert.deepEqual(await bed.fake.webhooks.deliver(event), [200]);
    assert.deepEqual(
      (await recorded(event.id)).map((r) => [r.type, r.outcome]),
      [['customer.created', 'ignored']],
    );
    // Stripe redelivers (a lost answer on its side): acknowledged again, nothing recorded twice.
    assert.deepEqual(await bed.fake.webhooks.deliver(event), [200]);
    const again = await fetch(bed.server.url + STRIPE_WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload: JSON.stringify(event), secret: bed.fake.webhookSecret }) },
      body: JSON.stringify(event),
    });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { duplicate: boolean }).duplicate, true);
    assert.equal((await recorded(event.id)).length, 1);
  });

  test('events the fake sends by itself arrive signed and are recorded', async () => {
    const customer = await bed.stripe.customers.create({ name: 'Delivered by the fake' });
    await bed.fake.webhooks.settled();
    const event = bed.fake.webhooks.eventsOf('customer.created').find((e) => (e.data.object as Stripe.Customer).id === customer.id)!;
    assert.equal((await recorded(event.id)).length, 1);
    assert.ok(bed.fake.webhooks.deliveries.some((d) => d.eventId === event.id && d.status === 200));
  });

  test('a forged, tampered or stale signature is refused with 400 and changes nothing', async () => {
    const event = await heldEvent();
    const cases: [Parameters<StripeTestBed['fake']['webhooks']['deliver']>[1], number][] = [
      [{ secret: 'whsec_forged_by_someone_else' }, 400],
      [{ tamper: (body) => body.replace('"livemode": false', '"livemode": false, "extra": 1') }, 400],
      [{ timestamp: Math.floor(Date.now() / 1000) - 301 }, 400],
    ];
    for (const [options, status] of cases) assert.deepEqual(await bed.fake.webhooks.deliver(event, options), [status]);
    assert.equal((await recorded(event.id)).length, 0);
    // The same event, properly signed, still goes through afterwards.
    assert.deepEqual(await bed.fake.webhooks.deliver(event), [200]);
    assert.equal((await recorded(event.id)).length, 1);
  });

  test('each refusal says why, in the API error shape', async () => {
    const event = await heldEvent();
    const payload = JSON.stringify(event);
    const sign = (body: string, extra: { secret?: string; timestamp?: number } = {}) =>
      signer.webhooks.generateTestHeaderString({ payload: body, secret: extra.secret ?? bed.fake.webhookSecret, ...(extra.timestamp ? { timestamp: extra.timestamp } : {}) });
    const cases: [string, Record<string, string>, string][] = [
      [payload, {}, 'signature_missing'],
      [payload, { 'stripe-signature': 'garbage' }, 'signature_invalid'],
      [payload, { 'stripe-signature': sign(payload, { secret: 'whsec_wrong_secret_123' }) }, 'signature_invalid'],
      [payload, { 'stripe-signature': sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 }) }, 'signature_expired'],
      ['not json at all', { 'stripe-signature': sign('not json at all') }, 'event_invalid'],
      [JSON.stringify({ ...event, livemode: true }), { 'stripe-signature': sign(JSON.stringify({ ...event, livemode: true })) }, 'livemode_mismatch'],
    ];
    for (const [body, headers, code] of cases) {
      const res = await post(body, headers);
      const json = (await res.json()) as { error: { code: string; type: string; requestId: string } };
      assert.equal(res.status, 400, `${code}: ${JSON.stringify(json)}`);
      assert.equal(json.error.code, code);
      assert.equal(json.error.type, 'invalid_request_error');
      assert.match(json.error.requestId, /^req_/);
    }
    const huge = await post(JSON.stringify({ padding: 'x'.repeat(1_100_000) }), { 'stripe-signature': 't=1,v1=00' });
    assert.equal(huge.status, 413);
    assert.equal((await recorded(event.id)).length, 0);
    assert.deepEqual(bed.server.serverErrors, []);
  });

  test('a server that does not collect with Stripe has no webhook route', async () => {
    const plain = await startTestServer();
    try {
      const res = await fetch(plain.url + STRIPE_WEBHOOK_PATH, { method: 'POST', headers: { 'stripe-signature': 't=1,v1=00' }, body: '{}' });
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'route_not_found');
    } finally {
      await plain.close();
    }
  });
});
