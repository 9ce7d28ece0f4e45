/**
 * Inbound Stripe webhooks at `POST /v1/stripe/webhooks`: the signature is checked on the raw body with
 * stripe-node (300 s tolerance), each event is applied once (its id is recorded in the transaction that
 * applies it), and appliers re-read the object from Stripe instead of trusting the snapshot, so events
 * arriving late, twice or out of order leave the same state.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import Stripe from 'stripe';
import { StripeEvent, StripeId } from '@subkit/core';
import type { ServerConfig } from '../../context.js';
import type { Database, Sql } from '../../db/types.js';
import { ApiError } from '../../errors.js';
import { checkNesting } from '../../http/body.js';
import { sendError } from '../../http/respond.js';
import { firstProblem } from '../../http/validate.js';
import { stripeClient } from './client.js';
import { apiErrorOf } from './errors.js';

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
 * from Stripe); `apply` then writes in the transaction that also records the event id; `afterCommit`, when
 * `apply` applied it, sends what `apply` recorded for Stripe (the billing run's sweep sends it if this fails).
 */
export interface EventApplier<P = unknown> {
  prepare(event: AppliedEvent, ctx: ApplyContext): Promise<P>;
  apply(tx: Sql, prepared: P, event: AppliedEvent, ctx: ApplyContext): Promise<EventOutcome>;
  /** Optional: the calls to the processor that `apply` recorded, made once it committed (never inside it). */
  afterCommit?(db: Database, prepared: P, ctx: ApplyContext): Promise<void>;
}

/** What the route reads of an event, checked (see `receivedEvent`); appliers re-read the object itself from Stripe. */
export interface ReceivedEvent {
  readonly id: string;
  readonly type: string;
  readonly livemode: boolean;
  /** Unix seconds. */
  readonly created: number;
  /** The id of the object the event is about (always there for a type with an applier). */
  readonly objectId: string | null;
}

/** An event of a type subkit acts on: its object id is known to be a Stripe id. */
export type AppliedEvent = ReceivedEvent & { readonly objectId: string };

const hasObject = (event: ReceivedEvent): event is AppliedEvent => event.objectId !== null;

/** The options of the webhook route. */
export interface StripeWebhookOptions {
  readonly db: Database;
  readonly config: ServerConfig;
  readonly clock?: () => Date;
  /** Appliers by event type; events of other types are recorded as `ignored`. */
  readonly appliers: Readonly<Partial<Record<string, EventApplier<any>>>>;
  readonly onError?: (err: unknown, info: { requestId: string; method: string; path: string }) => void;
}

const malformed = (param: string, what: string) =>
  new ApiError('invalid_request_error', 'event_invalid', `The body is not a Stripe event: ${what}`, param === '' ? {} : { param });

/**
 * The fields the route reads of a signed event, checked against the shared `StripeEvent` schema before
 * anything is written. Stripe never sends anything else, so a body that fails is a sender's bug (or a leaked
 * secret): a 400 names the field, and Stripe's retries of the same bytes get the same 400 — nothing is
 * recorded, so a corrected event can still be applied. The object id is required only of a type subkit acts
 * on (its applier fetches it by that id); for another type an odd one is recorded as none and the event
 * acknowledged, as before.
 */
export function receivedEvent(parsed: unknown, applied: (type: string) => boolean): ReceivedEvent {
  const checked = StripeEvent.safeParse(parsed);
  if (!checked.success) {
    const problem = firstProblem(checked.error, parsed);
    if (!problem || problem.param === '') throw malformed('', 'it is not a JSON object.');
    throw malformed(problem.param, problem.message);
  }
  const { id, type, livemode, created, data } = checked.data;
  const object = StripeId.safeParse(data.object.id);
  const objectId = object.success ? object.data : null;
  if (objectId === null && applied(type)) throw malformed('data.object.id', "'data.object.id' is not a Stripe id.");
  return { id, type, livemode, created, objectId };
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
      const event = receivedEvent(verify(stripe, req.body, header, settings.webhookSecret), (type) => options.appliers[type] !== undefined);
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
      const applier = hasObject(event) ? options.appliers[event.type] : undefined;
      const prepared = applier && hasObject(event) ? await applier.prepare(event, ctx).catch(refusedByStripe) : undefined;
      const outcome = await db.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO stripe_events (id, type, object_id, livemode, stripe_created, received_at, outcome)
           VALUES ($1, $2, $3, $4, to_timestamp($5), $6, 'ignored') ON CONFLICT (id) DO NOTHING RETURNING id`,
          [event.id, event.type, event.objectId, event.livemode, event.created, at],
        );
        // Another delivery of the same event got here first (concurrent redelivery): nothing more to do.
        if (inserted.rowCount === 0) return null;
        const result: EventOutcome = applier && hasObject(event) ? await applier.apply(tx, prepared, event, ctx) : 'ignored';
        if (result !== 'ignored') await tx.query('UPDATE stripe_events SET outcome = $2 WHERE id = $1', [event.id, result]);
        return result;
      });
      if (outcome === 'applied' && applier?.afterCommit) await applier.afterCommit(db, prepared, ctx);
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

/**
 * Stripe's answer when an applier re-read the event's object. An object Stripe does not know (an event for
 * another account, or made up by whoever holds the secret) is a 400; Stripe out of reach a 503, so
 * Stripe's retry comes back later; anything else is the server's 500 (logged).
 */
function refusedByStripe(err: unknown): never {
  if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing') {
    throw new ApiError('invalid_request_error', 'event_object_missing', "Stripe does not know the event's object: it is not this account's.", { param: 'data.object.id' });
  }
  throw apiErrorOf(err);
}

/**
 * The event, if the signature is Stripe's for this body and at most 300 s old. The signature is checked on
 * the bytes first (an HMAC, cheap whatever they hold); the JSON's nesting is then counted before it is
 * parsed, by the rule request bodies follow: a megabyte of `[`, signed, made JSON.parse build and the
 * collector free half a million arrays (0.14–0.22 s of CPU here, unloaded; counting them costs 0.02–0.04 s).
 */
function verify(stripe: Stripe, body: Buffer, header: string, secret: string): unknown {
  try {
    // stripe-node always sets the helper (its type allows null; constructEvent throws then too).
    stripe.webhooks.signature!.verifyHeader(body, header, secret, SIGNATURE_TOLERANCE_SECONDS);
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
    throw err;
  }
  const text = body.toString('utf8');
  checkNesting(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A signature that matches but a body that is not JSON: only someone holding the secret could send it.
    throw new ApiError('invalid_request_error', 'event_invalid', 'The body is not a Stripe event.');
  }
}
