import type { AddOn, AddOnSelection, Catalog, ChangePreview, Plan, Recurring, Subscription, SubscriptionChangeResult } from '@subkit/core';
import { paymentsStore, subscriptionActions, subscriptionsStore, type ChangeInput } from '@subkit/client';
import type { StripeLike } from '../internal/payment-element.js';
import { addOnsFor, type OfferedAddOn } from '../rules/add-ons.js';
import { findPlan, planChoices, productOf, type PlanChoice } from '../rules/catalog.js';
import { addOnQuantityError, clampQuantity, parseQuantity, quantityError } from '../rules/quantity.js';
import { can } from '../rules/selectors.js';
import type { SessionInfo } from '@subkit/core';
import { SubscriptionChangedEvent } from '../events/subscription-manager.js';
import type { Part } from '../templates/parts.js';
import { changeHeadline } from './change-headline.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';
import type { ChangeForm, ChangeStep, ProposedChange } from './subscription-manager.types.js';
import type { RequestFields } from '../templates/approval-request.js';

/** What asking for a billing admin's approval takes (templates/approval-request.ts, a chunk of its own). */
export type ApprovalKit = typeof import('../templates/approval-request.js');

/** What the change form asks for, or why it cannot be sent. */
export interface ChangeRequest {
  /** Only what differs from the subscription; null when nothing does (or something is invalid). */
  change: ChangeInput | null;
  quantityError: string | null;
  addOnErrors: Record<string, string>;
}

/** A proposal waiting for the subscriptions, the catalog and the session to load. */
interface PendingProposal {
  subscriptionId: string;
  change: ProposedChange;
  resolve: (opened: boolean) => void;
}

/** True when the buyer may change this subscription now: their role allows it and it is running and not ending. */
export function canChange(session: SessionInfo | null, catalog: Parameters<typeof productOf>[0], s: Subscription): boolean {
  return can(session, 'subscriptions:change') && (s.status === 'active' || s.status === 'trialing') && !s.cancelAtPeriodEnd && !!productOf(catalog, s);
}

/**
 * Changing plan, seats, billing interval or add-ons: a form (only what differs is sent), the server's
 * exact preview of the proration and of what is due or invoiced now, then the confirmation guarded by the
 * previewed version (someone else's change meanwhile answers 409). A page can propose a change too
 * (`propose`), e.g. from the plan picker's "Upgrade to …"; the buyer still confirms.
 */
export class ChangeFlow {
  step: ChangeStep = 'form';
  form: ChangeForm = { planId: '', interval: '', quantity: '', addOns: {} };
  preview: ChangePreview | null = null;
  /** What runs: the preview, applying the change, submitting it for approval, or the bank's confirmation of its payment. */
  busy: 'preview' | 'apply' | 'submit' | 'sca' | null = null;
  /** The PO number and note sent with a change the company's policy asks a billing admin to approve. */
  approval: RequestFields = { poNumber: '', note: '' };
  /** The "submit for approval" chunk (its fields, the request, the event): fetched with the first preview that needs approval. */
  approvalKit?: ApprovalKit | null;
  /** A change whose payment waits for the test processor's simulated bank confirmation (SCA). */
  sca: SubscriptionChangeResult | null = null;
  #proposal: PendingProposal | null = null;

  /** The catalog in the widget's language (the preview's lines name plans and items as it does). */
  get catalog(): Catalog | null {
    return this.context.catalog();
  }

  constructor(
    private readonly context: ManagerContext,
    private readonly dialog: ManagerDialog,
    private readonly session: () => SessionInfo | null,
    /** Stripe.js when Stripe collects the payments (loaded on first use), else null. */
    private readonly stripe: () => Promise<StripeLike | null> | null = () => null,
  ) {}

  #set(patch: Partial<Pick<ChangeFlow, 'step' | 'form' | 'preview' | 'busy' | 'sca'>>): void {
    Object.assign(this, patch);
    this.dialog.changed();
  }

  /** The plans the subscription can move to. */
  choices(subscription: Subscription): PlanChoice[] {
    const rank = findPlan(this.context.catalog(), subscription.planId)?.rank ?? 0;
    // Where the merchant offers no downgrade at all, lower plans are not offered (the server would refuse them).
    const choices = planChoices(this.context.catalog(), subscription).filter((c) => subscription.actions?.downgradeAtRenewal.allowed !== false || c.plan.rank >= rank);
    // The merchant's policy may keep the billing interval: only the current one is offered then.
    if (subscription.actions?.intervalSwitch.allowed !== false) return choices;
    const current = subscription.recurring.interval;
    return choices.filter((c) => c.intervals.includes(current)).map((c) => ({ ...c, intervals: [current] }));
  }

  /** The next bigger plan of the product, for the upgrade nudge. */
  upgradePlan(subscription: Subscription): Plan | null {
    const current = findPlan(this.context.catalog(), subscription.planId);
    if (!current) return null;
    return this.choices(subscription).find((c) => c.plan.rank > current.rank)?.plan ?? null;
  }

  /** Add-ons sold with the chosen plan in the subscription's currency and the chosen interval. */
  addOnChoices(subscription: Subscription, form: Pick<ChangeForm, 'planId' | 'interval'> = this.form): OfferedAddOn[] {
    return addOnsFor(this.context.catalog(), form.planId, subscription.currency, { interval: form.interval as Recurring['interval'], intervalCount: 1 });
  }

  /** Opens the form on the subscription's terms (or on another plan, e.g. the nudge's upgrade). */
  open(subscription: Subscription, event: Event | null, planId = subscription.planId): void {
    const rule = findPlan(this.context.catalog(), planId)?.quantity;
    const quantity = rule ? clampQuantity(subscription.quantity, rule) : subscription.quantity;
    const intervals = this.choices(subscription).find((c) => c.plan.id === planId)?.intervals ?? [];
    this.#set({
      form: {
        planId,
        interval: intervals.includes(subscription.recurring.interval) ? subscription.recurring.interval : (intervals[0] ?? subscription.recurring.interval),
        quantity: String(quantity),
        addOns: Object.fromEntries(subscription.addOns.map((a) => [a.addOnId, String(a.quantity)])),
      },
      step: 'form',
      preview: null,
      busy: null,
      sca: null,
    });
    this.approval = { poNumber: '', note: '' };
    this.dialog.open('change', subscription, event);
  }

  /** A page proposes a change: resolves true once its exact preview shows, false when it cannot (see the element's `previewChange`). */
  propose(subscriptionId: string, change: ProposedChange): Promise<boolean> {
    this.#proposal?.resolve(false);
    return new Promise((resolve) => {
      this.#proposal = { subscriptionId, change, resolve };
      this.dialog.changed();
    });
  }

  /** Takes a waiting proposal once the data is there: opens the form with it, and previews it when it is a valid change. */
  takeProposal(loaded: { ready: boolean; failed: boolean }): void {
    const proposal = this.#proposal;
    if (!proposal) return;
    if (loaded.failed) {
      this.#proposal = null;
      proposal.resolve(false);
      return;
    }
    if (!loaded.ready) return;
    this.#proposal = null;
    const subscription = this.context.subscription(proposal.subscriptionId);
    // A dialog the buyer has open (or an action running) is not interrupted.
    if (!subscription || !canChange(this.session(), this.context.catalog(), subscription) || this.context.busy() || this.dialog.kind) {
      proposal.resolve(false);
      return;
    }
    // The dialog's defaults for the plan (interval kept when sold, seats within the rule, add-ons kept), then the proposal.
    const { planId, recurring, quantity, addOns } = proposal.change;
    const choice = this.choices(subscription).find((c) => c.plan.id === (planId ?? subscription.planId));
    this.open(subscription, null, choice?.plan.id);
    const form = { ...this.form };
    if (recurring?.intervalCount === 1 && choice?.intervals.includes(recurring.interval)) form.interval = recurring.interval;
    if (quantity !== undefined && choice?.plan.quantity) form.quantity = String(quantity);
    if (addOns) form.addOns = Object.fromEntries(addOns.map((a) => [a.addOnId, String(a.quantity ?? 1)]));
    this.#set({ form });
    this.dialog.focusStep();
    // What cannot be taken as proposed (another currency's plan, an interval not sold) is left to the buyer in the form.
    const offered = this.addOnChoices(subscription, form).map((c) => c.addOn.id);
    if (!choice || (recurring && form.interval !== recurring.interval) || addOns?.some((a) => !offered.includes(a.addOnId))) proposal.resolve(false);
    // Resolved once the preview shows: its numbers, and the dialog's code.
    else void Promise.all([this.review(), this.dialog.ready().then(() => true, () => false)]).then(([reviewed, shown]) => proposal.resolve(reviewed && shown));
  }

  /** The change of the form (only what differs), or why it cannot be sent. */
  request(subscription: Subscription): ChangeRequest {
    const s = this.context.strings();
    const form = this.form;
    const rule = findPlan(this.context.catalog(), form.planId)?.quantity ?? null;
    const quantity = rule ? parseQuantity(form.quantity, rule) : subscription.quantity;
    const quantityProblem = rule ? quantityError(form.quantity, rule, s) : null;
    const addOnErrors: Record<string, string> = {};
    const selections: AddOnSelection[] = [];
    for (const { addOn } of this.addOnChoices(subscription, form)) {
      const raw = form.addOns[addOn.id];
      if (raw === undefined) continue;
      if (addOn.quantityMode !== 'quantity') {
        selections.push({ addOnId: addOn.id });
        continue;
      }
      const error = addOnQuantityError(raw, s, this.context.locale());
      if (error) addOnErrors[addOn.id] = error;
      else if (Number(raw) > 0) selections.push({ addOnId: addOn.id, quantity: Number(raw) });
    }
    if (quantityProblem || quantity === null || Object.keys(addOnErrors).length > 0) return { change: null, quantityError: quantityProblem, addOnErrors };
    const change: ChangeInput = {};
    if (form.planId !== subscription.planId) change.planId = form.planId;
    if (form.interval !== subscription.recurring.interval) change.recurring = { interval: form.interval as Recurring['interval'], intervalCount: 1 };
    if (rule && (quantity !== subscription.quantity || change.planId)) change.quantity = quantity;
    // Add-ons compare by id, and by quantity for those bought in any number (per-seat ones follow the seats).
    const modes = new Map((productOf(this.context.catalog(), subscription)?.addOns ?? []).map((a) => [a.id, a.quantityMode]));
    const key = (selection: AddOnSelection) => (modes.get(selection.addOnId) === 'quantity' ? `${selection.addOnId}:${selection.quantity ?? 1}` : selection.addOnId);
    const before = subscription.addOns.map((a) => key({ addOnId: a.addOnId, quantity: a.quantity })).sort().join();
    const after = selections.map(key).sort().join();
    if (before !== after) change.addOns = selections;
    // A downgrade the contract or the merchant lets happen only at renewal is scheduled for the period end
    // (the preview then says from when) rather than sent as "now" and refused.
    const lower = (findPlan(this.context.catalog(), form.planId)?.rank ?? 0) < (findPlan(this.context.catalog(), subscription.planId)?.rank ?? 0);
    const actions = subscription.actions;
    if ((lower || quantity < subscription.quantity) && actions && !actions.downgradeNow.allowed && actions.downgradeAtRenewal.allowed) change.effective = 'period_end';
    return { change: Object.keys(change).length > 0 ? change : null, quantityError: null, addOnErrors };
  }

  /** A plan, interval or seats field changed; a new plan keeps the seats within its rule and drops add-ons it does not sell. */
  field(field: 'planId' | 'interval' | 'quantity', event: Event): void {
    const subscription = this.dialog.target;
    const form = { ...this.form, [field]: (event.target as HTMLInputElement | HTMLSelectElement).value };
    if (field === 'planId' && subscription) {
      const choice = this.choices(subscription).find((c) => c.plan.id === form.planId);
      if (choice && !choice.intervals.includes(form.interval)) form.interval = choice.intervals[0] ?? form.interval;
      const rule = choice?.plan.quantity;
      const n = Number(form.quantity);
      if (rule && Number.isInteger(n)) form.quantity = String(clampQuantity(n, rule));
    }
    if (subscription) {
      // Add-ons the new plan or interval does not sell are dropped: the server would refuse them.
      const offered = new Set(this.addOnChoices(subscription, form).map((c) => c.addOn.id));
      form.addOns = Object.fromEntries(Object.entries(form.addOns).filter(([id]) => offered.has(id)));
    }
    this.dialog.error = null;
    this.#set({ form });
  }

  /** A checked box adds an add-on; a quantity (as typed; 0 leaves it out) sets one bought in any number. */
  addOn(addOn: AddOn, event: Event): void {
    const input = event.target as HTMLInputElement;
    const { [addOn.id]: _, ...others } = this.form.addOns;
    const value = addOn.quantityMode === 'quantity' ? input.value : input.checked ? '1' : null;
    this.dialog.error = null;
    this.#set({ form: { ...this.form, addOns: value === null ? others : { ...others, [addOn.id]: value } } });
  }

  /** Asks the server for the exact preview of the form's change; true once it shows. */
  async review(): Promise<boolean> {
    const client = this.context.client();
    const subscription = this.dialog.target;
    if (!client || !subscription || this.context.busy()) return false;
    const { change } = this.request(subscription);
    if (!change) return false;
    this.dialog.error = null;
    this.#set({ busy: 'preview' });
    const result = await subscriptionActions(client).previewChange(subscription.id, { ...change, expectedVersion: subscription.version });
    // A change that needs approval shows with its request's fields: their chunk comes first (offline, "Submit for approval" stays disabled).
    if (result.ok && result.data.approval?.required) this.approvalKit ??= await import('../templates/approval-request.js').catch(() => null);
    this.#set({ busy: null });
    if (!result.ok) {
      this.dialog.failed(result.error, 'subscription-manager:preview');
      return false;
    }
    this.#set({ preview: result.data, step: 'preview' });
    this.dialog.focusStep();
    return true;
  }

  /** The previewed change and what it costs now, in one sentence ("5 → 8 seats on Team: $9.12 charged now."). */
  headline(subscription: Subscription): Part[] | null {
    const { change } = this.request(subscription);
    if (!change || !this.preview) return null;
    return changeHeadline(subscription, change, this.preview, { s: this.context.strings(), locale: this.context.locale(), catalog: this.context.catalog() });
  }

  /** Applies the previewed change, guarded by the previewed version. */
  async confirm(): Promise<void> {
    const client = this.context.client();
    const subscription = this.dialog.target;
    const preview = this.preview;
    if (!client || !subscription || !preview || this.context.busy()) return;
    const { change } = this.request(subscription);
    if (!change) return;
    this.dialog.error = null;
    const headline = this.headline(subscription);
    this.#set({ busy: 'apply' });
    const result = await subscriptionActions(client).applyChange(subscription.id, { ...change, expectedVersion: preview.expectedVersion });
    this.#set({ busy: null });
    if (!result.ok) return this.dialog.failed(result.error, 'subscription-manager:change');
    if (result.data.status === 'requires_action') {
      // The card asks for 3-D Secure: the change applies once its payment is confirmed.
      const next = result.data.nextAction;
      if (next?.type === 'stripe_confirm' && next.clientSecret && next.paymentId) return this.#authenticateWithStripe(result.data, next.clientSecret, next.paymentId);
      this.#set({ sca: result.data });
      this.dialog.focusStep();
      return;
    }
    await this.#changed(result.data.subscription, result.data.invoiceId, preview, headline);
  }

  /** Submits the previewed change for a billing admin's approval instead of applying it (the company's purchasing policy asks for it). */
  async submitForApproval(): Promise<void> {
    const subscription = this.dialog.target;
    const { change } = subscription ? this.request(subscription) : { change: null };
    const client = this.context.client();
    if (!client || !this.approvalKit || !subscription || !change || !this.preview || this.context.busy()) return;
    this.dialog.error = null;
    this.#set({ busy: 'submit' });
    const ask = { change: { subscriptionId: subscription.id, change: { ...change, expectedVersion: this.preview.expectedVersion } } };
    const result = await this.approvalKit.sendForApproval(this.context.host, client, ask, this.approval);
    this.#set({ busy: null });
    if (!result.ok) return this.dialog.failed(result.error, 'subscription-manager:approval');
    await this.dialog.completed(this.context.strings().approvalSent);
  }

  /** The buyer's answer to the test processor's simulated bank confirmation. */
  async authenticate(outcome: 'approve' | 'fail'): Promise<void> {
    const client = this.context.client();
    const pending = this.sca;
    const paymentId = pending?.nextAction?.paymentId;
    if (!client || !pending || !paymentId || this.context.busy()) return;
    this.#set({ busy: 'sca' });
    const result = await paymentsStore(client).confirmPayment(paymentId, outcome);
    this.#set({ busy: null, sca: null });
    if (!result.ok) return this.dialog.failed(result.error, 'subscription-manager:change');
    await this.#settled(pending, result.data.status === 'succeeded');
  }

  /** Stripe.js shows the bank's 3-D Secure step; then the server settles the payment from Stripe's answer. */
  async #authenticateWithStripe(pending: SubscriptionChangeResult, clientSecret: string, paymentId: string): Promise<void> {
    const client = this.context.client();
    this.#set({ busy: 'sca' });
    const stripe = await this.stripe();
    const confirmed = stripe ? await stripe.handleNextAction({ clientSecret }) : { error: {} };
    const result = client && !confirmed.error ? await paymentsStore(client).confirmPayment(paymentId) : null;
    this.#set({ busy: null });
    if (result && !result.ok) return this.dialog.failed(result.error, 'subscription-manager:change');
    await this.#settled(pending, result?.data.status === 'succeeded');
  }

  /** After the confirmation: the change applied (the subscription as the server has it now), or the payment failed and nothing changed. */
  async #settled(pending: SubscriptionChangeResult, paid: boolean): Promise<void> {
    const client = this.context.client();
    const preview = this.preview;
    if (!paid || !client || !preview) {
      this.dialog.error = this.context.strings().payFailed;
      this.dialog.changed();
      return;
    }
    const headline = this.dialog.target ? this.headline(this.dialog.target) : null;
    const fresh = await subscriptionsStore(client).loadSubscription(pending.subscription.id);
    await this.#changed(fresh.ok ? fresh.data : pending.subscription, pending.invoiceId, preview, headline);
  }

  async #changed(subscription: Subscription, invoiceId: string | null, preview: ChangePreview, headline: Part[] | null): Promise<void> {
    await this.dialog.completed(headline ? [this.context.strings().changed, ' ', ...headline] : this.context.strings().changed);
    this.context.host.dispatchEvent(new SubscriptionChangedEvent({ subscription, kind: 'change', preview, invoiceId, offer: null }));
  }

  back(): void {
    this.dialog.error = null;
    this.sca = null;
    this.#set({ step: 'form', preview: null });
    this.dialog.focusStep();
  }
}
