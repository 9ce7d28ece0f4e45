import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Catalog, Subscription } from '@subkit/core';
import type { SubkitConnection, SubkitError } from '@subkit/client';
import { DialogController } from '../internal/dialog-controller.js';
import { LazyView } from '../internal/lazy-view.js';
import { whenIdle } from '../internal/idle.js';
import { errorMessage } from '../internal/errors.js';
import { viewUnavailable } from '../internal/view-unavailable.js';
import type { ManagerListStrings, SubscriptionManagerStrings } from '../locales/subscription-manager.js';
import { isDeclined } from '../rules/selectors.js';
import type { Part } from '../templates/parts.js';
import { SubkitErrorEvent } from '../events/common.js';
import type { DialogKind } from './subscription-manager.types.js';

/** What the manager's flows need from it. */
export interface ManagerContext {
  readonly host: ReactiveControllerHost & HTMLElement;
  client(): SubkitConnection | null;
  /** The widget's strings (a locale's whole table; in English, what the list needs: see `ManagerDialog.strings()`). */
  strings(): ManagerListStrings;
  locale(): string;
  catalog(): Catalog | null;
  subscription(id: string | null): Subscription | null;
  /** True while any flow or action runs. */
  busy(): boolean;
  /** Runs when the dialog closed (however it closed): flows drop what they mounted. */
  dialogClosed(): void;
}

/** The dialogs' templates and styles (a chunk fetched when a buyer first opens a dialog). */
export type DialogsView = typeof import('./dialogs.view.js');

/**
 * The manager's one dialog and what surrounds it: which flow it shows and for which subscription, the
 * error inside it, the notice above the list (a conflict), and the announcement for screen readers.
 * A flow opens it, and ends with `completed(message)` or `failed(error, source)`. The dialogs' code is
 * fetched when the first one opens (`view`; the widget is busy meanwhile): the dialog shows once it is there.
 */
export class ManagerDialog implements ReactiveController {
  kind: DialogKind | null = null;
  targetId: string | null = null;
  /** An error shown inside the dialog, where the buyer is. */
  error: string | null = null;
  /** A message above the list (the conflict explanation). */
  notice: { kind: 'conflict' | 'error'; text: string } | null = null;
  /** What a screen reader hears after an action. */
  announcement: string | Part[] = '';
  /** The dialogs' code could not be fetched (offline): the widget shows the error with a retry (`retry`). */
  unavailable: { error: SubkitError; retry: () => void } | null = null;
  readonly controller: DialogController;
  readonly view: LazyView<DialogsView>;
  #focusStep = false;

  constructor(private readonly context: ManagerContext) {
    const host = context.host;
    host.addController(this);
    this.controller = new DialogController(host, {
      element: () => host.shadowRoot?.querySelector('dialog'),
      busy: () => context.busy(),
      onClosed: () => {
        this.#closedTarget = this.targetId;
        this.kind = null;
        context.dialogClosed();
      },
      // Opened by the page (previewChange) there is no button to return to: focus goes to the subscription.
      focusAfter: (opener) => (opener?.isConnected ? opener : this.#planName(this.#closedTarget)),
    });
    this.view = new LazyView(host, () => import('./dialogs.view.js'));
  }

  /** The subscription of the dialog that closed last: focus goes to it when the opener is gone. */
  #closedTarget: string | null = null;

  #planName(subscriptionId: string | null): HTMLElement | null {
    return subscriptionId ? (this.context.host.shadowRoot?.querySelector<HTMLElement>(`[data-subscription="${subscriptionId}"] [part~="plan-name"]`) ?? null) : null;
  }

  /** The subscription the dialog is about. */
  get target(): Subscription | null {
    return this.context.subscription(this.targetId);
  }

  hostUpdated(): void {
    // A step to focus waits for its dialog (whose code may still be on its way).
    if (this.#focusStep && this.view.view) {
      this.#focusStep = false;
      this.context.host.shadowRoot?.querySelector<HTMLElement>('[data-step-focus]')?.focus();
    }
  }

  /** Opens the dialog of a flow (its code is there: flows are made with it); `from` is the click that opened it, or its button (focus returns there). */
  open(kind: DialogKind, subscription: Subscription | null, from: Event | HTMLElement | null): void {
    this.kind = kind;
    this.targetId = subscription?.id ?? null;
    this.error = null;
    this.notice = null;
    this.unavailable = null;
    // The last confirmation has been read: a new flow starts.
    this.announcement = '';
    this.controller.open(from);
  }

  /** The dialogs' code (a dialog's, or what a direct action sends) could not be fetched: the error panel with `retry`, and `subkit-error`. */
  viewUnavailable(retry: () => void, source: string): void {
    this.unavailable = { error: viewUnavailable(this.context.host, 'subscription dialog', source), retry };
    this.context.host.requestUpdate();
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

  #prepared = false;

  /**
   * The strings a dialog reads: the widget's, over the dialogs' English ones (which come with the dialogs' code; a
   * locale's own table has them all, and a page's overrides are in the widget's). Only dialog code reads them, and it
   * runs once that code is there.
   */
  strings(): SubscriptionManagerStrings {
    const list = this.context.strings();
    const view = this.view.view;
    if (this.#strings?.list !== list || this.#strings.view !== view) this.#strings = { list, view, merged: { ...view?.dialogStrings, ...list } as SubscriptionManagerStrings };
    return this.#strings.merged;
  }

  #strings: { list: ManagerListStrings; view: DialogsView | null; merged: SubscriptionManagerStrings } | null = null;

  /** Resolves once the dialogs' code is there, so a dialog that is open shows. */
  ready(): Promise<DialogsView> {
    return this.view.load();
  }

  /** Moves focus to the new step's heading once it is rendered. */
  focusStep(): void {
    this.#focusStep = true;
    this.context.host.requestUpdate();
  }

  close(): void {
    this.controller.close();
  }

  /** A flow finished: the dialog closes and the buyer hears what happened; the flow then tells the page. */
  async completed(message: string | Part[]): Promise<void> {
    this.announcement = message;
    this.close();
    await this.context.host.updateComplete;
  }

  /** A flow failed: a conflict closes the dialog and explains above the list (the store reloaded); other errors show where the buyer is. */
  failed(error: SubkitError, source: string): void {
    const s = this.context.strings();
    if (error.type === 'conflict_error') {
      this.close();
      this.notice = { kind: 'conflict', text: s.conflict };
    } else if (this.kind) {
      this.error = isDeclined(error) ? s.cardDeclined : errorMessage(error, s);
    } else {
      this.notice = { kind: 'error', text: errorMessage(error, s) };
    }
    this.context.host.requestUpdate();
    this.context.host.dispatchEvent(new SubkitErrorEvent({ error, source }));
  }

  /** Updates the host after a flow changed its state. */
  changed(): void {
    this.context.host.requestUpdate();
  }
}
