import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type {
  AddOn,
  AddOnSelection,
  CancellationReason,
  Catalog,
  ChangePreview,
  InvoiceSummary,
  PaymentMethod,
  PaymentResult,
  Permission,
  Plan,
  Product,
  Recurring,
  RetentionOffer,
  SessionInfo,
  Subscription,
  UsageSummary,
} from '@subkit/core';
import { createStores, type ChangeInput, type Remote, type SubkitError } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { LocaleController } from '../internal/locale-controller.js';
import { errorMessage } from '../internal/errors.js';
import { count, date, money, safeUrl } from '../internal/format.js';
import { loadStripeLazily, PaymentElementController, type StripeLoader } from '../internal/payment-element.js';
import { testCardProblems, toTestCard, type TestCardInput, type TestCardProblems } from '../rules/cards.js';
import { format } from '../locales/locales.js';
import { addOnsFor, type OfferedAddOn } from '../rules/add-ons.js';
import { plural, unitFor, unitsLabel } from '../locales/plural.js';
import { subscriptionManagerLocales, type SubscriptionManagerStrings } from '../locales/subscription-manager.js';
import {
  PaymentMethodUpdatedEvent,
  SubscriptionCanceledEvent,
  SubscriptionChangedEvent,
  SubscriptionPausedEvent,
  SubscriptionReactivatedEvent,
  SubscriptionResumedEvent,
} from '../events/subscription-manager.js';
import { InvoicePaidEvent } from '../events/billing-history.js';
import { SubkitErrorEvent } from '../events/common.js';
import type { PlanSelectedDetail } from '../events/plan-picker.js';
import { tokens } from '../styles/tokens.js';
import { shared } from '../styles/shared.js';
import { styles } from './subscription-manager.styles.js';
import {
  CANCEL_REASONS,
  type CancelStep,
  type ChangeForm,
  type ChangeStep,
  type DialogKind,
  type DirectAction,
  type ProposedChange,
} from './subscription-manager.types.js';

const idle = { data: null, error: null, loading: false };
const LIVE: readonly Subscription['status'][] = ['trialing', 'active', 'past_due', 'paused', 'incomplete'];
const EMPTY_CARD: TestCardInput = { cardNumber: '', cardExpiry: '', cardCvc: '' };
/** Test cards listed in the TEST MODE hint of the card form. */
const HINT_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'testCardSucceeds' },
  { number: '4000 0000 0000 0002', outcome: 'testCardDeclined' },
] as const;

/** The most of one add-on a change takes (the wire schema's limit). */
const MAX_ADD_ON_QUANTITY = 1_000_000;

/** A plan choice of the change dialog and how it is priced in the subscription's currency. */
interface PlanChoice {
  plan: Plan;
  intervals: string[];
}

/** A proposal waiting for the subscriptions, the catalog and the session to load. */
interface PendingProposal {
  subscriptionId: string;
  change: ProposedChange;
  resolve: (opened: boolean) => void;
}

/**
 * All of the buyer company's subscriptions with their status, items, seats, next invoice and usage
 * against the allowance (with the projected bill and a nudge to upgrade near the limit), and the
 * self-service actions the buyer's role allows: change plan, seats, interval or add-ons behind a preview
 * of the exact proration and the amount due now; pause until a date, resume, skip the next period;
 * cancel through reason → retention offer → confirm, and reactivate; update the payment method; pay the
 * open invoice of a past-due subscription. A conflicting change by someone else reloads and says so.
 * Subscriptions billed by invoice (`collectionMethod: 'send_invoice'`) are never charged by a change:
 * the preview says what is invoiced and when it is due.
 *
 * A page can start a change itself, e.g. from the plan picker's "Upgrade to …": call
 * `previewChange(subscriptionId, { planId, recurring, quantity, addOns })` (resolves `true` once the
 * exact preview shows, `false` when it cannot: no such subscription, a role or state that cannot change
 * it, another dialog open, nothing differs, or the server refused — the form then shows why), or set
 * the `change` property to the picker's `subkit-plan-selected` detail. Either waits for the
 * subscriptions to load; the buyer still confirms.
 *
 * @slot heading - Replaces the default heading ("Your subscriptions").
 * @slot empty - Replaces the empty-state text (e.g. with a link to the pricing page).
 * @slot payment-element - Filled by the widget itself with Stripe's Payment Element (Stripe mounts into light DOM).
 *
 * @fires subkit-subscription-changed - Plan, seats, interval or add-ons changed, a period skipped, or a retention offer accepted: `{ subscription, kind, preview, invoiceId, offer }`.
 * @fires subkit-subscription-paused - Paused: `{ subscription, resumesAt }`.
 * @fires subkit-subscription-resumed - Resumed: `{ subscription }`.
 * @fires subkit-subscription-canceled - Canceled: `{ subscription, reason, feedback, when }`.
 * @fires subkit-subscription-reactivated - A scheduled cancellation was withdrawn: `{ subscription }`.
 * @fires subkit-payment-method-updated - A new default payment method: `{ paymentMethod }`.
 * @fires subkit-invoice-paid - An open invoice was paid: `{ invoiceId, payment, subscriptionId }`.
 * @fires subkit-error - Loading or an action failed (a 409 conflict too): `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart header - The heading row; `title` the heading.
 * @csspart notice - A message above the list (the conflict explanation); `notice-conflict`, `notice-error`.
 * @csspart note - Role notes (a viewer cannot act).
 * @csspart subscriptions - The list; `subscription` each item, plus `subscription-<status>` and `subscription-ending`.
 * @csspart subscription-header - Plan name and status; `plan-name`, `status` (and `status-<status>`, `status-ending`).
 * @csspart banner - The past-due banner (`banner-past-due`).
 * @csspart details - The definition list of a subscription; `detail` each row, `detail-term`, `detail-value`, `items` (`item`, `item-addon`).
 * @csspart usage - The usage block; `usage-title`, `usage-metric`, `usage-label`, `meter`, `usage-figures`, `usage-projection`, `projected-total`.
 * @csspart nudge - The upgrade nudge near the allowance.
 * @csspart actions - The action buttons of a subscription.
 * @csspart button - Every button; also `button-secondary`, `button-danger`, `button-link`, and one part per action (`action-change`, `action-pause`, `action-resume`, `action-skip`, `action-cancel`, `action-reactivate`, `action-payment`, `pay-now`, `upgrade`, `retry`, `confirm`, `back`, `close`, `accept-offer`, `decline-offers`, `sca-approve`, `sca-fail`).
 * @csspart dialog - The modal dialog; also `dialog-change`, `dialog-pause`, `dialog-cancel`, `dialog-payment`, `dialog-pay`.
 * @csspart dialog-title - The dialog heading; `dialog-body`, `dialog-actions`, `dialog-error`.
 * @csspart field - A form field; `label`, `input`, `select`, `textarea`, `hint`, `field-error`, `fieldset`, `option`.
 * @csspart add-on - An add-on of the change form (also `option`); `add-on-toggle` its checkbox, `add-on-quantity` the quantity input of one bought in any number.
 * @csspart preview-lines - The proration table; `preview-line` (`preview-line-credit`, `preview-line-charge`), `preview-total`, `preview-due` (also `preview-invoiced` when billed by invoice), `preview-next`.
 * @csspart offers - The retention offers; `offer` each, `offer-title`, `offer-description`.
 * @csspart test-mode - The TEST MODE card form; `test-mode-badge`, `test-cards`.
 * @csspart stripe - The Stripe Payment Element container.
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - The empty state; `empty-cta` its link.
 * @csspart error - The error state.
 *
 * @cssprop [--subkit-color-primary=#3a4bd8] - Buttons, meters, focus ring.
 * @cssprop [--subkit-color-on-primary=#ffffff] - Text on primary.
 * @cssprop [--subkit-color-background=#ffffff] - Widget and dialog background.
 * @cssprop [--subkit-color-surface=#f6f7f9] - Subscription cards.
 * @cssprop [--subkit-color-text=#161a23] - Text.
 * @cssprop [--subkit-color-muted=#5a6172] - Secondary text.
 * @cssprop [--subkit-color-border=#d5d9e1] - Borders.
 * @cssprop [--subkit-color-accent=#0a6a52] - Active and trial statuses, credits.
 * @cssprop [--subkit-color-warning=#8a5a00] - Past due, paused, ending; the nudge.
 * @cssprop [--subkit-color-danger=#b42318] - Errors, the cancel button.
 * @cssprop [--subkit-radius=10px] - Card and dialog radius.
 * @cssprop [--subkit-spacing=8px] - The spacing unit.
 * @cssprop [--subkit-font-family=system-ui] - Font.
 *
 * @cssstate loading - The subscriptions are loading.
 * @cssstate error - The subscriptions failed to load.
 * @cssstate empty - The company has no subscriptions.
 * @cssstate busy - An action is running.
 * @cssstate past-due - A subscription is past due.
 */
export class SubkitSubscriptionManager extends SubkitElement {
  static override styles = [tokens, shared, styles];

  /** Every store of the resolved client (until this widget takes only the stores it shows). */
  get #stores() {
    return this.subkit.client ? createStores(this.subkit.client) : null;
  }

  readonly #l = new LocaleController<SubscriptionManagerStrings>(this, subscriptionManagerLocales);
  readonly #subscriptions = this.subkit.bind((c) => createStores(c).$subscriptions, idle as Remote<Subscription[]>);
  readonly #session = this.subkit.bind((c) => createStores(c).$session, idle as Remote<SessionInfo>);
  readonly #catalog = this.subkit.bind((c) => createStores(c).$catalog, idle as Remote<Catalog>);
  readonly #usage = this.subkit.bind((c) => createStores(c).$usage, {} as Record<string, Remote<UsageSummary>>);
  readonly #paymentMethods = this.subkit.bind((c) => createStores(c).$paymentMethods, idle as Remote<PaymentMethod[]>);

  /** Share of a metered allowance (0–1) from which the upgrade nudge shows. */
  @property({ type: Number, attribute: 'nudge-at' }) nudgeAt = 0.8;
  /** Where the empty state's call to action leads (the pricing page); no link when unset. */
  @property({ attribute: 'plans-url' }) plansUrl?: string;
  /** Overrides of the locale's strings, e.g. `{ title: 'Billing' }`. */
  @property({ attribute: false }) strings?: Partial<SubscriptionManagerStrings>;
  /** Loads Stripe.js; replace it to use an already loaded Stripe or, in tests, a fake. */
  @property({ attribute: false }) loadStripe: StripeLoader = loadStripeLazily;
  /**
   * A change to preview, as the plan picker's `subkit-plan-selected` detail: setting it opens the change
   * preview of `subscriptionId` with the detail's plan, interval and quantity (the subscription keeps its
   * add-ons). Ignored while `subscriptionId` is null (a new purchase, not a change).
   */
  @property({ attribute: false }) change?: (Pick<PlanSelectedDetail, 'subscriptionId' | 'planId' | 'recurring' | 'quantity'> & Partial<PlanSelectedDetail>) | null;

  @state() private dialog: DialogKind | null = null;
  @state() private targetId: string | null = null;
  @state() private changeStep: ChangeStep = 'form';
  @state() private changeForm: ChangeForm = { planId: '', interval: '', quantity: '', addOns: {} };
  @state() private preview: ChangePreview | null = null;
  @state() private cancelStep: CancelStep = 'reason';
  @state() private cancelReason: CancellationReason | null = null;
  @state() private feedback = '';
  @state() private offers: RetentionOffer[] = [];
  @state() private cancelWhen: 'period_end' | 'now' = 'period_end';
  @state() private pauseUntil = '';
  @state() private card: TestCardInput = EMPTY_CARD;
  @state() private cardErrors: Partial<Record<keyof TestCardInput | 'stripe', string>> = {};
  @state() private fieldError: string | null = null;
  @state() private dialogError: string | null = null;
  @state() private busy: string | null = null;
  @state() private notice: { kind: 'conflict' | 'error'; text: string } | null = null;
  @state() private announcement = '';
  /** A pay-now payment waiting for the bank's confirmation (test-mode SCA). */
  @state() private scaPayment: PaymentResult | null = null;
  /** Open invoices of past-due subscriptions, by subscription id (`null`: none found). */
  @state() private openInvoices: Record<string, InvoiceSummary | null> = {};

  @query('dialog') private dialogEl?: HTMLDialogElement;

  #loadedFor: unknown = null;
  #loadedWithSession = false;
  #usageRequested = new Set<string>();
  #invoicesRequested = new Map<string, number>();
  #reportedError: SubkitError | null = null;
  #opener: HTMLElement | null = null;
  #focusStep = false;
  readonly #paymentElement = new PaymentElementController(this);
  #proposal: PendingProposal | null = null;

  /**
   * Opens the change dialog of a subscription with a proposed change and shows the server's exact
   * preview of it (proration lines, what is due or invoiced now), for the buyer to confirm or adjust.
   * Waits for the subscriptions to load. Resolves `true` once the preview shows, `false` when it cannot.
   */
  previewChange(subscriptionId: string, change: ProposedChange): Promise<boolean> {
    this.#proposal?.resolve(false);
    return new Promise((resolve) => {
      this.#proposal = { subscriptionId, change, resolve };
      this.requestUpdate();
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    // The picker's add-ons are the checkout draft's, not a choice about this subscription: they are left out.
    const picked = this.change;
    if (changed.has('change') && picked?.subscriptionId) void this.previewChange(picked.subscriptionId, { planId: picked.planId, recurring: picked.recurring, quantity: picked.quantity });
    // Taken before rendering, so the dialog opens in this very update.
    if (this.#proposal) this.#takeProposal();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const stores = this.#stores;
    const hasSession = this.subkit.hasSession;
    if (stores && hasSession && (this.#loadedFor !== stores || !this.#loadedWithSession)) {
      this.#loadedFor = stores;
      this.#loadedWithSession = true;
      this.#usageRequested.clear();
      this.#invoicesRequested.clear();
      void stores.loadSession();
      void stores.loadSubscriptions();
      void stores.loadCatalog();
      void stores.loadPaymentMethods();
    }
    const { data, error, loading } = this.#subscriptions.value;
    for (const subscription of data ?? []) this.#loadSideData(subscription);

    this.setStates({
      loading: hasSession && !data && !error,
      error: !!error && !data,
      empty: !!data && data.length === 0,
      busy: this.busy !== null,
      'past-due': !!data?.some((s) => s.status === 'past_due'),
    });
    if (error && error !== this.#reportedError && !loading) {
      this.#reportedError = error;
      this.dispatchEvent(new SubkitErrorEvent({ error, source: 'subscription-manager:subscriptions' }));
    }

    const dialog = this.dialogEl;
    if (this.dialog && dialog && !dialog.open) dialog.showModal();
    if (this.#focusStep) {
      this.#focusStep = false;
      this.renderRoot.querySelector<HTMLElement>('[data-step-focus]')?.focus();
    }
    if (this.dialog === 'payment' && this.#usesStripe() && this.#paymentElement.state === 'idle') void this.#mountStripe();
  }


  /** Usage of metered subscriptions and the open invoice of past-due ones, each loaded once per state. */
  #loadSideData(subscription: Subscription): void {
    const stores = this.#stores;
    if (!stores) return;
    const metered = subscription.items.some((i) => i.model.type === 'metered');
    if (metered && LIVE.includes(subscription.status) && !this.#usageRequested.has(subscription.id)) {
      this.#usageRequested.add(subscription.id);
      void stores.loadUsage(subscription.id);
    }
    if (subscription.status === 'past_due' && this.#invoicesRequested.get(subscription.id) !== subscription.version) {
      this.#invoicesRequested.set(subscription.id, subscription.version);
      void stores.loadOpenInvoice(subscription.id).then((result) => {
        this.openInvoices = { ...this.openInvoices, [subscription.id]: result.ok ? result.data : null };
      });
    }
  }

  #can(permission: Permission): boolean {
    return this.#session.value.data?.permissions.includes(permission) ?? false;
  }

  get #canActAtAll(): boolean {
    return (['subscriptions:change', 'subscriptions:pause', 'subscriptions:cancel', 'payment_methods:manage', 'invoices:pay'] as const).some((p) => this.#can(p));
  }

  #subscription(id: string | null): Subscription | null {
    return this.#subscriptions.value.data?.find((s) => s.id === id) ?? null;
  }

  #product(subscription: Subscription): Product | null {
    return this.#catalog.value.data?.products.find((p) => p.id === subscription.productId) ?? null;
  }

  #plan(subscription: Subscription, planId = subscription.planId): Plan | null {
    return this.#product(subscription)?.plans.find((p) => p.id === planId) ?? null;
  }

  /** Plans the subscription can move to: sold online in its currency. */
  #planChoices(subscription: Subscription): PlanChoice[] {
    const plans = [...(this.#product(subscription)?.plans ?? [])].sort((a, b) => a.rank - b.rank);
    return plans
      .filter((plan) => !plan.contactSales)
      .map((plan) => ({
        plan,
        intervals: [...new Set(plan.prices.filter((p) => p.currency === subscription.currency && p.recurring.intervalCount === 1).map((p) => p.recurring.interval))],
      }))
      .filter((choice) => choice.intervals.length > 0);
  }

  /** The next bigger plan of the product, for the upgrade nudge. */
  #upgradePlan(subscription: Subscription): Plan | null {
    const current = this.#plan(subscription);
    if (!current) return null;
    return this.#planChoices(subscription).find((c) => c.plan.rank > current.rank)?.plan ?? null;
  }

  #canChange(s: Subscription): boolean {
    return this.#can('subscriptions:change') && (s.status === 'active' || s.status === 'trialing') && !s.cancelAtPeriodEnd && !!this.#product(s);
  }

  // ---- dialogs -------------------------------------------------------------------------------------

  #open(kind: DialogKind, subscription: Subscription | null, event: Event | null): void {
    // Opened by the page (previewChange) there is no button to return to: focus goes to the subscription.
    this.#opener = (event?.currentTarget as HTMLElement | null) ?? null;
    this.dialog = kind;
    this.targetId = subscription?.id ?? null;
    this.dialogError = null;
    this.fieldError = null;
    this.busy = null;
    this.notice = null;
  }

  #openChange(subscription: Subscription, event: Event | null, planId = subscription.planId): void {
    const plan = this.#plan(subscription, planId);
    const rule = plan?.quantity;
    const quantity = rule ? Math.min(Math.max(subscription.quantity, rule.minimum), rule.maximum ?? Number.MAX_SAFE_INTEGER) : subscription.quantity;
    const intervals = this.#planChoices(subscription).find((c) => c.plan.id === planId)?.intervals ?? [];
    this.changeForm = {
      planId,
      interval: intervals.includes(subscription.recurring.interval) ? subscription.recurring.interval : (intervals[0] ?? subscription.recurring.interval),
      quantity: String(quantity),
      addOns: Object.fromEntries(subscription.addOns.map((a) => [a.addOnId, String(a.quantity)])),
    };
    this.changeStep = 'form';
    this.preview = null;
    this.#open('change', subscription, event);
  }

  /** Opens the change dialog for a proposal once the data is there, and previews it when it is a valid change. */
  #takeProposal(): void {
    const proposal = this.#proposal!;
    const subscriptions = this.#subscriptions.value;
    const catalog = this.#catalog.value;
    const session = this.#session.value;
    if (subscriptions.error || catalog.error || session.error) {
      this.#proposal = null;
      proposal.resolve(false);
      return;
    }
    if (!subscriptions.data || !catalog.data || !session.data) return;
    this.#proposal = null;
    const subscription = this.#subscription(proposal.subscriptionId);
    // A dialog the buyer has open (or an action running) is not interrupted.
    if (!subscription || !this.#canChange(subscription) || this.busy || this.dialog) {
      proposal.resolve(false);
      return;
    }
    // The dialog's defaults for the plan (interval kept when sold, seats within the rule, add-ons kept), then the proposal.
    const { planId, recurring, quantity, addOns } = proposal.change;
    const choice = this.#planChoices(subscription).find((c) => c.plan.id === (planId ?? subscription.planId));
    this.#openChange(subscription, null, choice?.plan.id);
    const form = { ...this.changeForm };
    if (recurring?.intervalCount === 1 && choice?.intervals.includes(recurring.interval)) form.interval = recurring.interval;
    if (quantity !== undefined && choice?.plan.quantity) form.quantity = String(quantity);
    if (addOns) form.addOns = Object.fromEntries(addOns.map((a) => [a.addOnId, String(a.quantity ?? 1)]));
    this.changeForm = form;
    this.#focusStep = true;
    // What cannot be taken as proposed (another currency's plan, an interval not sold) is left to the buyer in the form.
    const offered = this.#addOnChoices(subscription, form).map((c) => c.addOn.id);
    if (!choice || (recurring && form.interval !== recurring.interval) || addOns?.some((a) => !offered.includes(a.addOnId))) proposal.resolve(false);
    else void this.#review().then(proposal.resolve);
  }

  #openCancel(subscription: Subscription, event: Event): void {
    this.cancelStep = 'reason';
    this.cancelReason = null;
    this.feedback = '';
    this.offers = [];
    this.cancelWhen = 'period_end';
    this.#open('cancel', subscription, event);
  }

  #openPause(subscription: Subscription, event: Event): void {
    this.pauseUntil = '';
    this.#open('pause', subscription, event);
  }

  #openPayment(event: Event): void {
    this.card = EMPTY_CARD;
    this.cardErrors = {};
    this.#open('payment', null, event);
  }

  #openPay(subscription: Subscription, event: Event): void {
    this.scaPayment = null;
    this.#open('pay', subscription, event);
  }

  #closeDialog(): void {
    // The dialog's own close event comes a task later; the state is reset now so the result shows at once.
    if (this.dialogEl?.open) this.dialogEl.close();
    this.#handleDialogClosed();
  }

  #handleDialogCancel(event: Event): void {
    // Escape closes the dialog, except while a charge is running: its outcome must be seen.
    if (this.busy) event.preventDefault();
  }

  #handleDialogClosed(): void {
    if (!this.dialog) return;
    const subscriptionId = this.targetId;
    this.dialog = null;
    this.busy = null;
    this.#paymentElement.unmount();
    void this.updateComplete.then(() => {
      const opener = this.#opener;
      this.#opener = null;
      if (opener?.isConnected) opener.focus();
      else if (subscriptionId) this.renderRoot.querySelector<HTMLElement>(`[data-subscription="${subscriptionId}"] [part~="plan-name"]`)?.focus();
    });
  }

  /** Ends a completed action: close the dialog and say what happened; the caller then tells the page. */
  async #completed(message: string): Promise<void> {
    this.announcement = message;
    this.#closeDialog();
    await this.updateComplete;
  }

  /** An action failed: a conflict reloads (the store did) and explains above the list; other errors show where the buyer is. */
  #failed(error: SubkitError, source: string): void {
    const s = this.#l.strings;
    if (error.type === 'conflict_error') {
      this.#closeDialog();
      this.notice = { kind: 'conflict', text: s.conflict };
    } else if (this.dialog) {
      this.dialogError = error.status === 402 ? s.cardDeclined : errorMessage(error, s);
    } else {
      this.notice = { kind: 'error', text: errorMessage(error, s) };
    }
    this.dispatchEvent(new SubkitErrorEvent({ error, source }));
  }

  // ---- change --------------------------------------------------------------------------------------

  /** The change request of the form (only what differs), or a reason it cannot be sent. */
  #changeRequest(subscription: Subscription): { change: ChangeInput | null; quantityError: string | null; addOnErrors: Record<string, string> } {
    const s = this.#l.strings;
    const form = this.changeForm;
    const plan = this.#plan(subscription, form.planId);
    const rule = plan?.quantity ?? null;
    let quantity = subscription.quantity;
    let quantityError: string | null = null;
    if (rule) {
      const n = Number(form.quantity);
      const valid = form.quantity.trim() !== '' && Number.isInteger(n) && n >= rule.minimum && (rule.maximum === null || n <= rule.maximum);
      if (valid) quantity = n;
      else quantityError = rule.maximum === null ? format(s.quantityInvalidMin, { min: rule.minimum }) : format(s.quantityInvalid, { min: rule.minimum, max: rule.maximum });
    }
    const addOnErrors: Record<string, string> = {};
    const selections: AddOnSelection[] = [];
    for (const { addOn } of this.#addOnChoices(subscription, form)) {
      const raw = form.addOns[addOn.id];
      if (raw === undefined) continue;
      if (addOn.quantityMode !== 'quantity') {
        selections.push({ addOnId: addOn.id });
        continue;
      }
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_ADD_ON_QUANTITY) {
        addOnErrors[addOn.id] = format(s.addOnQuantityInvalid, { max: count(MAX_ADD_ON_QUANTITY, this.#l.locale) });
      } else if (n > 0) {
        selections.push({ addOnId: addOn.id, quantity: n });
      }
    }
    if (quantityError || Object.keys(addOnErrors).length > 0) return { change: null, quantityError, addOnErrors };
    const change: ChangeInput = {};
    if (form.planId !== subscription.planId) change.planId = form.planId;
    if (form.interval !== subscription.recurring.interval) change.recurring = { interval: form.interval as Subscription['recurring']['interval'], intervalCount: 1 };
    if (rule && (quantity !== subscription.quantity || change.planId)) change.quantity = quantity;
    // Add-ons compare by id, and by quantity for those bought in any number (per-seat ones follow the seats).
    const modes = new Map((this.#product(subscription)?.addOns ?? []).map((a) => [a.id, a.quantityMode]));
    const key = (selection: AddOnSelection) => (modes.get(selection.addOnId) === 'quantity' ? `${selection.addOnId}:${selection.quantity ?? 1}` : selection.addOnId);
    const before = subscription.addOns.map((a) => key({ addOnId: a.addOnId, quantity: a.quantity })).sort().join();
    const after = selections.map(key).sort().join();
    if (before !== after) change.addOns = selections;
    return { change: Object.keys(change).length > 0 ? change : null, quantityError: null, addOnErrors };
  }

  #handleChangeField(field: 'planId' | 'interval' | 'quantity', event: Event): void {
    const subscription = this.#subscription(this.targetId);
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const form = { ...this.changeForm, [field]: target.value };
    if (field === 'planId' && subscription) {
      const choice = this.#planChoices(subscription).find((c) => c.plan.id === form.planId);
      if (choice && !choice.intervals.includes(form.interval)) form.interval = choice.intervals[0] ?? form.interval;
      const rule = choice?.plan.quantity;
      const n = Number(form.quantity);
      if (rule && Number.isInteger(n)) form.quantity = String(Math.min(Math.max(n, rule.minimum), rule.maximum ?? Number.MAX_SAFE_INTEGER));
    }
    if (subscription) {
      // Add-ons the new plan or interval does not sell are dropped: the server would refuse them.
      const offered = new Set(this.#addOnChoices(subscription, form).map((c) => c.addOn.id));
      form.addOns = Object.fromEntries(Object.entries(form.addOns).filter(([id]) => offered.has(id)));
    }
    this.changeForm = form;
    this.dialogError = null;
  }

  /** A checked box adds an add-on; a quantity (as typed; 0 leaves it out) sets one bought in any number. */
  #handleAddOnField(addOn: AddOn, event: Event): void {
    const input = event.target as HTMLInputElement;
    const { [addOn.id]: _, ...others } = this.changeForm.addOns;
    const value = addOn.quantityMode === 'quantity' ? input.value : input.checked ? '1' : null;
    this.changeForm = { ...this.changeForm, addOns: value === null ? others : { ...others, [addOn.id]: value } };
    this.dialogError = null;
  }

  /** Add-ons sold with the chosen plan in the subscription's currency and the chosen interval, with their price. */
  #addOnChoices(subscription: Subscription, form: Pick<ChangeForm, 'planId' | 'interval'>): OfferedAddOn[] {
    return addOnsFor(this.#catalog.value.data, form.planId, subscription.currency, { interval: form.interval as Recurring['interval'], intervalCount: 1 });
  }

  #handleReview(event: Event): void {
    event.preventDefault();
    void this.#review();
  }

  /** Asks the server for the exact preview of the form's change; true once it shows. */
  async #review(): Promise<boolean> {
    const stores = this.#stores;
    const subscription = this.#subscription(this.targetId);
    if (!stores || !subscription || this.busy) return false;
    const { change } = this.#changeRequest(subscription);
    if (!change) return false;
    this.busy = 'preview';
    this.dialogError = null;
    const result = await stores.previewChange(subscription.id, { ...change, expectedVersion: subscription.version });
    this.busy = null;
    if (!result.ok) {
      this.#failed(result.error, 'subscription-manager:preview');
      return false;
    }
    this.preview = result.data;
    this.changeStep = 'preview';
    this.#focusStep = true;
    return true;
  }

  async #handleConfirmChange(): Promise<void> {
    const stores = this.#stores;
    const subscription = this.#subscription(this.targetId);
    const preview = this.preview;
    if (!stores || !subscription || !preview || this.busy) return;
    const { change } = this.#changeRequest(subscription);
    if (!change) return;
    this.busy = 'apply';
    this.dialogError = null;
    // The confirmed preview's version: if anyone changed the subscription since, the server answers 409.
    const result = await stores.applyChange(subscription.id, { ...change, expectedVersion: preview.expectedVersion });
    this.busy = null;
    if (!result.ok) return this.#failed(result.error, 'subscription-manager:change');
    await this.#completed(this.#l.strings.changed);
    this.dispatchEvent(new SubscriptionChangedEvent({ subscription: result.data.subscription, kind: 'change', preview, invoiceId: result.data.invoiceId, offer: null }));
  }

  #handleBackToForm(): void {
    this.changeStep = 'form';
    this.preview = null;
    this.dialogError = null;
    this.#focusStep = true;
  }

  // ---- pause / resume / skip / reactivate ----------------------------------------------------------

  async #handlePause(event: Event): Promise<void> {
    event.preventDefault();
    const stores = this.#stores;
    const subscription = this.#subscription(this.targetId);
    if (!stores || !subscription || this.busy) return;
    const until = this.pauseUntil;
    if (until && until <= new Date().toISOString().slice(0, 10)) {
      this.fieldError = this.#l.strings.pauseDateInvalid;
      return;
    }
    this.fieldError = null;
    this.busy = 'pause';
    const result = await stores.pause(subscription.id, { resumesAt: until || null });
    this.busy = null;
    if (!result.ok) return this.#failed(result.error, 'subscription-manager:pause');
    await this.#completed(this.#l.strings.paused);
    this.dispatchEvent(new SubscriptionPausedEvent({ subscription: result.data, resumesAt: result.data.pause?.resumesAt ?? null }));
  }

  async #handleDirect(subscription: Subscription, action: DirectAction): Promise<void> {
    const stores = this.#stores;
    if (!stores || this.busy) return;
    const s = this.#l.strings;
    this.notice = null;
    this.busy = `${action}:${subscription.id}`;
    const result = await (action === 'resume' ? stores.resume(subscription.id) : action === 'skip' ? stores.skip(subscription.id) : stores.reactivate(subscription.id));
    this.busy = null;
    if (!result.ok) return this.#failed(result.error, `subscription-manager:${action}`);
    const updated = result.data;
    this.announcement = action === 'resume' ? s.resumed : action === 'skip' ? s.skippedDone : s.reactivated;
    await this.updateComplete;
    // The button that was pressed may be gone (Resume becomes Pause): keep focus on the subscription.
    const root = this.renderRoot as ShadowRoot;
    if (!root.activeElement) {
      this.renderRoot.querySelector<HTMLElement>(`[data-subscription="${updated.id}"] [part~="plan-name"]`)?.focus();
    }
    if (action === 'resume') this.dispatchEvent(new SubscriptionResumedEvent({ subscription: updated }));
    else if (action === 'skip') this.dispatchEvent(new SubscriptionChangedEvent({ subscription: updated, kind: 'skip', preview: null, invoiceId: null, offer: null }));
    else this.dispatchEvent(new SubscriptionReactivatedEvent({ subscription: updated }));
  }

  // ---- cancel flow ---------------------------------------------------------------------------------

  async #handleReason(event: Event): Promise<void> {
    event.preventDefault();
    const stores = this.#stores;
    const subscription = this.#subscription(this.targetId);
    if (!stores || !subscription || this.busy) return;
    if (!this.cancelReason) {
      this.fieldError = this.#l.strings.reasonRequired;
      return;
    }
    this.fieldError = null;
    this.busy = 'offers';
    const result = await stores.listRetentionOffers(subscription.id, this.cancelReason);
    this.busy = null;
    // Offers are a courtesy: if they cannot be loaded, the buyer still gets to cancel.
    this.offers = result.ok ? result.data : [];
    this.cancelStep = this.offers.length > 0 ? 'offers' : 'confirm';
    this.#focusStep = true;
  }

  async #handleAcceptOffer(offer: RetentionOffer): Promise<void> {
    const stores = this.#stores;
    const subscription = this.#subscription(this.targetId);
    if (!stores || !subscription || this.busy) return;
    this.busy = `offer:${offer.id}`;
    this.dialogError = null;
    const result = await stores.acceptOffer(subscription.id, offer.id);
    this.busy = null;
    if (!result.ok) return this.#failed(result.error, 'subscription-manager:offer');
    await this.#completed(format(this.#l.strings.offerAccepted, { title: offer.title }));
    this.dispatchEvent(new SubscriptionChangedEvent({ subscription: result.data, kind: 'retention_offer', preview: null, invoiceId: null, offer }));
  }

  #handleDeclineOffers(): void {
    this.cancelStep = 'confirm';
    this.#focusStep = true;
  }

  async #handleConfirmCancel(event: Event): Promise<void> {
    event.preventDefault();
    const stores = this.#stores;
    const subscription = this.#subscription(this.targetId);
    const reason = this.cancelReason;
    if (!stores || !subscription || !reason || this.busy) return;
    this.busy = 'cancel';
    this.dialogError = null;
    const feedback = this.feedback.trim();
    const when = this.cancelWhen;
    const result = await stores.cancel(subscription.id, { reason, when, ...(feedback ? { feedback } : {}) });
    this.busy = null;
    if (!result.ok) return this.#failed(result.error, 'subscription-manager:cancel');
    const s = this.#l.strings;
    const message = when === 'now' ? s.canceled : format(s.canceling, { date: date(result.data.currentPeriodEnd, this.#l.locale) });
    await this.#completed(message);
    this.dispatchEvent(new SubscriptionCanceledEvent({ subscription: result.data, reason, feedback: feedback || null, when }));
  }

  // ---- payment method ------------------------------------------------------------------------------

  /** Cards work with Stripe, or with the local engine in test mode; never as our own inputs in live mode. */
  get #cardsAvailable(): boolean {
    const merchant = this.#catalog.value.data?.merchant;
    return !!merchant && (merchant.engine === 'stripe' || merchant.mode === 'test');
  }

  #usesStripe(): boolean {
    return this.#catalog.value.data?.merchant.engine === 'stripe';
  }

  /** Mounts Stripe's Payment Element to save a card (a setup: nothing is charged). */
  async #mountStripe(): Promise<void> {
    const catalog = this.#catalog.value.data;
    await this.#paymentElement.mount(catalog?.stripePublishableKey ?? null, this.loadStripe, {
      currency: this.#session.value.data?.company.preferredCurrency ?? catalog?.defaultCurrency ?? 'usd',
    });
  }

  #handleCardInput(field: keyof TestCardInput, event: Event): void {
    this.card = { ...this.card, [field]: (event.target as HTMLInputElement).value };
    if (this.cardErrors[field]) this.cardErrors = { ...this.cardErrors, [field]: undefined };
  }

  #cardMessages(problems: TestCardProblems): Partial<Record<keyof TestCardInput, string>> {
    const s = this.#l.strings;
    const text = { number: s.testCardOnly, expiry: s.expiryInvalid, cvc: s.cvcInvalid } as const;
    return Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, text[problem]]));
  }

  async #handleSaveCard(event: Event): Promise<void> {
    event.preventDefault();
    const stores = this.#stores;
    if (!stores || this.busy) return;
    const s = this.#l.strings;
    let body: { testCard?: ReturnType<typeof toTestCard>; stripePaymentMethodId?: string };
    if (this.#usesStripe()) {
      this.busy = 'card';
      const card = await this.#paymentElement.collect();
      if (card.id === null) {
        this.busy = null;
        this.cardErrors = { stripe: card.message ?? s.cardLoadError };
        return;
      }
      body = { stripePaymentMethodId: card.id };
    } else {
      const problems = testCardProblems(this.card);
      this.cardErrors = this.#cardMessages(problems);
      if (Object.keys(problems).length > 0) {
        this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      body = { testCard: toTestCard(this.card) };
      this.busy = 'card';
    }
    this.dialogError = null;
    const setup = await stores.setupPaymentMethod(body);
    if (!setup.ok) {
      this.busy = null;
      if (setup.error.status === 402 && !this.#usesStripe()) {
        this.cardErrors = { cardNumber: s.cardDeclined };
        this.dispatchEvent(new SubkitErrorEvent({ error: setup.error, source: 'subscription-manager:payment-method' }));
        return;
      }
      return this.#failed(setup.error, 'subscription-manager:payment-method');
    }
    if (setup.data.status === 'requires_action' && setup.data.clientSecret && this.#paymentElement.stripe) {
      const confirmed = await this.#paymentElement.stripe.handleNextAction({ clientSecret: setup.data.clientSecret });
      if (confirmed.error) {
        this.busy = null;
        this.cardErrors = { stripe: confirmed.error.message ?? s.cardDeclined };
        return;
      }
    }
    const method = setup.data.paymentMethod;
    if (!method) {
      this.busy = null;
      this.dialogError = s.cardDeclined;
      return;
    }
    const made = method.isDefault ? { ok: true as const, data: method } : await stores.setDefaultPaymentMethod(method.id);
    this.busy = null;
    if (!made.ok) return this.#failed(made.error, 'subscription-manager:payment-method');
    await this.#completed(format(s.paymentUpdated, { card: this.#cardLabel(made.data) }));
    this.dispatchEvent(new PaymentMethodUpdatedEvent({ paymentMethod: made.data }));
  }

  // ---- pay now -------------------------------------------------------------------------------------

  async #handlePayInvoice(): Promise<void> {
    const stores = this.#stores;
    const subscription = this.#subscription(this.targetId);
    const invoice = subscription ? this.openInvoices[subscription.id] : null;
    if (!stores || !subscription || !invoice || this.busy) return;
    this.busy = 'pay';
    this.dialogError = null;
    const result = await stores.payInvoice(invoice.id);
    this.busy = null;
    if (!result.ok) return this.#failed(result.error, 'subscription-manager:pay');
    if (result.data.status === 'requires_action' && !this.#usesStripe()) {
      // The local engine's test processor asks for the bank's confirmation (SCA) before it pays.
      this.scaPayment = result.data;
      this.#focusStep = true;
      return;
    }
    await this.#paid(subscription, invoice, result.data);
  }

  async #handleSca(outcome: 'approve' | 'fail'): Promise<void> {
    const stores = this.#stores;
    const subscription = this.#subscription(this.targetId);
    const invoice = subscription ? this.openInvoices[subscription.id] : null;
    const pending = this.scaPayment;
    if (!stores || !subscription || !invoice || !pending || this.busy) return;
    this.busy = 'sca';
    const result = await stores.confirmPayment(pending.id, outcome);
    this.busy = null;
    this.scaPayment = null;
    if (!result.ok) return this.#failed(result.error, 'subscription-manager:pay');
    await this.#paid(subscription, invoice, result.data);
  }

  async #paid(subscription: Subscription, invoice: InvoiceSummary, payment: PaymentResult): Promise<void> {
    if (payment.status !== 'succeeded') {
      this.dialogError = this.#l.strings.payFailed;
      return;
    }
    this.openInvoices = { ...this.openInvoices, [subscription.id]: null };
    await this.#completed(format(this.#l.strings.paid, { number: invoice.number }));
    this.dispatchEvent(new InvoicePaidEvent({ invoiceId: invoice.id, payment, subscriptionId: subscription.id, number: invoice.number, amount: invoice.amountRemaining, currency: invoice.currency }));
  }

  #handleRetry(): void {
    void this.#stores?.loadSubscriptions();
    void this.#stores?.loadSession();
  }

  #handleRetryUsage(subscription: Subscription): void {
    void this.#stores?.loadUsage(subscription.id);
  }

  // ---- rendering -----------------------------------------------------------------------------------

  #cardLabel(method: PaymentMethod): string {
    if (!method.card) return method.type;
    const brand = method.card.brand.charAt(0).toUpperCase() + method.card.brand.slice(1);
    return format(this.#l.strings.cardLabel, { brand, last4: method.card.last4 });
  }

  #intervalLabel(interval: string): string {
    return (this.#l.strings as Record<string, string>)[`billedEvery_${interval}`] ?? interval;
  }

  protected override render(): TemplateResult {
    const s = this.#l.strings;
    const { data, error, loading } = this.#subscriptions.value;
    let body: TemplateResult;
    if (!this.subkit.hasSession) {
      body = html`<p part="note">${s.signInRequired}</p>`;
    } else if (!data && error) {
      body = html`<div part="error" role="alert">
        <p>${s.loadError} ${errorMessage(error, s)}</p>
        <button part="button retry" type="button" @click=${this.#handleRetry}>${s.retry}</button>
      </div>`;
    } else if (!data) {
      body = this.#renderSkeleton();
    } else if (data.length === 0) {
      const url = safeUrl(this.plansUrl);
      body = html`<div part="empty">
        <slot name="empty"><p>${s.empty}</p></slot>
        ${url ? html`<a part="button empty-cta" href=${url}>${s.browsePlans}</a>` : nothing}
      </div>`;
    } else {
      const sorted = [...data].sort((a, b) => Number(a.status === 'canceled') - Number(b.status === 'canceled'));
      body = html`${this.#session.value.data && !this.#canActAtAll ? html`<p part="note">${s.viewerNote}</p>` : nothing}
        <ul part="subscriptions" role="list">${sorted.map((sub) => this.#renderSubscription(sub))}</ul>`;
    }
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${loading || this.busy ? 'true' : 'false'}>
        <header part="header">
          <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
        </header>
        ${this.notice
          ? html`<div part="notice notice-${this.notice.kind}" role="alert">
              <p>${this.notice.text}</p>
              <button part="button button-link close" type="button" @click=${() => (this.notice = null)}>${s.close}</button>
            </div>`
          : nothing}
        ${body}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
      ${this.#renderDialog()}`;
  }

  #renderSkeleton(): TemplateResult {
    return html`<div class="visually-hidden" role="status">${this.#l.strings.loading}</div>
      <div part="subscriptions skeletons" aria-hidden="true">
        ${[0, 1].map(
          () => html`<div part="subscription subscription-skeleton">
            <span part="skeleton" style="block-size: 1.4em; inline-size: 40%"></span>
            <span part="skeleton" style="block-size: 5em"></span>
            <span part="skeleton" style="block-size: 2.6em; inline-size: 60%"></span>
          </div>`,
        )}
      </div>`;
  }

  #renderSubscription(sub: Subscription): TemplateResult {
    const s = this.#l.strings as SubscriptionManagerStrings & Record<string, string>;
    const ending = sub.cancelAtPeriodEnd && sub.status !== 'canceled';
    const titleId = `sub-${sub.id}-title`;
    const parts = ['subscription', `subscription-${sub.status.replace('_', '-')}`, ending ? 'subscription-ending' : ''].filter(Boolean).join(' ');
    return html`<li part=${parts} data-subscription=${sub.id}>
      <article aria-labelledby=${titleId}>
        <div part="subscription-header">
          <h3 part="plan-name" id=${titleId} tabindex="-1">${sub.planName}</h3>
          <span part="status status-${sub.status.replace('_', '-')}">${s[`status_${sub.status}`] ?? sub.status}</span>
          ${ending ? html`<span part="status status-ending">${s.status_ending}</span>` : nothing}
        </div>
        ${sub.status === 'past_due' ? this.#renderPastDue(sub) : nothing} ${this.#renderDetails(sub)} ${this.#renderUsage(sub)} ${this.#renderActions(sub)}
      </article>
    </li>`;
  }

  #renderPastDue(sub: Subscription): TemplateResult {
    const s = this.#l.strings;
    const invoice = this.openInvoices[sub.id];
    // Billed by invoice, nothing failed: the invoice is overdue. It can still be paid by card, when there is one.
    const invoiced = sub.collectionMethod === 'send_invoice';
    const hasCard = !!this.#paymentMethods.value.data?.some((m) => m.isDefault);
    const canPay = this.#can('invoices:pay') && !!invoice && (!invoiced || hasCard);
    const amount = invoice ? money(invoice.amountRemaining, invoice.currency, this.#l.locale) : '';
    const text = !invoice
      ? format(invoiced ? s.pastDueInvoicedNoInvoice : s.pastDueNoInvoice, { plan: sub.planName })
      : invoiced
        ? format(s.pastDueInvoiced, { plan: sub.planName, amount, number: invoice.number })
        : format(s.pastDue, { plan: sub.planName, amount });
    return html`<div part="banner banner-past-due" role="alert">
      <p>${text}</p>
      ${canPay ? html`<button part="button pay-now" type="button" @click=${(e: Event) => this.#openPay(sub, e)}>${invoiced ? s.payByCard : s.payNow}</button>` : nothing}
    </div>`;
  }

  #renderDetails(sub: Subscription): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const plan = this.#plan(sub);
    const rows: [string, TemplateResult | string][] = [];
    const items = sub.items.filter((i) => i.model.type !== 'metered');
    rows.push([
      s.items,
      html`<ul part="items" role="list">
        ${items.map((i) => html`<li part="item">${i.description}</li>`)}
        ${sub.addOns.map((a) => html`<li part="item item-addon">${this.#addOnItem(sub, a)}</li>`)}
      </ul>`,
    ]);
    if (plan?.quantity || sub.items.some((i) => i.unitLabel && i.model.type !== 'metered')) {
      rows.push([plan?.quantity ? format(s.quantity, { unit: unitsLabel(plan.quantity) }) : s.seats, count(sub.quantity, locale)]);
    }
    rows.push([s.billing, this.#intervalLabel(sub.recurring.interval)]);
    if (sub.status !== 'canceled') {
      rows.push([s.currentPeriod, format(s.periodRange, { start: date(sub.currentPeriodStart, locale), end: date(sub.currentPeriodEnd, locale) })]);
      rows.push([
        s.nextInvoice,
        sub.nextInvoice ? format(s.nextInvoiceValue, { amount: money(sub.nextInvoice.amountDue, sub.currency, locale), date: date(sub.nextInvoice.date, locale) }) : s.noNextInvoice,
      ]);
    }
    if (sub.status === 'trialing' && sub.trialEnd) rows.push([s.trialEnds, date(sub.trialEnd, locale)]);
    if (sub.status === 'paused' && sub.pause) rows.push([s.pausedUntil, sub.pause.resumesAt ? date(sub.pause.resumesAt, locale) : s.pausedIndefinitely]);
    if (sub.cancelAtPeriodEnd && sub.status !== 'canceled') rows.push([s.endsOn, date(sub.currentPeriodEnd, locale)]);
    if (sub.status === 'canceled' && sub.endedAt) rows.push([s.endedOn, date(sub.endedAt, locale)]);
    if (sub.skippedPeriods.length > 0) rows.push([s.skipped, sub.skippedPeriods.map((p) => date(p, locale)).join(', ')]);
    if (sub.discount?.percentOff) {
      rows.push([
        s.discount,
        sub.discount.periodsRemaining
          ? format(s.discountPeriods, { percent: sub.discount.percentOff, periods: sub.discount.periodsRemaining })
          : format(s.discountPercent, { percent: sub.discount.percentOff }),
      ]);
    }
    if (sub.status !== 'canceled') rows.push([s.paymentMethod, this.#paymentLabel(sub)]);
    if (sub.poNumber) rows.push([s.poNumber, sub.poNumber]);
    return html`<dl part="details">
      ${rows.map(([term, value]) => html`<div part="detail"><dt part="detail-term">${term}</dt><dd part="detail-value">${value}</dd></div>`)}
    </dl>`;
  }

  /** An add-on of the subscription: its name, with how many when it is bought in any number ("3 trackers"). */
  #addOnItem(sub: Subscription, item: Subscription['addOns'][number]): string {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const addOn = this.#product(sub)?.addOns.find((a) => a.id === item.addOnId);
    if (addOn?.quantityMode === 'quantity' && addOn.unitLabel) {
      return format(s.itemUnits, { description: item.name, count: count(item.quantity, locale), unit: unitFor(item.quantity, addOn, locale) });
    }
    return item.quantity > 1 ? format(s.itemQuantity, { description: item.name, quantity: count(item.quantity, locale) }) : item.name;
  }

  #paymentLabel(sub: Subscription): string {
    const s = this.#l.strings;
    if (sub.collectionMethod === 'send_invoice') return format(s.payByInvoice, { days: sub.paymentTermsDays ?? 0 });
    const methods = this.#paymentMethods.value.data ?? [];
    const method = methods.find((m) => m.id === sub.defaultPaymentMethodId) ?? methods.find((m) => m.isDefault);
    return method ? this.#cardLabel(method) : '—';
  }

  #renderUsage(sub: Subscription): TemplateResult | typeof nothing {
    if (!sub.items.some((i) => i.model.type === 'metered') || !LIVE.includes(sub.status)) return nothing;
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const remote = this.#usage.value[sub.id];
    const usage = remote?.data;
    const titleId = `usage-${sub.id}`;
    if (!usage) {
      return html`<div part="usage" role="group" aria-labelledby=${titleId}>
        <h4 part="usage-title" id=${titleId}>${s.usage}</h4>
        ${remote?.error
          ? html`<p part="field-error">${s.usageError}</p>
              <button part="button button-secondary retry" type="button" @click=${() => this.#handleRetryUsage(sub)}>${s.retry}</button>`
          : html`<p part="hint" role="status">${s.usageLoading}</p><span part="skeleton" style="block-size: 0.8em"></span>`}
      </div>`;
    }
    const near = usage.metrics.filter((m) => m.included > 0 && m.used / m.included >= this.nudgeAt);
    const upgrade = this.#canChange(sub) ? this.#upgradePlan(sub) : null;
    return html`<div part="usage" role="group" aria-labelledby=${titleId}>
      <h4 part="usage-title" id=${titleId}>${s.usage}</h4>
      ${usage.metrics.map((m) => {
        const id = `usage-${sub.id}-${m.metric}`;
        const percent = m.included > 0 ? Math.round((m.used / m.included) * 100) : 0;
        return html`<div part="usage-metric">
          <span part="usage-label" id="${id}-label">${m.description}</span>
          <meter
            part="meter"
            min="0"
            max=${Math.max(m.included, m.used, 1)}
            low=${Math.round(m.included * this.nudgeAt)}
            high=${m.included}
            optimum="0"
            .value=${m.used}
            aria-labelledby="${id}-label"
            aria-describedby="${id}-figures"
          ></meter>
          <p part="usage-figures" id="${id}-figures">
            ${this.#usageOf(sub, m.metric, m.used, m.included)} ·
            ${format(s.usagePercent, { percent: count(percent, locale) })}
          </p>
          <p part="usage-projection">
            ${format(s.usageProjected, { date: date(usage.periodEnd, locale), projected: count(m.projected, locale), amount: money(m.projectedAmount, usage.currency, locale) })}
          </p>
        </div>`;
      })}
      <p part="projected-total">${format(s.projectedTotal, { amount: money(usage.projectedTotal, usage.currency, locale) })}</p>
      ${near.length > 0
        ? html`<div part="nudge">
            <p>${format(s.nudge, { percent: count(Math.round((near[0]!.used / near[0]!.included) * 100), locale), description: near[0]!.description })}</p>
            ${upgrade
              ? html`<button part="button upgrade" type="button" @click=${(e: Event) => this.#openChange(sub, e, upgrade.id)}>${format(s.upgradeTo, { plan: upgrade.name })}</button>`
              : nothing}
          </div>`
        : nothing}
    </div>`;
  }

  /** "8,500 of 10,000 calls used", with the metered item's unit for the allowance's count when the catalog names it. */
  #usageOf(sub: Subscription, metric: string, used: number, included: number): string {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const item = sub.items.find((i) => (i.metric ?? i.priceItemId) === metric);
    const values = { used: count(used, locale), included: count(included, locale) };
    return item?.unitLabel ? format(s.usageOfUnits, { ...values, unit: unitFor(included, item, locale) }) : format(s.usageOf, values);
  }

  #renderActions(sub: Subscription): TemplateResult | typeof nothing {
    const s = this.#l.strings;
    const buttons: TemplateResult[] = [];
    const running = (action: DirectAction) => this.busy === `${action}:${sub.id}`;
    const direct = (action: DirectAction, label: string) =>
      html`<button
        part="button button-secondary action-${action}"
        type="button"
        ?disabled=${this.busy !== null}
        aria-busy=${running(action) ? 'true' : 'false'}
        @click=${() => this.#handleDirect(sub, action)}
      >
        ${label}
      </button>`;
    const ending = sub.cancelAtPeriodEnd;
    if (this.#canChange(sub)) {
      buttons.push(html`<button part="button action-change" type="button" ?disabled=${this.busy !== null} @click=${(e: Event) => this.#openChange(sub, e)}>${s.change}</button>`);
    }
    if (this.#can('subscriptions:pause')) {
      if ((sub.status === 'active' || sub.status === 'trialing') && !ending) {
        buttons.push(
          html`<button part="button button-secondary action-pause" type="button" ?disabled=${this.busy !== null} @click=${(e: Event) => this.#openPause(sub, e)}>${s.pause}</button>`,
        );
        buttons.push(direct('skip', s.skip));
      }
      if (sub.status === 'paused') buttons.push(direct('resume', s.resume));
    }
    if (this.#can('payment_methods:manage') && sub.status !== 'canceled' && sub.collectionMethod === 'charge_automatically') {
      buttons.push(
        html`<button part="button button-secondary action-payment" type="button" ?disabled=${this.busy !== null} @click=${(e: Event) => this.#openPayment(e)}>${s.updatePayment}</button>`,
      );
    }
    if (this.#can('subscriptions:cancel')) {
      if (ending && sub.status !== 'canceled') buttons.push(direct('reactivate', s.reactivate));
      else if (LIVE.includes(sub.status) && !ending) {
        buttons.push(
          html`<button part="button button-danger action-cancel" type="button" ?disabled=${this.busy !== null} @click=${(e: Event) => this.#openCancel(sub, e)}>${s.cancel}</button>`,
        );
      }
    }
    if (buttons.length === 0) return nothing;
    return html`<div part="actions" role="group" aria-label=${format(s.actions, { plan: sub.planName })}>${buttons}</div>`;
  }

  #renderDialog(): TemplateResult | typeof nothing {
    if (!this.dialog) return nothing;
    const subscription = this.#subscription(this.targetId);
    let content: TemplateResult | typeof nothing = nothing;
    if (this.dialog === 'change' && subscription) content = this.changeStep === 'form' ? this.#renderChangeForm(subscription) : this.#renderPreview(subscription);
    else if (this.dialog === 'pause' && subscription) content = this.#renderPauseForm(subscription);
    else if (this.dialog === 'cancel' && subscription) content = this.#renderCancel(subscription);
    else if (this.dialog === 'payment') content = this.#renderPaymentForm();
    else if (this.dialog === 'pay' && subscription) content = this.#renderPay(subscription);
    return html`<dialog
      part="dialog dialog-${this.dialog}"
      dir=${this.#l.dir}
      lang=${this.#l.locale}
      aria-labelledby="dialog-title"
      aria-busy=${this.busy ? 'true' : 'false'}
      @cancel=${this.#handleDialogCancel}
      @close=${this.#handleDialogClosed}
    >
      ${content}
    </dialog>`;
  }

  #dialogError(): TemplateResult {
    return html`<p part="dialog-error field-error" role="alert">${this.dialogError ?? ''}</p>`;
  }

  #closeButton(label = this.#l.strings.close): TemplateResult {
    return html`<button part="button button-secondary close" type="button" ?disabled=${this.busy !== null} @click=${() => this.#closeDialog()}>${label}</button>`;
  }

  #renderChangeForm(sub: Subscription): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const form = this.changeForm;
    const choices = this.#planChoices(sub);
    const choice = choices.find((c) => c.plan.id === form.planId);
    const rule = choice?.plan.quantity ?? null;
    const addOns = this.#addOnChoices(sub, form);
    const { change, quantityError, addOnErrors } = this.#changeRequest(sub);
    const invalid = !!quantityError || Object.keys(addOnErrors).length > 0;
    const hint = rule
      ? rule.maximum === null
        ? format(s.quantityMin, { min: count(rule.minimum, locale) })
        : format(s.quantityRange, { min: count(rule.minimum, locale), max: count(rule.maximum, locale) })
      : '';
    return html`<form part="dialog-body" novalidate @submit=${this.#handleReview}>
      <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${format(s.changeTitle, { plan: sub.planName })}</h3>
      <div part="field">
        <label part="label" for="change-plan">${s.plan}</label>
        <select part="select" id="change-plan" @change=${(e: Event) => this.#handleChangeField('planId', e)}>
          ${choices.map((c) => html`<option .value=${c.plan.id} ?selected=${c.plan.id === form.planId}>${c.plan.name}</option>`)}
        </select>
      </div>
      <div part="field">
        <label part="label" for="change-interval">${s.interval}</label>
        <select part="select" id="change-interval" @change=${(e: Event) => this.#handleChangeField('interval', e)}>
          ${(choice?.intervals ?? []).map((i) => html`<option .value=${i} ?selected=${i === form.interval}>${this.#intervalLabel(i)}</option>`)}
        </select>
      </div>
      ${rule
        ? html`<div part="field">
            <label part="label" for="change-quantity">${format(s.quantity, { unit: unitsLabel(rule) })}</label>
            <input
              part="input"
              id="change-quantity"
              type="number"
              inputmode="numeric"
              step="1"
              min=${rule.minimum}
              max=${rule.maximum ?? nothing}
              .value=${form.quantity}
              aria-invalid=${quantityError ? 'true' : 'false'}
              aria-describedby="change-quantity-hint change-quantity-error"
              @input=${(e: Event) => this.#handleChangeField('quantity', e)}
            />
            <span part="hint" id="change-quantity-hint">${hint}</span>
            <span part="field-error" id="change-quantity-error">${quantityError ?? ''}</span>
          </div>`
        : nothing}
      ${addOns.length > 0
        ? html`<fieldset part="fieldset">
            <legend part="label">${s.addOns}</legend>
            ${addOns.map((choice) => this.#renderOfferedAddOn(choice, addOnErrors[choice.addOn.id]))}
          </fieldset>`
        : nothing}
      ${change || invalid ? nothing : html`<p part="hint" id="no-change">${s.noChange}</p>`} ${this.#dialogError()}
      <div part="dialog-actions">
        <button part="button confirm" type="submit" ?disabled=${!change || this.busy !== null} aria-describedby=${change || invalid ? nothing : 'no-change'}>
          ${this.busy === 'preview' ? s.previewing : s.reviewChange}
        </button>
        ${this.#closeButton()}
      </div>
    </form>`;
  }

  /** One add-on of the change form: a checkbox (on/off, per seat) or a quantity input (0 leaves it out). */
  #renderOfferedAddOn({ addOn, price }: OfferedAddOn, error: string | undefined): TemplateResult {
    const id = `addon-${addOn.id}`;
    const raw = this.changeForm.addOns[addOn.id];
    const label = format(this.#l.strings.addOnPrice, { name: addOn.name, amount: this.#addOnPrice(addOn, price) });
    if (addOn.quantityMode !== 'quantity') {
      return html`<label part="option add-on">
        <input part="add-on-toggle" type="checkbox" id=${id} .checked=${raw !== undefined} @change=${(e: Event) => this.#handleAddOnField(addOn, e)} />
        ${label}
      </label>`;
    }
    return html`<div part="option add-on add-on-quantity-row">
      <input
        part="input add-on-quantity"
        id=${id}
        type="number"
        inputmode="numeric"
        min="0"
        max=${MAX_ADD_ON_QUANTITY}
        step="1"
        .value=${raw ?? '0'}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby="${id}-error"
        @input=${(e: Event) => this.#handleAddOnField(addOn, e)}
      />
      <label for=${id}>${label}</label>
      <span part="field-error" id="${id}-error">${error ?? ''}</span>
    </div>`;
  }

  /** An add-on's list price per period: per seat follows the plan's seats; one bought in any number is priced per unit. */
  #addOnPrice(addOn: AddOn, price: OfferedAddOn['price']): string {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const m = price.model;
    const cost = (amount: number) => money(amount, price.currency, locale);
    const per = (amount: number) =>
      addOn.quantityMode === 'per_seat'
        ? format(s.addOnPerSeat, { price: cost(amount) })
        : addOn.unitLabel
          ? format(s.addOnPerUnit, { price: cost(amount), unit: addOn.unitLabel })
          : format(s.addOnEach, { price: cost(amount) });
    const amount =
      m.type === 'flat'
        ? cost(m.amount)
        : m.type === 'package'
          ? format(s.addOnPerPackage, { price: cost(m.packageAmount), size: count(m.packageSize, locale) })
          : m.type === 'graduated' || m.type === 'volume'
            ? format(s.addOnFrom, { price: per(Math.min(...m.tiers.map((t) => t.unitAmount))) })
            : per(m.unitAmount);
    return format((s as Record<string, string>)[`addOnPer_${price.recurring.interval}`] ?? '{price}', { price: amount });
  }

  #renderPreview(sub: Subscription): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const preview = this.preview!;
    const m = (amount: number) => money(amount, preview.currency, locale);
    // Billed by invoice: a change is invoiced with the subscription's payment terms, nothing is charged now.
    const invoiced = sub.collectionMethod === 'send_invoice' && preview.amountDueNow > 0;
    const days = sub.paymentTermsDays ?? 0;
    const dueLabel = !invoiced ? s.dueNow : days > 0 ? format(plural(s, 'invoicedNow', days, locale), { days: count(days, locale) }) : s.invoicedNowDueToday;
    const confirmLabel = preview.amountDueNow > 0 && !invoiced ? format(s.confirmPay, { amount: m(preview.amountDueNow) }) : s.confirmChange;
    return html`<div part="dialog-body">
      <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${s.previewTitle}</h3>
      <p part="hint">
        ${preview.effective === 'now' ? format(s.previewSummary, { date: date(preview.prorationDate, locale) }) : s.previewEffectiveEnd}
        ${invoiced ? s.previewInvoiced : nothing}
      </p>
      <table part="preview-lines">
        <caption class="visually-hidden">${format(s.changeTitle, { plan: sub.planName })}</caption>
        <thead>
          <tr>
            <th scope="col">${s.line}</th>
            <th scope="col">${s.linePeriod}</th>
            <th scope="col">${s.amount}</th>
          </tr>
        </thead>
        <tbody>
          ${preview.prorationLines.map(
            (line) => html`<tr part="preview-line preview-line-${line.kind}">
              <th scope="row">
                <span class="visually-hidden">${line.kind === 'credit' ? s.creditLine : s.chargeLine}:</span>
                ${line.description}
              </th>
              <td>${format(s.periodRange, { start: date(line.periodStart, locale), end: date(line.periodEnd, locale) })}</td>
              <td><bdi>${m(line.amount)}</bdi></td>
            </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr part="preview-total"><th scope="row" colspan="2">${s.subtotal}</th><td><bdi>${m(preview.subtotal)}</bdi></td></tr>
          ${preview.discountTotal > 0
            ? html`<tr part="preview-total"><th scope="row" colspan="2">${s.discountTotal}</th><td><bdi>${m(-preview.discountTotal)}</bdi></td></tr>`
            : nothing}
          <tr part="preview-total"><th scope="row" colspan="2">${s.tax}</th><td><bdi>${m(preview.tax)}</bdi></td></tr>
          <tr part=${invoiced ? 'preview-total preview-due preview-invoiced' : 'preview-total preview-due'}>
            <th scope="row" colspan="2">${dueLabel}</th>
            <td><bdi>${m(preview.amountDueNow)}</bdi></td>
          </tr>
          ${preview.creditCreated > 0
            ? html`<tr part="preview-total preview-credit"><th scope="row" colspan="2">${s.creditCreated}</th><td><bdi>${m(preview.creditCreated)}</bdi></td></tr>`
            : nothing}
        </tfoot>
      </table>
      <p part="preview-next">${format(s.nextInvoiceTotal, { date: date(preview.nextInvoice.date, locale) })}: ${m(preview.nextInvoice.total)}</p>
      ${this.#dialogError()}
      <div part="dialog-actions">
        <button part="button confirm" type="button" ?disabled=${this.busy !== null} @click=${this.#handleConfirmChange}>
          ${this.busy === 'apply' ? s.applying : confirmLabel}
        </button>
        <button part="button button-secondary back" type="button" ?disabled=${this.busy !== null} @click=${this.#handleBackToForm}>${s.back}</button>
      </div>
    </div>`;
  }

  #renderPauseForm(sub: Subscription): TemplateResult {
    const s = this.#l.strings;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    return html`<form part="dialog-body" novalidate @submit=${this.#handlePause}>
      <h3 part="dialog-title" id="dialog-title">${format(s.pauseTitle, { plan: sub.planName })}</h3>
      <p>${s.pauseBody}</p>
      <div part="field">
        <label part="label" for="pause-until">${s.pauseUntil}</label>
        <input
          part="input"
          id="pause-until"
          type="date"
          min=${tomorrow}
          .value=${this.pauseUntil}
          aria-invalid=${this.fieldError ? 'true' : 'false'}
          aria-describedby="pause-until-hint pause-until-error"
          @input=${(e: Event) => {
            this.pauseUntil = (e.target as HTMLInputElement).value;
            this.fieldError = null;
          }}
        />
        <span part="hint" id="pause-until-hint">${s.pauseUntilHint}</span>
        <span part="field-error" id="pause-until-error">${this.fieldError ?? ''}</span>
      </div>
      ${this.#dialogError()}
      <div part="dialog-actions">
        <button part="button confirm" type="submit" ?disabled=${this.busy !== null}>${s.confirmPause}</button>
        ${this.#closeButton()}
      </div>
    </form>`;
  }

  #renderCancel(sub: Subscription): TemplateResult {
    const s = this.#l.strings as SubscriptionManagerStrings & Record<string, string>;
    if (this.cancelStep === 'reason') {
      return html`<form part="dialog-body" novalidate @submit=${this.#handleReason}>
        <h3 part="dialog-title" id="dialog-title">${format(s.cancelTitle, { plan: sub.planName })}</h3>
        <fieldset part="fieldset" aria-describedby="reason-error">
          <legend part="label">${s.cancelReason}</legend>
          ${CANCEL_REASONS.map(
            (reason) => html`<label part="option">
              <input
                type="radio"
                name="reason"
                .value=${reason}
                .checked=${this.cancelReason === reason}
                @change=${() => {
                  this.cancelReason = reason;
                  this.fieldError = null;
                }}
              />
              ${s[`reason_${reason}`]}
            </label>`,
          )}
          <span part="field-error" id="reason-error">${this.fieldError ?? ''}</span>
        </fieldset>
        <div part="field">
          <label part="label" for="cancel-feedback">${s.feedback}</label>
          <textarea part="textarea" id="cancel-feedback" maxlength="2000" rows="3" .value=${this.feedback} @input=${(e: Event) => (this.feedback = (e.target as HTMLTextAreaElement).value)}></textarea>
        </div>
        ${this.#dialogError()}
        <div part="dialog-actions">
          <button part="button confirm" type="submit" ?disabled=${this.busy !== null}>${s.continue}</button>
          ${this.#closeButton(s.keep)}
        </div>
      </form>`;
    }
    if (this.cancelStep === 'offers') {
      return html`<div part="dialog-body">
        <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${s.offersTitle}</h3>
        <p>${s.offersBody}</p>
        <ul part="offers" role="list">
          ${this.offers.map(
            (offer) => html`<li part="offer offer-${offer.type}">
              <h4 part="offer-title" id="offer-${offer.id}">${offer.title}</h4>
              <p part="offer-description">${offer.description}</p>
              <button
                part="button accept-offer"
                type="button"
                ?disabled=${this.busy !== null}
                aria-describedby="offer-${offer.id}"
                @click=${() => this.#handleAcceptOffer(offer)}
              >
                ${s.acceptOffer}
              </button>
            </li>`,
          )}
        </ul>
        ${this.#dialogError()}
        <div part="dialog-actions">
          <button part="button button-secondary decline-offers" type="button" ?disabled=${this.busy !== null} @click=${this.#handleDeclineOffers}>${s.declineOffers}</button>
          ${this.#closeButton(s.keep)}
        </div>
      </div>`;
    }
    const end = date(sub.currentPeriodEnd, this.#l.locale);
    return html`<form part="dialog-body" novalidate @submit=${this.#handleConfirmCancel}>
      <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${s.confirmCancelTitle}</h3>
      <fieldset part="fieldset">
        <legend class="visually-hidden">${s.confirmCancelTitle}</legend>
        <label part="option">
          <input type="radio" name="when" value="period_end" .checked=${this.cancelWhen === 'period_end'} @change=${() => (this.cancelWhen = 'period_end')} />
          ${format(s.whenPeriodEnd, { date: end })}
        </label>
        <label part="option">
          <input type="radio" name="when" value="now" .checked=${this.cancelWhen === 'now'} @change=${() => (this.cancelWhen = 'now')} />
          ${s.whenNow}
        </label>
      </fieldset>
      ${this.#dialogError()}
      <div part="dialog-actions">
        <button part="button button-danger confirm" type="submit" ?disabled=${this.busy !== null}>${s.confirmCancel}</button>
        ${this.#closeButton(s.keep)}
      </div>
    </form>`;
  }

  #cardField(field: keyof TestCardInput, label: string, autocomplete: string, inputmode: string | null): TemplateResult {
    const error = this.cardErrors[field];
    return html`<div part="field">
      <label part="label" for=${field}>${label}</label>
      <input
        part="input"
        id=${field}
        name=${field}
        type="text"
        autocomplete=${autocomplete}
        inputmode=${inputmode ?? nothing}
        required
        .value=${this.card[field]}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby="${field}-error"
        @input=${(e: Event) => this.#handleCardInput(field, e)}
      />
      <span part="field-error" id="${field}-error">${error ?? ''}</span>
    </div>`;
  }

  #renderPaymentForm(): TemplateResult {
    const s = this.#l.strings;
    let fields: TemplateResult;
    if (!this.#cardsAvailable) {
      fields = html`<p part="hint">${s.cardUnavailable}</p>`;
    } else if (this.#usesStripe()) {
      fields = html`<div part="stripe">
        ${this.#paymentElement.state === 'loading' ? html`<p part="hint" role="status">${s.cardLoading}</p>` : nothing}
        ${this.#paymentElement.state === 'error' ? html`<p part="field-error" role="alert">${s.cardLoadError}</p>` : nothing}
        <slot name="payment-element"></slot>
        <span part="field-error" role="alert">${this.cardErrors.stripe ?? ''}</span>
      </div>`;
    } else {
      fields = html`<div part="test-mode" role="group" aria-labelledby="test-mode-badge test-mode-hint">
        <p part="test-mode-badge" id="test-mode-badge">${s.testMode}</p>
        <p part="hint" id="test-mode-hint">${s.testModeHint}</p>
        <ul part="test-cards">
          ${HINT_CARDS.map((card) => html`<li><code>${card.number}</code> — ${s[card.outcome]}</li>`)}
        </ul>
        ${this.#cardField('cardNumber', s.cardNumber, 'cc-number', 'numeric')}
        <div part="field-row">
          ${this.#cardField('cardExpiry', s.cardExpiry, 'cc-exp', null)} ${this.#cardField('cardCvc', s.cardCvc, 'cc-csc', 'numeric')}
        </div>
      </div>`;
    }
    return html`<form part="dialog-body" novalidate @submit=${this.#handleSaveCard}>
      <h3 part="dialog-title" id="dialog-title">${s.paymentTitle}</h3>
      <p>${s.paymentBody}</p>
      ${fields} ${this.#dialogError()}
      <div part="dialog-actions">
        ${this.#cardsAvailable
          ? html`<button part="button confirm" type="submit" ?disabled=${this.busy !== null || (this.#usesStripe() && this.#paymentElement.state !== 'ready')}>
              ${this.busy === 'card' ? s.saving : s.saveCard}
            </button>`
          : nothing}
        ${this.#closeButton()}
      </div>
    </form>`;
  }

  #renderPay(sub: Subscription): TemplateResult {
    const s = this.#l.strings;
    const invoice = this.openInvoices[sub.id];
    if (!invoice) return html`<div part="dialog-body"><h3 part="dialog-title" id="dialog-title">${s.payNow}</h3>${this.#closeButton()}</div>`;
    const amount = money(invoice.amountRemaining, invoice.currency, this.#l.locale);
    if (this.scaPayment) {
      return html`<div part="dialog-body">
        <h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${s.scaTitle}</h3>
        <p>${format(s.scaBody, { amount })}</p>
        <p part="hint">${s.scaTestNote}</p>
        <div part="dialog-actions">
          <button part="button confirm sca-approve" type="button" ?disabled=${this.busy !== null} @click=${() => this.#handleSca('approve')}>${s.scaApprove}</button>
          <button part="button button-secondary sca-fail" type="button" ?disabled=${this.busy !== null} @click=${() => this.#handleSca('fail')}>${s.scaFail}</button>
        </div>
      </div>`;
    }
    const methods = this.#paymentMethods.value.data ?? [];
    const method = methods.find((m) => m.isDefault);
    return html`<div part="dialog-body">
      <h3 part="dialog-title" id="dialog-title">${format(s.payTitle, { number: invoice.number })}</h3>
      <p>${format(s.payBody, { amount, method: method ? this.#cardLabel(method) : s.payDefaultMethod })}</p>
      ${this.#dialogError()}
      <div part="dialog-actions">
        <button part="button confirm" type="button" ?disabled=${this.busy !== null} @click=${this.#handlePayInvoice}>
          ${this.busy === 'pay' ? s.paying : format(s.confirmPayInvoice, { amount })}
        </button>
        ${this.#closeButton()}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-subscription-manager': SubkitSubscriptionManager;
  }
}
