/**
 * Which payment processor a deployment charges through: Stripe when the deployment collects with
 * Stripe (`SUBKIT_PAYMENTS=stripe`), else the test processor (test mode only). Tests may plug in
 * another with `usePaymentProcessor`.
 */
import type { ServerConfig } from '../../context.js';
import type { Database } from '../../db/types.js';
import { ApiError } from '../../errors.js';
import { StripeProcessor } from '../../payments/stripe/processor.js';
import { TestProcessor } from './test-processor.js';
import type { PaymentProcessor } from './types.js';

export type {
  AcceptedPaymentMethod,
  CancelChargeRequest,
  CancelChargeResult,
  ChargeRequest,
  ChargeResult,
  NewPaymentMethod,
  PaymentProcessor,
  ProcessorName,
  ProcessorPaymentMethod,
  RefundRequest,
  RefundResult,
  SetupRequest,
  SetupResult,
} from './types.js';
export { ProcessorUnavailableError } from './types.js';
export { TestProcessor } from './test-processor.js';
export {
  acceptTestCard,
  assertTestMode,
  AUTHENTICATION_REQUIRED,
  challengeOutcome,
  chargeOutcome,
  declineError,
  setupOutcome,
} from './test-cards.js';
export { isHardDecline } from '../../payments/declines.js';
export type { AcceptedTestCard, ChargeOutcome, Decline } from './test-cards.js';

const chosen = new WeakMap<Database, PaymentProcessor>();

/** Makes `processor` the one every charge on `db` goes through (Stripe's implementation, or a test's). */
export function usePaymentProcessor(db: Database, processor: PaymentProcessor): void {
  chosen.set(db.store ?? db, processor);
}

/**
 * The processor of a deployment: the one plugged in for its database, else Stripe when the deployment
 * collects with Stripe, else the test processor in test mode. Live mode without Stripe answers 400
 * (configuration refuses to start it anyway): test cards are never charged in live mode.
 */
export function paymentProcessor(db: Database, config: Pick<ServerConfig, 'mode' | 'payments' | 'stripe'>, param?: string): PaymentProcessor {
  // One processor per store (a request's view of the store, `db.store`, shares it).
  const store = db.store ?? db;
  const plugged = chosen.get(store);
  if (plugged) return plugged;
  if (config.payments === 'stripe' && config.stripe) {
    const stripe = new StripeProcessor(store, config.stripe);
    chosen.set(store, stripe);
    return stripe;
  }
  if (config.mode === 'live') {
    throw new ApiError('invalid_request_error', 'livemode_test_card', 'Test cards cannot be used in live mode.', param === undefined ? {} : { param });
  }
  const processor = new TestProcessor(store);
  chosen.set(store, processor);
  return processor;
}
