/**
 * Exact-bytes HTTP for hostile requests (any header, any body bytes, percent-escapes left as sent), the
 * check every answer must pass, and a fingerprint of the database to prove a refused request wrote nothing.
 */
import { Agent, request } from 'node:http';
import { ApiErrorBody } from '@subkit/core';
import type { Sql } from '../../src/db/types.js';

/** One request exactly as it goes on the wire. */
export interface RawRequest {
  readonly method: string;
  /** Path and query, already percent-encoded as intended (never normalised). */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** One answer with its raw and parsed body. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly json: unknown;
}

// A fresh connection per request: a kept-alive socket left idle past the server's keep-alive timeout can be
// closed by the server just as the next request is written on it (ECONNRESET, a flaky failure under load),
// and a hostile request must not leave state on a connection the next case reuses. `keepAlive: false` alone
// does not give that: with a finite maxSockets the agent still sends `Connection: keep-alive` and hands a
// socket whose answer just ended to the next queued request (Node's http.Agent docs) — the fuzz sweep's 36
// reads at once went over 4 sockets. The server runs in this process, and PGlite's queries hold its event
// loop: a stall past the server's 5 s keepAliveTimeout (load 30+) made its idle timer fire before it read the
// request already waiting on the socket, and it closed it (ECONNRESET). `Connection: close` on every request
// (unless the request sets its own) closes each socket after its answer; the agent opens a new one for the next.
const agent = new Agent({ keepAlive: false, maxSockets: 4 });

/** Sends one request to `baseUrl` byte for byte; the answer's body as received (never decompressed). */
export function sendRawBytes(baseUrl: string, req: RawRequest, reads?: ReadsAgent): Promise<{ status: number; headers: RawResponse['headers']; body: Buffer }> {
  const url = new URL(baseUrl);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        agent: reads?.agent ?? agent,
        headers: { ...(reads ? {} : { connection: 'close' }), ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    r.on('error', (err: NodeJS.ErrnoException) => {
      // The server closed a kept-alive socket as this request went out on it: no answer was given, send it again.
      if (reads && r.reusedSocket && err.code === 'ECONNRESET') sendRawBytes(baseUrl, req, reads).then(resolve, reject);
      else reject(err);
    });
    r.end(body);
  });
}

/**
 * Sockets for a batch of valid reads, kept alive between them: a connection per request costs ~1 ms of CPU
 * more (client and server both run in this process; 2.1 → 1.1 ms per GET /healthz), and the fuzz sweep sends
 * ~9,000 reads. Only valid reads go over them, and they are destroyed after their batch, so no socket idles
 * toward the server's keep-alive timeout between batches; a read on a reused socket the server closed anyway
 * is sent again on a new one (the retry Node's http docs give for this race, see `agent` above).
 */
export interface ReadsAgent {
  readonly agent: Agent;
}

/** Runs `batch` with a reads agent of its own and destroys the agent's sockets after it. */
export async function withReadsAgent<T>(batch: (reads: ReadsAgent) => Promise<T>): Promise<T> {
  const reads = { agent: new Agent({ keepAlive: true, maxSockets: 4 }) };
  try {
    return await batch(reads);
  } finally {
    reads.agent.destroy();
  }
}

/** Sends one request to `baseUrl` byte for byte (over `reads`' sockets when given); the answer as text and, when it is JSON, parsed. */
export async function sendRaw(baseUrl: string, req: RawRequest, reads?: ReadsAgent): Promise<RawResponse> {
  const { status, headers, body } = await sendRawBytes(baseUrl, req, reads);
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

/**
 * What every answer to a hostile request must be: never a 5xx, and a 4xx in the documented error shape
 * with the request id of its `Request-Id` header. Returns the problem, or undefined when the answer is fine.
 */
export function answerProblem(res: RawResponse, method = 'GET'): string | undefined {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  // An answer to HEAD has no body to check (its Request-Id still ties it to the logs).
  if (res.status < 400 || method === 'HEAD') return undefined;
  const parsed = ApiErrorBody.safeParse(res.json);
  if (!parsed.success) return `answered ${res.status} outside the error shape: ${res.text.slice(0, 300)}`;
  if (parsed.data.error.requestId !== res.headers['request-id']) return `error.requestId ${parsed.data.error.requestId} is not the Request-Id header`;
  return undefined;
}

/** The error of a 4xx answer (undefined for anything else). */
export function errorOf(res: RawResponse): ApiErrorBody['error'] | undefined {
  const parsed = ApiErrorBody.safeParse(res.json);
  return parsed.success ? parsed.data.error : undefined;
}

/** Tables whose rows record requests rather than state: a refused request may leave its trace there. */
const REQUEST_LOG_TABLES = new Set(['idempotency_keys', 'schema_migrations']);

/**
 * A fingerprint of every row of every table (one md5 per table), to compare before and after a request.
 * Returns the tables by name, so a difference names the table that changed.
 */
export async function databaseSnapshot(db: Sql): Promise<Map<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const names = tables.map((t) => t.name).filter((n) => !REQUEST_LOG_TABLES.has(n));
  const sql = names
    .map((n) => `SELECT '${n}' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM "${n}" t`)
    .join(' UNION ALL ');
  const { rows } = await db.query<{ name: string; hash: string }>(sql);
  return new Map(rows.map((r) => [r.name, r.hash]));
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((n) => before.get(n) !== after.get(n));
}
