/** Outbound webhook health for the merchant's console: pending work, the last day's outcomes, each endpoint. */
import type { Mode, WebhookHealth } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { ENDPOINT_COLUMNS, type EndpointRow } from '../webhooks/rows.js';

const DAY_MS = 24 * 3600 * 1000;

/** The health of the mode's webhook endpoints as of `at`. */
export async function webhookHealth(sql: Sql, mode: Mode, at: Date): Promise<WebhookHealth> {
  const since = new Date(at.getTime() - DAY_MS);
  const endpoints = await sql.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.mode = $1 AND e.deleted_at IS NULL ORDER BY e.created_at, e.id`,
    [mode],
  );
  const counts = await sql.query<{ delivered: number; failed: number }>(
    `SELECT
       (SELECT count(*)::int FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE e.mode = $1 AND d.delivered_at > $2 AND d.delivered_at <= $3) AS delivered,
       (SELECT count(*)::int FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE e.mode = $1 AND a.at > $2 AND a.at <= $3 AND (a.response_status IS NULL OR a.response_status NOT BETWEEN 200 AND 299)) AS failed`,
    [mode, since, at],
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    pending: endpoints.rows.reduce((sum, e) => sum + (e.pending ?? 0), 0),
    deliveredLastDay: counts.rows[0]?.delivered ?? 0,
    failedAttemptsLastDay: counts.rows[0]?.failed ?? 0,
    endpoints: endpoints.rows.map((e) => ({
      id: e.id,
      url: e.url,
      status: e.status,
      disabledReason: e.disabled_reason,
      pending: e.pending ?? 0,
      lastSuccessAt: iso(e.last_success_at),
      failingSince: iso(e.failing_since),
    })),
  };
}
