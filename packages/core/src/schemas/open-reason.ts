import * as z from 'zod/mini';
import { Id } from './common.js';

/**
 * Why a card-paid invoice is still open after a payment attempt: the bank wants the card holder to
 * authenticate (3-D Secure, which nobody can do off-session: the buyer pays it on the page), the last
 * attempt failed (dunning retries a soft decline), or the processor has not answered yet.
 */
export const OpenInvoiceReason = z.enum(['authentication_required', 'payment_failed', 'payment_processing']);
export type OpenInvoiceReason = z.infer<typeof OpenInvoiceReason>;

/**
 * A subscription's open invoice that a payment attempt left open — the oldest such, the one to pay first — and why
 * (the manager words it and offers the step that completes it).
 */
export const SubscriptionPaymentIssue = z.object({
  reason: OpenInvoiceReason,
  invoiceId: Id,
});
export type SubscriptionPaymentIssue = z.infer<typeof SubscriptionPaymentIssue>;
