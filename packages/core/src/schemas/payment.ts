import * as z from 'zod/mini';
import { Id, Timestamp } from './common.js';

/** A saved payment method of a company. */
export const PaymentMethod = z.object({
  id: Id,
  object: z.literal('payment_method'),
  type: z.enum(['card', 'sepa_debit', 'bank_transfer']),
  card: z.nullable(
    z.object({
      brand: z.string(),
      last4: z.string().check(z.regex(/^\d{4}$/)),
      expMonth: z.int().check(z.minimum(1), z.maximum(12)),
      expYear: z.int().check(z.minimum(2000), z.maximum(2200)),
    }),
  ),
  isDefault: z.boolean(),
  createdAt: Timestamp,
});
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/**
 * A card as the local engine's TEST-MODE processor takes it. Only documented test numbers are
 * accepted, and never in live mode: live cards go through Stripe's Payment Element only.
 */
export const TestCard = z.object({
  number: z.string().check(z.regex(/^[\d ]{12,23}$/, 'must be a card number')),
  expMonth: z.int().check(z.minimum(1), z.maximum(12)),
  expYear: z.int().check(z.minimum(2000), z.maximum(2200)),
  cvc: z.string().check(z.regex(/^\d{3,4}$/, 'must be 3 or 4 digits')),
});
export type TestCard = z.infer<typeof TestCard>;

/** Start saving a payment method: local test mode takes a test card; Stripe answers a SetupIntent secret. */
export const SetupPaymentMethodRequest = z.object({
  testCard: z.optional(TestCard),
  /** A Stripe PaymentMethod id confirmed client-side (Stripe engine). */
  stripePaymentMethodId: z.optional(z.string()),
  makeDefault: z.optional(z.boolean()),
});
export type SetupPaymentMethodRequest = z.infer<typeof SetupPaymentMethodRequest>;

/** The answer of a setup: the saved method, or a next step for the browser. */
export const SetupPaymentMethodResult = z.object({
  object: z.literal('payment_method_setup'),
  status: z.enum(['succeeded', 'requires_action', 'requires_confirmation']),
  paymentMethod: z.nullable(PaymentMethod),
  /** Stripe SetupIntent client secret when the Payment Element must confirm it. */
  clientSecret: z.nullable(z.string()),
});
export type SetupPaymentMethodResult = z.infer<typeof SetupPaymentMethodResult>;

/** A step the buyer must complete in the browser (3-D Secure / SCA). */
export const NextAction = z.object({
  type: z.enum(['sca_challenge', 'stripe_confirm']),
  /** Local test engine: the payment id to confirm with `POST /v1/payments/{id}/confirm`. */
  paymentId: z.nullable(Id),
  /** Stripe engine: the PaymentIntent client secret for `stripe.confirmPayment`. */
  clientSecret: z.nullable(z.string()),
});
export type NextAction = z.infer<typeof NextAction>;

/**
 * After the buyer's authentication step: with the test processor, the buyer's answer to its simulated
 * challenge (`outcome` required); with Stripe, nothing (Stripe.js completed it; the server reads the
 * payment's state from Stripe).
 */
export const ConfirmPaymentRequest = z.object({ outcome: z.optional(z.enum(['approve', 'fail'])) });
export type ConfirmPaymentRequest = z.infer<typeof ConfirmPaymentRequest>;

/** The result of a payment confirmation. */
export const PaymentResult = z.object({
  object: z.literal('payment'),
  id: Id,
  status: z.enum(['succeeded', 'failed', 'requires_action']),
  invoiceId: z.nullable(Id),
  subscriptionId: z.nullable(Id),
  failureCode: z.nullable(z.string()),
  failureMessage: z.nullable(z.string()),
  /** The browser's next step while `status` is `requires_action` (3-D Secure). */
  nextAction: z.optional(z.nullable(NextAction)),
});
export type PaymentResult = z.infer<typeof PaymentResult>;
