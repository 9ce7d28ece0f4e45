/**
 * English strings of `<subkit-checkout>` that only the answer to an order reads (a declined card, a value the server
 * refused on its field): fetched with that code (`checkout-answer`), not with the form.
 */
const checkoutAnswer = {
  invalidValue: 'This value is not valid.',
  declined: 'Your card was declined ({reason}). Try another card.',
};

/** The strings of `<subkit-checkout>`'s answer to an order. */
export type CheckoutAnswerStrings = typeof checkoutAnswer;
export default checkoutAnswer;
