// The stores of what the list shows beside a subscription once it arrives, with the wire rules of their endpoints: the
// open invoice of a past-due subscription (the banner's amount, what "Pay now" pays) and the saved payment methods
// (the payment line, "Add" or "Update"). Fetched while the subscriptions load, so the list's code arrives without them.
export { invoicesStore, paymentMethodsStore } from '@subkit/client';
