import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Remote, SubkitError } from '@subkit/client';
import { SubkitErrorEvent } from '../events/common.js';

/** Where a widget's remote data is: not asked for yet, loading, shown, or failed with nothing to show. */
export type TaskStatus = 'initial' | 'pending' | 'complete' | 'error';

/** How a `RemoteTask` loads and where the widget reads what it loaded. */
export interface RemoteTaskOptions<T, A extends readonly unknown[]> {
  /** The arguments the data depends on, read on every update; `null` while nothing can be loaded yet. */
  args: () => A | null;
  /**
   * Loads for the arguments, usually through a store action. `signal` aborts when the arguments change or
   * the widget leaves the page; `rerun` is true when the buyer asked again (retry), false on an arguments change.
   */
  task: (args: A, options: { signal: AbortSignal; rerun: boolean }) => unknown;
  /** The data as the widget renders it: usually a store binding's value. */
  value: () => Remote<T>;
  /** Names the widget and step in the `subkit-error` event, e.g. `plan-picker:catalog`. */
  source: string | ((remote: Remote<T>) => string);
  /**
   * Starts a run in the update that changes the arguments, before it renders, instead of after it: the
   * loading state shows in that update, with no second one asked for while it finishes. Only for a task
   * whose start changes nothing `willUpdate` derives from (the store's loading flag, not its data); what
   * depends on it can be derived in `update()`, which runs after the controllers' hostUpdate.
   */
  beforeRender?: boolean;
}

/** What `render` draws per status; each defaults to nothing. */
export interface TaskRenderers<T, R> {
  initial?: () => R;
  pending?: () => R;
  complete?: (data: T) => R;
  error?: (error: SubkitError) => R;
}

const same = (a: readonly unknown[] | null, b: readonly unknown[] | null) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => Object.is(x, b[i])));

/**
 * A widget's remote data, in the manner of @lit/task: driven by its arguments (a change runs the task
 * again and aborts the previous run), with a status of initial / pending / complete / error. The data
 * itself lives in a shared store (several widgets may show it), so the status is read from that store's
 * Remote. An error is reported once as a `subkit-error` event; `run()` retries.
 */
export class RemoteTask<T, A extends readonly unknown[] = readonly unknown[]> implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: RemoteTaskOptions<T, A>;
  #args: A | null = null;
  #abort: AbortController | null = null;
  #reported: SubkitError | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, options: RemoteTaskOptions<T, A>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /**
   * The data's status: `complete` once there is data (even while it reloads), `error` when it failed with
   * none, `initial` before the first run (nothing to load yet), else `pending`.
   */
  get status(): TaskStatus {
    const { data, error } = this.#options.value();
    if (data !== null) return 'complete';
    if (error) return 'error';
    return this.#args === null ? 'initial' : 'pending';
  }

  /** The data, or null while there is none. */
  get value(): T | null {
    return this.#options.value().data;
  }

  /** The last error, or null. */
  get error(): SubkitError | null {
    return this.#options.value().error;
  }

  /** Runs the task again with the current arguments (the retry of an error state). */
  run(): void {
    if (this.#args) this.#start(this.#args, true);
  }

  /** Renders by status. */
  render<R>(renderers: TaskRenderers<T, R>): R | undefined {
    const remote = this.#options.value();
    switch (this.status) {
      case 'complete':
        return renderers.complete?.(remote.data as T);
      case 'error':
        return renderers.error?.(remote.error!);
      case 'pending':
        return renderers.pending?.();
      default:
        return renderers.initial?.();
    }
  }

  hostUpdate(): void {
    if (this.#options.beforeRender) this.#follow();
  }

  // Arguments are read after each render, and a run starts then: the stores it loads into change between
  // updates, never in the middle of one (what `willUpdate` derived would no longer match what renders).
  hostUpdated(): void {
    // A widget off the page still updates when its properties change; it loads once it is back.
    if (!this.#host.isConnected) return;
    if (!this.#options.beforeRender) this.#follow();
    const remote = this.#options.value();
    if (remote.error && !remote.loading && remote.error !== this.#reported) {
      this.#reported = remote.error;
      const source = typeof this.#options.source === 'function' ? this.#options.source(remote) : this.#options.source;
      this.#host.dispatchEvent(new SubkitErrorEvent({ error: remote.error, source }));
    }
  }

  // Back on the page, the task runs again for its arguments: an update is asked for, as nothing else may ask.
  hostConnected(): void {
    if (this.#args === null) this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#args = null;
  }

  /** Runs the task when its arguments changed (a widget off the page loads once it is back). */
  #follow(): void {
    if (!this.#host.isConnected) return;
    const args = this.#options.args();
    if (same(args, this.#args)) return;
    this.#args = args;
    if (args) this.#start(args, false);
    else this.#abort?.abort();
  }

  #start(args: A, rerun: boolean): void {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    void this.#options.task(args, { signal: abort.signal, rerun });
  }
}
