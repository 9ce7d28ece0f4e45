// What the checkout does with the server's answer to an order: completes the purchase, asks the bank's
// confirmation (test-mode SCA, or Stripe's next action) or says why it was refused. Fetched while the buyer fills
// the form (CheckoutPurchase.prepare), so a page that shows the checkout loads it before Place order, not with
// the checkout's first render.
import type { CheckoutInvoice, CheckoutResult, PaymentResult, Subscription } from '@subkit/core';
import { checkoutStore, subscriptionsStore, type Result, type SubkitError } from '@subkit/client';
import { isDeclined } from '../rules/selectors.js';
import { SubkitErrorEvent } from '../events/common.js';
import { CheckoutCompletedEvent } from '../events/checkout.js';
import { fieldMessage } from './checkout-form.js';
import type { CheckoutPurchase } from './checkout-purchase.js';
import type { PaymentChoice } from './checkout.types.js';

/** The order was accepted: completes it, or asks the bank's confirmation it needs first. */
export async function answered(p: CheckoutPurchase, result: CheckoutResult, method: PaymentChoice): Promise<void> {
  if (result.status === 'succeeded') return complete(p, result.subscription, result.invoiceId, result.invoice ?? null, method);
  const next = result.nextAction;
  if (result.status === 'requires_action' && next?.type === 'sca_challenge' && next.paymentId) {
    p.pending = result;
    p.card?.dialog.open();
    return;
  }
  if (result.status === 'requires_action' && next?.type === 'stripe_confirm' && next.clientSecret && p.card?.element.stripe) {
    const confirmed = await p.card.element.stripe.handleNextAction({ clientSecret: next.clientSecret });
    if (confirmed.error) return p.update({ formError: p.context.strings().scaFailed });
    // Stripe.js completed the bank's step; the server reads the outcome from Stripe (not from the browser).
    const payments = p.payments();
    if (!next.paymentId || !payments) return complete(p, result.subscription, result.invoiceId, result.invoice ?? null, method);
    return settled(p, result, await payments.confirmPayment(next.paymentId));
  }
  p.update({ formError: p.context.strings().errorGeneric });
}

/** The bank's answer to the SCA challenge (test mode: the buyer chooses it). */
export async function confirm(p: CheckoutPurchase, outcome: 'approve' | 'fail'): Promise<void> {
  const payments = p.payments();
  const pending = p.pending;
  const paymentId = pending?.nextAction?.paymentId;
  if (!payments || !pending || !paymentId || p.busy) return;
  p.update({ busy: true });
  const result = await payments.confirmPayment(paymentId, outcome);
  p.update({ busy: false });
  p.pending = null;
  p.card?.dialog.close();
  await settled(p, pending, result);
}

/** Completes the purchase when the payment went through after the authentication step, else says it was not confirmed. */
async function settled(p: CheckoutPurchase, pending: CheckoutResult, result: Result<PaymentResult>): Promise<void> {
  const client = p.context.client();
  if (client && result.ok && result.data.status === 'succeeded') {
    // The subscription is active now: the one the server has, not the incomplete one of the first answer.
    const fresh = await subscriptionsStore(client).loadSubscription(pending.subscription.id);
    return complete(p, fresh.ok ? fresh.data : pending.subscription, result.data.invoiceId ?? pending.invoiceId, pending.invoice ?? null, 'card');
  }
  p.update({ formError: p.context.strings().scaFailed });
  if (!result.ok) p.host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'checkout:sca' }));
}

async function complete(p: CheckoutPurchase, subscription: Subscription, invoiceId: string | null, invoice: CheckoutInvoice | null, method: PaymentChoice): Promise<void> {
  const client = p.context.client();
  p.card?.element.unmount();
  if (client) checkoutStore(client).resetDraft();
  p.form.reset();
  p.view ??= await import('./success.view.js').catch(() => null);
  p.update({ completed: { subscription, invoiceId, invoice, method } });
  await p.host.updateComplete;
  p.host.shadowRoot?.querySelector<HTMLElement>('[part~="success"]')?.focus();
  p.host.dispatchEvent(new CheckoutCompletedEvent({ subscription, invoiceId }));
}

/**
 * A refused order: one that needs approval now goes to the approval step; else the refusal shows on its
 * field when the server named one on screen, or above the button, saying what happened and what to do.
 */
export async function failed(p: CheckoutPurchase, error: SubkitError, source: string): Promise<void> {
  const s = p.context.strings();
  if (error.code === 'approval_required') {
    // The server's check (an older server sends none: the role's rule is named then).
    const check = error.approval ?? { required: true, reasons: [], annualizedIncrease: 0, threshold: null };
    p.refusedForApproval = { order: JSON.stringify(p.context.checkout()?.$order.get()), check, focused: false };
    // Not a failure but the purchase's next step: the page hears `subkit-purchase-requested` once it is sent.
    return p.context.needsApproval();
  }
  if (p.form.showOnField(error, p.context.shown)) p.update({ formError: s.fixFields });
  else if (isDeclined(error)) p.update({ formError: fieldMessage(error, s) });
  else {
    await p.loadRefusals();
    p.update({ refusal: error });
  }
  p.host.dispatchEvent(new SubkitErrorEvent({ error, source }));
}
