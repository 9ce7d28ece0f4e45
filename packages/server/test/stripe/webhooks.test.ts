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

  test('a signed event with a malformed envelope is refused with 400 naming the field (event_invalid, or event_object_missing for an object Stripe does not know), and nothing is written', async () => {
    const event = await heldEvent();
    const base = JSON.parse(JSON.stringify(event)) as Record<string, any>;
    const { id: _id, ...noId } = base;
    const { type: _type, ...noType } = base;
    const { created: _created, ...noCreated } = base;
    const { data: _data, ...noData } = base;
    const pi = { ...base, id: `evt_malformed_pi_${Date.now()}`, type: 'payment_intent.succeeded' };
    const cases: [string, string, string, string?][] = [
      ['no id', JSON.stringify(noId), 'id'],
      ['id a number', JSON.stringify({ ...base, id: 42 }), 'id'],
      ['id empty', JSON.stringify({ ...base, id: '' }), 'id'],
      ['id of 100,000 characters', JSON.stringify({ ...base, id: `evt_${'x'.repeat(100_000)}` }), 'id'],
      ['id with a NUL', JSON.stringify({ ...base, id: 'evt_\u0000x' }), 'id'],
      ['no type', JSON.stringify(noType), 'type'],
      ['type an object', JSON.stringify({ ...base, type: { a: 1 } }), 'type'],
      ['type of 100,000 characters', JSON.stringify({ ...base, type: 'x'.repeat(100_000) }), 'type'],
      ['no created', JSON.stringify(noCreated), 'created'],
      ['created a string', JSON.stringify({ ...base, created: 'yesterday' }), 'created'],
      ['created beyond any date', JSON.stringify({ ...base, created: 1e300 }), 'created'],
      ['no data', JSON.stringify(noData), 'data'],
      ['data a string', JSON.stringify({ ...base, data: 'x' }), 'data'],
      ['data.object null', JSON.stringify({ ...base, data: { object: null } }), 'data.object'],
      ['data.object an array', JSON.stringify({ ...base, data: { object: [] } }), 'data.object'],
      ['an applied type with data.object.id of 100,000 characters', JSON.stringify({ ...pi, data: { object: { id: 'x'.repeat(100_000) } } }), 'data.object.id'],
      ['an applied type without data.object.id', JSON.stringify({ ...pi, data: { object: { object: 'payment_intent' } } }), 'data.object.id'],
      ['an applied type with data.object.id a number', JSON.stringify({ ...pi, data: { object: { id: 7 } } }), 'data.object.id'],
      ['an applied type with data.object.id a path', JSON.stringify({ ...pi, data: { object: { id: '../customers' } } }), 'data.object.id'],
      ['top-level null', 'null', ''],
      ['an applied type whose object Stripe does not know', JSON.stringify({ ...pi, data: { object: { id: 'pi_nobody_made_this' } } }), 'data.object.id', 'event_object_missing'],
      ['top-level array', '[]', ''],
      ['top-level string', '"evt_1"', ''],
    ];
    const before = await bed.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stripe_events');
    const problems: string[] = [];
    for (const [label, body, param, code = 'event_invalid'] of cases) {
      const res = await post(body, { 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload: body, secret: bed.fake.webhookSecret }) });
      const json = (await res.json()) as { error?: { code: string; param?: string } };
      if (res.status !== 400 || json.error?.code !== code || (param && json.error.param !== param)) {
        problems.push(`${label}: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      }
    }
    assert.deepEqual(problems, []);
    const afterwards = await bed.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stripe_events');
    assert.equal(afterwards.rows[0]!.n, before.rows[0]!.n);
    assert.deepEqual(bed.server.serverErrors, []);
    // An event of a type subkit does not act on is acknowledged whatever its object's id: recorded without one.
    const oddId = `evt_odd_object_${Date.now()}`;
    const odd = JSON.stringify({ ...base, id: oddId, data: { object: { id: 'x'.repeat(100_000) } } });
    const res = await post(odd, { 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload: odd, secret: bed.fake.webhookSecret }) });
    assert.equal(res.status, 200);
    assert.deepEqual((await bed.server.db.query('SELECT object_id FROM stripe_events WHERE id = $1', [oddId])).rows, [{ object_id: null }]);
  });

  test('a signed event nested deeper than a request body may be is refused before it is parsed (400 body_too_deep), and nothing is written', async () => {
    const base = JSON.parse(JSON.stringify(await heldEvent())) as Record<string, any>;
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    const within = (event: Record<string, unknown>, levels: number) => JSON.stringify({ ...event, data: { object: { id: 'cus_deep', deep: 0 } } }).replace('0}}', `${nested(levels)}}}`);
    const cases: [string, string][] = [
      // A type subkit acts on, whose object id is not one: refused for its depth before its id is looked at.
      ['100,000 levels inside data.object of an applied type', JSON.stringify({ ...base, id: `evt_deep_pi_${Date.now()}`, type: 'payment_intent.succeeded', data: { object: { id: 7, deep: 0 } } }).replace('0}}', `${nested(100_000)}}}`)],
      // A type subkit does not act on: it was acknowledged (200) and recorded after ~1.5 s of CPU on the parse.
      ['500,000 levels inside data.object of an ignored type', within({ ...base, id: `evt_deep_ignored_${Date.now()}` }, 499_900)],
      ['33 levels inside data.object', within({ ...base, id: `evt_deep_33_${Date.now()}` }, 30)],
      ['500,000 levels as the body', nested(500_000)],
    ];
    const before = await bed.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stripe_events');
    const problems: string[] = [];
    for (const [label, body] of cases) {
      const res = await post(body, { 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload: body, secret: bed.fake.webhookSecret }) });
      const json = (await res.json()) as { error?: { code: string } };
      if (res.status !== 400 || json.error?.code !== 'body_too_deep') problems.push(`${label}: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
    }
    assert.deepEqual(problems, []);
    const afterwards = await bed.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stripe_events');
    assert.equal(afterwards.rows[0]!.n, before.rows[0]!.n);
    // 32 levels in all is what a request body may have: such an event is acknowledged.
    const deepest = within({ ...base, id: `evt_deep_32_${Date.now()}` }, 29);
    const res = await post(deepest, { 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload: deepest, secret: bed.fake.webhookSecret }) });
    assert.equal(res.status, 200, await res.text());
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
