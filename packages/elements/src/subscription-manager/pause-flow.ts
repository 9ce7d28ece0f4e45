import type { ManagerContext, ManagerDialog } from './manager-dialog.js';
import type { Subscription } from '@subkit/core';

/** Pausing a subscription until a date (or until resumed); what the dialog sends is in flow-actions.ts. */
export class PauseFlow {
  until = '';
  fieldError: string | null = null;
  busy = false;

  constructor(
    /** @internal */
    readonly context: ManagerContext,
    /** @internal */
    readonly dialog: ManagerDialog,
  ) {}

  open(subscription: Subscription, from: Event | HTMLElement | null): void {
    this.until = '';
    this.fieldError = null;
    this.busy = false;
    this.dialog.open('pause', subscription, from);
  }

  input(event: Event): void {
    this.until = (event.target as HTMLInputElement).value;
    this.fieldError = null;
    this.dialog.changed();
  }
}
