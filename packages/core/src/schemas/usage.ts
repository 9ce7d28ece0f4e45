import * as z from 'zod/mini';
import { Amount, CurrencyCode, Id, Timestamp } from './common.js';

/** Report usage of a metered item (merchant secret key). Idempotent by `Idempotency-Key`. */
export const UsageRecordRequest = z.object({
  subscriptionId: Id,
  metric: z.string().check(z.minLength(1), z.maxLength(100)),
  quantity: z.int().check(z.minimum(0), z.maximum(1_000_000_000)),
  /** When the usage happened; defaults to now. Must fall in a billable period. */
  timestamp: z.optional(Timestamp),
  /** `increment` adds to the period total; `set` replaces it. */
  action: z.optional(z.enum(['increment', 'set'])),
});
export type UsageRecordRequest = z.infer<typeof UsageRecordRequest>;

/** A stored usage record. */
export const UsageRecord = z.object({
  id: Id,
  object: z.literal('usage_record'),
  subscriptionId: Id,
  metric: z.string(),
  quantity: z.int(),
  action: z.enum(['increment', 'set']),
  timestamp: Timestamp,
});
export type UsageRecord = z.infer<typeof UsageRecord>;

/** Usage so far this period against the allowance, with the projected bill. */
export const UsageSummary = z.object({
  object: z.literal('usage_summary'),
  subscriptionId: Id,
  currency: CurrencyCode,
  periodStart: Timestamp,
  periodEnd: Timestamp,
  metrics: z.array(
    z.object({
      metric: z.string(),
      description: z.string(),
      unitLabel: z.nullable(z.string()),
      used: z.int(),
      included: z.int(),
      /** Straight-line projection of usage to the period end. */
      projected: z.int(),
      amountSoFar: Amount,
      projectedAmount: Amount,
    }),
  ),
  /** The next invoice's projected total including the metered lines. */
  projectedTotal: Amount,
});
export type UsageSummary = z.infer<typeof UsageSummary>;
