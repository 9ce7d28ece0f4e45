/**
 * Moving the test clock (test mode only): the billing run goes through everything due between the old
 * and the new now, in time order, with the clock following it step by step; the answer says what
 * happened. One advance at a time: a lease on the clock row keeps a second one (any process) out.
 */
import { addMonths } from '@subkit/core';
import type { ServerConfig } from '../../context.js';
import type { InvoiceSummary, TestClockAdvanceResult } from '@subkit/core';
import { renderInvoiceSummary } from '../invoices.js';
import type { InvoiceRow } from '../rows.js';
import type { Database } from '../../db/types.js';
import { ApiError, conflict, invalidRequest } from '../../errors.js';
import { runBilling } from './billing-run.js';
import { loadTestClock, moveTestClock } from './clock.js';
import { runEnv } from './env.js';

/** The longest one advance may move the clock. */
const MAX_ADVANCE_YEARS = 5;
/** Events listed in the answer at most (the rest through GET /v1/events). */
const MAX_EVENTS = 500;

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * `from` moved by an ISO 8601 duration: years and months as calendar months (clamped to the month's
 * end, like billing periods), weeks, days, hours, minutes and seconds as fixed lengths. Null when the
 * text is not such a duration or is empty (`P`, `PT`).
 */
export function addDuration(from: Date, duration: string): Date | null {
  const m = DURATION.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  if (![years, months, weeks, days, hours, minutes, seconds].every((n) => Number.isSafeInteger(n) && n! <= 100_000)) return null;
  const moved = addMonths(from, years! * 12 + months!);
  return new Date(moved.getTime() + (((weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60_000 + seconds! * 1000);
}

/** The invoices the advance created as they are at its end (paid by a charge after they were issued, or overdue). */
async function asTheyAreNow(db: Database, invoices: readonly InvoiceSummary[]): Promise<InvoiceSummary[]> {
  if (invoices.length === 0) return [];
  const { rows } = await db.query<InvoiceRow>('SELECT * FROM invoices WHERE id = ANY($1::text[])', [invoices.map((i) => i.id)]);
  const now = new Map(rows.map((r) => [r.id, renderInvoiceSummary(r)]));
  return invoices.map((i) => now.get(i.id) ?? i);
}

/** 404 outside test mode: live mode has no test clock. */
export function assertTestClockMode(config: Pick<ServerConfig, 'mode'>): void {
  if (config.mode !== 'test') throw new ApiError('not_found_error', 'route_not_found', 'The test clock exists in test mode only.');
}

/**
 * Advances the test clock to `to` or by `by`, running everything due on the way. `engineNow` reads the
 * engine's current now (the host's clock plus the test clock's offset).
 */
export async function advanceTestClock(
  db: Database,
  config: ServerConfig,
  engineNow: () => Date,
  request: { to?: string | undefined; by?: string | undefined },
): Promise<TestClockAdvanceResult> {
  assertTestClockMode(config);
  if ((request.to === undefined) === (request.by === undefined)) {
    throw invalidRequest('parameter_invalid', 'Give either `to` (an instant) or `by` (a duration such as P1M), not both.', request.to === undefined ? 'to' : 'by');
  }
  const lease = await db.query<{ offset_ms: number }>(
    `UPDATE test_clock SET advancing_until = now() + interval '15 minutes'
      WHERE id AND (advancing_until IS NULL OR advancing_until < now()) RETURNING offset_ms`,
  );
  if (lease.rowCount === 0) throw conflict('test_clock_busy', 'The test clock is being advanced by another request; try again when it is done.');
  try {
    await loadTestClock(db);
    const from = engineNow();
    const to = request.to !== undefined ? new Date(request.to) : addDuration(from, request.by!);
    if (!to || Number.isNaN(to.getTime())) throw invalidRequest('parameter_invalid', '`by` must be an ISO 8601 duration such as P1M, P7D or PT12H.', 'by');
    if (to.getTime() < from.getTime()) {
      throw invalidRequest('clock_backwards', `The test clock only moves forward; it is at ${from.toISOString()}.`, request.to !== undefined ? 'to' : 'by');
    }
    if (to.getTime() > addMonths(from, MAX_ADVANCE_YEARS * 12).getTime()) {
      throw invalidRequest('advance_too_far', `One advance moves the clock at most ${MAX_ADVANCE_YEARS} years.`, request.to !== undefined ? 'to' : 'by');
    }
    // Events already written at the starting instant are not this advance's.
    const before = await db.query<{ id: string }>('SELECT id FROM events WHERE created_at = $1', [from]);
    const env = runEnv(db, config);
    const steps = await runBilling(env, { until: to, floor: from, onStep: (at) => moveTestClock(db, engineNow, at) });
    await moveTestClock(db, engineNow, to);
    const events = await db.query<{ id: string; type: TestClockAdvanceResult['events'][number]['type']; company_id: string | null; created_at: Date }>(
      `SELECT id, type, company_id, created_at FROM events WHERE created_at >= $1 AND created_at <= $2 AND NOT (id = ANY($3::text[]))
        ORDER BY created_at, id LIMIT $4`,
      [from, to, before.rows.map((r) => r.id), MAX_EVENTS + 1],
    );
    const answer: TestClockAdvanceResult = {
      object: 'test_clock_advance',
      from: from.toISOString(),
      now: to.toISOString(),
      steps,
      invoices: await asTheyAreNow(db, env.report.invoices),
      payments: env.report.payments,
      statusChanges: env.report.statusChanges as TestClockAdvanceResult['statusChanges'],
      events: events.rows.slice(0, MAX_EVENTS).map((e) => ({ id: e.id, type: e.type, companyId: e.company_id, at: new Date(e.created_at).toISOString() })),
      hasMoreEvents: events.rows.length > MAX_EVENTS,
    };
    // The lease ends in the transaction that makes the answer: under an Idempotency-Key the answer is
    // stored with it (idempotency/index.ts), so a retry replays it instead of advancing again.
    return await db.transaction(async (tx) => {
      await tx.query('UPDATE test_clock SET advancing_until = NULL WHERE id');
      return answer;
    });
  } catch (err) {
    await db.query('UPDATE test_clock SET advancing_until = NULL WHERE id');
    throw err;
  }
}
