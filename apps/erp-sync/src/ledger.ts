/**
 * Booking rules: which subkit events become journal entries, and how. Double entry in integer minor
 * units of the event's currency; every entry's debits equal its credits. Pure: no I/O.
 */
import type { CreditNote, InvoiceSummary, Refund, WebhookEvent } from '@subkit/core';

/** The accounts this example books to (a tiny chart of accounts; an ERP maps them to its own). */
export const ACCOUNTS = {
  receivable: '1200 Accounts receivable',
  bank: '1800 Bank',
  customerCredit: '1410 Customer credit balances',
  revenue: '4000 Subscription revenue',
  returns: '4090 Credit notes and allowances',
  vat: '1776 Output VAT',
} as const;

/** One line of an entry: an account debited or credited with minor units. */
export interface EntryLine {
  readonly account: string;
  readonly debit?: number;
  readonly credit?: number;
}

/** One journal entry, booked from one event. */
export interface JournalEntry {
  /** The subkit event it was booked from: the idempotency key of the booking. */
  readonly eventId: string;
  readonly eventType: string;
  /** The business date: the event's time. */
  readonly date: string;
  /** The document: invoice, credit note or payment number/id. */
  readonly reference: string;
  readonly companyId: string | null;
  readonly currency: string;
  readonly lines: readonly EntryLine[];
}

/** The payment as `payment.*` events carry it. */
interface PaymentSnapshot {
  readonly id: string;
  readonly invoiceId: string | null;
  readonly amount: number;
  readonly currency: string;
  /** A payment the merchant recorded as received outside subkit: how it came and the bank's reference. */
  readonly received?: { readonly method: string; readonly reference: string | null } | null;
}

const receivedBy = (payment: PaymentSnapshot) =>
  payment.received ? ` (${payment.received.method.replace('_', ' ')}${payment.received.reference ? ` ${payment.received.reference}` : ''})` : '';

const positive = (lines: EntryLine[]): EntryLine[] => lines.filter((l) => (l.debit ?? 0) > 0 || (l.credit ?? 0) > 0);

/** An issued invoice: what is due (and the customer credit it used) against net revenue and output VAT. */
function invoiceLines(invoice: InvoiceSummary): EntryLine[] {
  return positive([
    { account: ACCOUNTS.receivable, debit: invoice.amountDue },
    { account: ACCOUNTS.customerCredit, debit: invoice.creditApplied },
    { account: ACCOUNTS.revenue, credit: invoice.total - invoice.tax },
    { account: ACCOUNTS.vat, credit: invoice.tax },
  ]);
}

/**
 * A void reverses the invoice: its revenue and VAT, what was still receivable (its amount due now), the customer
 * credit it used (given back to the balance), and the credit notes that had taken part of it off (returns). Mirroring
 * the invoice's own lines instead did not balance once a credit note had reduced it (a cancellation's unused time,
 * then the rest voided): the receivable reversed was the reduced amount, the revenue the whole.
 */
function voidLines(invoice: InvoiceSummary): EntryLine[] {
  return positive([
    { account: ACCOUNTS.revenue, debit: invoice.total - invoice.tax },
    { account: ACCOUNTS.vat, debit: invoice.tax },
    { account: ACCOUNTS.receivable, credit: invoice.amountDue },
    { account: ACCOUNTS.customerCredit, credit: invoice.creditApplied },
    { account: ACCOUNTS.returns, credit: invoice.total - invoice.creditApplied - invoice.amountDue },
  ]);
}

/**
 * A credit note, by where each line's credit went (its `text.settlement`):
 * - `invoice`: off the open invoice it reduces — less receivable;
 * - `balance`: to the company's balance — customer credit, which later invoices use (or a refund pays out);
 * - `refund`, of a charge the merchant refunded at the processor (`refunded_at_processor`, the Stripe Dashboard): booked
 *   as `balance` is — revenue reversed, owed to the customer — and the refund (`refund.updated`, succeeded) pays it
 *   out of the bank, as it pays out balance credit refunded through subkit;
 * - `refund`, of a payment that went through too late (`late_payment`), refunded in full. No revenue is reversed: the
 *   invoice it came for was voided (its void reversed the invoice) or paid by another payment. subkit keeps that
 *   payment `failed` (no `payment.succeeded`), so the money received is booked here, owed back to the customer;
 *   the refund (`refund.updated`, succeeded) pays it out. Booked as returns, revenue would drop by what the buyer
 *   paid once, and the bank would show a refund of money it never received;
 * - `out_of_band`, of part of a paid invoice the merchant forgave (`adjustment`) and paid back outside subkit (a bank
 *   transfer of its own): revenue reversed, the money out of the bank. The merchant's `adjustment` lines settled
 *   `invoice` or `balance` are booked as those of unused time are.
 */
function creditNoteLines(note: CreditNote): EntryLine[] {
  const sum = (lines: CreditNote['lines']) => lines.reduce((total, l) => total + l.amount, 0);
  const settled = (settlement: 'invoice' | 'balance') => sum(note.lines.filter((l) => (l.text?.settlement ?? 'invoice') === settlement));
  const [invoice, balance] = [settled('invoice'), settled('balance')];
  const atProcessor = sum(note.lines.filter((l) => l.text?.kind === 'refunded_at_processor'));
  const late = sum(note.lines.filter((l) => l.text?.kind === 'late_payment'));
  const outOfBand = sum(note.lines.filter((l) => l.text?.settlement === 'out_of_band'));
  return positive([
    { account: ACCOUNTS.returns, debit: invoice + balance + atProcessor + outOfBand },
    { account: ACCOUNTS.bank, debit: late },
    { account: ACCOUNTS.bank, credit: outOfBand },
    { account: ACCOUNTS.receivable, credit: invoice },
    { account: ACCOUNTS.customerCredit, credit: balance + atProcessor + late },
  ]);
}

/** The entry an event books, or null for events the ledger does not record (subscription changes, members …). */
export function entryFor(event: WebhookEvent): JournalEntry | null {
  const base = { eventId: event.id, eventType: event.type, date: event.createdAt, companyId: event.companyId };
  switch (event.type) {
    case 'invoice.finalized':
    case 'invoice.voided': {
      const invoice = event.data.object as unknown as InvoiceSummary;
      if (invoice.total === 0 || !invoice.number) return null;
      const voided = event.type === 'invoice.voided';
      return {
        ...base,
        reference: `${voided ? 'Void of invoice' : 'Invoice'} ${invoice.number}`,
        currency: invoice.currency,
        lines: voided ? voidLines(invoice) : invoiceLines(invoice),
      };
    }
    case 'payment.succeeded': {
      const payment = event.data.object as unknown as PaymentSnapshot;
      if (payment.amount === 0) return null;
      return {
        ...base,
        // A bank transfer is matched to the bank statement by its reference: the entry carries it.
        reference: `Payment ${payment.id}${payment.invoiceId ? ` for ${payment.invoiceId}` : ''}${receivedBy(payment)}`,
        currency: payment.currency,
        lines: [
          { account: ACCOUNTS.bank, debit: payment.amount },
          { account: ACCOUNTS.receivable, credit: payment.amount },
        ],
      };
    }
    case 'credit_note.created': {
      const note = event.data.object as unknown as CreditNote;
      if (note.amount === 0) return null;
      return {
        ...base,
        reference: `Credit note ${note.number}`,
        currency: note.currency,
        lines: creditNoteLines(note),
      };
    }
    case 'refund.updated': {
      const refund = event.data.object as unknown as Refund;
      // Booked once it went through: one still pending may fail, and a failed one leaves the credit with the company.
      if (refund.status !== 'succeeded' || refund.amount === 0) return null;
      return {
        ...base,
        reference: `Refund ${refund.id} of credit note ${refund.creditNoteId}`,
        currency: refund.currency,
        lines: [
          { account: ACCOUNTS.customerCredit, debit: refund.amount },
          { account: ACCOUNTS.bank, credit: refund.amount },
        ],
      };
    }
    default:
      return null;
  }
}

/** Whether an entry balances (debits = credits), the first check any ledger makes. */
export function balances(entry: JournalEntry): boolean {
  const sum = (side: 'debit' | 'credit') => entry.lines.reduce((s, l) => s + (l[side] ?? 0), 0);
  return sum('debit') === sum('credit');
}
