/**
 * The idempotency sweep over every write endpoint of core's table:
 * - called validly with an Idempotency-Key and then again with the same key, it answers the second time with
 *   the first answer's exact bytes, marked as a replay, and does nothing more;
 * - the same key with another request — another endpoint, or this endpoint with another valid body — answers
 *   422 `idempotency_key_reused` on the Idempotency-Key and does nothing at all.
 * The server runs with `validateResponses`, under which the router refuses (500) an answer that was not
 * stored in the transaction of its effect — so a handler that breaks the pattern of idempotency/index.ts
 * fails here, whoever adds it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buyerEndpoints, merchantEndpoints, type Endpoint } from '@subkit/core';
import { startTestServer, type TestServer } from '../harness.js';
import { callersFor, createFixtures, type FuzzFixtures } from './fixtures.js';
import { validParts, validRequest } from './hostile.js';
import { changedTables, databaseSnapshot, errorOf, sendRaw, type RawRequest } from './raw.js';

const writes = ([...Object.entries(merchantEndpoints), ...Object.entries(buyerEndpoints)] as [string, Endpoint][]).filter(([, e]) => e.method !== 'GET');

describe('idempotency sweep: every write endpoint replays its first answer byte for byte, and refuses the key for another request', () => {
  let server: TestServer;
  let fixtures: FuzzFixtures;
  before(async () => {
    server = await startTestServer();
    fixtures = await createFixtures(server);
  });
  after(() => server.close());

  const requestOf = (endpoint: Endpoint) => validRequest(endpoint, { known: fixtures.known, ...callersFor(server, fixtures, endpoint) });
  const withKey = (request: RawRequest, key: string): RawRequest => ({ ...request, headers: { ...request.headers, 'idempotency-key': key } });

  /** Other requests of the same caller: the next write endpoint with the same credentials, and this one with its fullest valid body. */
  function otherRequests(name: string, endpoint: Endpoint): { label: string; request: RawRequest }[] {
    const others: { label: string; request: RawRequest }[] = [];
    const sameCaller = writes.find(([n, e]) => n !== name && e.auth === endpoint.auth && e.path !== endpoint.path);
    if (sameCaller) others.push({ label: `${sameCaller[1].method} ${sameCaller[1].path}`, request: requestOf(sameCaller[1]) });
    const { body, fullBody } = validParts(endpoint, fixtures.known);
    if (endpoint.body && JSON.stringify(fullBody) !== JSON.stringify(body) && endpoint.body.safeParse(fullBody).success) {
      others.push({ label: 'another valid body', request: { ...requestOf(endpoint), body: JSON.stringify(fullBody) } });
    }
    return others;
  }

  for (const [name, endpoint] of writes) {
    it(`${endpoint.method} ${endpoint.path} (${name})`, async () => {
      const key = `sweep-${name}-${Date.now()}`;
      const keyed = withKey(requestOf(endpoint), key);
      const first = await sendRaw(server.url, keyed);
      assert.ok(first.status < 500, `${name} answered ${first.status}: ${first.text.slice(0, 300)}`);
      const before = await databaseSnapshot(server.db);
      const second = await sendRaw(server.url, keyed);
      assert.equal(second.status, first.status);
      assert.equal(second.headers['idempotent-replayed'], 'true', `${name}: the second call (${second.status}) is not a replay: ${second.text.slice(0, 200)}`);
      assert.equal(second.text, first.text, 'the same bytes');

      const others = otherRequests(name, endpoint);
      assert.ok(others.length > 0, 'every write endpoint has another request to try the key with');
      for (const other of others) {
        const reused = await sendRaw(server.url, withKey(other.request, key));
        assert.equal(reused.status, 422, `${other.label} with ${name}'s key answered ${reused.status}: ${reused.text.slice(0, 200)}`);
        assert.equal(errorOf(reused)?.code, 'idempotency_key_reused');
        assert.equal(errorOf(reused)?.param, 'Idempotency-Key');
      }
      assert.deepEqual(changedTables(before, await databaseSnapshot(server.db)), [], 'neither a replay nor a refused reuse changes anything');
      assert.deepEqual(server.serverErrors, []);
    });
  }
});
