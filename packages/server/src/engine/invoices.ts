/**
 * Invoices: creation (the one function checkout, changes and the billing run share), rendering,
 * the cursor-paged list, payment bookkeeping and customer credit (credit notes: credit-notes.ts).
 */
import { addDays, isPayable, PAYABLE_STATUSES } from '@subkit/core';
import { plainTaxName } from '@subkit/core';
import type { Invoice, InvoiceDiscount, InvoiceDispute, InvoiceLine, InvoiceListQuery, InvoiceParty, InvoicePurpose, InvoiceSummary, Mode, PaymentAttempt, TaxLine, TaxTreatment } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { invalidRequest, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { recordEvent as emitEvent, recordEvents } from '../db/events.js';
import { totalsOf, wireTaxLines } from './lines.js';
import type { InvoiceRow, PaymentRow } from './rows.js';
import { iso, isoOrNull, json, toDate } from './rows.js';
import { keysetPage } from '../http/pagination.js';
import type { AppliedTaxRate } from './tax.js';
import { purposeOfReason } from './purpose.js';
import { sellerTaxSettings } from '../seller/profile.js';
import { disputeOfInvoice, disputesOfInvoices } from '../payments/disputes.js';
import { creditNoteIdsFor } from './credit-notes.js';
import { openReasonOf, openReasonsOf } from './open-reasons.js';

/** Everything an invoice is made of; `createInvoice` computes the totals and the number. */
export interface NewInvoice {
  readonly companyId: string;
  readonly subscriptionId: string | null;
  readonly currency: string;
  readonly billingReason: InvoiceRow['billing_reason'];
  /** What the invoice is for; by default from the billing reason (purchase, renewal, change, manual). */
  readonly purpose?: InvoicePurpose;
  readonly collectionMethod: InvoiceRow['collection_method'];
  readonly lines: readonly InvoiceLine[];
  readonly discounts: readonly InvoiceDiscount[];
  readonly taxRates: readonly AppliedTaxRate[];
  readonly poNumber: string | null;
  readonly periodStart: Date;
  readonly periodEnd: Date;
  readonly issuedAt: Date;
  /** Net terms for `send_invoice` (due = issued + days); charged invoices are due when issued. */
  readonly paymentTermsDays: number | null;
  readonly mode: Mode;
  /** Pay from the company's credit balance first (default true). */
  readonly applyCredit?: boolean;
  /**
   * Write it as a draft: no number and no events until `finalizeInvoice` (a checkout or a change waiting
   * for its first charge; a declined one is discarded with `discardDraftInvoice` and never numbered).
   */
  readonly draft?: boolean;
}

/** The company's customer credit in a currency (positive: the merchant owes the buyer). */
export async function creditBalance(tx: Sql, companyId: string, currency: string, opts: { lock?: boolean } = {}): Promise<number> {
  const { rows } = await tx.query<{ amount: number }>(
    `SELECT amount FROM company_balances WHERE company_id = $1 AND currency = $2${opts.lock ? ' FOR UPDATE' : ''}`,
    [companyId, currency],
  );
  return rows[0]?.amount ?? 0;
}

/** Adds customer credit (a downgrade's or a cancellation's unused time), applied to the next invoices. */
export async function addCredit(tx: Sql, companyId: string, currency: string, amount: number): Promise<void> {
  await tx.query(
    `INSERT INTO company_balances (company_id, currency, amount) VALUES ($1, $2, $3)
     ON CONFLICT (company_id, currency) DO UPDATE SET amount = company_balances.amount + EXCLUDED.amount`,
    [companyId, currency, amount],
  );
}

/**
 * Voids the invoices named (by id, or all of some subscriptions) that are still owed (open or uncollectible): no
 * retry or dunning is left, the customer credit each took is given back, and `invoice.voided` is written for each.
 * Returns those voided.
 */
export async function voidOpenInvoices(tx: Sql, which: { ids: readonly string[] } | { subscriptionIds: readonly string[] }, at: Date, mode: Mode): Promise<InvoiceRow[]> {
  const [column, ids] = 'ids' in which ? ['id', which.ids] : ['subscription_id', which.subscriptionIds];
  const { rows } = await tx.query<InvoiceRow>(
    `UPDATE invoices SET status = 'void', next_payment_attempt_at = NULL, dunning_ends_at = NULL
      WHERE ${column} = ANY($1::text[]) AND status = ANY($2::text[]) RETURNING *`,
    [ids, PAYABLE_STATUSES],
  );
  for (const invoice of rows) {
    if (invoice.credit_applied > 0) await addCredit(tx, invoice.company_id, invoice.currency, invoice.credit_applied);
  }
  const rendered = await renderInvoices(tx, rows);
  await recordEvents(tx, rendered.map((object) => ({ type: 'invoice.voided' as const, companyId: object.companyId, mode, object, at })));
  return rows;
}

/** An invoice number as printed, e.g. `INV-001042`. */
export function formatInvoiceNumber(n: number): string {
  return `INV-${String(n).padStart(6, '0')}`;
}

/**
 * Takes `count` consecutive invoice numbers from the merchant's counter row, in the caller's transaction:
 * a rollback gives them back, so the numbers stay gapless. The row stays locked until that transaction
 * ends, so take numbers last (after every other lock) to keep invoice-writing transactions short behind it.
 * Returns the first of them.
 */
export async function reserveInvoiceNumbers(tx: Sql, count: number): Promise<number> {
  const { rows } = await tx.query<{ last_value: number }>(
    `UPDATE invoice_number_counters SET last_value = last_value + $1 WHERE scope = 'invoice' RETURNING last_value`,
    [count],
  );
  return rows[0]!.last_value - count + 1;
}

/** The next invoice number (gapless, see `reserveInvoiceNumbers`). */
export async function nextInvoiceNumber(tx: Sql): Promise<string> {
  return formatInvoiceNumber(await reserveInvoiceNumbers(tx, 1));
}

/**
 * Creates and finalizes an invoice in the caller's transaction: totals from core's `invoiceTotals`,
 * customer credit applied (and taken off the balance), a number, the due date from net terms. An
 * invoice with nothing to pay is paid at once. Emits `invoice.created`/`invoice.finalized` (and `invoice.paid`).
 */
export async function createInvoice(tx: Sql, input: NewInvoice): Promise<InvoiceRow> {
  const balance = input.applyCredit === false ? 0 : Math.max(0, await creditBalance(tx, input.companyId, input.currency, { lock: true }));
  const totals = totalsOf({ lines: input.lines, discounts: input.discounts, taxRates: input.taxRates, creditBalance: balance });
  if (totals.creditApplied > 0) await addCredit(tx, input.companyId, input.currency, -totals.creditApplied);
  const paid = totals.amountDue === 0 && !input.draft;
  const dueAt =
    input.collectionMethod === 'send_invoice' ? addDays(input.issuedAt, input.paymentTermsDays ?? 0) : input.issuedAt;
  const taxLines = wireTaxLines(totals, input.taxRates);
  // Art. 226 VAT directive: the invoice names both parties as they are now, whatever changes later.
  const parties = await invoiceParties(tx, input.companyId);
  const row: InvoiceRow = {
    id: newId('in_'),
    number: input.draft ? null : await nextInvoiceNumber(tx),
    company_id: input.companyId,
    subscription_id: input.subscriptionId,
    status: input.draft ? 'draft' : paid ? 'paid' : 'open',
    billing_reason: input.billingReason,
    collection_method: input.collectionMethod,
    currency: input.currency,
    lines: [...input.lines],
    subtotal: totals.subtotal,
    discount_total: totals.discountTotal,
    tax_lines: taxLines,
    tax: totals.tax,
    total: totals.total,
    credit_applied: totals.creditApplied,
    amount_paid: 0,
    amount_due: totals.amountDue,
    po_number: input.poNumber,
    period_start: input.periodStart,
    period_end: input.periodEnd,
    issued_at: input.issuedAt,
    due_at: dueAt,
    paid_at: paid ? input.issuedAt : null,
    created_at: input.issuedAt,
    next_payment_attempt_at: null,
    dunning_started_at: null,
    overdue_at: null,
    dunning_ends_at: null,
    purpose: input.purpose ?? purposeOfReason(input.billingReason),
    tax_treatment: taxTreatmentOf(taxLines),
    seller: parties.seller,
    buyer: parties.buyer,
  };
  await tx.query(
    `INSERT INTO invoices (id, number, company_id, subscription_id, status, billing_reason, collection_method, currency, lines,
       subtotal, discount_total, tax_lines, tax, total, credit_applied, amount_paid, amount_due, po_number, period_start,
       period_end, issued_at, due_at, paid_at, created_at, purpose, tax_treatment, seller, buyer)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28)`,
    [
      row.id, row.number, row.company_id, row.subscription_id, row.status, row.billing_reason, row.collection_method, row.currency,
      json(row.lines), row.subtotal, row.discount_total, json(row.tax_lines), row.tax, row.total, row.credit_applied, row.amount_paid,
      row.amount_due, row.po_number, row.period_start, row.period_end, row.issued_at, row.due_at, row.paid_at, row.created_at,
      row.purpose, row.tax_treatment, row.seller ? json(row.seller) : null, row.buyer ? json(row.buyer) : null,
    ],
  );
  if (!input.draft) await emitIssued(tx, row, input.mode);
  return row;
}

async function emitIssued(tx: Sql, row: InvoiceRow, mode: Mode): Promise<void> {
  const event = { mode, companyId: row.company_id, object: await renderInvoice(tx, row), at: toDate(row.issued_at) };
  await emitEvent(tx, { ...event, type: 'invoice.created' });
  await emitEvent(tx, { ...event, type: 'invoice.finalized' });
  if (row.status === 'paid') await emitEvent(tx, { ...event, type: 'invoice.paid' });
}

/** Numbers a draft invoice and opens it (its events come now); an invoice already final is returned as is. */
export async function finalizeInvoice(tx: Sql, invoice: InvoiceRow, mode: Mode): Promise<InvoiceRow> {
  if (invoice.status !== 'draft') return invoice;
  const { rows } = await tx.query<InvoiceRow>(
    `UPDATE invoices SET number = $2, status = 'open' WHERE id = $1 AND status = 'draft' RETURNING *`,
    [invoice.id, await nextInvoiceNumber(tx)],
  );
  const row = rows[0]!;
  await emitIssued(tx, row, mode);
  return row;
}

/**
 * Removes a draft whose first charge was declined, with its attempts, and gives back the customer
 * credit it had taken: the buyer sees nothing of it, and it never had a number, so no gap is left.
 */
export async function discardDraftInvoice(tx: Sql, invoice: InvoiceRow): Promise<void> {
  if (invoice.status !== 'draft') throw new Error(`discardDraftInvoice: invoice ${invoice.id} is ${invoice.status}`);
  await tx.query('DELETE FROM payments WHERE invoice_id = $1', [invoice.id]);
  await tx.query('DELETE FROM invoices WHERE id = $1', [invoice.id]);
  if (invoice.credit_applied > 0) await addCredit(tx, invoice.company_id, invoice.currency, invoice.credit_applied);
}

/** The seller (from the seller profile) and the buyer company as an invoice keeps them. */
async function invoiceParties(tx: Sql, companyId: string): Promise<{ seller: InvoiceRow['seller']; buyer: InvoiceParty | null }> {
  const [{ profile }, company] = await Promise.all([
    sellerTaxSettings(tx),
    tx.query<{ name: string; billing_email: string | null; tax_id: InvoiceParty['taxId']; billing_address: InvoiceParty['address'] }>(
      'SELECT name, billing_email, tax_id, billing_address FROM companies WHERE id = $1',
      [companyId],
    ),
  ]);
  const c = company.rows[0];
  return { seller: profile, buyer: c ? buyerParty(c) : null };
}

/** The buyer company as an invoice keeps it. */
export function buyerParty(c: { name: string; billing_email: string | null; tax_id: InvoiceParty['taxId']; billing_address: InvoiceParty['address'] }): InvoiceParty {
  return { name: c.name, address: c.billing_address, taxId: c.tax_id, email: c.billing_email };
}

/** The invoice's tax treatment: `reverse_charge` or `not_subject` when a 0% line says so, else `standard`. */
export function taxTreatmentOf(lines: readonly TaxLine[]): TaxTreatment {
  return lines.find((l) => l.treatment && l.treatment !== 'standard')?.treatment ?? 'standard';
}

/** Tax lines as the wire shows them: names without a rate in them (older rows said "VAT 19%"), kind and treatment set. */
function renderTaxLines(lines: readonly TaxLine[]): TaxLine[] {
  return lines.map((l) => ({ ...l, name: plainTaxName(l.name), kind: l.kind ?? 'vat', treatment: l.treatment ?? 'standard', country: l.country ?? null }));
}

/**
 * Records that an invoice still owed (open, or uncollectible: the claim was kept) was paid in full at `at`; its
 * dunning ends with it, so `invoice.paid` does not announce a retry (it did: the next attempt and the dunning's end
 * were cleared only after the event was written).
 */
export async function markInvoicePaid(tx: Sql, invoice: InvoiceRow, at: Date, mode: Mode): Promise<InvoiceRow> {
  const { rows } = await tx.query<InvoiceRow>(
    `UPDATE invoices SET status = 'paid', amount_paid = amount_due, paid_at = $2, next_payment_attempt_at = NULL, dunning_ends_at = NULL
      WHERE id = $1 AND status = ANY($3::text[]) RETURNING *`,
    [invoice.id, at, PAYABLE_STATUSES],
  );
  const updated = rows[0] ?? invoice;
  await emitEvent(tx, { type: 'invoice.paid', mode, companyId: invoice.company_id, object: await renderInvoice(tx, updated), at });
  return updated;
}

/**
 * Takes a credit note's amount off what an open or uncollectible invoice (locked by the caller) still owes, never
 * more than remains (Stripe's pre-payment credit note): nothing left, it is paid (`invoice.paid`, its dunning over).
 * Returns the invoice as it is now.
 */
export async function creditOpenInvoice(tx: Sql, invoice: InvoiceRow, amount: number, at: Date, mode: Mode): Promise<InvoiceRow> {
  const { rows } = await tx.query<InvoiceRow>('UPDATE invoices SET amount_due = amount_due - $2 WHERE id = $1 RETURNING *', [invoice.id, amount]);
  const reduced = rows[0]!;
  return reduced.amount_due - reduced.amount_paid <= 0 ? markInvoicePaid(tx, reduced, at, mode) : reduced;
}

/** An invoice of the company, or 404 (another company's invoice is missing too). */
export async function loadInvoice(tx: Sql, companyId: string, invoiceId: string, opts: { lock?: boolean } = {}): Promise<InvoiceRow> {
  const { rows } = await tx.query<InvoiceRow>(
    `SELECT * FROM invoices WHERE id = $1 AND company_id = $2 AND status <> 'draft'${opts.lock ? ' FOR UPDATE' : ''}`,
    [invoiceId, companyId],
  );
  const row = rows[0];
  if (!row) throw notFound('invoice', 'invoiceId');
  return row;
}

/** What is still owed on an invoice: nothing once it is paid, void or a draft (the wire's `amountRemaining`). */
export function amountRemaining(row: InvoiceRow): number {
  return isPayable(row.status) ? Math.max(0, row.amount_due - row.amount_paid) : 0;
}

/** The list row of an invoice (no lines, tax lines or attempts). */
export function renderInvoiceSummary(row: InvoiceRow): InvoiceSummary {
  return {
    id: row.id,
    object: 'invoice',
    number: row.number ?? '',
    companyId: row.company_id,
    subscriptionId: row.subscription_id,
    status: row.status,
    billingReason: row.billing_reason,
    collectionMethod: row.collection_method,
    currency: row.currency,
    subtotal: row.subtotal,
    discountTotal: row.discount_total,
    tax: row.tax,
    total: row.total,
    creditApplied: row.credit_applied,
    amountPaid: row.amount_paid,
    amountDue: row.amount_due,
    amountRemaining: amountRemaining(row),
    poNumber: row.po_number,
    periodStart: iso(row.period_start),
    periodEnd: iso(row.period_end),
    issuedAt: iso(row.issued_at),
    dueAt: isoOrNull(row.due_at),
    paidAt: isoOrNull(row.paid_at),
    nextPaymentAttemptAt: isoOrNull(row.next_payment_attempt_at),
    overdueAt: isoOrNull(row.overdue_at),
    dunningEndsAt: isoOrNull(row.dunning_ends_at),
    pdfUrl: `/v1/invoices/${row.id}/pdf`,
    creditNoteIds: [],
    purpose: row.purpose ?? purposeOfReason(row.billing_reason),
    taxTreatment: row.tax_treatment ?? taxTreatmentOf(row.tax_lines),
  };
}

/** A payments row as an attempt on the invoice. */
export function renderAttempt(p: PaymentRow): PaymentAttempt {
  return {
    id: p.id,
    at: iso(p.created_at),
    amount: p.amount,
    status: p.status,
    paymentMethodId: p.payment_method_id,
    failureCode: p.failure_code,
    failureMessage: p.failure_message,
    nextRetryAt: isoOrNull(p.next_retry_at),
  };
}

/** The whole invoice: lines, tax lines, payment attempts, credit notes and any dispute of its payment. */
export async function renderInvoice(tx: Sql, row: InvoiceRow): Promise<Invoice> {
  const payments = await tx.query<PaymentRow>('SELECT * FROM payments WHERE invoice_id = $1 ORDER BY created_at, id', [row.id]);
  const notes = await tx.query<{ id: string }>('SELECT id FROM credit_notes WHERE invoice_id = $1 ORDER BY created_at, id', [row.id]);
  return invoiceToWire(row, payments.rows, notes.rows.map((n) => n.id), await disputeOfInvoice(tx, row.id));
}

/** Whole invoices of a batch of rows in three queries (the attempts, the credit notes and the disputes of all of them). */
export async function renderInvoices(tx: Sql, rows: readonly InvoiceRow[]): Promise<Invoice[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const payments = await tx.query<PaymentRow>('SELECT * FROM payments WHERE invoice_id = ANY($1::text[]) ORDER BY created_at, id', [ids]);
  const notes = await tx.query<{ id: string; invoice_id: string }>(
    'SELECT id, invoice_id FROM credit_notes WHERE invoice_id = ANY($1::text[]) ORDER BY created_at, id',
    [ids],
  );
  const disputes = await disputesOfInvoices(tx, ids);
  // Each invoice's attempts and notes, in the order read (one pass: a batch renders thousands of invoices).
  const paymentsOf = new Map<string, PaymentRow[]>();
  for (const p of payments.rows) if (p.invoice_id !== null) push(paymentsOf, p.invoice_id, p);
  const notesOf = new Map<string, string[]>();
  for (const n of notes.rows) push(notesOf, n.invoice_id, n.id);
  return rows.map((row) => invoiceToWire(row, paymentsOf.get(row.id) ?? [], notesOf.get(row.id) ?? [], disputes.get(row.id) ?? null));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The whole invoice from its row, its attempts (oldest first), its credit notes' ids and its latest dispute — for callers that hold them already. */
export function invoiceToWire(
  row: InvoiceRow,
  payments: readonly PaymentRow[],
  creditNoteIds: readonly string[],
  dispute: InvoiceDispute | null = null,
): Invoice {
  return {
    ...renderInvoiceSummary(row),
    lines: row.lines,
    taxLines: renderTaxLines(row.tax_lines),
    // The latest failed attempt says when dunning tries again.
    paymentAttempts: payments.map((p, i, all) =>
      renderAttempt(i === all.length - 1 && p.status === 'failed' ? { ...p, next_retry_at: row.next_payment_attempt_at } : p),
    ),
    creditNoteIds: [...creditNoteIds],
    openReason: openReasonOf(row, payments.reduce<PaymentRow | undefined>((latest, p) => (!latest || p.attempt > latest.attempt ? p : latest), undefined)),
    seller: row.seller ?? null,
    buyer: row.buyer ?? null,
    dispute,
  };
}

/** Filters shared by the list and the CSV export, as SQL. */
function invoiceFilters(companyId: string, query: InvoiceListQuery & { number?: string }): { where: string[]; params: unknown[] } {
  // Drafts wait for their first charge; the buyer sees an invoice once it has a number.
  const where = ['company_id = $1', "status <> 'draft'"];
  const params: unknown[] = [companyId];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (query.status) add((n) => `status = ${n}`, query.status);
  if (query.subscriptionId) add((n) => `subscription_id = ${n}`, query.subscriptionId);
  if (query.number) add((n) => `number = ${n}`, query.number);
  if (query.from) add((n) => `issued_at >= ${n}::date`, query.from);
  // `to` is a calendar day and includes the whole day.
  if (query.to) add((n) => `issued_at < (${n}::date + 1)`, query.to);
  if (query.from && query.to && query.from > query.to) throw invalidRequest('invalid_date_range', '`from` must not be after `to`.', 'from');
  return { where, params };
}

/** Newest first (issued_at DESC, id DESC), keyset-paged with an opaque cursor; `limit` 1–100 (default 20). */
export async function listInvoices(
  db: Sql,
  companyId: string,
  query: InvoiceListQuery & { number?: string },
): Promise<{ object: 'list'; data: InvoiceSummary[]; hasMore: boolean; nextCursor: string | null }> {
  const { where, params } = invoiceFilters(companyId, query);
  const { rows: page, hasMore, nextCursor } = await keysetPage<InvoiceRow>(db, {
    table: 'invoices', column: 'issued_at', where, params, limit: query.limit, cursor: query.cursor,
  });
  const notes = await creditNoteIdsFor(db, page.map((r) => r.id));
  const reasons = await openReasonsOf(db, page);
  return {
    object: 'list',
    data: page.map((r) => ({ ...renderInvoiceSummary(r), creditNoteIds: notes.get(r.id) ?? [], openReason: reasons.get(r.id) ?? null })),
    hasMore,
    nextCursor,
  };
}

/** Every invoice matching the filters, newest first (for exports). */
export async function allInvoices(db: Sql, companyId: string, query: InvoiceListQuery): Promise<InvoiceRow[]> {
  const { where, params } = invoiceFilters(companyId, query);
  const { rows } = await db.query<InvoiceRow>(`SELECT * FROM invoices WHERE ${where.join(' AND ')} ORDER BY issued_at DESC, id DESC`, params);
  return rows;
}
