import { onStart, type WritableAtom } from 'nanostores';
import type { SubkitConnection } from '../transport.js';
import type { Result, SubkitError } from '../errors.js';

/** Remote data as every widget renders it. */
export interface Remote<T> {
  data: T | null;
  error: SubkitError | null;
  loading: boolean;
}

/** A Remote before its first load. */
export const idle = <T = never>(): Remote<T> => ({ data: null, error: null, loading: false });

/**
 * A store made once per client and shared by every widget of that client. It hangs off the client under a
 * global symbol, so two copies of this package on one page still share one store, not two.
 */
export function defineStore<T>(name: string, create: (client: SubkitConnection) => T): (client: SubkitConnection) => T {
  const key = Symbol.for(`subkit.store.${name}`);
  return (client) => {
    const holder = client as unknown as Record<symbol, T | undefined>;
    let store = holder[key];
    if (store === undefined) {
      store = create(client);
      Object.defineProperty(client, key, { value: store });
    }
    return store;
  };
}

/**
 * Runs loads into a Remote store: the latest load wins (an older answer arriving late is dropped), and a
 * load with the same key while one runs shares it.
 */
export function loader<T>(store: WritableAtom<Remote<T>>) {
  let generation = 0;
  let running: { key: string; promise: Promise<Result<T>> } | null = null;
  return {
    run(key: string, fetcher: () => Promise<Result<T>>): Promise<Result<T>> {
      if (running && running.key === key) return running.promise;
      const mine = ++generation;
      store.set({ ...store.value!, loading: true });
      const promise = fetcher().then((result) => {
        if (mine === generation) {
          store.set(result.ok ? { data: result.data, error: null, loading: false } : { ...store.value!, error: result.error, loading: false });
          running = null;
        }
        return result;
      });
      running = { key, promise };
      return promise;
    },
    reset() {
      generation++;
      running = null;
      store.set(idle());
    },
  };
}

/** True while a widget (or any listener) is subscribed to the store. */
export function mounted(store: { readonly lc: number }): boolean {
  return store.lc > 0;
}

/** True when a Remote has data or is loading: what a new buyer session must replace. */
export function inUse(store: { readonly value: Remote<unknown> | undefined; readonly lc: number }): boolean {
  const value = store.value;
  return mounted(store) || value?.data != null || value?.loading === true;
}

/**
 * Lazy loading as nanostores intends: the store loads itself when its first listener subscribes. A store
 * scoped to the buyer session loads only when the client has a session (the reactions reload it once
 * one arrives). The load starts a microtask later, and only if someone still listens and nobody started
 * it meanwhile: a subscriber first sees the idle state, and a passing `get()` never loads.
 * `onStart`, not `onMount`: a `get()` mounts the store for a second after it, so a widget subscribing
 * within that second never saw `onMount` again and its store never loaded.
 */
export function loadOnMount(store: WritableAtom<Remote<unknown>>, client: SubkitConnection, load: () => unknown, scope: 'public' | 'session'): void {
  onStart(store, () => {
    queueMicrotask(() => {
      const value = store.value!;
      if (mounted(store) && value.data === null && !value.loading && (scope === 'public' || client.signedIn)) void load();
    });
  });
}

/** The value without the nullish and empty entries a request should not carry. */
export function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}
