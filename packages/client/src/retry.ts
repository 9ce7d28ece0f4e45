// The failure step of the request loop (transport.ts): what a request needs only once it failed — the
// server's error answer read, and whether and when the request is tried again. A page fetches this module
// on its first failed request (a page whose requests all succeed never does), or as a mutation is sent.
import { subkitError, type SubkitError } from './errors.js';
import { requestIdOf, typeForStatus } from './validation.js';

/** Backoff settings of the client's own retries. */
export interface RetryOptions {
  /** Retries after the first try (default 2). */
  retries?: number;
  /** Base of the exponential backoff in ms (default 300). */
  baseDelayMs?: number;
  /** Largest wait between tries in ms (default 10 000); a longer `Retry-After` ends the retries. */
  maxDelayMs?: number;
}

/** Statuses worth another try: the answer may differ in a moment. 501/505 and the 4xx (but 408/429) will not. */
const TRANSIENT = [408, 429, 500, 502, 503, 504];
const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, baseDelayMs: 300, maxDelayMs: 10_000 };

/** Parses `Retry-After` (delta seconds or an HTTP date) into ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Waits `ms`, or less when `signal` aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/**
 * The retry step of the request loop: whether a failed try is tried again, and after how long. Only a GET
 * or a mutation with an Idempotency-Key is ever retried; the server's `Retry-After` is honoured (never
 * sooner), and one longer than `maxDelayMs` hands the error back instead of waiting.
 */
export class RetryPolicy {
  readonly #options: Required<RetryOptions>;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: RetryOptions | undefined, random: () => number) {
    this.#options = { ...DEFAULT_RETRY, ...options };
    this.#random = random;
  }

  /** The wait before the next try after a network failure, or null to stop. */
  afterNetworkFailure(retryable: boolean): number | null {
    return retryable && this.#attempt < this.#options.retries ? this.#backoff() : null;
  }

  /** The wait before the next try after an error status, or null to stop. */
  afterStatus(status: number, retryAfterMs: number | null, retryable: boolean): number | null {
    if (!TRANSIENT.includes(status) || !retryable || this.#attempt >= this.#options.retries) return null;
    if (retryAfterMs !== null && retryAfterMs > this.#options.maxDelayMs) return null;
    return Math.max(retryAfterMs ?? 0, this.#backoff());
  }

  /** Exponential backoff with full jitter: uniform in [0, min(max, base·2^attempt)). */
  #backoff(): number {
    const { baseDelayMs, maxDelayMs } = this.#options;
    return Math.floor(this.#random() * Math.min(maxDelayMs, baseDelayMs * 2 ** this.#attempt++));
  }
}

/** The server's error body (`{ error: { type, code, message, param?, requestId } }`) as a `SubkitError`. */
export async function errorFromResponse(res: Response, retryAfterMs: number | null): Promise<SubkitError> {
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
    requestId: str(e?.requestId) ?? requestIdOf(res),
    declineCode: str(e?.declineCode),
    serverType: str(e?.type),
    retryAfterMs,
    approval: e?.approval && typeof e.approval === 'object' ? (e.approval as SubkitError['approval']) : null,
  });
}
