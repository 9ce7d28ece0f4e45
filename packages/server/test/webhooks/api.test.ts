import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeys } from '../../src/auth/keys.js';
import { createWebhookWorker } from '../../src/webhooks/index.js';
import { startTestServer, type TestServer } from '../harness.js';
import { startReceiver, type Receiver } from './receiver.js';

const T0 = new Date('2027-05-01T08:00:00.000Z');

describe('webhook endpoints and the event log API', () => {
  let server: TestServer;
  let receiver: Receiver;
  const sk = () => ({ token: server.config.secretKey });
  const call = (method: string, path: string, body?: unknown) => server.request(method, path, { ...sk(), ...(body === undefined ? {} : { body }) });

  before(async () => {
    server = await startTestServer();
    server.clock.set(T0);
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await server.close();
  });

  it('creates an endpoint: every event type by default, enabled, the secret in this answer only', async () => {
    const res = await call('POST', '/v1/webhook-endpoints', { url: receiver.url, description: 'ERP sync' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.id, /^we_/);
    assert.match(res.body.secret, /^whsec_\w{32}$/);
    assert.deepEqual(res.body.events, ['*']);
    assert.equal(res.body.status, 'enabled');
    assert.equal(res.body.description, 'ERP sync');
    assert.deepEqual(res.body.health, { pending: 0, lastAttemptAt: null, lastSuccessAt: null, failingSince: null });
    const list = await call('GET', '/v1/webhook-endpoints');
    assert.equal(list.status, 200);
    const listed = list.body.data.find((e: any) => e.id === res.body.id);
    assert.equal(listed.url, receiver.url);
    assert.equal('secret' in listed, false);
    const stored = await server.db.query<{ secret: string }>('SELECT secret FROM webhook_endpoints WHERE id = $1', [res.body.id]);
    assert.equal(stored.rows[0]!.secret, res.body.secret);
  });

  it('updates URL, types and description, turns an endpoint off and on, and deletes it', async () => {
    const { body: created } = await call('POST', '/v1/webhook-endpoints', { url: receiver.url });
    const changed = await call('PATCH', `/v1/webhook-endpoints/${created.id}`, { url: `${receiver.url}/v2`, events: ['invoice.paid', 'invoice.paid', 'payment.failed'], description: null });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.url, `${receiver.url}/v2`);
    assert.deepEqual(changed.body.events, ['invoice.paid', 'payment.failed']);
    assert.equal(changed.body.description, null);
    const off = await call('PATCH', `/v1/webhook-endpoints/${created.id}`, { enabled: false });
    assert.deepEqual([off.body.status, off.body.disabledReason], ['disabled', 'merchant']);
    const on = await call('PATCH', `/v1/webhook-endpoints/${created.id}`, { enabled: true });
    assert.deepEqual([on.body.status, on.body.disabledReason], ['enabled', null]);
    const deleted = await call('DELETE', `/v1/webhook-endpoints/${created.id}`);
    assert.deepEqual(deleted.body, { id: created.id, object: 'webhook_endpoint', deleted: true });
    assert.equal((await call('GET', `/v1/webhook-endpoints/${created.id}`)).status, 404);
    assert.equal((await call('DELETE', `/v1/webhook-endpoints/${created.id}`)).status, 404);
  });

  it('refuses bad input with a 400 naming the field, and changes nothing', async () => {
    const count = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_endpoints')).rows[0]!.n;
    const before = await count();
    const cases: [unknown, string][] = [
      [{}, 'url'],
      [{ url: 'ftp://erp.example/x' }, 'url'],
      [{ url: 'https://user:pass@erp.example/x' }, 'url'],
      [{ url: 'https://erp.example/x#frag' }, 'url'],
      [{ url: `https://erp.example/${'a'.repeat(2100)}` }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 42 }, 'url'],
      [{ url: 'https://erp.example/x', events: ['invoice.exploded'] }, 'events.0'],
      [{ url: 'https://erp.example/x', events: [] }, 'events'],
      [{ url: 'https://erp.example/x', events: 'invoice.paid' }, 'events'],
      [{ url: 'https://erp.example/x', description: 'x'.repeat(501) }, 'description'],
    ];
    for (const [body, param] of cases) {
      const res = await call('POST', '/v1/webhook-endpoints', body);
      assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
      assert.equal(res.body.error.type, 'invalid_request_error');
      assert.equal(res.body.error.param, param, JSON.stringify(res.body));
    }
    assert.equal(await count(), before);
    const { body: endpoint } = await call('POST', '/v1/webhook-endpoints', { url: receiver.url });
    for (const [method, path, body, status, param] of [
      ['PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: 'yes' }, 400, 'enabled'],
      ['PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { url: 'javascript:alert(1)' }, 400, 'url'],
      ['POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlapSeconds: -1 }, 400, 'overlapSeconds'],
      ['POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlapSeconds: 8 * 24 * 3600 }, 400, 'overlapSeconds'],
      ['POST', `/v1/webhook-endpoints/${endpoint.id}/redeliver`, { since: 'yesterday' }, 400, 'since'],
      ['POST', `/v1/webhook-endpoints/${endpoint.id}/redeliver`, { since: T0.toISOString(), until: T0.toISOString() }, 400, 'until'],
      ['PATCH', '/v1/webhook-endpoints/we_missing', { enabled: true }, 404, 'endpointId'],
      ['POST', '/v1/webhook-endpoints/we_missing/rotate-secret', {}, 404, 'endpointId'],
      ['POST', '/v1/webhook-endpoints/we_missing/redeliver', { since: T0.toISOString() }, 404, 'endpointId'],
      ['POST', '/v1/events/evt_missing/redeliver', {}, 404, 'eventId'],
      ['GET', '/v1/events/evt_missing', undefined, 404, 'eventId'],
      ['GET', '/v1/events?type=invoice', undefined, 400, 'type'],
      ['GET', '/v1/events?createdGte=tuesday', undefined, 400, 'createdGte'],
      ['GET', '/v1/events?limit=1000', undefined, 400, 'limit'],
      ['GET', '/v1/events?cursor=bm9wZQ', undefined, 400, 'cursor'],
      ['GET', '/v1/webhook-deliveries?status=lost', undefined, 400, 'status'],
    ] as const) {
      const res = await call(method, path, body);
      assert.equal(res.status, status, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.param, param, `${method} ${path}: ${JSON.stringify(res.body)}`);
    }
  });

  it('only the secret key reaches these endpoints', async () => {
    const buyer = await server.mintSession('acme-admin');
    for (const [method, path] of [
      ['GET', '/v1/webhook-endpoints'],
      ['POST', '/v1/webhook-endpoints'],
      ['GET', '/v1/events'],
      ['GET', '/v1/webhook-deliveries'],
    ]) {
      const body = method === 'GET' ? {} : { body: { url: receiver.url } };
      assert.equal((await server.request(method!, path!, body)).status, 401, `${method} ${path} without a key`);
      assert.equal((await server.request(method!, path!, { token: buyer, ...body })).status, 401, `${method} ${path} with a buyer session`);
      assert.equal((await server.request(method!, path!, { token: server.config.publishableKey, ...body })).status, 401);
    }
  });

  it('allows 16 endpoints per mode', async () => {
    const existing = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_endpoints WHERE deleted_at IS NULL')).rows[0]!.n;
    for (let i = existing; i < 16; i++) assert.equal((await call('POST', '/v1/webhook-endpoints', { url: `${receiver.url}/${i}` })).status, 200);
    const over = await call('POST', '/v1/webhook-endpoints', { url: `${receiver.url}/17` });
    assert.equal(over.status, 400);
    assert.equal(over.body.error.code, 'endpoint_limit_reached');
    await server.db.query('UPDATE webhook_endpoints SET deleted_at = now()');
  });

  it('lists events newest first with filters by type, family, company, object and time, page by page', async () => {
    server.clock.set(new Date('2027-06-01T00:00:00Z'));
    await call('POST', '/v1/companies', { id: 'co_log_a', name: 'Log A' });
    server.clock.advance(60);
    await call('POST', '/v1/companies', { id: 'co_log_a', name: 'Log A2' });
    server.clock.advance(60);
    await call('POST', '/v1/companies', { id: 'co_log_b', name: 'Log B' });
    const since = '2027-06-01T00:00:00.000Z';
    const all = await call('GET', `/v1/events?createdGte=${since}`);
    assert.deepEqual(
      all.body.data.map((e: any) => [e.type, e.data.object.name, e.sequence]),
      [
        ['company.created', 'Log B', 1],
        ['company.updated', 'Log A2', 2],
        ['company.created', 'Log A', 1],
      ],
    );
    const names = async (query: string) => (await call('GET', `/v1/events?createdGte=${since}&${query}`)).body.data.map((e: any) => e.data.object.name);
    assert.deepEqual(await names('type=company.updated'), ['Log A2']);
    assert.deepEqual(await names('type=company.*'), ['Log B', 'Log A2', 'Log A']);
    assert.deepEqual(await names('type=invoice.*'), []);
    assert.deepEqual(await names('companyId=co_log_a'), ['Log A2', 'Log A']);
    assert.deepEqual(await names('objectId=co_log_b'), ['Log B']);
    assert.deepEqual(await names('createdLt=2027-06-01T00:01:00.000Z'), ['Log A']);
    const first = await call('GET', `/v1/events?createdGte=${since}&limit=2`);
    assert.equal(first.body.hasMore, true);
    const second = await call('GET', `/v1/events?createdGte=${since}&limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.data.map((e: any) => e.data.object.name), ['Log A']);
    assert.equal(second.body.hasMore, false);
    const one = await call('GET', `/v1/events/${all.body.data[0].id}`);
    assert.deepEqual(one.body, all.body.data[0]);
  });

  it('redelivers one event, and everything since an instant — also events from before the endpoint existed', async () => {
    server.clock.set(new Date('2027-07-01T00:00:00Z'));
    await call('POST', '/v1/companies', { id: 'co_replay', name: 'Replay Ltd' });
    const [event] = (await call('GET', '/v1/events?objectId=co_replay')).body.data;
    const { body: endpoint } = await call('POST', '/v1/webhook-endpoints', { url: receiver.url });
    const worker = createWebhookWorker({ db: server.db, config: server.config, clock: server.clock.now });
    assert.equal((await worker.runOnce()).attempted, 0, 'a new endpoint gets no past events by itself');

    const replay = await call('POST', `/v1/webhook-endpoints/${endpoint.id}/redeliver`, { since: '2027-07-01T00:00:00.000Z' });
    assert.deepEqual(replay.body, { object: 'redelivery', queued: 1 });
    await worker.runOnce();
    assert.deepEqual(receiver.received.map((r) => r.json.id), [event.id]);

    const again = await call('POST', `/v1/events/${event.id}/redeliver`, { endpointId: endpoint.id });
    assert.deepEqual(again.body, { object: 'redelivery', queued: 1 });
    await worker.runOnce();
    assert.deepEqual(receiver.received.map((r) => r.json.id), [event.id, event.id]);
    const [delivery] = (await call('GET', `/v1/webhook-deliveries?eventId=${event.id}`)).body.data;
    assert.equal(delivery.status, 'delivered');
    assert.deepEqual(delivery.attempts.map((a: any) => a.responseStatus), [200, 200]);
    assert.equal((await call('POST', `/v1/events/${event.id}/redeliver`, {})).body.queued, 1, 'to every enabled endpoint it goes to');
  });
});

describe('webhooks in live mode', () => {
  let server: TestServer;
  let receiver: Receiver;
  before(async () => {
    // Live mode collects with Stripe (it does not start otherwise); these keys are never called here.
    const stripe = { secretKey: 'sk_live_never_called', publishableKey: 'pk_live_never_called', webhookSecret: 'whsec_never_called' };
    server = await startTestServer({ config: { ...generateKeys('live'), payments: 'stripe', stripe } });
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await server.close();
  });

  it('refuses endpoints on http, localhost or a private address', async () => {
    for (const [url, code] of [
      ['http://erp.example/hooks', 'url_not_https'],
      ['https://localhost/hooks', 'url_not_public'],
      ['https://api.localhost/hooks', 'url_not_public'],
      ['https://127.0.0.1/hooks', 'url_not_public'],
      ['https://10.0.0.8/hooks', 'url_not_public'],
      ['https://[::1]/hooks', 'url_not_public'],
      ['https://169.254.169.254/latest', 'url_not_public'],
    ] as const) {
      const res = await server.request('POST', '/v1/webhook-endpoints', { token: server.config.secretKey, body: { url } });
      assert.equal(res.status, 400, url);
      assert.deepEqual([res.body.error.code, res.body.error.param], [code, 'url'], url);
    }
    const ok = await server.request('POST', '/v1/webhook-endpoints', { token: server.config.secretKey, body: { url: 'https://erp.example/hooks' } });
    assert.equal(ok.status, 200);
  });

  it('never sends to a name that resolves to loopback, whatever is stored: the attempt is logged as blocked', async () => {
    const port = new URL(receiver.url).port;
    await server.db.query(
      `INSERT INTO webhook_endpoints (id, mode, url, secret, created_at, updated_at) VALUES ('we_sneaky', 'live', $1, 'whsec_x', now(), now())`,
      [`https://localhost:${port}/hooks`],
    );
    await server.request('POST', '/v1/companies', { token: server.config.secretKey, body: { id: 'co_live', name: 'Live GmbH' } });
    const worker = createWebhookWorker({ db: server.db, config: server.config, clock: server.clock.now });
    await worker.runOnce();
    assert.equal(receiver.received.length, 0);
    const log = await server.request('GET', '/v1/webhook-deliveries?endpointId=we_sneaky', { token: server.config.secretKey });
    assert.equal(log.body.data[0].attempts[0].errorCode, 'blocked_address');
    assert.equal(log.body.data[0].attempts[0].responseStatus, null);
  });
});
