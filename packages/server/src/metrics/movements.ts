/**
 * From subscriptions' MRR steps to a company's MRR over time, the movements of each month, churn and
 * retention rates, and monthly cohorts. Pure; instants are epoch milliseconds, months are UTC.
 *
 * Movements are per company (the B2B customer), classified at each instant its MRR changes: from 0 to
 * more is `new` (its first time) or `reactivation`; from more to 0 is `churned`; up is `expansion`, down
 * is `contraction`. So a month's start + new + expansion + reactivation − contraction − churned = its end,
 * exactly. Rates look at the companies paying at the month's start (S): logo churn = those of S paying
 * nothing at its end ÷ |S|; revenue churn = what S lost (per company, never more than it had) ÷ S's
 * MRR; net revenue retention = S's MRR at the end ÷ at the start.
 */
import type { MetricsCohort } from '@subkit/core';

/** A value from an instant on. */
export interface Point {
  readonly at: number;
  readonly mrr: number;
}

/** One month of the report: [start, end), `end` cut at the report's instant for the running month. */
export interface MonthWindow {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly start: number;
  readonly end: number;
  readonly partial: boolean;
}

/** The months ending with the one that holds `at` (its changes up to `at` included). */
export function monthWindows(at: number, count: number): MonthWindow[] {
  const d = new Date(at);
  const windows: MonthWindow[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i + 1, 1);
    const s = new Date(start);
    windows.push({
      month: `${s.getUTCFullYear()}-${String(s.getUTCMonth() + 1).padStart(2, '0')}`,
      start,
      end: Math.min(next, at + 1),
      partial: next > at + 1,
    });
  }
  return windows;
}

/** The sum of several step functions, as one (a point wherever any of them changes). */
export function sumSeries(series: readonly (readonly Point[])[]): Point[] {
  const instants = [...new Set(series.flatMap((s) => s.map((p) => p.at)))].sort((a, b) => a - b);
  const cursors = series.map(() => -1);
  const out: Point[] = [];
  for (const at of instants) {
    let total = 0;
    series.forEach((s, i) => {
      while (cursors[i]! + 1 < s.length && s[cursors[i]! + 1]!.at <= at) cursors[i]!++;
      total += s[cursors[i]!]?.mrr ?? 0;
    });
    if (out.at(-1)?.mrr !== total) out.push({ at, mrr: total });
  }
  return out;
}

/** The value in effect just before `at` (changes at `at` not yet applied); 0 before the first point. */
export function valueBefore(points: readonly Point[], at: number): number {
  let value = 0;
  for (const p of points) {
    if (p.at >= at) break;
    value = p.mrr;
  }
  return value;
}

/** What moved a month's MRR, in minor units and companies. */
export interface MonthMovements {
  readonly month: string;
  readonly partial: boolean;
  readonly startMrr: number;
  readonly endMrr: number;
  readonly newMrr: number;
  readonly expansionMrr: number;
  readonly contractionMrr: number;
  readonly churnedMrr: number;
  readonly reactivationMrr: number;
  readonly startCompanies: number;
  readonly endCompanies: number;
  readonly newCompanies: number;
  readonly reactivatedCompanies: number;
  /** Companies paying at the start and nothing at the end. */
  readonly churnedCompanies: number;
  /** What the companies paying at the start lost, each at most what it had. */
  readonly lostMrr: number;
  /** The MRR at the end of the companies that paid at the start. */
  readonly retainedMrr: number;
}

/** A month's movements over the companies' MRR series. */
export function monthMovements(companies: readonly (readonly Point[])[], window: MonthWindow): MonthMovements {
  const m = {
    month: window.month, partial: window.partial, startMrr: 0, endMrr: 0, newMrr: 0, expansionMrr: 0, contractionMrr: 0, churnedMrr: 0,
    reactivationMrr: 0, startCompanies: 0, endCompanies: 0, newCompanies: 0, reactivatedCompanies: 0, churnedCompanies: 0, lostMrr: 0, retainedMrr: 0,
  };
  for (const points of companies) {
    const start = valueBefore(points, window.start);
    const end = valueBefore(points, window.end);
    m.startMrr += start;
    m.endMrr += end;
    if (start > 0) {
      m.startCompanies++;
      m.retainedMrr += end;
      m.lostMrr += Math.max(0, start - end);
      if (end === 0) m.churnedCompanies++;
    }
    if (end > 0) m.endCompanies++;
    let previous = 0;
    let paidBefore = false;
    for (const p of points) {
      if (p.at >= window.end) break;
      if (p.at >= window.start && p.mrr !== previous) {
        if (previous === 0) {
          if (paidBefore) {
            m.reactivationMrr += p.mrr;
            m.reactivatedCompanies++;
          } else {
            m.newMrr += p.mrr;
            m.newCompanies++;
          }
        } else if (p.mrr === 0) m.churnedMrr += previous;
        else if (p.mrr > previous) m.expansionMrr += p.mrr - previous;
        else m.contractionMrr += previous - p.mrr;
      }
      if (p.mrr > 0) paidBefore = true;
      previous = p.mrr;
    }
  }
  return m;
}

/** The cohorts of the companies that first paid within the windows, as of each window's end. */
export function cohorts(companies: readonly (readonly Point[])[], windows: readonly MonthWindow[]): MetricsCohort[] {
  const byMonth = new Map<number, (readonly Point[])[]>();
  for (const points of companies) {
    const first = points.find((p) => p.mrr > 0);
    if (!first) continue;
    const index = windows.findIndex((w) => first.at >= w.start && first.at < w.end);
    if (index < 0) continue;
    byMonth.set(index, [...(byMonth.get(index) ?? []), points]);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, members]) => ({
      cohort: windows[index]!.month,
      companies: members.length,
      periods: windows.slice(index).map((w, offset) => {
        const values = members.map((points) => valueBefore(points, w.end));
        return { offset, companies: values.filter((v) => v > 0).length, mrr: values.reduce((a, b) => a + b, 0) };
      }),
    }));
}

/** `count / of`, rounded to 4 decimals; null when there is nothing to divide by. */
export function ratio(count: number, of: number): number | null {
  return of === 0 ? null : Math.round((count / of) * 10_000) / 10_000;
}
