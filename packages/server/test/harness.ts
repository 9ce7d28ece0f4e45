import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import pg from 'pg';
import { createSubkitApp } from '../src/app.js';
import { generateKeys } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import type { ServerConfig } from '../src/context.js';
import { openDatabase } from '../src/db/open.js';
import { migrate } from '../src/db/migrate.js';
import type { Database } from '../src/db/types.js';
import { handlers as builtInHandlers } from '../src/handlers/index.js';
import type { Handlers } from '../src/handlers/types.js';
import { DEMO_BUYERS, seedDemo } from '../src/seed/demo.js';
import { pgliteDump } from './pglite-template.js';

export { pgliteDump };

/** The storefront origin test sessions are bound to (and CORS allows). */
export const TEST_ORIGIN = 'https://shop.example';
/** A second allowed origin, e.g. another storefront of the same merchant. */
export const OTHER_ALLOWED_ORIGIN = 'http://localhost:5173';

/** A clock the test moves; `ctx.now()` and session expiry read it. */
export interface TestClock {
  now(): Date;
  set(at: Date): void;
  advance(seconds: number): void;
  /** Back to following the wall clock. */
  reset(): void;
}

function createTestClock(): TestClock {
  let offset = 0;
  let fixed: Date | undefined;
  return {
    now: () => (fixed ? new Date(fixed.getTime() + offset) : new Date(Date.now() + offset)),
    set(at) {
      fixed = at;
      offset = 0;
    },
    advance(seconds) {
      offset += seconds * 1000;
    },
    reset() {
      fixed = undefined;
      offset = 0;
    },
  };
}

/** One HTTP answer, body parsed when it is JSON. */
export interface TestResponse<B = any> {
  status: number;
  body: B;
  headers: Headers;
}

/** Options of one test request. */
export interface TestRequestOptions {
  /** Sent as `Authorization: Bearer <token>`: a session token, `config.secretKey` or `config.publishableKey`. */
  token?: string;
  /** JSON body (objects are serialised; a string is sent as is, for malformed-JSON tests). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A real listening subkit server on 127.0.0.1 with the demo data, for HTTP tests. */
export interface TestServer {
  url: string;
  db: Database;
  /** The Postgres URL of the test database (SUBKIT_TEST_DB=postgres only), for tests that start other processes on it. */
  databaseUrl?: string;
  config: ServerConfig;
  clock: TestClock;
  /** Mints a buyer session through `POST /v1/sessions` (secret key) for a demo customer id; returns the token. */
  mintSession(customerId: string, opts?: { companyId?: string; origin?: string | null; ttlSeconds?: number }): Promise<string>;
  request<B = any>(method: string, path: string, opts?: TestRequestOptions): Promise<TestResponse<B>>;
  /** Errors that made the server answer 500 (each is also printed); tests can assert there were none. */
  serverErrors: unknown[];
  close(): Promise<void>;
}

/**
 * A fresh test database, as SUBKIT_TEST_DB chooses: migrated and seeded with the demo data, or `empty`
 * (no schema at all). `drop` removes it from the Postgres server (a no-op for PGlite); `url` is set for Postgres.
 */
export async function openTestDatabase(opts: { empty?: boolean } = {}): Promise<{ db: Database; drop: () => Promise<void>; url?: string }> {
  if (process.env.SUBKIT_TEST_DB === 'postgres') {
    const adminUrl = process.env.SUBKIT_TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('SUBKIT_TEST_DB=postgres needs SUBKIT_TEST_DATABASE_URL (a Postgres server URL).');
    const name = `subkit_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ url: url.toString() });
    const drop = async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    };
    try {
      if (!opts.empty) {
        await migrate(db);
        await seedDemo(db);
      }
    } catch (err) {
      await db.close();
      await drop();
      throw err;
    }
    return { db, drop, url: url.toString() };
  }
  if (opts.empty) return { db: await openDatabase({ dataDir: 'memory://' }), drop: async () => {} };
  const db = await openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteDump() });
  return { db, drop: async () => {} };
}

/**
 * Starts a real subkit server on 127.0.0.1 (random port) over a fresh database with the demo data:
 * PGlite in memory by default, or a new database on the Postgres server of SUBKIT_TEST_DATABASE_URL
 * when SUBKIT_TEST_DB=postgres (dropped again on close). `handlers` are laid over the built-in ones.
 */
export async function startTestServer(
  opts: { handlers?: Partial<Handlers>; config?: Partial<ServerConfig>; validateResponses?: boolean } = {},
): Promise<TestServer> {
  const { db, drop, url: databaseUrl } = await openTestDatabase();
  const keys = generateKeys('test');
  const config = loadConfig(
    {},
    { ...keys, allowedOrigins: [TEST_ORIGIN, OTHER_ALLOWED_ORIGIN], merchantName: 'Northwind Industrial Supply', ...opts.config },
  );
  const clock = createTestClock();
  const serverErrors: unknown[] = [];
  const app = createSubkitApp({
    db,
    config,
    clock: clock.now,
    handlers: { ...builtInHandlers, ...opts.handlers },
    validateResponses: opts.validateResponses ?? true,
    onError: (err, info) => {
      serverErrors.push(err);
      process.stderr.write(`[test server] 500 on ${info.method} ${info.path} (${info.requestId}): ${(err as Error)?.stack ?? String(err)}\n`);
    },
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request<B = any>(method: string, path: string, options: TestRequestOptions = {}): Promise<TestResponse<B>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    // What the widget's browser adds on the storefront page: session tokens are bound to that origin.
    if (options.token?.startsWith('bs_') && !Object.keys(headers).some((h) => h.toLowerCase() === 'origin')) headers.origin = TEST_ORIGIN;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: (isJson && text ? JSON.parse(text) : text) as B, headers: res.headers };
  }

  async function mintSession(customerId: string, o: { companyId?: string; origin?: string | null; ttlSeconds?: number } = {}): Promise<string> {
    const companyId = o.companyId ?? DEMO_BUYERS.find((b) => b.customerId === customerId)?.companyId;
    if (!companyId) throw new Error(`mintSession: ${customerId} is not a demo buyer; pass companyId`);
    const origin = o.origin === undefined ? TEST_ORIGIN : o.origin;
    const res = await request('POST', '/v1/sessions', {
      token: config.secretKey,
      body: { customerId, companyId, ...(origin ? { origin } : {}), ...(o.ttlSeconds ? { ttlSeconds: o.ttlSeconds } : {}) },
    });
    if (res.status !== 200) throw new Error(`mintSession(${customerId}) answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }

  return {
    url,
    db,
    ...(databaseUrl ? { databaseUrl } : {}),
    config,
    clock,
    mintSession,
    request,
    serverErrors,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await drop();
    },
  };
}

/**
 * A describe block's test server: started before its tests and closed after them, where none of its requests
 * may have answered 5xx. The returned object is filled in `before`.
 */
export function testServerOfSuite(opts?: Parameters<typeof startTestServer>[0]): { readonly server: TestServer } {
  const suite = {} as { server: TestServer };
  before(async () => {
    suite.server = await startTestServer(opts);
  });
  after(async () => {
    assert.deepEqual(suite.server.serverErrors, []);
    await suite.server.close();
  });
  return suite;
}

/** A describe block's own migrated database: opened before its tests, closed and dropped after them. */
export function testDatabaseOfSuite(): { readonly db: Database } {
  const suite = {} as { db: Database; drop: () => Promise<void> };
  before(async () => {
    ({ db: suite.db, drop: suite.drop } = await openTestDatabase());
  });
  after(async () => {
    await suite.db.close();
    await suite.drop();
  });
  return suite;
}
