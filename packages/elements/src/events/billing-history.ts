import type { InvoiceFilters } from '@subkit/client';
import type { PaymentResult } from '@subkit/core';
import { EVENT_INIT } from './common.js';

/**
 * An invoice the buyer paid. Both `<subkit-billing-history>` and `<subkit-subscription-manager>` (its
 * past-due banner) pay invoices, so this is the one definition of the event; the history also fills in
 * the invoice's number and the amount paid.
 */
export interface InvoicePaidDetail {
  invoiceId: string;
  /** The subscription the invoice bills, when it bills one. */
  subscriptionId: string | null;
  payment: PaymentResult;
  /** The invoice number, e.g. `INV-2026-0042`, when the sender knows it. */
  number?: string;
  /** What was paid, in minor units of `currency`, when the sender knows it. */
  amount?: number;
  currency?: string;
}

/** Fired once an open invoice has been paid. */
export class InvoicePaidEvent extends Event {
  static readonly eventName = 'subkit-invoice-paid' as const;
  constructor(readonly detail: InvoicePaidDetail) {
    super(InvoicePaidEvent.eventName, EVENT_INIT);
  }
}

/** Fired when an invoice's PDF has been handed to the browser as a download. */
export class InvoiceDownloadedEvent extends Event {
  static readonly eventName = 'subkit-invoice-downloaded' as const;
  constructor(readonly detail: { invoiceId: string; number: string; filename: string }) {
    super(InvoiceDownloadedEvent.eventName, EVENT_INIT);
  }
}

/** Fired when the invoice CSV export (with the filters it was made with) has been downloaded. */
export class ExportCompletedEvent extends Event {
  static readonly eventName = 'subkit-export-completed' as const;
  constructor(readonly detail: { format: 'csv'; filename: string; filters: InvoiceFilters; bytes: number }) {
    super(ExportCompletedEvent.eventName, EVENT_INIT);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'subkit-invoice-paid': InvoicePaidEvent;
    'subkit-invoice-downloaded': InvoiceDownloadedEvent;
    'subkit-export-completed': ExportCompletedEvent;
  }
}
