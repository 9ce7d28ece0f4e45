/** Stripe's failures as subkit's API errors: the buyer's mistakes are 4xx, Stripe being away is a 503. */
import Stripe from 'stripe';
import { ApiError } from '../../errors.js';

/** Whether `err` came from Stripe's API or from reaching it. */
export function isStripeError(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof Stripe.errors.StripeError;
}

/**
 * The ApiError for a Stripe failure that is not a card decline. `param` names the request field that
 * carried the PaymentMethod, so a made-up or foreign `pm_…` id answers 400 on it.
 */
export function apiErrorOf(err: unknown, param?: string): ApiError {
  if (!isStripeError(err)) throw err;
  if (err instanceof Stripe.errors.StripeInvalidRequestError && (err.param === 'payment_method' || err.code === 'resource_missing') && param) {
    return new ApiError('invalid_request_error', 'payment_method_invalid', 'Stripe does not know this payment method, or it belongs to someone else.', { param });
  }
  if (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeAPIError ||
    err instanceof Stripe.errors.StripeRateLimitError
  ) {
    return new ApiError('api_error', 'payment_processor_unavailable', 'Stripe could not be reached. Nothing was charged; try again in a moment.', { status: 503 });
  }
  // A refused key or a request subkit built wrongly: the merchant's logs need it, the buyer does not.
  return new ApiError('api_error', 'payment_processor_error', 'The payment processor refused the request. The request id identifies it in the server logs.');
}
