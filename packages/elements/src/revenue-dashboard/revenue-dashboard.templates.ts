import { html, nothing, type TemplateResult } from 'lit';
import type { WebhookHealth } from '@subkit/core/schemas';
import { count, date } from '../internal/format.js';
import { format, type Locale } from '../locales/locales.js';
import type { RevenueDashboardStrings } from '../locales/revenue-dashboard.js';
import { skeleton } from '../templates/states.js';
import { endpointStatus, MOVEMENTS, type DashboardView } from './dashboard-view.js';

/** What the templates need besides the view: strings, locale and the handlers. */
export interface DashboardContext {
  readonly s: RevenueDashboardStrings;
  readonly locale: Locale;
  readonly cohortMode: 'companies' | 'revenue';
  readonly busy: boolean;
  readonly onCurrency: (event: Event) => void;
  readonly onCohortMode: (mode: 'companies' | 'revenue') => void;
  readonly onRefresh: () => void;
}

/** The loading skeleton in the dashboard's shape: figures, two charts, a table. */
export function dashboardSkeleton(): TemplateResult[] {
  return [
    html`<div class="skeleton-figures">${Array.from({ length: 4 }, () => skeleton({ block: '4.5em' }))}</div>`,
    skeleton({ block: '14em' }),
    skeleton({ block: '14em' }),
  ];
}

/** The currency picker, the instant of the figures, and a refresh button. */
export function controls(view: DashboardView, c: DashboardContext): TemplateResult {
  return html`<div part="controls">
    ${view.options.length > 1
      ? html`<label part="currency"
          >${c.s.currency}
          <select part="currency-select" @change=${c.onCurrency} .value=${view.selected}>
            ${view.options.map((o) => html`<option value=${o.value} ?selected=${o.value === view.selected}>${o.label}</option>`)}
          </select></label
        >`
      : nothing}
    <span part="as-of">${view.asOf}</span>
    <button part="button refresh" type="button" ?disabled=${c.busy} @click=${c.onRefresh}>${c.s.refresh}</button>
  </div>`;
}

/** The headline figures as a description list of cards. */
export function figures(view: DashboardView, c: DashboardContext): TemplateResult {
  return html`<section part="figures" aria-label=${c.s.figures}>
    <dl part="figure-list">
      ${view.figures.map(
        (f) => html`<div part="figure figure-${f.key}">
          <dt part="figure-label">${f.label}</dt>
          <dd part="figure-value">${f.value}</dd>
          ${f.detail ? html`<dd part="figure-detail">${f.detail}</dd>` : nothing}
        </div>`,
      )}
    </dl>
    ${view.notes.map((n) => html`<p part="note">${n.text}${n.ltr ? html` <bdi dir="ltr">${n.ltr}</bdi>` : nothing}</p>`)}
  </section>`;
}

/** A chart: a heading, the canvas container (a picture with a summary), and its figures as a table. */
function chart(id: string, title: string, summary: string, table: TemplateResult, s: RevenueDashboardStrings): TemplateResult {
  return html`<section part="chart chart-${id}" aria-labelledby="${id}-title">
    <h3 part="section-title" id="${id}-title">${title}</h3>
    <div part="chart-canvas" class="chart" id="${id}-canvas" role="img" aria-label=${summary}></div>
    <details part="chart-table">
      <summary part="chart-table-toggle">${s.showTable}</summary>
      <div class="table-scroll" tabindex="0">${table}</div>
    </details>
  </section>`;
}

/** MRR over time and its table. */
export function mrrChart(view: DashboardView, c: DashboardContext): TemplateResult {
  const table = html`<table part="table">
    <caption class="visually-hidden">${c.s.mrrChart}</caption>
    <thead><tr><th scope="col">${c.s.month}</th><th scope="col">${c.s.endMrr}</th></tr></thead>
    <tbody>${view.months.map((m) => html`<tr><th scope="row">${m.label}</th><td>${m.cells.endMrr}</td></tr>`)}</tbody>
  </table>`;
  return chart('mrr', c.s.mrrChart, view.mrrSummary, table, c.s);
}

/** The movements per month, with a colour key, and its table. */
export function movementsChart(view: DashboardView, c: DashboardContext): TemplateResult {
  const columns = [...MOVEMENTS, 'netNew'] as const;
  const table = html`<table part="table">
    <caption class="visually-hidden">${c.s.movementsChart}</caption>
    <thead>
      <tr>
        <th scope="col">${c.s.month}</th>
        ${columns.map((k) => html`<th scope="col">${c.s[k]}</th>`)}
      </tr>
    </thead>
    <tbody>${view.months.map((m) => html`<tr><th scope="row">${m.label}</th>${columns.map((k) => html`<td>${m.cells[k]}</td>`)}</tr>`)}</tbody>
  </table>`;
  return html`${chart('movements', c.s.movementsChart, view.movementsSummary, table, c.s)}
    <ul part="chart-key" aria-hidden="true">
      ${MOVEMENTS.map((k) => html`<li part="chart-key-item"><span class="swatch swatch-${k}"></span>${c.s[k]}</li>`)}
    </ul>`;
}

/** The cohort table as a heatmap: each cell's share tints it, and says it in words. */
export function cohortTable(view: DashboardView, c: DashboardContext): TemplateResult {
  const mode = (m: 'companies' | 'revenue', label: string) =>
    html`<button part="button cohort-mode${c.cohortMode === m ? ' cohort-mode-active' : ''}" type="button" aria-pressed=${c.cohortMode === m ? 'true' : 'false'} @click=${() => c.onCohortMode(m)}>${label}</button>`;
  return html`<section part="cohorts" aria-labelledby="cohorts-title">
    <div class="section-head">
      <h3 part="section-title" id="cohorts-title">${c.s.cohorts}</h3>
      <div part="cohort-modes" role="group" aria-label=${c.s.cohortsBy}>${mode('companies', c.s.cohortsCompanies)} ${mode('revenue', c.s.cohortsRevenue)}</div>
    </div>
    ${view.cohorts.length === 0
      ? html`<p part="note">${c.s.cohortsEmpty}</p>`
      : html`<div class="table-scroll" tabindex="0">
          <table part="table cohort-table">
            <thead>
              <tr>
                <th scope="col">${c.s.cohort}</th>
                <th scope="col">${c.s.cohortSize}</th>
                ${view.cohortOffsets.map((n) => html`<th scope="col">${format(c.s.monthOffset, { n: count(n, c.locale) })}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${view.cohorts.map(
                (row) => html`<tr>
                  <th scope="row">${row.label}</th>
                  <td>${row.size}</td>
                  ${view.cohortOffsets.map((n) => {
                    const cell = row.cells.find((x) => x.offset === n);
                    if (!cell) return html`<td part="cohort-cell cohort-cell-empty"></td>`;
                    // The tint through the CSSOM (.style), not a style attribute: a strict CSP forbids inline style attributes.
                    return html`<td part="cohort-cell" title=${cell.title} .style=${`--_share:${Math.min(1, cell.share ?? 0)}`}>${cell.text}</td>`;
                  })}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`}
  </section>`;
}

/** Webhook delivery health: the last day's figures and each endpoint's state. */
export function webhookHealth(health: WebhookHealth, c: DashboardContext): TemplateResult {
  const { s, locale } = c;
  return html`<section part="webhooks" aria-labelledby="webhooks-title">
    <h3 part="section-title" id="webhooks-title">${s.webhooks}</h3>
    <dl part="webhook-figures">
      <div><dt>${s.pending}</dt><dd>${count(health.pending, locale)}</dd></div>
      <div><dt>${s.deliveredLastDay}</dt><dd>${count(health.deliveredLastDay, locale)}</dd></div>
      <div><dt>${s.failedLastDay}</dt><dd>${count(health.failedAttemptsLastDay, locale)}</dd></div>
    </dl>
    ${health.endpoints.length === 0
      ? html`<p part="note">${s.noEndpoints}</p>`
      : html`<div class="table-scroll">
          <table part="table webhook-table">
            <thead>
              <tr><th scope="col">${s.endpoint}</th><th scope="col">${s.status}</th><th scope="col">${s.pending}</th><th scope="col">${s.lastSuccess}</th></tr>
            </thead>
            <tbody>
              ${health.endpoints.map((e) => {
                const status = endpointStatus(e, s, locale);
                return html`<tr>
                  <td part="endpoint-url" dir="ltr">${e.url}</td>
                  <td><span part="status status-${status.tone}">${status.text}</span></td>
                  <td>${count(e.pending, locale)}</td>
                  <td>${e.lastSuccessAt ? date(e.lastSuccessAt, locale) : s.never}</td>
                </tr>`;
              })}
            </tbody>
          </table>
        </div>`}
  </section>`;
}
