/**
 * Stripe's documented test cards (https://docs.stripe.com/testing) and test PaymentMethod tokens
 * (`pm_card_visa`, …), with the behaviour Stripe documents for each: success, the decline codes, the
 * 3-D Secure cards, and the card that succeeds and is then disputed.
 */

/** What a card does when it is set up and when it is charged. */
export type CardBehavior =
  /** Setups and charges succeed. */
  | { readonly kind: 'succeed' }
  /** Setups and charges are declined (`onSetup: false`: attaching works, charging fails — 4000000000000341). */
  | { readonly kind: 'decline'; readonly decline: Decline; readonly onSetup: boolean }
  /**
   * Needs 3-D Secure. `once` (4000002500003155): every on-session payment or setup asks, but an off-session
   * charge on a card set up for future use goes through. `always` (4000002760003184): every payment and
   * setup asks, so an off-session charge fails with `authentication_required`.
   */
  | { readonly kind: 'authenticate'; readonly when: 'once' | 'always' }
  /** The charge succeeds, then the cardholder disputes it (4000000000000259). */
  | { readonly kind: 'dispute' };

/** One of Stripe's card errors. */
export interface Decline {
  /** Stripe's error `code` (`card_declined`, `expired_card`, …). */
  readonly code: string;
  /** Stripe's `decline_code`. */
  readonly declineCode: string;
  readonly message: string;
}

/** A test card. */
export interface TestCardSpec {
  readonly brand: 'visa' | 'mastercard' | 'amex' | 'discover';
  readonly funding: 'credit' | 'debit';
  readonly behavior: CardBehavior;
}

const DECLINED = 'Your card was declined.';
const decline = (declineCode: string, message = DECLINED, code = 'card_declined', onSetup = true): CardBehavior => ({
  kind: 'decline',
  decline: { code, declineCode, message },
  onSetup,
});

/** Every test card number the fake accepts, by number. */
export const TEST_CARDS: Readonly<Record<string, TestCardSpec>> = {
  '4242424242424242': { brand: 'visa', funding: 'credit', behavior: { kind: 'succeed' } },
  '4000056655665556': { brand: 'visa', funding: 'debit', behavior: { kind: 'succeed' } },
  '5555555555554444': { brand: 'mastercard', funding: 'credit', behavior: { kind: 'succeed' } },
  '378282246310005': { brand: 'amex', funding: 'credit', behavior: { kind: 'succeed' } },
  '6011111111111117': { brand: 'discover', funding: 'credit', behavior: { kind: 'succeed' } },
  '4000000000000002': { brand: 'visa', funding: 'credit', behavior: decline('generic_decline') },
  '4000000000009995': { brand: 'visa', funding: 'credit', behavior: decline('insufficient_funds', 'Your card has insufficient funds.') },
  '4000000000009987': { brand: 'visa', funding: 'credit', behavior: decline('lost_card') },
  '4000000000009979': { brand: 'visa', funding: 'credit', behavior: decline('stolen_card') },
  '4000000000000069': { brand: 'visa', funding: 'credit', behavior: decline('expired_card', 'Your card has expired.', 'expired_card') },
  '4000000000000127': { brand: 'visa', funding: 'credit', behavior: decline('incorrect_cvc', "Your card's security code is incorrect.", 'incorrect_cvc') },
  '4000000000000119': {
    brand: 'visa',
    funding: 'credit',
    behavior: decline('processing_error', 'An error occurred while processing your card. Try again in a little bit.', 'processing_error'),
  },
  '4100000000000019': { brand: 'visa', funding: 'credit', behavior: decline('fraudulent') },
  '4000000000000341': { brand: 'visa', funding: 'credit', behavior: decline('generic_decline', DECLINED, 'card_declined', false) },
  '4000002500003155': { brand: 'visa', funding: 'credit', behavior: { kind: 'authenticate', when: 'once' } },
  '4000002760003184': { brand: 'visa', funding: 'credit', behavior: { kind: 'authenticate', when: 'always' } },
  '4000000000000259': { brand: 'visa', funding: 'credit', behavior: { kind: 'dispute' } },
};

/** Stripe's test PaymentMethod tokens: using one creates a fresh PaymentMethod of that card. */
export const TEST_TOKENS: Readonly<Record<string, string>> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_chargeDeclinedFraudulent: '4100000000000019',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_createDispute: '4000000000000259',
};

/** The error for an off-session charge that the issuer wants authenticated. */
export const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** Every card of the fake is a test card: in live mode Stripe declines them all. */
export const LIVE_MODE_TEST_CARD: Decline = {
  code: 'card_declined',
  declineCode: 'live_mode_test_card',
  message: 'Your card was declined. Your request was in live mode, but used a known test card.',
};

/** The error when the cardholder fails (or abandons) 3-D Secure. */
export const AUTHENTICATION_FAILED: Decline = {
  code: 'payment_intent_authentication_failure',
  declineCode: 'authentication_failure',
  message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
};

/** The same for a SetupIntent. */
export const SETUP_AUTHENTICATION_FAILED: Decline = {
  code: 'setup_intent_authentication_failure',
  declineCode: 'authentication_failure',
  message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
};

/** Whether a number passes the Luhn check (Stripe answers `incorrect_number` when it does not). */
export function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return number.length >= 12 && sum % 10 === 0;
}

/** The smallest amount Stripe charges per currency, in minor units (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
export const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50, eur: 50, gbp: 30, chf: 50, cad: 50, aud: 50, nzd: 50, sgd: 50, hkd: 400, jpy: 50, dkk: 250, nok: 300, sek: 300,
  pln: 200, czk: 1500, huf: 17500, mxn: 1000, brl: 50, inr: 50, aed: 200, thb: 1000, myr: 200, ron: 200, bgn: 100,
};

/** Currencies Stripe counts in a minor unit of one thousandth, whose amounts must end in 0. */
export const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);
