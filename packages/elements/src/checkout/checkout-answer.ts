// What the checkout does once Place order's form is checked: sends the order with the buyer's billing details and
// payment, then completes the purchase, asks the bank's confirmation (test-mode SCA, or Stripe's next action) or
// says why it was refused (on the field the server names). Fetched while the buyer fills the form
// (CheckoutPurchase.prepare), so a page that shows the checkout loads it before Place order, not with the
// checkout's first render.
import type { BillingDetails, CheckoutInvoice, CheckoutPayment, CheckoutResult, PaymentResult, Subscription } from '@subkit/core';
import { checkoutActions, checkoutStore, draftStore, paymentsStore, subscriptionsStore, type PaymentsStore, type Result, type SubkitConnection, type SubkitError } from '@subkit/client';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import type { CheckoutStrings } from '../locales/checkout.js';
import answerStrings from '../locales/en/checkout-answer.js';
import { isDeclined } from '../rules/selectors.js';
import { SubkitErrorEvent } from '../events/common.js';
import { CheckoutCompletedEvent } from '../events/checkout.js';
import type { CheckoutForm } from './checkout-form.js';
import type { CheckoutPurchase } from './checkout-purchase.js';
import type { Refusals } from './refusal.view.js';
import type { CheckoutField, PaymentChoice } from './checkout.types.js';

/** Maps a server or client error `param` (dot path of the request body) to the field that shows it. */
export const PARAM_FIELDS: Readonly<Record<string, CheckoutField>> = {
  quantity: 'quantity',
  promoCode: 'promoCode',
  'billing.companyName': 'companyName',
  'billing.email': 'billingEmail',
  'billing.taxId': 'taxValue',
  'billing.taxId.value': 'taxValue',
  'billing.taxId.country': 'taxValue',
  'billing.address': 'line1',
  'billing.address.line1': 'line1',
  'billing.address.line2': 'line2',
  'billing.address.city': 'city',
  'billing.address.postalCode': 'postalCode',
  'billing.address.state': 'region',
  'billing.address.country': 'country',
  'payment.poNumber': 'poNumber',
  'payment.invoiceEmail': 'invoiceEmail',
  'payment.testCard': 'cardNumber',
  'payment.testCard.number': 'cardNumber',
  'payment.testCard.expMonth': 'cardExpiry',
  'payment.testCard.expYear': 'cardExpiry',
  'payment.testCard.cvc': 'cardCvc',
  'payment.stripePaymentMethodId': 'stripe',
};

/** The company's billing details as the order carries them (the tax ID normalized when valid). */
export function billing(form: CheckoutForm): BillingDetails {
  const v = form.values;
  const details: BillingDetails = { companyName: v.companyName.trim() };
  if (v.billingEmail.trim()) details.email = v.billingEmail.trim();
  const taxId = form.taxIdCheck();
  if (v.taxValue.trim() && v.taxCountry) details.taxId = { country: v.taxCountry, value: taxId?.ok ? taxId.normalized : v.taxValue.trim() };
  if ([v.line1, v.city, v.postalCode].some((x) => x.trim())) {
    details.address = { line1: v.line1.trim(), city: v.city.trim(), postalCode: v.postalCode.trim(), country: v.country };
    if (v.line2.trim()) details.address.line2 = v.line2.trim();
    if (v.region.trim()) details.address.state = v.region.trim();
  }
  return details;
}

/** The payment of the order: by invoice with its PO number, or a card the buyer gave (null when it could not be collected). */
async function payment(p: CheckoutPurchase): Promise<CheckoutPayment | null> {
  const v = p.form.values;
  if (p.context.method() === 'invoice') {
    const invoice: CheckoutPayment = { method: 'invoice' };
    if (v.poNumber.trim()) invoice.poNumber = v.poNumber.trim();
    if (v.invoiceEmail.trim()) invoice.invoiceEmail = v.invoiceEmail.trim();
    p.form.invoiceEmail = invoice.invoiceEmail ?? v.billingEmail.trim();
    return invoice;
  }
  if (p.card) return p.card.payment(p.context.stripe());
  p.update({ formError: p.context.strings().cardLoadError });
  return null;
}

/** Sends the checked form's order: the billing details into the draft, then the order with its payment, and handles the answer. */
export async function send(p: CheckoutPurchase, client: SubkitConnection): Promise<void> {
  draftStore(client).updateDraft({ billing: billing(p.form) });
  const paid = await payment(p);
  if (!paid) return;
  const result = await checkoutActions(client).submitCheckout(paid);
  if (!result.ok) return failed(p, result.error, 'checkout:submit');
  await answered(p, result.data, paid.method);
}

/** The order was accepted: completes it, or asks the bank's confirmation it needs first. */
async function answered(p: CheckoutPurchase, result: CheckoutResult, method: PaymentChoice): Promise<void> {
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
    const payments = paymentsOf(p);
    if (!next.paymentId || !payments) return complete(p, result.subscription, result.invoiceId, result.invoice ?? null, method);
    return settled(p, result, await payments.confirmPayment(next.paymentId));
  }
  p.update({ formError: p.context.strings().errorGeneric });
}

/** The client's payments store, which confirms the bank's step: only an order's answer needs it, so it is not in the checkout's first render. */
function paymentsOf(p: CheckoutPurchase): PaymentsStore | null {
  const client = p.context.client();
  return client ? paymentsStore(client) : null;
}

/** The bank's answer to the SCA challenge (test mode: the buyer chooses it). */
export async function confirm(p: CheckoutPurchase, outcome: 'approve' | 'fail'): Promise<void> {
  const payments = paymentsOf(p);
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
async function failed(p: CheckoutPurchase, error: SubkitError, source: string): Promise<void> {
  const s = p.context.strings();
  if (error.code === 'approval_required') {
    // The server's check (an older server sends none: the role's rule is named then).
    const check = error.approval ?? { required: true, reasons: [], annualizedIncrease: 0, threshold: null };
    p.refusedForApproval = { order: JSON.stringify(p.context.checkout()?.$order.get()), check, focused: false };
    // Not a failure but the purchase's next step: the page hears `subkit-purchase-requested` once it is sent.
    return p.context.needsApproval();
  }
  if (showOnField(p.form, error, s, p.context.shown)) p.update({ formError: s.fixFields });
  else if (isDeclined(error)) p.update({ formError: fieldMessage(error, s) });
  else {
    await loadRefusals(p);
    p.update({ refusal: error });
  }
  p.host.dispatchEvent(new SubkitErrorEvent({ error, source }));
}

/**
 * Puts a submission error where the buyer looks: on the field the server (or the client) named, when that
 * field is on screen, and answers true; else false (the caller shows it above the button).
 */
export function showOnField(form: CheckoutForm, error: SubkitError, s: CheckoutStrings, shown: (field: CheckoutField) => boolean): boolean {
  const param = error.param;
  const field = param ? (PARAM_FIELDS[param] ?? PARAM_FIELDS[param.split('.').slice(0, 2).join('.')]) : undefined;
  if (!field || !shown(field)) return false;
  form.refuse(field, fieldMessage(error, s));
  return true;
}

/**
 * What a refused field says: a decline names the processor's reason; the server's own words explain its field
 * errors; a value the client refused before sending gets the widget's words, never the client's English.
 */
function fieldMessage(error: SubkitError, s: CheckoutStrings): string {
  if (isDeclined(error)) return format(answerWords(s).declined, { reason: (error.declineCode ?? error.code).replace(/_/g, ' ') });
  return refusedValue(error, s);
}

/** What a value the server (or the client) refused says: the server's own words explain its field errors, the widget's a value refused before sending. */
export function refusedValue(error: SubkitError, s: CheckoutStrings): string {
  return error.type === 'validation_error' ? answerWords(s).invalidValue : error.message;
}

/** The checkout's strings over the English ones of this code (a locale's own table has them all, and a page's overrides are in the checkout's). */
const answerWords = (s: CheckoutStrings): CheckoutStrings => ({ ...answerStrings, ...s });

/** The words for the refusals the checkout knows, per checkout: fetched on its first refusal. */
const refusals = new WeakMap<CheckoutPurchase, Refusals>();

/** Fetches the refusals' words in the checkout's language (offline: tried again on the next refusal). */
export async function loadRefusals(p: CheckoutPurchase): Promise<void> {
  if (refusals.has(p)) return;
  const loaded = await import('./refusal.view.js').then((view) => new view.Refusals(p.host), () => null);
  if (loaded) refusals.set(p, loaded);
  // Its table is chosen on the host's next update: the first refusal is said in the buyer's language, not English first.
  p.host.requestUpdate();
  await p.host.updateComplete;
  await loaded?.ready;
}

/**
 * What a refusal says: what happened and what to do when the checkout knows it; else its category, and
 * the server's explanation of a 400 (no default card, invoices not allowed).
 */
export function explain(p: CheckoutPurchase, error: SubkitError): string {
  const s = p.context.strings();
  return refusals.get(p)?.message(error) ?? `${errorMessage(error, s)}${error.type === 'api_error' && error.status === 400 ? ` ${error.message}` : ''}`;
}
