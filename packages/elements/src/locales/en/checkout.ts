import { common } from './common.js';
import { lineTexts } from './line-texts.js';
import type { CheckoutAnswerStrings } from './checkout-answer.js';
import type { CheckoutCardStrings } from './checkout-card.js';
import type { CheckoutSuccessStrings } from './checkout-success.js';

/**
 * English strings of `<subkit-checkout>` that its form and summary read; `{name}` placeholders are filled in by the
 * widget. Those only its card code reads (the TEST MODE form, the bank's step) are in `checkout-card.ts`, those only the
 * success view reads in `checkout-success.ts`, those only the answer to an order reads (a refused field, a declined
 * card) in `checkout-answer.ts`: each fetched with its code.
 */
const checkout = {
  ...common,
  ...lineTexts,
  title: 'Checkout',
  loading: 'Loading your order…',
  loadError: 'Your order could not be priced.',
  empty: 'Choose a plan first, then come back to check out.',
  signIn: 'Sign in to check out.',
  viewerNote: 'Your role cannot place orders. Ask a purchaser or a billing admin of your company to check out.',
  summary: 'Order summary',
  billedEvery_month: 'Billed monthly',
  billedEvery_quarter: 'Billed quarterly',
  billedEvery_year: 'Billed yearly',
  lineQuantity: '{quantity} × {description}',
  subtotal: 'Subtotal',
  discount: 'Discount ({code})',
  total: 'Total',
  trial: '{days}-day free trial, ends {date}',
  dueToday: 'Due today',
  invoicedToday: 'Invoiced today — due {date} (NET {days})',
  invoicedNothing: 'Nothing invoiced today',
  nextInvoice: 'Next invoice on {date}',
  promoCode: 'Promo code',
  promoApply: 'Apply',
  promoRemove: 'Remove code',
  promoApplied: 'Code {code} applied: {description}',
  promoInvalid: 'The code {code} is not valid.',
  quantity: 'Number of {unit}',
  quantityInvalid: 'Enter a whole number from {min} to {max}.',
  quantityInvalidMin: 'Enter a whole number of at least {min}.',
  addOns: 'Add-ons',
  addOnPer_month: '{price} per month',
  addOnPer_quarter: '{price} per quarter',
  addOnPer_year: '{price} per year',
  addOnPerSeat: '{price} per seat',
  addOnEach: '{price} each',
  addOnPerUnit: '{price} per {unit}',
  addOnPerPackage: '{price} per {size} units',
  addOnFrom: 'from {price}',
  addOnQuantityInvalid: 'Enter a whole number from 0 to {max}.',
  company: 'Company',
  companyName: 'Company name',
  billingEmail: 'Billing e-mail',
  taxCountry: 'Tax ID country',
  taxId: 'Tax ID',
  taxIdInvalid: 'This is not a valid tax ID for {country}. Example: {example}',
  taxIdValid: 'Valid: {normalized}',
  address: 'Billing address',
  line1: 'Street and number',
  line2: 'Address line 2 (optional)',
  city: 'City',
  postalCode: 'Postal code',
  region: 'State or region (optional)',
  country: 'Country',
  payment: 'Payment',
  payByCard: 'Card',
  payByInvoice: 'Pay by invoice',
  netTerms: 'We send an invoice, due {days} days after it is issued (NET {days}).',
  poNumber: 'PO number (optional)',
  invoiceEmail: 'Send invoices to',
  cardUnavailable: 'Card payments are not available here. Pay by invoice instead.',
  cardLoadError: 'The secure card form could not be loaded.',
  required: 'This field is required.',
  submit: 'Pay {amount} and subscribe',
  submitTrial: 'Start free trial',
  submitInvoice: 'Place order',
  submitting: 'Processing…',
  fixFields: 'Check the highlighted fields.',
  successTitle: 'Thank you, you are subscribed',
};

/** The strings of `<subkit-checkout>`'s form and summary (the English table the widget ships with). */
export type CheckoutFormStrings = typeof checkout;
/** The strings of `<subkit-checkout>`: every locale's table has exactly these keys. */
export type CheckoutStrings = CheckoutFormStrings & CheckoutCardStrings & CheckoutSuccessStrings & CheckoutAnswerStrings;
export default checkout;
