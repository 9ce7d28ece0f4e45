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
import { answerProblem, changedTables, databaseSnapshot, sendRaw, withReadsAgent } from './raw.js';

/**
 * The cases the database cannot change (HostileCase.transport: encodings, bombs, methods, headers, query
 * shapes, broken bodies) run on PGlite only — on each database they cost the same CPU for the same answer
 * (~90 s on PGlite and ~30 s on Postgres per run). Everything that reaches SQL runs on both.
 */
const TRANSPORT_HERE = process.env.SUBKIT_TEST_DB !== 'postgres';

/**
 * SQL a transport case may issue whatever it is: looking up the caller's credentials (every request), and
 * the test clock's refresh (engine/run/clock.ts: in the background, once a second, by whichever request comes).
 */
const ANY_REQUEST_SQL = /\bFROM (buyer_sessions|merchant_sessions|test_clock)\b/;

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
  let transportTotal = 0;
  /** The SQL the server issued while a request was in flight, when recording. */
  let sqlSeen: string[] | null = null;
  before(async () => {
    server = await startTestServer();
    fixtures = await createFixtures(server);
    await prepareBombs();
    // The server runs in this process on this database object: its statements pass here.
    const db = server.db as { query: TestServer['db']['query']; transaction: TestServer['db']['transaction'] };
    const query = db.query.bind(db);
    const transaction = db.transaction.bind(db);
    db.query = ((text: string, params?: unknown[]) => (sqlSeen?.push(text), query(text, params))) as typeof db.query;
    db.transaction = ((fn: Parameters<typeof transaction>[0]) => (sqlSeen?.push('BEGIN'), transaction(fn))) as typeof db.transaction;
  });
  after(async () => {
    const where = TRANSPORT_HERE ? `${transportTotal} of them database-independent, sent on PGlite only` : 'the database-independent ones are sent on PGlite only';
    process.stdout.write(`# fuzz: ${total} hostile requests over ${endpoints.length} endpoints (${where})\n`);
    await server.close();
  });

  const reads = endpoints.filter(([, endpoint]) => endpoint.method === 'GET' || endpoint.path.endsWith('/preview'));
  /** Every read and preview, valid; the reads change nothing a buyer owns, so they go out together, as a storefront's widgets do. */
  async function readAll() {
    return withReadsAgent((agent) =>
      Promise.all(
        reads.map(([name, endpoint]) => {
          const request = validRequest(endpoint, { known: fixtures.known, ...callersFor(server, fixtures, endpoint) });
          // The smallest valid change body changes nothing (400 no_change): preview a real one, two more seats.
          const body = name === 'previewSubscriptionChange' ? JSON.stringify({ expectedVersion: fixtures.known.fleetVersion, quantity: 7 }) : request.body;
          return sendRaw(server.url, { ...request, ...(body === undefined ? {} : { body }) }, agent);
        }),
      ),
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
      for (const c of hostileCases(endpoint, ctx).filter((h) => TRANSPORT_HERE || !h.transport)) {
        total++;
        if (c.transport) transportTotal++;
        sqlSeen = c.transport ? [] : null;
        const res = await sendRaw(server.url, c.request);
        const problem = answerProblem(res, c.request.method) ?? c.check?.(res);
        if (problem) problems.push(`${c.label}: ${problem}`);
        // A case sent on one database only must not reach it: else it belongs on both.
        const reached = sqlSeen?.find((text) => !ANY_REQUEST_SQL.test(text));
        if (reached) problems.push(`${c.label}: marked database-independent, yet issued SQL: ${reached.replace(/\s+/g, ' ').slice(0, 80)}`);
        sqlSeen = null;
        // The server runs in this process: a body or query that reached Object.prototype shows here.
        const polluted = Object.getOwnPropertyNames(Object.prototype).filter((n) => !PROTOTYPE_NAMES.has(n));
        if (polluted.length) problems.push(`${c.label}: Object.prototype gained ${polluted.join(', ')}`);
        const nowMark = await writeMark(server);
        if (nowMark === mark) continue;
        const now = await databaseSnapshot(server.db);
        const changed = changedTables(snapshot, now);
        if (res.status >= 400 && changed.length > 0) problems.push(`${c.label}: answered ${res.status} yet changed ${changed.join(', ')}`);
        if (res.status < 400 && changed.length > 0) for (const p of await sweep()) problems.push(`${c.label} was accepted (${res.status}); ${p}`);
        // Marked before it is snapshotted: a write in between makes the next case snapshot again, never miss one.
        // Unmarked since `now` was taken (the sweep's reads wrote nothing), the database is still `now`.
        mark = await writeMark(server);
        snapshot = mark === nowMark ? now : await databaseSnapshot(server.db);
      }
      server.serverErrors.length = 0;
      assert.deepEqual(problems, [], `${problems.length} problem(s):\n${problems.join('\n')}`);
    });
  }
});
