import type { Catalog, ChangePreview, Recurring, SessionInfo, Subscription, SubscriptionChangeResult } from '@subkit/core';
import type { StripeLike } from '../internal/payment-element.js';
import { addOnsFor, type OfferedAddOn } from '../rules/add-ons.js';
import { canChange, changeChoices, findPlan, type PlanChoice } from '../rules/catalog.js';
import { clampQuantity } from '../rules/quantity.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';
import { review } from './change-actions.js';
import type { ChangeForm, ChangeStep, ProposedChange } from './subscription-manager.types.js';
import type { RequestFields } from '../templates/approval-request.js';

/** What asking for a billing admin's approval takes (templates/approval-request.ts, a chunk of its own). */
export type ApprovalKit = typeof import('../templates/approval-request.js');

/** A proposal waiting for the subscriptions, the catalog and the session to load. */
interface PendingProposal {
  subscriptionId: string;
  change: ProposedChange;
  resolve: (opened: boolean) => void;
}

/**
 * Changing plan, seats, billing interval or add-ons: a form (only what differs is sent), the server's
 * exact preview of the proration and of what is due or invoiced now, then the confirmation guarded by the
 * previewed version (someone else's change meanwhile answers 409). A page can propose a change too
 * (`propose`), e.g. from the plan picker's "Upgrade to …"; the buyer still confirms. The flow holds the state
 * and opens the dialog; what the open dialog does (its form read, the preview asked for, the change applied)
 * is in change-actions.ts, fetched with the dialogs.
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
    /** @internal */
    readonly context: ManagerContext,
    /** @internal */
    readonly dialog: ManagerDialog,
    private readonly session: () => SessionInfo | null,
    /** Stripe.js when Stripe collects the payments (loaded on first use), else null. @internal */
    readonly stripe: () => Promise<StripeLike | null> | null = () => null,
  ) {}

  /** Sets the flow's state and updates the widget (the dialog's actions, change-actions.ts, use it too). */
  set(patch: Partial<Pick<ChangeFlow, 'step' | 'form' | 'preview' | 'busy' | 'sca'>>): void {
    Object.assign(this, patch);
    this.dialog.changed();
  }

  /** The plans the subscription can move to. */
  choices(subscription: Subscription): PlanChoice[] {
    return changeChoices(this.context.catalog(), subscription);
  }

  /** Add-ons sold with the chosen plan in the subscription's currency and the chosen interval. */
  addOnChoices(subscription: Subscription, form: Pick<ChangeForm, 'planId' | 'interval'> = this.form): OfferedAddOn[] {
    return addOnsFor(this.context.catalog(), form.planId, subscription.currency, { interval: form.interval as Recurring['interval'], intervalCount: 1 });
  }

  /** Opens the form on the subscription's terms (or on another plan, e.g. the nudge's upgrade). */
  open(subscription: Subscription, from: Event | HTMLElement | null, planId = subscription.planId): void {
    const rule = findPlan(this.context.catalog(), planId)?.quantity;
    const quantity = rule ? clampQuantity(subscription.quantity, rule) : subscription.quantity;
    const intervals = this.choices(subscription).find((c) => c.plan.id === planId)?.intervals ?? [];
    this.set({
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
    this.dialog.open('change', subscription, from);
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
    this.set({ form });
    this.dialog.focusStep();
    // What cannot be taken as proposed (another currency's plan, an interval not sold) is left to the buyer in the form.
    const offered = this.addOnChoices(subscription, form).map((c) => c.addOn.id);
    if (!choice || (recurring && form.interval !== recurring.interval) || addOns?.some((a) => !offered.includes(a.addOnId))) proposal.resolve(false);
    // Resolved once the preview shows, with its numbers.
    else void review(this).then((shown) => proposal.resolve(shown));
  }
}
