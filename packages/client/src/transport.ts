import type * as z from 'zod/mini';
import type { Endpoint } from '@subkit/core/api';
import { SessionAuth, type SessionGrant, type SessionProvider } from './auth.js';
import { fail, ok, subkitError, type Result, type SubkitError } from './errors.js';
import type { RetryOptions, RetryPolicy } from './retry.js';
import { requestIdOf, typeForStatus, validate } from './validation.js';

/** Options of `createClient`. */
export interface ClientOptions {
  /** Origin of the subkit API, e.g. `http://localhost:8787` (endpoints live under `/v1`). */
  baseUrl: string;
  /** Publishable key `pk_…`, sent when there is no buyer session. */
  publishableKey?: string;
  /** A buyer session token. */
  session?: string;
  /** Called for a fresh session token when the current one expired or a call answered 401. */
  getSession?: SessionProvider;
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

type ParamsPart<E> = E extends { params: infer P extends z.ZodMiniType } ? { params: z.output<P> } : unknown;
type QueryPart<E> = E extends { query: infer Q extends z.ZodMiniType } ? { query?: z.output<Q> } : unknown;
type BodyPart<E> = E extends { body: infer B extends z.ZodMiniType }
  ? {} extends z.input<B> ? { body?: z.input<B> } : { body: z.input<B> }
  : unknown;
type KeyPart<E> = E extends { method: 'GET' } ? unknown : {
  /** Idempotency-Key of this mutation: generated when absent, reused across retries; `null` sends none (and disables retries). */
  idempotencyKey?: string | null;
};

/** The request of an endpoint: path params, query, body, signal, idempotency key. */
export type EndpointRequest<E> = { signal?: AbortSignal } & ParamsPart<E> & QueryPart<E> & BodyPart<E> & KeyPart<E>;
/** What an endpoint answers on success: the parsed response, or a Blob for file downloads. */
export type EndpointResponse<E> = E extends { produces: string } ? Blob
  : E extends { response: infer R extends z.ZodMiniType } ? z.output<R> : never;
/** True when an endpoint cannot be called without a request object (path params or a required body). */
export type NeedsRequest<E> = E extends { params: z.ZodMiniType } ? true
  : E extends { body: infer B extends z.ZodMiniType } ? ({} extends z.input<B> ? false : true) : false;

/**
 * What every subkit client is: a connection to the API that sends any endpoint of the contract
 * (`send(getCatalog)`) and holds the buyer session. Stores and widgets need only this; `createClient`
 * adds one named method per endpoint on top.
 */
export interface SubkitConnection {
  /** The options the client was created with (read-only). */
  readonly options: Readonly<ClientOptions>;
  /** Sends one endpoint of the contract; never rejects. */
  send<E extends Endpoint>(endpoint: E, request?: EndpointRequest<E>): Promise<Result<EndpointResponse<E>>>;
  /** Sets (or clears, with null) the buyer session token; listeners of `onSessionChange` hear it when it differs. */
  setSession(session: SessionGrant | null): void;
  /** Sets the callback that supplies fresh session tokens. */
  setSessionProvider(getSession: SessionProvider | null): void;
  /** The current session token, if any. */
  readonly session: string | null;
  /** True when the client has a session token or a `getSession` to ask for one. */
  readonly signedIn: boolean;
  /**
   * Listens to session changes: explicit `setSession` calls that change the token, and a `getSession`
   * set where there was no session (not silent refreshes); returns the unsubscribe.
   */
  onSessionChange(listener: (session: string | null) => void): () => void;
}

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

function isAbort(err: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (err as { name?: string } | null)?.name === 'AbortError';
}

const aborted = () => subkitError('network_error', 'aborted', 'The request was aborted.');

/**
 * The failure step (retry.ts), fetched once per page: on the first failed request, or as the first mutation is
 * sent (a decline or a refusal is a common answer to a purchase, and it then reads without waiting for code).
 * Null when it could not be fetched: the request then fails as it is, without another try.
 */
let failureStep: Promise<typeof import('./retry.js') | null> | undefined;
const onFailure = () =>
  (failureStep ??= import('./retry.js').catch(() => {
    failureStep = undefined;
    return null;
  }));

/**
 * In a browser, the failure step is also fetched while the page is idle after its first answer: a network
 * that fails later — when a retry matters most — could not deliver it then, and the request would fail
 * without the tries it was due. The first download stays without it.
 */
let prefetching = false;
function prefetchFailureStep(): void {
  if (prefetching || typeof window === 'undefined') return;
  prefetching = true;
  (window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200)))(() => void onFailure());
}

/** The URL of an endpoint with its path params substituted (URL-encoded) and its query serialized. */
function urlOf(base: string, endpoint: Endpoint, params: unknown, query: unknown): string {
  const url = base + endpoint.path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(String((params as Record<string, unknown>)[key])));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  return [...search].length ? `${url}?${search}` : url;
}

/** Reads a successful response: a Blob for downloads, else JSON checked against the endpoint's schema. */
async function readResponse(res: Response, endpoint: Endpoint, signal?: AbortSignal): Promise<Result<unknown>> {
  try {
    if (endpoint.produces) return ok(await res.blob());
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail(subkitError('validation_error', 'response_invalid', 'The response is not JSON.', { status: res.status }));
    }
    const data = validate(endpoint.response, json, 'response_invalid');
    return data.ok ? data : fail({ ...data.error, status: res.status, requestId: requestIdOf(res) });
  } catch (err) {
    if (isAbort(err, signal)) return fail(aborted());
    return fail(subkitError('network_error', 'network_failed', 'The response body could not be read.', { status: res.status }));
  }
}

/**
 * Opens a connection to the subkit API. One request goes through four steps, each in its own module:
 * validation (validation.ts: the request is checked, nothing invalid is sent), auth (auth.ts: the
 * session token, refreshed before it expires and once after a 401), the send itself, and failure
 * (retry.ts, fetched when first needed: the error answer read, transient failures of safe requests tried
 * again with backoff); the response is validated last.
 */
export function connect(options: ClientOptions): SubkitConnection {
  const opts: Readonly<ClientOptions> = Object.freeze({ ...options });
  const base = opts.baseUrl.replace(/\/+$/, '');
  const auth = new SessionAuth(opts.session ?? null, opts.getSession ?? null);

  async function send(endpoint: Endpoint, request: Record<string, unknown> = {}): Promise<Result<unknown>> {
    const signal = request.signal as AbortSignal | undefined;
    // 1. Validation: nothing invalid leaves the browser.
    const params = validate(endpoint.params, request.params ?? {}, 'request_invalid');
    if (!params.ok) return params;
    const query = validate(endpoint.query, request.query ?? {}, 'request_invalid');
    if (!query.ok) return query;
    const body = validate(endpoint.body, request.body ?? {}, 'request_invalid');
    if (!body.ok) return body;

    const url = urlOf(base, endpoint, params.data, query.data);
    const mutation = endpoint.method !== 'GET';
    const key = mutation ? (request.idempotencyKey === null ? null : (request.idempotencyKey as string | undefined) ?? randomKey()) : null;
    if (mutation) void onFailure();
    let retry: RetryPolicy | undefined;
    const policy = (step: typeof import('./retry.js')) => (retry ??= new step.RetryPolicy(opts.retry, opts.random ?? Math.random));
    const retryable = !mutation || key !== null;
    const bodyText = endpoint.body ? JSON.stringify(body.data) : undefined;
    const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
    // A buyer session's endpoint, or one a merchant session may call (the admin widgets' `scope`): both take the page's token.
    const sessionCall = endpoint.auth === 'session' || endpoint.scope !== undefined;
    let replayedAuth = false;

    for (;;) {
      if (signal?.aborted) return fail(aborted());
      // 2. Auth: a missing or expiring token is refreshed first, when the page gave a getSession.
      if ((auth.token === null || auth.expired()) && auth.hasProvider && (sessionCall || endpoint.auth === 'publishable')) {
        await auth.refresh(auth.token);
        if (signal?.aborted) return fail(aborted());
      }
      const token = auth.usable();
      if (token === null && sessionCall && auth.hasProvider) {
        return fail(subkitError('auth_error', 'session_unavailable', 'No buyer session: getSession() gave no token.'));
      }
      const headers: Record<string, string> = { accept: 'application/json' };
      const bearer = token ?? opts.publishableKey;
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      if (opts.locale) headers['accept-language'] = opts.locale;
      if (bodyText !== undefined) headers['content-type'] = 'application/json';
      if (key !== null) headers['idempotency-key'] = key;

      // 3. Send.
      let res: Response;
      try {
        res = await doFetch(url, { method: endpoint.method, headers, body: bodyText, signal });
      } catch (err) {
        if (isAbort(err, signal)) return fail(aborted());
        const step = await onFailure();
        const wait = step ? policy(step).afterNetworkFailure(retryable) : null;
        if (wait === null) return fail(subkitError('network_error', 'network_failed', err instanceof Error ? err.message : 'Network request failed.'));
        await (opts.sleep ?? step!.defaultSleep)(wait, signal);
        continue;
      }

      // A refused token is refreshed once and the request replayed (same Idempotency-Key).
      if (res.status === 401 && !replayedAuth && auth.hasProvider && (token !== null || sessionCall)) {
        replayedAuth = true;
        await res.body?.cancel().catch(() => undefined);
        // Refreshed means: the provider gave a token other than the one the server just refused.
        if ((await auth.refresh(token)) !== null) continue;
      }

      if (res.ok) {
        prefetchFailureStep();
        return readResponse(res, endpoint, signal);
      }

      // 4. Failure: the error answer read; transient answers of safe requests tried again, honouring Retry-After.
      const step = await onFailure();
      const retryAfterMs = step ? step.parseRetryAfter(res.headers.get('retry-after')) : null;
      let error: SubkitError;
      try {
        if (!step) throw new Error('the failure step could not be fetched');
        error = await step.errorFromResponse(res, retryAfterMs);
      } catch (err) {
        if (isAbort(err, signal)) return fail(aborted());
        error = subkitError(typeForStatus(res.status), `http_${res.status}`, `HTTP ${res.status}`, { status: res.status, requestId: requestIdOf(res) });
      }
      const wait = step ? policy(step).afterStatus(res.status, retryAfterMs, retryable) : null;
      if (wait === null) return fail(error);
      await (opts.sleep ?? step!.defaultSleep)(wait, signal);
    }
  }

  return {
    options: opts,
    send: send as SubkitConnection['send'],
    setSession: (session) => auth.set(session),
    setSessionProvider: (getSession) => auth.setProvider(getSession),
    get session() {
      return auth.token;
    },
    get signedIn() {
      return auth.signedIn;
    },
    onSessionChange: (listener) => auth.listen(listener),
  };
}
