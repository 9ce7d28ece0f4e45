import type { CancellationReason, RetentionOffer, Subscription } from '@subkit/core';
import { subscriptionActions } from '@subkit/client';
import { date } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { offerText } from './offer-text.js';
import { SubscriptionCanceledEvent, SubscriptionChangedEvent } from '../events/subscription-manager.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';
import type { CancelStep } from './subscription-manager.types.js';

/** Canceling: why → a retention offer to stay (when the merchant has one) → when (period end or now). */
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
    private readonly context: ManagerContext,
    private readonly dialog: ManagerDialog,
  ) {}

  #set(patch: Partial<Pick<CancelFlow, 'step' | 'reason' | 'feedback' | 'offers' | 'when' | 'fieldError' | 'busy'>>): void {
    Object.assign(this, patch);
    this.dialog.changed();
  }

  open(subscription: Subscription, event: Event): void {
    // The merchant may offer only one of the two (the widget shows only what is allowed).
    const when = subscription.actions?.cancelAtPeriodEnd.allowed === false ? 'now' : 'period_end';
    this.#set({ step: 'reason', reason: null, feedback: '', offers: [], when, fieldError: null, busy: null });
    this.dialog.open('cancel', subscription, event);
  }

  choose(reason: CancellationReason): void {
    this.#set({ reason, fieldError: null });
  }

  typeFeedback(event: Event): void {
    this.feedback = (event.target as HTMLTextAreaElement).value;
  }

  chooseWhen(when: 'period_end' | 'now'): void {
    this.#set({ when });
  }

  /** The reason is given: offers to stay, when there are any; else straight to the confirmation. */
  async submitReason(event: Event): Promise<void> {
    event.preventDefault();
    const client = this.context.client();
    const subscription = this.dialog.target;
    if (!client || !subscription || this.context.busy()) return;
    if (!this.reason) return this.#set({ fieldError: this.context.strings().reasonRequired });
    this.#set({ fieldError: null, busy: 'offers' });
    const result = await subscriptionActions(client).listRetentionOffers(subscription.id, this.reason);
    // Offers are a courtesy: if they cannot be loaded, the buyer still gets to cancel.
    const offers = result.ok ? result.data : [];
    this.#set({ busy: null, offers, step: offers.length > 0 ? 'offers' : 'confirm' });
    this.dialog.focusStep();
  }

  async accept(offer: RetentionOffer): Promise<void> {
    const client = this.context.client();
    const subscription = this.dialog.target;
    if (!client || !subscription || this.context.busy()) return;
    this.dialog.error = null;
    this.#set({ busy: `offer:${offer.id}` });
    const result = await subscriptionActions(client).acceptOffer(subscription.id, offer.id);
    this.#set({ busy: null });
    if (!result.ok) return this.dialog.failed(result.error, 'subscription-manager:offer');
    const { plainTitle } = offerText(offer, this.context.strings(), this.context.locale());
    await this.dialog.completed(format(this.context.strings().offerAccepted, { title: plainTitle }));
    this.context.host.dispatchEvent(new SubscriptionChangedEvent({ subscription: result.data, kind: 'retention_offer', preview: null, invoiceId: null, offer }));
  }

  decline(): void {
    this.#set({ step: 'confirm' });
    this.dialog.focusStep();
  }

  async confirm(event: Event): Promise<void> {
    event.preventDefault();
    const client = this.context.client();
    const subscription = this.dialog.target;
    const reason = this.reason;
    if (!client || !subscription || !reason || this.context.busy()) return;
    this.dialog.error = null;
    this.#set({ busy: 'cancel' });
    const feedback = this.feedback.trim();
    const when = this.when;
    const result = await subscriptionActions(client).cancel(subscription.id, { reason, when, ...(feedback ? { feedback } : {}) });
    this.#set({ busy: null });
    if (!result.ok) return this.dialog.failed(result.error, 'subscription-manager:cancel');
    const s = this.context.strings();
    await this.dialog.completed(when === 'now' ? s.canceled : format(s.canceling, { date: date(result.data.currentPeriodEnd, this.context.locale()) }));
    this.context.host.dispatchEvent(new SubscriptionCanceledEvent({ subscription: result.data, reason, feedback: feedback || null, when }));
  }
}
