/**
 * Inbound Stripe webhooks at `POST /v1/stripe/webhooks`: the signature is checked on the raw body with
 * stripe-node (300 s tolerance), each event is applied once (its id is recorded in the transaction that
 * applies it), and appliers re-read the object from Stripe instead of trusting the snapshot, so events
 * arriving late, twice or out of order leave the same state.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import Stripe from 'stripe';
import type { ServerConfig } from '../../context.js';
import type { Database, Sql } from '../../db/types.js';
import { ApiError } from '../../errors.js';
import { sendError } from '../../http/respond.js';
import { stripeClient } from './client.js';

/** Where Stripe sends events (configure this URL in the Stripe Dashboard). */
export const STRIPE_WEBHOOK_PATH = '/v1/stripe/webhooks';

/** How old a signature may be, in seconds (Stripe's default, and what the issue asks). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** What applying an event did, kept with its id. */
export type EventOutcome = 'applied' | 'ignored' | 'unknown_object';

/** What an applier works with. */
export interface ApplyContext {
  readonly config: ServerConfig;
  readonly stripe: Stripe;
  /** When the event arrived (the engine's clock). */
  readonly at: Date;
}

/**
 * Applies one kind of Stripe event. `prepare` runs first, outside any transaction (re-reading objects
 * from Stripe); `apply` then writes in the transaction that also records the event id.
 */
export interface EventApplier<P = unknown> {
  prepare(event: Stripe.Event, ctx: ApplyContext): Promise<P>;
  apply(tx: Sql, prepared: P, event: Stripe.Event, ctx: ApplyContext): Promise<EventOutcome>;
}

/** The options of the webhook route. */
export interface StripeWebhookOptions {
  readonly db: Database;
  readonly config: ServerConfig;
  readonly clock?: () => Date;
  /** Appliers by event type; events of other types are recorded as `ignored`. */
  readonly appliers: Readonly<Partial<Record<string, EventApplier<any>>>>;
  readonly onError?: (err: unknown, info: { requestId: string; method: string; path: string }) => void;
}

/** The id of the object an event is about. */
function objectIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as { id?: unknown };
  return typeof object.id === 'string' ? object.id : null;
}

/** The route's handlers: a raw-body parser (before any JSON parsing) and the receiver. */
export function stripeWebhookHandlers(options: StripeWebhookOptions): RequestHandler[] {
  const { db, config } = options;
  const clock = options.clock ?? (() => new Date());

  async function receive(req: Request, res: Response): Promise<void> {
    try {
      const settings = config.stripe;
      if (config.payments !== 'stripe' || !settings) {
        throw new ApiError('not_found_error', 'route_not_found', 'Stripe webhooks are not enabled: this server does not collect payments with Stripe.');
      }
      const header = req.headers['stripe-signature'];
      if (typeof header !== 'string' || header === '') {
        throw new ApiError('invalid_request_error', 'signature_missing', 'The Stripe-Signature header is missing.');
      }
      if (!Buffer.isBuffer(req.body)) throw new ApiError('invalid_request_error', 'body_missing', 'The request has no body.');
      const stripe = stripeClient(settings);
      const event = verify(stripe, req.body, header, settings.webhookSecret);
      if (event.livemode !== (config.mode === 'live')) {
        throw new ApiError('invalid_request_error', 'livemode_mismatch', `A ${event.livemode ? 'live' : 'test'}-mode event reached a ${config.mode}-mode server.`);
      }
      const seen = await db.query<{ outcome: string }>('SELECT outcome FROM stripe_events WHERE id = $1', [event.id]);
      if (seen.rows[0]) {
        res.status(200).json({ received: true, duplicate: true, outcome: seen.rows[0].outcome });
        return;
      }
      const at = clock();
      const ctx: ApplyContext = { config, stripe, at };
      const applier = options.appliers[event.type];
      const prepared = applier ? await applier.prepare(event, ctx) : undefined;
      const outcome = await db.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO stripe_events (id, type, object_id, livemode, stripe_created, received_at, outcome)
           VALUES ($1, $2, $3, $4, to_timestamp($5), $6, 'ignored') ON CONFLICT (id) DO NOTHING RETURNING id`,
          [event.id, event.type, objectIdOf(event), event.livemode, event.created, at],
        );
        // Another delivery of the same event got here first (concurrent redelivery): nothing more to do.
        if (inserted.rowCount === 0) return null;
        const result: EventOutcome = applier ? await applier.apply(tx, prepared, event, ctx) : 'ignored';
        if (result !== 'ignored') await tx.query('UPDATE stripe_events SET outcome = $2 WHERE id = $1', [event.id, result]);
        return result;
      });
      res.status(200).json(outcome === null ? { received: true, duplicate: true } : { received: true, outcome });
    } catch (err) {
      // The router's one error path. A 5xx makes Stripe deliver the event again later; a 4xx tells it (and whoever forged it) no.
      sendError(req, res, err, options.onError);
    }
  }

  return [
    // Stripe never compresses its events: a compressed body is refused (415) without a decoder, so the first
    // bytes of a Brotli bomb cannot make the server hold a 16 MB window while the rest never comes.
    express.raw({ type: () => true, limit: '1mb', inflate: false }),
    (req, res) => {
      void receive(req, res);
    },
  ];
}

/** The event, if the signature is Stripe's for this body and at most 300 s old. */
function verify(stripe: Stripe, body: Buffer, header: string, secret: string): Stripe.Event {
  try {
    return stripe.webhooks.constructEvent(body, header, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      const stale = /tolerance/i.test(err.message);
      throw new ApiError(
        'invalid_request_error',
        stale ? 'signature_expired' : 'signature_invalid',
        stale
          ? `The Stripe-Signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds old.`
          : 'The Stripe-Signature does not match this body and the endpoint secret.',
      );
    }
    // A signature that matches but a body that is not JSON: only someone holding the secret could send it.
    throw new ApiError('invalid_request_error', 'event_invalid', 'The body is not a Stripe event.');
  }
}
