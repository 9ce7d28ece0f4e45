/**
 * The delivery worker: sends the outbox's pending deliveries to their endpoints, signed, and records
 * every attempt. At least once: a delivery is claimed (a lease) in one short transaction, sent with no
 * transaction open, and settled in another; a worker that dies between the two leaves a claim whose
 * lease runs out, and the next worker sends the delivery again (receivers deduplicate on the event id).
 * Any number of workers can run side by side: claims use `FOR UPDATE SKIP LOCKED`.
 */
import { randomBytes } from 'node:crypto';
import type { ServerConfig } from '../context.js';
import { recordEvent } from '../db/events.js';
import type { Database, Sql } from '../db/types.js';
import { engineClock } from '../engine/run/clock.js';
import { EVENTS_WITH_DATA } from '../db/events.js';
import { ENDPOINT_COLUMNS, endpointToWire, eventToWire, type DeliveryRow, type EndpointRow, type EventRow } from './rows.js';
import { DISABLE_AFTER_SECONDS, nextAttemptAt } from './schedule.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';
import { postJson, type PostResult } from './transport.js';

/** What the worker needs and how it behaves. */
export interface WebhookWorkerOptions {
  readonly db: Database;
  readonly config: ServerConfig;
  /**
   * The clock schedules and logs use. Default: the engine's (in test mode the test clock's, shared through the
   * database), so the events of a moved test clock are due at once, as they are for the billing run.
   */
  readonly clock?: () => Date;
  /** Timeout of one HTTP call (default 10 s). */
  readonly timeoutMs?: number;
  /** How long a claim holds before another worker may take the delivery over (default: the timeout + 30 s). */
  readonly leaseSeconds?: number;
  /** Deliveries claimed and sent at once (default 10). */
  readonly batchSize?: number;
  /** Pause between polls when nothing was due (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Jitter source (tests pin it). */
  readonly random?: () => number;
  /** Called with unexpected errors (database down …); the worker keeps polling. */
  readonly onError?: (err: unknown) => void;
}

/** What one pass did. */
export interface WorkerPass {
  readonly attempted: number;
  readonly delivered: number;
  readonly failed: number;
}

/** A running (or runnable) delivery worker. */
export interface WebhookWorker {
  /** Claims what is due now, sends it, records the outcomes. */
  runOnce(): Promise<WorkerPass>;
  /** Polls until `stop()`: passes back to back while there is work, else every `pollIntervalMs`. */
  start(): void;
  /** Stops polling and waits for the pass in flight. */
  stop(): Promise<void>;
}

interface Claimed {
  readonly delivery: DeliveryRow;
  readonly event: EventRow;
  readonly endpoint: EndpointRow;
}

const USER_AGENT = 'subkit-webhooks/1.0';

/** Creates the delivery worker of one deployment (one mode). */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db, config } = options;
  const clock = options.clock ?? engineClock(db, config);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseSeconds = options.leaseSeconds ?? Math.ceil(timeoutMs / 1000) + 30;
  const batchSize = options.batchSize ?? 10;
  const random = options.random ?? Math.random;

  async function claim(now: Date): Promise<Claimed[]> {
    const token = randomBytes(12).toString('hex');
    return db.transaction(async (tx) => {
      const due = await tx.query<{ id: string; claim_token: string | null; attempt_count: number; last_attempt_at: Date | null }>(
        `SELECT d.id, d.claim_token, d.attempt_count, d.last_attempt_at
           FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
            AND (d.locked_until IS NULL OR d.locked_until < clock_timestamp())
            AND e.mode = $2 AND e.status = 'enabled' AND e.deleted_at IS NULL
          ORDER BY d.next_attempt_at, d.id
          LIMIT $3
          FOR UPDATE OF d SKIP LOCKED`,
        [now, config.mode, batchSize],
      );
      if (due.rowCount === 0) return [];
      const ids = due.rows.map((r) => r.id);
      // A claim still standing means its worker died mid-delivery: the log says so, then the delivery is retried.
      for (const lost of due.rows.filter((r) => r.claim_token !== null)) {
        await tx.query(
          `INSERT INTO webhook_attempts (delivery_id, number, at, duration_ms, error_code, error_message)
           VALUES ($1, $2, $3, 0, 'worker_interrupted', 'The worker stopped before the outcome was known; the event is sent again.')
           ON CONFLICT (delivery_id, number) DO NOTHING`,
          [lost.id, lost.attempt_count, lost.last_attempt_at ?? now],
        );
      }
      const claimed = await tx.query<DeliveryRow>(
        `UPDATE webhook_deliveries
            SET claim_token = $2, locked_until = clock_timestamp() + make_interval(secs => $3),
                attempt_count = attempt_count + 1, last_attempt_at = $4
          WHERE id = ANY($1::text[])
          RETURNING *`,
        [ids, token, leaseSeconds, now],
      );
      const events = await tx.query<EventRow>(`SELECT * FROM ${EVENTS_WITH_DATA} WHERE id = ANY($1::text[])`, [claimed.rows.map((d) => d.event_id)]);
      const endpoints = await tx.query<EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = ANY($1::text[])', [
        [...new Set(claimed.rows.map((d) => d.endpoint_id))],
      ]);
      const eventById = new Map(events.rows.map((e) => [e.id, e]));
      const endpointById = new Map(endpoints.rows.map((e) => [e.id, e]));
      return claimed.rows.map((delivery) => ({ delivery, event: eventById.get(delivery.event_id)!, endpoint: endpointById.get(delivery.endpoint_id)! }));
    });
  }

  function send({ delivery, event, endpoint }: Claimed, now: Date): Promise<PostResult> {
    const body = JSON.stringify(eventToWire(event));
    const secrets = [endpoint.secret];
    if (endpoint.previous_secret && endpoint.previous_secret_expires_at && endpoint.previous_secret_expires_at.getTime() > now.getTime()) {
      secrets.push(endpoint.previous_secret);
    }
    // The signature's time is the real one: receivers check it against their own clocks.
    const signature = signWebhook(body, secrets, Math.floor(Date.now() / 1000));
    return postJson(endpoint.url, body, {
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [SIGNATURE_HEADER.toLowerCase()]: signature,
        'subkit-event-id': event.id,
        'subkit-event-type': event.type,
        'subkit-delivery-id': delivery.id,
        'subkit-delivery-attempt': String(delivery.attempt_count),
      },
      timeoutMs,
      publicOnly: config.mode === 'live',
    });
  }

  async function settle({ delivery, endpoint }: Claimed, result: PostResult, now: Date): Promise<boolean> {
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO webhook_attempts (delivery_id, number, at, duration_ms, response_status, response_excerpt, error_code, error_message)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (delivery_id, number) DO UPDATE SET duration_ms = EXCLUDED.duration_ms, response_status = EXCLUDED.response_status,
           response_excerpt = EXCLUDED.response_excerpt, error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message`,
        [
          delivery.id,
          delivery.attempt_count,
          now,
          result.durationMs,
          result.status,
          result.excerpt,
          result.error?.code ?? (ok ? null : 'http_status'),
          result.error?.message ?? (ok ? null : `The endpoint answered ${result.status}.`),
        ],
      );
      const next = ok ? null : nextAttemptAt(delivery.attempt_count, now, delivery.window_started_at, random);
      // Only the holder of the claim settles the delivery: a worker whose lease ran out meanwhile just logs.
      await tx.query(
        `UPDATE webhook_deliveries
            SET status = $3, next_attempt_at = $4, delivered_at = CASE WHEN $3 = 'delivered' THEN $5::timestamptz ELSE delivered_at END,
                claim_token = NULL, locked_until = NULL
          WHERE id = $1 AND claim_token = $2`,
        [delivery.id, delivery.claim_token, ok ? 'delivered' : next ? 'pending' : 'failed', next, now],
      );
      const updated = await tx.query<EndpointRow>(
        `UPDATE webhook_endpoints
            SET last_attempt_at = $2,
                last_success_at = CASE WHEN $3 THEN $2 ELSE last_success_at END,
                failing_since = CASE WHEN $3 THEN NULL ELSE COALESCE(failing_since, $2) END
          WHERE id = $1 RETURNING *`,
        [endpoint.id, now, ok],
      );
      const row = updated.rows[0];
      if (!ok && row?.status === 'enabled' && row.failing_since) {
        // Failing for 3 days: every attempt since `failing_since` failed, or this delivery spent its whole
        // 3-day window without the endpoint answering any delivery.
        const longFailing = now.getTime() - row.failing_since.getTime() >= DISABLE_AFTER_SECONDS * 1000;
        const gaveUpUnanswered = next === null && (!row.last_success_at || row.last_success_at < delivery.window_started_at);
        if (longFailing || gaveUpUnanswered) await disableFailingEndpoint(tx, row, now);
      }
    });
    return ok;
  }

  async function disableFailingEndpoint(tx: Sql, row: EndpointRow, now: Date): Promise<void> {
    const disabled = await tx.query<EndpointRow>(
      `UPDATE webhook_endpoints e SET status = 'disabled', disabled_reason = 'failing', updated_at = $2 WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [row.id, now],
    );
    await recordEvent(tx, { type: 'webhook_endpoint.disabled', companyId: null, mode: config.mode, object: endpointToWire(disabled.rows[0]!), at: now });
  }

  async function runOnce(): Promise<WorkerPass> {
    const now = clock();
    const claimed = await claim(now);
    const outcomes = await Promise.all(
      claimed.map(async (c) => {
        const result = await send(c, now);
        return settle(c, result, clock());
      }),
    );
    const delivered = outcomes.filter(Boolean).length;
    return { attempted: claimed.length, delivered, failed: claimed.length - delivered };
  }

  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;

  async function loop(): Promise<void> {
    while (!stopping) {
      let busy = false;
      try {
        busy = (await runOnce()).attempted > 0;
      } catch (err) {
        options.onError?.(err);
      }
      if (busy || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollIntervalMs ?? 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    runOnce,
    start() {
      if (running) return;
      stopping = false;
      running = loop().finally(() => {
        running = undefined;
      });
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
    },
  };
}
