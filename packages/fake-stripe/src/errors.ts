/**
 * Stripe's error shape (`{ error: { type, code, decline_code, message, param, doc_url, … } }`) with the
 * HTTP statuses Stripe documents: 400 invalid request, 401 bad key, 402 card errors, 404 missing objects,
 * 409 idempotency conflicts, 500 Stripe's own errors.
 */
import type Stripe from 'stripe';
import type { Decline } from './cards.js';
import { stripeId } from './state.js';

/** The `error` member of a Stripe error body. */
export interface RawError {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  request_log_url?: string;
  charge?: string;
  payment_intent?: Stripe.PaymentIntent;
  setup_intent?: Stripe.SetupIntent;
  payment_method?: Stripe.PaymentMethod;
}

/** An error answer of the fake API. */
export class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly raw: RawError,
  ) {
    super(raw.message);
  }

  /** The JSON body Stripe sends. */
  body(): { error: RawError } {
    return {
      error: {
        ...this.raw,
        ...(this.raw.code ? { doc_url: `https://docs.stripe.com/error-codes/${this.raw.code.replace(/_/g, '-')}` } : {}),
        request_log_url: `https://dashboard.stripe.com/test/logs/${stripeId('req_', 14)}`,
      },
    };
  }
}

/** 404 for an id that does not exist in this account. */
export const missing = (kind: string, id: string, param = 'id'): StripeFailure =>
  new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` });

/** 400 for a bad request. */
export const invalid = (message: string, param?: string, code?: string): StripeFailure =>
  new StripeFailure(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}), ...(code ? { code } : {}) });

/** 402 for a card the issuer (or Radar) refused. */
export const cardError = (decline: Decline, extra: Partial<RawError> = {}): StripeFailure =>
  new StripeFailure(402, {
    type: 'card_error',
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    ...extra,
  });

/** The `last_payment_error` / `last_setup_error` a declined intent keeps. */
export function lastError(decline: Decline, pm: Stripe.PaymentMethod | null, charge?: string): Stripe.PaymentIntent.LastPaymentError {
  return {
    type: decline.code.endsWith('_authentication_failure') ? 'invalid_request_error' : 'card_error',
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    doc_url: `https://docs.stripe.com/error-codes/${decline.code.replace(/_/g, '-')}`,
    ...(charge ? { charge } : {}),
    ...(pm ? { payment_method: pm } : {}),
  };
}
