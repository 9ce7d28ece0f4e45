/**
 * English strings of `<subkit-checkout>` that only its card code reads (the TEST MODE card form, Stripe's Payment
 * Element loading, the bank's confirmation step): fetched with that code (`card.view`), not with the form.
 */
const checkoutCard = {
  testMode: 'TEST MODE',
  testModeHint: 'No real card is charged. Use a documented test card:',
  testCardSucceeds: 'payment succeeds',
  testCardSca: 'asks for 3-D Secure authentication',
  testCardFunds: 'declined: insufficient funds',
  testCardDeclined: 'declined',
  cardNumber: 'Card number',
  cardExpiry: 'Expiry (MM/YY)',
  cardCvc: 'CVC',
  testCardOnly: 'Only the test cards listed above work in test mode.',
  expiryInvalid: 'Enter the expiry as MM/YY.',
  cvcInvalid: 'Enter the 3 or 4 digits on the back.',
  cardLoading: 'Loading the secure card form…',
  scaTitle: 'Confirm this payment',
  scaBody: 'Your bank asks you to confirm the payment of {amount}.',
  scaBodyCard: 'Your bank asks you to confirm this card for the payments after your trial.',
  scaTestNote: 'Test mode: choose how the bank answers.',
  scaApprove: 'Confirm payment',
  scaFail: 'Fail authentication',
  scaFailed: 'The payment was not confirmed. Try again or use another card.',
};

/** The strings of `<subkit-checkout>`'s card code. */
export type CheckoutCardStrings = typeof checkoutCard;
export default checkoutCard;
