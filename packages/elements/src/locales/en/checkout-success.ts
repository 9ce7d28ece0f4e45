/**
 * English strings of `<subkit-checkout>` that only its success view reads (what was bought, what was invoiced or
 * charged today, the next invoice): fetched with that view (`success.view`), not with the form.
 */
const checkoutSuccess = {
  successPlan: '{plan}, {quantity} × {unit}, {interval}',
  successPlanNoQuantity: '{plan}, {interval}',
  successTrial: 'Your free trial ends on {date}.',
  successInvoice: 'The invoice goes to {email}.',
  successInvoiced: 'Invoiced today: {number} for {amount}, due {date}.',
  successInvoicedPo: 'Invoiced today: {number} for {amount}, PO {po}, due {date}.',
  successCharged: 'Charged today: {amount} for invoice {number}.',
  successNext: 'Next invoice on {date}: {amount}.',
};

/** The strings of `<subkit-checkout>`'s success view. */
export type CheckoutSuccessStrings = typeof checkoutSuccess;
export default checkoutSuccess;
