/**
 * Writes a batch of renewals in the caller's transaction with a few set-based statements: the
 * subscriptions' new state, the customer credit used, the invoices (numbers taken last, gapless), the
 * first payment attempts (pending: charged after the transaction commits) and the events.
 */
import { addDays } from '@subkit/core';
import type { EventType, InvoiceTotals, Mode } from '@subkit/core';
import { integerArray, textArray } from '../../db/arrays.js';
import { recordEvents, type EventSnapshot } from '../../db/events.js';
import type { Sql } from '../../db/types.js';
import { newId } from '../../ids.js';
import { buyerParty, formatInvoiceNumber, invoiceToWire, renderInvoiceSummary, reserveInvoiceNumbers, taxTreatmentOf } from '../invoices.js';
import { purposeOfReason } from '../purpose.js';
import { totalsOf, wireTaxLines } from '../lines.js';
import type { DbTime, InvoiceRow, PaymentMethodRow, PaymentRow, SubscriptionRow } from '../rows.js';
import { iso, isoOrNull } from '../rows.js';
import { attemptKey } from '../attempts.js';
import type { ProcessorName } from '../processor/index.js';
import { renderSubscriptions } from '../subscriptions.js';
import { openReasonOf, paymentIssuesOf } from '../open-reasons.js';
import type { BatchData } from './context.js';
import type { Renewal } from './renewal.js';
import type { RunReport } from './report.js';
import { reportInvoice, reportStatusChange } from './report.js';
import type { BillingSettings } from './settings.js';

/** One subscription's renewal, planned. */
export interface PlannedRenewal {
  readonly row: SubscriptionRow;
  readonly renewal: Renewal;
}

/** A first attempt recorded by the batch, to charge once it has committed. */
export interface RecordedAttempt {
  readonly payment: PaymentRow;
  readonly paymentMethod: PaymentMethodRow;
}

const key = (companyId: string, currency: string) => `${companyId}\u0000${currency}`;

/** Locks and reads the positive credit balances of the companies and currencies the invoices are in. */
async function lockBalances(tx: Sql, pairs: readonly { companyId: string; currency: string }[]): Promise<Map<string, number>> {
  const balances = new Map<string, number>();
  if (pairs.length === 0) return balances;
  const { rows } = await tx.query<{ company_id: string; currency: string; amount: number }>(
    `SELECT b.company_id, b.currency, b.amount FROM company_balances b
       JOIN unnest($1::text[], $2::text[]) AS p(company_id, currency) ON b.company_id = p.company_id AND b.currency = p.currency
      WHERE b.amount > 0 ORDER BY b.company_id, b.currency FOR UPDATE OF b`,
    [pairs.map((p) => p.companyId), pairs.map((p) => p.currency)],
  );
  for (const r of rows) balances.set(key(r.company_id, r.currency), r.amount);
  return balances;
}

/**
 * Writes the planned renewals (the rows locked by the caller), issuing their invoices at `issuedAt`.
 * Returns the attempts to charge after commit. Reports what happened into `report`.
 */
export async function writeRenewals(
  tx: Sql,
  input: {
    planned: readonly PlannedRenewal[];
    data: BatchData;
    issuedAt: Date;
    mode: Mode;
    settings: BillingSettings;
    report: RunReport;
    processor: ProcessorName;
  },
): Promise<RecordedAttempt[]> {
  const { planned, data, issuedAt, mode, settings, report } = input;
  if (planned.length === 0) return [];
  const invoiced = planned.filter((p) => p.renewal.invoice !== null);
  const pairs = [...new Map(invoiced.map((p) => [key(p.row.company_id, p.row.currency), { companyId: p.row.company_id, currency: p.row.currency }])).values()];
  const balances = await lockBalances(tx, pairs);

  // Totals with the customer credit, taken in batch order.
  const totals = new Map<string, InvoiceTotals>();
  for (const p of invoiced) {
    const inv = p.renewal.invoice!;
    const k = key(p.row.company_id, p.row.currency);
    const t = totalsOf({ lines: inv.lines, discounts: inv.discounts, taxRates: inv.taxRates, creditBalance: balances.get(k) ?? 0 });
    if (t.creditApplied > 0) balances.set(k, (balances.get(k) ?? 0) - t.creditApplied);
    totals.set(p.row.id, t);
  }
  const chargeable = (p: PlannedRenewal) =>
    p.row.collection_method === 'charge_automatically' && p.renewal.patch.status !== 'unpaid' && (totals.get(p.row.id)?.amountDue ?? 0) > 0;
  // Card-paid with nothing to charge: dunning starts at once (the buyer is asked for a card).
  const cardless = new Set(invoiced.filter((p) => chargeable(p) && !data.paymentMethods.has(p.row.id)).map((p) => p.row.id));

  // 1. The subscriptions' new state. Items and add-ons (0.6 kB of JSON on average) are sent only where they
  // changed (a scheduled change applied): a renewal carries its row's own arrays on otherwise.
  const updates = planned.map((p) => {
    const { items, add_ons: addOns, ...patch } = p.renewal.patch;
    const status = cardless.has(p.row.id) && (patch.status === 'active' || patch.status === 'trialing') ? 'past_due' : patch.status;
    const same = items === p.row.items && addOns === p.row.add_ons;
    return { id: p.row.id, ...patch, status, updated_at: p.renewal.at, ...(same ? { terms: false } : { terms: true, items, add_ons: addOns }) };
  });
  const { rowCount } = await tx.query(
    `UPDATE subscriptions s SET status = v.status, plan_id = v.plan_id, price_id = v.price_id, interval = v.interval,
            interval_count = v.interval_count, quantity = v.quantity,
            items = CASE WHEN v.terms THEN v.items ELSE s.items END, add_ons = CASE WHEN v.terms THEN v.add_ons ELSE s.add_ons END,
            billing_anchor = v.billing_anchor, current_period_start = v.current_period_start, current_period_end = v.current_period_end,
            discount = v.discount, scheduled_change = v.scheduled_change, skipped_periods = v.skipped_periods, ended_at = v.ended_at,
            pause = v.pause, pause_resumes_at = v.pause_resumes_at, version = s.version + 1, updated_at = v.updated_at
       FROM jsonb_to_recordset($1::jsonb) AS v(id text, status text, plan_id text, price_id text, interval text, interval_count int,
            quantity int, terms boolean, items jsonb, add_ons jsonb, billing_anchor timestamptz, current_period_start timestamptz,
            current_period_end timestamptz, discount jsonb, scheduled_change jsonb, skipped_periods jsonb, ended_at timestamptz, pause jsonb,
            pause_resumes_at timestamptz, updated_at timestamptz)
      WHERE s.id = v.id`,
    // Instants as text here (JSON.stringify would format each Date again: see iso.ts); `after` keeps the Dates.
    [
      JSON.stringify(
        updates.map((u) => ({
          ...u,
          billing_anchor: iso(u.billing_anchor),
          current_period_start: iso(u.current_period_start),
          current_period_end: iso(u.current_period_end),
          ended_at: isoOrNull(u.ended_at),
          pause_resumes_at: isoOrNull(u.pause_resumes_at),
          updated_at: iso(u.updated_at),
        })),
      ),
    ],
  );
  // The caller holds these rows locked: every one is updated, and each now is its old row with the update.
  if (rowCount !== updates.length) throw new Error(`renewal batch: ${rowCount} of ${updates.length} subscriptions updated`);
  const after = new Map(
    planned.map((p, i): [string, SubscriptionRow] => {
      const { terms: _terms, ...update } = updates[i]!;
      return [p.row.id, { ...p.row, ...update, version: p.row.version + 1 }];
    }),
  );

  const events: Parameters<typeof recordEvents>[1][number][] = [];
  const event = (type: EventType, companyId: string, object: EventSnapshot) => events.push({ type, companyId, mode, object, at: issuedAt });

  // 2. The credit used.
  const used = pairs.filter((p) => balances.has(key(p.companyId, p.currency)));
  if (used.length) {
    await tx.query(
      `UPDATE company_balances b SET amount = v.amount FROM unnest($1::text[], $2::text[], $3::bigint[]) AS v(company_id, currency, amount)
        WHERE b.company_id = v.company_id AND b.currency = v.currency`,
      [used.map((p) => p.companyId), used.map((p) => p.currency), used.map((p) => balances.get(key(p.companyId, p.currency)))],
    );
  }

  // 3. The subscriptions' events, written before the invoice numbers are taken: the counter row stays
  // locked from then until commit, and another batch waits for it. Rendered as every answer is; the
  // payment issue with the batch's own invoices (written next) counted in: a new open card-paid invoice is
  // the newest, its first attempt pending (or none yet: no card on file) — the issue unless an older one has one.
  const invoiceIds = new Map(invoiced.map((p) => [p.row.id, newId('in_')]));
  const issues = await paymentIssuesOf(tx, planned.map((p) => p.row.id));
  for (const p of invoiced) {
    const amountDue = totals.get(p.row.id)!.amountDue;
    const attempt = chargeable(p) && data.paymentMethods.has(p.row.id) ? { status: 'pending' as const, failure_code: null } : undefined;
    const reason = openReasonOf({ status: amountDue === 0 ? 'paid' : 'open', collection_method: p.row.collection_method }, attempt);
    if (reason && !issues.get(p.row.id)) issues.set(p.row.id, { reason, invoiceId: invoiceIds.get(p.row.id)! });
  }
  const afterRows = planned.map((p) => after.get(p.row.id)!);
  const rendered = await renderSubscriptions(tx, afterRows, data.policy, { data, paymentIssues: issues });
  planned.forEach((p, i) => {
    const row = afterRows[i]!;
    const type: EventType =
      row.status === 'canceled' ? 'subscription.canceled' : p.renewal.outcome === 'resumed' ? 'subscription.resumed' : 'subscription.updated';
    event(type, row.company_id, rendered[i]!);
    if (row.status !== p.row.status) {
      reportStatusChange(report, { subscriptionId: row.id, companyId: row.company_id, from: p.row.status, to: row.status, at: issuedAt.toISOString() });
    }
  });
  await recordEvents(tx, events.splice(0));

  // 4. The invoices, numbered last: the counter row stays locked until commit.
  const first = invoiced.length ? await reserveInvoiceNumbers(tx, invoiced.length) : 0;
  const invoices: InvoiceRow[] = invoiced.map((p, i) => {
    const inv = p.renewal.invoice!;
    const t = totals.get(p.row.id)!;
    const byInvoice = p.row.collection_method === 'send_invoice';
    const missing = cardless.has(p.row.id);
    const lastRetry = settings.retryDays.at(-1) ?? 0;
    const taxLines = wireTaxLines(t, inv.taxRates);
    const company = data.companies.get(p.row.company_id);
    return {
      id: invoiceIds.get(p.row.id)!,
      number: formatInvoiceNumber(first + i),
      company_id: p.row.company_id,
      subscription_id: p.row.id,
      status: t.amountDue === 0 ? 'paid' : 'open',
      billing_reason: 'subscription_cycle',
      collection_method: p.row.collection_method,
      currency: p.row.currency,
      lines: inv.lines,
      subtotal: t.subtotal,
      discount_total: t.discountTotal,
      tax_lines: taxLines,
      tax: t.tax,
      total: t.total,
      credit_applied: t.creditApplied,
      amount_paid: 0,
      amount_due: t.amountDue,
      po_number: p.row.po_number,
      purpose: purposeOfReason('subscription_cycle'),
      tax_treatment: taxTreatmentOf(taxLines),
      // Both parties as they are at issue, as every invoice keeps them (Art. 226 VAT directive).
      seller: data.seller,
      buyer: company ? buyerParty(company) : null,
      period_start: inv.periodStart,
      period_end: inv.periodEnd,
      issued_at: issuedAt,
      due_at: byInvoice ? addDays(issuedAt, p.row.payment_terms_days ?? 0) : issuedAt,
      paid_at: t.amountDue === 0 ? issuedAt : null,
      created_at: issuedAt,
      next_payment_attempt_at: missing && settings.retryDays[0] !== undefined ? addDays(issuedAt, settings.retryDays[0]) : null,
      dunning_started_at: missing ? issuedAt : null,
      overdue_at: null,
      dunning_ends_at: missing ? addDays(issuedAt, lastRetry) : null,
    };
  });
  if (invoices.length) await insertInvoices(tx, invoices);

  // 5. The first attempts, recorded before any charge (see attempts.ts).
  const recorded: RecordedAttempt[] = [];
  const payments: PaymentRow[] = [];
  invoices.forEach((invoice, i) => {
    const p = invoiced[i]!;
    const method = data.paymentMethods.get(p.row.id);
    if (!chargeable(p) || !method) return;
    const payment: PaymentRow = {
      id: newId('pay_'),
      invoice_id: invoice.id,
      company_id: invoice.company_id,
      amount: invoice.amount_due,
      currency: invoice.currency,
      status: 'pending',
      payment_method_id: method.id,
      failure_code: null,
      failure_message: null,
      next_retry_at: null,
      created_at: issuedAt,
      attempt: 1,
      idempotency_key: attemptKey(invoice.id, 1),
      processor: input.processor,
      processor_payment_id: null,
      on_session: false,
      first_use: false,
      hard_decline: false,
      next_action: null,
      settled_at: null,
      processor_cancel: null,
      received: null,
    };
    payments.push(payment);
    recorded.push({ payment, paymentMethod: method });
  });
  if (payments.length) {
    await tx.query(
      `INSERT INTO payments (id, invoice_id, company_id, amount, currency, status, payment_method_id, attempt, idempotency_key, processor,
         on_session, first_use, created_at)
       SELECT id, invoice_id, company_id, amount, currency, status, payment_method_id, attempt, idempotency_key, processor, on_session,
         first_use, created_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, invoice_id text, company_id text, amount bigint, currency text, status text,
           payment_method_id text, attempt int, idempotency_key text, processor text, on_session boolean, first_use boolean, created_at timestamptz)`,
      [JSON.stringify(payments)],
    );
  }

  // 6. The invoices' events, and the report.
  const attemptOf = new Map(payments.map((p) => [p.invoice_id, p]));
  for (const invoice of invoices) {
    // Invoice events carry the whole invoice (its first attempt, pending, included), as everywhere else.
    const attempt = attemptOf.get(invoice.id);
    const whole = invoiceToWire(invoice, attempt ? [attempt] : [], []);
    event('invoice.created', invoice.company_id, whole);
    event('invoice.finalized', invoice.company_id, whole);
    if (invoice.status === 'paid') event('invoice.paid', invoice.company_id, whole);
    reportInvoice(report, () => renderInvoiceSummary(invoice));
  }
  // Each invoice's events share its snapshot, stored once.
  await recordEvents(tx, events, { share: true });
  return recorded;
}

/**
 * One INSERT of the batch's invoices from typed arrays, one per column: the server parses only the lines
 * and tax lines as JSON (one array each), and each buyer once (a company's invoices share it) — a
 * `jsonb_to_recordset` of whole invoices parsed every invoice with its seller and buyer (half the
 * statement's time). The seller, the billing reason, the issue instant and the purpose are the same on
 * every invoice of a batch (writeRenewals makes them so).
 */
async function insertInvoices(tx: Sql, invoices: readonly InvoiceRow[]): Promise<void> {
  // A company's invoices name the same buyer (made from its row in this batch).
  const buyers = new Map<string, { n: number; buyer: unknown }>();
  const buyerOf = (i: InvoiceRow) => {
    if (i.buyer === null || i.buyer === undefined) return null;
    let b = buyers.get(i.company_id);
    if (b === undefined) buyers.set(i.company_id, (b = { n: buyers.size, buyer: i.buyer }));
    return b.n;
  };
  const column = <T>(f: (i: InvoiceRow) => T) => invoices.map(f);
  const at = (d: DbTime | null) => (d === null ? null : iso(d));
  const sellers = new Set(invoices.map((i) => i.seller ?? null));
  if (sellers.size !== 1) throw new Error('renewal batch: one seller per batch');
  await tx.query(
    `INSERT INTO invoices (id, number, company_id, subscription_id, status, billing_reason, collection_method, currency, lines, subtotal,
       discount_total, tax_lines, tax, total, credit_applied, amount_paid, amount_due, po_number, period_start, period_end, issued_at,
       due_at, paid_at, created_at, next_payment_attempt_at, dunning_started_at, overdue_at, dunning_ends_at, purpose, tax_treatment, seller, buyer)
     SELECT v.id, v.number, v.company_id, v.subscription_id, v.status, $26, v.collection_method, v.currency, l.value, v.subtotal,
       v.discount_total, t.value, v.tax, v.total, v.credit_applied, 0, v.amount_due, v.po_number, v.period_start, v.period_end, $27,
       v.due_at, v.paid_at, $27, v.next_payment_attempt_at, v.dunning_started_at, NULL, v.dunning_ends_at, $28, v.tax_treatment, $29::jsonb, b.value
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::bigint[],
              $11::bigint[], $12::bigint[], $13::bigint[], $14::text[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[],
              $19::timestamptz[], $20::timestamptz[], $21::timestamptz[], $22::text[], $23::int[])
            WITH ORDINALITY AS v(id, number, company_id, subscription_id, status, collection_method, currency, subtotal, discount_total, tax,
              total, credit_applied, amount_due, po_number, period_start, period_end, due_at, paid_at, next_payment_attempt_at,
              dunning_started_at, dunning_ends_at, tax_treatment, buyer, ord)
       JOIN jsonb_array_elements($24::jsonb) WITH ORDINALITY AS l(value, ord) ON l.ord = v.ord
       JOIN jsonb_array_elements($25::jsonb) WITH ORDINALITY AS t(value, ord) ON t.ord = v.ord
       LEFT JOIN jsonb_array_elements($30::jsonb) WITH ORDINALITY AS b(value, ord) ON b.ord = v.buyer + 1`,
    [
      textArray(column((i) => i.id)),
      textArray(column((i) => i.number)),
      textArray(column((i) => i.company_id)),
      textArray(column((i) => i.subscription_id)),
      textArray(column((i) => i.status)),
      textArray(column((i) => i.collection_method)),
      textArray(column((i) => i.currency)),
      integerArray(column((i) => i.subtotal)),
      integerArray(column((i) => i.discount_total)),
      integerArray(column((i) => i.tax)),
      integerArray(column((i) => i.total)),
      integerArray(column((i) => i.credit_applied)),
      integerArray(column((i) => i.amount_due)),
      textArray(column((i) => i.po_number)),
      textArray(column((i) => at(i.period_start))),
      textArray(column((i) => at(i.period_end))),
      textArray(column((i) => at(i.due_at))),
      textArray(column((i) => at(i.paid_at))),
      textArray(column((i) => at(i.next_payment_attempt_at))),
      textArray(column((i) => at(i.dunning_started_at))),
      textArray(column((i) => at(i.dunning_ends_at))),
      textArray(column((i) => i.tax_treatment)),
      integerArray(column(buyerOf)),
      JSON.stringify(column((i) => i.lines)),
      JSON.stringify(column((i) => i.tax_lines)),
      invoices[0]!.billing_reason,
      at(invoices[0]!.issued_at),
      invoices[0]!.purpose,
      invoices[0]!.seller ? JSON.stringify(invoices[0]!.seller) : null,
      JSON.stringify([...buyers.values()].map((b) => b.buyer)),
    ],
  );
}
