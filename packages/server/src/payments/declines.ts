/**
 * Which card declines dunning may retry. A hard decline is one no retry of the same card can turn into
 * a payment (the issuer said lost, stolen, fraud, closed, expired, or "do not try again"); retrying it
 * only costs network fees and the merchant's standing with Visa and Mastercard, so it is never retried.
 * Every other decline is soft: funds, limits and issuer hiccups change, so it is retried on schedule.
 * Sources: Stripe's decline codes and advice codes (https://docs.stripe.com/declines/codes,
 * https://docs.stripe.com/declines/card#retrying-issuer-declines).
 */

const HARD_DECLINE_CODES: ReadonlySet<string> = new Set([
  'card_not_supported',
  'currency_not_supported',
  'do_not_try_again',
  'expired_card',
  'fraudulent',
  'incorrect_number',
  'invalid_account',
  'invalid_number',
  'live_mode_test_card',
  'lost_card',
  'merchant_blacklist',
  'new_account_information_available',
  'pickup_card',
  'restricted_card',
  'revocation_of_all_authorizations',
  'revocation_of_authorization',
  'security_violation',
  'stolen_card',
  'stop_payment_order',
  'test_mode_live_card',
  'transaction_not_allowed',
]);

/** A decline as a processor reports it. */
export interface DeclineFacts {
  /** The issuer's (or Radar's) reason, e.g. `insufficient_funds`, `stolen_card`. */
  readonly declineCode: string | null | undefined;
  /** The card network's advice, when the issuer gave one (`do_not_try_again`, `try_again_later`, `confirm_card_data`). */
  readonly adviceCode?: string | null | undefined;
}

/** Whether dunning must never retry this decline. */
export function isHardDecline(decline: DeclineFacts): boolean {
  if (decline.adviceCode === 'do_not_try_again' || decline.adviceCode === 'confirm_card_data') return true;
  return decline.declineCode !== null && decline.declineCode !== undefined && HARD_DECLINE_CODES.has(decline.declineCode);
}
