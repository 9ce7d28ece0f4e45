/**
 * The TEST-MODE processor: documented test cards behave as test-cards.ts says, and it keeps books of its
 * own (`test_processor_charges`, one row per idempotency key) like a network processor does, so a
 * re-issued attempt gets its first answer back and is never charged twice. Refused in live mode.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../db/types.js';
import { newId } from '../../ids.js';
import type { Mode } from '@subkit/core';
import { invalidRequest } from '../../errors.js';
import { acceptTestCard, challengeOutcome, chargeOutcome, setupOutcome } from './test-cards.js';
import type { ChargeOutcome } from './test-cards.js';
import type { AcceptedPaymentMethod, CancelChargeRequest, CancelChargeResult, ChargeRequest, ChargeResult, NewPaymentMethod, PaymentProcessor, RefundRequest, RefundResult, SetupRequest, SetupResult } from './types.js';

interface LedgerRow {
  id: string;
  idempotency_key: string;
  result: ChargeResult;
}

function withIds(outcome: ChargeOutcome, id: string): ChargeResult {
  switch (outcome.status) {
    case 'succeeded':
      return { status: 'succeeded', processorPaymentId: id };
    case 'requires_action':
      // The local engine's challenge is answered through POST /v1/payments/{id}/confirm.
      return { status: 'requires_action', processorPaymentId: id, nextAction: { type: 'sca_challenge', clientSecret: null } };
    case 'failed':
      return { ...outcome, processorPaymentId: id };
  }
}

/** The test processor over one database (its books live there, beside the engine's tables). */
export class TestProcessor implements PaymentProcessor {
  readonly name = 'test' as const;
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const id = newId('tpi_');
    const result = withIds(chargeOutcome(request.paymentMethod.processorRef, { firstUse: request.firstUse, onSession: request.onSession }), id);
    // One statement: of two concurrent calls with one key, exactly one inserts; the other reads its answer.
    const inserted = await this.#db.query<LedgerRow>(
      `INSERT INTO test_processor_charges (idempotency_key, id, company_id, payment_method_ref, amount, currency, on_session, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key, result`,
      [request.idempotencyKey, id, request.companyId, request.paymentMethod.processorRef, request.amount, request.currency, request.onSession, JSON.stringify(result)],
    );
    if (inserted.rows[0]) return inserted.rows[0].result;
    const { rows } = await this.#db.query<LedgerRow>('SELECT id, idempotency_key, result FROM test_processor_charges WHERE idempotency_key = $1', [
      request.idempotencyKey,
    ]);
    return rows[0]!.result;
  }

  /** Many charges in two statements: the new keys inserted at once, the keys seen before answered with their first outcome. */
  async chargeMany(requests: readonly ChargeRequest[]): Promise<(ChargeResult | null)[]> {
    if (requests.length === 0) return [];
    const fresh = requests.map((r) => {
      const id = newId('tpi_');
      return { r, id, result: withIds(chargeOutcome(r.paymentMethod.processorRef, { firstUse: r.firstUse, onSession: r.onSession }), id) };
    });
    const { rows: inserted } = await this.#db.query<LedgerRow>(
      `INSERT INTO test_processor_charges (idempotency_key, id, company_id, payment_method_ref, amount, currency, on_session, result)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::boolean[], $8::jsonb[])
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key, result`,
      [
        fresh.map((f) => f.r.idempotencyKey),
        fresh.map((f) => f.id),
        fresh.map((f) => f.r.companyId),
        fresh.map((f) => f.r.paymentMethod.processorRef),
        fresh.map((f) => f.r.amount),
        fresh.map((f) => f.r.currency),
        fresh.map((f) => f.r.onSession),
        fresh.map((f) => JSON.stringify(f.result)),
      ],
    );
    const answers = new Map(inserted.map((row) => [row.idempotency_key, row.result]));
    const seen = requests.map((r) => r.idempotencyKey).filter((k) => !answers.has(k));
    if (seen.length > 0) {
      const { rows } = await this.#db.query<LedgerRow>('SELECT id, idempotency_key, result FROM test_processor_charges WHERE idempotency_key = ANY($1::text[])', [seen]);
      for (const row of rows) answers.set(row.idempotency_key, row.result);
    }
    return requests.map((r) => answers.get(r.idempotencyKey) ?? null);
  }

  async retrieveCharge(processorPaymentId: string): Promise<ChargeResult> {
    const { rows } = await this.#db.query<LedgerRow>('SELECT id, idempotency_key, result FROM test_processor_charges WHERE id = $1', [processorPaymentId]);
    const row = rows[0];
    if (!row) throw new Error(`The test processor has no charge ${processorPaymentId}.`);
    return row.result;
  }

  async acceptPaymentMethod(input: NewPaymentMethod, ctx: { companyId: string; param: string; at: Date; mode: Mode }): Promise<AcceptedPaymentMethod> {
    if (!('testCard' in input)) {
      throw invalidRequest('stripe_payments_required', 'This server does not collect payments with Stripe; enter a test card.', ctx.param);
    }
    return acceptTestCard({ mode: ctx.mode }, input.testCard, ctx.at, ctx.param);
  }

  /** A refund of a test charge always goes through; its id comes from the key, so a repeated key answers the same refund. */
  async refund(request: RefundRequest): Promise<RefundResult> {
    return { status: 'succeeded', processorRefundId: `tre_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}` };
  }

  /**
   * A charge awaiting its challenge is failed for good (the bank's page answered later finds it settled);
   * one that went through already answers `succeeded`. Its books hold the answer, so a repeat changes nothing.
   */
  async cancelCharge(request: CancelChargeRequest): Promise<CancelChargeResult> {
    const canceled: ChargeResult = {
      status: 'failed',
      processorPaymentId: request.processorPaymentId,
      code: 'payment_intent_canceled',
      declineCode: 'payment_intent_canceled',
      message: request.reason === 'duplicate' ? 'The payment was canceled: a newer payment attempt replaced it.' : 'The payment was canceled: its invoice was voided.',
      hard: true,
    };
    await this.#db.query(
      `UPDATE test_processor_charges SET result = $2, updated_at = now() WHERE id = $1 AND result->>'status' = 'requires_action'`,
      [request.processorPaymentId, JSON.stringify(canceled)],
    );
    const current = await this.retrieveCharge(request.processorPaymentId);
    return { status: current.status === 'succeeded' ? 'succeeded' : 'canceled', processorPaymentId: request.processorPaymentId };
  }

  /** The test processor keeps nothing of its own about saved cards. */
  async syncPaymentMethod(_change: Parameters<PaymentProcessor['syncPaymentMethod']>[0]): Promise<void> {}

  async setupPaymentMethod(request: SetupRequest): Promise<SetupResult> {
    const outcome = setupOutcome(request.processorRef);
    return outcome.status === 'failed' ? { ...outcome, processorPaymentId: null } : { status: 'succeeded' };
  }

  /**
   * The card holder's answer to a 3-D Secure challenge (the bank's page, simulated): settles a charge
   * that awaits authentication. A charge already settled keeps its answer.
   */
  async completeChallenge(processorPaymentId: string, answer: 'approve' | 'fail'): Promise<ChargeResult> {
    const current = await this.retrieveCharge(processorPaymentId);
    if (current.status !== 'requires_action') return current;
    const result = withIds(challengeOutcome(answer), processorPaymentId);
    const { rows } = await this.#db.query<LedgerRow>(
      `UPDATE test_processor_charges SET result = $2, updated_at = now()
        WHERE id = $1 AND result->>'status' = 'requires_action' RETURNING id, idempotency_key, result`,
      [processorPaymentId, JSON.stringify(result)],
    );
    return rows[0]?.result ?? this.retrieveCharge(processorPaymentId);
  }
}
