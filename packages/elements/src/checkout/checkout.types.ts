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
