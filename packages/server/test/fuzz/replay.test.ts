/**
 * The idempotency sweep: every write endpoint of core's table, called validly with an Idempotency-Key and
 * then again with the same key, answers the second time with the first answer's exact bytes, marked as a
 * replay, and does nothing more. The server runs with `validateResponses`, under which the router refuses
 * (500) an answer that was not stored in the transaction of its effect — so a handler that breaks the
 * pattern of idempotency/index.ts fails here, whoever adds it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buyerEndpoints, merchantEndpoints, type Endpoint } from '@subkit/core';
import { startTestServer, type TestServer } from '../harness.js';
import { callersFor, createFixtures, type FuzzFixtures } from './fixtures.js';
import { validRequest } from './hostile.js';
import { changedTables, databaseSnapshot, sendRaw } from './raw.js';

const writes = ([...Object.entries(merchantEndpoints), ...Object.entries(buyerEndpoints)] as [string, Endpoint][]).filter(([, e]) => e.method !== 'GET');

describe('idempotency sweep: every write endpoint replays its first answer byte for byte', () => {
  let server: TestServer;
  let fixtures: FuzzFixtures;
  before(async () => {
    server = await startTestServer();
    fixtures = await createFixtures(server);
  });
  after(() => server.close());

  for (const [name, endpoint] of writes) {
    it(`${endpoint.method} ${endpoint.path} (${name})`, async () => {
      const request = validRequest(endpoint, { known: fixtures.known, ...callersFor(server, fixtures, endpoint) });
      const keyed = { ...request, headers: { ...request.headers, 'idempotency-key': `sweep-${name}-${Date.now()}` } };
      const first = await sendRaw(server.url, keyed);
      assert.ok(first.status < 500, `${name} answered ${first.status}: ${first.text.slice(0, 300)}`);
      const before = await databaseSnapshot(server.db);
      const second = await sendRaw(server.url, keyed);
      assert.equal(second.status, first.status);
      assert.equal(second.headers['idempotent-replayed'], 'true', `${name}: the second call (${second.status}) is not a replay: ${second.text.slice(0, 200)}`);
      assert.equal(second.text, first.text, 'the same bytes');
      assert.deepEqual(changedTables(before, await databaseSnapshot(server.db)), [], 'a replay changes nothing');
      assert.deepEqual(server.serverErrors, []);
    });
  }
});
