/**
 * The fuzz suite: every endpoint of core's table (buyerEndpoints, merchantEndpoints — an endpoint added
 * there is fuzzed without touching this file) gets hostile input derived from its schemas. Every answer
 * must be a non-5xx in the documented error shape; a refused request must leave the database as it was;
 * and after every hostile value the server ACCEPTED, every read and preview whose SQL touches a table the
 * write changed must still answer without a 5xx — an accepted extreme value must not poison what buyers see later.
 * Merchant endpoints go first: what a merchant call stores is then read by every buyer endpoint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buyerEndpoints, merchantEndpoints, type Endpoint } from '@subkit/core';
import { startTestServer, type TestServer } from '../harness.js';
import { callersFor, createFixtures, type FuzzFixtures } from './fixtures.js';
import { hostileCases, validRequest } from './hostile.js';
import { prepareBombs } from './hostile-wire.js';
import { answerProblem, changedTables, databaseSnapshot, sendRaw, withReadsAgent, type ReadsAgent } from './raw.js';
import { forgetSessions } from '../../src/auth/session-cache.js';
import { recordSql } from '../sql-recorder.js';
import { invalidateCatalogCache } from '../../src/handlers/platform/catalog.js';

/**
 * The cases the database cannot change (HostileCase.transport: encodings, bombs, methods, headers, query
 * shapes, broken bodies) run on PGlite only — on each database they cost the same CPU for the same answer
 * (~90 s on PGlite and ~30 s on Postgres per run). Everything that reaches SQL runs on both.
 */
const TRANSPORT_HERE = process.env.SUBKIT_TEST_DB !== 'postgres';

/**
 * Tables any request may read whatever it asks: the caller's credentials (every request, remembered for a
 * second: auth/session-cache.ts), and the test clock (engine/run/clock.ts: refreshed in the background, once
 * a second, by whichever request comes). A transport case may issue SQL on these; a write to one of them is
 * followed by a sweep of every read, since a read depends on them without its own SQL naming them each time.
 */
const ANY_REQUEST_TABLES = ['buyer_sessions', 'merchant_sessions', 'test_clock'];
const ANY_REQUEST_SQL = new RegExp(`\\bFROM (${ANY_REQUEST_TABLES.join('|')})\\b`);

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
  /** The SQL the server issues while a request is in flight, when `sql.recording` holds a list (statements in transactions too). */
  let sql: ReturnType<typeof recordSql>;
  /** The tables each read's SQL has named (by index in `reads`): first with cold caches, then at each sweep. */
  const readTables: Set<string>[] = [];
  /** The public tables (those databaseSnapshot fingerprints) and, by statement, the ones it names. */
  let tableNames = new Set<string>();
  const namedIn = new Map<string, string[]>();
  before(async () => {
    server = await startTestServer();
    fixtures = await createFixtures(server);
    await prepareBombs();
    // The server runs in this process on this database object: its statements pass here.
    sql = recordSql(server.db);
    tableNames = new Set((await databaseSnapshot(server.db)).keys());
    // With the catalog and sessions forgotten before each read, none is served from memory: all its SQL runs.
    await withReadsAgent(async (agent) => {
      for (const i of reads.keys()) {
        invalidateCatalogCache(server.db);
        forgetSessions(server.db);
        readTables[i] = new Set();
        await readAlone(i, agent);
      }
    });
  });
  after(async () => {
    const where = TRANSPORT_HERE ? `${transportTotal} of them database-independent, sent on PGlite only` : 'the database-independent ones are sent on PGlite only';
    process.stdout.write(`# fuzz: ${total} hostile requests over ${endpoints.length} endpoints (${where})\n`);
    await server.close();
  });

  const reads = endpoints.filter(([, endpoint]) => endpoint.method === 'GET' || endpoint.path.endsWith('/preview'));
  /** One read or preview, valid. */
  function sendRead([name, endpoint]: [string, Endpoint], agent: ReadsAgent) {
    const request = validRequest(endpoint, { known: fixtures.known, ...callersFor(server, fixtures, endpoint) });
    // The smallest valid change body changes nothing (400 no_change): preview a real one, two more seats.
    const body = name === 'previewSubscriptionChange' ? JSON.stringify({ expectedVersion: fixtures.known.fleetVersion, quantity: 7 }) : request.body;
    return sendRaw(server.url, { ...request, ...(body === undefined ? {} : { body }) }, agent);
  }

  /** The reads (indexes in `reads`) that may see what a write to `changed` stored: those whose SQL names one of them, or all after a write to a table any request reads. */
  function readsTouching(changed: readonly string[]): number[] {
    const all = changed.some((table) => ANY_REQUEST_TABLES.includes(table));
    return reads.flatMap((_, i) => (all || changed.some((table) => readTables[i]!.has(table)) ? [i] : []));
  }

  /**
   * Read `i` on its own, adding the tables its SQL names to its own: a read can name more in a later state
   * (listWebhookDeliveries names webhook_attempts once a delivery was attempted), and is swept for them from then on.
   */
  async function readAlone(i: number, agent: ReadsAgent) {
    const seen: string[] = (sql.recording = []);
    try {
      return await sendRead(reads[i]!, agent);
    } finally {
      sql.recording = null;
      for (const text of seen) {
        let named = namedIn.get(text);
        if (!named) namedIn.set(text, (named = [...new Set(text.toLowerCase().match(/\w+/g))].filter((word) => tableNames.has(word))));
        for (const table of named) readTables[i]!.add(table);
      }
    }
  }

  /**
   * /healthz and the reads after an accepted hostile value that changed `changed`: none may answer 5xx. The reads
   * go one after another, each one's SQL its own (the first test sends them all at once, as a storefront's widgets do).
   */
  async function sweep(changed: readonly string[]): Promise<string[]> {
    const health = await sendRaw(server.url, { method: 'GET', path: '/healthz' });
    const problems = health.status === 200 ? [] : [`/healthz answered ${health.status}`];
    await withReadsAgent(async (agent) => {
      for (const i of readsTouching(changed)) {
        const problem = answerProblem(await readAlone(i, agent));
        if (problem) problems.push(`then ${reads[i]![0]} ${problem}`);
      }
    });
    return problems;
  }

  it('the sweep reads real objects: every read and preview answers 200 before any hostile input, and its SQL names the tables it reads', async () => {
    const all = await withReadsAgent((agent) => Promise.all(reads.map((read) => sendRead(read, agent))));
    const refused = all.flatMap((res, i) => (res.status === 200 ? [] : [`${reads[i]![0]} answered ${res.status}`]));
    assert.deepEqual(refused, []);
    const blind = reads.flatMap(([name], i) => (readTables[i]!.size === 0 ? [name] : []));
    assert.deepEqual(blind, [], 'reads whose SQL was not seen');
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
        sql.recording = c.transport ? [] : null;
        const res = await sendRaw(server.url, c.request);
        const problem = answerProblem(res, c.request.method) ?? c.check?.(res);
        if (problem) problems.push(`${c.label}: ${problem}`);
        // A case sent on one database only must not reach it: else it belongs on both.
        const reached = sql.recording?.find((text) => !ANY_REQUEST_SQL.test(text));
        if (reached) problems.push(`${c.label}: marked database-independent, yet issued SQL: ${reached.replace(/\s+/g, ' ').slice(0, 80)}`);
        sql.recording = null;
        // The server runs in this process: a body or query that reached Object.prototype shows here.
        const polluted = Object.getOwnPropertyNames(Object.prototype).filter((n) => !PROTOTYPE_NAMES.has(n));
        if (polluted.length) problems.push(`${c.label}: Object.prototype gained ${polluted.join(', ')}`);
        const nowMark = await writeMark(server);
        if (nowMark === mark) continue;
        const now = await databaseSnapshot(server.db);
        const changed = changedTables(snapshot, now);
        if (res.status >= 400 && changed.length > 0) problems.push(`${c.label}: answered ${res.status} yet changed ${changed.join(', ')}`);
        if (res.status < 400 && changed.length > 0) for (const p of await sweep(changed)) problems.push(`${c.label} was accepted (${res.status}); ${p}`);
        // Marked before it is snapshotted: a write in between makes the next case snapshot again, never miss one.
        // Unmarked since `now` was taken (the sweep's reads wrote nothing), the database is still `now`.
        mark = await writeMark(server);
        snapshot = mark === nowMark ? now : await databaseSnapshot(server.db);
      }
      server.serverErrors.length = 0;
      assert.deepEqual(problems, [], `${problems.length} problem(s):\n${problems.join('\n')}`);
    });
  }

  it('the sweep after a write reads what the write changed: a stored value that breaks a read is found, and only reads of changed tables are sent', async () => {
    const before = await databaseSnapshot(server.db);
    const { rows } = await server.db.query<{ id: string; plan_ids: string }>('SELECT id, plan_ids::text FROM add_ons ORDER BY id LIMIT 1');
    const addOn = rows[0]!;
    // What an accepted hostile write that slipped past validation would leave: a value no endpoint accepts,
    // here written straight into the table (the catalog is cached, as after any catalog write it is forgotten).
    await server.db.query(`UPDATE add_ons SET plan_ids = '7'::jsonb WHERE id = $1`, [addOn.id]);
    invalidateCatalogCache(server.db);
    try {
      const changed = changedTables(before, await databaseSnapshot(server.db));
      assert.deepEqual(changed, ['add_ons']);
      const problems = await sweep(changed);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0]!, /^then getCatalog answered 500/);
      const swept = readsTouching(changed).map((i) => reads[i]![0]);
      assert.ok(swept.includes('getCatalog') && !swept.includes('listInvoices'), `swept: ${swept.join(', ')}`);
    } finally {
      await server.db.query('UPDATE add_ons SET plan_ids = $2::jsonb WHERE id = $1', [addOn.id, addOn.plan_ids]);
      invalidateCatalogCache(server.db);
      server.serverErrors.length = 0;
    }
  });
});
