/** What one billing run (or one test clock advance) did, for the answer and the logs. */
import type { InvoiceSummary } from '@subkit/core';

/** One payment attempt the run made, with its outcome. */
export interface ReportedPayment {
  readonly id: string;
  readonly invoiceId: string;
  /** The company the invoice is billed to. */
  readonly companyId: string;
  readonly attempt: number;
  readonly amount: number;
  readonly currency: string;
  readonly status: 'succeeded' | 'failed' | 'requires_action' | 'pending';
  readonly failureCode: string | null;
  readonly hardDecline: boolean;
  readonly at: string;
}

/** A subscription that changed status. */
export interface ReportedStatusChange {
  readonly subscriptionId: string;
  readonly companyId: string;
  readonly from: string;
  readonly to: string;
  readonly at: string;
}

/** How many of each kind a run did, whether or not the report keeps them. */
export interface ReportCounts {
  invoices: number;
  payments: number;
  paymentsSucceeded: number;
  paymentsFailed: number;
  statusChanges: number;
}

/**
 * What a run did, in the order it happened: every count, and the first `keep` of each kind. A test clock
 * advance keeps all (its answer lists them); the worker keeps a sample, so a run over 100,000 renewals
 * does not hold 100,000 invoice summaries (the benchmark's worker peaked at 624 MB).
 */
export interface RunReport {
  invoices: InvoiceSummary[];
  payments: ReportedPayment[];
  statusChanges: ReportedStatusChange[];
  /** Renewals (period ends and ended pauses) the run processed. */
  renewals: number;
  readonly counts: ReportCounts;
  /** How many of each kind the lists keep. */
  readonly keep: number;
}

/** How many of each kind the worker's report keeps. */
export const REPORT_SAMPLE = 100;

const noCounts = (): ReportCounts => ({ invoices: 0, payments: 0, paymentsSucceeded: 0, paymentsFailed: 0, statusChanges: 0 });

/** An empty report that keeps the first `keep` of each kind (all by default). */
export function newReport(keep = Number.POSITIVE_INFINITY): RunReport {
  return { invoices: [], payments: [], statusChanges: [], renewals: 0, counts: noCounts(), keep };
}

/** Counts an invoice; keeps its summary (made only then) while the report keeps invoices. */
export function reportInvoice(report: RunReport, summary: () => InvoiceSummary): void {
  report.counts.invoices += 1;
  if (report.invoices.length < report.keep) report.invoices.push(summary());
}

/** Counts a payment attempt; keeps it while the report keeps payments. */
export function reportPayment(report: RunReport, payment: ReportedPayment): void {
  report.counts.payments += 1;
  if (payment.status === 'succeeded') report.counts.paymentsSucceeded += 1;
  if (payment.status === 'failed') report.counts.paymentsFailed += 1;
  if (report.payments.length < report.keep) report.payments.push(payment);
}

/** Counts a status change; keeps it while the report keeps status changes. */
export function reportStatusChange(report: RunReport, change: ReportedStatusChange): void {
  report.counts.statusChanges += 1;
  if (report.statusChanges.length < report.keep) report.statusChanges.push(change);
}

/** How far a report got: what `rewindReport` puts it back to when a transaction that filled it is run again (db/retry.ts). */
export interface ReportMark {
  readonly invoices: number;
  readonly payments: number;
  readonly statusChanges: number;
  readonly renewals: number;
  readonly counts: ReportCounts;
}

/** Where `report` is now. */
export function reportMark(report: RunReport): ReportMark {
  return {
    invoices: report.invoices.length,
    payments: report.payments.length,
    statusChanges: report.statusChanges.length,
    renewals: report.renewals,
    counts: { ...report.counts },
  };
}

/** Drops what was added to `report` since `mark`. */
export function rewindReport(report: RunReport, mark: ReportMark): void {
  report.invoices.length = mark.invoices;
  report.payments.length = mark.payments;
  report.statusChanges.length = mark.statusChanges;
  report.renewals = mark.renewals;
  Object.assign(report.counts, mark.counts);
}

/** Moves what `from` holds to the end of `into` (as much as `into` keeps), leaving `from` empty. */
export function moveReport(into: RunReport, from: RunReport): void {
  const room = (list: unknown[]) => Math.max(0, into.keep - list.length);
  into.invoices.push(...from.invoices.splice(0).slice(0, room(into.invoices)));
  into.payments.push(...from.payments.splice(0).slice(0, room(into.payments)));
  into.statusChanges.push(...from.statusChanges.splice(0).slice(0, room(into.statusChanges)));
  into.renewals += from.renewals;
  from.renewals = 0;
  for (const k of Object.keys(into.counts) as (keyof ReportCounts)[]) {
    into.counts[k] += from.counts[k];
    from.counts[k] = 0;
  }
}
