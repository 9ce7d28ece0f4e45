import * as z from 'zod/mini';
import { Amount, CurrencyCode, Id, Timestamp } from './common.js';
import { EventType } from './events.js';
import { InvoiceSummary } from './invoice.js';
import { SubscriptionStatus } from './subscription.js';

/** The engine's clock in test mode: what "now" is for renewals, trials, dunning and due dates. */
export const TestClock = z.object({
  object: z.literal('test_clock'),
  now: Timestamp,
  /** How far the test clock is ahead of the server's own clock, in milliseconds. */
  offsetMs: z.int(),
});
export type TestClock = z.infer<typeof TestClock>;

/** Move the test clock forward: to an instant (`to`), or by an ISO 8601 duration (`by`, e.g. `P1M`, `P7D`, `PT12H`). */
export const TestClockAdvanceRequest = z.object({
  to: z.optional(Timestamp),
  by: z.optional(z.string().check(z.maxLength(40))),
});
export type TestClockAdvanceRequest = z.infer<typeof TestClockAdvanceRequest>;

/** What happened while the clock moved, in the order it happened. */
export const TestClockAdvanceResult = z.object({
  object: z.literal('test_clock_advance'),
  from: Timestamp,
  now: Timestamp,
  /** Due instants the engine stopped at on the way. */
  steps: z.int(),
  invoices: z.array(InvoiceSummary),
  payments: z.array(
    z.object({
      id: Id,
      invoiceId: Id,
      /** The company the invoice is billed to. */
      companyId: Id,
      attempt: z.int(),
      amount: Amount,
      currency: CurrencyCode,
      status: z.enum(['succeeded', 'failed', 'requires_action', 'pending']),
      failureCode: z.nullable(z.string()),
      hardDecline: z.boolean(),
      at: Timestamp,
    }),
  ),
  statusChanges: z.array(
    z.object({ subscriptionId: Id, companyId: Id, from: SubscriptionStatus, to: SubscriptionStatus, at: Timestamp }),
  ),
  events: z.array(z.object({ id: Id, type: EventType, companyId: z.nullable(Id), at: Timestamp })),
  /** More events happened than `events` lists (see GET /v1/events). */
  hasMoreEvents: z.boolean(),
});
export type TestClockAdvanceResult = z.infer<typeof TestClockAdvanceResult>;
