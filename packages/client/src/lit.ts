import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { ReadableAtom } from 'nanostores';

/**
 * Binds a Lit host to a nanostores store: `.value` is the store's value, and the host updates when it changes.
 * Subscribes while the host is connected (so the store's `onStart` runs then) and unsubscribes on disconnect.
 */
export class StoreController<T> implements ReactiveController {
  /** The store's current value. */
  value: T;
  readonly #host: ReactiveControllerHost;
  readonly #store: ReadableAtom<T>;
  #unsubscribe: (() => void) | null = null;

  /** Adds itself to `host` and starts listening when the host connects. */
  constructor(host: ReactiveControllerHost, store: ReadableAtom<T>) {
    this.#host = host;
    this.#store = store;
    this.value = store.get();
    host.addController(this);
  }

  /** Subscribes to the store. */
  hostConnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = this.#store.subscribe((value) => {
      if (value === this.value) return;
      this.value = value;
      this.#host.requestUpdate();
    });
  }

  /** Unsubscribes from the store. */
  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}
