// What the manager's pause, cancel, payment-method and pay dialogs send once a buyer confirms: fetched with the
// dialogs (dialogs.view), so the subscription list alone loads without it. The flows (pause-flow.ts,
// cancel-flow.ts, card-flow.ts, pay-flow.ts) keep their state.
import type { InvoiceSummary, PaymentResult, RetentionOffer, Subscription } from '@subkit/core';
import { paymentMethodActions, paymentsStore, subscriptionActions } from '@subkit/client';
import { date } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { offerText } from './offer-text.js';
import { testCardMessages, testCardProblems, toTestCard, type TestCardInput } from '../rules/cards.js';
import { isDeclined } from '../rules/selectors.js';
import {
  PaymentMethodUpdatedEvent, SubscriptionCanceledEvent, SubscriptionChangedEvent, SubscriptionPausedEvent, SubscriptionReactivatedEvent, SubscriptionResumedEvent,
} from '../events/subscription-manager.js';
import { InvoicePaidEvent } from '../events/billing-history.js';
import { SubkitErrorEvent } from '../events/common.js';
import type { CancelFlow } from './cancel-flow.js';
import type { CardFlow } from './card-flow.js';
import { cardLabel } from './subscription.templates.js';
import type { PauseFlow } from './pause-flow.js';
import type { PayFlow } from './pay-flow.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';
import type { DirectAction } from './subscription-manager.types.js';

/** Resume, skip the next period, or withdraw a scheduled cancellation (no dialog); `settled` runs once the server has answered. */
export async function direct(context: ManagerContext, dialog: ManagerDialog, subscription: Subscription, action: DirectAction, settled: () => void): Promise<void> {
  const actions = subscriptionActions(context.client()!);
  const result = await (action === 'resume' ? actions.resume(subscription.id) : action === 'skip' ? actions.skip(subscription.id) : actions.reactivate(subscription.id));
  settled();
  if (!result.ok) return dialog.failed(result.error, `subscription-manager:${action}`);
  const updated = result.data;
  const s = dialog.strings();
  dialog.announcement = action === 'resume' ? s.resumed : action === 'skip' ? s.skippedDone : s.reactivated;
  const host = context.host;
  await host.updateComplete;
  // The button that was pressed may be gone (Resume becomes Pause): keep focus on the subscription.
  if (!host.shadowRoot!.activeElement) host.shadowRoot!.querySelector<HTMLElement>(`[data-subscription="${updated.id}"] [part~="plan-name"]`)?.focus();
  if (action === 'resume') host.dispatchEvent(new SubscriptionResumedEvent({ subscription: updated }));
  else if (action === 'skip') host.dispatchEvent(new SubscriptionChangedEvent({ subscription: updated, kind: 'skip', preview: null, invoiceId: null, offer: null }));
  else host.dispatchEvent(new SubscriptionReactivatedEvent({ subscription: updated }));
}

/** The buyer confirmed the pause. */
export async function pause(flow: PauseFlow, event: Event): Promise<void> {
  event.preventDefault();
  const client = flow.context.client();
  const subscription = flow.dialog.target;
  if (!client || !subscription || flow.context.busy()) return;
  const until = flow.until;
  if (until && until <= new Date().toISOString().slice(0, 10)) {
    flow.fieldError = flow.dialog.strings().pauseDateInvalid;
    flow.dialog.changed();
    return;
  }
  flow.fieldError = null;
  flow.busy = true;
  flow.dialog.changed();
  const result = await subscriptionActions(client).pause(subscription.id, { resumesAt: until || null });
  flow.busy = false;
  if (!result.ok) return flow.dialog.failed(result.error, 'subscription-manager:pause');
  await flow.dialog.completed(flow.dialog.strings().paused);
  flow.context.host.dispatchEvent(new SubscriptionPausedEvent({ subscription: result.data, resumesAt: result.data.pause?.resumesAt ?? null }));
}

/** The reason is given: offers to stay, when there are any; else straight to the confirmation. */
export async function submitReason(flow: CancelFlow, event: Event): Promise<void> {
  event.preventDefault();
  const client = flow.context.client();
  const subscription = flow.dialog.target;
  if (!client || !subscription || flow.context.busy()) return;
  if (!flow.reason) return flow.set({ fieldError: flow.dialog.strings().reasonRequired });
  flow.set({ fieldError: null, busy: 'offers' });
  const result = await subscriptionActions(client).listRetentionOffers(subscription.id, flow.reason);
  // Offers are a courtesy: if they cannot be loaded, the buyer still gets to cancel.
  const offers = result.ok ? result.data : [];
  flow.set({ busy: null, offers, step: offers.length > 0 ? 'offers' : 'confirm' });
  flow.dialog.focusStep();
}

/** The buyer stays on a retention offer. */
export async function accept(flow: CancelFlow, offer: RetentionOffer): Promise<void> {
  const client = flow.context.client();
  const subscription = flow.dialog.target;
  if (!client || !subscription || flow.context.busy()) return;
  flow.dialog.error = null;
  flow.set({ busy: `offer:${offer.id}` });
  const result = await subscriptionActions(client).acceptOffer(subscription.id, offer.id);
  flow.set({ busy: null });
  if (!result.ok) return flow.dialog.failed(result.error, 'subscription-manager:offer');
  const { plainTitle } = offerText(offer, flow.dialog.strings(), flow.context.locale());
  await flow.dialog.completed(format(flow.dialog.strings().offerAccepted, { title: plainTitle }));
  flow.context.host.dispatchEvent(new SubscriptionChangedEvent({ subscription: result.data, kind: 'retention_offer', preview: null, invoiceId: null, offer }));
}

/** The buyer confirmed the cancellation. */
export async function confirmCancel(flow: CancelFlow, event: Event): Promise<void> {
  event.preventDefault();
  const client = flow.context.client();
  const subscription = flow.dialog.target;
  const reason = flow.reason;
  if (!client || !subscription || !reason || flow.context.busy()) return;
  flow.dialog.error = null;
  flow.set({ busy: 'cancel' });
  const feedback = flow.feedback.trim();
  const when = flow.when;
  const result = await subscriptionActions(client).cancel(subscription.id, { reason, when, ...(feedback ? { feedback } : {}) });
  flow.set({ busy: null });
  if (!result.ok) return flow.dialog.failed(result.error, 'subscription-manager:cancel');
  const s = flow.dialog.strings();
  await flow.dialog.completed(when === 'now' ? s.canceled : format(s.canceling, { date: date(result.data.currentPeriodEnd, flow.context.locale()) }));
  flow.context.host.dispatchEvent(new SubscriptionCanceledEvent({ subscription: result.data, reason, feedback: feedback || null, when }));
}

/** The buyer pays the open invoice with the default payment method. */
export async function payInvoice(flow: PayFlow): Promise<void> {
  const client = flow.context.client();
  const subscription = flow.dialog.target;
  const invoice = subscription ? flow.openInvoice(subscription) : null;
  if (!client || !subscription || !invoice || flow.context.busy()) return;
  flow.busy = 'pay';
  flow.dialog.error = null;
  flow.dialog.changed();
  const result = await paymentsStore(client).payInvoice(invoice.id);
  flow.busy = null;
  if (!result.ok) return flow.dialog.failed(result.error, 'subscription-manager:pay');
  if (result.data.status === 'requires_action') {
    const next = result.data.nextAction;
    if (next?.type === 'stripe_confirm' && next.clientSecret) return authenticateWithStripe(flow, subscription, invoice, result.data, next.clientSecret);
    // The local engine's test processor asks for the bank's confirmation (SCA) before it pays.
    flow.sca = result.data;
    flow.dialog.focusStep();
    return;
  }
  await paid(flow, subscription, invoice, result.data);
}

/** The bank's answer to the payment's SCA challenge (test mode: the buyer chooses it). */
export async function confirmPayment(flow: PayFlow, outcome: 'approve' | 'fail'): Promise<void> {
  const client = flow.context.client();
  const subscription = flow.dialog.target;
  const invoice = subscription ? flow.openInvoice(subscription) : null;
  const pending = flow.sca;
  if (!client || !subscription || !invoice || !pending || flow.context.busy()) return;
  flow.busy = 'sca';
  flow.dialog.changed();
  const result = await paymentsStore(client).confirmPayment(pending.id, outcome);
  flow.busy = null;
  flow.sca = null;
  if (!result.ok) return flow.dialog.failed(result.error, 'subscription-manager:pay');
  await paid(flow, subscription, invoice, result.data);
}

/** Stripe.js shows the bank's 3-D Secure step; then the server settles the payment from Stripe's answer. */
async function authenticateWithStripe(flow: PayFlow, subscription: Subscription, invoice: InvoiceSummary, payment: PaymentResult, clientSecret: string): Promise<void> {
  const client = flow.context.client();
  flow.busy = 'sca';
  flow.dialog.changed();
  const stripe = await flow.stripe();
  const confirmed = stripe ? await stripe.handleNextAction({ clientSecret }) : { error: {} };
  const result = client && !confirmed.error ? await paymentsStore(client).confirmPayment(payment.id) : null;
  flow.busy = null;
  if (result && !result.ok) return flow.dialog.failed(result.error, 'subscription-manager:pay');
  await paid(flow, subscription, invoice, result?.data ?? payment);
}

async function paid(flow: PayFlow, subscription: Subscription, invoice: InvoiceSummary, payment: PaymentResult): Promise<void> {
  if (payment.status !== 'succeeded') {
    flow.dialog.error = flow.dialog.strings().payFailed;
    flow.dialog.changed();
    return;
  }
  await flow.dialog.completed(format(flow.dialog.strings().paid, { number: invoice.number }));
  flow.context.host.dispatchEvent(
    new InvoicePaidEvent({ invoiceId: invoice.id, payment, subscriptionId: subscription.id, number: invoice.number, amount: invoice.amountRemaining, currency: invoice.currency }),
  );
}

/** A field of the TEST MODE card form changed. */
export function cardInput(flow: CardFlow, field: keyof TestCardInput, event: Event): void {
  flow.card = { ...flow.card, [field]: (event.target as HTMLInputElement).value };
  if (flow.errors[field]) flow.errors = { ...flow.errors, [field]: undefined };
  flow.dialog.changed();
}

function cardFailed(flow: CardFlow, errors: CardFlow['errors']): void {
  flow.busy = false;
  flow.errors = errors;
  flow.dialog.changed();
}

/** Saves the card (Stripe's Payment Element, or the TEST MODE form) and makes it the company's default payment method. */
export async function saveCard(flow: CardFlow, event: Event): Promise<void> {
  event.preventDefault();
  const { context, dialog } = flow;
  const client = context.client();
  if (!client || context.busy()) return;
  const s = flow.dialog.strings();
  let body: { testCard?: ReturnType<typeof toTestCard>; stripePaymentMethodId?: string };
  if (flow.stripe()) {
    flow.busy = true;
    dialog.changed();
    const card = await flow.element.collect();
    if (card.id === null) return cardFailed(flow, { stripe: card.message ?? s.cardLoadError });
    body = { stripePaymentMethodId: card.id };
  } else {
    const problems = testCardProblems(flow.card);
    flow.errors = testCardMessages(problems, s);
    dialog.changed();
    if (Object.keys(problems).length > 0) {
      await context.host.updateComplete;
      context.host.shadowRoot?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    body = { testCard: toTestCard(flow.card) };
    flow.busy = true;
  }
  dialog.error = null;
  const methods = paymentMethodActions(client);
  const setup = await methods.setupPaymentMethod(body);
  if (!setup.ok) {
    if (isDeclined(setup.error) && !flow.stripe()) {
      cardFailed(flow, { cardNumber: s.cardDeclined });
      context.host.dispatchEvent(new SubkitErrorEvent({ error: setup.error, source: 'subscription-manager:payment-method' }));
      return;
    }
    flow.busy = false;
    return dialog.failed(setup.error, 'subscription-manager:payment-method');
  }
  if (setup.data.status === 'requires_action' && setup.data.clientSecret && flow.element.stripe) {
    const confirmed = await flow.element.stripe.handleNextAction({ clientSecret: setup.data.clientSecret });
    if (confirmed.error) return cardFailed(flow, { stripe: confirmed.error.message ?? s.cardDeclined });
  }
  const method = setup.data.paymentMethod;
  if (!method) {
    flow.busy = false;
    dialog.error = s.cardDeclined;
    dialog.changed();
    return;
  }
  const made = method.isDefault ? { ok: true as const, data: method } : await methods.setDefaultPaymentMethod(method.id);
  flow.busy = false;
  if (!made.ok) return dialog.failed(made.error, 'subscription-manager:payment-method');
  await dialog.completed(format(s.paymentUpdated, { card: cardLabel(made.data, s.cardLabel) }));
  context.host.dispatchEvent(new PaymentMethodUpdatedEvent({ paymentMethod: made.data }));
}
