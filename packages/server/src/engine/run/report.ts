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
