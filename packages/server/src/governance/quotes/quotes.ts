/**
 * Quotes for "contact sales" plans: the merchant creates one for a company; the company's billing admin
 * sees it with the exact first invoice — worked out by checkout's own order resolution against the quote's
 * contract price, which is written only when the quote is accepted — and accepts it (checkout places the order with the
 * contract price written in the same transaction, the quote's terms as the commitment, the quote linked)
 * or declines it. Decided quotes never change.
 */
import { addDays } from '@subkit/core';
import type { CheckoutResult, Quote, QuoteCreateRequest, QuoteFirstInvoice, QuoteStatus, QuantityRule, Role } from '@subkit/core';
import type { BuyerPrincipal, RequestContext } from '../../context.js';
import { recordEvent } from '../../db/events.js';
import type { Sql } from '../../db/types.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { createCheckout, resolveOrder } from '../../engine/checkout.js';
import { wireTaxLines } from '../../engine/lines.js';
import { toDate, type DbTime, type PriceRow } from '../../engine/rows.js';
import { checkPriceItems, checkPriceQuotable } from '../../handlers/platform/contract-prices.js';
import { keysetPage } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import { filterStatus, statusAt as expiringStatusAt } from '../expiry.js';
import { setCommitment } from '../policy/store.js';

/** How far ahead a quote may start. */
const MAX_START_DAYS = 365;

interface QuoteRow {
  id: string;
  company_id: string;
  status: QuoteStatus;
  plan_id: string;
  plan_name: string;
  currency: string;
  interval: Quote['recurring']['interval'];
  interval_count: number;
  items: Quote['items'];
  quantity: number;
  term_months: number | null;
  minimum_seats: number | null;
  downgrades_at_renewal_only: boolean;
  payment_terms_days: number;
  start_at: DbTime | null;
  note: string | null;
  expires_at: DbTime;
  created_at: DbTime;
  accepted_by_member_id: string | null;
  accepted_by_role: Role | null;
  accepted_by_name: string | null;
  decided_at: DbTime | null;
  decline_reason: string | null;
  subscription_id: string | null;
}

const SELECT = `SELECT q.*, p.name AS plan_name, m.name AS accepted_by_name
  FROM quotes q JOIN plans p ON p.id = q.plan_id LEFT JOIN members m ON m.id = q.accepted_by_member_id`;

const statusAt = (row: QuoteRow, now: Date): QuoteStatus => expiringStatusAt('quotes', row, now);

/** When the subscription starts if the quote is accepted at `now`: its start date, or now once that has passed. */
function startOf(row: QuoteRow, now: Date): Date {
  return row.start_at && toDate(row.start_at).getTime() > now.getTime() ? toDate(row.start_at) : now;
}

function toWire(row: QuoteRow, now: Date, firstInvoice: QuoteFirstInvoice | null): Quote {
  return {
    id: row.id,
    object: 'quote',
    companyId: row.company_id,
    status: statusAt(row, now),
    planId: row.plan_id,
    planName: row.plan_name,
    currency: row.currency,
    recurring: { interval: row.interval, intervalCount: row.interval_count },
    items: row.items,
    quantity: row.quantity,
    termMonths: row.term_months,
    minimumSeats: row.minimum_seats,
    downgradesAtRenewalOnly: row.downgrades_at_renewal_only,
    paymentTermsDays: row.payment_terms_days,
    startAt: row.start_at ? toDate(row.start_at).toISOString() : null,
    note: row.note,
    expiresAt: toDate(row.expires_at).toISOString(),
    createdAt: toDate(row.created_at).toISOString(),
    firstInvoice,
    acceptedBy: row.accepted_by_member_id ? { memberId: row.accepted_by_member_id, name: row.accepted_by_name ?? '', role: row.accepted_by_role ?? 'billing_admin' } : null,
    decidedAt: row.decided_at ? toDate(row.decided_at).toISOString() : null,
    declineReason: row.decline_reason,
    subscriptionId: row.subscription_id,
  };
}

/** The quote's contract price, replacing the company's active one for the same plan, currency and interval. */
async function writeContractPrice(tx: Sql, row: QuoteRow, at: Date): Promise<void> {
  await tx.query(
    `UPDATE prices SET active = false WHERE company_id = $1 AND plan_id = $2 AND currency = $3 AND interval = $4 AND interval_count = $5 AND active`,
    [row.company_id, row.plan_id, row.currency, row.interval, row.interval_count],
  );
  await tx.query(
    `INSERT INTO prices (id, plan_id, currency, interval, interval_count, items, company_id, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8)`,
    [newId('price_'), row.plan_id, row.currency, row.interval, row.interval_count, JSON.stringify(row.items), row.company_id, at],
  );
}

/** What checkout is asked when the quote is accepted. */
function orderOf(row: QuoteRow, poNumber?: string) {
  return {
    planId: row.plan_id,
    currency: row.currency,
    recurring: { interval: row.interval, intervalCount: row.interval_count },
    quantity: row.quantity,
    trial: false as const,
    payment: { method: 'invoice' as const, ...(poNumber ? { poNumber } : {}) },
  };
}

/** The contract price accepting the quote writes (writeContractPrice), as the order bills it before it is written. */
function quotePrice(row: QuoteRow): PriceRow {
  return { id: `price_of_${row.id}`, plan_id: row.plan_id, currency: row.currency, interval: row.interval, interval_count: row.interval_count, items: row.items, company_id: row.company_id };
}

/**
 * The exact first invoice accepting the quote issues now: checkout's own order, billed at the quote's price —
 * nothing is written, so reading a quote takes no lock a checkout would wait for.
 */
async function firstInvoiceOf(sql: Sql, ctx: RequestContext, row: QuoteRow): Promise<QuoteFirstInvoice> {
  const now = ctx.now();
  const startAt = startOf(row, now);
  const order = await resolveOrder(sql, ctx, row.company_id, orderOf(row), { contactSales: true, quantity: row.quantity, startAt, price: quotePrice(row) });
  return {
    lines: order.lines,
    subtotal: order.totals.subtotal,
    taxLines: wireTaxLines(order.totals, order.taxRates),
    tax: order.totals.tax,
    total: order.totals.total,
    amountDue: order.totals.amountDue,
    issuedAt: startAt.toISOString(),
    periodStart: order.periodStart.toISOString(),
    periodEnd: order.periodEnd.toISOString(),
    dueAt: addDays(startAt, row.payment_terms_days).toISOString(),
  };
}

async function render(ctx: RequestContext, row: QuoteRow): Promise<Quote> {
  const now = ctx.now();
  // One snapshot for the order's reads (company, plan, add-ons, tax rates, credit balance).
  return toWire(row, now, statusAt(row, now) === 'open' ? await ctx.db.transaction((tx) => firstInvoiceOf(tx, ctx, row)) : null);
}

async function loadQuote(sql: Sql, companyId: string | null, id: string, opts: { lock?: boolean } = {}): Promise<QuoteRow> {
  if (opts.lock) await sql.query('SELECT id FROM quotes WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await sql.query<QuoteRow>(`${SELECT} WHERE q.id = $1${companyId ? ' AND q.company_id = $2' : ''}`, companyId ? [id, companyId] : [id]);
  if (!rows[0]) throw notFound('quote', 'quoteId');
  return rows[0];
}

/** `POST /v1/quotes` (merchant): checked as a contract price is, for a plan of any kind (contact-sales plans included). */
export async function createQuote(ctx: RequestContext, body: QuoteCreateRequest): Promise<Quote> {
  checkPriceItems(body.items);
  const now = ctx.now();
  if (new Date(body.expiresAt).getTime() <= now.getTime()) throw invalidRequest('expires_at_in_past', 'A quote must expire in the future.', 'expiresAt');
  if (body.startAt !== undefined) {
    const startAt = new Date(body.startAt).getTime();
    if (startAt <= now.getTime()) throw invalidRequest('start_at_in_past', 'A quote starts on acceptance, or on a later date; leave startAt out to start on acceptance.', 'startAt');
    if (startAt > addDays(now, MAX_START_DAYS).getTime()) throw invalidRequest('start_at_too_far', `A quote may start at most ${MAX_START_DAYS} days from now.`, 'startAt');
  }
  return ctx.db.transaction(async (tx) => {
    const company = await tx.query('SELECT id FROM companies WHERE id = $1', [body.companyId]);
    if (company.rowCount === 0) throw notFound('company', 'companyId');
    const plan = await tx.query<{ quantity: QuantityRule | null }>('SELECT quantity FROM plans WHERE id = $1 AND active', [body.planId]);
    if (plan.rowCount === 0) throw notFound('plan', 'planId');
    const rule = plan.rows[0]!.quantity;
    const quantity = body.quantity ?? rule?.default ?? 1;
    if (rule && (quantity < rule.minimum || (rule.maximum !== null && quantity > rule.maximum))) {
      throw invalidRequest('quantity_out_of_range', `This plan is sold from ${rule.minimum}${rule.maximum !== null ? ` to ${rule.maximum}` : ''} ${rule.unitLabel}s.`, 'quantity');
    }
    await checkPriceQuotable(tx, { currency: body.currency, items: body.items, quantity: { ...(rule ?? { unitLabel: 'unit', maximum: null, default: quantity }), minimum: quantity } });
    const id = newId('quo_');
    await tx.query(
      `INSERT INTO quotes (id, company_id, status, plan_id, currency, interval, interval_count, items, quantity, term_months, minimum_seats,
         downgrades_at_renewal_only, payment_terms_days, note, expires_at, created_at, start_at)
       VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        id, body.companyId, body.planId, body.currency, body.recurring.interval, body.recurring.intervalCount, JSON.stringify(body.items), quantity,
        body.termMonths ?? null, body.minimumSeats ?? null, body.downgradesAtRenewalOnly ?? false, body.paymentTermsDays ?? 30, body.note ?? null,
        body.expiresAt, now, body.startAt ?? null,
      ],
    );
    const created = await loadQuote(tx, null, id);
    await recordEvent(tx, { type: 'quote.created', companyId: body.companyId, mode: ctx.config.mode, object: toWire(created, now, null), at: now });
    // The answer is made in the creating transaction (idempotency/index.ts).
    return toWire(created, now, await firstInvoiceOf(tx, ctx, created));
  });
}

/** The company's quotes, newest first (the merchant's list per company, or the buyer's). */
export async function listQuotes(ctx: RequestContext, companyId: string, query: { limit?: number | undefined; cursor?: string | undefined; status?: QuoteStatus | undefined }) {
  const where = ['company_id = $1'];
  const params: unknown[] = [companyId];
  const now = ctx.now();
  filterStatus('quotes', where, params, query.status, now);
  const page = await keysetPage<{ id: string }>(ctx.db, { table: 'quotes', column: 'created_at', where, params, limit: query.limit, cursor: query.cursor });
  const data: Quote[] = [];
  for (const { id } of page.rows) data.push(toWire(await loadQuote(ctx.db, companyId, id), now, null));
  return { object: 'list' as const, data, hasMore: page.hasMore, nextCursor: page.nextCursor };
}

/** One quote of the buyer's company, with the exact first invoice while it is open. */
export async function getQuote(ctx: RequestContext, companyId: string, id: string): Promise<Quote> {
  return render(ctx, await loadQuote(ctx.db, companyId, id));
}

function requireOpen(row: QuoteRow, now: Date): void {
  const status = statusAt(row, now);
  if (status === 'expired') throw conflict('quote_expired', 'This quote has expired; ask the merchant for a new one.');
  if (status !== 'open') throw conflict('quote_decided', `This quote is ${status} and can no longer change.`);
}

/**
 * Accepts a quote: one checkout (pay by invoice with the quote's net terms) that writes the contract
 * price, creates the subscription and its first invoice, sets the commitment from the quote's terms and
 * marks the quote accepted — all in one transaction. Answers as checkout does.
 */
export async function acceptQuote(ctx: RequestContext, buyer: BuyerPrincipal, id: string, poNumber: string | undefined): Promise<CheckoutResult> {
  const row = await loadQuote(ctx.db, buyer.companyId, id);
  requireOpen(row, ctx.now());
  const startAt = startOf(row, ctx.now());
  return createCheckout(ctx, { companyId: buyer.companyId, memberId: buyer.memberId }, orderOf(row, poNumber), {
    contactSales: true,
    quantity: row.quantity,
    startAt,
    paymentTermsDays: row.payment_terms_days,
    prepare: async (tx) => {
      const locked = await loadQuote(tx, buyer.companyId, id, { lock: true });
      requireOpen(locked, ctx.now());
      await writeContractPrice(tx, locked, ctx.now());
    },
    // The commitment (its term from the subscription's start) before `subscription.created`, whose snapshot then carries it.
    onCreated: async (tx, placed) => {
      const terms = { termMonths: row.term_months, minimumSeats: row.minimum_seats, downgradesAtRenewalOnly: row.downgrades_at_renewal_only };
      await setCommitment(tx, { id: placed.subscriptionId, company_id: buyer.companyId, created_at: startAt }, terms, ctx.now(), row.id);
    },
    onPlaced: async (tx, placed) => {
      const now = ctx.now();
      await tx.query(
        `UPDATE quotes SET status = 'accepted', accepted_by_member_id = $2, accepted_by_role = $3, decided_at = $4, subscription_id = $5 WHERE id = $1`,
        [id, buyer.memberId, buyer.role, now, placed.subscriptionId],
      );
      await recordEvent(tx, { type: 'quote.accepted', companyId: buyer.companyId, mode: ctx.config.mode, object: toWire(await loadQuote(tx, null, id), now, null), at: now });
    },
  });
}

/** Declines an open quote (the buyer's billing admin), or the merchant withdraws it. */
export async function closeQuote(ctx: RequestContext, companyId: string | null, id: string, status: 'declined' | 'canceled', reason: string | null, by: BuyerPrincipal | null): Promise<Quote> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const row = await loadQuote(tx, companyId, id, { lock: true });
    requireOpen(row, now);
    await tx.query(
      `UPDATE quotes SET status = $2, decline_reason = $3, decided_at = $4, accepted_by_member_id = NULL, declined_by_member_id = $5 WHERE id = $1`,
      [id, status, reason, now, by?.memberId ?? null],
    );
    const quote = toWire(await loadQuote(tx, null, id), now, null);
    await recordEvent(tx, { type: status === 'declined' ? 'quote.declined' : 'quote.canceled', companyId: quote.companyId, mode: ctx.config.mode, object: quote, at: now });
    return quote;
  });
}

/** Quotes by id as the wire shows them at `at`, without a first invoice (the billing run's expiry renders what it expired). */
export async function renderQuotes(sql: Sql, ids: readonly string[], at: Date): Promise<Quote[]> {
  const { rows } = await sql.query<QuoteRow>(`${SELECT} WHERE q.id = ANY($1::text[]) ORDER BY q.id`, [ids]);
  return rows.map((row) => toWire(row, at, null));
}
