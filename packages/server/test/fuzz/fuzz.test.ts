/**
 * The fuzz suite: every endpoint of core's table (buyerEndpoints, merchantEndpoints — an endpoint added
 * there is fuzzed without touching this file) gets hostile input derived from its schemas. Every answer
 * must be a non-5xx in the documented error shape; a refused request must leave the database as it was;
 * and after every hostile value the server ACCEPTED, every read and preview must still answer without a
 * 5xx — an accepted extreme value must not poison what buyers see later.
 * Merchant endpoints go first: what a merchant call stores is then read by every buyer endpoint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buyerEndpoints, merchantEndpoints, type Endpoint } from '@subkit/core';
import { startTestServer, type TestServer } from '../harness.js';
import { callersFor, createFixtures, type FuzzFixtures } from './fixtures.js';
import { hostileCases, validRequest } from './hostile.js';
import { prepareBombs } from './hostile-wire.js';
import { answerProblem, changedTables, databaseSnapshot, sendRaw } from './raw.js';

/** Object.prototype's own names before any request. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

const endpoints: [string, Endpoint][] = [...Object.entries(merchantEndpoints), ...Object.entries(buyerEndpoints)];

/** The next transaction id Postgres would hand out: unchanged means no transaction wrote anything. */
async function writeMark(server: TestServer): Promise<string> {
  const { rows } = await server.db.query<{ xmax: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax');
  return rows[0]!.xmax;
}

describe('fuzz: hostile input on every endpoint of the table', () => {
  let server: TestServer;
  let fixtures: FuzzFixtures;
  let total = 0;
  before(async () => {
    server = await startTestServer();
    fixtures = await createFixtures(server);
    await prepareBombs();
  });
  after(async () => {
    process.stdout.write(`# fuzz: ${total} hostile requests over ${endpoints.length} endpoints\n`);
    await server.close();
  });

  const reads = endpoints.filter(([, endpoint]) => endpoint.method === 'GET' || endpoint.path.endsWith('/preview'));
  /** Every read and preview, valid; the reads change nothing a buyer owns, so they go out together, as a storefront's widgets do. */
  async function readAll() {
    return Promise.all(
      reads.map(([name, endpoint]) => {
        const request = validRequest(endpoint, { known: fixtures.known, ...callersFor(server, fixtures, endpoint) });
        // The smallest valid change body changes nothing (400 no_change): preview a real one, two more seats.
        const body = name === 'previewSubscriptionChange' ? JSON.stringify({ expectedVersion: fixtures.known.fleetVersion, quantity: 7 }) : request.body;
        return sendRaw(server.url, { ...request, ...(body === undefined ? {} : { body }) });
      }),
    );
  }

  /** Every read and preview after an accepted hostile value: none may answer 5xx. */
  async function sweep(): Promise<string[]> {
    const health = await sendRaw(server.url, { method: 'GET', path: '/healthz' });
    const problems = health.status === 200 ? [] : [`/healthz answered ${health.status}`];
    (await readAll()).forEach((res, i) => {
      const problem = answerProblem(res);
      if (problem) problems.push(`then ${reads[i]![0]} ${problem}`);
    });
    return problems;
  }

  it('the sweep reads real objects: every read and preview answers 200 before any hostile input', async () => {
    const refused = (await readAll()).flatMap((res, i) => (res.status === 200 ? [] : [`${reads[i]![0]} answered ${res.status}`]));
    assert.deepEqual(refused, []);
  });

  for (const [name, endpoint] of endpoints) {
    it(`${endpoint.method} ${endpoint.path} (${name})`, async () => {
      const ctx = { known: fixtures.known, ...callersFor(server, fixtures, endpoint) };
      const problems: string[] = [];
      let snapshot = await databaseSnapshot(server.db);
      let mark = await writeMark(server);
      for (const c of hostileCases(endpoint, ctx)) {
        total++;
        const res = await sendRaw(server.url, c.request);
        const problem = answerProblem(res, c.request.method) ?? c.check?.(res);
        if (problem) problems.push(`${c.label}: ${problem}`);
        // The server runs in this process: a body or query that reached Object.prototype shows here.
        const polluted = Object.getOwnPropertyNames(Object.prototype).filter((n) => !PROTOTYPE_NAMES.has(n));
        if (polluted.length) problems.push(`${c.label}: Object.prototype gained ${polluted.join(', ')}`);
        const nowMark = await writeMark(server);
        if (nowMark === mark) continue;
        const now = await databaseSnapshot(server.db);
        const changed = changedTables(snapshot, now);
        if (res.status >= 400 && changed.length > 0) problems.push(`${c.label}: answered ${res.status} yet changed ${changed.join(', ')}`);
        if (res.status < 400 && changed.length > 0) for (const p of await sweep()) problems.push(`${c.label} was accepted (${res.status}); ${p}`);
        snapshot = await databaseSnapshot(server.db);
        mark = await writeMark(server);
      }
      server.serverErrors.length = 0;
      assert.deepEqual(problems, [], `${problems.length} problem(s):\n${problems.join('\n')}`);
    });
  }
});
