/**
 * Row shapes of the billing tables as the engine reads them, and small conversions between rows and
 * wire values. Both drivers parse int8/numeric to numbers and timestamptz to Date (see db/open.ts).
 */
import { isoString } from '../iso.js';
import type { Address, CancellationReason, Discount, InvoiceLine, InvoiceParty, InvoicePurpose, InvoiceStatus, PriceItem, Recurring, SellerProfile, SubscriptionItem, SubscriptionStatus, TaxId, TaxLine, TaxTreatment } from '@subkit/core';

/** A timestamptz column as it comes back from either driver. */
export type DbTime = Date | string;

/** An instant as the wire carries it (ISO 8601, UTC). */
export function iso(value: DbTime): string {
  return isoString(value instanceof Date ? value : new Date(value));
}

/** A nullable instant as the wire carries it. */
export function isoOrNull(value: DbTime | null | undefined): string | null {
  return value === null || value === undefined ? null : iso(value);
}

/** A timestamptz column as a Date. */
export function toDate(value: DbTime): Date {
  return value instanceof Date ? value : new Date(value);
}

/** A companies row (one definition, shared with the platform handlers). */
export type { CompanyRow } from '../handlers/platform/rows.js';

/** A plans row. */
export interface PlanRow {
  id: string;
  product_id: string;
  name: string;
  contact_sales: boolean;
  trial_days: number | null;
  quantity: { unitLabel: string; minimum: number; maximum: number | null; default: number } | null;
  rank: number;
  active: boolean;
  /** What the end of a trial without a payment method does. */
  trial_end_behavior?: 'create_invoice' | 'cancel';
}

/** A prices row (public, or a contract price when `company_id` is set). */
export interface PriceRow {
  id: string;
  plan_id: string;
  currency: string;
  interval: Recurring['interval'];
  interval_count: number;
  items: PriceItem[];
  company_id: string | null;
}

/** What a subscription will look like after a change scheduled for its period end. */
export interface ScheduledChange {
  planId: string;
  priceId: string;
  recurring: Recurring;
  quantity: number;
  items: SubscriptionItem[];
  addOns: SubscriptionAddOn[];
}

/** An add-on on a subscription, as stored in `subscriptions.add_ons`. */
export interface SubscriptionAddOn {
  addOnId: string;
  name: string;
  quantity: number;
}

/** A subscriptions row. */
export interface SubscriptionRow {
  id: string;
  company_id: string;
  created_by_member_id: string | null;
  status: SubscriptionStatus;
  product_id: string;
  plan_id: string;
  price_id: string;
  currency: string;
  interval: Recurring['interval'];
  interval_count: number;
  quantity: number;
  items: SubscriptionItem[];
  add_ons: SubscriptionAddOn[];
  collection_method: 'charge_automatically' | 'send_invoice';
  payment_terms_days: number | null;
  po_number: string | null;
  default_payment_method_id: string | null;
  billing_anchor: DbTime;
  current_period_start: DbTime;
  current_period_end: DbTime;
  trial_start: DbTime | null;
  trial_end: DbTime | null;
  cancel_at_period_end: boolean;
  canceled_at: DbTime | null;
  ended_at: DbTime | null;
  cancellation: { reason: CancellationReason; feedback: string | null } | null;
  pause: { pausedAt: string; resumesAt: string | null } | null;
  skipped_periods: string[];
  discount: Discount | null;
  scheduled_change: ScheduledChange | null;
  /** A change that charges now, waiting for its invoice to be paid. */
  pending_change: PendingChange | null;
  /** `pause.resumesAt` as a column the billing run finds by index. */
  pause_resumes_at: DbTime | null;
  /** When `subscription.trial_will_end` went out. */
  trial_will_end_sent_at: DbTime | null;
  version: number;
  created_at: DbTime;
  updated_at: DbTime;
}

/** The subscription columns a change sets, as stored while it waits (instants as ISO strings). */
export type ChangePatch = Partial<
  Pick<
    SubscriptionRow,
    | 'plan_id' | 'price_id' | 'interval' | 'interval_count' | 'quantity' | 'items' | 'add_ons' | 'scheduled_change'
    | 'billing_anchor' | 'current_period_start' | 'current_period_end' | 'skipped_periods'
  >
>;

/** A change waiting for the payment of its invoice. */
export interface PendingChange {
  readonly invoiceId: string;
  readonly patch: ChangePatch;
}

/** An invoices row. */
export interface InvoiceRow {
  id: string;
  /** Null while a draft. */
  number: string | null;
  company_id: string;
  subscription_id: string | null;
  status: InvoiceStatus;
  billing_reason: 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'manual';
  collection_method: 'charge_automatically' | 'send_invoice';
  currency: string;
  lines: InvoiceLine[];
  subtotal: number;
  discount_total: number;
  tax_lines: TaxLine[];
  tax: number;
  total: number;
  credit_applied: number;
  amount_paid: number;
  amount_due: number;
  po_number: string | null;
  period_start: DbTime;
  period_end: DbTime;
  issued_at: DbTime;
  due_at: DbTime | null;
  paid_at: DbTime | null;
  created_at: DbTime;
  /** When dunning charges it again; null when no retry is planned. */
  next_payment_attempt_at: DbTime | null;
  /** When collection first failed (dunning counts its retries from here). */
  dunning_started_at: DbTime | null;
  /** When a net-terms invoice was noticed overdue. */
  overdue_at: DbTime | null;
  /** When the end policy applies if the invoice is still unpaid. */
  dunning_ends_at: DbTime | null;
  /** What the invoice is for (null on invoices issued before it was kept). */
  purpose?: InvoicePurpose | null;
  tax_treatment?: TaxTreatment | null;
  /** The seller and the buyer as they were when the invoice was issued. */
  seller?: SellerProfile | null;
  buyer?: InvoiceParty | null;
}

/** A payments row: one try to collect an invoice. */
export interface PaymentRow {
  id: string;
  invoice_id: string | null;
  company_id: string;
  amount: number;
  currency: string;
  /** `pending`: recorded, the processor's answer not yet recorded (in flight, or lost in a crash). */
  status: 'succeeded' | 'failed' | 'requires_action' | 'pending';
  payment_method_id: string | null;
  failure_code: string | null;
  failure_message: string | null;
  next_retry_at: DbTime | null;
  created_at: DbTime;
  /** 1, 2, … per invoice; unique with the invoice. */
  attempt: number;
  /** `<invoice id>:attempt:<n>`: what the processor dedupes on. */
  idempotency_key: string;
  /** `outside`: a payment the merchant recorded as received outside subkit (a bank transfer; `received` says how). */
  processor: 'test' | 'stripe' | 'outside';
  processor_payment_id: string | null;
  on_session: boolean;
  first_use: boolean;
  hard_decline: boolean;
  next_action: { type: 'sca_challenge' | 'stripe_confirm'; clientSecret: string | null } | null;
  settled_at: DbTime | null;
  /** A cancel at the processor after the invoice was voided or a newer attempt replaced it: recorded (`pending`), then its answer (migrations 182, 183). */
  processor_cancel: 'pending' | 'canceled' | 'succeeded' | null;
  /** How a payment received outside subkit came (migration 186); null for a processor's. */
  received: { method: 'bank_transfer' | 'check' | 'cash' | 'other'; reference: string | null } | null;
}

/** A payment_methods row. */
export interface PaymentMethodRow {
  id: string;
  company_id: string;
  type: 'card' | 'sepa_debit' | 'bank_transfer';
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
  processor_ref: string | null;
  is_default: boolean;
  created_at: DbTime;
  detached_at: DbTime | null;
}

/** The recurring schedule of a subscription or price row. */
export function recurringOf(row: { interval: Recurring['interval']; interval_count: number }): Recurring {
  return { interval: row.interval, intervalCount: row.interval_count };
}

/** Whether two schedules bill at the same rhythm. */
export function sameRecurring(a: Recurring, b: Recurring): boolean {
  return a.interval === b.interval && a.intervalCount === b.intervalCount;
}

/** A jsonb parameter: `pg` would send a bare JS array as a Postgres array. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

