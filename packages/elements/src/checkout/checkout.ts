import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  addDays,
  supportedTaxIdCountries,
  validateTaxId,
  type AddOn,
  type BillingDetails,
  type Catalog,
  type CheckoutPayment,
  type CheckoutPreview,
  type CheckoutResult,
  type Plan,
  type QuantityRule,
  type Recurring,
  type SessionInfo,
  type Subscription,
} from '@subkit/core';
import { createStores, randomKey, type CheckoutDraft, type Remote, type SubkitError } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { LocaleController } from '../internal/locale-controller.js';
import { errorMessage } from '../internal/errors.js';
import { count, date, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { checkoutLocales, type CheckoutStrings } from '../locales/checkout.js';
import { CheckoutCompletedEvent, type CheckoutCompletedDetail } from '../events/checkout.js';
import { SubkitErrorEvent } from '../events/common.js';
import type { PlanSelectedDetail } from '../events/plan-picker.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './checkout.styles.js';
import { addOnsFor, type OfferedAddOn } from '../rules/add-ons.js';
import { unitFor, unitsLabel } from '../locales/plural.js';
import { loadStripeLazily, PaymentElementController, testCardProblems, toTestCard, type StripeLoader } from '../internal/card.js';
import { PARAM_FIELDS, TEST_CARDS, type CheckoutField, type PaymentChoice } from './checkout.types.js';

const idle = { data: null, error: null, loading: false };
/** The most of one add-on a checkout takes (the wire schema's limit). */
const MAX_ADD_ON_QUANTITY = 1_000_000;

type Values = Record<Exclude<CheckoutField, 'stripe' | 'addOns'> | 'taxCountry' | 'promoInput', string>;

const EMPTY_VALUES: Values = {
  quantity: '', promoCode: '', promoInput: '', companyName: '', billingEmail: '', taxCountry: '', taxValue: '',
  line1: '', line2: '', city: '', postalCode: '', region: '', country: '', poNumber: '', invoiceEmail: '',
  cardNumber: '', cardExpiry: '', cardCvc: '',
};

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
 * @fires subkit-error - Pricing or payment failed: `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart title - The heading.
 * @csspart layout - The two-column grid (form, summary).
 * @csspart form - The form; `section` each fieldset, `section-title` their legends.
 * @csspart field - A label + control + message; `label`, `input`, `select`, `hint`, `field-error`.
 * @csspart add-ons - The add-ons fieldset (also a `section`).
 * @csspart add-on - One add-on; also `add-on-selected` when chosen.
 * @csspart add-on-toggle - The checkbox of an on/off or per-seat add-on.
 * @csspart add-on-quantity - The quantity input of an add-on bought in any number (0 leaves it out).
 * @csspart add-on-name - The add-on's name (its control's label).
 * @csspart add-on-description - The add-on's description.
 * @csspart add-on-price - The add-on's price in the chosen currency and period.
 * @csspart summary - The order summary; `summary-line`, `summary-total`, `due-today` (what is charged or invoiced today), `next-invoice`, `trial-note`.
 * @csspart promo - The promo code row; `promo-message` (`promo-valid`, `promo-invalid`).
 * @csspart payment-choice - The card/invoice radio group; `payment-option`.
 * @csspart test-mode - The TEST MODE card form; `test-mode-badge`, `test-cards`.
 * @csspart net-terms - The pay-by-invoice terms.
 * @csspart button - Every button; `submit`, `retry`, `promo-apply`.
 * @csspart form-error - The message above the submit button.
 * @csspart sca-dialog - The SCA challenge dialog.
 * @csspart success - What was bought; `success-add-ons` lists the add-ons.
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

  /** Every store of the resolved client (until this widget takes only the stores it shows). */
  get #stores() {
    return this.subkit.client ? createStores(this.subkit.client) : null;
  }

  readonly #l = new LocaleController<CheckoutStrings>(this, checkoutLocales);
  readonly #catalog = this.subkit.bind((c) => createStores(c).$catalog, idle as Remote<Catalog>);
  readonly #session = this.subkit.bind((c) => createStores(c).$session, idle as Remote<SessionInfo>);
  readonly #draft = this.subkit.bind((c) => createStores(c).$checkoutDraft, null as CheckoutDraft | null);
  readonly #preview = this.subkit.bind((c) => createStores(c).$checkoutPreview, idle as Remote<CheckoutPreview>);
  readonly #subscriptions = this.subkit.bind((c) => createStores(c).$subscriptions, idle as Remote<Subscription[]>);

  /** Plan to buy (its id); seeds the shared draft, e.g. on a checkout page reached by a link. */
  @property() plan?: string;
  /** Billing interval of the plan to buy: `month`, `quarter` or `year`. */
  @property() interval?: Recurring['interval'];
  /** Currency of the plan to buy (ISO 4217). */
  @property() currency?: string;
  /** Seats/units of the plan to buy. */
  @property({ type: Number }) quantity?: number;
  /** The plan to buy as `<subkit-plan-picker>`'s `subkit-plan-selected` detail; seeds the shared draft. */
  @property({ attribute: false }) selection?: Pick<PlanSelectedDetail, 'planId' | 'currency' | 'recurring' | 'quantity'> &
    Partial<Pick<PlanSelectedDetail, 'addOns'>>;
  /** The payment choice offered first: `card` (default) or `invoice` (B2B stores whose buyers mostly pay by invoice). */
  @property({ attribute: 'payment-method' }) paymentMethod?: PaymentChoice;
  /** Overrides of the locale's strings. */
  @property({ attribute: false }) strings?: Partial<CheckoutStrings>;
  /** Loads Stripe.js; replace it to use an already loaded Stripe or, in tests, a fake. */
  @property({ attribute: false }) loadStripe: StripeLoader = loadStripeLazily;

  @state() private values: Values = { ...EMPTY_VALUES };
  @state() private errors: Partial<Record<CheckoutField, string>> = {};
  @state() private touched: Partial<Record<CheckoutField, boolean>> = {};
  @state() private formError = '';
  @state() private busy = false;
  @state() private step: 'form' | 'sca' | 'done' = 'form';
  @state() private completed: (CheckoutCompletedDetail & { preview: CheckoutPreview | null; method: PaymentChoice }) | null = null;
  /** Add-on quantities as typed and not yet taken into the draft, per add-on id. */
  @state() private addOnQuantities: Record<string, string> = {};

  @query('dialog') private scaDialog?: HTMLDialogElement;

  #seeded = '';
  #seededMethod: PaymentChoice | undefined;
  #prefilled = false;
  #previewKey = '';
  #loadedFor: unknown = null;
  #loadedWithSession = false;
  #reportedError: SubkitError | null = null;
  #pending: CheckoutResult | null = null;
  #attempt: { fingerprint: string; key: string } | null = null;
  readonly #paymentElement = new PaymentElementController(this);
  #focusFirstError = false;
  /** Where the invoice of the last order goes (shown on success). */
  #invoiceEmail = '';
  /** Fields showing an error the server (or client validation) returned; typing in them clears it. */
  readonly #serverErrorFields = new Set<CheckoutField>();

  protected override willUpdate(changed: PropertyValues): void {
    const session = this.#session.value.data;
    if (session && !this.#prefilled) {
      this.#prefilled = true;
      this.#prefill(session);
    }
    if (changed.has('values') || changed.has('touched')) this.#validateTaxIdLive();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const stores = this.#stores;
    if (!stores) return;
    const hasSession = this.subkit.hasSession;
    if (this.#loadedFor !== stores || this.#loadedWithSession !== hasSession) {
      this.#loadedFor = stores;
      this.#loadedWithSession = hasSession;
      void stores.loadCatalog();
      if (hasSession) void stores.loadSession();
    }
    this.#seedDraft();
    this.#pruneAddOns();
    this.#refreshPreview();
    if (this.#showsStripe() && this.#paymentElement.state === 'idle') void this.#mountStripe();
    const preview = this.#preview.value;
    this.setStates({
      loading: !!this.#draft.value?.planId && this.#canBuy && !preview.data && !preview.error,
      error: !!preview.error && !preview.data,
      empty: !this.#draft.value?.planId,
      busy: this.busy,
      success: this.step === 'done',
    });
    if (preview.error && preview.error !== this.#reportedError) {
      this.#reportedError = preview.error;
      this.dispatchEvent(new SubkitErrorEvent({ error: preview.error, source: 'checkout:preview' }));
    }
    if (this.#focusFirstError) {
      this.#focusFirstError = false;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
    if (this.step === 'sca' && this.scaDialog && !this.scaDialog.open) this.scaDialog.showModal();
  }


  /** Writes the `selection` / attribute choice into the shared draft once per distinct choice. */
  #seedDraft(): void {
    const stores = this.#stores;
    if (stores && this.paymentMethod && this.paymentMethod !== this.#seededMethod) {
      this.#seededMethod = this.paymentMethod;
      stores.updateDraft({ paymentMethod: this.paymentMethod });
    }
    const quantity = this.quantity && Number.isInteger(this.quantity) && this.quantity > 0 ? this.quantity : undefined;
    const recurring = this.interval ? { interval: this.interval, intervalCount: 1 } : undefined;
    const chosen = this.selection ?? (this.plan ? { planId: this.plan, currency: this.currency || undefined, recurring, quantity } : null);
    if (!stores || !chosen) return;
    const key = JSON.stringify(chosen);
    if (key === this.#seeded) return;
    this.#seeded = key;
    const plan = this.#planById(chosen.planId);
    stores.updateDraft({
      planId: chosen.planId,
      currency: chosen.currency ?? null,
      recurring: (chosen.recurring as Recurring | undefined) ?? { interval: 'month', intervalCount: 1 },
      quantity: chosen.quantity ?? plan?.quantity?.default ?? null,
      addOns: 'addOns' in chosen && chosen.addOns ? chosen.addOns : [],
    });
  }

  /** The add-ons sold with the draft's plan in its currency and billing interval. */
  #offeredAddOns(): OfferedAddOn[] {
    const draft = this.#draft.value;
    const catalog = this.#catalog.value.data;
    return addOnsFor(catalog, draft?.planId ?? null, draft?.currency ?? catalog?.defaultCurrency ?? '', draft?.recurring ?? { interval: 'month', intervalCount: 1 });
  }

  /** Drops chosen add-ons the plan, currency or interval no longer offers: the server would refuse the order. */
  #pruneAddOns(): void {
    const draft = this.#draft.value;
    if (!draft?.addOns.length || !this.#catalog.value.data) return;
    const offered = new Set(this.#offeredAddOns().map((o) => o.addOn.id));
    if (draft.addOns.some((a) => !offered.has(a.addOnId))) this.#stores?.updateDraft({ addOns: draft.addOns.filter((a) => offered.has(a.addOnId)) });
  }

  /** Re-prices when what the price depends on changes (and a buyer is signed in to ask). */
  #refreshPreview(): void {
    const stores = this.#stores;
    const draft = this.#draft.value;
    // The catalog names the default currency the draft may leave open: price only once it is known.
    // Nor before the session says who buys: a viewer's checkout asks the server for nothing.
    if (!stores || !draft?.planId || !this.subkit.hasSession || !this.#catalog.value.data || this.step === 'done') return;
    if (this.#sessionPending || !this.#canBuy) return;
    const key = JSON.stringify([draft.planId, draft.currency, draft.recurring, draft.quantity, draft.addOns, draft.promoCode, draft.trial, draft.billing]);
    if (key === this.#previewKey) return;
    this.#previewKey = key;
    void stores.previewCheckout();
  }

  #prefill(session: SessionInfo): void {
    const company = session.company;
    const address = company.billingAddress;
    this.values = {
      ...this.values,
      companyName: this.values.companyName || company.name,
      billingEmail: this.values.billingEmail || (company.billingEmail ?? ''),
      invoiceEmail: this.values.invoiceEmail || (company.billingEmail ?? ''),
      taxCountry: this.values.taxCountry || (company.taxId?.country ?? address?.country ?? ''),
      taxValue: this.values.taxValue || (company.taxId?.value ?? ''),
      line1: this.values.line1 || (address?.line1 ?? ''),
      line2: this.values.line2 || (address?.line2 ?? ''),
      city: this.values.city || (address?.city ?? ''),
      postalCode: this.values.postalCode || (address?.postalCode ?? ''),
      region: this.values.region || (address?.state ?? ''),
      country: this.values.country || (address?.country ?? ''),
    };
  }

  #planById(planId: string | null | undefined): Plan | null {
    if (!planId) return null;
    for (const product of this.#catalog.value.data?.products ?? []) {
      const plan = product.plans.find((p) => p.id === planId);
      if (plan) return plan;
    }
    return null;
  }

  /** The payment choice: the draft's, unless this merchant cannot take cards here or the company may not pay by invoice. */
  get #method(): PaymentChoice {
    if (!this.#cardsAvailable) return 'invoice';
    return this.#draft.value?.paymentMethod === 'invoice' && this.#invoiceAllowed ? 'invoice' : 'card';
  }

  /** Whether the company may pay by invoice: the server's latest preview says so, else the session's company does. */
  get #invoiceAllowed(): boolean {
    return this.#preview.value.data?.invoiceAllowed ?? this.#session.value.data?.company.invoiceAllowed ?? false;
  }

  /** False when the buyer's role may not buy (a viewer): a note replaces the form. */
  get #canBuy(): boolean {
    const session = this.#session.value.data;
    return !session || session.permissions.includes('checkout:create');
  }

  /** The buyer session is still loading: neither the role nor the payment terms are known yet. */
  get #sessionPending(): boolean {
    const { data, error } = this.#session.value;
    return this.subkit.hasSession && !data && !error;
  }

  /** Cards work with Stripe, or with the local engine in test mode; never as our own inputs in live mode. */
  get #cardsAvailable(): boolean {
    const merchant = this.#catalog.value.data?.merchant;
    if (!merchant) return true;
    return merchant.engine === 'stripe' || merchant.mode === 'test';
  }

  #showsStripe(): boolean {
    return this.step === 'form' && !this.#sessionPending && this.#canBuy && this.#method === 'card' && this.#catalog.value.data?.merchant.engine === 'stripe';
  }

  /** Mounts Stripe's Payment Element for what is due today (a setup when nothing is). */
  async #mountStripe(): Promise<void> {
    const catalog = this.#catalog.value.data;
    const preview = this.#preview.value.data;
    await this.#paymentElement.mount(catalog?.stripePublishableKey ?? null, this.loadStripe, {
      currency: preview?.currency ?? this.#draft.value?.currency ?? catalog?.defaultCurrency ?? 'usd',
      amount: preview?.amountDueToday ?? 0,
    });
  }


  /** Checks the tax ID as it is typed: praise at once, complain only once the field was left (or submitted). */
  #validateTaxIdLive(): void {
    if (this.#serverErrorFields.has('taxValue')) return;
    const { taxCountry, taxValue } = this.values;
    const check = taxValue.trim() && taxCountry ? validateTaxId(taxCountry, taxValue) : null;
    const message = check && !check.ok && check.code === 'invalid_format' ? this.#taxIdMessage(taxCountry, check.message) : undefined;
    const shown = message && this.touched.taxValue ? message : undefined;
    if (shown !== this.errors.taxValue) this.errors = { ...this.errors, taxValue: shown };
  }

  #taxIdMessage(country: string, coreMessage: string): string {
    const example = /expected e\.g\. (.+)\)\.$/.exec(coreMessage)?.[1] ?? '';
    return format(this.#l.strings.taxIdInvalid, { country, example });
  }

  #handleInput(field: keyof Values, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    this.values = { ...this.values, [field]: value };
    if (this.errors[field as CheckoutField] && field !== 'taxValue') {
      this.#serverErrorFields.delete(field as CheckoutField);
      this.errors = { ...this.errors, [field]: undefined };
    }
    if (field === 'taxValue' || field === 'taxCountry') this.#serverErrorFields.delete('taxValue');
  }

  #handleBlur(field: CheckoutField): void {
    if (!this.touched[field]) this.touched = { ...this.touched, [field]: true };
  }

  #handleQuantity(plan: Plan, event: Event): void {
    const raw = (event.target as HTMLInputElement).value;
    this.values = { ...this.values, quantity: raw };
    const rule = plan.quantity;
    const n = Number(raw);
    if (!rule) return;
    const valid = raw.trim() !== '' && Number.isInteger(n) && n >= rule.minimum && (rule.maximum === null || n <= rule.maximum);
    const s = this.#l.strings;
    this.errors = {
      ...this.errors,
      quantity: valid ? undefined : rule.maximum === null ? format(s.quantityInvalidMin, { min: rule.minimum }) : format(s.quantityInvalid, { min: rule.minimum, max: rule.maximum }),
    };
    if (valid && event.type === 'change') this.#stores?.updateDraft({ quantity: n });
  }

  #addOnError(raw: string): string {
    const n = Number(raw);
    const valid = raw.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_ADD_ON_QUANTITY;
    return valid ? '' : format(this.#l.strings.addOnQuantityInvalid, { max: count(MAX_ADD_ON_QUANTITY, this.#l.locale) });
  }

  /** Takes a checked box or a valid quantity (on `change`) into the draft's add-ons, in catalog order. */
  #handleAddOn(addOn: AddOn, event: Event): void {
    const input = event.target as HTMLInputElement;
    const draft = this.#draft.value;
    let quantity = input.checked ? 1 : 0;
    if (addOn.quantityMode === 'quantity') {
      const { [addOn.id]: _, ...others } = this.addOnQuantities;
      const pending = event.type !== 'change' || !!this.#addOnError(input.value);
      this.addOnQuantities = pending ? { ...others, [addOn.id]: input.value } : others;
      if (pending) return;
      quantity = Number(input.value);
    }
    const chosen = new Map((draft?.addOns ?? []).map((a) => [a.addOnId, a]));
    if (quantity > 0) chosen.set(addOn.id, addOn.quantityMode === 'quantity' ? { addOnId: addOn.id, quantity } : { addOnId: addOn.id });
    else chosen.delete(addOn.id);
    this.#stores?.updateDraft({ addOns: this.#offeredAddOns().flatMap((o) => chosen.get(o.addOn.id) ?? []) });
  }

  #handleMethod(event: Event): void {
    this.#stores?.updateDraft({ paymentMethod: (event.target as HTMLInputElement).value as PaymentChoice });
  }

  #handlePromo(event: Event): void {
    event.preventDefault();
    const code = this.values.promoInput.trim();
    this.errors = { ...this.errors, promoCode: undefined };
    this.#stores?.updateDraft({ promoCode: code || null });
  }

  #handleRemovePromo(): void {
    this.values = { ...this.values, promoInput: '' };
    this.#stores?.updateDraft({ promoCode: null });
  }

  #handleRetryPreview(): void {
    this.#previewKey = '';
    void this.#stores?.previewCheckout();
  }

  /** Checks what can be checked before sending; the server remains the judge. */
  #localErrors(): Partial<Record<CheckoutField, string>> {
    const s = this.#l.strings;
    const v = this.values;
    const errors: Partial<Record<CheckoutField, string>> = {};
    if (!v.companyName.trim()) errors.companyName = s.required;
    if (v.taxValue.trim() && v.taxCountry) {
      const check = validateTaxId(v.taxCountry, v.taxValue);
      if (!check.ok && check.code === 'invalid_format') errors.taxValue = this.#taxIdMessage(v.taxCountry, check.message);
    }
    const addressStarted = [v.line1, v.city, v.postalCode].some((x) => x.trim());
    if (addressStarted) {
      for (const field of ['line1', 'city', 'postalCode', 'country'] as const) if (!v[field].trim()) errors[field] = s.required;
    }
    if (this.errors.quantity) errors.quantity = this.errors.quantity;
    if (Object.values(this.addOnQuantities).some((raw) => this.#addOnError(raw))) errors.addOns = s.fixFields;
    if (this.#method === 'card' && this.#catalog.value.data?.merchant.engine !== 'stripe') {
      const problems = testCardProblems(v);
      if (problems.cardNumber) errors.cardNumber = s.testCardOnly;
      if (problems.cardExpiry) errors.cardExpiry = s.expiryInvalid;
      if (problems.cardCvc) errors.cardCvc = s.cvcInvalid;
    }
    return errors;
  }

  #billing(): BillingDetails {
    const v = this.values;
    const billing: BillingDetails = { companyName: v.companyName.trim() };
    if (v.billingEmail.trim()) billing.email = v.billingEmail.trim();
    if (v.taxValue.trim() && v.taxCountry) {
      const check = validateTaxId(v.taxCountry, v.taxValue);
      billing.taxId = { country: v.taxCountry, value: check.ok ? check.normalized : v.taxValue.trim() };
    }
    if ([v.line1, v.city, v.postalCode].some((x) => x.trim())) {
      billing.address = { line1: v.line1.trim(), city: v.city.trim(), postalCode: v.postalCode.trim(), country: v.country };
      if (v.line2.trim()) billing.address.line2 = v.line2.trim();
      if (v.region.trim()) billing.address.state = v.region.trim();
    }
    return billing;
  }

  async #payment(): Promise<CheckoutPayment | null> {
    const v = this.values;
    if (this.#method === 'invoice') {
      const payment: CheckoutPayment = { method: 'invoice' };
      if (v.poNumber.trim()) payment.poNumber = v.poNumber.trim();
      if (v.invoiceEmail.trim()) payment.invoiceEmail = v.invoiceEmail.trim();
      this.#invoiceEmail = payment.invoiceEmail ?? v.billingEmail.trim();
      return payment;
    }
    if (this.#catalog.value.data?.merchant.engine === 'stripe') {
      const card = await this.#paymentElement.collect();
      if (card.id === null) {
        // Stripe shows what is wrong with the typed card inside its own element.
        if (!card.invalid) this.errors = { ...this.errors, stripe: card.message ?? this.#l.strings.cardLoadError };
        return null;
      }
      return { method: 'card', stripePaymentMethodId: card.id };
    }
    return { method: 'card', testCard: toTestCard(v) };
  }

  async #handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const stores = this.#stores;
    if (!stores || this.busy) return;
    this.formError = '';
    const local = this.#localErrors();
    if (Object.values(local).some(Boolean)) {
      this.errors = local;
      this.touched = { ...this.touched, taxValue: true };
      this.formError = this.#l.strings.fixFields;
      this.#focusFirstError = true;
      return;
    }
    this.errors = {};
    this.#serverErrorFields.clear();
    this.busy = true;
    try {
      const billing = this.#billing();
      stores.updateDraft({ billing });
      const payment = await this.#payment();
      if (!payment) return;
      // One key per attempt: the same order sent again (a retry after a network failure) reuses it, so the
      // server replays the first answer instead of buying twice; a changed order is a new attempt.
      const fingerprint = JSON.stringify([this.#draft.value, payment]);
      if (this.#attempt?.fingerprint !== fingerprint) this.#attempt = { fingerprint, key: randomKey() };
      const result = await stores.submitCheckout(payment, this.#attempt.key);
      if (!result.ok) {
        if (result.error.type !== 'network_error' && !(result.error.status !== null && result.error.status >= 500)) this.#attempt = null;
        this.#showError(result.error, 'checkout:submit');
        return;
      }
      this.#attempt = null;
      await this.#handleResult(result.data, payment.method);
    } finally {
      this.busy = false;
    }
  }

  async #handleResult(result: CheckoutResult, method: PaymentChoice): Promise<void> {
    if (result.status === 'succeeded') return this.#complete(result.subscription, result.invoiceId, method);
    if (result.status === 'requires_action' && result.nextAction?.type === 'sca_challenge' && result.nextAction.paymentId) {
      this.#pending = result;
      this.step = 'sca';
      return;
    }
    if (result.status === 'requires_action' && result.nextAction?.type === 'stripe_confirm' && result.nextAction.clientSecret && this.#paymentElement.stripe) {
      const confirmed = await this.#paymentElement.stripe.handleNextAction({ clientSecret: result.nextAction.clientSecret });
      if (confirmed.error) {
        this.formError = this.#l.strings.scaFailed;
        return;
      }
      return this.#complete(result.subscription, result.invoiceId, method);
    }
    this.formError = this.#l.strings.errorGeneric;
  }

  async #handleSca(outcome: 'approve' | 'fail'): Promise<void> {
    const stores = this.#stores;
    const pending = this.#pending;
    const paymentId = pending?.nextAction?.paymentId;
    if (!stores || !pending || !paymentId || this.busy) return;
    this.busy = true;
    const result = await stores.confirmPayment(paymentId, outcome);
    this.busy = false;
    this.scaDialog?.close();
    this.#pending = null;
    if (result.ok && result.data.status === 'succeeded') {
      const fresh = this.#subscriptions.value.data?.find((s) => s.id === pending.subscription.id);
      await this.#complete(fresh ?? pending.subscription, result.data.invoiceId ?? pending.invoiceId, 'card');
      return;
    }
    this.step = 'form';
    this.formError = this.#l.strings.scaFailed;
    if (!result.ok) this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'checkout:sca' }));
  }

  #handleScaCancel(event: Event): void {
    event.preventDefault();
    void this.#handleSca('fail');
  }

  async #complete(subscription: Subscription, invoiceId: string | null, method: PaymentChoice): Promise<void> {
    this.completed = { subscription, invoiceId, preview: this.#preview.value.data, method };
    this.step = 'done';
    this.#paymentElement.unmount();
    this.#stores?.resetDraft();
    this.addOnQuantities = {};
    this.#seeded = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="success"]')?.focus();
    this.dispatchEvent(new CheckoutCompletedEvent({ subscription, invoiceId }));
  }

  /** Puts an error where the buyer looks: on its field when the server named one, else above the button. */
  #showError(error: SubkitError, source: string): void {
    const s = this.#l.strings;
    const field = error.param ? (PARAM_FIELDS[error.param] ?? PARAM_FIELDS[error.param.split('.').slice(0, 2).join('.')]) : undefined;
    const declined = error.serverType === 'payment_error' || error.status === 402;
    const reason = (error.declineCode ?? error.code).replace(/_/g, ' ');
    const message = declined ? format(s.declined, { reason }) : error.message.replace(/^[\w.]+: /, '');
    if (field && this.#isShown(field)) {
      this.#serverErrorFields.add(field);
      this.errors = { ...this.errors, [field]: message };
      this.formError = s.fixFields;
      this.#focusFirstError = true;
    } else {
      this.formError = declined ? message : `${errorMessage(error, s)}${error.type === 'api_error' && error.status === 400 ? ` ${message}` : ''}`;
    }
    this.dispatchEvent(new SubkitErrorEvent({ error, source }));
  }

  #isShown(field: CheckoutField): boolean {
    if (field === 'poNumber' || field === 'invoiceEmail') return this.#method === 'invoice';
    if (field === 'cardNumber' || field === 'cardExpiry' || field === 'cardCvc') return this.#method === 'card';
    if (field === 'quantity') return !!this.#planById(this.#draft.value?.planId)?.quantity;
    return true;
  }

  protected override render(): TemplateResult {
    const s = this.#l.strings;
    let body: TemplateResult;
    if (this.step === 'done' && this.completed) body = this.#renderSuccess();
    else if (!this.#canBuy) body = html`<p part="note">${s.viewerNote}</p>`;
    else if (!this.#draft.value?.planId) {
      body = html`<div part="empty"><p>${s.empty}</p><slot name="empty"></slot></div>`;
    } else if (!this.subkit.hasSession) {
      body = html`<p part="empty">${s.signIn}</p>`;
    } else if (this.#sessionPending) {
      body = this.#renderSkeleton();
    } else {
      body = html`<div part="layout">${this.#renderForm()} ${this.#renderSummary()}</div> ${this.#renderSca()}`;
    }
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${this.busy ? 'true' : 'false'}>
      <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
      ${body}
    </section>`;
  }

  #renderSummary(): TemplateResult {
    const s = this.#l.strings;
    const { data, error, loading } = this.#preview.value;
    const locale = this.#l.locale;
    let content: TemplateResult;
    if (!data && error) {
      content = html`<div part="error" role="alert">
        <p>${s.loadError} ${errorMessage(error, s)}</p>
        <button part="button retry" type="button" @click=${this.#handleRetryPreview}>${s.retry}</button>
      </div>`;
    } else if (!data) {
      content = this.#renderSkeleton();
    } else {
      const c = data.currency;
      const plan = this.#planById(data.planId);
      content = html`
        <p part="summary-plan"><strong>${plan?.name ?? data.planId}</strong> · ${(s as Record<string, string>)[`billedEvery_${data.recurring.interval}`] ?? ''}</p>
        <dl part="summary-lines">
          ${data.lines.map(
            (line) => html`<div part="summary-line">
              <dt>${line.quantity > 1 && line.type !== 'usage' ? format(s.lineQuantity, { quantity: count(line.quantity, locale), description: line.description }) : line.description}</dt>
              <dd>${money(line.amount, c, locale)}</dd>
            </div>`,
          )}
          <div part="summary-line summary-subtotal"><dt>${s.subtotal}</dt><dd>${money(data.subtotal, c, locale)}</dd></div>
          ${data.discount
            ? html`<div part="summary-line summary-discount"><dt>${format(s.discount, { code: data.discount.code })}</dt><dd>−${money(data.discount.amount, c, locale)}</dd></div>`
            : nothing}
          ${data.taxLines.map((t) => html`<div part="summary-line summary-tax"><dt>${t.name}</dt><dd>${money(t.amount, c, locale)}</dd></div>`)}
          <div part="summary-line summary-total"><dt>${s.total}</dt><dd>${money(data.total, c, locale)}</dd></div>
        </dl>
        ${data.trial ? html`<p part="trial-note">${format(s.trial, { days: data.trial.days, date: date(data.trial.endsAt, locale) })}</p>` : nothing}
        ${this.#renderDueToday(data)}
        <p part="next-invoice">${format(s.nextInvoice, { date: date(data.nextInvoice.date, locale) })}: ${money(data.nextInvoice.total, c, locale)}</p>
        ${this.#renderPromo(data)}`;
    }
    return html`<aside part="summary" aria-labelledby="summary-title" aria-busy=${loading ? 'true' : 'false'}>
      <h3 id="summary-title" part="section-title">${s.summary}</h3>
      ${content}
    </aside>`;
  }

  #renderSkeleton(): TemplateResult {
    return html`<div class="visually-hidden" role="status">${this.#l.strings.loading}</div>
      <div aria-hidden="true" part="skeletons">
        ${[60, 80, 70, 90].map((w) => html`<span part="skeleton" style="block-size: 1.2em; inline-size: ${w}%"></span>`)}
      </div>`;
  }

  /** What today costs: charged to the card, or — paying by invoice — invoiced today and due after the net terms. */
  #renderDueToday(preview: CheckoutPreview): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    let label = s.dueToday;
    if (this.#method === 'invoice') {
      const days = preview.paymentTermsDays ?? 0;
      // The invoice is issued when the first period starts: the server's clock, not the browser's.
      const issued = new Date(preview.lines[0]?.periodStart ?? Date.now());
      label = preview.amountDueToday > 0 ? format(s.invoicedToday, { date: date(addDays(issued, days).toISOString(), locale), days }) : s.invoicedNothing;
    }
    return html`<p part="due-today"><span>${label}</span> <strong>${money(preview.amountDueToday, preview.currency, locale)}</strong></p>`;
  }

  #renderPromo(preview: CheckoutPreview): TemplateResult {
    const s = this.#l.strings;
    const promo = preview.promo;
    const invalid = this.errors.promoCode ?? (promo && !promo.valid ? format(s.promoInvalid, { code: promo.code }) : '');
    const applied = promo?.valid && preview.discount ? format(s.promoApplied, { code: promo.code, description: preview.discount.description }) : '';
    return html`<form part="promo" @submit=${this.#handlePromo} novalidate>
      <label part="label" for="promoCode">${s.promoCode}</label>
      <div part="promo-row">
        <input
          part="input"
          id="promoCode"
          autocomplete="off"
          .value=${this.values.promoInput}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby="promo-message"
          @input=${(e: Event) => this.#handleInput('promoInput', e)}
        />
        <button part="button button-secondary promo-apply" type="submit">${s.promoApply}</button>
      </div>
      <p part="promo-message ${invalid ? 'promo-invalid field-error' : applied ? 'promo-valid' : ''}" id="promo-message" role="status">
        ${invalid || applied}
        ${applied ? html`<button part="button-link" type="button" @click=${this.#handleRemovePromo}>${s.promoRemove}</button>` : nothing}
      </p>
    </form>`;
  }

  #field(field: keyof Values & CheckoutField, label: string, options: { type?: string; autocomplete?: string; required?: boolean; hint?: TemplateResult | string; inputmode?: string; ltr?: boolean } = {}): TemplateResult {
    const error = this.errors[field];
    const hintId = options.hint ? `${field}-hint` : '';
    return html`<div part="field">
      <label part="label" for=${field}>${label}</label>
      <input
        part="input"
        id=${field}
        name=${field}
        type=${options.type ?? 'text'}
        dir=${options.ltr || options.type === 'email' ? 'ltr' : nothing}
        autocomplete=${options.autocomplete ?? 'off'}
        inputmode=${options.inputmode ?? nothing}
        ?required=${options.required ?? false}
        aria-required=${options.required ? 'true' : nothing}
        .value=${this.values[field]}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby="${hintId} ${field}-error"
        @input=${(e: Event) => this.#handleInput(field, e)}
        @blur=${() => this.#handleBlur(field)}
      />
      ${options.hint ? html`<span part="hint" id=${hintId}>${options.hint}</span>` : nothing}
      <span part="field-error" id="${field}-error">${error ?? ''}</span>
    </div>`;
  }

  #countrySelect(field: 'country' | 'taxCountry', label: string, describedBy = ''): TemplateResult {
    const names = new Intl.DisplayNames([this.#l.locale], { type: 'region' });
    const current = this.values[field];
    const codes = supportedTaxIdCountries.filter((c) => c !== 'EL');
    if (current && !codes.includes(current)) codes.push(current);
    const error = field === 'country' ? this.errors.country : undefined;
    return html`<div part="field">
      <label part="label" for=${field}>${label}</label>
      <select
        part="select"
        id=${field}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby="${describedBy} ${field}-error"
        @change=${(e: Event) => this.#handleInput(field, e)}
      >
        <option value="" ?selected=${!current}>—</option>
        ${codes.map((code) => html`<option .value=${code} ?selected=${code === current}>${names.of(code) ?? code}</option>`)}
      </select>
      <span part="field-error" id="${field}-error">${error ?? ''}</span>
    </div>`;
  }

  #renderForm(): TemplateResult {
    const s = this.#l.strings;
    const preview = this.#preview.value.data;
    const plan = this.#planById(this.#draft.value?.planId);
    const rule = plan?.quantity;
    const method = this.#method;
    const taxCheck = this.values.taxValue.trim() && this.values.taxCountry ? validateTaxId(this.values.taxCountry, this.values.taxValue) : null;
    const submitLabel =
      method === 'invoice'
        ? s.submitInvoice
        : preview && preview.trial && preview.amountDueToday === 0
          ? s.submitTrial
          : format(s.submit, { amount: preview ? money(preview.amountDueToday, preview.currency, this.#l.locale) : '' });
    return html`<form part="form" novalidate @submit=${this.#handleSubmit}>
      ${rule
        ? html`<fieldset part="section">
            <legend part="section-title">${plan!.name}</legend>
            <div part="field">
              <label part="label" for="quantity">${format(s.quantity, { unit: unitsLabel(rule) })}</label>
              <input
                part="input"
                id="quantity"
                type="number"
                inputmode="numeric"
                step="1"
                min=${rule.minimum}
                max=${rule.maximum ?? nothing}
                .value=${this.values.quantity || String(this.#draft.value?.quantity ?? rule.default)}
                aria-invalid=${this.errors.quantity ? 'true' : 'false'}
                aria-describedby="quantity-error"
                @input=${(e: Event) => this.#handleQuantity(plan!, e)}
                @change=${(e: Event) => this.#handleQuantity(plan!, e)}
              />
              <span part="field-error" id="quantity-error">${this.errors.quantity ?? ''}</span>
            </div>
          </fieldset>`
        : nothing}
      ${this.#renderAddOns()}
      <fieldset part="section">
        <legend part="section-title">${s.company}</legend>
        ${this.#field('companyName', s.companyName, { autocomplete: 'organization', required: true })}
        ${this.#field('billingEmail', s.billingEmail, { type: 'email', autocomplete: 'email' })}
        <div part="field-row">
          ${this.#countrySelect('taxCountry', s.taxCountry)}
          ${this.#field('taxValue', s.taxId, {
            ltr: true,
            hint: taxCheck?.ok ? format(s.taxIdValid, { normalized: taxCheck.normalized }) : undefined,
          })}
        </div>
      </fieldset>
      <fieldset part="section">
        <legend part="section-title">${s.address}</legend>
        ${this.#field('line1', s.line1, { autocomplete: 'address-line1' })} ${this.#field('line2', s.line2, { autocomplete: 'address-line2' })}
        <div part="field-row">
          ${this.#field('postalCode', s.postalCode, { autocomplete: 'postal-code' })} ${this.#field('city', s.city, { autocomplete: 'address-level2' })}
        </div>
        <div part="field-row">${this.#field('region', s.region, { autocomplete: 'address-level1' })} ${this.#countrySelect('country', s.country)}</div>
      </fieldset>
      <fieldset part="section">
        <legend part="section-title">${s.payment}</legend>
        <div part="payment-choice" role="radiogroup" aria-label=${s.payment}>
          ${this.#cardsAvailable
            ? html`<label part="payment-option${method === 'card' ? ' payment-option-checked' : ''}">
                <input type="radio" name="method" value="card" .checked=${method === 'card'} @change=${this.#handleMethod} /> ${s.payByCard}
              </label>`
            : nothing}
          ${this.#invoiceAllowed
            ? html`<label part="payment-option${method === 'invoice' ? ' payment-option-checked' : ''}">
                <input type="radio" name="method" value="invoice" .checked=${method === 'invoice'} @change=${this.#handleMethod} /> ${s.payByInvoice}
              </label>`
            : nothing}
        </div>
        ${this.#cardsAvailable ? nothing : html`<p part="hint">${s.cardUnavailable}</p>`}
        ${method === 'card' ? this.#renderCard() : this.#renderInvoice(preview)}
      </fieldset>
      <p part="form-error" role="alert">${this.formError}</p>
      <button part="button submit" type="submit" ?disabled=${this.busy || !preview} aria-disabled=${this.busy ? 'true' : 'false'}>
        ${this.busy ? s.submitting : submitLabel}
      </button>
    </form>`;
  }

  #renderAddOns(): TemplateResult | typeof nothing {
    const offered = this.#offeredAddOns();
    if (offered.length === 0) return nothing;
    const rule = this.#planById(this.#draft.value?.planId)?.quantity ?? null;
    const chosen = new Map((this.#draft.value?.addOns ?? []).map((a) => [a.addOnId, a]));
    return html`<fieldset part="section add-ons">
      <legend part="section-title">${this.#l.strings.addOns}</legend>
      ${offered.map(({ addOn, price }) => {
        const id = `addon-${addOn.id}`;
        const selected = chosen.get(addOn.id);
        const describedBy = `${id}-price${addOn.description ? ` ${id}-description` : ''}`;
        const raw = this.addOnQuantities[addOn.id];
        const error = raw === undefined ? '' : this.#addOnError(raw);
        return html`<div part="add-on${selected ? ' add-on-selected' : ''}">
          ${addOn.quantityMode === 'quantity'
            ? html`<input
                part="input add-on-quantity"
                id=${id}
                type="number"
                inputmode="numeric"
                min="0"
                max=${MAX_ADD_ON_QUANTITY}
                .value=${raw ?? String(selected?.quantity ?? 0)}
                aria-invalid=${error ? 'true' : 'false'}
                aria-describedby="${describedBy} ${id}-error"
                @input=${(e: Event) => this.#handleAddOn(addOn, e)}
                @change=${(e: Event) => this.#handleAddOn(addOn, e)}
              />`
            : html`<input part="add-on-toggle" id=${id} type="checkbox" .checked=${!!selected} aria-describedby=${describedBy} @change=${(e: Event) => this.#handleAddOn(addOn, e)} />`}
          <label part="add-on-name" for=${id}>${addOn.name}</label>
          <span part="add-on-price" id="${id}-price">${this.#addOnPrice(addOn, price, rule)}</span>
          ${addOn.description ? html`<span part="add-on-description" id="${id}-description">${addOn.description}</span>` : nothing}
          <span part="field-error" id="${id}-error">${error}</span>
        </div>`;
      })}
    </fieldset>`;
  }

  /**
   * An add-on's list price per period: a per-seat one per unit of the plan ("per seat", "per vehicle"), a
   * quantity one per its own unit ("per tracker", "per 10 GB"), else `each`.
   */
  #addOnPrice(addOn: AddOn, price: OfferedAddOn['price'], rule: QuantityRule | null): string {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const m = price.model;
    const labels = addOn.quantityMode === 'per_seat' ? rule : addOn;
    const unit = labels?.unitLabel;
    const per = (amount: number) =>
      format(unit ? s.addOnPerUnit : addOn.quantityMode === 'per_seat' ? s.addOnPerSeat : s.addOnEach, { price: money(amount, price.currency, locale), unit: unit ?? '' });
    const amount =
      m.type === 'flat'
        ? money(m.amount, price.currency, locale)
        : m.type === 'package'
          ? unit
            ? format(s.addOnPerUnit, { price: money(m.packageAmount, price.currency, locale), unit: `${count(m.packageSize, locale)} ${unitFor(m.packageSize, labels!, locale)}` })
            : format(s.addOnPerPackage, { price: money(m.packageAmount, price.currency, locale), size: count(m.packageSize, locale) })
          : m.type === 'graduated' || m.type === 'volume'
            ? format(s.addOnFrom, { price: per(Math.min(...m.tiers.map((t) => t.unitAmount))) })
            : per(m.unitAmount);
    return format((s as Record<string, string>)[`addOnPer_${price.recurring.interval}`] ?? '{price}', { price: amount });
  }

  #renderCard(): TemplateResult {
    const s = this.#l.strings;
    if (this.#catalog.value.data?.merchant.engine === 'stripe') {
      return html`<div part="stripe">
        ${this.#paymentElement.state === 'loading' ? html`<p part="hint" role="status">${s.cardLoading}</p>` : nothing}
        ${this.#paymentElement.state === 'error' ? html`<p part="field-error" role="alert">${s.cardLoadError}</p>` : nothing}
        <slot name="payment-element"></slot>
        <span part="field-error" id="stripe-error">${this.errors.stripe ?? ''}</span>
      </div>`;
    }
    return html`<div part="test-mode" role="group" aria-labelledby="test-mode-badge test-mode-hint">
      <p part="test-mode-badge" id="test-mode-badge">${s.testMode}</p>
      <p part="hint" id="test-mode-hint">${s.testModeHint}</p>
      <ul part="test-cards">
        ${TEST_CARDS.map((card) => html`<li><code dir="ltr">${card.number}</code> — ${s[card.outcome]}</li>`)}
      </ul>
      ${this.#field('cardNumber', s.cardNumber, { inputmode: 'numeric', autocomplete: 'cc-number', required: true, ltr: true })}
      <div part="field-row">
        ${this.#field('cardExpiry', s.cardExpiry, { autocomplete: 'cc-exp', required: true, ltr: true })}
        ${this.#field('cardCvc', s.cardCvc, { inputmode: 'numeric', autocomplete: 'cc-csc', required: true, ltr: true })}
      </div>
    </div>`;
  }

  #renderInvoice(preview: CheckoutPreview | null): TemplateResult {
    const s = this.#l.strings;
    const days = preview?.paymentTermsDays ?? this.#session.value.data?.company.paymentTermsDays ?? null;
    return html`<div part="invoice">
      ${days !== null ? html`<p part="net-terms">${format(s.netTerms, { days })}</p>` : nothing}
      ${this.#field('poNumber', s.poNumber)} ${this.#field('invoiceEmail', s.invoiceEmail, { type: 'email', autocomplete: 'email' })}
    </div>`;
  }

  #renderSca(): TemplateResult | typeof nothing {
    if (this.step !== 'sca') return nothing;
    const s = this.#l.strings;
    const preview = this.#preview.value.data;
    const due = preview?.amountDueToday ?? 0;
    const amount = preview ? money(due, preview.currency, this.#l.locale) : '';
    return html`<dialog part="sca-dialog" aria-labelledby="sca-title" aria-describedby="sca-body" @cancel=${this.#handleScaCancel}>
      <h3 id="sca-title">${s.scaTitle}</h3>
      <p id="sca-body">${due > 0 ? format(s.scaBody, { amount }) : s.scaBodyCard}</p>
      <p part="hint">${s.scaTestNote}</p>
      <div part="sca-actions">
        <button part="button sca-approve" type="button" ?disabled=${this.busy} @click=${() => this.#handleSca('approve')}>${s.scaApprove}</button>
        <button part="button button-secondary sca-fail" type="button" ?disabled=${this.busy} @click=${() => this.#handleSca('fail')}>${s.scaFail}</button>
      </div>
    </dialog>`;
  }

  #renderSuccess(): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const { subscription, invoiceId, preview, method } = this.completed!;
    const plan = this.#planById(subscription.planId);
    const interval = (s as Record<string, string>)[`billedEvery_${subscription.recurring.interval}`] ?? '';
    const line = plan?.quantity
      ? format(s.successPlan, { plan: subscription.planName, quantity: count(subscription.quantity, locale), unit: unitFor(subscription.quantity, plan.quantity, locale), interval })
      : format(s.successPlanNoQuantity, { plan: subscription.planName, interval });
    return html`<div part="success" role="status" tabindex="-1">
      <h3 part="success-title">${s.successTitle}</h3>
      <p part="success-plan">${line}</p>
      ${subscription.addOns.length
        ? html`<p part="success-add-ons">
            ${s.addOns}:
            ${new Intl.ListFormat(locale).format(
              subscription.addOns.map((a) => (a.quantity > 1 ? format(s.lineQuantity, { quantity: count(a.quantity, locale), description: a.name }) : a.name)),
            )}
          </p>`
        : nothing}
      ${subscription.trialEnd ? html`<p>${format(s.successTrial, { date: date(subscription.trialEnd, locale) })}</p>` : nothing}
      ${method === 'invoice' && invoiceId && !subscription.trialEnd && this.#invoiceEmail
        ? html`<p>${format(s.successInvoice, { email: this.#invoiceEmail })}</p>`
        : nothing}
      ${subscription.nextInvoice
        ? html`<p>${format(s.successNext, { date: date(subscription.nextInvoice.date, locale), amount: money(subscription.nextInvoice.amountDue, subscription.currency, locale) })}</p>`
        : preview
          ? html`<p>${format(s.successNext, { date: date(preview.nextInvoice.date, locale), amount: money(preview.nextInvoice.total, preview.currency, locale) })}</p>`
          : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-checkout': SubkitCheckout;
  }
}
