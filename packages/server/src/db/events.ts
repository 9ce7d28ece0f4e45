import { API_VERSION, type EventType, type Mode } from '@subkit/core';
import { newId } from '../ids.js';
import { integerArray, textArray } from './arrays.js';
import { isoString } from '../iso.js';
import type { Sql } from './types.js';

/** Events per statement: each snapshot is a bind parameter, and a statement takes at most 65,535. */
const MAX_EVENTS_PER_STATEMENT = 20_000;

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
 * Records state changes in the event log, the outbox of outbound webhooks: call it in the SAME
 * transaction as the changes. One statement writes the events, numbers each object's events on from
 * its last (`sequence`, in the order given) and queues one delivery per enabled endpoint subscribed to
 * each type — so a committed change always has its events and deliveries, and a rolled-back one has
 * none. Set-based: a batch of the billing run costs one round trip.
 *
 * Events given the same snapshot object (`invoice.created` and `invoice.finalized` of one invoice) send it
 * once. With `share` (the billing run's batches) they store it once too, in `event_snapshots` (migration
 * 111), which those events name (`events.data` null); otherwise, and for a snapshot of one event, it is
 * stored in each event's row (`events.data`). Readers take either through `EVENTS_WITH_DATA`: every event
 * still carries the full object as of the event. Each snapshot travels as a
 * bind parameter of its own and is stored as sent (`events.data` is `json`, `event_snapshots.data` text:
 * parsing into `jsonb` was most of the billing run's database time; one `json` array of all snapshots was
 * read twice, to check it and to split it, and a `text[]` is escaped by the driver and unescaped by the server).
 */
export async function recordEvents(sql: Sql, events: readonly EventInput[], opts: { share?: boolean } = {}): Promise<string[]> {
  if (events.length === 0) return [];
  if (events.length > MAX_EVENTS_PER_STATEMENT) {
    const ids: string[] = [];
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_STATEMENT) ids.push(...(await recordEvents(sql, events.slice(i, i + MAX_EVENTS_PER_STATEMENT), opts)));
    return ids;
  }
  const snapshots = new Map<EventSnapshot, number>();
  // Each object's events are numbered here in the order given, the `nth` of its `n` (the statement adds
  // the object's last number): the server needs no window over the rows, which sorted every snapshot.
  const objectKey = (e: EventInput) => `${e.type.slice(0, e.type.indexOf('.'))}\u0000${e.object.id}`;
  const perObject = new Map<string, number>();
  for (const e of events) perObject.set(objectKey(e), (perObject.get(objectKey(e)) ?? 0) + 1);
  const numbered = new Map<string, number>();
  const rows = events.map((e) => {
    let snapshot = snapshots.get(e.object);
    if (snapshot === undefined) snapshots.set(e.object, (snapshot = snapshots.size + 1));
    const key = objectKey(e);
    const nth = (numbered.get(key) ?? 0) + 1;
    numbered.set(key, nth);
    return {
      id: newId('evt_'),
      type: e.type,
      company_id: e.companyId,
      mode: e.mode,
      snapshot,
      created_at: isoString(e.at),
      object_type: e.type.slice(0, e.type.indexOf('.')),
      object_id: e.object.id,
      nth,
      n: perObject.get(key)!,
    };
  });
  const uses = new Map<number, number>();
  if (opts.share) for (const r of rows) uses.set(r.snapshot, (uses.get(r.snapshot) ?? 0) + 1);
  const data = [...snapshots.keys()].map((object) => `{"object":${JSON.stringify(object)}}`);
  // One VALUES list per storage: in the event's row (json), or shared (text, numbered once: MATERIALIZED).
  const own: string[] = [];
  const shared: string[] = [];
  data.forEach((_, i) => {
    const many = (uses.get(i + 1) ?? 0) > 1;
    (many ? shared : own).push(`(${i + 1},$${i + 12}::${many ? 'text' : 'json'})`);
  });
  await sql.query(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::text[], $9::int[], $10::int[])
         AS r(id, type, company_id, mode, snapshot, created_at, object_type, object_id, nth, n)
     ), own (snapshot, data) AS (
       ${own.length ? `VALUES ${own.join(',')}` : 'SELECT 0, NULL::json WHERE false'}
     ), shared AS MATERIALIZED (
       SELECT snapshot, nextval('event_snapshots_id_seq') AS snapshot_id, data
         FROM (${shared.length ? `VALUES ${shared.join(',')}` : 'SELECT 0, NULL::text WHERE false'}) AS v (snapshot, data)
     ), stored AS (
       INSERT INTO event_snapshots (id, data) SELECT snapshot_id, data FROM shared
     ), seq AS (
       INSERT INTO event_sequences (object_type, object_id, last) SELECT object_type, object_id, n FROM input WHERE nth = 1
       ON CONFLICT (object_type, object_id) DO UPDATE SET last = event_sequences.last + EXCLUDED.last
       RETURNING object_type, object_id, last
     ), ev AS (
       INSERT INTO events (id, type, company_id, mode, data, snapshot_id, created_at, api_version, object_type, object_id, sequence)
       SELECT i.id, i.type, i.company_id, i.mode, d.data, sh.snapshot_id, i.created_at, $11, i.object_type, i.object_id, s.last - i.n + i.nth
         FROM input i JOIN seq s USING (object_type, object_id) LEFT JOIN own d USING (snapshot) LEFT JOIN shared sh USING (snapshot)
       RETURNING id, type, mode, created_at
     )
     INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at, window_started_at, created_at)
     SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), ev.id, e.id, ev.created_at, ev.created_at, ev.created_at
       FROM ev JOIN webhook_endpoints e
         ON e.mode = ev.mode AND e.status = 'enabled' AND e.deleted_at IS NULL
        AND (e.event_types @> '["*"]' OR e.event_types @> jsonb_build_array(ev.type))`,
    [
      textArray(rows.map((r) => r.id)),
      textArray(rows.map((r) => r.type)),
      textArray(rows.map((r) => r.company_id)),
      textArray(rows.map((r) => r.mode)),
      integerArray(rows.map((r) => r.snapshot)),
      textArray(rows.map((r) => r.created_at)),
      textArray(rows.map((r) => r.object_type)),
      textArray(rows.map((r) => r.object_id)),
      integerArray(rows.map((r) => r.nth)),
      integerArray(rows.map((r) => r.n)),
      API_VERSION,
      ...data,
    ],
  );
  return rows.map((r) => r.id);
}

/**
 * The events with their snapshots, wherever each is stored (see `recordEvents`): every column of an
 * `events` row, `data` always set. Use it in place of the table: `SELECT * FROM ${EVENTS_WITH_DATA} WHERE …`.
 */
export const EVENTS_WITH_DATA = `(SELECT ev.id, ev.type, ev.company_id, ev.mode, coalesce(ev.data, es.data::json) AS data, ev.created_at, ev.api_version,
    ev.object_type, ev.object_id, ev.sequence
  FROM events ev LEFT JOIN event_snapshots es ON es.id = ev.snapshot_id) events`;

/** Records one state change: `recordEvents` with one event. */
export async function recordEvent(sql: Sql, event: EventInput): Promise<string> {
  const [id] = await recordEvents(sql, [event]);
  return id!;
}

