import * as z from 'zod/mini';
import { Id, ListQuery, Timestamp } from './common.js';
import { EventType } from './events.js';

/**
 * Where a merchant receives events: an absolute http(s) URL without credentials or fragment. Live mode
 * also requires https and a public address (checked again at every delivery, after DNS).
 */
export const WebhookUrl = z.url({ protocol: /^https?$/ }).check(
  z.maxLength(2048),
  z.refine((value) => !/^[a-z]+:\/\/[^/?#]*@/i.test(value), 'must not carry a user name or password'),
  z.refine((value) => !value.includes('#'), 'must not have a fragment'),
);

/** An event type an endpoint subscribes to, or `*` for every type (also the default). */
export const WebhookEventFilter = z.union([EventType, z.literal('*')]);
export type WebhookEventFilter = z.infer<typeof WebhookEventFilter>;

const EventFilters = z.array(WebhookEventFilter).check(z.minLength(1), z.maxLength(100));
const Description = z.string().check(z.maxLength(500));

/** Delivery health of one endpoint, for the merchant's console. */
export const WebhookEndpointHealth = z.object({
  /** Deliveries waiting for a (next) attempt. */
  pending: z.int().check(z.minimum(0)),
  lastAttemptAt: z.nullable(Timestamp),
  lastSuccessAt: z.nullable(Timestamp),
  /** Since when every attempt failed; null while the endpoint answers. */
  failingSince: z.nullable(Timestamp),
});
export type WebhookEndpointHealth = z.infer<typeof WebhookEndpointHealth>;

/** A merchant's outbound webhook endpoint. */
export const WebhookEndpoint = z.object({
  id: Id,
  object: z.literal('webhook_endpoint'),
  url: z.string(),
  description: z.nullable(z.string()),
  /** The event types delivered here; `['*']` means every type. */
  events: z.array(WebhookEventFilter),
  /** `disabled` endpoints receive nothing: turned off by the merchant, or by subkit after 3 days of failures. */
  status: z.enum(['enabled', 'disabled']),
  disabledReason: z.nullable(z.enum(['merchant', 'failing'])),
  /** The signing secret (`whsec_…`): present only in the answer that created or rotated it. */
  secret: z.optional(z.string()),
  /** Until when the secret before the last rotation still signs deliveries too (both signatures are sent). */
  previousSecretExpiresAt: z.nullable(Timestamp),
  health: WebhookEndpointHealth,
  createdAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** Creates an endpoint; `events` omitted means every event type. */
export const WebhookEndpointCreateRequest = z.object({
  url: WebhookUrl,
  events: z.optional(EventFilters),
  description: z.optional(Description),
});
export type WebhookEndpointCreateRequest = z.infer<typeof WebhookEndpointCreateRequest>;

/** Changes an endpoint; `enabled: true` turns a disabled endpoint back on (missed events: redeliver them). */
export const WebhookEndpointUpdateRequest = z.object({
  url: z.optional(WebhookUrl),
  events: z.optional(EventFilters),
  description: z.optional(z.nullable(Description)),
  enabled: z.optional(z.boolean()),
});
export type WebhookEndpointUpdateRequest = z.infer<typeof WebhookEndpointUpdateRequest>;

/** Rolls the signing secret; the old one keeps signing for `overlapSeconds` (default 24 h, at most 7 days). */
export const WebhookSecretRotateRequest = z.object({
  overlapSeconds: z.optional(z.int().check(z.minimum(0), z.maximum(7 * 24 * 3600))),
});
export type WebhookSecretRotateRequest = z.infer<typeof WebhookSecretRotateRequest>;

/** One HTTP attempt of a delivery, as the delivery log shows it. */
export const WebhookAttempt = z.object({
  number: z.int().check(z.minimum(1)),
  at: Timestamp,
  durationMs: z.int().check(z.minimum(0)),
  /** The HTTP status the endpoint answered; null when no answer came (timeout, refused, blocked). */
  responseStatus: z.nullable(z.int()),
  /** The first characters of the endpoint's answer. */
  responseExcerpt: z.nullable(z.string()),
  /** Why no answer came: `timeout`, `connection_failed`, `blocked_address`, `worker_interrupted` … */
  errorCode: z.nullable(z.string()),
  errorMessage: z.nullable(z.string()),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** One event on its way to one endpoint, with every attempt so far. */
export const WebhookDelivery = z.object({
  id: Id,
  object: z.literal('webhook_delivery'),
  eventId: Id,
  eventType: EventType,
  endpointId: Id,
  /** `failed`: gave up after 3 days of retries (redeliver it once the endpoint works again). */
  status: z.enum(['pending', 'delivered', 'failed']),
  attemptCount: z.int().check(z.minimum(0)),
  nextAttemptAt: z.nullable(Timestamp),
  deliveredAt: z.nullable(Timestamp),
  createdAt: Timestamp,
  attempts: z.array(WebhookAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** Filters of the delivery log. */
export const WebhookDeliveryListQuery = z.extend(ListQuery, {
  endpointId: z.optional(Id),
  eventId: z.optional(Id),
  status: z.optional(z.enum(['pending', 'delivered', 'failed'])),
});

/** Filters of the event log: a type (`invoice.paid`) or a family (`invoice.*`), a company, an object, a time range. */
export const EventListQuery = z.extend(ListQuery, {
  type: z.optional(z.union([EventType, z.string().check(z.regex(/^[a-z_]+\.\*$/, "must be an event type or a family like 'invoice.*'"))])),
  companyId: z.optional(Id),
  objectId: z.optional(Id),
  createdGte: z.optional(Timestamp),
  createdLt: z.optional(Timestamp),
});

/** Sends one event again: to one endpoint, or to every enabled endpoint subscribed to its type. */
export const EventRedeliverRequest = z.object({ endpointId: z.optional(Id) });
export type EventRedeliverRequest = z.infer<typeof EventRedeliverRequest>;

/** Sends an endpoint everything since an instant (before `until` when given) that its filter takes. */
export const WebhookRedeliverRequest = z.object({ since: Timestamp, until: z.optional(Timestamp) });
export type WebhookRedeliverRequest = z.infer<typeof WebhookRedeliverRequest>;

/** What a redelivery queued. */
export const RedeliveryResult = z.object({
  object: z.literal('redelivery'),
  /** Deliveries queued (one per event and endpoint). */
  queued: z.int().check(z.minimum(0)),
});
export type RedeliveryResult = z.infer<typeof RedeliveryResult>;
