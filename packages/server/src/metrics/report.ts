/** The metrics report from the subscriptions' history: per currency and in the reporting currency. Pure. */
import { fromBigInt, roundDiv, type CurrencyMetrics, type ReportingMetrics } from '@subkit/core';
import { convertAmount, rateFor, type ReportingSettings } from './fx.js';
import { cohorts, monthMovements, monthWindows, ratio, sumSeries, valueBefore, type MonthWindow } from './movements.js';
import { REVENUE_STATUSES, stepAt, subscriptionSteps, type MrrStep, type SubscriptionState, type UsageCharge } from './mrr.js';

/** What the report is computed from. */
export interface ReportInput {
  /** Every subscription state, in write order. */
  readonly states: readonly SubscriptionState[];
  readonly usage: readonly UsageCharge[];
  /** The report's instant, epoch milliseconds. */
  readonly at: number;
  readonly months: number;
  readonly reporting: ReportingSettings | null;
}

interface SubscriptionHistory {
  readonly subscriptionId: string;
  readonly companyId: string;
  readonly currency: string;
  readonly states: readonly SubscriptionState[];
  readonly steps: readonly MrrStep[];
}

function trialConversion(subs: readonly SubscriptionHistory[], from: number, until: number): CurrencyMetrics['trialConversion'] {
  let ended = 0;
  let converted = 0;
  for (const sub of subs) {
    sub.states.forEach((state, i) => {
      const next = sub.states[i + 1];
      if (state.status !== 'trialing' || !next || next.status === 'trialing' || next.validFrom < from || next.validFrom > until) return;
      ended++;
      if (REVENUE_STATUSES.has(next.status)) converted++;
    });
  }
  return { ended, converted, rate: ratio(converted, ended) };
}

function bucketMetrics(currency: string, subs: readonly SubscriptionHistory[], windows: readonly MonthWindow[], at: number): CurrencyMetrics {
  const byCompany = new Map<string, MrrStep[][]>();
  for (const sub of subs) byCompany.set(sub.companyId, [...(byCompany.get(sub.companyId) ?? []), [...sub.steps]]);
  const companies = [...byCompany.values()].map((steps) => sumSeries(steps));
  const mrr = companies.reduce((sum, points) => sum + valueBefore(points, at + 1), 0);
  const active = subs.filter((s) => REVENUE_STATUSES.has(stepAt(s.steps, at)?.status ?? 'canceled'));
  const activeCompanies = new Set(active.map((s) => s.companyId)).size;
  return {
    currency,
    mrr,
    arr: mrr * 12,
    arpa: activeCompanies ? fromBigInt(roundDiv(BigInt(mrr), BigInt(activeCompanies))) : 0,
    activeSubscriptions: active.length,
    activeCompanies,
    trialingSubscriptions: subs.filter((s) => stepAt(s.steps, at)?.status === 'trialing').length,
    trialConversion: trialConversion(subs, windows[0]!.start, at),
    months: windows.map((w) => {
      const m = monthMovements(companies, w);
      return {
        month: m.month,
        partial: m.partial,
        startMrr: m.startMrr,
        endMrr: m.endMrr,
        newMrr: m.newMrr,
        expansionMrr: m.expansionMrr,
        contractionMrr: m.contractionMrr,
        churnedMrr: m.churnedMrr,
        reactivationMrr: m.reactivationMrr,
        netNewMrr: m.endMrr - m.startMrr,
        startCompanies: m.startCompanies,
        endCompanies: m.endCompanies,
        newCompanies: m.newCompanies,
        reactivatedCompanies: m.reactivatedCompanies,
        churnedCompanies: m.churnedCompanies,
        logoChurnRate: ratio(m.churnedCompanies, m.startCompanies),
        revenueChurnRate: ratio(m.lostMrr, m.startMrr),
        netRevenueRetention: ratio(m.retainedMrr, m.startMrr),
      };
    }),
    cohorts: cohorts(companies, windows),
  };
}

/** MRR, ARR, ARPA, counts, trial conversion, monthly movements and cohorts: per currency, and converted. */
export function metricsReport(input: ReportInput): { currencies: CurrencyMetrics[]; reporting: ReportingMetrics | null } {
  const windows = monthWindows(input.at, input.months);
  const statesBySub = new Map<string, SubscriptionState[]>();
  for (const s of input.states) statesBySub.set(s.subscriptionId, [...(statesBySub.get(s.subscriptionId) ?? []), s]);
  const subs: SubscriptionHistory[] = [...statesBySub.values()].map((states) => {
    const ordered = [...states].sort((a, b) => a.validFrom - b.validFrom);
    const first = ordered[0]!;
    const usage = input.usage.filter((u) => u.subscriptionId === first.subscriptionId);
    return { subscriptionId: first.subscriptionId, companyId: first.companyId, currency: first.currency, states: ordered, steps: subscriptionSteps(ordered, usage, input.at) };
  });

  const currencies = [...new Set(subs.map((s) => s.currency))].sort();
  const perCurrency = currencies.map((c) => bucketMetrics(c, subs.filter((s) => s.currency === c), windows, input.at));

  let reporting: ReportingMetrics | null = null;
  if (input.reporting) {
    const settings = input.reporting;
    const convertible = subs.filter((s) => rateFor(settings, s.currency) !== undefined);
    const converted = convertible.map((s) => {
      const rate = rateFor(settings, s.currency)!;
      return { ...s, steps: s.steps.map((step) => ({ ...step, mrr: convertAmount(step.mrr, s.currency, settings.currency, rate) })) };
    });
    reporting = {
      ...bucketMetrics(settings.currency, converted, windows, input.at),
      rates: Object.entries(settings.rates)
        .filter(([c]) => c !== settings.currency)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, rate]) => ({ currency, rate })),
      missingRates: currencies.filter((c) => rateFor(settings, c) === undefined),
    };
  }
  return { currencies: perCurrency, reporting };
}
