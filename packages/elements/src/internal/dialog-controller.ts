import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How a widget's modal dialog behaves. */
export interface DialogOptions {
  /** The `<dialog>` element once rendered (usually a `@query`). */
  element: () => HTMLDialogElement | null | undefined;
  /** True while the dialog's action runs: Escape does not close it then (the outcome must be seen). */
  busy?: () => boolean;
  /** Escape while not busy; the default closes the dialog. Call `event.preventDefault()` to keep it open. */
  onEscape?: (event: Event) => void;
  /** Runs when the dialog closed, however it closed (button, Escape, `close()`). */
  onClosed?: () => void;
  /** Where focus goes after closing; by default the control that opened the dialog, when it is still there. */
  focusAfter?: (opener: HTMLElement | null) => HTMLElement | null | undefined;
  /** Focus without scrolling (a long list keeps the buyer's place). */
  preventScroll?: boolean;
}

/**
 * One modal dialog of a widget: opened with `open()` (it remembers the control that opened it), shown with
 * `showModal()` once rendered, kept open on Escape while busy, and closed with focus back on the opener.
 * The template renders the `<dialog>` while `isOpen` and wires `@cancel=${d.cancel}` and `@close=${d.closed}`.
 */
export class DialogController implements ReactiveController {
  /** True from `open()` until the dialog closed. */
  isOpen = false;
  readonly #host: ReactiveControllerHost;
  readonly #options: DialogOptions;
  #opener: HTMLElement | null = null;

  constructor(host: ReactiveControllerHost, options: DialogOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Opens the dialog; `from` (the click event or the control) is where focus returns afterwards. */
  open(from?: Event | HTMLElement | null): void {
    const opener = from instanceof Event ? from.currentTarget : from;
    this.#opener = opener instanceof HTMLElement ? opener : null;
    this.isOpen = true;
    this.#host.requestUpdate();
  }

  /** Closes the dialog now: the widget's state is reset at once, not a task later when `close` fires. */
  close(): void {
    const dialog = this.#options.element();
    if (dialog?.open) dialog.close();
    this.closed();
  }

  /** The dialog's `cancel` listener (Escape). */
  readonly cancel = (event: Event): void => {
    if (this.#options.busy?.()) event.preventDefault();
    else this.#options.onEscape?.(event);
  };

  /** The dialog's `close` listener (and what `close()` runs at once). */
  readonly closed = (event?: Event): void => {
    // A dialog closed by `close()` fires its event a task later, maybe after another one opened: only the open one counts.
    if (!this.isOpen || (event && event.target !== this.#options.element())) return;
    this.isOpen = false;
    this.#options.onClosed?.();
    this.#host.requestUpdate();
    const opener = this.#opener;
    this.#opener = null;
    void this.#host.updateComplete.then(() => {
      const target = this.#options.focusAfter ? this.#options.focusAfter(opener) : opener?.isConnected ? opener : null;
      target?.focus({ preventScroll: this.#options.preventScroll ?? false });
    });
  };

  hostUpdated(): void {
    const dialog = this.#options.element();
    // A widget removed while its dialog's code was on its way still updates when the code arrives: off the page, nothing to show.
    if (this.isOpen && dialog?.isConnected && !dialog.open) dialog.showModal();
  }
}
