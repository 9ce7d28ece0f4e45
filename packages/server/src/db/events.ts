import { API_VERSION, type EventType, type Mode } from '@subkit/core';
import { newId } from '../ids.js';
import type { Sql } from './types.js';

/** What an event carries: the full snapshot of its object as the API renders it (`id` and `object` at least). */
export type EventSnapshot = { readonly id: string; readonly object: string } & Readonly<Record<string, unknown>>;

/** One state change to record. */
export interface EventInput {
  readonly type: EventType;
  readonly companyId: string | null;
  readonly mode: Mode;
  readonly object: EventSnapshot;
  /** The instant of the change (the engine's clock: the test clock in test mode). */
  readonly at: Date;
}

/**
 * Records a state change in the event log, the outbox of outbound webhooks. Call it in the SAME
 * transaction as the change: the event, its per-object sequence number and one pending delivery per
 * enabled endpoint subscribed to its type are written by one statement, so a committed change always
 * has its event and deliveries, and a rolled-back one has none.
 */
export async function recordEvent(sql: Sql, event: EventInput): Promise<string> {
  const id = newId('evt_');
  const objectType = event.type.slice(0, event.type.indexOf('.'));
  await sql.query(
    `WITH seq AS (
       INSERT INTO event_sequences (object_type, object_id, last) VALUES ($7, $8, 1)
       ON CONFLICT (object_type, object_id) DO UPDATE SET last = event_sequences.last + 1
       RETURNING last
     ), ev AS (
       INSERT INTO events (id, type, company_id, mode, data, created_at, api_version, object_type, object_id, sequence)
       SELECT $1, $2, $3, $4, $5, $6, $9, $7, $8, seq.last FROM seq
       RETURNING id
     )
     INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at, window_started_at, created_at)
     SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), ev.id, e.id, $6, $6, $6
       FROM ev, webhook_endpoints e
      WHERE e.mode = $4 AND e.status = 'enabled' AND e.deleted_at IS NULL
        AND (e.event_types @> '["*"]' OR e.event_types @> jsonb_build_array($2::text))`,
    [id, event.type, event.companyId, event.mode, JSON.stringify({ object: event.object }), event.at, objectType, event.object.id, API_VERSION],
  );
  return id;
}
