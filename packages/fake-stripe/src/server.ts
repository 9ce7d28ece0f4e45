/**
 * The fake's HTTP surface: Stripe's routes, API-key authentication (secret key for servers, publishable
 * key plus client secret for Stripe.js), idempotent requests (`Idempotency-Key` replays the first answer;
 * the same key with other parameters is refused), CORS for browsers, a request log, and injectable faults.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Account, Call, Caller, Handler } from './account.js';
import { StripeFailure } from './errors.js';
import { expands, ParamError, parseForm, type Params } from './form.js';
import * as intents from './intents.js';
import * as resources from './resources.js';
import { stripeId } from './state.js';

/** One request the fake answered. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Params;
  readonly caller: Caller | null;
  readonly idempotencyKey: string | null;
  readonly status: number;
  /** Answered from the idempotency store, without running again. */
  readonly replayed: boolean;
}

/** A fault the next matching request meets. */
export interface Fault {
  readonly method?: string;
  /** Matches the path (a string matches when the path starts with it). */
  readonly path: string | RegExp;
  /**
   * `drop_response`: the request takes effect, then the connection is cut before the answer (a network
   * failure after Stripe acted). `api_error`: Stripe answers 500 without acting.
   */
  readonly kind: 'drop_response' | 'api_error';
  /** How many requests it hits (default 1). */
  times?: number;
}

/**
 * Requests held until `count` of them are waiting, then answered together: a test's way to make requests
 * race for real (each caller has done whatever it did before its request when the first one is answered).
 */
export interface Gather {
  readonly method?: string;
  /** Matches the path (a string matches when the path starts with it). */
  readonly path: string | RegExp;
  readonly count: number;
  /** Released anyway after this long (ms, default 10 000), so a test that miscounted fails instead of hanging. */
  readonly timeoutMs?: number;
}

/** A gather armed on the server: who is waiting, and how to let them go. */
export interface ArmedGather extends Gather {
  waiting: number;
  release: () => void;
  released: Promise<void>;
}

/** Arms a gather. */
export function armGather(gather: Gather): ArmedGather {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const timer = setTimeout(release, gather.timeoutMs ?? 10_000);
  timer.unref();
  return { ...gather, waiting: 0, release, released };
}

type Route = { method: string; pattern: RegExp; keys: string[]; handler: Handler };

function route(method: string, path: string, handler: Handler): Route {
  const keys: string[] = [];
  const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_m, k: string) => (keys.push(k), '([^/]+)'))}$`);
  return { method, pattern, keys, handler };
}

const ROUTES: Route[] = [
  route('POST', '/v1/customers', resources.createCustomer),
  route('GET', '/v1/customers/:id', resources.retrieveCustomer),
  route('POST', '/v1/customers/:id', resources.updateCustomer),
  route('POST', '/v1/customers/:id/tax_ids', resources.createTaxId),
  route('GET', '/v1/customers/:id/tax_ids', resources.listTaxIds),
  route('DELETE', '/v1/customers/:id/tax_ids/:taxId', resources.deleteTaxId),
  route('GET', '/v1/customers/:id/payment_methods', resources.listPaymentMethods),
  route('POST', '/v1/payment_methods', resources.createPaymentMethod),
  route('GET', '/v1/payment_methods', resources.listPaymentMethods),
  route('GET', '/v1/payment_methods/:id', resources.retrievePaymentMethod),
  route('POST', '/v1/payment_methods/:id/attach', resources.attachPaymentMethod),
  route('POST', '/v1/payment_methods/:id/detach', resources.detachPaymentMethod),
  route('POST', '/v1/payment_intents', intents.createPaymentIntent),
  route('GET', '/v1/payment_intents', intents.listPaymentIntents),
  route('GET', '/v1/payment_intents/search', intents.searchPaymentIntents),
  route('GET', '/v1/payment_intents/:id', intents.retrievePaymentIntent),
  route('POST', '/v1/payment_intents/:id/confirm', intents.confirmPaymentIntentRoute),
  route('POST', '/v1/payment_intents/:id/cancel', intents.cancelPaymentIntent),
  route('POST', '/v1/setup_intents', intents.createSetupIntent),
  route('GET', '/v1/setup_intents/:id', intents.retrieveSetupIntent),
  route('POST', '/v1/setup_intents/:id/confirm', intents.confirmSetupIntentRoute),
  route('POST', '/v1/setup_intents/:id/cancel', intents.cancelSetupIntent),
  route('POST', '/v1/refunds', resources.createRefund),
  route('GET', '/v1/refunds', resources.listRefunds),
  route('GET', '/v1/refunds/:id', resources.retrieveRefund),
  route('GET', '/v1/charges/:id', resources.retrieveCharge),
  route('GET', '/v1/disputes/:id', resources.retrieveDispute),
  route('GET', '/v1/events', resources.listEvents),
  route('GET', '/v1/events/:id', resources.retrieveEvent),
  route('POST', '/_fake/payment_intents/:id/authenticate', intents.authenticatePaymentIntent),
  route('POST', '/_fake/setup_intents/:id/authenticate', intents.authenticateSetupIntent),
  route('POST', '/_fake/charges/:id/dispute', resources.disputeChargeRoute),
  route('POST', '/_fake/disputes/:id/close', resources.closeDispute),
  route('POST', '/_fake/charges/:id/refund', resources.refundInDashboard),
  route('POST', '/_fake/refunds/:id/settle', resources.settleRefundRoute),
];

/** The fake's keys. */
export interface Keys {
  readonly secretKey: string;
  readonly publishableKey: string;
}

/** Extra routes served as is (the Stripe.js stand-in). */
export type StaticRoutes = Readonly<Record<string, { contentType: string; body: () => string }>>;

/** Builds the fake's HTTP server (not listening yet). */
export function createFakeServer(
  account: Account,
  keys: Keys,
  log: LoggedRequest[],
  faults: Fault[],
  statics: StaticRoutes,
  gathers: ArmedGather[] = [],
): Server {
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();

  function callerOf(req: IncomingMessage, params: Params): Caller | null {
    const header = req.headers.authorization ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7) : typeof params.key === 'string' ? params.key : '';
    if (key === keys.secretKey) return 'secret';
    if (key === keys.publishableKey) return 'publishable';
    return null;
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const fault = faults.find((f) => (!f.method || f.method === method) && (typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(path)));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
    }
    return fault;
  }

  /** Waits, when a gather is armed for this request, until the gather is complete. */
  async function gatherFor(method: string, path: string): Promise<void> {
    const gather = gathers.find((g) => (!g.method || g.method === method) && (typeof g.path === 'string' ? path.startsWith(g.path) : g.path.test(path)));
    if (!gather) return;
    gather.waiting += 1;
    if (gather.waiting >= gather.count) {
      gathers.splice(gathers.indexOf(gather), 1);
      gather.release();
    }
    await gather.released;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, stripe-version, idempotency-key');
    res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const file = statics[url.pathname];
    if (file && method === 'GET') {
      res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' }).end(file.body());
      return;
    }
    const raw = await readBody(req);
    await gatherFor(method, url.pathname);
    const params = method === 'GET' || method === 'DELETE' ? parseForm(url.search.slice(1)) : parseForm(raw);
    const requestId = stripeId('req_', 14);
    const idempotencyKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const caller = callerOf(req, params);
    const send = (status: number, body: unknown, replayed = false) => {
      log.push({ method, path: url.pathname, params, caller, idempotencyKey, status, replayed });
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
      res.end(JSON.stringify(body, null, 2));
    };

    if (!caller) {
      const message = req.headers.authorization || params.key ? 'Invalid API Key provided.' : 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.';
      send(401, { error: { type: 'invalid_request_error', message } });
      return;
    }
    let match: { route: Route; path: Record<string, string> } | undefined;
    for (const r of ROUTES) {
      const m = r.method === method ? r.pattern.exec(url.pathname) : null;
      if (m) {
        match = { route: r, path: Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)])) };
        break;
      }
    }
    if (!match) {
      send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` } });
      return;
    }

    const fingerprint = `${method} ${url.pathname} ${canonical(params)}`;
    if (idempotencyKey && method === 'POST') {
      const stored = idempotent.get(idempotencyKey);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          send(400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
        } else send(stored.status, stored.body, true);
        return;
      }
    }

    const fault = takeFault(method, url.pathname);
    if (fault?.kind === 'api_error') {
      send(500, { error: { type: 'api_error', message: 'An unknown error occurred (injected by the test).' } });
      return;
    }

    const call: Call = { params, path: match.path, caller, request: { id: requestId, idempotencyKey } };
    let status = 200;
    let body: unknown;
    try {
      body = match.route.handler(account, call);
    } catch (err) {
      if (err instanceof StripeFailure) {
        status = err.status;
        body = err.body();
      } else if (err instanceof ParamError) {
        status = 400;
        body = { error: { type: 'invalid_request_error', code: err.code, param: err.param, message: err.message } };
      } else {
        status = 500;
        body = { error: { type: 'api_error', message: `The fake failed: ${(err as Error).message}` } };
      }
    }
    if (status === 200) body = expand(account, body, expands(params));
    // Stripe stores the result of a request that ran (success or card error), not a refused one.
    if (idempotencyKey && method === 'POST' && (status === 200 || status === 402)) {
      idempotent.set(idempotencyKey, { fingerprint, status, body: JSON.parse(JSON.stringify(body)) });
    }
    if (fault?.kind === 'drop_response') {
      log.push({ method, path: url.pathname, params, caller, idempotencyKey, status: 0, replayed: false });
      req.socket.destroy();
      return;
    }
    send(status, body);
  }

  return createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(err) } }));
    });
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parameters in a stable order, so a replayed request matches however its keys were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Stripe's `expand[]` for top-level id fields: the id becomes the object it names. */
function expand(account: Account, body: unknown, paths: readonly string[]): unknown {
  if (paths.length === 0 || !body || typeof body !== 'object') return body;
  const { state } = account;
  const maps: Record<string, ReadonlyMap<string, unknown>> = {
    pm_: state.paymentMethods, ch_: state.charges, cus_: state.customers, pi_: state.paymentIntents, seti_: state.setupIntents, re_: state.refunds, dp_: state.disputes,
  };
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const path of paths) {
    const id = copy[path];
    if (typeof id !== 'string') continue;
    const prefix = Object.keys(maps).find((p) => id.startsWith(p));
    const found = prefix ? maps[prefix]!.get(id) : undefined;
    if (found) copy[path] = found;
  }
  return copy;
}
