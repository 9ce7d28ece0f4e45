import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { Quote } from '@subkit/core';
import { idle, quotesStore, sessionStore } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { LocaleController } from '../internal/locale-controller.js';
import { RemoteTask } from '../internal/remote-task.js';
import { date } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { quoteLocales, type QuoteStrings } from '../locales/quote.js';
import { QuoteAcceptedEvent, QuoteDeclinedEvent, SubkitErrorEvent } from '../events/index.js';
import { emptyState, errorState } from '../templates/states.js';
import { tokens } from '../styles/tokens.js';
import { shared } from '../styles/shared.js';
import { styles } from './quote.styles.js';
import { quoteView, type QuoteView } from './quote-view.js';
import { quoteCard, quoteSkeleton, type Deciding, type QuoteContext } from './quote.templates.js';

/**
 * Shows the company's quotes from the merchant's sales team — or the one named by `quote-id` — with the
 * plan, contract prices, seats, term, payment terms, start date, expiry and the exact first invoice
 * accepting it issues (lines, tax, total, due date). A billing admin accepts (with a PO number for its
 * invoices), which creates the subscription, or declines with a reason; other members see it read-only
 * with a note. Decided, expired and withdrawn quotes show their outcome.
 *
 * @slot heading - Replaces the default heading ("Your quotes").
 *
 * @fires subkit-quote-accepted - The billing admin accepted a quote: `{ quoteId, subscriptionId, invoiceId }`.
 * @fires subkit-quote-declined - The billing admin declined a quote: `{ quoteId, reason }`.
 * @fires subkit-error - The quotes could not be loaded, or a decision failed: `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart header - The heading row; `title` the heading.
 * @csspart quotes - The list of quotes.
 * @csspart quote - One quote; also `quote-open`, `quote-accepted`, `quote-declined`, `quote-expired`, `quote-canceled`.
 * @csspart quote-header - A quote's title and status; `quote-title`, `status` (and `status-<status>`).
 * @csspart terms - The quote's terms (a description list); `items` the contract prices.
 * @csspart quote-note - The note from sales.
 * @csspart first-invoice - The first invoice; `invoice-dates`, `lines`, `line`, `totals`, `tax`, `total`, `amount-due`, `tax-note`.
 * @csspart outcome - What became of a decided quote (`done` right after a decision here).
 * @csspart actions - The accept and decline buttons; `button` each, `accept`, `decline`, `confirm`, `back`, `retry`.
 * @csspart decision - The accept or decline form; `field`, `label`, `input`, `hint`, `textarea`, `field-error`.
 * @csspart note - The note to a member who cannot decide.
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - The empty and signed-out states.
 * @csspart error - The error state, or a decision's error.
 *
 * @cssprop [--subkit-color-primary=#3a4bd8] - Buttons, focus ring.
 * @cssprop [--subkit-color-on-primary=#ffffff] - Text on primary.
 * @cssprop [--subkit-color-background=#ffffff] - Widget background.
 * @cssprop [--subkit-color-surface=#f6f7f9] - Quote cards.
 * @cssprop [--subkit-color-text=#161a23] - Text.
 * @cssprop [--subkit-color-muted=#5a6172] - Secondary text.
 * @cssprop [--subkit-color-border=#d5d9e1] - Borders.
 * @cssprop [--subkit-color-accent=#0a6a52] - The accepted status.
 * @cssprop [--subkit-color-danger=#b42318] - Errors.
 * @cssprop [--subkit-radius=10px] - Card radius.
 * @cssprop [--subkit-spacing=8px] - The spacing unit.
 * @cssprop [--subkit-font-family=system-ui] - Font.
 *
 * @cssstate loading - The quotes are loading.
 * @cssstate error - The quotes failed to load.
 * @cssstate empty - There is no quote to show.
 * @cssstate busy - A decision is being sent.
 */
export class SubkitQuote extends SubkitElement {
  static override styles = [tokens, shared, styles];
  static override properties: PropertyDeclarations = {
    quoteId: { attribute: 'quote-id' },
    strings: { attribute: false },
    deciding: { state: true, attribute: false },
    done: { state: true, attribute: false },
  };

  readonly #l = new LocaleController<QuoteStrings>(this, quoteLocales);
  readonly #session = this.subkit.bind((c) => sessionStore(c).$session, idle());
  readonly #quotes = this.subkit.bind((c) => quotesStore(c).$quotes, idle());
  /** The company's quotes (and the named one, when it is older than the latest), in the widget's language: their status drives the states. */
  readonly #data = new RemoteTask(this, {
    args: () => (this.subkit.client && this.subkit.hasSession ? ([quotesStore(this.subkit.client), this.quoteId, this.#l.locale] as const) : null),
    // The plan's name and the price items' units in the widget's language, where the merchant has texts.
    task: async ([store, quoteId, locale]) => {
      const result = await store.loadQuotes({ locale });
      if (result.ok && quoteId && !result.data.some((q) => q.id === quoteId)) await store.loadQuote(quoteId);
    },
    value: () => this.#quotes.value,
    source: 'quote:list',
  });

  /** Shows only this quote (its id, e.g. from a link in the quote's e-mail); all of the company's by default. */
  declare quoteId?: string;
  /** Overrides of the locale's strings, e.g. `{ title: 'Your Enterprise offer' }`. */
  declare strings?: Partial<QuoteStrings>;

  private deciding: Deciding | null = null;
  private done: QuoteContext['done'] = null;

  #view!: QuoteView;

  protected override willUpdate(): void {
    this.#view = quoteView(this.#quotes.value.data, this.#session.value.data, this.quoteId);
  }

  protected override updated(): void {
    const status = this.#data.status;
    this.setStates({
      loading: status === 'pending',
      error: status === 'error',
      empty: status === 'complete' && this.#view.quotes.length === 0,
      busy: this.deciding?.busy ?? false,
    });
  }

  #handleOpen = async (quote: Quote, action: Deciding['action']): Promise<void> => {
    this.deciding = { quoteId: quote.id, action, text: '', busy: false, error: null };
    this.done = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${action}-${CSS.escape(quote.id)}`)?.focus();
  };

  #handleText = (event: Event): void => {
    if (this.deciding) this.deciding = { ...this.deciding, text: (event.target as HTMLInputElement).value };
  };

  /** Closes the panel; focus returns to the button that opened it. */
  #handleBack = async (): Promise<void> => {
    const open = this.deciding;
    this.deciding = null;
    await this.updateComplete;
    if (open) this.renderRoot.querySelector<HTMLElement>(`#quote-${CSS.escape(open.quoteId)}`)?.closest('article')?.querySelector<HTMLElement>(`[part~='${open.action}']`)?.focus();
  };

  #handleConfirm = async (quote: Quote): Promise<void> => {
    const store = this.subkit.use(quotesStore);
    const open = this.deciding;
    if (!store || !open || open.busy) return;
    this.deciding = { ...open, busy: true, error: null };
    const text = open.text.trim();
    const s = this.#l.strings;
    const result = open.action === 'accept' ? await store.acceptQuote(quote.id, text || undefined) : await store.declineQuote(quote.id, text || undefined);
    if (!result.ok) {
      this.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: `quote:${open.action}` }));
      // A quote decided or expired meanwhile was reloaded: its outcome shows instead of the form.
      this.deciding = result.error.status === 409 ? null : { ...open, busy: false, error: result.error };
      return;
    }
    this.deciding = null;
    if ('subscription' in result.data) {
      const { invoice, subscription, invoiceId } = result.data;
      const due = invoice?.dueAt ?? quote.firstInvoice?.dueAt;
      this.done = { quoteId: quote.id, text: format(s.acceptedNow, { plan: quote.planName, number: invoice?.number ?? '', date: due ? date(due, this.#l.locale) : '' }) };
      await this.updateComplete;
      this.dispatchEvent(new QuoteAcceptedEvent({ quoteId: quote.id, subscriptionId: subscription.id, invoiceId: invoiceId ?? invoice?.id ?? null }));
    } else {
      this.done = { quoteId: quote.id, text: s.declinedNow };
      await this.updateComplete;
      this.dispatchEvent(new QuoteDeclinedEvent({ quoteId: quote.id, reason: text || null }));
    }
  };

  protected override render(): TemplateResult {
    const s = this.#l.strings;
    const c: QuoteContext = {
      s,
      locale: this.#l.locale,
      canDecide: this.#view.canDecide,
      deciding: this.deciding,
      done: this.done,
      onOpen: this.#handleOpen,
      onText: this.#handleText,
      onConfirm: this.#handleConfirm,
      onBack: this.#handleBack,
    };
    const body = !this.subkit.hasSession
      ? emptyState(s.signedOut)
      : this.#data.render({
          initial: () => quoteSkeleton(s),
          pending: () => quoteSkeleton(s),
          error: (error) => errorState(s.loadError, error, s, () => this.#data.run()),
          complete: () =>
            this.#view.quotes.length === 0 ? emptyState(s.empty) : html`<ul part="quotes" role="list">${this.#view.quotes.map((q) => quoteCard(q, c))}</ul>`,
        });
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${this.#quotes.value.loading ? 'true' : 'false'}>
      <header part="header">
        <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
      </header>
      ${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.done?.text ?? nothing}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-quote': SubkitQuote;
  }
}
