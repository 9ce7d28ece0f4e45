import type { ReactiveControllerHost } from 'lit';
import type { SubkitError } from '@subkit/client';
import { LazyView } from '../internal/lazy-view.js';
import { whenIdle } from '../internal/idle.js';
import { viewUnavailable } from '../internal/view-unavailable.js';
import type { Part } from '../templates/parts.js';
import type { DialogsView } from './manager-dialog.js';

/**
 * What the manager's list shows around its dialogs, and their code: the notice above the list (a conflict), the
 * announcement for screen readers, and the dialogs' code (`view`, fetched when the first one opens; the widget is
 * busy meanwhile) — with the error panel and its retry when it cannot be fetched. The dialog itself, its modal
 * behaviour, what it shows and where focus goes after it (`ManagerDialog`), comes with that code.
 */
export class DialogsLoader {
  /** A message above the list (the conflict explanation). */
  notice: { kind: 'conflict' | 'error'; text: string } | null = null;
  /** What a screen reader hears after an action. */
  announcement: string | Part[] = '';
  /** The dialogs' code could not be fetched (offline): the widget shows the error with a retry (`retry`). */
  unavailable: { error: SubkitError; retry: () => void } | null = null;
  readonly view: LazyView<DialogsView>;
  #prepared = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.view = new LazyView(host, () => import('./dialogs.view.js'));
  }

  /** The dialogs' code (a dialog's, or what a direct action sends) could not be fetched: the error panel with `retry`, and `subkit-error`. */
  viewUnavailable(retry: () => void, source: string): void {
    this.unavailable = { error: viewUnavailable(this.host, 'subscription dialog', source), retry };
    this.host.requestUpdate();
  }

  /** Tries again what could not be opened (a dialog: the flow's state is as its opening left it). */
  retry(): void {
    const unavailable = this.unavailable;
    this.unavailable = null;
    unavailable?.retry();
  }

  /**
   * Fetches the dialogs' code (their templates and what their buttons send) when the page is next idle, once: the
   * first dialog a buyer opens then shows at once. Only warms the module; `view` loads it when a dialog opens.
   */
  prepare(): void {
    if (this.#prepared) return;
    this.#prepared = true;
    whenIdle(() => void import('./dialogs.view.js').catch(() => undefined));
  }

  /** Resolves once the dialogs' code is there, so a dialog that is open shows. */
  ready(): Promise<DialogsView> {
    return this.view.load();
  }
}
