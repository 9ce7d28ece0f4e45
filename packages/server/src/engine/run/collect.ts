/**
 * Charging what a batch recorded, after it committed: each attempt issued with its own key, its answer
 * settled in a new transaction (several per transaction), a failure sent into dunning. Attempts whose
 * answer never got recorded (a crash between the call and the answer) are re-issued the same way.
 */
import type { Database, Sql } from '../../db/types.js';
import type { ChargeResult, PaymentProcessor } from '../processor/index.js';
import { ProcessorUnavailableError } from '../processor/index.js';
import { chargeRequest, issueAttempt, pendingAttempts } from '../attempts.js';
import type { PaymentMethodRow, PaymentRow } from '../rows.js';
import type { RunEnv } from './env.js';
import { reportPayment, reportStatusChange } from './report.js';
import { afterFailedCollection } from './dunning.js';
import { settleAnswers } from './settle.js';
import type { RecordedAttempt } from './write.js';

/** How many charges are in flight at once (a network processor answers in ~0.3–1 s). */
const CONCURRENCY = 16;
/** How many answers are recorded per transaction. */
const SETTLE_BATCH = 500;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Issues the attempts: in one call per slice when the processor takes several at once, else a few in flight at a time. */
async function issueAll(processor: PaymentProcessor, attempts: readonly RecordedAttempt[]): Promise<(ChargeResult | null)[]> {
  if (!processor.chargeMany) return mapLimited(attempts, CONCURRENCY, (a) => issueAttempt(processor, a.payment, a.paymentMethod));
  const results: (ChargeResult | null)[] = [];
  for (let i = 0; i < attempts.length; i += SETTLE_BATCH) {
    const slice = attempts.slice(i, i + SETTLE_BATCH);
    try {
      results.push(...(await processor.chargeMany(slice.map((a) => chargeRequest(a.payment, a.paymentMethod)))));
    } catch (err) {
      if (!(err instanceof ProcessorUnavailableError)) throw err;
      results.push(...slice.map(() => null));
    }
  }
  return results;
}

/**
 * Charges recorded attempts and records their answers at `at`. An attempt whose outcome stays unknown
 * (processor unreachable) stays pending for the sweep. Off-session failures go into dunning.
 */
export async function chargeAttempts(env: RunEnv, attempts: readonly RecordedAttempt[], at: Date): Promise<void>;
/**
 * …and makes a request's answer with `answer` in the last transaction that records an answer, so an
 * Idempotency-Key stores it with its effect (idempotency/index.ts). Null when no answer was recorded.
 */
export async function chargeAttempts<T>(env: RunEnv, attempts: readonly RecordedAttempt[], at: Date, answer: (tx: Sql) => Promise<T>): Promise<T | null>;
export async function chargeAttempts<T>(env: RunEnv, attempts: readonly RecordedAttempt[], at: Date, answer?: (tx: Sql) => Promise<T>): Promise<T | null | void> {
  if (attempts.length === 0) return answer ? null : undefined;
  const results = await issueAll(env.processor, attempts);
  const answered = attempts.map((a, i) => ({ ...a, result: results[i] ?? null })).filter((a): a is RecordedAttempt & { result: ChargeResult } => a.result !== null);
  let made: T | null = null;
  for (let i = 0; i < answered.length; i += SETTLE_BATCH) {
    const slice = answered.slice(i, i + SETTLE_BATCH);
    const last = i + SETTLE_BATCH >= answered.length;
    made = await env.db.transaction(async (tx) => {
      const settled = await settleAnswers(tx, slice, at, env.config.mode, env.config.prorationPolicy);
      for (const done of settled) {
        reportPayment(env.report, {
          id: done.payment.id,
          invoiceId: done.payment.invoice_id ?? '',
          companyId: done.payment.company_id,
          attempt: done.payment.attempt,
          amount: done.payment.amount,
          currency: done.payment.currency,
          status: done.payment.status,
          failureCode: done.payment.failure_code,
          hardDecline: done.payment.hard_decline,
          at: at.toISOString(),
        });
        if (done.activated) reportStatusChange(env.report, { ...done.activated, at: at.toISOString() });
        if (done.result.status === 'failed' && !done.payment.on_session && done.invoice?.status === 'open') {
          await afterFailedCollection(tx, env, done.invoice, { hard: done.result.hard }, at);
        }
      }
      return last && answer ? answer(tx) : null;
    });
  }
  return answer ? made : undefined;
}

/** Re-issues attempts recorded before `before` whose answer was never recorded, with their own keys. */
export async function sweepPendingAttempts(env: RunEnv, before: Date, at: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const pending = await pendingAttempts(env.db, before, 200);
    if (pending.length === 0) return total;
    const methods = await env.db.query<PaymentMethodRow>('SELECT * FROM payment_methods WHERE id = ANY($1::text[])', [
      [...new Set(pending.map((p) => p.payment_method_id).filter((id): id is string => id !== null))],
    ]);
    const byId = new Map(methods.rows.map((m) => [m.id, m]));
    const attempts = pending.flatMap((payment: PaymentRow) => {
      const paymentMethod = payment.payment_method_id ? byId.get(payment.payment_method_id) : undefined;
      return paymentMethod ? [{ payment, paymentMethod }] : [];
    });
    await chargeAttempts(env, attempts, at);
    total += pending.length;
    // Attempts the processor still could not answer stay pending: stop rather than spin on them.
    const still = await env.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE id = ANY($1::text[]) AND status = 'pending'`, [
      pending.map((p) => p.id),
    ]);
    if ((still.rows[0]?.n ?? 0) > 0 || pending.length < 200) return total;
  }
}
