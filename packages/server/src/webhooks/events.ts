/** `GET /v1/events`, one event, sending one again, and the delivery log. */
import type { EventType } from '@subkit/core';
import { EVENTS_WITH_DATA } from '../db/events.js';
import { notFound } from '../errors.js';
import type { Handlers } from '../handlers/types.js';
import { keysetPage } from '../http/pagination.js';
import { requeue } from './endpoints.js';
import { deliveryToWire, eventToWire, type AttemptRow, type DeliveryRow, type EventRow } from './rows.js';

/** `GET /v1/events`: newest first; by type or family (`invoice.*`), company, object and creation time. */
export const listEvents: Handlers['listEvents'] = async (ctx, { query }) => {
  const where = ['mode = $1'];
  const params: unknown[] = [ctx.config.mode];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (query.type?.endsWith('.*')) add((n) => `object_type = ${n}`, query.type.slice(0, -2));
  else if (query.type) add((n) => `type = ${n}`, query.type);
  if (query.companyId) add((n) => `company_id = ${n}`, query.companyId);
  if (query.objectId) add((n) => `object_id = ${n}`, query.objectId);
  if (query.createdGte) add((n) => `created_at >= ${n}`, query.createdGte);
  if (query.createdLt) add((n) => `created_at < ${n}`, query.createdLt);
  const page = await keysetPage<EventRow>(ctx.db, { table: EVENTS_WITH_DATA, column: 'created_at', where, params, limit: query.limit, cursor: query.cursor });
  return { object: 'list', data: page.rows.map(eventToWire), hasMore: page.hasMore, nextCursor: page.nextCursor };
};

/** `GET /v1/events/:eventId`. */
export const getEvent: Handlers['getEvent'] = async (ctx, { params }) => {
  const { rows } = await ctx.db.query<EventRow>(`SELECT * FROM ${EVENTS_WITH_DATA} WHERE id = $1 AND mode = $2`, [params.eventId, ctx.config.mode]);
  if (!rows[0]) throw notFound('event', 'eventId');
  return eventToWire(rows[0]);
};

/** `POST /v1/events/:eventId/redeliver`: to one endpoint, or to every enabled endpoint its type is delivered to. */
export const redeliverEvent: Handlers['redeliverEvent'] = async (ctx, { params, body }) => {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<EventRow>('SELECT * FROM events WHERE id = $1 AND mode = $2', [params.eventId, ctx.config.mode]);
    const event = rows[0];
    if (!event) throw notFound('event', 'eventId');
    if (body.endpointId) {
      const endpoint = await tx.query('SELECT id FROM webhook_endpoints WHERE id = $1 AND mode = $2 AND deleted_at IS NULL', [body.endpointId, ctx.config.mode]);
      if (endpoint.rowCount === 0) throw notFound('webhook endpoint', 'endpointId');
    }
    const queued = await requeue(
      tx,
      `SELECT $1::text AS event_id, e.id AS endpoint_id FROM webhook_endpoints e
        WHERE e.mode = $2 AND e.deleted_at IS NULL
          AND (e.id = $3 OR ($3::text IS NULL AND e.status = 'enabled' AND (e.event_types @> '["*"]' OR e.event_types @> jsonb_build_array($4::text))))`,
      [event.id, ctx.config.mode, body.endpointId ?? null, event.type],
      now,
    );
    return { object: 'redelivery', queued };
  });
};

/** `GET /v1/webhook-deliveries`: newest first, each with all its attempts. */
export const listWebhookDeliveries: Handlers['listWebhookDeliveries'] = async (ctx, { query }) => {
  const where = ['e.mode = $1'];
  const params: unknown[] = [ctx.config.mode];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (query.endpointId) add((n) => `d.endpoint_id = ${n}`, query.endpointId);
  if (query.eventId) add((n) => `d.event_id = ${n}`, query.eventId);
  if (query.status) add((n) => `d.status = ${n}`, query.status);
  const page = await keysetPage<DeliveryRow & { event_type: EventType }>(ctx.db, {
    table: `(SELECT d.*, ev.type AS event_type FROM webhook_deliveries d
               JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN events ev ON ev.id = d.event_id
              WHERE ${where.join(' AND ')}) AS deliveries`,
    column: 'created_at',
    where: [],
    params,
    limit: query.limit,
    cursor: query.cursor,
  });
  const attempts = page.rows.length
    ? await ctx.db.query<AttemptRow>('SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY number', [page.rows.map((r) => r.id)])
    : { rows: [] };
  const byDelivery = new Map<string, AttemptRow[]>();
  for (const attempt of attempts.rows) byDelivery.set(attempt.delivery_id, [...(byDelivery.get(attempt.delivery_id) ?? []), attempt]);
  return {
    object: 'list',
    data: page.rows.map((row) => deliveryToWire(row, byDelivery.get(row.id) ?? [])),
    hasMore: page.hasMore,
    nextCursor: page.nextCursor,
  };
};
