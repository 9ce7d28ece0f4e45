import * as z from 'zod/mini';
import { Id, Mode, Timestamp } from './common.js';

/** Every event type subkit emits, to outbound webhooks and to the event log. */
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
  'invoice.voided',
  'invoice.marked_uncollectible',
  'credit_note.created',
  'payment_method.attached',
  'payment_method.detached',
  'member.created',
  'member.updated',
  'member.removed',
  'company.updated',
]);
export type EventType = z.infer<typeof EventType>;

/** The envelope of an event as delivered to a merchant's webhook endpoint (signed). */
export const WebhookEvent = z.object({
  id: Id,
  object: z.literal('event'),
  type: EventType,
  createdAt: Timestamp,
  mode: Mode,
  companyId: z.nullable(Id),
  /** The object the event is about, as the API renders it. */
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
  /** Delivery attempt number, 1 on the first try. */
  attempt: z.optional(z.int()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** A merchant's outbound webhook endpoint. */
export const WebhookEndpoint = z.object({
  id: Id,
  object: z.literal('webhook_endpoint'),
  url: z.url(),
  events: z.array(z.union([EventType, z.literal('*')])),
  enabled: z.boolean(),
  /** Signing secret, shown once at creation. */
  secret: z.optional(z.string()),
  createdAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** An object deleted by the API. */
export const Deleted = z.object({ id: Id, object: z.string(), deleted: z.literal(true) });
export type Deleted = z.infer<typeof Deleted>;
