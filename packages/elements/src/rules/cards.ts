import type { TestCard } from '@subkit/core';

/**
 * The local engine's TEST-MODE card (documented test numbers only, never in live mode): which numbers it
 * takes, what each does, and the checks of a typed card before anything is sent.
 */

/** Every documented test card number the test processor takes (Stripe's test numbers); others are refused before sending. */
export const ACCEPTED_TEST_CARDS: ReadonlySet<string> = new Set([
  '4242424242424242', '5555555555554444', '378282246310005', '4000000000000002', '4000000000009995', '4000000000000069',
  '4100000000000019', '4000000000000119', '4000000000000341', '4000002500003155', '4000002760003184',
]);

/** What a listed test card does; the widgets' strings name each outcome. */
export type TestCardOutcome = 'testCardSucceeds' | 'testCardSca' | 'testCardFunds' | 'testCardDeclined';

/**
 * The test cards a TEST MODE hint lists, with what each does when paying. Saving a card (a setup, nothing
 * charged) lists only those whose outcome a setup shows: the authentication and insufficient-funds cards
 * behave like the plain one there. The checkout had listed four, the manager's card form two; both now read
 * this one list.
 */
export const TEST_CARD_HINTS: ReadonlyArray<{ number: string; outcome: TestCardOutcome; setup: boolean }> = [
  { number: '4242 4242 4242 4242', outcome: 'testCardSucceeds', setup: true },
  { number: '4000 0025 0000 3155', outcome: 'testCardSca', setup: false },
  { number: '4000 0000 0000 9995', outcome: 'testCardFunds', setup: false },
  { number: '4000 0000 0000 0002', outcome: 'testCardDeclined', setup: true },
];

/** The hints for paying (`payment`) or for saving a card (`setup`). */
export function testCardHints(flow: 'payment' | 'setup'): ReadonlyArray<{ number: string; outcome: TestCardOutcome }> {
  return flow === 'payment' ? TEST_CARD_HINTS : TEST_CARD_HINTS.filter((card) => card.setup);
}

/** The typed fields of a test card form. */
export interface TestCardInput {
  cardNumber: string;
  cardExpiry: string;
  cardCvc: string;
}

/** What is wrong with a test card form, per field (`number`: not a test card; `expiry`: not MM/YY; `cvc`: not 3–4 digits). */
export type TestCardProblems = Partial<Record<keyof TestCardInput, 'number' | 'expiry' | 'cvc'>>;

/** `MM/YY` or `MM/YYYY` as month and full year, or `null`. */
export function parseExpiry(text: string): { expMonth: number; expYear: number } | null {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!m) return null;
  const expMonth = Number(m[1]);
  const year = Number(m[2]);
  if (expMonth < 1 || expMonth > 12) return null;
  return { expMonth, expYear: year < 100 ? 2000 + year : year };
}

/** Checks a test card form before anything is sent; an empty object means it can be sent. */
export function testCardProblems(input: TestCardInput): TestCardProblems {
  const problems: TestCardProblems = {};
  if (!ACCEPTED_TEST_CARDS.has(input.cardNumber.replace(/[\s-]/g, ''))) problems.cardNumber = 'number';
  if (!parseExpiry(input.cardExpiry)) problems.cardExpiry = 'expiry';
  if (!/^\d{3,4}$/.test(input.cardCvc.trim())) problems.cardCvc = 'cvc';
  return problems;
}

/** The messages of a card form's problems, in the widget's strings. */
export function testCardMessages(problems: TestCardProblems, strings: { testCardOnly: string; expiryInvalid: string; cvcInvalid: string }): Partial<Record<keyof TestCardInput, string>> {
  const text = { number: strings.testCardOnly, expiry: strings.expiryInvalid, cvc: strings.cvcInvalid } as const;
  return Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, text[problem]]));
}

/** The wire `TestCard` of a valid form (check `testCardProblems` first). */
export function toTestCard(input: TestCardInput): TestCard {
  const expiry = parseExpiry(input.cardExpiry) ?? { expMonth: 1, expYear: 2000 };
  return { number: input.cardNumber.replace(/[\s-]/g, ''), cvc: input.cardCvc.trim(), ...expiry };
}
