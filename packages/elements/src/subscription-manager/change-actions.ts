// What the manager's change dialog does once it is open — reads its form, asks for the preview, applies the
// change or submits it for approval, the bank's confirmation — fetched with the dialogs (dialogs.view), so the
// subscription list alone loads without it. The flow (change-flow.ts) keeps its state and opens the dialog.
import type { AddOn, AddOnSelection, ChangePreview, Recurring, Subscription, SubscriptionChangeResult } from '@subkit/core';
import { paymentsStore, subscriptionActions, subscriptionsStore, type ChangeInput } from '@subkit/client';
import { findPlan, productOf } from '../rules/catalog.js';
import { addOnQuantityError, clampQuantity, parseQuantity, quantityError } from '../rules/quantity.js';
import { SubscriptionChangedEvent } from '../events/subscription-manager.js';
import type { Part } from '../templates/parts.js';
import { changeHeadline } from './change-headline.js';
import type { ChangeFlow } from './change-flow.js';

/** What the change form asks for, or why it cannot be sent. */
export interface ChangeRequest {
  /** Only what differs from the subscription; null when nothing does (or something is invalid). */
  change: ChangeInput | null;
  quantityError: string | null;
  addOnErrors: Record<string, string>;
}

/** The change of the form (only what differs), or why it cannot be sent. */
export function request(flow: ChangeFlow, subscription: Subscription): ChangeRequest {
  const { context } = flow;
  const s = flow.dialog.strings();
  const form = flow.form;
  const rule = findPlan(context.catalog(), form.planId)?.quantity ?? null;
  const quantity = rule ? parseQuantity(form.quantity, rule) : subscription.quantity;
  const quantityProblem = rule ? quantityError(form.quantity, rule, s) : null;
  const addOnErrors: Record<string, string> = {};
  const selections: AddOnSelection[] = [];
  for (const { addOn } of flow.addOnChoices(subscription, form)) {
    const raw = form.addOns[addOn.id];
    if (raw === undefined) continue;
    if (addOn.quantityMode !== 'quantity') {
      selections.push({ addOnId: addOn.id });
      continue;
    }
    const error = addOnQuantityError(raw, s, context.locale());
    if (error) addOnErrors[addOn.id] = error;
    else if (Number(raw) > 0) selections.push({ addOnId: addOn.id, quantity: Number(raw) });
  }
  if (quantityProblem || quantity === null || Object.keys(addOnErrors).length > 0) return { change: null, quantityError: quantityProblem, addOnErrors };
  const change: ChangeInput = {};
  if (form.planId !== subscription.planId) change.planId = form.planId;
  if (form.interval !== subscription.recurring.interval) change.recurring = { interval: form.interval as Recurring['interval'], intervalCount: 1 };
  if (rule && (quantity !== subscription.quantity || change.planId)) change.quantity = quantity;
  // Add-ons compare by id, and by quantity for those bought in any number (per-seat ones follow the seats).
  const modes = new Map((productOf(context.catalog(), subscription)?.addOns ?? []).map((a) => [a.id, a.quantityMode]));
  const key = (selection: AddOnSelection) => (modes.get(selection.addOnId) === 'quantity' ? `${selection.addOnId}:${selection.quantity ?? 1}` : selection.addOnId);
  const before = subscription.addOns.map((a) => key({ addOnId: a.addOnId, quantity: a.quantity })).sort().join();
  const after = selections.map(key).sort().join();
  if (before !== after) change.addOns = selections;
  // A downgrade the contract or the merchant lets happen only at renewal is scheduled for the period end
  // (the preview then says from when) rather than sent as "now" and refused.
  const lower = (findPlan(context.catalog(), form.planId)?.rank ?? 0) < (findPlan(context.catalog(), subscription.planId)?.rank ?? 0);
  const actions = subscription.actions;
  if ((lower || quantity < subscription.quantity) && actions && !actions.downgradeNow.allowed && actions.downgradeAtRenewal.allowed) change.effective = 'period_end';
  return { change: Object.keys(change).length > 0 ? change : null, quantityError: null, addOnErrors };
}

/** A plan, interval or seats field changed; a new plan keeps the seats within its rule and drops add-ons it does not sell. */
export function field(flow: ChangeFlow, name: 'planId' | 'interval' | 'quantity', event: Event): void {
  const subscription = flow.dialog.target;
  const form = { ...flow.form, [name]: (event.target as HTMLInputElement | HTMLSelectElement).value };
  if (name === 'planId' && subscription) {
    const choice = flow.choices(subscription).find((c) => c.plan.id === form.planId);
    if (choice && !choice.intervals.includes(form.interval)) form.interval = choice.intervals[0] ?? form.interval;
    const rule = choice?.plan.quantity;
    const n = Number(form.quantity);
    if (rule && Number.isInteger(n)) form.quantity = String(clampQuantity(n, rule));
  }
  if (subscription) {
    // Add-ons the new plan or interval does not sell are dropped: the server would refuse them.
    const offered = new Set(flow.addOnChoices(subscription, form).map((c) => c.addOn.id));
    form.addOns = Object.fromEntries(Object.entries(form.addOns).filter(([id]) => offered.has(id)));
  }
  flow.dialog.error = null;
  flow.set({ form });
}

/** A checked box adds an add-on; a quantity (as typed; 0 leaves it out) sets one bought in any number. */
export function addOn(flow: ChangeFlow, addOn: AddOn, event: Event): void {
  const input = event.target as HTMLInputElement;
  const { [addOn.id]: _, ...others } = flow.form.addOns;
  const value = addOn.quantityMode === 'quantity' ? input.value : input.checked ? '1' : null;
  flow.dialog.error = null;
  flow.set({ form: { ...flow.form, addOns: value === null ? others : { ...others, [addOn.id]: value } } });
}

/** Asks the server for the exact preview of the form's change; true once it shows. */
export async function review(flow: ChangeFlow): Promise<boolean> {
  const { context, dialog } = flow;
  const client = context.client();
  const subscription = dialog.target;
  if (!client || !subscription || context.busy()) return false;
  const { change } = request(flow, subscription);
  if (!change) return false;
  dialog.error = null;
  flow.set({ busy: 'preview' });
  const result = await subscriptionActions(client).previewChange(subscription.id, { ...change, expectedVersion: subscription.version });
  // A change that needs approval shows with its request's fields: their chunk comes first (offline, "Submit for approval" stays disabled).
  if (result.ok && result.data.approval?.required) flow.approvalKit ??= await import('../templates/approval-request.js').catch(() => null);
  flow.set({ busy: null });
  if (!result.ok) {
    dialog.failed(result.error, 'subscription-manager:preview');
    return false;
  }
  flow.set({ preview: result.data, step: 'preview' });
  dialog.focusStep();
  return true;
}

/** The previewed change and what it costs now, in one sentence ("5 → 8 seats on Team: $9.12 charged now."). */
export function headline(flow: ChangeFlow, subscription: Subscription): Part[] | null {
  const { change } = request(flow, subscription);
  if (!change || !flow.preview) return null;
  const { context } = flow;
  return changeHeadline(subscription, change, flow.preview, { s: flow.dialog.strings(), locale: context.locale(), catalog: context.catalog() });
}

/** Applies the previewed change, guarded by the previewed version. */
export async function confirm(flow: ChangeFlow): Promise<void> {
  const { context, dialog } = flow;
  const client = context.client();
  const subscription = dialog.target;
  const preview = flow.preview;
  if (!client || !subscription || !preview || context.busy()) return;
  const { change } = request(flow, subscription);
  if (!change) return;
  dialog.error = null;
  const said = headline(flow, subscription);
  flow.set({ busy: 'apply' });
  const result = await subscriptionActions(client).applyChange(subscription.id, { ...change, expectedVersion: preview.expectedVersion });
  flow.set({ busy: null });
  if (!result.ok) return dialog.failed(result.error, 'subscription-manager:change');
  if (result.data.status === 'requires_action') {
    // The card asks for 3-D Secure: the change applies once its payment is confirmed.
    const next = result.data.nextAction;
    if (next?.type === 'stripe_confirm' && next.clientSecret && next.paymentId) return authenticateWithStripe(flow, result.data, next.clientSecret, next.paymentId);
    flow.set({ sca: result.data });
    dialog.focusStep();
    return;
  }
  await changed(flow, result.data.subscription, result.data.invoiceId, preview, said);
}

/** Submits the previewed change for a billing admin's approval instead of applying it (the company's purchasing policy asks for it). */
export async function submitForApproval(flow: ChangeFlow): Promise<void> {
  const { context, dialog } = flow;
  const subscription = dialog.target;
  const { change } = subscription ? request(flow, subscription) : { change: null };
  const client = context.client();
  if (!client || !flow.approvalKit || !subscription || !change || !flow.preview || context.busy()) return;
  dialog.error = null;
  flow.set({ busy: 'submit' });
  const ask = { change: { subscriptionId: subscription.id, change: { ...change, expectedVersion: flow.preview.expectedVersion } } };
  const result = await flow.approvalKit.sendForApproval(context.host, client, ask, flow.approval);
  flow.set({ busy: null });
  if (!result.ok) return dialog.failed(result.error, 'subscription-manager:approval');
  await dialog.completed(flow.dialog.strings().approvalSent);
}

/** The buyer's answer to the test processor's simulated bank confirmation. */
export async function authenticate(flow: ChangeFlow, outcome: 'approve' | 'fail'): Promise<void> {
  const client = flow.context.client();
  const pending = flow.sca;
  const paymentId = pending?.nextAction?.paymentId;
  if (!client || !pending || !paymentId || flow.context.busy()) return;
  flow.set({ busy: 'sca' });
  const result = await paymentsStore(client).confirmPayment(paymentId, outcome);
  flow.set({ busy: null, sca: null });
  if (!result.ok) return flow.dialog.failed(result.error, 'subscription-manager:change');
  await settled(flow, pending, result.data.status === 'succeeded');
}

/** Stripe.js shows the bank's 3-D Secure step; then the server settles the payment from Stripe's answer. */
async function authenticateWithStripe(flow: ChangeFlow, pending: SubscriptionChangeResult, clientSecret: string, paymentId: string): Promise<void> {
  const client = flow.context.client();
  flow.set({ busy: 'sca' });
  const stripe = await flow.stripe();
  const confirmed = stripe ? await stripe.handleNextAction({ clientSecret }) : { error: {} };
  const result = client && !confirmed.error ? await paymentsStore(client).confirmPayment(paymentId) : null;
  flow.set({ busy: null });
  if (result && !result.ok) return flow.dialog.failed(result.error, 'subscription-manager:change');
  await settled(flow, pending, result?.data.status === 'succeeded');
}

/** After the confirmation: the change applied (the subscription as the server has it now), or the payment failed and nothing changed. */
async function settled(flow: ChangeFlow, pending: SubscriptionChangeResult, paid: boolean): Promise<void> {
  const client = flow.context.client();
  const preview = flow.preview;
  if (!paid || !client || !preview) {
    flow.dialog.error = flow.dialog.strings().payFailed;
    flow.dialog.changed();
    return;
  }
  const said = flow.dialog.target ? headline(flow, flow.dialog.target) : null;
  const fresh = await subscriptionsStore(client).loadSubscription(pending.subscription.id);
  await changed(flow, fresh.ok ? fresh.data : pending.subscription, pending.invoiceId, preview, said);
}

async function changed(flow: ChangeFlow, subscription: Subscription, invoiceId: string | null, preview: ChangePreview, said: Part[] | null): Promise<void> {
  const s = flow.dialog.strings();
  await flow.dialog.completed(said ? [s.changed, ' ', ...said] : s.changed);
  flow.context.host.dispatchEvent(new SubscriptionChangedEvent({ subscription, kind: 'change', preview, invoiceId, offer: null }));
}

/** Back from the preview to the form. */
export function back(flow: ChangeFlow): void {
  flow.dialog.error = null;
  flow.sca = null;
  flow.set({ step: 'form', preview: null });
  flow.dialog.focusStep();
}
