/**
 * The documented test cards of the TEST-MODE processor (Stripe's numbers, https://docs.stripe.com/testing)
 * and what the card network would answer for each. Test cards are refused outright in live mode: live
 * cards only ever go through Stripe's Payment Element.
 */
import type { ServerConfig } from '../../context.js';
import type { TestCard } from '@subkit/core';
import { ApiError, invalidRequest } from '../../errors.js';
import { isHardDecline } from '../../payments/declines.js';

/** How a test card behaves when it is saved and when it is charged. */
type Behavior =
  /** Every charge succeeds. */
  | { kind: 'succeed' }
  /** Setup and every charge are declined. */
  | { kind: 'decline'; code: string; declineCode: string; message: string; hard: boolean }
  /** Saving works, but every charge is declined (Stripe's 4000000000000341). */
  | { kind: 'attach_then_decline'; code: string; declineCode: string; message: string; hard: boolean }
  /** The first, on-session charge of a new card needs SCA; once set up, later charges go through (4000002500003155). */
  | { kind: 'sca_once' }
  /** Every charge needs SCA, however the card was set up (4000002760003184). */
  | { kind: 'sca_always' };

interface TestCardSpec {
  readonly brand: string;
  readonly behavior: Behavior;
}

const declined = (declineCode: string, message: string, code = 'card_declined'): Behavior => ({
  kind: 'decline',
  code,
  declineCode,
  message,
  hard: isHardDecline({ declineCode }),
});

const TEST_CARDS: Readonly<Record<string, TestCardSpec>> = {
  '4242424242424242': { brand: 'visa', behavior: { kind: 'succeed' } },
  '5555555555554444': { brand: 'mastercard', behavior: { kind: 'succeed' } },
  '378282246310005': { brand: 'amex', behavior: { kind: 'succeed' } },
  '4000000000000002': { brand: 'visa', behavior: declined('generic_decline', 'Your card was declined.') },
  '4000000000009995': { brand: 'visa', behavior: declined('insufficient_funds', 'Your card has insufficient funds.') },
  '4000000000009987': { brand: 'visa', behavior: declined('lost_card', 'Your card was declined.') },
  '4000000000009979': { brand: 'visa', behavior: declined('stolen_card', 'Your card was declined.') },
  '4000000000000069': { brand: 'visa', behavior: declined('expired_card', 'Your card has expired.', 'expired_card') },
  '4100000000000019': { brand: 'visa', behavior: declined('fraudulent', 'Your card was declined.') },
  '4000000000000119': {
    brand: 'visa',
    behavior: declined('processing_error', 'An error occurred while processing your card. Try again in a little bit.', 'processing_error'),
  },
  '4000000000000341': {
    brand: 'visa',
    behavior: { kind: 'attach_then_decline', code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.', hard: false },
  },
  '4000002500003155': { brand: 'visa', behavior: { kind: 'sca_once' } },
  '4000002760003184': { brand: 'visa', behavior: { kind: 'sca_always' } },
};

const REF_PREFIX = 'test_card:';

/** A test card accepted for saving: what goes into `payment_methods`. */
export interface AcceptedTestCard {
  readonly processorRef: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
}

/** What the network answers a test card's charge (before the processor adds its ids). */
export type ChargeOutcome =
  | { readonly status: 'succeeded' }
  | { readonly status: 'requires_action' }
  | { readonly status: 'failed'; readonly code: string; readonly declineCode: string; readonly message: string; readonly hard: boolean };

/** A decline as the processor reports it. */
export type Decline = Extract<ChargeOutcome, { status: 'failed' }>;

/** Throws 400 `livemode_test_card` in live mode: test cards are never processed there. */
export function assertTestMode(config: Pick<ServerConfig, 'mode'>, param: string): void {
  if (config.mode === 'live') {
    throw new ApiError('invalid_request_error', 'livemode_test_card', 'Test cards cannot be used in live mode.', { param });
  }
}

/**
 * Checks a test card as the buyer entered it (live mode refused, documented numbers only, expiry not
 * past) and says what to save. `param` names the card field in errors (e.g. `payment.testCard`).
 */
export function acceptTestCard(config: Pick<ServerConfig, 'mode'>, card: TestCard, now: Date, param: string): AcceptedTestCard {
  assertTestMode(config, param);
  const number = card.number.replace(/\s+/g, '');
  const spec = TEST_CARDS[number];
  if (!spec) {
    throw new ApiError('payment_error', 'card_not_test_card', 'Only documented test card numbers are accepted in test mode.', {
      param: `${param}.number`,
    });
  }
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (card.expYear < year || (card.expYear === year && card.expMonth < month)) {
    throw invalidRequest('invalid_expiry_year', "The card's expiration date is in the past.", `${param}.expYear`);
  }
  return { processorRef: `${REF_PREFIX}${number}`, brand: spec.brand, last4: number.slice(-4), expMonth: card.expMonth, expYear: card.expYear };
}

function specOf(processorRef: string | null): TestCardSpec {
  const spec = processorRef?.startsWith(REF_PREFIX) ? TEST_CARDS[processorRef.slice(REF_PREFIX.length)] : undefined;
  // Saved refs only ever come from acceptTestCard, so this is a corrupt row, not a buyer's mistake.
  if (!spec) throw new ApiError('api_error', 'unknown_payment_method', 'The saved payment method is not usable by the test processor.');
  return spec;
}

/** Saving a card (a setup): declining cards are refused here already, like a failed SetupIntent. */
export function setupOutcome(processorRef: string): ChargeOutcome {
  const behavior = specOf(processorRef).behavior;
  if (behavior.kind === 'decline') return { status: 'failed', ...pick(behavior) };
  return { status: 'succeeded' };
}

/**
 * Stripe's answer when an off-session charge needs the card holder: the charge fails (softly) and the
 * buyer has to pay on-session (https://docs.stripe.com/declines/codes, `authentication_required`).
 */
export const AUTHENTICATION_REQUIRED: Decline = {
  status: 'failed',
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your bank asks you to authenticate this payment; pay it on the page.',
  hard: false,
};

/**
 * Charges a card. `firstUse` is the on-session charge that also saves a new card (checkout with a
 * card typed in): that is when a card that needs SCA once asks for it. A card that always wants SCA
 * asks the buyer on-session and fails with `authentication_required` off-session.
 */
export function chargeOutcome(processorRef: string, opts: { firstUse: boolean; onSession: boolean }): ChargeOutcome {
  const behavior = specOf(processorRef).behavior;
  switch (behavior.kind) {
    case 'succeed':
      return { status: 'succeeded' };
    case 'decline':
    case 'attach_then_decline':
      return { status: 'failed', ...pick(behavior) };
    case 'sca_once':
      return opts.firstUse && opts.onSession ? { status: 'requires_action' } : { status: 'succeeded' };
    case 'sca_always':
      return opts.onSession ? { status: 'requires_action' } : AUTHENTICATION_REQUIRED;
  }
}

/** The result of the buyer's answer to an SCA challenge. */
export function challengeOutcome(outcome: 'approve' | 'fail'): ChargeOutcome {
  return outcome === 'approve'
    ? { status: 'succeeded' }
    : {
        status: 'failed',
        code: 'payment_intent_authentication_failure',
        declineCode: 'authentication_failed',
        message: 'The card holder did not complete the authentication.',
        hard: false,
      };
}

function pick(b: { code: string; declineCode: string; message: string; hard: boolean }) {
  return { code: b.code, declineCode: b.declineCode, message: b.message, hard: b.hard };
}

/** The 402 a failed charge answers with, carrying the decline code. */
export function declineError(outcome: Omit<Decline, 'status'>, param?: string): ApiError {
  return new ApiError('payment_error', outcome.code, outcome.message, {
    declineCode: outcome.declineCode,
    ...(param === undefined ? {} : { param }),
  });
}
