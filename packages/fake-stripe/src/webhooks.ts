/**
 * Events and their delivery, as Stripe does it: every state change writes an event (a snapshot of the
 * object at that moment); each is POSTed as JSON to the registered endpoints with a `Stripe-Signature`
 * header made by stripe-node's own `webhooks.generateTestHeaderString`. Delivery is automatic (in order,
 * retried a few times on a non-2xx answer) or held, so a test can deliver events late, twice, out of
 * order, stale or forged.
 */
import Stripe from 'stripe';
import type { FakeState } from './state.js';
import { stripeId, unixNow } from './state.js';

const signer = new Stripe('sk_test_signer_only');

/** One delivery attempt of an event to an endpoint. */
export interface Delivery {
  readonly eventId: string;
  readonly type: string;
  readonly url: string;
  readonly status: number | null;
  readonly error: string | null;
}

/** How to sign one delivery differently (stale, forged) in a test. */
export interface DeliverOptions {
  /** The signature's timestamp (seconds); default now. */
  timestamp?: number;
  /** Sign with another secret (a forged delivery). */
  secret?: string;
  /** Change the body after signing (a tampered delivery). */
  tamper?: (body: string) => string;
}

/** The event log and the webhook endpoints of the fake account. */
export class Webhooks {
  readonly deliveries: Delivery[] = [];
  #endpoints: { url: string; secret: string }[] = [];
  #held = false;
  #queue: Promise<void> = Promise.resolve();
  #pending = 0;

  constructor(
    private readonly state: FakeState,
    private readonly defaultSecret: string,
  ) {}

  /** Registers an endpoint that receives every event from now on. */
  addEndpoint(url: string, secret = this.defaultSecret): void {
    this.#endpoints.push({ url, secret });
  }

  /** Removes every endpoint. */
  clearEndpoints(): void {
    this.#endpoints = [];
  }

  /** Stops automatic delivery: events are only recorded until `release()` or `deliver()`. */
  hold(): void {
    this.#held = true;
  }

  /** Resumes automatic delivery (already recorded events are not sent; deliver them explicitly). */
  release(): void {
    this.#held = false;
  }

  /** Records an event for `object` and, unless held, queues its delivery. */
  emit(type: string, object: { id: string; object: string }, request: { id: string; idempotencyKey: string | null } | null, previous?: Record<string, unknown>): Stripe.Event {
    const event = {
      id: stripeId('evt_'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: unixNow(),
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: this.state.livemode,
      pending_webhooks: this.#endpoints.length,
      request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
    } as unknown as Stripe.Event;
    this.state.events.push(event);
    if (!this.#held) {
      for (const endpoint of this.#endpoints) this.#enqueue(() => this.#send(event, endpoint, {}, 3));
    }
    return event;
  }

  /** The recorded events of a type (newest last). */
  eventsOf(type: string): Stripe.Event[] {
    return this.state.events.filter((e) => e.type === type);
  }

  /** Sends one recorded event to every endpoint now (signed as `options` say) and returns each answer's status. */
  async deliver(eventOrId: string | Stripe.Event, options: DeliverOptions = {}): Promise<number[]> {
    const event = typeof eventOrId === 'string' ? this.state.events.find((e) => e.id === eventOrId) : eventOrId;
    if (!event) throw new Error(`fake Stripe: no event ${String(eventOrId)}`);
    const statuses: number[] = [];
    for (const endpoint of this.#endpoints) statuses.push(await this.#send(event, endpoint, options, 1));
    return statuses;
  }

  /** Resolves once every queued automatic delivery has been attempted. */
  async settled(): Promise<void> {
    while (this.#pending > 0) await this.#queue;
  }

  #enqueue(task: () => Promise<unknown>): void {
    this.#pending++;
    this.#queue = this.#queue
      .then(async () => void (await task()))
      .catch(() => undefined)
      .finally(() => {
        this.#pending--;
      });
  }

  async #send(event: Stripe.Event, endpoint: { url: string; secret: string }, options: DeliverOptions, attempts: number): Promise<number> {
    const payload = JSON.stringify(event, null, 2);
    const header = signer.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? endpoint.secret,
      timestamp: options.timestamp ?? unixNow(),
    });
    const body = options.tamper ? options.tamper(payload) : payload;
    let status = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(endpoint.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
          body,
        });
        status = res.status;
        await res.arrayBuffer();
        this.deliveries.push({ eventId: event.id, type: event.type, url: endpoint.url, status, error: null });
        if (status >= 200 && status < 300) return status;
      } catch (err) {
        this.deliveries.push({ eventId: event.id, type: event.type, url: endpoint.url, status: null, error: (err as Error).message });
      }
      if (attempt < attempts) await new Promise((r) => setTimeout(r, 50 * attempt));
    }
    return status;
  }
}
