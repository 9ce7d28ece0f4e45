import * as z from 'zod/mini';
import { Amount, Id, Quantity, Timestamp } from './common.js';
import { LineText } from './texts.js';

/** One tier of a line's breakdown, so a widget can show how a tiered amount came about. */
export const TierBreakdownLine = z.object({
  kind: z.enum(['flat', 'unit', 'package', 'tier', 'included', 'overage']),
  tier: z.nullable(z.int()),
  from: z.int(),
  upTo: z.nullable(z.int()),
  quantity: z.int(),
  unitAmount: z.int(),
  flatAmount: z.int(),
  amount: Amount,
});
export type TierBreakdownLine = z.infer<typeof TierBreakdownLine>;

/** One line of an invoice (or of a checkout preview). Credits are negative. */
export const InvoiceLine = z.object({
  id: Id,
  type: z.enum(['subscription', 'addon', 'proration', 'usage', 'one_time']),
  description: z.string(),
  quantity: Quantity,
  /** Per-unit amount when the line has one; null for tiered or prorated lines. */
  unitAmount: z.nullable(z.int()),
  amount: Amount,
  periodStart: Timestamp,
  periodEnd: Timestamp,
  proration: z.boolean(),
  tiers: z.array(TierBreakdownLine),
  /** The line's text as data (kind + parameters) for widgets and the PDF to word in their locale. */
  text: z.optional(LineText),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;
