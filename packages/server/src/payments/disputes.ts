/**
 * Chargebacks: a card holder disputes an invoice's payment with their bank. subkit records it against
 * the invoice (the invoice shows it; `invoice.disputed` goes out), follows it to the network's decision
 * (`invoice.dispute_closed`), and leaves the money questions to the merchant: a lost dispute already took
 * the money back on the processor's side.
 */
import type { InvoiceDispute, Mode } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { recordEvents, type EventInput } from '../db/events.js';
import { renderInvoice } from '../engine/invoices.js';
import type { InvoiceRow, PaymentRow } from '../engine/rows.js';
import { newId } from '../ids.js';

interface DisputeRow {
  id: string;
  company_id: string;
  invoice_id: string;
  payment_id: string;
  processor_dispute_id: string;
  amount: number;
  currency: string;
  reason: string;
  status: InvoiceDispute['status'];
  created_at: Date | string;
  closed_at: Date | string | null;
}

/** A dispute as the processor reports it. */
export interface ReportedDispute {
  readonly processorDisputeId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly status: InvoiceDispute['status'];
}

const iso = (value: Date | string): string => new Date(value).toISOString();

function render(row: DisputeRow): InvoiceDispute {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    amount: Number(row.amount),
    createdAt: iso(row.created_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
  };
}

/**
 * Records what the processor says of a dispute on `payment`: a new one is opened on its invoice, a known
 * one takes the new status (closing it once). Returns whether anything changed. Order-independent: a
 * "closed" report that arrives first opens and closes it at once.
 */
export async function recordDispute(tx: Sql, input: { payment: PaymentRow; dispute: ReportedDispute; at: Date; mode: Mode }): Promise<boolean> {
  const { payment, dispute, at, mode } = input;
  const invoices = await tx.query<InvoiceRow>('SELECT * FROM invoices WHERE id = $1', [payment.invoice_id]);
  const invoice = invoices.rows[0];
  if (!invoice) return false;
  const closedAt = dispute.status === 'open' ? null : at;
  const inserted = await tx.query<DisputeRow>(
    `INSERT INTO disputes (id, company_id, invoice_id, payment_id, processor_dispute_id, amount, currency, reason, status, created_at, closed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (processor_dispute_id) DO NOTHING RETURNING *`,
    [newId('dsp_'), invoice.company_id, invoice.id, payment.id, dispute.processorDisputeId, dispute.amount, dispute.currency.toUpperCase(), dispute.reason, dispute.status, at, closedAt],
  );
  const created = inserted.rows[0];
  const closed = created
    ? created.status !== 'open'
    : (
        await tx.query<DisputeRow>(
          `UPDATE disputes SET status = $2, reason = $3, closed_at = $4
            WHERE processor_dispute_id = $1 AND status = 'open' AND $2 <> 'open' RETURNING *`,
          [dispute.processorDisputeId, dispute.status, dispute.reason, at],
        )
      ).rowCount > 0;
  if (!created && !closed) return false;
  // Invoice events carry the whole invoice, its dispute included, as it is now.
  const snapshot = await renderInvoice(tx, invoice);
  const events: EventInput[] = [];
  if (created) events.push({ type: 'invoice.disputed', mode, companyId: invoice.company_id, object: snapshot, at });
  if (closed) events.push({ type: 'invoice.dispute_closed', mode, companyId: invoice.company_id, object: snapshot, at });
  await recordEvents(tx, events);
  return true;
}

/** The latest dispute of an invoice, for its rendering. */
export async function disputeOfInvoice(sql: Sql, invoiceId: string): Promise<InvoiceDispute | null> {
  const { rows } = await sql.query<DisputeRow>('SELECT * FROM disputes WHERE invoice_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1', [invoiceId]);
  return rows[0] ? render(rows[0]) : null;
}

/** The latest dispute of each of a batch of invoices (those with none are absent). */
export async function disputesOfInvoices(sql: Sql, invoiceIds: readonly string[]): Promise<Map<string, InvoiceDispute>> {
  const { rows } = await sql.query<DisputeRow>(
    'SELECT DISTINCT ON (invoice_id) * FROM disputes WHERE invoice_id = ANY($1::text[]) ORDER BY invoice_id, created_at DESC, id DESC',
    [invoiceIds],
  );
  return new Map(rows.map((r) => [r.invoice_id, render(r)]));
}
