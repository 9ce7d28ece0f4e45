/** Credit notes: issued against an invoice (a downgrade's or a cancellation's unused time), rendered and listed. */
import type { CreditNote, Mode } from '@subkit/core';
import { recordEvent as emitEvent } from '../db/events.js';
import type { Sql } from '../db/types.js';
import { keysetPage } from '../http/pagination.js';
import { newId } from '../ids.js';
import type { DbTime, InvoiceRow } from './rows.js';
import { iso, json } from './rows.js';

/** The ids of each invoice's credit notes, oldest first. */
export async function creditNoteIdsFor(db: Sql, invoiceIds: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (invoiceIds.length === 0) return map;
  const { rows } = await db.query<{ id: string; invoice_id: string }>(
    'SELECT id, invoice_id FROM credit_notes WHERE invoice_id = ANY($1::text[]) ORDER BY created_at, id',
    [invoiceIds],
  );
  for (const r of rows) map.set(r.invoice_id, [...(map.get(r.invoice_id) ?? []), r.id]);
  return map;
}

interface CreditNoteRow {
  id: string;
  number: string;
  invoice_id: string;
  company_id: string;
  currency: string;
  amount: number;
  reason: CreditNote['reason'];
  memo: string | null;
  lines: CreditNote['lines'];
  created_at: DbTime;
}

/**
 * What an invoice's credit notes gave back so far — what its total can no longer credit. A late payment's refund (a
 * second payment, or one after the invoice was voided) gave back money paid on top of the invoice, not part of it:
 * it does not count.
 */
export async function creditedSoFar(tx: Sql, invoiceId: string): Promise<number> {
  const { rows } = await tx.query<{ total: string | null }>(
    `SELECT sum(amount) AS total FROM credit_notes WHERE invoice_id = $1 AND NOT lines @> '[{"text": {"kind": "late_payment"}}]'::jsonb`,
    [invoiceId],
  );
  return Number(rows[0]?.total ?? 0);
}

/** Issues a credit note against an invoice (the credit itself goes to the company balance separately). */
export async function createCreditNote(
  tx: Sql,
  input: { invoice: InvoiceRow; amount: number; reason: CreditNote['reason']; memo: string | null; lines: CreditNote['lines']; at: Date; mode: Mode },
): Promise<CreditNote> {
  const { rows } = await tx.query<{ n: number }>("SELECT nextval('credit_note_number_seq') AS n");
  const row: CreditNoteRow = {
    id: newId('cn_'),
    number: `${input.invoice.number}-CN-${String(rows[0]?.n ?? 0).padStart(4, '0')}`,
    invoice_id: input.invoice.id,
    company_id: input.invoice.company_id,
    currency: input.invoice.currency,
    amount: input.amount,
    reason: input.reason,
    memo: input.memo,
    lines: input.lines,
    created_at: input.at,
  };
  await tx.query(
    `INSERT INTO credit_notes (id, number, invoice_id, company_id, currency, amount, reason, memo, lines, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [row.id, row.number, row.invoice_id, row.company_id, row.currency, row.amount, row.reason, row.memo, json(row.lines), row.created_at],
  );
  const note = renderCreditNote(row);
  await emitEvent(tx, { type: 'credit_note.created', mode: input.mode, companyId: row.company_id, object: note, at: input.at });
  return note;
}

function renderCreditNote(row: CreditNoteRow): CreditNote {
  return {
    id: row.id,
    object: 'credit_note',
    number: row.number,
    invoiceId: row.invoice_id,
    companyId: row.company_id,
    currency: row.currency,
    amount: row.amount,
    reason: row.reason,
    memo: row.memo,
    createdAt: iso(row.created_at),
    lines: row.lines,
  };
}

/** The company's credit notes, newest first, keyset-paged; optionally of one invoice. */
export async function listCreditNotes(
  db: Sql,
  companyId: string,
  query: { limit?: number | undefined; cursor?: string | undefined; invoiceId?: string | undefined },
): Promise<{ object: 'list'; data: CreditNote[]; hasMore: boolean; nextCursor: string | null }> {
  const where = ['company_id = $1'];
  const params: unknown[] = [companyId];
  if (query.invoiceId) {
    params.push(query.invoiceId);
    where.push(`invoice_id = $${params.length}`);
  }
  const { rows: page, hasMore, nextCursor } = await keysetPage<CreditNoteRow>(db, {
    table: 'credit_notes', column: 'created_at', where, params, limit: query.limit, cursor: query.cursor,
  });
  return {
    object: 'list',
    data: page.map(renderCreditNote),
    hasMore,
    nextCursor,
  };
}
