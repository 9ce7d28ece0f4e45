/** English words of `<subkit-checkout>` for the refusals of an order it explains (what happened, what to do), fetched with the first refusal. */
const checkoutRefusals = {
  refusedPlanNotAllowed: "The order was not placed: your company's purchasing policy no longer includes this plan. Choose another plan, or ask a billing admin of your company to add it.",
  refusedContactSales: 'The order was not placed: this plan is now sold through sales only. Ask us for a quote, or choose another plan.',
  refusedPlanUnavailable: 'The order was not placed: this plan is no longer sold in this currency or billing interval. Choose the plan again on the pricing page.',
  refusedAddOnUnavailable: 'The order was not placed: an add-on you chose is no longer sold with this plan. Remove it, then place the order again.',
  refusedInvoiceNotAllowed: 'The order was not placed: your company cannot pay by invoice. Choose Card and try again.',
  refusedInProgress: 'This order is already being placed. Wait a moment, then check your subscriptions before placing it again.',
  refusedConflict: "The order was not placed: your company's details were changed at the same moment. Place the order again.",
};

/** The checkout's refusal strings: every locale's table has exactly these keys. */
export type CheckoutRefusalStrings = typeof checkoutRefusals;
export default checkoutRefusals;
