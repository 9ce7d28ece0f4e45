/**
 * The payment processor seam: what the engine asks of whoever moves the money. The test processor
 * (test-processor.ts) is the first implementation; Stripe (PaymentIntents, SetupIntents) is the next.
 *
 * The contract, for a processor reached over a network:
 * - The engine never holds a database transaction open across a call. It first records the attempt
 *   (a `payments` row: invoice id, attempt number — unique together — status `pending`, and the
 *   idempotency key), commits, then calls `charge`, then records the outcome in a new transaction.
 * - The idempotency key is derived from our ids: `<invoice id>:attempt:<n>`. A rerun after a crash
 *   between the call and the outcome re-issues the SAME attempt with the SAME key, never a new one,
 *   so the processor answers with the first outcome instead of charging again. Implementations must
 *   pass the key through (Stripe: the `Idempotency-Key` header) and must answer a repeated key with
 *   the outcome of its first use.
 * - A decline is an outcome, not an exception: `charge` resolves `failed` (with `hard` for declines
 *   no retry can fix). It rejects only when the outcome is unknown (network failure, timeout): the
 *   attempt then stays `pending` and a later sweep re-issues it with its key.
 * - On-session charges (the buyer is at the page: checkout, pay now, a change that charges now) may
 *   resolve `requires_action` with the next step for the browser (3-D Secure); the engine answers the
 *   API call with that `nextAction` instead of a 402. Off-session charges (renewals, dunning retries)
 *   that the bank wants authenticated resolve `failed` with `authentication_required` (soft).
 */
import type { Mode, NextAction, TestCard } from '@subkit/core';

/** Which implementation a payments row was charged through. */
export type ProcessorName = 'test' | 'stripe';

/** A saved payment method as the processor knows it. */
export interface ProcessorPaymentMethod {
  /** Our `payment_methods.id`. */
  readonly id: string;
  /** The processor's own reference (test processor: which test card; Stripe: the `pm_…` id). */
  readonly processorRef: string;
}

/** A card the buyer entered just now, as the processor's browser side handed it over. */
export type NewPaymentMethod =
  /** The test processor: a documented test card (test mode only). */
  | { readonly testCard: TestCard }
  /** Stripe: the PaymentMethod that Stripe.js (the Payment Element) created in the browser. */
  | { readonly stripePaymentMethodId: string };

/** What subkit keeps of an accepted payment method (`payment_methods`). */
export interface AcceptedPaymentMethod {
  readonly processorRef: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
}

/** One charge the engine asks for. */
export interface ChargeRequest {
  /** `<invoice id>:attempt:<n>`: the processor dedupes on it. */
  readonly idempotencyKey: string;
  /** Minor units, > 0. */
  readonly amount: number;
  readonly currency: string;
  readonly companyId: string;
  readonly paymentMethod: ProcessorPaymentMethod;
  /** True when the buyer is present and can complete an authentication step. */
  readonly onSession: boolean;
  /** True on the first, on-session charge of a card entered just now (it is saved for later charges). */
  readonly firstUse: boolean;
  /** Shown on the buyer's statement and in the processor's dashboard. */
  readonly description: string;
  readonly metadata: { readonly invoiceId: string; readonly attempt: number };
}

/** What a processor answered for one charge. */
export type ChargeResult =
  | { readonly status: 'succeeded'; readonly processorPaymentId: string }
  | { readonly status: 'requires_action'; readonly processorPaymentId: string; readonly nextAction: Omit<NextAction, 'paymentId'> }
  | {
      readonly status: 'failed';
      readonly processorPaymentId: string | null;
      /** API error code, e.g. `card_declined`, `expired_card`, `authentication_required`. */
      readonly code: string;
      /** The issuer's reason, e.g. `insufficient_funds`, `fraudulent`. */
      readonly declineCode: string;
      readonly message: string;
      /** A decline no retry can fix (stolen card, closed account): dunning never retries it. */
      readonly hard: boolean;
    };

/** Saving a payment method for later off-session charges (a SetupIntent). */
export interface SetupRequest {
  readonly companyId: string;
  readonly processorRef: string;
  readonly idempotencyKey: string;
}

/** What a processor answered for a setup. */
export type SetupResult =
  | { readonly status: 'succeeded' }
  | { readonly status: 'requires_action'; readonly nextAction: Omit<NextAction, 'paymentId'> }
  | Extract<ChargeResult, { status: 'failed' }>;

/** Giving back (part of) a payment that went through: the processor dedupes on the key as for charges. */
export interface RefundRequest {
  /** `<credit note id>:refund`. */
  readonly idempotencyKey: string;
  readonly processorPaymentId: string;
  /** Minor units, > 0, at most what the payment took. */
  readonly amount: number;
  readonly currency: string;
  readonly metadata: { readonly refundId: string; readonly creditNoteId: string; readonly invoiceId: string };
}

/** What a processor answered for a refund. A refusal is an answer; an unknown outcome rejects. */
export type RefundResult =
  | { readonly status: 'succeeded' | 'pending'; readonly processorRefundId: string }
  | { readonly status: 'failed'; readonly processorRefundId: string | null; readonly failureReason: string };

/** Stopping a charge that still awaits the buyer (3-D Secure): its invoice was voided, or a newer attempt replaced it. */
export interface CancelChargeRequest {
  /** `<attempt's key>:cancel`: the processor dedupes on it as for charges. */
  readonly idempotencyKey: string;
  readonly processorPaymentId: string;
  /** `abandoned`: its invoice was voided; `duplicate`: a newer attempt of the same invoice replaced it. */
  readonly reason: 'abandoned' | 'duplicate';
}

/**
 * What a processor answered for a cancel: `canceled` (it can no longer succeed; one that had failed
 * counts too), or `succeeded` when it went through before the cancel arrived (the money was taken).
 */
export type CancelChargeResult = { readonly status: 'canceled' | 'succeeded'; readonly processorPaymentId: string };

/** Whoever moves the money. See the module comment for the contract every implementation keeps. */
export interface PaymentProcessor {
  readonly name: ProcessorName;
  /** Charges a saved payment method. Resolves every answer of the processor; rejects only when the outcome is unknown. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * Optional: several charges in one call (a processor with a batch API, or books of its own like the
   * test processor's). Same contract as `charge` for each request, answers in the order given, `null`
   * where that one's outcome is unknown. The billing run uses it when present, else `charge` per attempt.
   */
  chargeMany?(requests: readonly ChargeRequest[]): Promise<(ChargeResult | null)[]>;
  /** The current state of a charge issued earlier (after the buyer completed an authentication step). */
  retrieveCharge(processorPaymentId: string): Promise<ChargeResult>;
  /** Checks that a payment method can be charged later without the buyer (a SetupIntent). */
  setupPaymentMethod(request: SetupRequest): Promise<SetupResult>;
  /**
   * Checks a payment method the buyer just entered and says what to save, before anything is written:
   * 4xx (with `param`) for one this processor cannot take (a test card with Stripe, a Stripe
   * PaymentMethod with the test processor, an unknown or foreign id, an expired test card).
   */
  acceptPaymentMethod(input: NewPaymentMethod, ctx: { readonly companyId: string; readonly param: string; readonly at: Date; readonly mode: Mode }): Promise<AcceptedPaymentMethod>;
  /**
   * Mirrors a decision subkit committed about a saved payment method — it is the company's default now,
   * or it was removed — so the processor's own records (Stripe's Dashboard) show the same cards. Never
   * rejects: subkit's decision stands either way (it never charges a removed card).
   */
  syncPaymentMethod(change: { readonly companyId: string; readonly processorRef: string; readonly change: 'default' | 'removed' }): Promise<void>;
  /**
   * Optional: mirrors a company's edited billing details (name, e-mail, address, tax id) onto the
   * processor's customer, when it has one. Never rejects: the edit stands, and a copy that failed is
   * sent again by the next call that uses the customer.
   */
  syncCompany?(companyId: string): Promise<void>;
  /** Refunds (part of) a payment that went through. Resolves every answer; rejects only when the outcome is unknown. */
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * Cancels a charge that awaits the buyer, so completing its authentication later charges nothing
   * (Stripe: the PaymentIntent is canceled). Resolves `succeeded` when it was too late; rejects only when
   * the outcome is unknown (the cancel is recorded and sent again later with its key).
   */
  cancelCharge(request: CancelChargeRequest): Promise<CancelChargeResult>;
}

/** The outcome of a call is unknown (network failure, timeout): the attempt stays pending and is re-issued later with its key. */
export class ProcessorUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProcessorUnavailableError';
  }
}
