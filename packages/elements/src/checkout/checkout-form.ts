import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AddOn, Plan, SessionInfo, TaxIdResult } from '@subkit/core';
import { format } from '../locales/locales.js';
import type { CheckoutStrings } from '../locales/checkout.js';
import { addOnQuantityError, parseQuantity, quantityError } from '../rules/quantity.js';
import type { TestCardInput } from '../rules/cards.js';
import { whenIdle } from '../internal/idle.js';
import type { CheckoutField, PaymentChoice } from './checkout.types.js';

/** What the buyer typed, per field, as typed. */
export type Values = Record<Exclude<CheckoutField, 'stripe' | 'addOns'> | 'taxCountry' | 'promoInput', string>;

const EMPTY: Values = {
  quantity: '', promoCode: '', promoInput: '', companyName: '', billingEmail: '', taxCountry: '', taxValue: '',
  line1: '', line2: '', city: '', postalCode: '', region: '', country: '', poNumber: '', invoiceEmail: '',
  cardNumber: '', cardExpiry: '', cardCvc: '',
};

/** What the form needs to know about the checkout around it. */
export interface FormContext {
  strings(): CheckoutStrings;
  locale(): string;
  /** How the buyer pays now, and what is wrong with the card as typed (the local engine's test card, judged by the card's code; Stripe checks what is typed into its element). */
  method(): PaymentChoice;
  cardErrors(): Partial<Record<CheckoutField, string>>;
  /** True while the buyer is to pay by card and the card's code is on its way: the form's first paint waits for it. */
  cardPending(): boolean;
  /** The plan of the draft, whose quantity rule the seats follow. */
  plan(): Plan | null;
}

/**
 * The checkout's form: what the buyer typed, the errors shown per field, and the checks made before
 * anything is sent (required fields, the tax ID per country as it is typed, seats and add-on quantities,
 * the test card). The server remains the judge: its field errors land on the field it names.
 */
export class CheckoutForm implements ReactiveController {
  values: Values = { ...EMPTY };
  errors: Partial<Record<CheckoutField, string>> = {};
  touched: Partial<Record<CheckoutField, boolean>> = {};
  /** Add-on quantities as typed and not yet taken into the draft, per add-on id. */
  addOnQuantities: Record<string, string> = {};
  /** Where the invoice of the last order goes (shown on success). */
  invoiceEmail = '';
  #prefilled = false;
  /** Core's tax ID rules once fetched (`loadTaxRules`); until then an id is not checked as typed. */
  #taxRules: ((country: string, value: string) => TaxIdResult) | null = null;
  #taxRulesLoading: Promise<void> | null = null;
  /** The session prefilled a tax ID and its rules are on their way: the form waits for them (`waiting`). */
  #prefilledTaxId = false;
  #focusFirstError = false;
  /** Fields showing an error the server (or the client) returned; typing in them clears it. */
  readonly #serverErrorFields = new Set<CheckoutField>();
  /** A pointer is pressed inside the checkout: a field left because of it shows its error once the click has landed. */
  #pressed = false;
  #afterPress: (() => void) | null = null;
  readonly #onPress = (): void => {
    this.#pressed = true;
  };
  readonly #onRelease = (): void => {
    if (!this.#pressed) return;
    this.#pressed = false;
    const run = this.#afterPress;
    this.#afterPress = null;
    // The click of this press is dispatched right after pointerup: show the error after it, not under it.
    if (run) setTimeout(run);
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly context: FormContext,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    whenIdle(() => void this.loadTaxRules());
    this.host.addEventListener('pointerdown', this.#onPress, true);
    window.addEventListener('pointerup', this.#onRelease, true);
    window.addEventListener('pointercancel', this.#onRelease, true);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('pointerdown', this.#onPress, true);
    window.removeEventListener('pointerup', this.#onRelease, true);
    window.removeEventListener('pointercancel', this.#onRelease, true);
  }

  // From here to hostUpdated the widget renders: a focused field it removes (the form replaced by the
  // answer, the card fields gone with "Pay by invoice") fires blur then — not a field the buyer left.
  hostUpdate(): void {
    this.#rendering = true;
  }

  #rendering = false;

  hostUpdated(): void {
    this.#rendering = false;
    this.#shown ||= !!this.host.shadowRoot?.querySelector('#checkout-form');
    if (this.#focusFirstError) {
      this.#focusFirstError = false;
      this.host.shadowRoot?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  #set(patch: Partial<Pick<CheckoutForm, 'values' | 'errors' | 'touched' | 'addOnQuantities'>>): void {
    Object.assign(this, patch);
    this.#validateTaxId();
    this.host.requestUpdate();
  }

  /**
   * Fetches core's tax ID rules, once (a failed fetch is tried again next time; meanwhile the server alone
   * checks the id). Fetched when the page is idle, or at once when an id is prefilled or entered.
   */
  loadTaxRules(): Promise<void> {
    if (this.#taxRules) return Promise.resolve();
    return (this.#taxRulesLoading ??= import('./tax-id-rules.js').then(
      (rules) => {
        this.#taxRules = rules.validateTaxId;
        this.#set({});
      },
      () => {
        this.#taxRulesLoading = null;
      },
    ));
  }

  /** True once the tax ID rules are here. */
  get taxRulesLoaded(): boolean {
    return this.#taxRules !== null;
  }

  /**
   * True while the session's tax ID waits for its rules, or the card's code for the card form: the checkout shows its
   * skeleton a moment longer, so the form's first paint already says whether the id is valid and shows the card form.
   * Once the form has been shown, it stays (the card section waits alone).
   */
  get waiting(): boolean {
    return this.#prefilledTaxId || (!this.#shown && this.context.cardPending());
  }

  #shown = false;

  /** Fills what the buyer has not typed yet from the company the session belongs to (once). */
  prefill(session: SessionInfo): void {
    if (this.#prefilled) return;
    this.#prefilled = true;
    const company = session.company;
    const address = company.billingAddress;
    const v = this.values;
    this.#set({
      values: {
        ...v,
        companyName: v.companyName || company.name,
        billingEmail: v.billingEmail || (company.billingEmail ?? ''),
        invoiceEmail: v.invoiceEmail || (company.billingEmail ?? ''),
        taxCountry: v.taxCountry || (company.taxId?.country ?? address?.country ?? ''),
        taxValue: v.taxValue || (company.taxId?.value ?? ''),
        line1: v.line1 || (address?.line1 ?? ''),
        line2: v.line2 || (address?.line2 ?? ''),
        city: v.city || (address?.city ?? ''),
        postalCode: v.postalCode || (address?.postalCode ?? ''),
        region: v.region || (address?.state ?? ''),
        country: v.country || (address?.country ?? ''),
      },
    });
    if (this.values.taxValue && !this.#taxRules) {
      this.#prefilledTaxId = true;
      void this.loadTaxRules().finally(() => {
        this.#prefilledTaxId = false;
        this.host.requestUpdate();
      });
    }
  }

  /** The tax ID as checked now: its normalized form, or why it is not valid for the country (null while either is empty, or without the rules). */
  taxIdCheck(): TaxIdResult | null {
    const { taxCountry, taxValue } = this.values;
    return taxValue.trim() && taxCountry && this.#taxRules ? this.#taxRules(taxCountry, taxValue) : null;
  }

  #taxIdError(): string | undefined {
    const check = this.taxIdCheck();
    if (!check || check.ok || check.code !== 'invalid_format') return undefined;
    return format(this.context.strings().taxIdInvalid, { country: this.values.taxCountry, example: check.example });
  }

  /** Praise at once, complain only once the field was left (or the form submitted). */
  #validateTaxId(): void {
    if (this.#serverErrorFields.has('taxValue')) return;
    const message = this.touched.taxValue ? this.#taxIdError() : undefined;
    if (message !== this.errors.taxValue) this.errors = { ...this.errors, taxValue: message };
  }

  /** A field was typed in: its own error goes (the tax ID is re-checked as typed). */
  input(field: keyof Values, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    const errors = this.errors[field as CheckoutField] && field !== 'taxValue' ? { ...this.errors, [field]: undefined } : this.errors;
    if (errors !== this.errors) this.#serverErrorFields.delete(field as CheckoutField);
    if (field === 'taxValue' || field === 'taxCountry') {
      this.#serverErrorFields.delete('taxValue');
      void this.loadTaxRules();
    }
    this.#set({ values: { ...this.values, [field]: value }, errors });
  }

  /**
   * A field was left: its error may show now. Left by pressing another control ("Pay by invoice"), the error
   * waits until that press has become a click: an error appearing under the pointer moves the layout, and the
   * button released on is no longer the one pressed — the click was lost.
   */
  blur(field: CheckoutField): void {
    if (this.touched[field] || this.#rendering) return;
    if (this.#pressed) {
      this.#afterPress = () => this.blur(field);
      return;
    }
    this.#set({ touched: { ...this.touched, [field]: true } });
  }

  /** The seats as typed: the quantity to take into the draft once valid and left (`change`), else null. */
  quantity(plan: Plan, event: Event): number | null {
    const raw = (event.target as HTMLInputElement).value;
    const rule = plan.quantity;
    if (!rule) {
      this.#set({ values: { ...this.values, quantity: raw } });
      return null;
    }
    this.#set({ values: { ...this.values, quantity: raw }, errors: { ...this.errors, quantity: quantityError(raw, rule, this.context.strings()) ?? undefined } });
    const n = parseQuantity(raw, rule);
    return n !== null && event.type === 'change' ? n : null;
  }

  /** What to tell the buyer about a typed add-on quantity. */
  addOnError(raw: string): string {
    return addOnQuantityError(raw, this.context.strings(), this.context.locale()) ?? '';
  }

  /**
   * An add-on control changed: a checkbox (0 or 1), or a quantity typed (taken once valid and left). The
   * quantity to put in the draft, or null while it is being typed or invalid.
   */
  addOn(addOn: AddOn, event: Event): number | null {
    const input = event.target as HTMLInputElement;
    if (addOn.quantityMode !== 'quantity') return input.checked ? 1 : 0;
    const { [addOn.id]: _, ...others } = this.addOnQuantities;
    const pending = event.type !== 'change' || !!this.addOnError(input.value);
    this.#set({ addOnQuantities: pending ? { ...others, [addOn.id]: input.value } : others });
    return pending ? null : Number(input.value);
  }

  /** Checks what can be checked before sending; true when it can be sent, else the errors show and focus goes to the first. */
  check(): boolean {
    const s = this.context.strings();
    const v = this.values;
    const errors: Partial<Record<CheckoutField, string>> = {};
    if (!v.companyName.trim()) errors.companyName = s.required;
    const taxId = this.#taxIdError();
    if (taxId) errors.taxValue = taxId;
    if ([v.line1, v.city, v.postalCode].some((x) => x.trim())) {
      for (const field of ['line1', 'city', 'postalCode', 'country'] as const) if (!v[field].trim()) errors[field] = s.required;
    }
    if (this.errors.quantity) errors.quantity = this.errors.quantity;
    if (Object.values(this.addOnQuantities).some((raw) => this.addOnError(raw))) errors.addOns = s.fixFields;
    if (this.context.method() === 'card') Object.assign(errors, this.context.cardErrors());
    if (!Object.values(errors).some(Boolean)) {
      this.#serverErrorFields.clear();
      this.#set({ errors: {} });
      return true;
    }
    this.#focusFirstError = true;
    this.#set({ errors, touched: { ...this.touched, taxValue: true } });
    return false;
  }

  /** The test card as typed. */
  get card(): TestCardInput {
    return this.values;
  }

  /** Shows an error on a field (a Stripe message, the promo code): typing there clears it. */
  setError(field: CheckoutField, message: string | undefined): void {
    this.#set({ errors: { ...this.errors, [field]: message } });
  }

  /** Shows a refusal of the server (or the client) on a field, and focuses it: it stays until the buyer types there. */
  refuse(field: CheckoutField, message: string): void {
    this.#serverErrorFields.add(field);
    this.#focusFirstError = true;
    this.#set({ errors: { ...this.errors, [field]: message } });
  }

  /** Forgets the add-on quantities being typed (after a purchase). */
  reset(): void {
    this.#set({ addOnQuantities: {} });
  }
}
