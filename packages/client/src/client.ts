import type * as z from 'zod/mini';
import { buyerEndpoints, type BuyerEndpoints, type Endpoint } from '@subkit/core/api';
import { fail, ok, subkitError, type Result, type SubkitError, type SubkitErrorType } from './errors.js';

/** What `getSession` may answer: a bare token, or a token with its expiry (ISO 8601). */
export type SessionGrant = string | { token: string; expiresAt?: string | null };

/** Backoff settings of the client's own retries. */
export interface RetryOptions {
  /** Retries after the first try (default 2). */
  retries?: number;
  /** Base of the exponential backoff in ms (default 300). */
  baseDelayMs?: number;
  /** Largest wait between tries in ms (default 10 000); a longer `Retry-After` ends the retries. */
  maxDelayMs?: number;
}

/** Options of `createClient`. */
export interface ClientOptions {
  /** Origin of the subkit API, e.g. `http://localhost:8787` (endpoints live under `/v1`). */
  baseUrl: string;
  /** Publishable key `pk_…`, sent when there is no buyer session. */
  publishableKey?: string;
  /** A buyer session token. */
  session?: string;
  /** Called for a fresh session token when the current one expired or a call answered 401. */
  getSession?: () => Promise<SessionGrant>;
  /** The fetch to use; injected in tests. */
  fetch?: typeof fetch;
  /** Sent as `Accept-Language`. */
  locale?: string;
  retry?: RetryOptions;
  /** Waits between retries; injected in tests so they never sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source of the backoff jitter, in [0, 1); injected in tests. */
  random?: () => number;
}

type Endpoints = BuyerEndpoints;
/** Names of the client's endpoint methods (the keys of `buyerEndpoints`). */
export type EndpointName = keyof Endpoints;

type ParamsPart<E> = E extends { params: infer P extends z.ZodMiniType } ? { params: z.output<P> } : unknown;
type QueryPart<E> = E extends { query: infer Q extends z.ZodMiniType } ? { query?: z.output<Q> } : unknown;
type BodyPart<E> = E extends { body: infer B extends z.ZodMiniType }
  ? {} extends z.input<B> ? { body?: z.input<B> } : { body: z.input<B> }
  : unknown;
type KeyPart<E> = E extends { method: 'GET' } ? unknown : {
  /** Idempotency-Key of this mutation: generated when absent, reused across retries; `null` sends none (and disables retries). */
  idempotencyKey?: string | null;
};
type NeedsRequest<E> = E extends { params: z.ZodMiniType } ? true
  : E extends { body: infer B extends z.ZodMiniType } ? ({} extends z.input<B> ? false : true) : false;

/** The request object of an endpoint method: path params, query, body, signal, idempotency key. */
export type RequestOf<N extends EndpointName> = { signal?: AbortSignal } & ParamsPart<Endpoints[N]> & QueryPart<Endpoints[N]>
  & BodyPart<Endpoints[N]> & KeyPart<Endpoints[N]>;
/** What an endpoint method resolves to on success: the parsed response, or a Blob for file downloads. */
export type ResponseOf<N extends EndpointName> = Endpoints[N] extends { produces: string } ? Blob
  : Endpoints[N] extends { response: infer R extends z.ZodMiniType } ? z.output<R> : never;

/** One typed method of the client. */
export type EndpointMethod<N extends EndpointName> = NeedsRequest<Endpoints[N]> extends true
  ? (request: RequestOf<N>) => Promise<Result<ResponseOf<N>>>
  : (request?: RequestOf<N>) => Promise<Result<ResponseOf<N>>>;

/** The typed subkit client: one method per buyer endpoint, each resolving to a `Result`. */
export type SubkitClient = { readonly [N in EndpointName]: EndpointMethod<N> } & {
  /** The options the client was created with (read-only). */
  readonly options: Readonly<ClientOptions>;
  /** Calls an endpoint by name: what the named methods do. */
  request<N extends EndpointName>(name: N, request?: RequestOf<N>): Promise<Result<ResponseOf<N>>>;
  /** Sets (or clears, with null) the buyer session token; listeners of `onSessionChange` hear it when it differs. */
  setSession(session: SessionGrant | null): void;
  /** Sets the callback that supplies fresh session tokens. */
  setSessionProvider(getSession: (() => Promise<SessionGrant>) | null): void;
  /** The current session token, if any. */
  readonly session: string | null;
  /** Listens to explicit `setSession` calls (not to silent refreshes); returns the unsubscribe. */
  onSessionChange(listener: (session: string | null) => void): () => void;
};

const TRANSIENT = [408, 429, 500, 502, 503, 504];
const DEFAULT_RETRY = { retries: 2, baseDelayMs: 300, maxDelayMs: 10_000 };
// A token this close to its expiry is refreshed before use: it could expire in flight.
const EXPIRY_LEEWAY_MS = 5_000;

/** A random UUID v4 for Idempotency-Key; falls back to getRandomValues outside secure contexts. */
export function randomKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function issuePath(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, prefix: string) {
  const issue = error.issues[0];
  const path = [...(prefix ? [prefix] : []), ...(issue?.path ?? []).map(String)].join('.');
  return { param: path || null, message: issue ? `${path || 'value'}: ${issue.message}` : 'invalid value' };
}

function validate(schema: z.ZodMiniType | undefined, value: unknown, prefix: string, code: string): Result<unknown> {
  if (!schema) return ok(undefined);
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const { param, message } = issuePath(parsed.error, prefix);
  return fail(subkitError('validation_error', code, message, { param }));
}

function typeForStatus(status: number): SubkitErrorType {
  if (status === 401) return 'auth_error';
  if (status === 409) return 'conflict_error';
  if (status === 429) return 'rate_limited';
  return 'api_error';
}

async function errorFromResponse(res: Response, retryAfterMs: number | null): Promise<SubkitError> {
  let body: unknown = null;
  try {
    body = JSON.parse(await res.text());
  } catch {
    // A proxy's HTML error page: the status alone tells what happened.
  }
  const e = (body as { error?: Record<string, unknown> } | null)?.error;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return subkitError(typeForStatus(res.status), str(e?.code) ?? `http_${res.status}`, str(e?.message) ?? `HTTP ${res.status}`, {
    status: res.status,
    param: str(e?.param),
    requestId: str(e?.requestId) ?? res.headers.get('request-id') ?? res.headers.get('x-request-id'),
    declineCode: str(e?.declineCode),
    serverType: str(e?.type),
    retryAfterMs,
  });
}

function isAbort(err: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (err as { name?: string } | null)?.name === 'AbortError';
}

const aborted = () => subkitError('network_error', 'aborted', 'The request was aborted.');

/** Creates the typed client of the buyer and public API. */
export function createClient(options: ClientOptions): SubkitClient {
  const opts: Readonly<ClientOptions> = Object.freeze({ ...options });
  const base = opts.baseUrl.replace(/\/+$/, '');
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  let token: string | null = null;
  let expiresAt: number | null = null;
  let provider = opts.getSession ?? null;
  let refreshing: Promise<string | null> | null = null;
  const listeners = new Set<(session: string | null) => void>();

  function adopt(grant: SessionGrant | null): void {
    if (grant === null) {
      token = null;
      expiresAt = null;
    } else if (typeof grant === 'string') {
      token = grant;
      expiresAt = null;
    } else {
      token = grant.token;
      const at = grant.expiresAt ? Date.parse(grant.expiresAt) : NaN;
      expiresAt = Number.isNaN(at) ? null : at;
    }
  }
  adopt(opts.session ?? null);

  const expired = () => expiresAt !== null && Date.now() >= expiresAt - EXPIRY_LEEWAY_MS;

  /** Fresh token from the provider; concurrent callers share one call. `stale` is the token that failed. */
  function refresh(stale: string | null): Promise<string | null> {
    if (token !== null && token !== stale && !expired()) return Promise.resolve(token);
    if (!provider) return Promise.resolve(null);
    refreshing ??= (async () => {
      try {
        adopt(await provider());
        return token;
      } catch {
        return null;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  async function call(name: EndpointName, request: Record<string, unknown> = {}): Promise<Result<unknown>> {
    const endpoint: Endpoint = buyerEndpoints[name];
    const signal = request.signal as AbortSignal | undefined;
    const params = validate(endpoint.params, request.params ?? {}, '', 'request_invalid');
    if (!params.ok) return params;
    const query = validate(endpoint.query, request.query ?? {}, '', 'request_invalid');
    if (!query.ok) return query;
    const body = validate(endpoint.body, request.body ?? {}, '', 'request_invalid');
    if (!body.ok) return body;

    let url = base + endpoint.path.replace(/:(\w+)/g, (_, key: string) =>
      encodeURIComponent(String((params.data as Record<string, unknown>)[key])));
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries((query.data ?? {}) as Record<string, unknown>)) {
      if (value !== undefined && value !== null) search.set(key, String(value));
    }
    if ([...search].length) url += `?${search}`;

    const mutation = endpoint.method !== 'GET';
    const key = mutation ? (request.idempotencyKey === null ? null : (request.idempotencyKey as string | undefined) ?? randomKey()) : null;
    const retryable = !mutation || key !== null;
    const bodyText = endpoint.body ? JSON.stringify(body.data) : undefined;
    const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);

    let attempt = 0;
    let replayedAuth = false;
    for (;;) {
      if (signal?.aborted) return fail(aborted());
      if ((token === null || expired()) && provider && (endpoint.auth === 'session' || endpoint.auth === 'publishable')) {
        await refresh(token);
        if (signal?.aborted) return fail(aborted());
      }
      // Without a provider the server judges the token: a skewed client clock must not drop a valid one.
      const usedToken = token !== null && (!expired() || !provider) ? token : null;
      if (usedToken === null && endpoint.auth === 'session' && provider) {
        return fail(subkitError('auth_error', 'session_unavailable', 'No buyer session: getSession() gave no token.'));
      }
      const headers: Record<string, string> = { accept: 'application/json' };
      const bearer = usedToken ?? opts.publishableKey;
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      if (opts.locale) headers['accept-language'] = opts.locale;
      if (bodyText !== undefined) headers['content-type'] = 'application/json';
      if (key !== null) headers['idempotency-key'] = key;

      let res: Response;
      try {
        res = await doFetch(url, { method: endpoint.method, headers, body: bodyText, signal });
      } catch (err) {
        if (isAbort(err, signal)) return fail(aborted());
        const error = subkitError('network_error', 'network_failed', err instanceof Error ? err.message : 'Network request failed.');
        if (!retryable || attempt >= retry.retries) return fail(error);
        await sleep(backoff(attempt++), signal);
        continue;
      }

      if (res.status === 401 && !replayedAuth && provider && (usedToken !== null || endpoint.auth === 'session')) {
        replayedAuth = true;
        await res.body?.cancel().catch(() => undefined);
        // Refreshed means: the provider gave a token other than the one the server just refused.
        if ((await refresh(usedToken)) !== null) continue;
      }

      if (res.ok) {
        try {
          if (endpoint.produces) return ok(await res.blob());
          const text = await res.text();
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            return fail(subkitError('validation_error', 'response_invalid', 'The response is not JSON.', { status: res.status }));
          }
          const data = validate(endpoint.response, json, '', 'response_invalid');
          if (!data.ok) return fail({ ...data.error, status: res.status, requestId: res.headers.get('request-id') ?? res.headers.get('x-request-id') });
          return data;
        } catch (err) {
          if (isAbort(err, signal)) return fail(aborted());
          return fail(subkitError('network_error', 'network_failed', 'The response body could not be read.', { status: res.status }));
        }
      }

      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      let error: SubkitError;
      try {
        error = await errorFromResponse(res, retryAfterMs);
      } catch (err) {
        if (isAbort(err, signal)) return fail(aborted());
        error = subkitError(typeForStatus(res.status), `http_${res.status}`, `HTTP ${res.status}`, { status: res.status });
      }
      // 501/505 and other answers will not change on a retry.
      const transient = TRANSIENT.includes(res.status);
      if (!transient || !retryable || attempt >= retry.retries) return fail(error);
      // Honour Retry-After: never sooner; and when it asks for longer than we wait, hand the error back.
      if (retryAfterMs !== null && retryAfterMs > retry.maxDelayMs) return fail(error);
      await sleep(Math.max(retryAfterMs ?? 0, backoff(attempt++)), signal);
    }
  }

  /** Exponential backoff with full jitter: uniform in [0, min(max, base·2^attempt)). */
  function backoff(attempt: number): number {
    return Math.floor(random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt));
  }

  const client = {
    options: opts,
    request: (name: EndpointName, request?: Record<string, unknown>) => call(name, request),
    setSession(session: SessionGrant | null) {
      const before = token;
      adopt(session);
      // Widgets hand the same token over again on every render: only a different one is news.
      if (token !== before) for (const listener of [...listeners]) listener(token);
    },
    setSessionProvider(getSession: (() => Promise<SessionGrant>) | null) {
      provider = getSession;
    },
    get session() {
      return token;
    },
    onSessionChange(listener: (session: string | null) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  } as Record<string, unknown>;
  for (const name of Object.keys(buyerEndpoints) as EndpointName[]) {
    client[name] = (request?: Record<string, unknown>) => call(name, request);
  }
  return client as unknown as SubkitClient;
}
