import type { TestCard } from '@subkit/core';

/**
 * The card pieces widgets share: the local engine's TEST-MODE card (documented test numbers only,
 * never in live mode) and the slice of Stripe.js used to collect a card with the Payment Element.
 */

/** Every documented test card number the test processor takes (Stripe's test numbers); others are refused before sending. */
export const ACCEPTED_TEST_CARDS: ReadonlySet<string> = new Set([
  '4242424242424242', '5555555555554444', '378282246310005', '4000000000000002', '4000000000009995', '4000000000000069',
  '4100000000000019', '4000000000000119', '4000000000000341', '4000002500003155', '4000002760003184',
]);

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

/** The wire `TestCard` of a valid form (check `testCardProblems` first). */
export function toTestCard(input: TestCardInput): TestCard {
  const expiry = parseExpiry(input.cardExpiry) ?? { expMonth: 1, expYear: 2000 };
  return { number: input.cardNumber.replace(/[\s-]/g, ''), cvc: input.cardCvc.trim(), ...expiry };
}

/** Stripe Elements as widgets use them. */
export interface StripeElementsLike {
  create(type: 'payment', options?: Record<string, unknown>): { mount(target: HTMLElement): void; destroy(): void };
  submit(): Promise<{ error?: { message?: string } }>;
}

/** The slice of Stripe.js widgets use; a loader resolves to it (tests pass a fake of this shape). */
export interface StripeLike {
  elements(options: { mode: 'subscription' | 'setup'; currency: string; amount?: number; appearance?: Record<string, unknown> }): StripeElementsLike;
  createPaymentMethod(options: { elements: StripeElementsLike }): Promise<{ paymentMethod?: { id: string }; error?: { message?: string } }>;
  handleNextAction(options: { clientSecret: string }): Promise<{ error?: { message?: string } }>;
}

/** Loads Stripe.js for a publishable key. */
export type StripeLoader = (publishableKey: string) => Promise<StripeLike | null>;

/** Stripe.js's loader, imported only when a card form is first shown: never part of the main bundle. */
export const loadStripeLazily: StripeLoader = async (publishableKey) => {
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  return (await loadStripe(publishableKey)) as unknown as StripeLike | null;
};
