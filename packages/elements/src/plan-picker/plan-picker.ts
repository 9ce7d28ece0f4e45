import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { Plan, SessionInfo, Subscription } from '@subkit/core';
import { catalogStore, draftStore, emptyDraft, idle, type Remote } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import type { StoreBinding } from '../internal/client-controller.js';
import { askCatalogIn } from '../internal/catalog-locale.js';
import { LocaleController } from '../internal/locale-controller.js';
import { RemoteTask } from '../internal/remote-task.js';
import { format } from '../locales/locales.js';
import { planPickerLocales, type PlanPickerStrings } from '../locales/plan-picker.js';
import { ContactSalesEvent, PlanSelectedEvent, ViewQuoteEvent, type PlanSelectedDetail } from '../events/plan-picker.js';
import { addOnsFor } from '../rules/add-ons.js';
import { mayBuy } from '../rules/selectors.js';
import { emptyState, errorState, roleNote } from '../templates/states.js';
import { heading, tokens } from '../styles/tokens.js';
import { styles } from './plan-picker.styles.js';
import { pickerView, type PickerView, type PlanCard } from './plan-cards.js';
import { controls, featureTable, pickerSkeleton, planCard, type PickerContext } from './plan-picker.templates.js';

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
 * @fires subkit-view-quote - The buyer asked to see their company's open quote for a contact-sales plan: `{ planId, quoteId }`.
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
 * @csspart price-note - The monthly equivalent of longer periods; `price-needs-quantity` instead of a price while the quantity is out of range.
 * @csspart list-price - Beside a contract price, the list price it beats ("List price €49.00", struck through).
 * @csspart price-composition - What the amount is made of ("$8.00 per seat + $49.00 Platform fee").
 * @csspart usage-note - Allowance and overage rate of metered items.
 * @csspart add-ons-note - The names of the add-ons sold with the plan in this currency and period.
 * @csspart quantity - The quantity field; `quantity-input` is its input, `quantity-hint` its range.
 * @csspart field-error - A validation message.
 * @csspart breakdown - The expandable price breakdown; `breakdown-toggle` (summary), `breakdown-table`.
 * @csspart button - Every button; `cta` the plan's call to action (`cta-contact`, `cta-quote`, `cta-current`), `retry`.
 * @csspart quote-ready - On a contact-sales plan the buyer's company has an open quote for: says so (above `cta-quote`).
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
  static override styles = [tokens, heading, styles];
  static override properties: PropertyDeclarations = {
    product: {},
    interval: { reflect: true },
    currency: { reflect: true },
    hideFeatures: { type: Boolean, attribute: 'hide-features' },
    strings: { attribute: false },
    quantities: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
  };

  readonly #l = new LocaleController<PlanPickerStrings>(this, planPickerLocales);
  readonly #catalog = this.subkit.bind((c) => catalogStore(c).$catalog, idle());
  /** Who the buyer is and the company's subscriptions: bound once a buyer session is known (`#bindSignedIn`). */
  #signedIn: { session: StoreBinding<Remote<SessionInfo>>; subscriptions: StoreBinding<Remote<Subscription[]>> } | null = null;
  #signingIn = false;
  readonly #draft = this.subkit.bind((c) => draftStore(c).$checkoutDraft, emptyDraft());
  /** The catalog for this client: its status drives the loading, error and empty states. */
  readonly #data = new RemoteTask(this, {
    // The widget's locale is an argument: the catalog's texts are asked in it, and again when it changes.
    args: () => (this.subkit.client ? ([catalogStore(this.subkit.client), this.#l.locale] as const) : null),
    task: ([catalog, locale], { rerun }) => {
      askCatalogIn(this, catalog, locale);
      return catalog.loadCatalog({ force: rerun });
    },
    value: () => this.#catalog.value,
    source: 'plan-picker:catalog',
    // Asking marks the catalog loading, nothing the view is derived from: it shows in the same update.
    beforeRender: true,
  });

  /** The product whose plans are shown (its id); the catalog's first product by default. */
  declare product?: string;
  /** The billing interval shown: `month`, `quarter` or `year`; defaults to the draft's, else monthly. */
  declare interval?: string;
  /** The currency shown (ISO 4217); defaults to the draft's, the company's, then the catalog's default. */
  declare currency?: string;
  /** Hides the feature comparison table. */
  hideFeatures = false;
  /** Overrides of the locale's strings, e.g. `{ title: 'Pricing' }`. */
  declare strings?: Partial<PlanPickerStrings>;

  /** Quantities as typed, per plan id (kept raw so a half-typed number is not clobbered). */
  private quantities: Record<string, string> = {};
  private announcement = '';

  #view!: PickerView;

  protected override willUpdate(): void {
    this.#view = pickerView({
      catalog: this.#catalog.value.data,
      session: this.#signedIn?.session.value.data ?? null,
      subscriptions: this.#signedIn?.subscriptions.value.data ?? null,
      draft: this.#draft.value,
      productId: this.product,
      currency: this.currency,
      interval: this.interval,
      quantities: this.quantities,
      strings: this.#l.strings,
      locale: this.#l.locale,
    });
  }

  protected override updated(): void {
    const status = this.#data.status;
    this.setStates({ loading: status === 'pending' || status === 'initial', error: status === 'error', empty: status === 'complete' && this.#view.cards.length === 0 });
    this.#bindSignedIn();
  }

  /**
   * Binds the session and subscriptions stores (binding loads them) once the widget has a buyer session, from a
   * module fetched then: an anonymous visitor's page never loads their code and wire rules. Bound, they follow
   * the client as every binding does.
   */
  #bindSignedIn(): void {
    if (this.#signedIn || this.#signingIn || !this.subkit.hasSession) return;
    this.#signingIn = true;
    import('./signed-in.js').then(
      ({ sessionStore, subscriptionsStore }) => {
        this.#signedIn = {
          session: this.subkit.bind((c) => sessionStore(c).$session, idle()),
          subscriptions: this.subkit.bind((c) => subscriptionsStore(c).$subscriptions, idle()),
        };
        this.requestUpdate();
      },
      // A failed fetch (a dropped connection) is tried again at the next update, not left as an unhandled rejection.
      () => (this.#signingIn = false),
    );
  }

  #handleInterval = (event: Event): void => {
    this.interval = (event.target as HTMLInputElement).value;
  };

  #handleCurrency = (event: Event): void => {
    this.currency = (event.target as HTMLSelectElement).value;
  };

  #handleQuantity = (plan: Plan, event: Event): void => {
    this.quantities = { ...this.quantities, [plan.id]: (event.target as HTMLInputElement).value };
  };

  /** Writes the choice into the shared checkout draft (keeping only the add-ons the plan is sold with), then tells the page. */
  #handleSelect = async (card: PlanCard): Promise<void> => {
    const draft = this.subkit.use(draftStore);
    if (!draft || !card.price || card.quantityError) return;
    const offered = new Set(addOnsFor(this.#catalog.value.data, card.plan.id, card.price.currency, card.price.recurring).map((o) => o.addOn.id));
    const addOns = this.#draft.value.addOns.filter((a) => offered.has(a.addOnId));
    const detail: PlanSelectedDetail = {
      planId: card.plan.id,
      priceId: card.price.id,
      currency: card.price.currency,
      recurring: card.price.recurring,
      quantity: card.quantity,
      addOns,
      subscriptionId: this.#view.current?.id ?? null,
      change: card.relation === 'current' ? 'new' : card.relation,
    };
    draft.updateDraft({ planId: detail.planId, currency: detail.currency, recurring: detail.recurring, quantity: card.plan.quantity ? detail.quantity : null, addOns });
    this.announcement = format(this.#l.strings.selected, { plan: card.plan.name });
    await this.updateComplete;
    this.dispatchEvent(new PlanSelectedEvent(detail));
  };

  #handleContact = (event: Event, plan: Plan, url: string | null): void => {
    const allowed = this.dispatchEvent(new ContactSalesEvent({ planId: plan.id, planName: plan.name, contactUrl: url }));
    if (!allowed) event.preventDefault();
  };

  #handleViewQuote = (card: PlanCard): void => {
    if (card.quoteId) this.dispatchEvent(new ViewQuoteEvent({ planId: card.plan.id, quoteId: card.quoteId }));
  };

  #context(): PickerContext {
    return {
      s: this.#l.strings,
      locale: this.#l.locale,
      catalog: this.#catalog.value.data,
      canBuy: mayBuy(this.#signedIn?.session.value.data),
      quantities: this.quantities,
      onInterval: this.#handleInterval,
      onCurrency: this.#handleCurrency,
      onQuantity: this.#handleQuantity,
      onSelect: this.#handleSelect,
      onContact: this.#handleContact,
      onViewQuote: this.#handleViewQuote,
    };
  }

  protected override render(): TemplateResult {
    const c = this.#context();
    const { s } = c;
    const view = this.#view;
    const body = this.#data.render({
      initial: () => pickerSkeleton(s),
      pending: () => pickerSkeleton(s),
      error: (error) => errorState(s.loadError, error, s, () => this.#data.run()),
      complete: () =>
        view.cards.length === 0
          ? emptyState(s.empty)
          : html`${controls(view, c)} ${c.canBuy ? nothing : roleNote(s.viewerNote)}
              <ul part="plans" role="list">${view.cards.map((card) => planCard(card, c))}</ul>
              ${this.hideFeatures ? nothing : featureTable(view.product, view.cards, c)}
              <slot name="footer"></slot>`,
    });
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${this.#catalog.value.loading ? 'true' : 'false'}>
      <header part="header">
        <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
      </header>
      ${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-plan-picker': SubkitPlanPicker;
  }
}
