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
