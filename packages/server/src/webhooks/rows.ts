import type { EventType, Mode, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookEventFilter } from '@subkit/core';

/** An `events` row. */
export interface EventRow {
  id: string;
  type: EventType;
  company_id: string | null;
  mode: Mode;
  data: WebhookEvent['data'];
  created_at: Date;
  api_version: string;
  object_type: string;
  object_id: string;
  sequence: number;
}

/** A `webhook_endpoints` row, with the count of its pending deliveries when selected through `ENDPOINT_COLUMNS`. */
export interface EndpointRow {
  id: string;
  mode: Mode;
  url: string;
  description: string | null;
  event_types: WebhookEventFilter[];
  status: 'enabled' | 'disabled';
  disabled_reason: 'merchant' | 'failing' | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  last_attempt_at: Date | null;
  last_success_at: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  pending?: number;
}

/** The columns of an endpoint with its pending-delivery count. */
export const ENDPOINT_COLUMNS = `e.*, (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending`;

/** A `webhook_deliveries` row. */
export interface DeliveryRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: 'pending' | 'delivered' | 'failed';
  attempt_count: number;
  next_attempt_at: Date | null;
  window_started_at: Date;
  claim_token: string | null;
  locked_until: Date | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** A `webhook_attempts` row. */
export interface AttemptRow {
  delivery_id: string;
  number: number;
  at: Date;
  duration_ms: number;
  response_status: number | null;
  response_excerpt: string | null;
  error_code: string | null;
  error_message: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** An event as the event log lists it and as endpoints receive it; the same row always renders the same bytes. */
export function eventToWire(row: EventRow): WebhookEvent {
  return {
    id: row.id,
    object: 'event',
    type: row.type,
    apiVersion: row.api_version,
    createdAt: row.created_at.toISOString(),
    mode: row.mode,
    companyId: row.company_id,
    sequence: Number(row.sequence),
    data: row.data,
  };
}

/** An endpoint as the API renders it; the secret only when `secret` is given (creation and rotation). */
export function endpointToWire(row: EndpointRow, secret?: string): WebhookEndpoint {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    description: row.description,
    events: row.event_types,
    status: row.status,
    disabledReason: row.disabled_reason,
    ...(secret ? { secret } : {}),
    previousSecretExpiresAt: row.previous_secret ? iso(row.previous_secret_expires_at) : null,
    health: {
      pending: row.pending ?? 0,
      lastAttemptAt: iso(row.last_attempt_at),
      lastSuccessAt: iso(row.last_success_at),
      failingSince: iso(row.failing_since),
    },
    createdAt: row.created_at.toISOString(),
  };
}

/** One attempt of the delivery log. */
export function attemptToWire(row: AttemptRow): WebhookAttempt {
  return {
    number: row.number,
    at: row.at.toISOString(),
    durationMs: row.duration_ms,
    responseStatus: row.response_status,
    responseExcerpt: row.response_excerpt,
    errorCode: row.error_code,
    errorMessage: row.error_message,
  };
}

/** A delivery with its attempts, oldest attempt first. */
export function deliveryToWire(row: DeliveryRow & { event_type: EventType }, attempts: readonly AttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    object: 'webhook_delivery',
    eventId: row.event_id,
    eventType: row.event_type,
    endpointId: row.endpoint_id,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    deliveredAt: iso(row.delivered_at),
    createdAt: row.created_at.toISOString(),
    attempts: attempts.map(attemptToWire),
  };
}
