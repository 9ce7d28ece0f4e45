// The invoices store and the wire rules of its endpoints, for the open invoice of a past-due subscription (the
// banner's amount, what "Pay now" pays): fetched while the subscriptions load, so the list's code arrives without it.
export { invoicesStore } from '@subkit/client';
