import { subscriptionActions } from '@subkit/client';
import { SubscriptionPausedEvent } from '../events/subscription-manager.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';
import type { Subscription } from '@subkit/core';

/** Pausing a subscription until a date (or until resumed). */
export class PauseFlow {
  until = '';
  fieldError: string | null = null;
  busy = false;

  constructor(
    private readonly context: ManagerContext,
    private readonly dialog: ManagerDialog,
  ) {}

  open(subscription: Subscription, event: Event): void {
    this.until = '';
    this.fieldError = null;
    this.busy = false;
    this.dialog.open('pause', subscription, event);
  }

  input(event: Event): void {
    this.until = (event.target as HTMLInputElement).value;
    this.fieldError = null;
    this.dialog.changed();
  }

  async submit(event: Event): Promise<void> {
    event.preventDefault();
    const client = this.context.client();
    const subscription = this.dialog.target;
    if (!client || !subscription || this.context.busy()) return;
    const until = this.until;
    if (until && until <= new Date().toISOString().slice(0, 10)) {
      this.fieldError = this.context.strings().pauseDateInvalid;
      this.dialog.changed();
      return;
    }
    this.fieldError = null;
    this.busy = true;
    this.dialog.changed();
    const result = await subscriptionActions(client).pause(subscription.id, { resumesAt: until || null });
    this.busy = false;
    if (!result.ok) return this.dialog.failed(result.error, 'subscription-manager:pause');
    await this.dialog.completed(this.context.strings().paused);
    this.context.host.dispatchEvent(new SubscriptionPausedEvent({ subscription: result.data, resumesAt: result.data.pause?.resumesAt ?? null }));
  }
}
