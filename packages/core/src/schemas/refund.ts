import * as z from 'zod/mini';
import { CurrencyCode, Id, NonNegativeAmount, Timestamp } from './common.js';

/**
 * Money given back to the card that paid an invoice: a credit note's amount refunded to the original
 * payment instead of staying on the company's balance (when the merchant allows it). `pending` until the
 * processor confirms; `failed` puts the amount back on the balance.
 */
export const Refund = z.object({
  id: Id,
  object: z.literal('refund'),
  creditNoteId: Id,
  invoiceId: Id,
  amount: NonNegativeAmount,
  currency: CurrencyCode,
  status: z.enum(['pending', 'succeeded', 'failed']),
  /** Why the processor refused it (e.g. `charge_disputed`, `expired_or_canceled_card`), when it failed. */
  failureReason: z.nullable(z.string()),
  createdAt: Timestamp,
});
export type Refund = z.infer<typeof Refund>;

/** Refund a credit note to the original payment: nothing to choose, the whole credit note goes back. */
export const RefundCreditNoteRequest = z.object({});
export type RefundCreditNoteRequest = z.infer<typeof RefundCreditNoteRequest>;
