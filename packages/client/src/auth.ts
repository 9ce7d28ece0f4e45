/** What `getSession` may answer: a bare token, or a token with its expiry (ISO 8601). */
export type SessionGrant = string | { token: string; expiresAt?: string | null };

/** Supplies a fresh buyer session token. */
export type SessionProvider = () => Promise<SessionGrant>;

// A token this close to its expiry is refreshed before use: it could expire in flight.
const EXPIRY_LEEWAY_MS = 5_000;

/**
 * The auth step of the request loop: the buyer session token, its expiry, and refreshes through the
 * page's `getSession` (concurrent callers share one refresh). Listeners hear explicit `set` calls that
 * change the token, and a `getSession` arriving where there was no session at all — never silent refreshes.
 */
export class SessionAuth {
  #token: string | null = null;
  #expiresAt: number | null = null;
  #provider: SessionProvider | null;
  #refreshing: Promise<string | null> | null = null;
  readonly #listeners = new Set<(session: string | null) => void>();

  constructor(grant: SessionGrant | null, provider: SessionProvider | null) {
    this.#adopt(grant);
    this.#provider = provider;
  }

  /** The current token, if any. */
  get token(): string | null {
    return this.#token;
  }

  /** True when there is a token or a `getSession` to ask for one. */
  get signedIn(): boolean {
    return this.#token !== null || this.#provider !== null;
  }

  /** True when a `getSession` is set. */
  get hasProvider(): boolean {
    return this.#provider !== null;
  }

  /** Sets (or clears) the token; listeners hear it when it differs from the current one. */
  set(grant: SessionGrant | null): void {
    const before = this.#token;
    this.#adopt(grant);
    // Widgets hand the same token over again on every render: only a different one is news.
    if (this.#token !== before) this.#tell();
  }

  /** Sets the callback that supplies fresh tokens. */
  setProvider(provider: SessionProvider | null): void {
    const wasSignedIn = this.signedIn;
    this.#provider = provider;
    // A page that signs the buyer in by handing over getSession (no token yet) starts a session too.
    if (!wasSignedIn && this.signedIn) this.#tell();
  }

  /** Listens to session changes; returns the unsubscribe. */
  listen(listener: (session: string | null) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** True when the token is known to expire within the leeway. */
  expired(): boolean {
    return this.#expiresAt !== null && Date.now() >= this.#expiresAt - EXPIRY_LEEWAY_MS;
  }

  /** The token to send: none when it expired and a provider can replace it (without one the server judges it). */
  usable(): string | null {
    return this.#token !== null && (!this.expired() || !this.#provider) ? this.#token : null;
  }

  /** A fresh token from the provider; `stale` is the token that failed (or null). Never rejects. */
  refresh(stale: string | null): Promise<string | null> {
    if (this.#token !== null && this.#token !== stale && !this.expired()) return Promise.resolve(this.#token);
    const provider = this.#provider;
    if (!provider) return Promise.resolve(null);
    this.#refreshing ??= (async () => {
      try {
        this.#adopt(await provider());
        return this.#token;
      } catch {
        return null;
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  #adopt(grant: SessionGrant | null): void {
    if (grant === null || typeof grant === 'string') {
      this.#token = grant;
      this.#expiresAt = null;
      return;
    }
    this.#token = grant.token;
    const at = grant.expiresAt ? Date.parse(grant.expiresAt) : NaN;
    this.#expiresAt = Number.isNaN(at) ? null : at;
  }

  #tell(): void {
    for (const listener of [...this.#listeners]) listener(this.#token);
  }
}
