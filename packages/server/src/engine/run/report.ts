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

/** Everything a run did, in the order it happened. */
export interface RunReport {
  invoices: InvoiceSummary[];
  payments: ReportedPayment[];
  statusChanges: ReportedStatusChange[];
  /** Renewals (period ends and ended pauses) the run processed. */
  renewals: number;
}

/** An empty report. */
export function newReport(): RunReport {
  return { invoices: [], payments: [], statusChanges: [], renewals: 0 };
}

/** How far a report got: what `rewindReport` puts it back to when a transaction that filled it is run again (db/retry.ts). */
export interface ReportMark {
  readonly invoices: number;
  readonly payments: number;
  readonly statusChanges: number;
  readonly renewals: number;
}

/** Where `report` is now. */
export function reportMark(report: RunReport): ReportMark {
  return { invoices: report.invoices.length, payments: report.payments.length, statusChanges: report.statusChanges.length, renewals: report.renewals };
}

/** Drops what was added to `report` since `mark`. */
export function rewindReport(report: RunReport, mark: ReportMark): void {
  report.invoices.length = mark.invoices;
  report.payments.length = mark.payments;
  report.statusChanges.length = mark.statusChanges;
  report.renewals = mark.renewals;
}

/** Moves what `from` holds to the end of `into`, leaving `from` empty. */
export function moveReport(into: RunReport, from: RunReport): void {
  into.invoices.push(...from.invoices.splice(0));
  into.payments.push(...from.payments.splice(0));
  into.statusChanges.push(...from.statusChanges.splice(0));
  into.renewals += from.renewals;
  from.renewals = 0;
}
