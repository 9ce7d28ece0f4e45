import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Catalog, Subscription } from '@subkit/core';
import type { SubkitConnection, SubkitError } from '@subkit/client';
import { DialogController } from '../internal/dialog-controller.js';
import { errorMessage } from '../internal/errors.js';
import type { ManagerListStrings, SubscriptionManagerStrings } from '../locales/subscription-manager.js';
import dialogStrings from '../locales/en/subscription-manager-dialogs.js';
import { isDeclined } from '../rules/selectors.js';
import type { Part } from '../templates/parts.js';
import { SubkitErrorEvent } from '../events/common.js';
import type { DialogKind } from './subscription-manager.types.js';
import type { DialogsLoader } from './dialogs-loader.js';

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
 * The manager's one dialog: which flow it shows and for which subscription, the error inside it, and what it
 * leaves above the list (`notice`, `announcement`: the list's, in `DialogsLoader`). A flow opens it, and ends with
 * `completed(message)` or `failed(error, source)`. Made with the flows, when the dialogs' code is there
 * (`dialogs.view`): the list alone loads without it or its modal behaviour (`controller`).
 */
export class ManagerDialog implements ReactiveController {
  kind: DialogKind | null = null;
  targetId: string | null = null;
  /** An error shown inside the dialog, where the buyer is. */
  error: string | null = null;
  /** The modal: shown once rendered, kept open on Escape while busy, focus back where it was opened. */
  readonly controller: DialogController;
  #focusStep = false;

  constructor(
    private readonly context: ManagerContext,
    private readonly list: DialogsLoader,
  ) {
    const host = context.host;
    // Added to the host first: the dialog is shown (showModal) before a new step's heading takes focus.
    this.controller = new DialogController(host, {
      element: () => host.shadowRoot?.querySelector('dialog'),
      busy: () => context.busy(),
      onClosed: () => this.closed(),
      focusAfter: (opener) => this.focusAfter(opener),
    });
    host.addController(this);
  }

  /** The dialog closed, however it closed: flows drop what they mounted. */
  closed(): void {
    this.#closedTarget = this.targetId;
    this.kind = null;
    this.context.dialogClosed();
  }

  /** Where focus goes once the dialog closed. Opened by the page (previewChange) there is no button to return to: focus goes to the subscription. */
  focusAfter(opener: HTMLElement | null): HTMLElement | null {
    return opener?.isConnected ? opener : this.#planName(this.#closedTarget);
  }

  /** What a screen reader hears after an action (the list's announcer says it). */
  set announcement(message: string | Part[]) {
    this.list.announcement = message;
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
    if (this.#focusStep) {
      this.#focusStep = false;
      this.context.host.shadowRoot?.querySelector<HTMLElement>('[data-step-focus]')?.focus();
    }
  }

  /** Opens the dialog of a flow (its code is there: flows are made with it); `from` is the click that opened it, or its button (focus returns there). */
  open(kind: DialogKind, subscription: Subscription | null, from: Event | HTMLElement | null): void {
    this.kind = kind;
    this.targetId = subscription?.id ?? null;
    this.error = null;
    this.list.notice = null;
    this.list.unavailable = null;
    // The last confirmation has been read: a new flow starts.
    this.announcement = '';
    this.controller.open(from);
  }

  /**
   * The strings a dialog reads: the widget's, over the dialogs' English ones (which come with this code; a locale's
   * own table has them all, and a page's overrides are in the widget's).
   */
  strings(): SubscriptionManagerStrings {
    const list = this.context.strings();
    if (this.#strings?.list !== list) this.#strings = { list, merged: { ...dialogStrings, ...list } as SubscriptionManagerStrings };
    return this.#strings.merged;
  }

  #strings: { list: ManagerListStrings; merged: SubscriptionManagerStrings } | null = null;

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
    const s = this.strings();
    if (error.type === 'conflict_error') {
      this.close();
      this.list.notice = { kind: 'conflict', text: s.conflict };
    } else if (this.kind) {
      this.error = isDeclined(error) ? s.cardDeclined : errorMessage(error, s);
    } else {
      this.list.notice = { kind: 'error', text: errorMessage(error, s) };
    }
    this.context.host.requestUpdate();
    this.context.host.dispatchEvent(new SubkitErrorEvent({ error, source }));
  }

  /** Updates the host after a flow changed its state. */
  changed(): void {
    this.context.host.requestUpdate();
  }
}
