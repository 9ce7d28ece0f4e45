import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  monthlyEquivalent,
  monthsPerPeriod,
  quotePrice,
  savingsPercent,
  type Catalog,
  type Plan,
  type Price,
  type PriceItem,
  type PriceQuote,
  type Product,
  type Recurring,
  type SessionInfo,
  type Subscription,
  type TierLine,
} from '@subkit/core';
import type { CheckoutDraft, Remote, SubkitError } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { LocaleController } from '../internal/locale-controller.js';
import { errorMessage } from '../internal/errors.js';
import { count, money, safeUrl } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { unitsLabel } from '../locales/plural.js';
import { planPickerLocales, type PlanPickerStrings } from '../locales/plan-picker.js';
import { ContactSalesEvent, PlanSelectedEvent, type PlanSelectedDetail } from '../events/plan-picker.js';
import { SubkitErrorEvent } from '../events/common.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './plan-picker.styles.js';
import { addOnsFor } from '../internal/add-ons.js';

/** How a plan relates to the buyer's current subscription of the same product. */
type Relation = 'new' | 'current' | 'upgrade' | 'downgrade';

/** Everything one plan card shows, derived once per update. */
interface PlanCard {
  plan: Plan;
  price: Price | null;
  quantity: number;
  quantityError: string | null;
  quote: PriceQuote | null;
  /** The period amount per month, when a period is longer than a month. */
  monthly: number | null;
  /** Whole percent saved against the same plan billed monthly. */
  savings: number;
  relation: Relation;
  selected: boolean;
}

const idle = { data: null, error: null, loading: false };

/** A stable key of a billing interval: `month`, `year`, or `2-month` for multi-interval prices. */
function recurringKey(recurring: Recurring): string {
  return recurring.intervalCount === 1 ? recurring.interval : `${recurring.intervalCount}-${recurring.interval}`;
}

function keyToRecurring(key: string): Recurring {
  const [a, b] = key.split('-');
  return b ? { interval: b as Recurring['interval'], intervalCount: Number(a) } : { interval: a as Recurring['interval'], intervalCount: 1 };
}

/**
 * Shows a product's plans as cards to compare and choose from: an interval toggle with the saving,
 * a currency switch, a seats/quantity input with the live price (core's pricing math) and its tier
 * breakdown, a feature matrix, recommended/trial/contract badges, and — with a buyer session — the
 * current plan with upgrade/downgrade actions. Choosing writes the shared checkout draft.
 *
 * @slot heading - Replaces the default heading ("Choose your plan").
 * @slot footer - Content under the feature matrix (terms, FAQ link).
 *
 * @fires subkit-plan-selected - The buyer chose a plan: `{ planId, priceId, currency, recurring, quantity, addOns, subscriptionId, change }`.
 * @fires subkit-contact-sales - The buyer asked for sales; cancelable (prevents following `contactUrl`).
 * @fires subkit-error - The catalog could not be loaded: `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart header - Heading and controls.
 * @csspart title - The heading.
 * @csspart controls - The interval toggle and currency switch.
 * @csspart interval-toggle - The billing period radio group.
 * @csspart interval-option - One period choice (label); `interval-option-checked` when chosen.
 * @csspart saving-badge - "Save up to N%" next to a period.
 * @csspart currency - The currency field; `currency-select` is its select.
 * @csspart plans - The list of plan cards.
 * @csspart plan - One card; also `plan-recommended`, `plan-current`, `plan-selected`, `plan-unavailable`.
 * @csspart badges - The badge row; `badge` each, plus `badge-recommended`, `badge-trial`, `badge-contract`, `badge-current`, `badge-saving`.
 * @csspart plan-name - The plan's name.
 * @csspart plan-description - The plan's description.
 * @csspart price - The price line; `amount` and `period` inside it.
 * @csspart price-note - The monthly equivalent of longer periods.
 * @csspart usage-note - Allowance and overage rate of metered items.
 * @csspart add-ons-note - The names of the add-ons sold with the plan in this currency and period.
 * @csspart quantity - The quantity field; `quantity-input` is its input, `quantity-hint` its range.
 * @csspart field-error - A validation message.
 * @csspart breakdown - The expandable price breakdown; `breakdown-toggle` (summary), `breakdown-table`.
 * @csspart button - Every button; `cta` the plan's call to action (`cta-contact`, `cta-current`), `retry`.
 * @csspart features - The feature comparison table; `features-scroll` its scroll container.
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart note - Role notes (a viewer cannot buy).
 *
 * @cssprop [--subkit-color-primary=#3a4bd8] - Buttons, selection, focus ring.
 * @cssprop [--subkit-color-on-primary=#ffffff] - Text on primary.
 * @cssprop [--subkit-color-background=#ffffff] - Widget background.
 * @cssprop [--subkit-color-surface=#f6f7f9] - Cards and table stripes.
 * @cssprop [--subkit-color-text=#161a23] - Text.
 * @cssprop [--subkit-color-muted=#5a6172] - Secondary text.
 * @cssprop [--subkit-color-border=#d5d9e1] - Borders.
 * @cssprop [--subkit-color-accent=#0a6a52] - Savings and trial badges.
 * @cssprop [--subkit-color-danger=#b42318] - Errors.
 * @cssprop [--subkit-radius=10px] - Card radius.
 * @cssprop [--subkit-spacing=8px] - The spacing unit.
 * @cssprop [--subkit-font-family=system-ui] - Font.
 *
 * @cssstate loading - The catalog is loading.
 * @cssstate error - The catalog failed to load.
 * @cssstate empty - The catalog has no plans.
 */
export class SubkitPlanPicker extends SubkitElement {
  static override styles = [tokens, styles];

  readonly #l = new LocaleController<PlanPickerStrings>(this, planPickerLocales);
  readonly #catalog = this.subkit.bind((s) => s.$catalog, idle as Remote<Catalog>);
  readonly #session = this.subkit.bind((s) => s.$session, idle as Remote<SessionInfo>);
  readonly #subscriptions = this.subkit.bind((s) => s.$subscriptions, idle as Remote<Subscription[]>);
  readonly #draft = this.subkit.bind((s) => s.$checkoutDraft, null as CheckoutDraft | null);

  /** The product whose plans are shown (its id); the catalog's first product by default. */
  @property() product?: string;
  /** The billing interval shown: `month`, `quarter` or `year`; defaults to the draft's, else monthly. */
  @property({ reflect: true }) interval?: string;
  /** The currency shown (ISO 4217); defaults to the draft's, the company's, then the catalog's default. */
  @property({ reflect: true }) currency?: string;
  /** Hides the feature comparison table. */
  @property({ type: Boolean, attribute: 'hide-features' }) hideFeatures = false;
  /** Overrides of the locale's strings, e.g. `{ title: 'Pricing' }`. */
  @property({ attribute: false }) strings?: Partial<PlanPickerStrings>;

  /** Quantities as typed, per plan id (kept raw so a half-typed number is not clobbered). */
  @state() private quantities: Record<string, string> = {};
  @state() private announcement = '';

  #product: Product | null = null;
  #currencies: string[] = [];
  #currency = '';
  #intervals: { key: string; savings: number }[] = [];
  #intervalKey = 'month';
  #cards: PlanCard[] = [];
  #loadedFor: unknown = null;
  #loadedWithSession = false;
  #reportedError: SubkitError | null = null;

  protected override willUpdate(): void {
    const catalog = this.#catalog.value.data;
    const draft = this.#draft.value;
    const session = this.#session.value.data;
    this.#product = (catalog && (catalog.products.find((p) => p.id === this.product) ?? catalog.products[0])) ?? null;
    this.#currencies = catalog?.currencies ?? [];
    // A subscriber starts at the terms they already pay, so their plan shows as current, not as a change.
    const current = this.#currentSubscription();
    const currencyChoices = [this.currency, draft?.currency, current?.currency, session?.company.preferredCurrency, catalog?.defaultCurrency];
    this.#currency = currencyChoices.find((c): c is string => !!c && this.#currencies.includes(c)) ?? catalog?.defaultCurrency ?? '';

    const plans = [...(this.#product?.plans ?? [])].sort((a, b) => a.rank - b.rank);
    const keys = new Set<string>();
    for (const plan of plans) for (const price of plan.prices) if (price.currency === this.#currency) keys.add(recurringKey(price.recurring));
    const ordered = [...keys].sort((a, b) => monthsPerPeriod(keyToRecurring(a)) - monthsPerPeriod(keyToRecurring(b)));
    const draftKey = draft?.recurring && recurringKey(draft.recurring);
    this.#intervalKey = [this.interval, draftKey, current && recurringKey(current.recurring), 'month', ordered[0]].find((k): k is string => !!k && keys.has(k)) ?? 'month';

    this.#cards = plans.map((plan) => this.#card(plan, this.#intervalKey, current, draft));
    this.#intervals = ordered.map((key) => ({
      key,
      savings: Math.max(0, ...plans.map((plan) => this.#card(plan, key, current, draft).savings)),
    }));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const stores = this.subkit.stores;
    const hasSession = this.subkit.hasSession;
    // Load once per client, and again when a buyer session appears (contract prices, current plan).
    if (stores && (this.#loadedFor !== stores || this.#loadedWithSession !== hasSession)) {
      this.#loadedFor = stores;
      this.#loadedWithSession = hasSession;
      void stores.loadCatalog();
      if (hasSession) {
        void stores.loadSession();
        void stores.loadSubscriptions();
      }
    }
    const { data, error } = this.#catalog.value;
    this.setStates({ loading: !data && !error, error: !!error && !data, empty: !!data && this.#cards.length === 0 });
    if (error && error !== this.#reportedError) {
      this.#reportedError = error;
      this.dispatchEvent(new SubkitErrorEvent({ error, source: 'plan-picker:catalog' }));
    }
  }

  #currentSubscription(): Subscription | null {
    const product = this.#product;
    if (!product) return null;
    const live = ['trialing', 'active', 'past_due', 'paused'];
    return this.#subscriptions.value.data?.find((s) => s.productId === product.id && live.includes(s.status)) ?? null;
  }

  #card(plan: Plan, key: string, current: Subscription | null, draft: CheckoutDraft | null): PlanCard {
    const s = this.#l.strings;
    const recurring = keyToRecurring(key);
    const price = plan.prices.find((p) => p.currency === this.#currency && recurringKey(p.recurring) === key) ?? null;
    const rule = plan.quantity;
    const fallback = draft?.planId === plan.id && draft.quantity ? draft.quantity : current?.planId === plan.id ? current.quantity : (rule?.default ?? 1);
    const raw = this.quantities[plan.id];
    let quantity = fallback;
    let quantityError: string | null = null;
    if (rule && raw !== undefined) {
      const n = Number(raw);
      const valid = raw.trim() !== '' && Number.isInteger(n) && n >= rule.minimum && (rule.maximum === null || n <= rule.maximum);
      if (valid) quantity = n;
      else {
        quantityError = rule.maximum === null ? format(s.quantityInvalidMin, { min: rule.minimum }) : format(s.quantityInvalid, { min: rule.minimum, max: rule.maximum });
        quantity = Math.min(Math.max(Number.isFinite(n) ? Math.trunc(n) : rule.minimum, rule.minimum), rule.maximum ?? Number.MAX_SAFE_INTEGER);
      }
    }
    const quote = price ? quotePrice(price, { quantity }) : null;
    let monthly: number | null = null;
    let savings = 0;
    if (price && quote && monthsPerPeriod(recurring) > 1) {
      monthly = monthlyEquivalent(quote.subtotal, recurring);
      const monthlyPrice = plan.prices.find((p) => p.currency === this.#currency && recurringKey(p.recurring) === 'month');
      if (monthlyPrice) savings = savingsPercent(quote.subtotal, recurring, quotePrice(monthlyPrice, { quantity }).subtotal);
    }
    let relation: Relation = 'new';
    if (current) {
      if (current.planId === plan.id) {
        const sameTerms = current.currency === this.#currency && recurringKey(current.recurring) === key && (!rule || current.quantity === quantity);
        relation = sameTerms ? 'current' : monthsPerPeriod(recurring) < monthsPerPeriod(current.recurring) || quantity < current.quantity ? 'downgrade' : 'upgrade';
      } else {
        const currentRank = this.#product?.plans.find((p) => p.id === current.planId)?.rank ?? 0;
        relation = plan.rank >= currentRank ? 'upgrade' : 'downgrade';
      }
    }
    const selected =
      !!draft && draft.planId === plan.id && draft.currency === this.#currency && !!draft.recurring && recurringKey(draft.recurring) === key;
    return { plan, price, quantity, quantityError, quote, monthly, savings, relation, selected };
  }

  get #canBuy(): boolean {
    const session = this.#session.value.data;
    return !session || session.permissions.includes('checkout:create');
  }

  #handleInterval(event: Event): void {
    this.interval = (event.target as HTMLInputElement).value;
  }

  #handleCurrency(event: Event): void {
    this.currency = (event.target as HTMLSelectElement).value;
  }

  #handleQuantity(plan: Plan, event: Event): void {
    this.quantities = { ...this.quantities, [plan.id]: (event.target as HTMLInputElement).value };
  }

  #handleRetry(): void {
    void this.subkit.stores?.loadCatalog({ force: true });
  }

  async #handleSelect(card: PlanCard): Promise<void> {
    const stores = this.subkit.stores;
    const draft = this.#draft.value;
    if (!stores || !card.price || card.quantityError) return;
    const current = this.#currentSubscription();
    const offered = new Set(addOnsFor(this.#catalog.value.data, card.plan.id, card.price.currency, card.price.recurring).map((o) => o.addOn.id));
    const addOns = (draft?.addOns ?? []).filter((a) => offered.has(a.addOnId));
    const detail: PlanSelectedDetail = {
      planId: card.plan.id,
      priceId: card.price.id,
      currency: card.price.currency,
      recurring: card.price.recurring,
      quantity: card.quantity,
      addOns,
      subscriptionId: current?.id ?? null,
      change: card.relation === 'current' ? 'new' : card.relation,
    };
    stores.updateDraft({
      planId: detail.planId,
      currency: detail.currency,
      recurring: detail.recurring,
      quantity: card.plan.quantity ? detail.quantity : null,
      addOns,
    });
    this.announcement = format(this.#l.strings.selected, { plan: card.plan.name });
    await this.updateComplete;
    this.dispatchEvent(new PlanSelectedEvent(detail));
  }

  #handleContact(event: Event, plan: Plan, url: string | null): void {
    const allowed = this.dispatchEvent(new ContactSalesEvent({ planId: plan.id, planName: plan.name, contactUrl: url }));
    if (!allowed) event.preventDefault();
  }

  protected override render(): TemplateResult {
    const s = this.#l.strings;
    const { data, error, loading } = this.#catalog.value;
    let body: TemplateResult;
    if (!data && error) {
      body = html`<div part="error" role="alert">
        <p>${s.loadError} ${errorMessage(error, s)}</p>
        <button part="button retry" type="button" @click=${this.#handleRetry}>${s.retry}</button>
      </div>`;
    } else if (!data) {
      body = this.#renderSkeleton();
    } else if (this.#cards.length === 0) {
      body = html`<p part="empty">${s.empty}</p>`;
    } else {
      body = html`${this.#renderControls()}
        ${this.#canBuy ? nothing : html`<p part="note">${s.viewerNote}</p>`}
        <ul part="plans" role="list">${this.#cards.map((card) => this.#renderCard(card))}</ul>
        ${this.hideFeatures ? nothing : this.#renderFeatures()}
        <slot name="footer"></slot>`;
    }
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${loading ? 'true' : 'false'}>
      <header part="header">
        <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
      </header>
      ${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  #renderSkeleton(): TemplateResult {
    return html`<div class="visually-hidden" role="status">${this.#l.strings.loading}</div>
      <div part="plans skeletons" aria-hidden="true">
        ${[0, 1, 2].map(
          () => html`<div part="plan plan-skeleton">
            <span part="skeleton" style="block-size:1.4em;inline-size:50%"></span>
            <span part="skeleton" style="block-size:2.2em;inline-size:70%"></span>
            <span part="skeleton" style="block-size:4em"></span>
            <span part="skeleton" style="block-size:2.6em"></span>
          </div>`,
        )}
      </div>`;
  }

  #renderControls(): TemplateResult {
    const s = this.#l.strings;
    return html`<div part="controls">
      ${this.#intervals.length > 1
        ? html`<fieldset part="interval-toggle">
            <legend class="visually-hidden">${s.billingPeriod}</legend>
            ${this.#intervals.map(({ key, savings }) => {
              const checked = key === this.#intervalKey;
              return html`<label part="interval-option${checked ? ' interval-option-checked' : ''}">
                <input type="radio" name="interval" .value=${key} .checked=${checked} @change=${this.#handleInterval} />
                <span>${this.#intervalLabel(key)}</span>
                ${savings > 0 ? html`<span part="saving-badge">${format(s.saveUpTo, { percent: savings })}</span>` : nothing}
              </label>`;
            })}
          </fieldset>`
        : nothing}
      ${this.#currencies.length > 1
        ? html`<label part="currency">
            <span>${s.currency}</span>
            <select part="currency-select" @change=${this.#handleCurrency}>
              ${this.#currencies.map((c) => html`<option .value=${c} ?selected=${c === this.#currency}>${c}</option>`)}
            </select>
          </label>`
        : nothing}
    </div>`;
  }

  #intervalLabel(key: string): string {
    const s = this.#l.strings as Record<string, string>;
    const r = keyToRecurring(key);
    const label = s[`interval_${r.interval}`] ?? r.interval;
    return r.intervalCount === 1 ? label : `${r.intervalCount} × ${label}`;
  }

  #renderCard(card: PlanCard): TemplateResult {
    const s = this.#l.strings;
    const { plan, price, quote } = card;
    const locale = this.#l.locale;
    const id = `plan-${plan.id}`;
    const parts = ['plan', plan.recommended ? 'plan-recommended' : '', card.relation === 'current' ? 'plan-current' : '', card.selected ? 'plan-selected' : '', !price && !plan.contactSales ? 'plan-unavailable' : '']
      .filter(Boolean)
      .join(' ');
    const badges = [
      plan.recommended ? html`<span part="badge badge-recommended">${s.recommended}</span>` : nothing,
      plan.trialDays ? html`<span part="badge badge-trial">${format(s.trial, { days: plan.trialDays })}</span>` : nothing,
      price?.contract ? html`<span part="badge badge-contract">${s.contract}</span>` : nothing,
      card.relation === 'current' ? html`<span part="badge badge-current">${s.current}</span>` : nothing,
    ];
    return html`<li part=${parts}>
      <article aria-labelledby=${id}>
        <h3 part="plan-name" id=${id}>${plan.name}</h3>
        ${badges.some((b) => b !== nothing) ? html`<p part="badges">${badges}</p>` : nothing}
        ${plan.description ? html`<p part="plan-description">${plan.description}</p>` : nothing}
        ${plan.contactSales
          ? html`<p part="price"><span part="amount">${s.customPricing}</span></p>`
          : price && quote
            ? html`<p part="price">
                  <span part="amount">${money(quote.subtotal, price.currency, locale)}</span>
                  <span part="period">${(s as Record<string, string>)[`per_${price.recurring.interval}`] ?? ''}</span>
                </p>
                ${card.monthly !== null
                  ? html`<p part="price-note">
                      ${format(s.monthlyEquivalent, { amount: money(card.monthly, price.currency, locale) })}
                      ${card.savings > 0 ? html`<span part="badge badge-saving">${format(s.save, { percent: card.savings })}</span>` : nothing}
                    </p>`
                  : nothing}
                ${this.#renderUsageNotes(price)}`
            : html`<p part="price-note">${s.notOffered}</p>`}
        ${plan.quantity && price ? this.#renderQuantity(card) : nothing}
        ${price && quote ? this.#renderBreakdown(card, price, quote) : nothing}
        ${price && !plan.contactSales ? this.#renderAddOnsNote(plan, price) : nothing}
        ${this.#renderCta(card)}
      </article>
    </li>`;
  }

  #renderUsageNotes(price: Price): TemplateResult[] {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    return price.items.flatMap((item) => {
      const model = item.model;
      if (model.type !== 'metered') return [];
      const values = {
        description: item.description,
        included: count(model.includedQuantity, locale),
        price: money(model.unitAmount, price.currency, locale),
        size: count(model.packageSize ?? 1, locale),
      };
      return [html`<p part="usage-note">${format(model.packageSize ? s.usageNote : s.usageNoteUnit, values)}</p>`];
    });
  }

  #renderAddOnsNote(plan: Plan, price: Price): TemplateResult | typeof nothing {
    const names = addOnsFor(this.#catalog.value.data, plan.id, price.currency, price.recurring).map((o) => o.addOn.name);
    return names.length
      ? html`<p part="add-ons-note">${format(this.#l.strings.availableAddOns, { names: new Intl.ListFormat(this.#l.locale).format(names) })}</p>`
      : nothing;
  }

  #renderQuantity(card: PlanCard): TemplateResult {
    const s = this.#l.strings;
    const rule = card.plan.quantity!;
    const id = `quantity-${card.plan.id}`;
    const hint = rule.maximum === null ? format(s.quantityMin, { min: rule.minimum }) : format(s.quantityRange, { min: rule.minimum, max: rule.maximum });
    const raw = this.quantities[card.plan.id] ?? String(card.quantity);
    return html`<div part="quantity">
      <label for=${id}>${format(s.quantity, { unit: unitsLabel(rule) })}</label>
      <input
        part="quantity-input"
        id=${id}
        type="number"
        inputmode="numeric"
        step="1"
        min=${rule.minimum}
        max=${rule.maximum ?? nothing}
        .value=${raw}
        aria-invalid=${card.quantityError ? 'true' : 'false'}
        aria-describedby="${id}-hint ${id}-error"
        @input=${(e: Event) => this.#handleQuantity(card.plan, e)}
      />
      <span part="quantity-hint" id="${id}-hint">${hint}</span>
      <span part="field-error" id="${id}-error">${card.quantityError ?? ''}</span>
    </div>`;
  }

  #renderBreakdown(card: PlanCard, price: Price, quote: PriceQuote): TemplateResult {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const rows = quote.items.flatMap((item, index) => {
      const priceItem = price.items[index]!;
      return item.lines.map(
        (line) => html`<tr part="breakdown-row">
          <th scope="row">${this.#lineLabel(priceItem, line, price.currency)}</th>
          <td>${money(line.amount, price.currency, locale)}</td>
        </tr>`,
      );
    });
    return html`<details part="breakdown">
      <summary part="breakdown-toggle">${s.breakdown}</summary>
      <table part="breakdown-table">
        <thead class="visually-hidden">
          <tr><th scope="col">${s.breakdownItem}</th><th scope="col">${s.breakdownAmount}</th></tr>
        </thead>
        <tbody>${rows}</tbody>
        <tfoot>
          <tr part="breakdown-total"><th scope="row">${s.total}</th><td>${money(quote.subtotal, price.currency, locale)}</td></tr>
        </tfoot>
      </table>
      ${price.items.some((i) => i.model.type === 'metered') ? html`<p part="usage-note">${s.usageBilled}</p>` : nothing}
    </details>`;
  }

  #lineLabel(item: PriceItem, line: TierLine, currency: string): string {
    const s = this.#l.strings;
    const locale = this.#l.locale;
    const model = item.model;
    const unit = money(line.unitAmount, currency, locale);
    const units = format(s.lineUnits, { quantity: count(line.quantity, locale), price: unit });
    const range = line.upTo === null ? format(s.tierFrom, { from: count(line.from, locale) }) : format(s.tierRange, { from: count(line.from, locale), to: count(line.upTo, locale) });
    let detail: string;
    switch (line.kind) {
      case 'flat':
        return item.description;
      case 'unit':
        detail = units;
        break;
      case 'package':
        detail = format(s.linePackages, { quantity: count(line.quantity, locale), price: unit, size: count(model.type === 'package' ? model.packageSize : 1, locale) });
        break;
      case 'tier':
        detail =
          model.type === 'volume'
            ? format(s.lineVolume, { quantity: count(line.quantity, locale), price: unit, range })
            : `${range}: ${units}${line.flatAmount ? ` + ${money(line.flatAmount, currency, locale)}` : ''}`;
        break;
      case 'included':
        detail = format(s.included, { quantity: count(line.upTo ?? 0, locale) });
        break;
      case 'overage':
        detail = model.type === 'metered' && model.packageSize ? format(s.linePackages, { quantity: count(line.quantity, locale), price: unit, size: count(model.packageSize, locale) }) : units;
        break;
    }
    return `${item.description} · ${detail}`;
  }

  #renderCta(card: PlanCard): TemplateResult | typeof nothing {
    const s = this.#l.strings;
    const { plan } = card;
    if (plan.contactSales) {
      const url = safeUrl(plan.contactUrl);
      return url
        ? html`<a part="button cta cta-contact" href=${url} @click=${(e: Event) => this.#handleContact(e, plan, url)}>${s.contactSales}</a>`
        : html`<button part="button cta cta-contact" type="button" @click=${(e: Event) => this.#handleContact(e, plan, null)}>${s.contactSales}</button>`;
    }
    if (!this.#canBuy) return nothing;
    if (card.relation === 'current') {
      return html`<button part="button button-secondary cta cta-current" type="button" disabled>${s.current}</button>`;
    }
    const label =
      card.relation === 'upgrade' ? s.upgrade : card.relation === 'downgrade' ? s.downgrade : card.selected ? s.selected : s.choose;
    return html`<button
      part="button cta"
      type="button"
      ?disabled=${!card.price || !!card.quantityError}
      @click=${() => this.#handleSelect(card)}
    >
      ${format(label, { plan: plan.name })}
    </button>`;
  }

  #renderFeatures(): TemplateResult | typeof nothing {
    const s = this.#l.strings;
    const product = this.#product;
    if (!product || product.features.length === 0) return nothing;
    const plans = this.#cards.map((c) => c.plan);
    return html`<div part="features-scroll" role="region" aria-labelledby="features-caption" tabindex="0">
      <table part="features">
        <caption id="features-caption">${s.compareFeatures}</caption>
        <thead>
          <tr>
            <th scope="col">${s.feature}</th>
            ${plans.map((p) => html`<th scope="col">${p.name}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${product.features.map(
            (feature) => html`<tr>
              <th scope="row">${feature.name}</th>
              ${plans.map((plan) => {
                const value = plan.features.find((f) => f.featureId === feature.id)?.value ?? false;
                if (typeof value === 'boolean') {
                  return html`<td part=${value ? 'feature-yes' : 'feature-no'}>
                    <span aria-hidden="true">${value ? '✓' : '—'}</span>
                    <span class="visually-hidden">${value ? s.featureIncluded : s.featureNotIncluded}</span>
                  </td>`;
                }
                return html`<td part="feature-value">${typeof value === 'number' ? count(value, this.#l.locale) : value}</td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-plan-picker': SubkitPlanPicker;
  }
}
