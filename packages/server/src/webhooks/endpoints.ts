/** `/v1/webhook-endpoints`: the merchant's endpoints, their secrets, and replaying events to one of them. */
import { isIP } from 'node:net';
import type { RequestContext } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError, invalidRequest, notFound } from '../errors.js';
import type { Handlers } from '../handlers/types.js';
import { keysetPage } from '../http/pagination.js';
import { newId, randomBase62 } from '../ids.js';
import { ENDPOINT_COLUMNS, endpointToWire, type EndpointRow } from './rows.js';
import { isNonPublicAddress } from './transport.js';

/** Endpoints one mode may have (Stripe's limit too). */
export const MAX_ENDPOINTS = 16;
const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

const newSecret = () => `whsec_${randomBase62(32)}`;

/** Live mode takes only https URLs on public hosts; the delivery checks the resolved address again. */
function checkUrl(ctx: RequestContext, url: string): void {
  if (ctx.config.mode !== 'live') return;
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (target.protocol !== 'https:') throw invalidRequest('url_not_https', 'Live-mode webhook endpoints must use https.', 'url');
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isNonPublicAddress(host))) {
    throw invalidRequest('url_not_public', 'Live-mode webhook endpoints must be on a public address.', 'url');
  }
}

/** Filters as stored: `['*']` for every type, else the distinct types given. */
function filters(events: readonly string[] | undefined): string[] {
  if (!events || events.includes('*')) return ['*'];
  return [...new Set(events)];
}

async function loadEndpoint(sql: Sql, ctx: RequestContext, id: string, lock = false): Promise<EndpointRow> {
  const { rows } = await sql.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.id = $1 AND e.mode = $2 AND e.deleted_at IS NULL${lock ? ' FOR UPDATE' : ''}`,
    [id, ctx.config.mode],
  );
  const row = rows[0];
  if (!row) throw notFound('webhook endpoint', 'endpointId');
  return row;
}

/** `POST /v1/webhook-endpoints`: the answer carries the signing secret, once. */
export const createWebhookEndpoint: Handlers['createWebhookEndpoint'] = async (ctx, { body }) => {
  checkUrl(ctx, body.url);
  const now = ctx.now();
  const secret = newSecret();
  return ctx.db.transaction(async (tx) => {
    // Serialises creations, so two concurrent ones cannot both pass the limit.
    await tx.query('SELECT pg_advisory_xact_lock(727140)');
    const count = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_endpoints WHERE mode = $1 AND deleted_at IS NULL', [ctx.config.mode]);
    if ((count.rows[0]?.n ?? 0) >= MAX_ENDPOINTS) {
      throw new ApiError('invalid_request_error', 'endpoint_limit_reached', `A ${ctx.config.mode}-mode account can have ${MAX_ENDPOINTS} webhook endpoints.`);
    }
    const { rows } = await tx.query<EndpointRow>(
      `INSERT INTO webhook_endpoints (id, mode, url, description, event_types, secret, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *, 0 AS pending`,
      [newId('we_'), ctx.config.mode, body.url, body.description ?? null, JSON.stringify(filters(body.events)), secret, now],
    );
    return endpointToWire(rows[0]!, secret);
  });
};

/** `GET /v1/webhook-endpoints`. */
export const listWebhookEndpoints: Handlers['listWebhookEndpoints'] = async (ctx, { query }) => {
  const page = await keysetPage<EndpointRow>(ctx.db, {
    table: `(SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.deleted_at IS NULL AND e.mode = $1) AS endpoints`,
    column: 'created_at',
    where: [],
    params: [ctx.config.mode],
    limit: query.limit,
    cursor: query.cursor,
  });
  return { object: 'list', data: page.rows.map((row) => endpointToWire(row)), hasMore: page.hasMore, nextCursor: page.nextCursor };
};

/** `GET /v1/webhook-endpoints/:endpointId`. */
export const getWebhookEndpoint: Handlers['getWebhookEndpoint'] = async (ctx, { params }) =>
  endpointToWire(await loadEndpoint(ctx.db, ctx, params.endpointId));

/** `PATCH /v1/webhook-endpoints/:endpointId`: turning it on again clears its failure record. */
export const updateWebhookEndpoint: Handlers['updateWebhookEndpoint'] = async (ctx, { params, body }) => {
  if (body.url !== undefined) checkUrl(ctx, body.url);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, ctx, params.endpointId, true);
    const enabled = body.enabled ?? row.status === 'enabled';
    const turnedOn = enabled && row.status === 'disabled';
    const { rows } = await tx.query<EndpointRow>(
      `UPDATE webhook_endpoints e
          SET url = $2, description = $3, event_types = $4, status = $5, disabled_reason = $6, updated_at = $7,
              failing_since = CASE WHEN $8 THEN NULL ELSE failing_since END
        WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [
        row.id,
        body.url ?? row.url,
        body.description === undefined ? row.description : body.description,
        JSON.stringify(body.events ? filters(body.events) : row.event_types),
        enabled ? 'enabled' : 'disabled',
        enabled ? null : body.enabled === false ? 'merchant' : row.disabled_reason,
        now,
        turnedOn,
      ],
    );
    return endpointToWire(rows[0]!);
  });
};

/** `DELETE /v1/webhook-endpoints/:endpointId`: it receives nothing more; its delivery log stays readable. */
export const deleteWebhookEndpoint: Handlers['deleteWebhookEndpoint'] = async (ctx, { params }) => {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, ctx, params.endpointId, true);
    await tx.query('UPDATE webhook_endpoints SET deleted_at = $2, updated_at = $2 WHERE id = $1', [row.id, now]);
    return { id: row.id, object: 'webhook_endpoint', deleted: true as const };
  });
};

/** `POST /v1/webhook-endpoints/:endpointId/rotate-secret`: both secrets sign until the overlap ends. */
export const rotateWebhookEndpointSecret: Handlers['rotateWebhookEndpointSecret'] = async (ctx, { params, body }) => {
  const now = ctx.now();
  const secret = newSecret();
  const overlap = body.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
  return ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, ctx, params.endpointId, true);
    const { rows } = await tx.query<EndpointRow>(
      `UPDATE webhook_endpoints e
          SET secret = $2, previous_secret = CASE WHEN $4 > 0 THEN secret END,
              previous_secret_expires_at = CASE WHEN $4 > 0 THEN $3::timestamptz + make_interval(secs => $4) END, updated_at = $3
        WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [row.id, secret, now, overlap],
    );
    return endpointToWire(rows[0]!, secret);
  });
};

/**
 * `POST /v1/webhook-endpoints/:endpointId/redeliver`: every event since `since` (before `until` when given) that the endpoint's
 * filter takes is queued again — also events it never received (it was disabled, or not yet created).
 */
export const redeliverToWebhookEndpoint: Handlers['redeliverToWebhookEndpoint'] = async (ctx, { params, body }) => {
  const now = ctx.now();
  if (body.until !== undefined && Date.parse(body.until) <= Date.parse(body.since)) {
    throw invalidRequest('invalid_range', "'until' must be after 'since'.", 'until');
  }
  return ctx.db.transaction(async (tx) => {
    const row = await loadEndpoint(tx, ctx, params.endpointId, true);
    const queued = await requeue(
      tx,
      `SELECT ev.id AS event_id, $1::text AS endpoint_id FROM events ev
        WHERE ev.mode = $2 AND ev.created_at >= $3 AND ($4::timestamptz IS NULL OR ev.created_at < $4)
          AND ($5::jsonb @> '["*"]' OR $5::jsonb @> jsonb_build_array(ev.type))`,
      [row.id, ctx.config.mode, body.since, body.until ?? null, JSON.stringify(row.event_types)],
      now,
    );
    return { object: 'redelivery', queued };
  });
};

/**
 * Queues the (event, endpoint) pairs `pairs` selects: a new delivery for a pair without one, and a
 * delivery already made, given up or pending is due again now with a fresh 3-day retry window.
 */
export async function requeue(tx: Sql, pairs: string, params: readonly unknown[], now: Date): Promise<number> {
  const at = `$${params.length + 1}`;
  const { rowCount } = await tx.query(
    `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at, window_started_at, created_at)
     SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), p.event_id, p.endpoint_id, ${at}, ${at}, ${at} FROM (${pairs}) p
     ON CONFLICT (event_id, endpoint_id) DO UPDATE
       SET status = 'pending', next_attempt_at = EXCLUDED.next_attempt_at, window_started_at = EXCLUDED.window_started_at, delivered_at = NULL,
           -- A send in flight still logs its attempt, but no longer settles the delivery: the new one does.
           claim_token = NULL, locked_until = NULL`,
    [...params, now],
  );
  return rowCount;
}
