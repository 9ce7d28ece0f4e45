import * as z from 'zod/mini';

/** Stripe's ids (`evt_…`, `pi_…`, `du_…`): letters, digits and underscores, at most 255 of them; safe in a URL path. */
export const StripeId = z.string().check(z.regex(/^[A-Za-z0-9_]{1,255}$/, 'is not a Stripe id'));

/** The last second of year 9999: what a timestamp column takes. */
const LATEST_CREATED = 253_402_300_799;

/**
 * The envelope of an event Stripe signs and sends to a webhook endpoint, as far as subkit reads it: the
 * object itself is re-read from Stripe, so of `data.object` only its id counts (a Stripe id, checked by
 * the receiver for the types it acts on). Other fields Stripe sends are dropped.
 */
export const StripeEvent = z.object({
  id: StripeId,
  /** `payment_intent.succeeded`, `v1.billing.meter.error_report_triggered`. */
  type: z.string().check(z.regex(/^[A-Za-z0-9_.]{1,255}$/, 'is not an event type')),
  livemode: z.boolean(),
  /** Unix seconds. */
  created: z.int().check(z.minimum(0, 'is not a time in Unix seconds'), z.maximum(LATEST_CREATED, 'is not a time in Unix seconds')),
  data: z.object({ object: z.object({ id: z.optional(z.unknown()) }) }),
});
export type StripeEvent = z.infer<typeof StripeEvent>;
