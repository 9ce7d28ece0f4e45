/**
 * The Stripe events subkit acts on. Each applier re-reads its object from Stripe (the event's snapshot
 * may be older than what already happened), then settles subkit's record of it idempotently — so a late,
 * repeated or out-of-order event leaves the same state as the events in order.
 */
import type Stripe from 'stripe';
import { settleAttempt } from '../../engine/attempts.js';
import type { AcceptedPaymentMethod, ChargeResult } from '../../engine/processor/types.js';
import { ProcessorUnavailableError } from '../../engine/processor/types.js';
import { insertCard } from '../../engine/payments.js';
import { lockCardRef } from '../../engine/payment-methods.js';
import type { PaymentRow } from '../../engine/rows.js';
import { recordDispute, type ReportedDispute } from '../disputes.js';
import { companyOfStripeCustomer } from './customers.js';
import { recordProcessorRefund, settleRefund } from '../refunds.js';
import { afterCancels, settleCancel, type CancelSettled } from '../../engine/charge-cancels.js';
import { paymentProcessor } from '../../engine/processor/index.js';
import { chargeResultOf, refundResultOf } from './processor.js';
import type { Sql } from '../../db/types.js';
import type { ApplyContext, EventApplier, EventOutcome } from './webhook-route.js';

/** payment_intent.*: the attempt of subkit's that made the PaymentIntent gets its current answer. */
const paymentIntentApplier: EventApplier<{ pi: Stripe.PaymentIntent; result: ChargeResult | null; canceled?: CancelSettled }> = {
  async prepare(event, ctx) {
    const pi = await ctx.stripe.paymentIntents.retrieve(event.objectId);
    try {
      return { pi, result: chargeResultOf(pi) };
    } catch (err) {
      // Still processing: the event that reports the end settles it.
      if (err instanceof ProcessorUnavailableError) return { pi, result: null };
      throw err;
    }
  },
  async apply(tx, prepared, _event, ctx) {
    const { pi, result } = prepared;
    // Found by the idempotency key too: a crash may have kept the PaymentIntent's id from being recorded.
    const find = (lock: string) =>
      tx.query<PaymentRow>(
        `SELECT * FROM payments WHERE processor = 'stripe' AND (processor_payment_id = $1 OR idempotency_key = $2) ORDER BY attempt DESC LIMIT 1${lock}`,
        [pi.id, pi.metadata.subkit_idempotency_key ?? ''],
      );
    const found = (await find('')).rows[0];
    if (!found) return 'unknown_object';
    // Invoice before payment, the order every other path locks them in (settleAttempt, the page's confirm):
    // the other order made a webhook and a confirm of one payment deadlock, and Postgres aborted one.
    await tx.query('SELECT id FROM invoices WHERE id = $1 FOR UPDATE', [found.invoice_id]);
    const payment = (await find(' FOR UPDATE')).rows[0];
    if (!payment) return 'unknown_object';
    if (payment.processor_cancel === 'pending' && (pi.status === 'succeeded' || pi.status === 'canceled')) {
      // Its invoice was voided, or a newer attempt replaced it, and the cancel is not answered yet: this is the
      // answer. Paid meanwhile, it pays its invoice or is refunded in full (engine/charge-cancels.ts); what that
      // leaves to send to Stripe goes after commit. An expired subscription is never brought back.
      const status = pi.status === 'succeeded' ? 'succeeded' : 'canceled';
      prepared.canceled = await settleCancel(tx, payment.id, { status, processorPaymentId: pi.id }, { at: ctx.at, mode: ctx.config.mode, policy: ctx.config.prorationPolicy });
      return prepared.canceled.recorded ? 'applied' : 'ignored';
    }
    if (payment.status === 'failed' && payment.processor_cancel === null && pi.status === 'succeeded') {
      // Recorded failed (declined, or its 3-D Secure failed), then confirmed again by whoever held its client secret —
      // the buyer's browser, with another card through Stripe.js — and paid. It was ignored, and Stripe kept the money
      // while the invoice stayed owed (a probe: 67.00 taken, invoice open). Now it is settled as a cancel answered
      // late: it pays its invoice when still open and owing that amount, else it is refunded in full.
      await tx.query(`UPDATE payments SET processor_cancel = 'pending' WHERE id = $1`, [payment.id]);
      prepared.canceled = await settleCancel(tx, payment.id, { status: 'succeeded', processorPaymentId: pi.id }, { at: ctx.at, mode: ctx.config.mode, policy: ctx.config.prorationPolicy });
      return prepared.canceled.recorded ? 'applied' : 'ignored';
    }
    if (!result || (payment.status !== 'pending' && payment.status !== 'requires_action')) return 'ignored';
    const settled = await settleAttempt(tx, { payment, result, at: ctx.at, mode: ctx.config.mode, policy: ctx.config.prorationPolicy });
    return settled.recorded ? 'applied' : 'ignored';
  },
  async afterCommit(db, { canceled }, ctx) {
    // What the cancel's answer recorded by `apply` left to send: a refund, the cancels of newer attempts.
    if (canceled) await afterCancels(db, paymentProcessor(db, ctx.config), [canceled], { at: ctx.at, mode: ctx.config.mode, policy: ctx.config.prorationPolicy });
  },
};

/** A card Stripe set up for a company, as `setup_intent.succeeded` reports it. */
interface SetUpCard {
  readonly companyId: string;
  readonly customer: string;
  readonly card: AcceptedPaymentMethod;
}

/** setup_intent.succeeded: a card set up in the browser is saved, if the browser did not come back to save it. */
const setupIntentApplier: EventApplier<SetUpCard | null> = {
  async prepare(event, ctx) {
    const si = await ctx.stripe.setupIntents.retrieve(event.objectId, { expand: ['payment_method'] });
    const pm = si.payment_method;
    const customer = typeof si.customer === 'string' ? si.customer : (si.customer?.id ?? null);
    const companyId = si.metadata?.subkit_company_id;
    const owner = pm && typeof pm !== 'string' ? (typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null)) : null;
    // A card detached since (removed in subkit or in the Dashboard) is not saved again.
    if (si.status !== 'succeeded' || !pm || typeof pm === 'string' || !pm.card || !customer || !companyId || owner !== customer) return null;
    return { companyId, customer, card: { processorRef: pm.id, brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year } };
  },
  async apply(tx, setUp, _event, ctx) {
    if (!setUp) return 'ignored';
    // The company must be the one subkit made this customer for (metadata alone could be anyone's).
    if ((await companyOfStripeCustomer(tx, setUp.customer)) !== setUp.companyId) return 'unknown_object';
    // Saved already — or saved and removed since: a late event must not bring a removed card back.
    await lockCardRef(tx, setUp.companyId, setUp.card.processorRef);
    const existing = await tx.query('SELECT id FROM payment_methods WHERE company_id = $1 AND processor_ref = $2', [
      setUp.companyId,
      setUp.card.processorRef,
    ]);
    if (existing.rowCount > 0) return 'ignored';
    await insertCard(tx, { companyId: setUp.companyId, card: setUp.card, makeDefault: false, at: ctx.at, mode: ctx.config.mode });
    return 'applied';
  },
};

/** Stripe's dispute statuses as subkit's: inquiries and chargebacks are open until won (or withdrawn) or lost. */
export function disputeStatusOf(status: Stripe.Dispute.Status): ReportedDispute['status'] {
  if (status === 'lost') return 'lost';
  if (status === 'won' || status === 'warning_closed' || status === 'prevented') return 'won';
  return 'open';
}

/** charge.dispute.*: the invoice whose payment was disputed shows the dispute; the merchant hears of it. */
const disputeApplier: EventApplier<Stripe.Dispute> = {
  prepare: (event, ctx) => ctx.stripe.disputes.retrieve(event.objectId),
  async apply(tx, dispute, _event, ctx) {
    const pi = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : (dispute.payment_intent?.id ?? null);
    if (!pi) return 'unknown_object';
    const { rows } = await tx.query<PaymentRow>(`SELECT * FROM payments WHERE processor = 'stripe' AND processor_payment_id = $1 AND status = 'succeeded'`, [pi]);
    const payment = rows[0];
    if (!payment) return 'unknown_object';
    const reported: ReportedDispute = { processorDisputeId: dispute.id, amount: dispute.amount, currency: dispute.currency, reason: dispute.reason, status: disputeStatusOf(dispute.status) };
    return (await recordDispute(tx, { payment, dispute: reported, at: ctx.at, mode: ctx.config.mode })) ? 'applied' : 'ignored';
  },
};

/**
 * Brings one Stripe Refund into subkit's books. One subkit asked for (found by id, or by its metadata after a crash)
 * gets Stripe's answer. Any other refund of a charge that paid a subkit invoice was made outside subkit (the
 * merchant's Dashboard, a direct API call): it is recorded once, with a credit note, under the invoice and payment
 * locks (the order every path takes), so two events about it at once record it once. A refund of a charge subkit
 * does not know is `unknown_object`.
 */
async function syncRefund(tx: Sql, refund: Stripe.Refund, ctx: ApplyContext): Promise<EventOutcome> {
  const known = () =>
    tx.query<{ id: string; status: string }>(`SELECT id, status FROM refunds WHERE processor = 'stripe' AND (processor_refund_id = $1 OR id = $2)`, [
      refund.id,
      refund.metadata?.subkit_refund_id ?? '',
    ]);
  const settle = async (found: { id: string; status: string }) => {
    const settled = await settleRefund(tx, found.id, refundResultOf(refund), ctx.at, ctx.config.mode);
    return settled.status !== found.status ? 'applied' : 'ignored';
  };
  const mine = (await known()).rows[0];
  if (mine) return settle(mine);
  const pi = typeof refund.payment_intent === 'string' ? refund.payment_intent : (refund.payment_intent?.id ?? null);
  if (!pi) return 'unknown_object';
  const find = (lock: string) =>
    tx.query<PaymentRow>(`SELECT * FROM payments WHERE processor = 'stripe' AND processor_payment_id = $1 AND status = 'succeeded'${lock}`, [pi]);
  const found = (await find('')).rows[0];
  if (!found) return 'unknown_object';
  await tx.query('SELECT id FROM invoices WHERE id = $1 FOR UPDATE', [found.invoice_id]);
  const payment = (await find(' FOR UPDATE')).rows[0]!;
  const recorded = (await known()).rows[0];
  if (recorded) return settle(recorded);
  const result = refundResultOf(refund);
  await recordProcessorRefund(tx, payment, { processorRefundId: refund.id, amount: refund.amount, duplicate: refund.reason === 'duplicate', result }, ctx.at, ctx.config.mode);
  return 'applied';
}

/** refund.created / refund.updated / refund.failed, and charge.refund.updated of API versions before 2024-10-28: the Refund as Stripe has it now. */
const refundApplier: EventApplier<Stripe.Refund> = {
  prepare: (event, ctx) => ctx.stripe.refunds.retrieve(event.objectId),
  apply: (tx, refund, _event, ctx) => syncRefund(tx, refund, ctx),
};

/**
 * charge.refunded: every Refund of the charge. Its event carries the charge, whose `refunds` list is left out since API
 * version 2022-11-15, so they are listed; it is what an endpoint of an API version before 2024-10-28 (no `refund.created`
 * for charges) hears of a Dashboard refund.
 */
const chargeRefundedApplier: EventApplier<Stripe.Refund[]> = {
  prepare: async (event, ctx) => ctx.stripe.refunds.list({ charge: event.objectId, limit: 100 }).autoPagingToArray({ limit: 10_000 }),
  async apply(tx, refunds, _event, ctx) {
    const outcomes: EventOutcome[] = [];
    for (const refund of [...refunds].reverse()) outcomes.push(await syncRefund(tx, refund, ctx));
    if (outcomes.includes('applied')) return 'applied';
    return outcomes.includes('ignored') ? 'ignored' : 'unknown_object';
  },
};

/** Appliers by Stripe event type; any other type is acknowledged and recorded as `ignored`. */
export const stripeEventAppliers: Readonly<Partial<Record<string, EventApplier<any>>>> = {
  'payment_intent.succeeded': paymentIntentApplier,
  'payment_intent.payment_failed': paymentIntentApplier,
  'payment_intent.requires_action': paymentIntentApplier,
  'payment_intent.canceled': paymentIntentApplier,
  'setup_intent.succeeded': setupIntentApplier,
  'charge.dispute.created': disputeApplier,
  'charge.dispute.updated': disputeApplier,
  'charge.dispute.closed': disputeApplier,
  'refund.created': refundApplier,
  'refund.updated': refundApplier,
  'refund.failed': refundApplier,
  'charge.refund.updated': refundApplier,
  'charge.refunded': chargeRefundedApplier,
};

