import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { InvoiceSummary, PaymentMethod, Subscription } from '@subkit/core';
import {
  catalogStore, idle, sessionStore, subscriptionsStore, usageStore, type Remote,
} from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import type { StoreBinding } from '../internal/client-controller.js';
import { askCatalogIn } from '../internal/catalog-locale.js';
import { LocaleController } from '../internal/locale-controller.js';
import { RemoteTask } from '../internal/remote-task.js';
import { safeUrl } from '../internal/format.js';
import { loadStripeLazily, type StripeLoader } from '../internal/payment-element.js';
import { subscriptionManagerLocales, type ManagerListStrings, type SubscriptionManagerStrings } from '../locales/subscription-manager.js';
import type { PlanSelectedDetail } from '../events/plan-picker.js';
import { canChange, findPlan, inCatalogLanguage, productOf, upgradePlan } from '../rules/catalog.js';
import { can, cardsAvailable, hasEnded, isLive } from '../rules/selectors.js';
import { emptyState, errorState, roleNote } from '../templates/states.js';
import { tokens } from '../styles/tokens.js';
import { shared } from '../styles/shared.js';
import { styles } from './subscription-manager.styles.js';
import type { DialogsView, ManagerContext } from './manager-dialog.js';
import { DialogsLoader } from './dialogs-loader.js';
import type { Flows } from './flows.js';
import { listSkeleton, owesPayment, subscriptionItem, type SubscriptionContext } from './subscription.templates.js';
import type { DirectAction, ProposedChange } from './subscription-manager.types.js';

type SideStoresModule = typeof import('./side-stores.js');
/**
 * The side stores' code once a manager fetched it: a manager added later (a page navigating back to it) binds them
 * before its first render, so what the stores already hold (a banner's amount, the payment line) shows in the first frame.
 */
let sideStores: SideStoresModule | null = null;

/**
 * All of the buyer company's subscriptions with their status, items, seats, next invoice and usage
 * against the allowance (with the projected bill and a nudge to upgrade near the limit), and the
 * self-service actions the buyer's role allows: change plan, seats, interval or add-ons behind a preview
 * of the exact proration and the amount due now; pause until a date, resume, skip the next period;
 * cancel through reason → retention offer → confirm, and reactivate; update the payment method; pay the
 * open invoice of a past-due subscription, or the first payment of an incomplete one (a checkout whose bank
 * confirmation was left unanswered). A conflicting change by someone else reloads and says so.
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
 * @fires subkit-approval-requested - A change was submitted for a billing admin's approval instead (the company's purchasing policy asks for it): `{ requestId, request }`.
 * @fires subkit-invoice-paid - An open invoice was paid: `{ invoiceId, payment, subscriptionId }`.
 * @fires subkit-error - Loading or an action failed (a 409 conflict too): `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart header - The heading row; `title` the heading.
 * @csspart notice - A message above the list: what a change, pause or payment did (`notice-success`), the conflict explanation (`notice-conflict`), `notice-error`.
 * @csspart note - Role notes (a viewer cannot act).
 * @csspart subscriptions - The list; `subscription` each item, plus `subscription-<status>` and `subscription-ending`.
 * @csspart subscription-header - Plan name and status; `plan-name`, `status` (and `status-<status>`, `status-ending`).
 * @csspart banner - The banner of a payment due: `banner-past-due`, `banner-unpaid` once the retries ran out and the subscription is on hold, or `banner-incomplete` for a first payment not made yet; `next-retry` when the card is charged again.
 * @csspart details - The definition list of a subscription; `detail` each row, `detail-term`, `detail-value`, `items` (`item`, `item-addon`), `trial-note` (a trial without a card).
 * @csspart usage - The usage block; `usage-title`, `usage-metric`, `usage-label`, `meter`, `usage-figures`, `usage-projection`, `projected-total`.
 * @csspart nudge - The upgrade nudge near the allowance.
 * @csspart actions - The action buttons of a subscription.
 * @csspart button - Every button; also `button-secondary`, `button-danger`, `button-link`, and one part per action (`action-change`, `action-pause`, `action-resume`, `action-skip`, `action-cancel`, `action-reactivate`, `action-payment`, `pay-now`, `upgrade`, `retry`, `confirm`, `back`, `close`, `accept-offer`, `decline-offers`, `sca-approve`, `sca-fail`).
 * @csspart dialog - The modal dialog; also `dialog-change`, `dialog-pause`, `dialog-cancel`, `dialog-payment`, `dialog-pay`.
 * @csspart dialog-title - The dialog heading; `dialog-body`, `dialog-actions`, `dialog-error`.
 * @csspart pause-prepaid - In the pause dialog: what happens to the period already paid for.
 * @csspart field - A form field; `label`, `input`, `select`, `textarea`, `hint`, `field-error`, `fieldset`, `option`.
 * @csspart add-on - An add-on of the change form (also `option`); `add-on-toggle` its checkbox, `add-on-quantity` the quantity input of one bought in any number.
 * @csspart preview-headline - The change and what it costs now in one sentence, above the preview's lines.
 * @csspart preview-lines - The proration table; `preview-line` (`preview-line-credit`, `preview-line-charge`), `preview-total`, `preview-tax` (the tax's name and rate), `preview-due` (also `preview-invoiced` when billed by invoice), `preview-next`.
 * @csspart tax-note - Why a 0% VAT line has no VAT (reverse charge, outside the EU).
 * @csspart offers - The retention offers; `offer` each, `offer-title`, `offer-description`.
 * @csspart test-mode - The TEST MODE card form; `test-mode-badge`, `test-cards`.
 * @csspart stripe - The Stripe Payment Element container.
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - The empty (or signed-out) state; `empty-cta` its link.
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
  static override properties: PropertyDeclarations = {
    nudgeAt: { type: Number, attribute: 'nudge-at' },
    plansUrl: { attribute: 'plans-url' },
    strings: { attribute: false },
    loadStripe: { attribute: false },
    change: { attribute: false },
  };

  readonly #l = new LocaleController<ManagerListStrings>(this, subscriptionManagerLocales);
  readonly #subscriptions = this.subkit.bind((c) => subscriptionsStore(c).$subscriptions, idle());
  readonly #session = this.subkit.bind((c) => sessionStore(c).$session, idle());
  readonly #catalog = this.subkit.bind((c) => catalogStore(c).$catalog, idle());
  readonly #usage = this.subkit.bind((c) => usageStore(c).$usage, {});
  /** The invoices and payment methods stores, once their code is there (side-stores.ts), with what the list shows of them bound. */
  #side: {
    invoices: SideStoresModule['invoicesStore'];
    open: StoreBinding<Record<string, InvoiceSummary | null>>;
    paymentMethods: StoreBinding<Remote<PaymentMethod[]>>;
    defaultMethod: StoreBinding<PaymentMethod | null>;
  } | null = null;
  #sideFetch: Promise<void> | null = null;
  /** The company's subscriptions (the session, catalog and payment methods load as their stores are bound). */
  readonly #data = new RemoteTask(this, {
    args: () => (this.subkit.client && this.subkit.hasSession ? ([subscriptionsStore(this.subkit.client), sessionStore(this.subkit.client)] as const) : null),
    task: ([subscriptions, session], { rerun }) => {
      void subscriptions.loadSubscriptions();
      this.#fetchSideStores();
      if (rerun) void session.loadSession();
    },
    value: () => this.#subscriptions.value,
    source: 'subscription-manager:subscriptions',
    // Asking marks the list loading, nothing `willUpdate` derives from: it shows in the same update.
    beforeRender: true,
  });
  readonly #context: ManagerContext = {
    host: this,
    client: () => this.subkit.client,
    strings: () => this.#l.strings,
    locale: () => this.#l.locale,
    catalog: () => this.#catalog.value.data,
    subscription: (id) => {
      const sub = this.#subscriptions.value.data?.find((s) => s.id === id);
      return sub ? inCatalogLanguage(sub, this.#catalog.value.data) : null;
    },
    busy: () => this.#busy,
    dialogClosed: () => this.#flows?.paymentElement.unmount(),
  };
  readonly #dialogs = new DialogsLoader(this);
  /** The flows (change, pause, cancel, payment method, pay now): made when the dialogs' code is there. */
  #flows: Flows | null = null;

  /** Share of a metered allowance (0–1) from which the upgrade nudge shows. */
  nudgeAt = 0.8;
  /** Where the empty state's call to action leads (the pricing page); no link when unset. */
  declare plansUrl?: string;
  /** Overrides of the locale's strings, e.g. `{ title: 'Billing' }`. */
  declare strings?: Partial<SubscriptionManagerStrings>;
  /** Loads Stripe.js; replace it to use an already loaded Stripe or, in tests, a fake. */
  loadStripe: StripeLoader = loadStripeLazily;
  /**
   * A change to preview, as the plan picker's `subkit-plan-selected` detail: setting it opens the change
   * preview of `subscriptionId` with the detail's plan, interval and quantity (the subscription keeps its
   * add-ons). Ignored while `subscriptionId` is null (a new purchase, not a change).
   */
  declare change?: (Pick<PlanSelectedDetail, 'subscriptionId' | 'planId' | 'recurring' | 'quantity'> & Partial<PlanSelectedDetail>) | null;

  /** A direct action running (`resume:sub_1`): nothing else starts meanwhile. */
  #running: string | null = null;
  /** Usage and open invoices asked for, per subscription (the open invoice per version: a payment changes it). */
  #usageRequested = new Set<string>();
  #invoicesRequested = new Map<string, number>();
  #sideDataClient: unknown = null;

  /**
   * Opens the change dialog of a subscription with a proposed change and shows the server's exact
   * preview of it (proration lines, what is due or invoiced now), for the buyer to confirm or adjust.
   * Waits for the subscriptions to load. Resolves `true` once the preview shows, `false` when it cannot.
   */
  previewChange(subscriptionId: string, change: ProposedChange): Promise<boolean> {
    // The dialogs' code (the flow that takes the proposal) could not be fetched: no preview shows.
    return this.#dialogs.ready().then((view) => this.#flowsOf(view).change.propose(subscriptionId, change), () => false);
  }

  /** The flows, made once with the dialogs' code. */
  #flowsOf(view: DialogsView): Flows {
    return (this.#flows ??= view.createFlows(this.#context, this.#dialogs, {
      session: () => this.#session.value.data,
      openInvoice: (s) => this.#openInvoices[s.id] ?? null,
      currency: () => this.#session.value.data?.company.preferredCurrency ?? this.#catalog.value.data?.defaultCurrency ?? 'usd',
      loadStripe: () => this.loadStripe,
    }));
  }

  /**
   * Opens a flow's dialog from its button, once the dialogs' code is there (the widget is busy meanwhile); when it
   * cannot be fetched, focus stays on the button and the widget says so, with a retry.
   */
  #open(event: Event, open: (flows: Flows, from: HTMLElement | null) => void): void {
    const from = event.currentTarget instanceof HTMLElement ? event.currentTarget : null;
    const view = this.#dialogs.view.view;
    if (view) return open(this.#flowsOf(view), from);
    this.#dialogs.unavailable = null;
    const retry = () => void this.#dialogs.ready().then(
      (loaded) => open(this.#flowsOf(loaded), from),
      () => {
        from?.focus();
        this.#dialogs.viewUnavailable(retry, 'subscription-manager:dialog');
      },
    );
    retry();
  }

  /**
   * Fetches the side stores' code alongside the subscriptions (a failed fetch is tried with the next load), then binds
   * them: the payment methods load, and a past-due subscription's banner speaks once its open invoice is here (or
   * without it, when the fetch failed).
   */
  #fetchSideStores(): void {
    if (this.#side) return;
    if (sideStores) return this.#bindSideStores(sideStores);
    this.#sideFetch ??= import('./side-stores.js').then(
      (module) => this.#bindSideStores((sideStores = module)),
      () => {
        this.#sideFetch = null;
        this.requestUpdate();
      },
    );
  }

  #bindSideStores({ invoicesStore, paymentMethodsStore }: SideStoresModule): void {
    this.#side = {
      invoices: invoicesStore,
      open: this.subkit.bind((c) => invoicesStore(c).$openInvoices, {}),
      paymentMethods: this.subkit.bind((c) => paymentMethodsStore(c).$paymentMethods, idle()),
      defaultMethod: this.subkit.bind((c) => paymentMethodsStore(c).$defaultPaymentMethod, null),
    };
    this.requestUpdate();
  }

  /** The open invoice of each subscription that owes a payment (`owesPayment`), once loaded. */
  get #openInvoices(): Record<string, InvoiceSummary | null> {
    return this.#side?.open.value ?? {};
  }

  /** The company's default payment method, once loaded. */
  get #defaultMethod(): PaymentMethod | null {
    return this.#side?.defaultMethod.value ?? null;
  }

  get #busy(): boolean {
    return this.#running !== null || !!this.#flows?.busy;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Started before rendering, so this update shows what they change (the catalog asked in the widget's
    // language; Stripe's Payment Element loading once the dialog's code is there; usage and open invoices
    // asked for), not one more asked for while it completes.
    askCatalogIn(this, this.subkit.use(catalogStore), this.#l.locale);
    this.#flows?.card.mount();
    this.#loadSideData();
    // The picker's add-ons are the checkout draft's, not a choice about this subscription: they are left out.
    const picked = this.change;
    if (changed.has('change') && picked?.subscriptionId) void this.previewChange(picked.subscriptionId, { planId: picked.planId, recurring: picked.recurring, quantity: picked.quantity });
    // Taken before rendering, so the dialog opens in this very update.
    const [subscriptions, catalog, session] = [this.#subscriptions.value, this.#catalog.value, this.#session.value];
    this.#flows?.change.takeProposal({ ready: !!(subscriptions.data && catalog.data && session.data), failed: !!(subscriptions.error || catalog.error || session.error) });
  }

  protected override updated(): void {
    const { data, error } = this.#subscriptions.value;
    // A buyer who may act on the list gets the dialogs' code while reading it.
    if (data?.length && this.#canActAtAll) this.#dialogs.prepare();
    this.setStates({
      loading: this.subkit.hasSession && !data && !error,
      error: !!error && !data,
      empty: !!data && data.length === 0,
      busy: this.#busy || this.#dialogs.view.pending,
      'past-due': !!data?.some((s) => s.status === 'past_due'),
    });
  }

  /** Usage of metered live subscriptions and the open invoice of those owing a payment, each loaded once per state. */
  #loadSideData(): void {
    const client = this.subkit.client;
    if (!client) return;
    if (this.#sideDataClient !== client) {
      this.#sideDataClient = client;
      this.#usageRequested.clear();
      this.#invoicesRequested.clear();
    }
    for (const subscription of this.#subscriptions.value.data ?? []) {
      if (subscription.items.some((i) => i.model.type === 'metered') && isLive(subscription) && !this.#usageRequested.has(subscription.id)) {
        this.#usageRequested.add(subscription.id);
        void usageStore(client).loadUsage(subscription.id);
      }
      if (this.#side && owesPayment(subscription) && this.#invoicesRequested.get(subscription.id) !== subscription.version) {
        this.#invoicesRequested.set(subscription.id, subscription.version);
        void this.#side.invoices(client).loadOpenInvoice(subscription.id);
      }
    }
  }

  /**
   * Resume, skip the next period, or withdraw a scheduled cancellation: no dialog, nothing is charged. What it
   * sends comes with the dialogs' code (fetched on idle while the buyer reads the list).
   */
  async #handleDirect(subscription: Subscription, action: DirectAction): Promise<void> {
    if (!this.subkit.client || this.#busy) return;
    this.#dialogs.notice = null;
    this.#dialogs.unavailable = null;
    this.#running = `${action}:${subscription.id}`;
    this.requestUpdate();
    const settled = () => {
      this.#running = null;
      this.requestUpdate();
    };
    const view = await this.#dialogs.ready().catch(() => null);
    if (view) return view.direct(this.#context, this.#flowsOf(view).dialog, subscription, action, settled);
    settled();
    this.#dialogs.viewUnavailable(() => void this.#handleDirect(subscription, action), `subscription-manager:${action}`);
  }

  #subscriptionContext(): SubscriptionContext {
    const session = this.#session.value.data;
    const catalog = this.#catalog.value.data;
    return {
      s: this.#l.strings,
      locale: this.#l.locale,
      nudgeAt: this.nudgeAt,
      product: (sub) => productOf(catalog, sub),
      plan: (sub) => findPlan(catalog, sub.planId),
      usage: this.#usage.value,
      openInvoices: this.#openInvoices,
      invoicesPending: !!(this.#side ?? this.#sideFetch),
      paymentMethods: this.#side?.paymentMethods.value.data ?? [],
      defaultMethod: this.#defaultMethod,
      may: {
        change: (sub) => canChange(session, catalog, sub),
        pause: can(session, 'subscriptions:pause'),
        cancel: can(session, 'subscriptions:cancel'),
        managePayment: can(session, 'payment_methods:manage'),
        pay: can(session, 'invoices:pay'),
      },
      upgradePlan: (sub) => upgradePlan(catalog, sub),
      busy: this.#busy,
      running: this.#running,
      onChange: (sub, event, planId) => this.#open(event, (f, from) => f.change.open(sub, from, planId)),
      onPause: (sub, event) => this.#open(event, (f, from) => f.pause.open(sub, from)),
      onCancel: (sub, event) => this.#open(event, (f, from) => f.cancel.open(sub, from)),
      onPayment: (event) => this.#open(event, (f, from) => f.card.open(from)),
      onPay: (sub, event) => this.#open(event, (f, from) => f.pay.open(sub, from)),
      onDirect: (sub, action) => void this.#handleDirect(sub, action),
      onRetryUsage: (sub) => void this.subkit.use(usageStore)?.loadUsage(sub.id),
    };
  }

  get #canActAtAll(): boolean {
    const session = this.#session.value.data;
    return (['subscriptions:change', 'subscriptions:pause', 'subscriptions:cancel', 'payment_methods:manage', 'invoices:pay'] as const).some((p) => can(session, p));
  }

  protected override render(): TemplateResult {
    const s = this.#l.strings;
    const { loading } = this.#subscriptions.value;
    let body: TemplateResult | undefined;
    if (!this.subkit.hasSession) {
      body = emptyState(s.signInRequired);
    } else {
      body = this.#data.render({
        initial: () => listSkeleton(s),
        pending: () => listSkeleton(s),
        error: (error) => errorState(s.loadError, error, s, () => this.#data.run()),
        complete: (data) => {
          if (data.length === 0) {
            const url = safeUrl(this.plansUrl);
            return html`<div part="empty">
              <slot name="empty"><p>${s.empty}</p></slot>
              ${url ? html`<a part="button empty-cta" href=${url}>${s.browsePlans}</a>` : nothing}
            </div>`;
          }
          const c = this.#subscriptionContext();
          const sorted = [...data].sort((a, b) => Number(hasEnded(a)) - Number(hasEnded(b)));
          return html`${this.#session.value.data && !this.#canActAtAll ? roleNote(s.viewerNote) : nothing}
            <ul part="subscriptions" role="list">${sorted.map((sub) => subscriptionItem(inCatalogLanguage(sub, this.#catalog.value.data), c))}</ul>`;
        },
      });
    }
    const notice = this.#dialogs.notice;
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${loading || this.#busy || this.#dialogs.view.pending ? 'true' : 'false'}>
        <header part="header">
          <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
        </header>
        ${notice
          ? html`<div part="notice notice-${notice.kind}" role="alert">
              <p>${notice.text}</p>
              <button part="button button-link close" type="button" @click=${() => ((this.#dialogs.notice = null), this.requestUpdate())}>${s.close}</button>
            </div>`
          : nothing}
        ${this.#dialogs.unavailable ? errorState(s.dialogError, this.#dialogs.unavailable.error, s, () => this.#dialogs.retry()) : nothing}
        <div part=${this.#dialogs.announcement.length > 0 ? 'notice notice-success' : 'announcer'} role="status" aria-live="polite">
          ${this.#dialogs.announcement.length > 0 ? html`<p>${this.#dialogs.announcement}</p>` : nothing}
        </div>
        ${body}
      </section>
      ${this.#renderDialog()}`;
  }

  #renderDialog(): TemplateResult | typeof nothing {
    const view = this.#dialogs.view.view;
    if (!view || !this.#flows) return nothing;
    const merchant = this.#catalog.value.data?.merchant;
    return view.managerDialog(this.#flows, {
      locale: this.#l.locale,
      dir: this.#l.dir,
      busy: this.#busy,
      cards: { available: !!merchant && cardsAvailable(merchant), stripe: merchant?.payments === 'stripe' },
      openInvoices: this.#openInvoices,
      defaultMethod: this.#defaultMethod,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-subscription-manager': SubkitSubscriptionManager;
  }
}
