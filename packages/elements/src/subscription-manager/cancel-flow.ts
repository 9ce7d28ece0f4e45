import type { CancellationReason, RetentionOffer, Subscription } from '@subkit/core';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';
import type { CancelStep } from './subscription-manager.types.js';

/**
 * Canceling: why → a retention offer to stay (when the merchant has one) → when (period end or now). What the
 * dialog's buttons send is in flow-actions.ts, fetched with the dialogs.
 */
export class CancelFlow {
  step: CancelStep = 'reason';
  reason: CancellationReason | null = null;
  feedback = '';
  offers: RetentionOffer[] = [];
  when: 'period_end' | 'now' = 'period_end';
  fieldError: string | null = null;
  /** What runs: loading the offers, accepting one (its id), or canceling. */
  busy: 'offers' | 'cancel' | `offer:${string}` | null = null;

  constructor(
    /** @internal */
    readonly context: ManagerContext,
    /** @internal */
    readonly dialog: ManagerDialog,
  ) {}

  /** @internal */
  set(patch: Partial<Pick<CancelFlow, 'step' | 'reason' | 'feedback' | 'offers' | 'when' | 'fieldError' | 'busy'>>): void {
    Object.assign(this, patch);
    this.dialog.changed();
  }

  open(subscription: Subscription, from: Event | HTMLElement | null): void {
    // The merchant may offer only one of the two (the widget shows only what is allowed).
    // An incomplete subscription ends now whatever is asked (cancelStep offers only that).
    const when = subscription.actions?.cancelAtPeriodEnd.allowed === false || subscription.status === 'incomplete' ? 'now' : 'period_end';
    this.set({ step: 'reason', reason: null, feedback: '', offers: [], when, fieldError: null, busy: null });
    this.dialog.open('cancel', subscription, from);
  }

  choose(reason: CancellationReason): void {
    this.set({ reason, fieldError: null });
  }

  typeFeedback(event: Event): void {
    this.feedback = (event.target as HTMLTextAreaElement).value;
  }

  chooseWhen(when: 'period_end' | 'now'): void {
    this.set({ when });
  }

  decline(): void {
    this.set({ step: 'confirm' });
    this.dialog.focusStep();
  }

}
