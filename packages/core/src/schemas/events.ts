import * as z from 'zod/mini';
import { Id, Mode, Timestamp } from './common.js';

/**
 * The version of the event and object shapes this build writes; every event records the version it was
 * written with, so a receiver can tell which shape it holds.
 */
export const API_VERSION = '2026-12-01';

/**
 * Every event type subkit emits, to outbound webhooks and to the event log. The part before the dot names
 * the object the event carries (`invoice.overdue` carries the invoice).
 */
export const EventType = z.enum([
  'subscription.created',
  'subscription.updated',
  'subscription.trial_will_end',
  'subscription.paused',
  'subscription.resumed',
  'subscription.canceled',
  'subscription.reactivated',
  'invoice.created',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.overdue',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'payment.succeeded',
  'payment.failed',
  'credit_note.created',
  'payment_method.attached',
  'payment_method.updated',
  'payment_method.detached',
  'member.created',
  'member.updated',
  'member.removed',
  'company.created',
  'company.updated',
  'webhook_endpoint.disabled',
  'invoice.disputed',
  'invoice.dispute_closed',
  'refund.created',
  'refund.updated',
  'approval_request.created',
  'approval_request.approved',
  'approval_request.rejected',
  'approval_request.expired',
  'approval_request.canceled',
  'quote.created',
  'quote.accepted',
  'quote.declined',
  'quote.canceled',
  // The billing run expires open quotes whose expiry passed (issue #17, lane b2b).
  'quote.expired',
]);
export type EventType = z.infer<typeof EventType>;

/** The object an event carries, as the API rendered it when the event was written (a full snapshot). */
export const EventObject = z.looseObject({ id: Id, object: z.string() });
export type EventObject = z.infer<typeof EventObject>;

/**
 * One event: what the event log lists and what a webhook endpoint receives, signed, as its body.
 * `id` is stable across retries and redeliveries (deduplicate on it); `sequence` counts the events of
 * one object (1, 2, 3 …), so a receiver can put one object's events back in order.
 */
export const WebhookEvent = z.object({
  id: Id,
  object: z.literal('event'),
  type: EventType,
  apiVersion: z.string(),
  createdAt: Timestamp,
  mode: Mode,
  companyId: z.nullable(Id),
  sequence: z.int().check(z.minimum(1)),
  data: z.object({ object: EventObject }),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** An object deleted by the API. */
export const Deleted = z.object({ id: Id, object: z.string(), deleted: z.literal(true) });
export type Deleted = z.infer<typeof Deleted>;
