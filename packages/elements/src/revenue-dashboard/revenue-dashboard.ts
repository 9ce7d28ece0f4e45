import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { idle, metricsStore } from '@subkit/client';
import { SubkitElement } from '../internal/subkit-element.js';
import { LocaleController } from '../internal/locale-controller.js';
import { RemoteTask } from '../internal/remote-task.js';
import { revenueDashboardLocales, type RevenueDashboardStrings } from '../locales/revenue-dashboard.js';
import { emptyState, errorState, loadingState } from '../templates/states.js';
import { shared } from '../styles/shared.js';
import { tokens } from '../styles/tokens.js';
import { ChartsController } from './charts.js';
import { axisLabel, dashboardView, type DashboardView } from './dashboard-view.js';
import { styles } from './revenue-dashboard.styles.js';
import { cohortTable, controls, dashboardSkeleton, figures, movementsChart, mrrChart, webhookHealth, type DashboardContext } from './revenue-dashboard.templates.js';

/**
 * The merchant's revenue at a glance, for the merchant's own admin (not for buyers): MRR, ARR, ARPA,
 * active subscriptions and companies, trial conversion, churn and net revenue retention; MRR over time
 * and the movements per month as charts (each with its table); the monthly cohorts as a heatmap; and
 * how outbound webhooks are doing. Each currency on its own, or all of them in the reporting currency.
 * It reads `GET /v1/metrics` with a merchant session (`metrics:read`) that the merchant's server mints:
 * give it through `session` or `getSession` — the secret key never reaches the browser. The chart
 * library loads with this widget only.
 *
 * @slot heading - Replaces the default heading ("Revenue").
 *
 * @fires subkit-error - The metrics could not be loaded: `{ error, source }`.
 *
 * @csspart base - The outer section.
 * @csspart header - Heading and controls.
 * @csspart title - The heading.
 * @csspart controls - Currency, the figures' date and the refresh button.
 * @csspart currency - The currency field; `currency-select` is its select.
 * @csspart as-of - The instant the figures are for.
 * @csspart button - Every button; `refresh`, `retry`, `cohort-mode` (`cohort-mode-active` when chosen).
 * @csspart content - Everything below the header.
 * @csspart figures - The headline figures; `figure-list`, `figure` each (also `figure-mrr`, `figure-arr` …), `figure-label`, `figure-value`, `figure-detail`.
 * @csspart note - The exchange rates used, and notes of empty sections.
 * @csspart chart - A chart section (`chart-mrr`, `chart-movements`); `chart-canvas` the drawing, `chart-table` its figures, `chart-table-toggle`.
 * @csspart chart-key - The colours of the movements; `chart-key-item` each.
 * @csspart section-title - The heading of a section.
 * @csspart table - Every table; also `cohort-table`, `webhook-table`.
 * @csspart cohorts - The cohort section; `cohort-modes` the companies/revenue switch.
 * @csspart cohort-cell - A heatmap cell (`cohort-cell-empty` when the month has not come).
 * @csspart webhooks - The webhook section; `webhook-figures`, `endpoint-url`.
 * @csspart status - An endpoint's state: `status-ok`, `status-warning`, `status-danger`.
 * @csspart skeleton - Loading placeholders.
 * @csspart empty - The empty and signed-out states.
 * @csspart error - The error state.
 *
 * @cssprop [--subkit-color-primary=#3a4bd8] - MRR line, new MRR, heatmap tint, buttons.
 * @cssprop [--subkit-color-on-primary=#ffffff] - Text on primary.
 * @cssprop [--subkit-color-background=#ffffff] - Widget background.
 * @cssprop [--subkit-color-surface=#f6f7f9] - Figure cards.
 * @cssprop [--subkit-color-text=#161a23] - Text.
 * @cssprop [--subkit-color-muted=#5a6172] - Labels, axes.
 * @cssprop [--subkit-color-border=#d5d9e1] - Borders, grid lines.
 * @cssprop [--subkit-color-accent=#0a6a52] - Expansion, healthy endpoints.
 * @cssprop [--subkit-color-warning=#8a5a00] - Contraction, failing endpoints.
 * @cssprop [--subkit-color-danger=#b42318] - Churn, disabled endpoints, errors.
 * @cssprop [--subkit-radius=10px] - Card radius.
 * @cssprop [--subkit-spacing=8px] - The spacing unit.
 * @cssprop [--subkit-font-family=system-ui] - Font.
 *
 * @cssstate loading - The metrics are loading.
 * @cssstate error - The metrics failed to load.
 * @cssstate empty - There is no recurring revenue yet.
 */
export class SubkitRevenueDashboard extends SubkitElement {
  static override styles = [tokens, shared, styles];

  readonly #l = new LocaleController<RevenueDashboardStrings>(this, revenueDashboardLocales);
  readonly #metrics = this.subkit.bind((c) => metricsStore(c).$metrics, idle());
  /** The metrics for this client and number of months: their status drives the loading, error and empty states. */
  readonly #data = new RemoteTask(this, {
    args: () => (this.subkit.client && this.subkit.hasSession ? ([metricsStore(this.subkit.client), this.months] as const) : null),
    task: ([store, months], { rerun }) => store.loadMetrics({ months, force: rerun }),
    value: () => this.#metrics.value,
    source: 'revenue-dashboard:metrics',
  });
  readonly #charts = new ChartsController(this);

  /** Which figures: a currency code, or `reporting` for all currencies in the reporting currency (the default when configured). */
  @property({ reflect: true }) currency?: string;
  /** How many months of movements and cohorts, ending with the current one (default 12). */
  @property({ type: Number }) months?: number;
  /** Overrides of the locale's strings, e.g. `{ title: 'Recurring revenue' }`. */
  @property({ attribute: false }) strings?: Partial<RevenueDashboardStrings>;

  @state() private cohortMode: 'companies' | 'revenue' = 'companies';

  #view: DashboardView | null = null;

  /** Settles once the charts of the shown figures are drawn (for screenshots and tests). */
  get chartsReady(): Promise<void> {
    return this.updateComplete.then(() => this.#charts.ready);
  }

  protected override willUpdate(): void {
    const metrics = this.#metrics.value.data;
    this.#view = metrics ? dashboardView({ metrics, currency: this.currency, cohortMode: this.cohortMode, strings: this.#l.strings, locale: this.#l.locale }) : null;
  }

  protected override updated(): void {
    const status = this.#data.status;
    const view = this.#view;
    // Signed out is none of these: the widget asks for a session and loads nothing.
    const signedIn = this.subkit.hasSession;
    this.setStates({ loading: signedIn && (status === 'pending' || status === 'initial'), error: signedIn && status === 'error', empty: signedIn && status === 'complete' && !!view?.empty });
    const root = this.renderRoot as ShadowRoot;
    const drawable = status === 'complete' && view && !view.empty && view.bucket;
    void this.#charts.draw(
      drawable
        ? {
            labels: view.months.map((m, i) => axisLabel(m.month, i, this.#l.locale)),
            shortLabels: view.months.map((m, i) => axisLabel(m.month, i, this.#l.locale, false)),
            mrr: view.bucket!.months.map((m) => m.endMrr),
            movements: view.months,
            currency: view.currency,
            locale: this.#l.locale,
            dir: this.#l.dir,
          }
        : null,
      { mrr: root.getElementById('mrr-canvas'), movements: root.getElementById('movements-canvas') },
      `${this.theme}|${getComputedStyle(this).getPropertyValue('--_primary')}`,
    );
  }

  #handleCurrency = (event: Event): void => {
    this.currency = (event.target as HTMLSelectElement).value;
  };

  #handleCohortMode = (mode: 'companies' | 'revenue'): void => {
    this.cohortMode = mode;
  };

  #handleRefresh = (): void => {
    this.#data.run();
  };

  #context(): DashboardContext {
    return {
      s: this.#l.strings,
      locale: this.#l.locale,
      cohortMode: this.cohortMode,
      busy: this.#metrics.value.loading,
      onCurrency: this.#handleCurrency,
      onCohortMode: this.#handleCohortMode,
      onRefresh: this.#handleRefresh,
    };
  }

  protected override render(): TemplateResult {
    const c = this.#context();
    const { s } = c;
    const view = this.#view;
    const signedOut = !this.subkit.hasSession;
    const body = signedOut
      ? emptyState(s.signedOut)
      : this.#data.render({
          initial: () => loadingState(s.loading, dashboardSkeleton()),
          pending: () => loadingState(s.loading, dashboardSkeleton()),
          error: (error) => errorState(s.loadError, error, s, () => this.#data.run()),
          complete: () =>
            !view || view.empty
              ? emptyState(s.empty)
              : html`<div part="content">
                  ${figures(view, c)}
                  <div class="charts">${mrrChart(view, c)}<div>${movementsChart(view, c)}</div></div>
                  ${cohortTable(view, c)} ${webhookHealth(view.webhooks, c)}
                </div>`,
        });
    return html`<section part="base" dir=${this.#l.dir} lang=${this.#l.locale} aria-labelledby="title" aria-busy=${this.#metrics.value.loading ? 'true' : 'false'}>
      <header part="header">
        <h2 part="title" id="title"><slot name="heading">${s.title}</slot></h2>
        ${view && !signedOut ? controls(view, c) : nothing}
      </header>
      ${body}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-revenue-dashboard': SubkitRevenueDashboard;
  }
}
