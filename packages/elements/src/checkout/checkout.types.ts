/** The form fields of `<subkit-checkout>`; server errors' `param` maps onto them. */
export type CheckoutField =
  | 'quantity'
  | 'addOns'
  | 'promoCode'
  | 'companyName'
  | 'billingEmail'
  | 'taxValue'
  | 'line1'
  | 'line2'
  | 'city'
  | 'postalCode'
  | 'region'
  | 'country'
  | 'poNumber'
  | 'invoiceEmail'
  | 'cardNumber'
  | 'cardExpiry'
  | 'cardCvc'
  | 'stripe';

/** How the buyer pays. */
export type PaymentChoice = 'card' | 'invoice';

/** The slice of Stripe.js the checkout uses; `loadStripe` resolves to it (tests pass a fake of this shape). */
export interface StripeLike {
  elements(options: { mode: 'subscription' | 'setup'; currency: string; amount?: number; appearance?: Record<string, unknown> }): StripeElementsLike;
  createPaymentMethod(options: { elements: StripeElementsLike }): Promise<{ paymentMethod?: { id: string }; error?: { message?: string } }>;
  handleNextAction(options: { clientSecret: string }): Promise<{ error?: { message?: string } }>;
}

/** Stripe Elements as the checkout uses them. */
export interface StripeElementsLike {
  create(type: 'payment', options?: Record<string, unknown>): { mount(target: HTMLElement): void; destroy(): void };
  submit(): Promise<{ error?: { message?: string } }>;
}

/** Loads Stripe.js for a publishable key. */
export type StripeLoader = (publishableKey: string) => Promise<StripeLike | null>;

/** Maps a server or client error `param` (dot path of the request body) to the field that shows it. */
export const PARAM_FIELDS: Readonly<Record<string, CheckoutField>> = {
  quantity: 'quantity',
  promoCode: 'promoCode',
  'billing.companyName': 'companyName',
  'billing.email': 'billingEmail',
  'billing.taxId': 'taxValue',
  'billing.taxId.value': 'taxValue',
  'billing.taxId.country': 'taxValue',
  'billing.address': 'line1',
  'billing.address.line1': 'line1',
  'billing.address.line2': 'line2',
  'billing.address.city': 'city',
  'billing.address.postalCode': 'postalCode',
  'billing.address.state': 'region',
  'billing.address.country': 'country',
  'payment.poNumber': 'poNumber',
  'payment.invoiceEmail': 'invoiceEmail',
  'payment.testCard': 'cardNumber',
  'payment.testCard.number': 'cardNumber',
  'payment.testCard.expMonth': 'cardExpiry',
  'payment.testCard.expYear': 'cardExpiry',
  'payment.testCard.cvc': 'cardCvc',
  'payment.stripePaymentMethodId': 'stripe',
};

/** The documented test cards of the local engine's test-mode processor, shown in the TEST MODE hint. */
export const TEST_CARDS: ReadonlyArray<{ number: string; outcome: 'testCardSucceeds' | 'testCardSca' | 'testCardFunds' | 'testCardDeclined' }> = [
  { number: '4242 4242 4242 4242', outcome: 'testCardSucceeds' },
  { number: '4000 0025 0000 3155', outcome: 'testCardSca' },
  { number: '4000 0000 0000 9995', outcome: 'testCardFunds' },
  { number: '4000 0000 0000 0002', outcome: 'testCardDeclined' },
];

/** Every documented test card number the test processor takes (Stripe's test numbers); others are refused before sending. */
export const ACCEPTED_TEST_CARDS: ReadonlySet<string> = new Set([
  '4242424242424242', '5555555555554444', '378282246310005', '4000000000000002', '4000000000009995', '4000000000000069',
  '4100000000000019', '4000000000000119', '4000000000000341', '4000002500003155', '4000002760003184',
]);
