import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getSharedClient, type SessionGrant, type SubkitConnection } from '@subkit/client';
import { StoreController } from '@subkit/client/lit';
import type { ReadableAtom } from 'nanostores';
import { subkitContext, type SubkitContextValue } from './context.js';

/** What a widget offers the client controller: the connection attributes every subkit widget has. */
export interface ClientHost extends ReactiveControllerHost, HTMLElement {
  apiBase?: string | undefined;
  publishableKey?: string | undefined;
  session?: string | undefined;
  getSession?: (() => Promise<SessionGrant>) | undefined;
}

/** A store value that follows whichever client the widget currently resolves to. */
export interface StoreBinding<T> {
  readonly value: T;
}

class Binding<T> implements StoreBinding<T> {
  #controller: StoreController<T> | null = null;
  #store: ReadableAtom<T> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly select: (client: SubkitConnection) => ReadableAtom<T>,
    private readonly fallback: T,
  ) {}

  get value(): T {
    return this.#controller ? this.#controller.value : this.fallback;
  }

  rebind(client: SubkitConnection | null): void {
    const store = client ? this.select(client) : null;
    if (store === this.#store) return;
    if (this.#controller) {
      // removeController does not disconnect, so unsubscribe first.
      this.#controller.hostDisconnected?.();
      this.host.removeController(this.#controller);
    }
    this.#store = store;
    this.#controller = store ? new StoreController(this.host, store) : null;
  }
}

/**
 * Resolves the client a widget talks to: a `<subkit-provider>` ancestor's (by the context protocol), or
 * one built from the widget's own `api-base` / `publishable-key` / `session` / `getSession` — shared
 * with every other widget on the page that names the same API and key. Store bindings made with
 * `bind()` follow the resolved client; binding a store is what loads it (nanostores' onStart).
 */
export class ClientController implements ReactiveController {
  /** The resolved client, or `null` until the widget has an `api-base` or a provider. */
  client: SubkitConnection | null = null;
  /** True when the buyer is signed in (a session token or a `getSession` hook is known). */
  hasSession = false;
  readonly #bindings: Binding<unknown>[] = [];
  #session: string | undefined;
  #getSession: (() => Promise<SessionGrant>) | undefined;
  /** What a `<subkit-provider>` above gives, and how to stop hearing from it. */
  #provided: SubkitContextValue | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly host: ClientHost) {
    host.addController(this);
  }

  /** The provider's answer: at once, and again whenever its client or session changes. */
  readonly #receive = (value: SubkitContextValue | undefined, unsubscribe?: () => void): void => {
    if (unsubscribe !== this.#unsubscribe) this.#unsubscribe?.();
    this.#unsubscribe = unsubscribe;
    this.#provided = value;
    this.host.requestUpdate();
  };

  /** The store `define` makes for the resolved client (e.g. `use(catalogStore)`), or null while there is none. */
  use<S>(define: (client: SubkitConnection) => S): S | null {
    return this.client ? define(this.client) : null;
  }

  /** Binds a store of the resolved client: `.value` is its current value (or `fallback` while there is no client). */
  bind<T>(select: (client: SubkitConnection) => ReadableAtom<T>, fallback: T): StoreBinding<T> {
    const binding = new Binding<T>(this.host, select, fallback);
    this.#bindings.push(binding as Binding<unknown>);
    binding.rebind(this.client);
    return binding;
  }

  // Resolved on connecting too: the attributes (or the provider's context) are known by then, so a widget's
  // first willUpdate already reads the stores' values — a store that holds data (seeded by a server render,
  // or loaded by another widget) draws on the first render, with no empty or loading frame in between,
  // and the first client render matches what the server drew (hydration).
  hostConnected(): void {
    // Asks a `<subkit-provider>` above for its client, by the context protocol @lit/context's provider answers
    // (what its ContextConsumer sends, without its code in every widget's bundle).
    const request = { context: subkitContext, contextTarget: this.host, callback: this.#receive, subscribe: true };
    this.host.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), request));
    this.hostUpdate();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  hostUpdate(): void {
    const host = this.host;
    const provided = this.#provided;
    const client = host.apiBase ? getSharedClient({ baseUrl: host.apiBase, publishableKey: host.publishableKey }) : (provided?.client ?? null);
    if (client && host.session !== this.#session) {
      this.#session = host.session;
      if (host.session) client.setSession(host.session);
    }
    if (client && host.getSession !== this.#getSession) {
      this.#getSession = host.getSession;
      if (host.getSession) client.setSessionProvider(host.getSession);
    }
    if (client !== this.client) {
      this.client = client;
      for (const binding of this.#bindings) binding.rebind(client);
    }
    this.hasSession = Boolean(client?.signedIn || provided?.hasSession);
  }
}
