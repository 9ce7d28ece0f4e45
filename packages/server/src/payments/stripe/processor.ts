/**
 * Stripe as the engine's payment processor (engine/processor/types.ts): a charge is a PaymentIntent
 * created and confirmed in one call with the engine's idempotency key, a setup is a SetupIntent, a new
 * card is a PaymentMethod that Stripe.js created in the buyer's browser. subkit stays the system of
 * record: Stripe holds the card, the customer and the payment, subkit the invoice and the attempt.
 */
import type { Mode } from '@subkit/core';
import Stripe from 'stripe';
import type { StripeSettings } from '../../context.js';
import type { Database } from '../../db/types.js';
import { invalidRequest } from '../../errors.js';
import type {
  AcceptedPaymentMethod,
  CancelChargeRequest,
  CancelChargeResult,
  ChargeRequest,
  ChargeResult,
  NewPaymentMethod,
  PaymentProcessor,
  RefundRequest,
  RefundResult,
  SetupRequest,
  SetupResult,
} from '../../engine/processor/types.js';
import { ProcessorUnavailableError } from '../../engine/processor/types.js';
import { isHardDecline } from '../declines.js';
import { stripeClient } from './client.js';
import { knownStripeCustomer, stripeCustomerFor } from './customers.js';
import { apiErrorOf, isStripeError } from './errors.js';

type Failed = Extract<ChargeResult, { status: 'failed' }>;

/** A PaymentIntent as the engine's charge result. */
export function chargeResultOf(pi: Stripe.PaymentIntent): ChargeResult {
  switch (pi.status) {
    case 'succeeded':
      return { status: 'succeeded', processorPaymentId: pi.id };
    case 'requires_action':
      return { status: 'requires_action', processorPaymentId: pi.id, nextAction: { type: 'stripe_confirm', clientSecret: pi.client_secret } };
    case 'processing':
    case 'requires_confirmation':
    case 'requires_capture':
      // Not decided yet (a card never stays here long): the attempt stays pending until the webhook says.
      throw new ProcessorUnavailableError(`PaymentIntent ${pi.id} is ${pi.status}.`);
    default:
      return failedOf(pi.last_payment_error, pi.id, pi.status === 'canceled' ? 'payment_intent_canceled' : 'payment_failed');
  }
}

/** A Stripe Refund as the engine's refund result (`requires_action` and `pending` wait for `refund.updated`). */
export function refundResultOf(refund: Stripe.Refund): RefundResult {
  if (refund.status === 'succeeded') return { status: 'succeeded', processorRefundId: refund.id };
  if (refund.status === 'failed' || refund.status === 'canceled') return { status: 'failed', processorRefundId: refund.id, failureReason: refund.failure_reason ?? refund.status };
  return { status: 'pending', processorRefundId: refund.id };
}

/** A card error (or an intent's last error) as a failed result. */
function failedOf(
  error: { code?: string | undefined; decline_code?: string | undefined; advice_code?: string | undefined; message?: string | undefined } | null,
  processorPaymentId: string | null,
  fallbackCode = 'card_declined',
): Failed {
  const code = error?.code ?? fallbackCode;
  const declineCode = error?.decline_code ?? code;
  return {
    status: 'failed',
    processorPaymentId,
    code,
    declineCode,
    message: error?.message ?? 'The payment failed.',
    hard: isHardDecline({ declineCode, adviceCode: error?.advice_code }),
  };
}

/** Stripe, reached through stripe-node. */
export class StripeProcessor implements PaymentProcessor {
  readonly name = 'stripe' as const;
  readonly stripe: Stripe;
  readonly #db: Database;

  constructor(db: Database, settings: StripeSettings) {
    this.#db = db;
    this.stripe = stripeClient(settings);
  }

  /** The company's Stripe customer (created on first use); a Stripe outage is a 503 before anything is written. */
  async customerOf(companyId: string): Promise<string> {
    try {
      return await stripeCustomerFor(this.#db, this.stripe, companyId, new Date());
    } catch (err) {
      throw isStripeError(err) ? apiErrorOf(err) : err;
    }
  }

  /**
   * A PaymentMethod that Stripe.js created from the buyer's card: it must exist, be a card, and belong
   * to no other customer. The card's brand, last 4 digits and expiry are what subkit keeps of it.
   */
  async acceptPaymentMethod(input: NewPaymentMethod, ctx: { companyId: string; param: string; mode: Mode }): Promise<AcceptedPaymentMethod> {
    if (!('stripePaymentMethodId' in input)) {
      if (ctx.mode === 'live') throw invalidRequest('livemode_test_card', 'Test cards cannot be used in live mode.', ctx.param);
      throw invalidRequest('test_card_not_accepted', 'This shop collects payments with Stripe: enter the card in the payment form.', ctx.param);
    }
    const param = ctx.param;
    if (!/^pm_[A-Za-z0-9_]{4,}$/.test(input.stripePaymentMethodId)) {
      throw invalidRequest('payment_method_invalid', 'This is not a Stripe PaymentMethod id (pm_…).', param);
    }
    let pm: Stripe.PaymentMethod;
    try {
      pm = await this.stripe.paymentMethods.retrieve(input.stripePaymentMethodId);
    } catch (err) {
      throw apiErrorOf(err, param);
    }
    if (pm.type !== 'card' || !pm.card) throw invalidRequest('payment_method_unsupported', 'Only cards can be saved for subscriptions.', param);
    const owner = typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null);
    if (owner !== null && owner !== (await this.customerOf(ctx.companyId))) {
      throw invalidRequest('payment_method_invalid', 'Stripe does not know this payment method, or it belongs to someone else.', param);
    }
    return { processorRef: pm.id, brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year };
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const customer = await this.#customerForCharge(request.companyId);
    const params: Stripe.PaymentIntentCreateParams = {
      amount: request.amount,
      currency: request.currency.toLowerCase(),
      customer,
      payment_method: request.paymentMethod.processorRef,
      confirm: true,
      description: request.description,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: {
        subkit_invoice_id: request.metadata.invoiceId,
        subkit_attempt: String(request.metadata.attempt),
        subkit_company_id: request.companyId,
        subkit_idempotency_key: request.idempotencyKey,
      },
      // On-session, Stripe.js in the page completes 3-D Secure (handleNextAction); off-session nobody can.
      ...(request.onSession ? { use_stripe_sdk: true } : { off_session: true }),
      // A card typed in just now is saved for the renewals it pays later.
      ...(request.firstUse ? { setup_future_usage: 'off_session' as const } : {}),
    };
    try {
      const pi = await this.stripe.paymentIntents.create(params, { idempotencyKey: request.idempotencyKey });
      // A replayed answer is the first one; the intent may have moved on since (the buyer authenticated).
      return chargeResultOf(pi.status === 'requires_action' ? await this.stripe.paymentIntents.retrieve(pi.id) : pi);
    } catch (err) {
      return this.#failure(err, 'payment_intent');
    }
  }

  async retrieveCharge(processorPaymentId: string): Promise<ChargeResult> {
    try {
      return chargeResultOf(await this.stripe.paymentIntents.retrieve(processorPaymentId));
    } catch (err) {
      return this.#failure(err, 'payment_intent');
    }
  }

  async setupPaymentMethod(request: SetupRequest): Promise<SetupResult> {
    const customer = await this.#customerForCharge(request.companyId);
    try {
      const created = await this.stripe.setupIntents.create(
        {
          customer,
          payment_method: request.processorRef,
          confirm: true,
          usage: 'off_session',
          use_stripe_sdk: true,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          metadata: { subkit_company_id: request.companyId },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      // The same setup asked again (after the buyer authenticated in the browser): its current state counts.
      const si = created.status === 'requires_action' ? await this.stripe.setupIntents.retrieve(created.id) : created;
      if (si.status === 'succeeded') return { status: 'succeeded' };
      if (si.status === 'requires_action') return { status: 'requires_action', nextAction: { type: 'stripe_confirm', clientSecret: si.client_secret } };
      return failedOf(si.last_setup_error, null, 'setup_failed');
    } catch (err) {
      return this.#failure(err, 'setup_intent');
    }
  }

  /** A Refund of the payment's PaymentIntent, keyed by the credit note it gives back. */
  async refund(request: RefundRequest): Promise<RefundResult> {
    try {
      const refund = await this.stripe.refunds.create(
        {
          payment_intent: request.processorPaymentId,
          amount: request.amount,
          reason: 'requested_by_customer',
          metadata: { subkit_refund_id: request.metadata.refundId, subkit_credit_note_id: request.metadata.creditNoteId, subkit_invoice_id: request.metadata.invoiceId },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return refundResultOf(refund);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError || err instanceof Stripe.errors.StripeRateLimitError) {
        throw new ProcessorUnavailableError(`Stripe did not answer: ${err.message}`, { cause: err });
      }
      // Stripe refused it (charged back, refunded already in the Dashboard, …): an answer, not a crash.
      if (err instanceof Stripe.errors.StripeInvalidRequestError) return { status: 'failed', processorRefundId: null, failureReason: err.code ?? 'refund_refused' };
      throw err;
    }
  }

  /**
   * Cancels the PaymentIntent (`abandoned`, as Stripe does when an incomplete subscription expires; `duplicate`
   * when a newer attempt replaced it), so the buyer completing 3-D Secure later is charged nothing. Stripe refuses one that is no longer cancelable
   * (`payment_intent_unexpected_state`): it is read again, and answers `succeeded` if the money was taken.
   */
  async cancelCharge(request: CancelChargeRequest): Promise<CancelChargeResult> {
    const id = request.processorPaymentId;
    try {
      const pi = await this.stripe.paymentIntents.cancel(id, { cancellation_reason: request.reason }, { idempotencyKey: request.idempotencyKey });
      return { status: pi.status === 'succeeded' ? 'succeeded' : 'canceled', processorPaymentId: pi.id };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state') {
        const pi = await this.stripe.paymentIntents.retrieve(id).catch((retrieveErr: unknown) => this.#unavailable(retrieveErr));
        if (pi.status === 'succeeded') return { status: 'succeeded', processorPaymentId: pi.id };
        if (pi.status === 'canceled') return { status: 'canceled', processorPaymentId: pi.id };
      }
      return this.#unavailable(err);
    }
  }

  /**
   * The company's default card becomes its Stripe customer's `invoice_settings.default_payment_method`;
   * a removed card is detached from the customer. Best effort after subkit committed: a card detached
   * already (in the Dashboard) or Stripe out of reach leaves subkit's decision standing.
   */
  async syncPaymentMethod(change: { companyId: string; processorRef: string; change: 'default' | 'removed' }): Promise<void> {
    if (!change.processorRef.startsWith('pm_')) return;
    try {
      if (change.change === 'removed') {
        await this.stripe.paymentMethods.detach(change.processorRef);
      } else {
        const customer = await stripeCustomerFor(this.#db, this.stripe, change.companyId, new Date());
        await this.stripe.customers.update(customer, { invoice_settings: { default_payment_method: change.processorRef } });
      }
    } catch {
      // Nothing to undo: subkit is the system of record, Stripe's copy catches up on the next change.
    }
  }

  /**
   * A company edit's billing details copied to its Stripe customer right away (a company without one gets
   * them when it is made). One quick try: Stripe out of reach leaves the stored fingerprint of what was
   * last sent as it was, so the next call that uses the customer (a charge, a renewal, a card saved or
   * made default, the next edit) sends the details again. Each call is safe to repeat: an update sends
   * whole values, a tax id is created under a key naming the change.
   */
  async syncCompany(companyId: string): Promise<void> {
    try {
      if (!(await knownStripeCustomer(this.#db, companyId))) return;
      await stripeCustomerFor(this.#db, this.stripe, companyId, new Date(), { maxNetworkRetries: 0, timeout: 5_000 });
    } catch {
      // The edit is committed; the copy waits for the next use (above).
    }
  }

  /** The customer, or "outcome unknown" when Stripe cannot be reached (nothing was charged then). */
  async #customerForCharge(companyId: string): Promise<string> {
    try {
      return await stripeCustomerFor(this.#db, this.stripe, companyId, new Date());
    } catch (err) {
      if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError || err instanceof Stripe.errors.StripeRateLimitError) {
        throw new ProcessorUnavailableError('Stripe could not be reached to find the customer.', { cause: err });
      }
      throw err;
    }
  }

  /** Stripe out of reach means the outcome is unknown; anything else is a bug and is thrown as it is. */
  #unavailable(err: unknown): never {
    if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError || err instanceof Stripe.errors.StripeRateLimitError) {
      throw new ProcessorUnavailableError(`Stripe did not answer: ${err.message}`, { cause: err });
    }
    throw err;
  }

  /** A decline is an answer; not reaching Stripe means the outcome is unknown; anything else is a bug or a bad id. */
  #failure(err: unknown, kind: 'payment_intent' | 'setup_intent'): Failed {
    if (err instanceof Stripe.errors.StripeCardError) {
      const intent = kind === 'payment_intent' ? err.payment_intent : null;
      return failedOf({ code: err.code, decline_code: err.decline_code, advice_code: err.advice_code, message: err.message }, intent?.id ?? null);
    }
    if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError || err instanceof Stripe.errors.StripeRateLimitError) {
      throw new ProcessorUnavailableError(`Stripe did not answer: ${err.message}`, { cause: err });
    }
    if (err instanceof Stripe.errors.StripeInvalidRequestError && (err.code === 'amount_too_small' || err.code === 'invalid_amount')) {
      // A real limit of card payments (Stripe's minimum charge amounts), not the buyer's mistake.
      return failedOf({ code: err.code, decline_code: err.code, message: err.message }, null);
    }
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.param === 'payment_method') {
      // The saved card is gone on Stripe's side (removed in the Dashboard): no retry of it can work.
      return { ...failedOf({ code: 'payment_method_unavailable', message: err.message }, null), hard: true };
    }
    throw err;
  }
}
