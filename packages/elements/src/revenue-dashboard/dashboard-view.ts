/**
 * What the revenue dashboard shows, derived from the metrics by pure functions: the currency view, the
 * headline figures, the chart series, the movements and cohort tables, and webhook health. Every text is
 * made here from numbers in the widget's locale; the element only draws it.
 */
import type { CurrencyMetrics, Metrics, MetricsMonth, WebhookHealth } from '@subkit/core/schemas';
import { count, date, money } from '../internal/format.js';
import { format, type Locale } from '../locales/locales.js';
import type { RevenueDashboardStrings } from '../locales/revenue-dashboard.js';

/** The value of the currency picker for the reporting-currency view. */
export const REPORTING = 'reporting';

/** One headline figure. */
export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly detail: string | null;
}

/** A movement row per month, for the chart and its table. */
export interface MovementRow {
  readonly month: string;
  readonly label: string;
  readonly values: Readonly<Record<MovementKey, number>>;
  readonly cells: Readonly<Record<MovementKey | 'netNew' | 'endMrr', string>>;
}

/** The movements, in the order the chart stacks them (gains, then losses). */
export const MOVEMENTS = ['newMrr', 'expansion', 'reactivation', 'contraction', 'churned'] as const;
export type MovementKey = (typeof MOVEMENTS)[number];

/** One cell of the cohort heatmap: the share still there, as text and as a 0–1 intensity. */
export interface CohortCell {
  readonly offset: number;
  readonly share: number | null;
  readonly text: string;
  readonly title: string;
}

/** One row of the cohort heatmap. */
export interface CohortRow {
  readonly label: string;
  readonly size: string;
  readonly cells: readonly CohortCell[];
}

/** Everything the dashboard draws for one currency view. */
export interface DashboardView {
  readonly options: readonly { value: string; label: string }[];
  readonly selected: string;
  readonly bucket: CurrencyMetrics | null;
  readonly currency: string;
  readonly asOf: string;
  /** Notes under the figures; `ltr` is a part kept left to right in any locale (rates, currency codes). */
  readonly notes: readonly { text: string; ltr: string | null }[];
  readonly figures: readonly Figure[];
  readonly months: readonly MovementRow[];
  readonly mrrSummary: string;
  readonly movementsSummary: string;
  readonly cohortOffsets: readonly number[];
  readonly cohorts: readonly CohortRow[];
  readonly webhooks: WebhookHealth;
  /** Nothing to show: no revenue and no movement in any month. */
  readonly empty: boolean;
}

const percent = (share: number | null, locale: string) =>
  share === null ? null : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** A chart axis's label of a month: "Mar", with the year on the first month and on each January (unless `years` is false). */
export function axisLabel(month: string, index: number, locale: string, years = true): string {
  const [year, m] = month.split('-').map(Number);
  const withYear = years && (index === 0 || m === 1);
  return new Intl.DateTimeFormat(locale, { month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(new Date(Date.UTC(year!, m! - 1, 1)));
}

/** "Mar 2027" in the locale, for a `YYYY-MM` month (UTC). */
export function monthLabel(month: string, locale: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year!, m! - 1, 1)));
}

function movementRow(m: MetricsMonth, currency: string, s: RevenueDashboardStrings, locale: string): MovementRow {
  const label = monthLabel(m.month, locale);
  const values = { newMrr: m.newMrr, expansion: m.expansionMrr, reactivation: m.reactivationMrr, contraction: m.contractionMrr, churned: m.churnedMrr };
  const cash = (n: number) => money(n, currency, locale);
  return {
    month: m.month,
    label: m.partial ? format(s.monthSoFar, { month: label }) : label,
    values,
    cells: {
      newMrr: cash(values.newMrr),
      expansion: cash(values.expansion),
      reactivation: cash(values.reactivation),
      contraction: cash(-values.contraction),
      churned: cash(-values.churned),
      netNew: cash(m.netNewMrr),
      endMrr: cash(m.endMrr),
    },
  };
}

function figures(b: CurrencyMetrics, s: RevenueDashboardStrings, locale: string): Figure[] {
  const cash = (n: number) => money(n, b.currency, locale);
  // Rates of the last whole month: the running one is not over yet.
  const last = [...b.months].reverse().find((m) => !m.partial) ?? null;
  const inLast = last ? format(s.inMonth, { month: monthLabel(last.month, locale) }) : null;
  const rate = (value: number | null | undefined) => percent(value ?? null, locale) ?? s.none;
  return [
    { key: 'mrr', label: s.mrr, value: cash(b.mrr), detail: s.mrrHelp },
    { key: 'arr', label: s.arr, value: cash(b.arr), detail: s.arrHelp },
    { key: 'arpa', label: s.arpa, value: cash(b.arpa), detail: s.arpaHelp },
    { key: 'activeSubscriptions', label: s.activeSubscriptions, value: count(b.activeSubscriptions, locale), detail: null },
    { key: 'activeCompanies', label: s.activeCompanies, value: count(b.activeCompanies, locale), detail: null },
    {
      key: 'trialConversion',
      label: s.trialConversion,
      value: rate(b.trialConversion.rate),
      detail: format(s.trialConversionDetail, { converted: count(b.trialConversion.converted, locale), ended: count(b.trialConversion.ended, locale) }),
    },
    { key: 'nrr', label: s.nrr, value: rate(last?.netRevenueRetention), detail: inLast },
    { key: 'logoChurn', label: s.logoChurn, value: rate(last?.logoChurnRate), detail: inLast },
    { key: 'revenueChurn', label: s.revenueChurn, value: rate(last?.revenueChurnRate), detail: inLast },
  ];
}

function cohortRows(b: CurrencyMetrics, mode: 'companies' | 'revenue', s: RevenueDashboardStrings, locale: string): CohortRow[] {
  return b.cohorts.map((c) => {
    const first = c.periods[0];
    const base = mode === 'companies' ? (first?.companies ?? 0) : (first?.mrr ?? 0);
    const label = monthLabel(c.cohort, locale);
    return {
      label,
      size: count(c.companies, locale),
      cells: c.periods.map((p) => {
        const share = base > 0 ? (mode === 'companies' ? p.companies : p.mrr) / base : null;
        const text = percent(share, locale) ?? s.none;
        const amount = mode === 'companies' ? count(p.companies, locale) : money(p.mrr, b.currency, locale);
        return { offset: p.offset, share, text, title: `${label} · ${format(s.monthOffset, { n: p.offset })}: ${text} (${amount})` };
      }),
    };
  });
}

/** The dashboard's view of the metrics in the chosen currency (the reporting one by default, else the first). */
export function dashboardView(input: {
  metrics: Metrics;
  currency: string | undefined;
  cohortMode: 'companies' | 'revenue';
  strings: RevenueDashboardStrings;
  locale: Locale;
}): DashboardView {
  const { metrics, strings: s, locale } = input;
  const options = [
    ...(metrics.reporting ? [{ value: REPORTING, label: format(s.reportingOption, { currency: metrics.reporting.currency }) }] : []),
    ...metrics.currencies.map((c) => ({ value: c.currency, label: c.currency })),
  ];
  const wanted = input.currency && options.some((o) => o.value === input.currency) ? input.currency : (options[0]?.value ?? '');
  const bucket: CurrencyMetrics | null = wanted === REPORTING ? metrics.reporting : (metrics.currencies.find((c) => c.currency === wanted) ?? null);
  const notes: { text: string; ltr: string | null }[] = [];
  if (wanted === REPORTING && metrics.reporting) {
    const rates = metrics.reporting.rates.map((r) => `1 ${r.currency} = ${r.rate} ${metrics.reporting!.currency}`).join(', ');
    if (rates) notes.push({ text: s.ratesNote, ltr: rates });
    if (metrics.reporting.missingRates.length) notes.push({ text: s.missingRates, ltr: metrics.reporting.missingRates.join(', ') });
  }
  const months = bucket ? bucket.months.map((m) => movementRow(m, bucket.currency, s, locale)) : [];
  const firstMonth = bucket?.months[0];
  const lastMonth = bucket?.months.at(-1);
  const lastRow = months.at(-1);
  const cash = (n: number) => (bucket ? money(n, bucket.currency, locale) : '');
  const active = bucket !== null && (bucket.mrr > 0 || bucket.months.some((m) => m.endMrr > 0 || m.startMrr > 0));
  return {
    options,
    selected: wanted,
    bucket,
    currency: bucket?.currency ?? '',
    asOf: format(s.asOf, { date: date(metrics.at, locale) }),
    notes,
    figures: bucket ? figures(bucket, s, locale) : [],
    months,
    mrrSummary:
      firstMonth && lastMonth
        ? format(s.mrrSummary, { from: cash(firstMonth.endMrr), first: monthLabel(firstMonth.month, locale), to: cash(lastMonth.endMrr), last: lastRow!.label })
        : '',
    movementsSummary:
      lastMonth && lastRow
        ? format(s.movementsSummary, {
            month: lastRow.label,
            gained: cash(lastMonth.newMrr + lastMonth.expansionMrr + lastMonth.reactivationMrr),
            lost: cash(lastMonth.contractionMrr + lastMonth.churnedMrr),
          })
        : '',
    cohortOffsets: bucket ? [...new Set(bucket.cohorts.flatMap((c) => c.periods.map((p) => p.offset)))].sort((a, b) => a - b) : [],
    cohorts: bucket ? cohortRows(bucket, input.cohortMode, s, locale) : [],
    webhooks: metrics.webhooks,
    empty: !active,
  };
}

/** A webhook endpoint's status in words: healthy, failing since a date, or turned off (and why). */
export function endpointStatus(e: WebhookHealth['endpoints'][number], s: RevenueDashboardStrings, locale: string): { text: string; tone: 'ok' | 'warning' | 'danger' } {
  if (e.status === 'disabled') return { text: e.disabledReason === 'failing' ? s.statusDisabledFailing : s.statusDisabled, tone: 'danger' };
  if (e.failingSince) return { text: format(s.statusFailing, { date: date(e.failingSince, locale) }), tone: 'warning' };
  return { text: s.statusEnabled, tone: 'ok' };
}
