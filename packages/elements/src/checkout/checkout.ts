import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { AddOn, Plan, PurchaseApprovalCheck, Recurring } from '@subkit/core';
import { catalogStore, checkoutStore, draftStore, emptyDraft, idle, sessionStore } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { askCatalogIn } from '../internal/catalog-locale.js';
import { LocaleController } from '../internal/locale-controller.js';
import { RemoteTask } from '../internal/remote-task.js';
import { loadStripeLazily, type StripeLoader } from '../internal/stripe-loader.js';
import { checkoutLocales, type CheckoutFormStrings, type CheckoutStrings } from '../locales/checkout.js';
import type { PlanSelectedDetail } from '../events/plan-picker.js';
import { addOnsFor, type OfferedAddOn } from '../rules/add-ons.js';
import { cardsAvailable, mayBuy } from '../rules/selectors.js';
import { emptyState, errorState, loadingState, roleNote, skeleton } from '../templates/states.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './checkout.styles.js';
import { CheckoutForm, type Values } from './checkout-form.js';
import { CheckoutPurchase } from './checkout-purchase.js';
import type { ApprovalStep } from './approval.view.js';
import { checkoutForm, checkoutSkeleton, orderSummary, submitArea, type CheckoutContext } from './checkout.templates.js';
import type { CheckoutField, PaymentChoice } from './checkout.types.js';

const MONTHLY: Recurring = { interval: 'month', intervalCount: 1 };

/**
 * Buys the plan in the shared checkout draft (chosen in `<subkit-plan-picker>`, or named by the
 * `plan`/`interval`/`currency`/`quantity` attributes or the `selection` property): the server's order
 * summary, a promo code, seats, the company's billing details with a tax ID checked as typed, and
 * the add-ons sold with the plan (re-priced by the server as they are chosen), and
 * payment by card (Stripe's Payment Element, or a TEST MODE card form on the local test engine, with
 * the SCA step) or by invoice with a PO number. One Idempotency-Key per attempt: a double click or a
 * retry never buys twice.
 *
 * @slot heading - Replaces the default heading ("Checkout").
 * @slot empty - Shown when no plan is chosen (e.g. a link back to the pricing page).
 * @slot payment-element - Filled by the widget itself with Stripe's Payment Element (Stripe mounts into light DOM).
 *
 * @fires subkit-checkout-completed - A subscription was bought: `{ subscription, invoiceId }`.
 * @fires subkit-purchase-requested - The purchase was sent for a billing admin's approval instead (the company's purchasing policy asks for it): `{ requestId, request }`.
 * @fires subkit-error - Pricing or payment failed: `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart title - The heading.
 * @csspart layout - The two-column grid: the form, and `side` — the summary, then `submit-area` with the order button (below the form on a phone); `side` sticks below `--subkit-sticky-top`.
 * @csspart form - The form; `section` each fieldset, `section-title` their legends.
 * @csspart field - A label + control + message; `label`, `input`, `select`, `hint`, `field-error`.
 * @csspart add-ons - The add-ons fieldset (also a `section`).
 * @csspart add-on - One add-on; also `add-on-selected` when chosen.
 * @csspart add-on-toggle - The checkbox of an on/off or per-seat add-on.
 * @csspart add-on-quantity - The quantity input of an add-on bought in any number (0 leaves it out).
 * @csspart add-on-name - The add-on's name (its control's label).
 * @csspart add-on-description - The add-on's description.
 * @csspart add-on-price - The add-on's price in the chosen currency and period.
 * @csspart summary - The order summary; `summary-line`, `summary-tax` (the tax's name and rate, "VAT 19%"), `summary-total`, `due-today` (what is charged or invoiced today), `next-invoice`, `trial-note`.
 * @csspart tax-note - Why a 0% VAT line has no VAT (reverse charge, outside the EU).
 * @csspart promo - The promo code row; `promo-message` (`promo-valid`, `promo-invalid`).
 * @csspart payment-choice - The card/invoice radio group; `payment-option`.
 * @csspart test-mode - The TEST MODE card form; `test-mode-badge`, `test-cards`.
 * @csspart net-terms - The pay-by-invoice terms.
 * @csspart button - Every button; `submit`, `retry`, `promo-apply`.
 * @csspart form-error - The message above the submit button.
 * @csspart sca-dialog - The SCA challenge dialog.
 * @csspart approval - The review step when a billing admin must approve the purchase (in place of the order button): `approval-title`, `approval-reason` (the order's amount and the limit it passes, or the role), `approval-total` (the exact total due today), the PO number, `textarea` (the note), `submit` ("Submit for approval"); `approval-card` replaces the card form.
 * @csspart plan-not-allowed - In place of the order summary when the company's purchasing policy does not include the plan (also `error`).
 * @csspart request-sent - The confirmation that the purchase was sent for approval (also `success`).
 * @csspart success - What was bought; `success-add-ons` lists the add-ons, `success-invoice` what was invoiced or charged today (number, amount, PO, due date).
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - No plan chosen / not signed in.
 * @csspart note - The role note when the buyer's role may not buy (a viewer); no form is shown then.
 * @csspart error - The summary could not be loaded.
 *
 * @cssprop [--subkit-color-primary=#3a4bd8] - Buttons, focus ring.
 * @cssprop [--subkit-color-background=#ffffff] - Widget background.
 * @cssprop [--subkit-color-surface=#f6f7f9] - Summary and sections.
 * @cssprop [--subkit-color-text=#161a23] - Text.
 * @cssprop [--subkit-color-muted=#5a6172] - Secondary text.
 * @cssprop [--subkit-color-border=#d5d9e1] - Borders.
 * @cssprop [--subkit-color-warning=#8a5a00] - The TEST MODE marking.
 * @cssprop [--subkit-color-danger=#b42318] - Errors.
 * @cssprop [--subkit-radius=10px] - Radius.
 * @cssprop [--subkit-spacing=8px] - The spacing unit.
 * @cssprop [--subkit-sticky-top=8px] - How far below the viewport's top the order summary sticks: the height of the page's own sticky header.
 * @cssprop [--subkit-font-family=system-ui] - Font.
 *
 * @cssstate loading - The order summary is loading.
 * @cssstate error - The order summary failed.
 * @cssstate empty - No plan chosen.
 * @cssstate busy - A payment is being processed.
 * @cssstate success - The subscription was bought.
 */
export class SubkitCheckout extends SubkitElement {
  static override styles = [tokens, styles];
  static override properties: PropertyDeclarations = {
    plan: {},
    interval: {},
    currency: {},
    quantity: { type: Number },
    selection: { attribute: false },
    paymentMethod: { attribute: 'payment-method' },
    strings: { attribute: false },
    loadStripe: { attribute: false },
  };

  readonly #l = new LocaleController<CheckoutFormStrings>(this, checkoutLocales);
  readonly #catalog = this.subkit.bind((c) => catalogStore(c).$catalog, idle());
  readonly #session = this.subkit.bind((c) => sessionStore(c).$session, idle());
  readonly #draft = this.subkit.bind((c) => draftStore(c).$checkoutDraft, emptyDraft());
  readonly #order = this.subkit.bind((c) => checkoutStore(c).$order, {});
  readonly #preview = this.subkit.bind((c) => checkoutStore(c).$checkoutPreview, idle());
  /** A submission of the shared draft, whoever started it: the checkout is busy while it runs. */
  readonly #submission = this.subkit.bind((c) => checkoutStore(c).$checkoutResult, idle());
  /** The order summary: priced again whenever the order changes (and a buyer who may buy is known). */
  readonly #summary = new RemoteTask(this, {
    args: () => {
      const client = this.subkit.client;
      // Priced only once the catalog names the default currency the draft may leave open, and the
      // session says who buys: a viewer's checkout asks the server for nothing.
      if (!client || !this.#draft.value.planId || !this.subkit.hasSession || !this.#catalog.value.data || this.#done) return null;
      if (this.#sessionPending || !this.#canBuy) return null;
      // What is priced: the order (not how it is paid), compared by value.
      return [checkoutStore(client), JSON.stringify(this.#order.value)] as const;
    },
    task: ([checkout]) => checkout.previewCheckout(),
    value: () => this.#preview.value,
    source: 'checkout:preview',
    // Asking marks the preview loading, nothing `willUpdate` derives from: it shows in the same update (which
    // also sees the draft `willUpdate` just seeded).
    beforeRender: true,
  });
  readonly #form = new CheckoutForm(this, {
    strings: () => this.#strings,
    locale: () => this.#l.locale,
    method: () => this.#method,
    cardErrors: (): Partial<Record<CheckoutField, string>> => (!this.#usesStripe && !this.#approval && this.#purchase.card?.problems(this.#strings)) || {},
    cardPending: (): boolean => this.#paysByCard && !this.#purchase.card && !this.#purchase.cardUnavailable,
    plan: () => this.#plan(this.#draft.value.planId),
  });
  readonly #purchase = new CheckoutPurchase(
    this,
    {
      client: () => this.subkit.client,
      checkout: () => this.subkit.use(checkoutStore),
      strings: () => this.#strings,
      method: () => this.#method,
      stripe: () => this.#usesStripe,
      shown: (field) => this.#isShown(field),
      needsApproval: () => this.#summary.run(),
    },
    this.#form,
  );
  /**
   * The governed purchase (issue #17), fetched when a preview first says the company's purchasing policy has a
   * say: undefined until then, null while it is fetched.
   */
  #step?: ApprovalStep | null;

  /** Plan to buy (its id); seeds the shared draft, e.g. on a checkout page reached by a link. */
  declare plan?: string;
  /** Billing interval of the plan to buy: `month`, `quarter` or `year`. */
  declare interval?: Recurring['interval'];
  /** Currency of the plan to buy (ISO 4217). */
  declare currency?: string;
  /** Seats/units of the plan to buy. */
  declare quantity?: number;
  /** The plan to buy as `<subkit-plan-picker>`'s `subkit-plan-selected` detail; seeds the shared draft. */
  declare selection?: Pick<PlanSelectedDetail, 'planId' | 'currency' | 'recurring' | 'quantity'> &
    Partial<Pick<PlanSelectedDetail, 'addOns'>>;
  /** The payment choice offered first: `card` (default) or `invoice` (B2B stores whose buyers mostly pay by invoice). */
  declare paymentMethod?: PaymentChoice;
  /** Overrides of the locale's strings. */
  declare strings?: Partial<CheckoutStrings>;
  /** Loads Stripe.js; replace it to use an already loaded Stripe or, in tests, a fake. */
  loadStripe: StripeLoader = loadStripeLazily;

  #seeded = '';
  #seededMethod: PaymentChoice | undefined;

  /** The strings to render: the widget's, and the card code's English ones once that code is here. */
  get #strings(): CheckoutStrings {
    return this.#purchase.strings(this.#l.strings);
  }

  // What changes a store (the catalog asked in the widget's language, the Payment Element loading) starts here,
  // before rendering: this update shows it, instead of one more asked for while it completes.
  protected override willUpdate(): void {
    askCatalogIn(this, this.subkit.use(catalogStore), this.#l.locale);
    // The card's code is fetched as soon as the buyer is to pay by card (the choice offered first): with the session, not after it.
    if (this.#paysByCard) this.#purchase.loadCard();
    // Stripe's Payment Element, for what is due today (a setup when nothing is).
    const [catalog, preview] = [this.#catalog.value.data, this.#preview.value.data];
    if (this.#showsStripe) this.#purchase.card?.mount(catalog?.stripePublishableKey ?? null, this.loadStripe, preview?.currency ?? this.#draft.value.currency ?? catalog?.defaultCurrency ?? 'usd', preview?.amountDueToday ?? 0);
    const session = this.#session.value.data;
    if (session) this.#form.prefill(session);
    this.#seedDraft();
    this.#pruneAddOns();
  }

  protected override updated(): void {
    // What reads Place order's answer arrives while the buyer fills the form, not with the first render.
    if (this.#draft.value.planId && this.#canBuy) this.#purchase.prepare();
    const preview = this.#preview.value;
    if (this.#step === undefined && (this.#approval || preview.error?.code === 'plan_not_allowed')) {
      this.#step = null;
      // Offline or blocked: tried again on the next update.
      import('./approval.view.js').then((view) => (this.#step = new view.ApprovalStep(this, this.#purchase, this.#form)), () => (this.#step = undefined));
    }
    // Focus moves to the step's notice once it shows (the buyer pressed Place order and reads what happened).
    const notice = this.#refusedNow?.focused === false ? this.renderRoot.querySelector<HTMLElement>('#approval-notice') : null;
    if (notice) {
      this.#refusedNow!.focused = true;
      notice.focus();
    }
    this.setStates({
      loading: !!this.#draft.value.planId && this.#canBuy && !preview.data && !preview.error,
      error: !!preview.error && !preview.data,
      empty: !this.#draft.value.planId,
      busy: this.#busy,
      success: this.#done,
    });
  }

  /** Writes the `selection` / attribute choice into the shared draft once per distinct choice. */
  #seedDraft(): void {
    const draft = this.subkit.use(draftStore);
    if (!draft) return;
    if (this.paymentMethod && this.paymentMethod !== this.#seededMethod) {
      this.#seededMethod = this.paymentMethod;
      draft.updateDraft({ paymentMethod: this.paymentMethod });
    }
    const quantity = this.quantity && Number.isInteger(this.quantity) && this.quantity > 0 ? this.quantity : undefined;
    const recurring = this.interval ? { interval: this.interval, intervalCount: 1 } : undefined;
    const chosen = this.selection ?? (this.plan ? { planId: this.plan, currency: this.currency || undefined, recurring, quantity } : null);
    const key = chosen ? JSON.stringify(chosen) : '';
    if (!chosen || key === this.#seeded || this.#done) return;
    this.#seeded = key;
    draft.updateDraft({
      planId: chosen.planId,
      currency: chosen.currency ?? null,
      recurring: (chosen.recurring as Recurring | undefined) ?? MONTHLY,
      quantity: chosen.quantity ?? this.#plan(chosen.planId)?.quantity?.default ?? null,
      addOns: 'addOns' in chosen && chosen.addOns ? chosen.addOns : [],
    });
  }

  /** The add-ons sold with the draft's plan in its currency and billing interval. */
  #offeredAddOns(): OfferedAddOn[] {
    const draft = this.#draft.value;
    const catalog = this.#catalog.value.data;
    return addOnsFor(catalog, draft.planId, draft.currency ?? catalog?.defaultCurrency ?? '', draft.recurring ?? MONTHLY);
  }

  /** Drops chosen add-ons the plan, currency or interval no longer offers: the server would refuse the order. */
  #pruneAddOns(): void {
    const draft = this.#draft.value;
    if (!draft.addOns.length || !this.#catalog.value.data) return;
    const offered = new Set(this.#offeredAddOns().map((o) => o.addOn.id));
    if (draft.addOns.some((a) => !offered.has(a.addOnId))) this.subkit.use(draftStore)?.updateDraft({ addOns: draft.addOns.filter((a) => offered.has(a.addOnId)) });
  }

  #plan(planId: string | null | undefined): Plan | null {
    for (const product of this.#catalog.value.data?.products ?? []) for (const plan of product.plans) if (plan.id === planId) return plan;
    return null;
  }

  /** The payment choice: the draft's, unless this merchant cannot take cards here or the company may not pay by invoice. */
  get #method(): PaymentChoice {
    if (!this.#cardsAvailable) return 'invoice';
    return this.#draft.value.paymentMethod === 'invoice' && this.#invoiceAllowed ? 'invoice' : 'card';
  }

  get #cardsAvailable(): boolean {
    return cardsAvailable(this.#catalog.value.data?.merchant);
  }

  /** Whether the company may pay by invoice: the server's latest preview says so, else the session's company does. */
  get #invoiceAllowed(): boolean {
    return this.#preview.value.data?.invoiceAllowed ?? this.#session.value.data?.company.invoiceAllowed ?? false;
  }

  /** False when the buyer's role may not buy (a viewer): a note replaces the form. */
  get #canBuy(): boolean {
    return mayBuy(this.#session.value.data);
  }

  /** The buyer session is still loading: neither the role nor the payment terms are known yet. */
  get #sessionPending(): boolean {
    const { data, error } = this.#session.value;
    return this.subkit.hasSession && !data && !error;
  }

  get #usesStripe(): boolean {
    return this.#catalog.value.data?.merchant.payments === 'stripe';
  }

  /** The buyer is to pay by card (or may, once the session says the role may buy). */
  get #paysByCard(): boolean {
    return !this.#purchase.completed && this.#canBuy && this.#method === 'card' && !this.#approval;
  }

  get #showsStripe(): boolean {
    return this.#paysByCard && !this.#sessionPending && this.#usesStripe;
  }

  /** The purchasing policy's check when a billing admin must approve this purchase (the latest preview's, or Place order's refusal), else null. */
  get #approval(): PurchaseApprovalCheck | null {
    const approval = this.#preview.value.data?.approval;
    return approval?.required ? approval : (this.#refusedNow?.check ?? null);
  }

  /** Place order's refusal for approval, while the order is the one refused. */
  get #refusedNow() {
    const refused = this.#purchase.refusedForApproval;
    return refused?.order === JSON.stringify(this.#order.value) ? refused : null;
  }

  get #busy(): boolean {
    return this.#purchase.busy || this.#purchase.cardView.pending || this.#submission.value.loading || !!this.#step?.busy;
  }

  /** Bought, or sent for approval. */
  get #done(): boolean {
    return !!this.#purchase.completed || !!this.#step?.sent;
  }

  #isShown(field: CheckoutField): boolean {
    if (field === 'poNumber' || field === 'invoiceEmail') return this.#method === 'invoice';
    if (field === 'cardNumber' || field === 'cardExpiry' || field === 'cardCvc') return this.#method === 'card';
    if (field === 'quantity') return !!this.#plan(this.#draft.value.planId)?.quantity;
    return true;
  }

  #handleQuantity = (plan: Plan, event: Event): void => {
    const quantity = this.#form.quantity(plan, event);
    if (quantity !== null) this.subkit.use(draftStore)?.updateDraft({ quantity });
  };

  /** Takes a checked box or a valid quantity (on `change`) into the draft's add-ons, in catalog order. */
  #handleAddOn = (addOn: AddOn, event: Event): void => {
    const quantity = this.#form.addOn(addOn, event);
    if (quantity === null) return;
    const chosen = new Map(this.#draft.value.addOns.map((a) => [a.addOnId, a]));
    if (quantity > 0) chosen.set(addOn.id, addOn.quantityMode === 'quantity' ? { addOnId: addOn.id, quantity } : { addOnId: addOn.id });
    else chosen.delete(addOn.id);
    this.subkit.use(draftStore)?.updateDraft({ addOns: this.#offeredAddOns().flatMap((o) => chosen.get(o.addOn.id) ?? []) });
  };

  #handleMethod = (event: Event): void => {
    this.subkit.use(draftStore)?.updateDraft({ paymentMethod: (event.target as HTMLInputElement).value as PaymentChoice });
  };

  #handlePromo = (event: Event): void => {
    event.preventDefault();
    this.#form.setError('promoCode', undefined);
    this.subkit.use(draftStore)?.updateDraft({ promoCode: this.#form.values.promoInput.trim() || null });
  };

  #handleRemovePromo = (): void => {
    this.#form.input('promoInput', { target: { value: '' } } as unknown as Event);
    this.subkit.use(draftStore)?.updateDraft({ promoCode: null });
  };

  #handleSubmit = (event: Event): void => {
    event.preventDefault();
    void (this.#approval ? this.#step?.submit() : this.#purchase.submit());
  };

  #context(): CheckoutContext {
    const draft = this.#draft.value;
    const preview = this.#preview.value.data;
    const card = this.#purchase.card;
    return {
      s: this.#strings,
      locale: this.#l.locale,
      form: this.#form,
      plan: this.#plan(draft.planId),
      catalog: this.#catalog.value.data,
      quantity: draft.quantity,
      chosenAddOns: new Map(draft.addOns.map((a) => [a.addOnId, a])),
      offeredAddOns: this.#offeredAddOns(),
      method: this.#method,
      cardsAvailable: this.#cardsAvailable,
      invoiceAllowed: this.#invoiceAllowed,
      stripe: this.#usesStripe ? (card?.element.state ?? 'idle') : null,
      card,
      cardUnavailable: this.#purchase.cardUnavailable,
      onCardRetry: () => this.#purchase.retryCard(),
      paymentTermsDays: preview?.paymentTermsDays ?? this.#session.value.data?.company.paymentTermsDays ?? null,
      approvalCard: this.#approval ? (this.#step?.strings.approvalCard ?? '') : null,
      busy: this.#busy,
      formError: this.#purchase.message,
      onInput: (field: keyof Values, event: Event) => this.#form.input(field, event),
      onBlur: (field: CheckoutField) => this.#form.blur(field),
      onQuantity: this.#handleQuantity,
      onAddOn: this.#handleAddOn,
      onMethod: this.#handleMethod,
      onSubmit: this.#handleSubmit,
      onPromo: this.#handlePromo,
      onRemovePromo: this.#handleRemovePromo,
    };
  }

  protected override render(): TemplateResult {
    const c = this.#context();
    const { s } = c;
    const completed = this.#purchase.completed;
    const sent = this.#step?.sent;
    let body: TemplateResult;
    // What was bought (its view fetched on completion; offline, the title alone).
    if (completed) body = this.#purchase.view?.successView(c, completed, this.#plan(completed.subscription.planId), this.#preview.value.data) ?? html`<h3 part="success">${s.successTitle}</h3>`;
    else if (sent) body = this.#step!.sentView();
    else if (!this.#canBuy) body = roleNote(s.viewerNote);
    else if (!this.#draft.value.planId) body = html`<div part="empty"><p>${s.empty}</p><slot name="empty"></slot></div>`;
    else if (!this.subkit.hasSession) body = emptyState(s.signIn);
    else if (this.#sessionPending || this.#form.waiting) body = checkoutSkeleton(s);
    else body = html`<div part="layout">${checkoutForm(c)} <div part="side">${this.#renderSummary(c)} ${this.#renderSubmit(c)}</div></div> ${this.#purchase.card?.sca(s, c.locale, this.#preview.value.data, this.#busy) ?? nothing}`;
    // Busy while a purchase runs, and while the session loads (the form waits for it).
    const busy = this.#busy || (!completed && !sent && this.#canBuy && !!this.#draft.value.planId && (this.#sessionPending || this.#form.waiting));
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${busy ? 'true' : 'false'}>
      <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
      ${body}
    </section>`;
  }

  /** The order button; when a billing admin must approve, the review step, or a placeholder while its code loads (that button would do nothing). */
  #renderSubmit(c: CheckoutContext): TemplateResult {
    const preview = this.#preview.value.data, approval = this.#approval;
    if (!preview || !approval) return submitArea(c, preview);
    return this.#step ? this.#step.area(preview, approval, !!this.#refusedNow) : loadingState(c.s.loading, skeleton({ block: '2.75em' }));
  }

  #renderSummary(c: CheckoutContext): TemplateResult {
    const { s } = c;
    const content = this.#summary.render({
      initial: () => checkoutSkeleton(s),
      pending: () => checkoutSkeleton(s),
      error: (error) => (error.code === 'plan_not_allowed' && this.#step ? this.#step.planNotAllowed() : errorState(s.loadError, error, s, () => this.#summary.run())),
      complete: (data) => orderSummary(c, data, this.#plan(data.planId)),
    });
    return html`<aside part="summary" aria-labelledby="summary-title" aria-busy=${this.#preview.value.loading ? 'true' : 'false'}>
      <h3 id="summary-title" part="section-title">${s.summary}</h3>
      ${content}
    </aside>`;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-checkout': SubkitCheckout;
  }
}
