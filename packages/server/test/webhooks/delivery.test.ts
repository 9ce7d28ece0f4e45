import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { API_VERSION, Company, Invoice, WebhookEvent } from '@subkit/core';
import { recordEvent } from '../../src/db/events.js';
import { createWebhookWorker, verifyWebhook, type WebhookWorker } from '../../src/webhooks/index.js';
import { asBuyer, card, CARDS, IDS, MONTHLY } from '../billing/helpers.js';
import { startTestServer, type TestServer } from '../harness.js';
import { startReceiver, type Receiver } from './receiver.js';

const T0 = new Date('2027-03-01T09:00:00.000Z');

describe('webhook delivery', () => {
  let server: TestServer;
  let receiver: Receiver;
  let worker: WebhookWorker;
  const sk = () => ({ token: server.config.secretKey });

  async function addEndpoint(body: Record<string, unknown> = {}) {
    const res = await server.request('POST', '/v1/webhook-endpoints', { ...sk(), body: { url: receiver.url, ...body } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { id: string; secret: string };
  }

  async function upsertCompany(id: string, name: string) {
    const res = await server.request('POST', '/v1/companies', { ...sk(), body: { id, name } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }

  async function deliveries(query = '') {
    const res = await server.request('GET', `/v1/webhook-deliveries${query}`, sk());
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data as any[];
  }

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());
  beforeEach(async () => {
    server.clock.set(T0);
    receiver = await startReceiver();
    worker = createWebhookWorker({ db: server.db, config: server.config, clock: server.clock.now, random: () => 0.5 });
    // Each test starts with no endpoints of its own.
    await server.db.query("UPDATE webhook_endpoints SET deleted_at = now() WHERE deleted_at IS NULL");
  });
  afterEach(async () => {
    await worker.stop();
    await receiver.close();
  });

  it('delivers a change as a signed event that verifyWebhook accepts, with id, type, API version, time, sequence and the full object', async () => {
    const endpoint = await addEndpoint();
    const company = await upsertCompany('co_webhook_a', 'Initech AG');
    const pass = await worker.runOnce();
    assert.deepEqual(pass, { attempted: 1, delivered: 1, failed: 0 });
    assert.equal(receiver.received.length, 1);
    const got = receiver.received[0]!;
    const event = verifyWebhook(got.rawBody, got.headers['subkit-signature'] as string, endpoint.secret, { toleranceSeconds: 300 });
    assert.equal(WebhookEvent.safeParse(event).success, true);
    assert.equal(event.type, 'company.created');
    assert.equal(event.apiVersion, API_VERSION);
    assert.equal(event.createdAt, T0.toISOString());
    assert.equal(event.sequence, 1);
    assert.equal(event.companyId, 'co_webhook_a');
    assert.deepEqual(event.data.object, company);
    assert.equal(Company.safeParse(event.data.object).success, true, 'the snapshot is a whole company as the API renders it');
    assert.equal(got.headers['subkit-event-id'], event.id);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.throws(() => verifyWebhook(got.rawBody, got.headers['subkit-signature'] as string, 'whsec_wrong'), { code: 'no_matching_signature' });
  });

  it('numbers the events of one object 1, 2, 3 so a receiver can order them', async () => {
    await addEndpoint();
    await upsertCompany('co_webhook_seq', 'Hooli v1');
    await upsertCompany('co_webhook_seq', 'Hooli v2');
    await upsertCompany('co_webhook_seq', 'Hooli v3');
    await worker.runOnce();
    const events = receiver.received.map((r) => r.json).sort((a, b) => a.sequence - b.sequence);
    assert.deepEqual(
      events.map((e) => [e.type, e.sequence, e.data.object.name]),
      [
        ['company.created', 1, 'Hooli v1'],
        ['company.updated', 2, 'Hooli v2'],
        ['company.updated', 3, 'Hooli v3'],
      ],
    );
    assert.equal(new Set(events.map((e) => e.id)).size, 3);
  });

  it('a receiver failing 3 times then answering 200 gets the event once more, with backoff, and it is marked delivered', async () => {
    const endpoint = await addEndpoint();
    receiver.answer({ status: 500, body: 'db down' }, { status: 502 }, { status: 503, body: 'maintenance' });
    await upsertCompany('co_webhook_retry', 'Umbrella plc');
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      assert.equal((await worker.runOnce()).failed, 1);
      assert.equal((await worker.runOnce()).attempted, 0, 'not retried before its time');
      const [delivery] = await deliveries(`?endpointId=${endpoint.id}`);
      const wait = Date.parse(delivery.nextAttemptAt) - server.clock.now().getTime();
      gaps.push(wait / 1000);
      server.clock.advance(wait / 1000);
    }
    assert.deepEqual(gaps, [60, 120, 240], 'exponential backoff: 1, 2, 4 minutes (jitter pinned to its middle)');
    assert.deepEqual(await worker.runOnce(), { attempted: 1, delivered: 1, failed: 0 });
    server.clock.advance(7 * 24 * 3600);
    assert.equal((await worker.runOnce()).attempted, 0, 'a delivered event is not sent again');

    assert.equal(receiver.received.length, 4);
    assert.equal(new Set(receiver.received.map((r) => r.json.id)).size, 1, 'the same event id on every attempt');
    assert.equal(new Set(receiver.received.map((r) => r.rawBody)).size, 1, 'the same body on every attempt');
    assert.deepEqual(
      receiver.received.map((r) => r.headers['subkit-delivery-attempt']),
      ['1', '2', '3', '4'],
    );
    const [delivery] = await deliveries(`?endpointId=${endpoint.id}`);
    assert.equal(delivery.status, 'delivered');
    assert.equal(delivery.attemptCount, 4);
    assert.equal(delivery.nextAttemptAt, null);
    assert.deepEqual(
      delivery.attempts.map((a: any) => [a.number, a.responseStatus, a.responseExcerpt]),
      [
        [1, 500, 'db down'],
        [2, 502, ''],
        [3, 503, 'maintenance'],
        [4, 200, '{"received":true}'],
      ],
    );
    assert.ok(delivery.attempts.every((a: any) => Number.isInteger(a.durationMs) && a.durationMs >= 0));
  });

  it('a rolled-back change emits nothing: no event, no delivery, nothing received', async () => {
    await addEndpoint();
    const before = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    await assert.rejects(
      server.db.transaction(async (tx) => {
        await tx.query("UPDATE companies SET name = 'Renamed' WHERE id = 'co_acme'");
        await recordEvent(tx, {
          type: 'company.updated',
          companyId: 'co_acme',
          mode: 'test',
          object: { id: 'co_acme', object: 'company', name: 'Renamed' },
          at: server.clock.now(),
        });
        throw new Error('the change fails after its event was written');
      }),
      /the change fails/,
    );
    // Through the API: a card checkout declined by the processor is rolled back as a whole.
    const globex = await asBuyer(server, 'globex-admin');
    const declined = await globex.post('/v1/checkout', {
      planId: IDS.starter,
      currency: 'USD',
      recurring: MONTHLY,
      quantity: 2,
      payment: { method: 'card', testCard: card(CARDS.decline) },
    });
    assert.equal(declined.status, 402);
    await worker.runOnce();
    const types = receiver.received.map((r) => r.json.type);
    assert.ok(!types.includes('company.updated') && !types.includes('subscription.created') && !types.includes('invoice.created'), types.join());
    const now = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    assert.equal(now.rows[0]!.n - before.rows[0]!.n, receiver.received.length, 'every event written was delivered, and only those');
    const renamed = await server.db.query<{ name: string }>("SELECT name FROM companies WHERE id = 'co_acme'");
    assert.notEqual(renamed.rows[0]!.name, 'Renamed');
  });

  it('an endpoint gets only the types it subscribed to; a deleted endpoint gets nothing', async () => {
    const invoicesOnly = await addEndpoint({ events: ['invoice.paid', 'invoice.created'] });
    const gone = await addEndpoint();
    assert.equal((await server.request('DELETE', `/v1/webhook-endpoints/${gone.id}`, sk())).status, 200);
    await upsertCompany('co_webhook_filter', 'Stark GmbH');
    assert.equal((await worker.runOnce()).attempted, 0);
    assert.equal(receiver.received.length, 0);
    const acme = await asBuyer(server, 'acme-admin');
    const bought = await acme.post('/v1/checkout', {
      planId: IDS.starter,
      currency: 'EUR',
      recurring: MONTHLY,
      quantity: 2,
      payment: { method: 'invoice', poNumber: 'PO-1' },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    await worker.runOnce();
    assert.deepEqual(receiver.received.map((r) => r.json.type), ['invoice.created']);
    assert.equal(receiver.received[0]!.json.data.object.id, bought.body.invoiceId);
    const snapshot = receiver.received[0]!.json.data.object;
    assert.equal(Invoice.safeParse(snapshot).success, true, 'the whole invoice as GET /v1/invoices/:id renders it');
    assert.ok(snapshot.lines.length > 0 && Array.isArray(snapshot.taxLines), 'with its lines and tax lines');
    assert.equal((await deliveries(`?endpointId=${invoicesOnly.id}`)).length, 1);
    assert.equal((await deliveries(`?endpointId=${gone.id}`)).length, 0);
  });

  it('a rotated secret: both signatures during the overlap, only the new one after it', async () => {
    const endpoint = await addEndpoint();
    const rotated = await server.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { ...sk(), body: { overlapSeconds: 3600 } });
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.secret, /^whsec_/);
    assert.notEqual(rotated.body.secret, endpoint.secret);
    assert.equal(rotated.body.previousSecretExpiresAt, new Date(T0.getTime() + 3600_000).toISOString());
    await upsertCompany('co_webhook_rot', 'Wayne Enterprises');
    await worker.runOnce();
    const during = receiver.received[0]!;
    assert.equal((during.headers['subkit-signature'] as string).split(',v1=').length, 3, 't= and two v1= signatures');
    verifyWebhook(during.rawBody, during.headers['subkit-signature'] as string, endpoint.secret);
    verifyWebhook(during.rawBody, during.headers['subkit-signature'] as string, rotated.body.secret);

    server.clock.advance(3601);
    await upsertCompany('co_webhook_rot', 'Wayne Enterprises Inc.');
    await worker.runOnce();
    const afterOverlap = receiver.received[1]!;
    verifyWebhook(afterOverlap.rawBody, afterOverlap.headers['subkit-signature'] as string, rotated.body.secret);
    assert.throws(() => verifyWebhook(afterOverlap.rawBody, afterOverlap.headers['subkit-signature'] as string, endpoint.secret), {
      code: 'no_matching_signature',
    });
    const shown = await server.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, sk());
    assert.equal(shown.body.secret, undefined, 'the secret is shown only when made');
  });

  it('gives up after 3 days of retries, and disables an endpoint failing for 3 days with a webhook_endpoint.disabled event', async () => {
    const failing = await addEndpoint({ url: `${receiver.url}/failing`, description: 'ERP' });
    const healthy = await startReceiver();
    try {
      const watcher = await server.request('POST', '/v1/webhook-endpoints', { ...sk(), body: { url: healthy.url, events: ['webhook_endpoint.disabled'] } });
      receiver.answer(...Array.from({ length: 40 }, () => ({ status: 500 })));
      await upsertCompany('co_webhook_dead', 'Soylent Corp');
      let rounds = 0;
      while (rounds++ < 40) {
        await worker.runOnce();
        const [delivery] = await deliveries(`?endpointId=${failing.id}`);
        if (delivery.status !== 'pending') break;
        server.clock.set(new Date(delivery.nextAttemptAt));
      }
      const [delivery] = await deliveries(`?endpointId=${failing.id}`);
      assert.equal(delivery.status, 'failed');
      const span = Date.parse(delivery.attempts.at(-1).at) - T0.getTime();
      assert.ok(span <= 3 * 24 * 3600_000 && span > 2 * 24 * 3600_000, `last attempt ${span / 3600_000} h after the event`);
      assert.ok(delivery.attemptCount >= 10 && delivery.attemptCount <= 20, `${delivery.attemptCount} attempts`);

      const endpoint = (await server.request('GET', `/v1/webhook-endpoints/${failing.id}`, sk())).body;
      assert.equal(endpoint.status, 'disabled');
      assert.equal(endpoint.disabledReason, 'failing');
      assert.equal(endpoint.health.lastSuccessAt, null);
      await worker.runOnce();
      const notice = healthy.received.map((r) => r.json).find((e) => e.type === 'webhook_endpoint.disabled');
      assert.ok(notice, 'the other endpoint is told');
      assert.equal(notice.data.object.id, failing.id);
      assert.equal(notice.data.object.secret, undefined, 'never the secret');
      assert.equal(watcher.status, 200);

      // Back on, and everything it missed since the event is sent again.
      const on = await server.request('PATCH', `/v1/webhook-endpoints/${failing.id}`, { ...sk(), body: { enabled: true } });
      assert.equal(on.body.status, 'enabled');
      assert.equal(on.body.health.failingSince, null);
      receiver.received.length = 0;
      receiver.answer();
      const redo = await server.request('POST', `/v1/webhook-endpoints/${failing.id}/redeliver`, { ...sk(), body: { since: T0.toISOString() } });
      assert.equal(redo.status, 200, JSON.stringify(redo.body));
      assert.ok(redo.body.queued >= 1);
    } finally {
      await healthy.close();
    }
  });
});
