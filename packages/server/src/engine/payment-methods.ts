/** A company's saved payment methods: list, set up (a test card or a Stripe PaymentMethod), make default, remove. */
import { isPayable, type Deleted, type PaymentMethod, type PaymentResult, type SetupPaymentMethodRequest, type SetupPaymentMethodResult } from '@subkit/core';
import type { RequestContext, Sql } from '../context.js';
import { ApiError, conflict, invalidRequest } from '../errors.js';
import { recordEvent as emitEvent } from '../db/events.js';
import { loadInvoice } from './invoices.js';
import { collectNow, recordAttempt } from './attempts.js';
import { cancelCharges, pendingCancelsOf } from './charge-cancels.js';
import { defaultPaymentMethod, insertCard, loadPaymentMethod, renderPaymentMethod, renderPaymentResult } from './payments.js';
import { setupKey } from './checkout.js';
import { declineError, paymentProcessor } from './processor/index.js';
import type { PaymentMethodRow } from './rows.js';

/** The company's saved payment methods, default first, then newest. */
export async function listPaymentMethods(ctx: RequestContext, companyId: string): Promise<{ object: 'list'; data: PaymentMethod[]; hasMore: false; nextCursor: null }> {
  const { rows } = await ctx.db.query<PaymentMethodRow>(
    'SELECT * FROM payment_methods WHERE company_id = $1 AND detached_at IS NULL ORDER BY is_default DESC, created_at DESC, id DESC',
    [companyId],
  );
  return { object: 'list', data: rows.map(renderPaymentMethod), hasMore: false, nextCursor: null };
}

/**
 * Saves a card the buyer entered (a test card, or a PaymentMethod from Stripe's Payment Element): it is
 * set up for later off-session charges first; the first card, or one with `makeDefault`, becomes the
 * default. A declining card answers 402. When the bank wants the buyer to authenticate the setup, the
 * answer is `requires_action` with the client secret; once the browser completed it, the same request
 * again finds the setup done and saves the card.
 */
export async function setupPaymentMethod(ctx: RequestContext, companyId: string, req: SetupPaymentMethodRequest): Promise<SetupPaymentMethodResult> {
  const entered = req.stripePaymentMethodId !== undefined ? { stripePaymentMethodId: req.stripePaymentMethodId } : req.testCard !== undefined ? { testCard: req.testCard } : null;
  const param = req.stripePaymentMethodId !== undefined ? 'stripePaymentMethodId' : 'testCard';
  const processor = paymentProcessor(ctx.db, ctx.config, param);
  if (!entered) throw invalidRequest('parameter_missing', 'Enter a card.', processor.name === 'stripe' ? 'stripePaymentMethodId' : 'testCard');
  const now = ctx.now();
  const card = await processor.acceptPaymentMethod(entered, { companyId, param, at: now, mode: ctx.config.mode });
  // A Stripe PaymentMethod is one card entered once: asked again (after 3-D Secure), it is the same card.
  const saved = processor.name === 'stripe' ? await savedCard(ctx.db, companyId, card.processorRef) : null;
  if (saved) return { object: 'payment_method_setup', status: 'succeeded', paymentMethod: renderPaymentMethod(saved), clientSecret: null };
  const setup = await processor.setupPaymentMethod({ companyId, processorRef: card.processorRef, idempotencyKey: setupKey(companyId, card.processorRef) });
  if (setup.status === 'failed') throw declineError(setup, param);
  if (setup.status === 'requires_action') {
    return { object: 'payment_method_setup', status: 'requires_action', paymentMethod: null, clientSecret: setup.nextAction.clientSecret };
  }
  // The answer is the transaction's result, so an Idempotency-Key stores it with the card (idempotency/index.ts).
  return ctx.db.transaction(async (tx): Promise<SetupPaymentMethodResult> => {
    // The same card saved meanwhile (the webhook of its setup, or a second tab): keep the one row.
    if (processor.name === 'stripe') await lockCardRef(tx, companyId, card.processorRef);
    const existing = processor.name === 'stripe' ? await savedCard(tx, companyId, card.processorRef) : null;
    const row = existing ?? (await insertCard(tx, { companyId, card, makeDefault: req.makeDefault ?? false, at: now, mode: ctx.config.mode }));
    return { object: 'payment_method_setup', status: 'succeeded', paymentMethod: renderPaymentMethod(row), clientSecret: null };
  });
}

/**
 * Serialises the transactions that may save one processor card of a company (the browser's save after
 * 3-D Secure and the setup's webhook race on a server database): the second waits, then finds the row.
 */
export async function lockCardRef(tx: Sql, companyId: string, processorRef: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`card:${companyId}:${processorRef}`]);
}

/** The company's live saved payment method with this processor reference, if any. */
async function savedCard(sql: Sql, companyId: string, processorRef: string): Promise<PaymentMethodRow | null> {
  const { rows } = await sql.query<PaymentMethodRow>(
    'SELECT * FROM payment_methods WHERE company_id = $1 AND processor_ref = $2 AND detached_at IS NULL ORDER BY created_at DESC LIMIT 1',
    [companyId, processorRef],
  );
  return rows[0] ?? null;
}

/** Makes a payment method the company's default; card-paid subscriptions are charged to it from now on. */
export async function setDefaultPaymentMethod(ctx: RequestContext, companyId: string, paymentMethodId: string): Promise<PaymentMethod> {
  const sync: { processorRef: string | null } = { processorRef: null };
  // The answer is the transaction's result (idempotency/index.ts); Stripe's copy follows after COMMIT.
  const rendered = await ctx.db.transaction(async (tx) => {
    const method = await loadPaymentMethod(tx, companyId, paymentMethodId, 'paymentMethodId');
    await tx.query('UPDATE payment_methods SET is_default = (id = $2) WHERE company_id = $1 AND detached_at IS NULL', [companyId, method.id]);
    await tx.query(
      `UPDATE subscriptions SET default_payment_method_id = $2, version = version + 1, updated_at = $3
        WHERE company_id = $1 AND collection_method = 'charge_automatically' AND status NOT IN ('canceled', 'incomplete_expired')
          AND default_payment_method_id IS DISTINCT FROM $2`,
      [companyId, method.id, ctx.now()],
    );
    const rendered = renderPaymentMethod({ ...method, is_default: true });
    await emitEvent(tx, { type: 'payment_method.updated', mode: ctx.config.mode, companyId, object: rendered, at: ctx.now() });
    sync.processorRef = method.processor_ref;
    return rendered;
  });
  if (sync.processorRef) await paymentProcessor(ctx.db, ctx.config).syncPaymentMethod({ companyId, processorRef: sync.processorRef, change: 'default' });
  return rendered;
}

/** Removes a payment method, unless a running card-paid subscription is charged to it (409). */
export async function removePaymentMethod(ctx: RequestContext, companyId: string, paymentMethodId: string): Promise<Deleted> {
  const sync: { removed: string | null; successor: string | null } = { removed: null, successor: null };
  // The answer is the transaction's result (idempotency/index.ts); Stripe's copy follows after COMMIT.
  const deleted = await ctx.db.transaction(async (tx): Promise<Deleted> => {
    const method = await loadPaymentMethod(tx, companyId, paymentMethodId, 'paymentMethodId');
    const inUse = await tx.query<{ id: string }>(
      `SELECT id FROM subscriptions
        WHERE company_id = $1 AND collection_method = 'charge_automatically'
          AND status IN ('incomplete', 'trialing', 'active', 'past_due', 'paused', 'unpaid')
          AND (default_payment_method_id = $2 OR (default_payment_method_id IS NULL AND $3::boolean))
        LIMIT 1`,
      [companyId, method.id, method.is_default],
    );
    if (inUse.rows[0]) {
      throw conflict('payment_method_in_use', 'A running subscription is charged to this card; make another card the default first.');
    }
    const now = ctx.now();
    await tx.query('UPDATE payment_methods SET detached_at = $2, is_default = false WHERE id = $1', [method.id, now]);
    let successor: string | null = null;
    if (method.is_default) {
      // The newest remaining card takes over, so the company keeps a default when it has any card.
      const promoted = await tx.query<{ processor_ref: string | null }>(
        `UPDATE payment_methods SET is_default = true
          WHERE id = (SELECT id FROM payment_methods WHERE company_id = $1 AND detached_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1)
          RETURNING processor_ref`,
        [companyId],
      );
      successor = promoted.rows[0]?.processor_ref ?? null;
    }
    await emitEvent(tx, { type: 'payment_method.detached', mode: ctx.config.mode, companyId, object: renderPaymentMethod(method), at: now });
    Object.assign(sync, { removed: method.processor_ref, successor });
    return { id: method.id, object: 'payment_method', deleted: true };
  });
  const processor = paymentProcessor(ctx.db, ctx.config);
  if (sync.removed) await processor.syncPaymentMethod({ companyId, processorRef: sync.removed, change: 'removed' });
  if (sync.successor) await processor.syncPaymentMethod({ companyId, processorRef: sync.successor, change: 'default' });
  return deleted;
}

/**
 * Pays an open (or uncollectible) invoice with a saved card (the default when none is named), the buyer waiting: the
 * attempt is recorded, then charged, then its answer recorded. A decline answers 402 (the failed attempt
 * stays on the invoice); a card that asks for 3-D Secure answers `requires_action` with the next action.
 */
export async function payInvoice(ctx: RequestContext, companyId: string, invoiceId: string, paymentMethodId: string | undefined): Promise<PaymentResult> {
  const processor = paymentProcessor(ctx.db, ctx.config, 'paymentMethodId');
  const recorded = await ctx.db.transaction(async (tx) => {
    const invoice = await loadInvoice(tx, companyId, invoiceId, { lock: true });
    if (!isPayable(invoice.status)) throw conflict('invoice_not_open', `Invoice ${invoice.number} is ${invoice.status}; only open or uncollectible invoices can be paid.`);
    const method =
      paymentMethodId !== undefined ? await loadPaymentMethod(tx, companyId, paymentMethodId, 'paymentMethodId') : await defaultPaymentMethod(tx, companyId);
    if (!method) throw invalidRequest('payment_method_required', 'Add a card or name a saved payment method.', 'paymentMethodId');
    const payment = await recordAttempt(tx, { invoice, paymentMethod: method, processor: processor.name, onSession: true, firstUse: false, at: ctx.now() });
    return { payment, method };
  });
  // The answer (or the 402 of a decline, whose failed attempt stays) is made in the settling transaction.
  const opts = { at: ctx.now, mode: ctx.config.mode, policy: ctx.config.prorationPolicy };
  let answer: PaymentResult | ApiError | null;
  try {
    answer = await collectNow(ctx.db, processor, { payment: recorded.payment, paymentMethod: recorded.method, ...opts }, async (_tx, settled) =>
      settled.result.status === 'failed' ? declineError(settled.result, 'paymentMethodId') : renderPaymentResult(settled.payment, settled.invoice?.subscription_id ?? null),
    );
  } finally {
    // The attempt this one superseded is canceled once this one's answer is in: had the buyer paid the old one
    // meanwhile, that answer decides which of the two keeps the money (engine/charge-cancels.ts).
    const cancels = await pendingCancelsOf(ctx.db, [invoiceId]);
    await cancelCharges(ctx.db, processor, cancels, { ...opts, at: ctx.now() });
  }
  if (!answer) {
    throw new ApiError('api_error', 'processor_unavailable', 'The payment processor did not answer. The payment is recorded and will be completed or released shortly.', {
      status: 503,
    });
  }
  if (answer instanceof ApiError) throw answer;
  return answer;
}
